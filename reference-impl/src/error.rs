//! Stable error codes and the API error type (rendered as an `error` envelope by `routes::render`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// The stable `body.code` strings of error envelopes, each bound to one HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    InvalidJson,
    ValidationError,
    InvalidParameter,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    AlreadyExistsConflict,
    AlreadyDecidedConflict,
    StateConflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    ArtifactExpired,
    NoApproverAvailable,
    HashMismatch,
    InternalError,
    Unavailable,
}

impl ErrorCode {
    /// The wire string, e.g. `AlreadyExistsConflict`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "InvalidJson",
            Self::ValidationError => "ValidationError",
            Self::InvalidParameter => "InvalidParameter",
            Self::Unauthorized => "Unauthorized",
            Self::Forbidden => "Forbidden",
            Self::NotFound => "NotFound",
            Self::MethodNotAllowed => "MethodNotAllowed",
            Self::AlreadyExistsConflict => "AlreadyExistsConflict",
            Self::AlreadyDecidedConflict => "AlreadyDecidedConflict",
            Self::StateConflict => "StateConflict",
            Self::PayloadTooLarge => "PayloadTooLarge",
            Self::UnsupportedMediaType => "UnsupportedMediaType",
            Self::ArtifactExpired => "ArtifactExpired",
            Self::NoApproverAvailable => "NoApproverAvailable",
            Self::HashMismatch => "HashMismatch",
            Self::InternalError => "InternalError",
            Self::Unavailable => "Unavailable",
        }
    }

    /// The HTTP status this code is always sent with.
    pub fn status(self) -> StatusCode {
        match self {
            Self::InvalidJson | Self::ValidationError | Self::InvalidParameter => {
                StatusCode::BAD_REQUEST
            }
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::AlreadyExistsConflict | Self::AlreadyDecidedConflict | Self::StateConflict => {
                StatusCode::CONFLICT
            }
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::ArtifactExpired | Self::NoApproverAvailable | Self::HashMismatch => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::InternalError => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The code used when a status reaches the client without a specific error (safety net).
    pub fn for_status(status: StatusCode) -> Self {
        match status.as_u16() {
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            405 => Self::MethodNotAllowed,
            409 => Self::StateConflict,
            413 => Self::PayloadTooLarge,
            415 => Self::UnsupportedMediaType,
            503 => Self::Unavailable,
            s if s >= 500 => Self::InternalError,
            _ => Self::ValidationError,
        }
    }
}

/// An error answered to a client: a code, a human message and the exchange it concerns, if known.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{}: {message}", code.as_str())]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub request_id: Option<String>,
    pub details: Option<Box<Value>>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            request_id: None,
            details: None,
        }
    }

    /// Marks the error as concerning the known exchange `request_id`.
    pub fn for_request(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ValidationError, message)
    }

    pub fn parameter(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidParameter, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InternalError, message)
    }

    pub fn status(&self) -> StatusCode {
        self.code.status()
    }
}

/// The status is set here; the envelope body is rendered by the `render` middleware, which knows
/// the gateway id. The error travels in the response extensions.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = self.status().into_response();
        res.extensions_mut().insert(self);
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_their_status() {
        assert_eq!(ErrorCode::AlreadyExistsConflict.status().as_u16(), 409);
        assert_eq!(ErrorCode::HashMismatch.status().as_u16(), 422);
        assert_eq!(ErrorCode::InvalidJson.status().as_u16(), 400);
        assert_eq!(
            ErrorCode::for_status(StatusCode::IM_A_TEAPOT),
            ErrorCode::ValidationError
        );
    }
}
