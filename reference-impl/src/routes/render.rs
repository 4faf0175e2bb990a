//! Response plumbing: `application/harp+json` replies, the error-envelope renderer (every 4xx/5xx
//! outside `/v1/control` leaves as an `error` envelope), the 404 fallback and the framing guard.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::envelope::outbound;
use crate::error::{ApiError, ErrorCode};
use crate::faults::Fault;
use crate::state::AppState;

pub const HARP_JSON: &str = "application/harp+json";

/// A successful envelope reply.
pub struct Reply {
    pub status: StatusCode,
    pub envelope: String,
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        harp(self.status, self.envelope)
    }
}

/// A response with an envelope body labelled `application/harp+json`.
pub fn harp(status: StatusCode, envelope: String) -> Response {
    (status, [(CONTENT_TYPE, HARP_JSON)], envelope).into_response()
}

/// Fallback for unknown routes.
pub async fn not_found(req: Request) -> ApiError {
    ApiError::not_found(format!(
        "no route for {} {}",
        req.method(),
        req.uri().path()
    ))
}

/// Outermost middleware: renders [`ApiError`]s (carried in response extensions) as `error`
/// envelopes with this gateway's id, and converts any other bare 4xx/5xx (405 from the router,
/// extractor rejections) likewise, keeping headers such as `Allow`. `/v1/control/*` keeps the
/// Harbor conventions (bare JSON, bare 405).
pub async fn render_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let control = req.uri().path().starts_with("/v1/control/");
    let pairing = req.uri().path().starts_with("/v1/pairing/");
    let mut res = next.run(req).await;
    if res.status() == StatusCode::METHOD_NOT_ALLOWED && state.faults.on(Fault::WrongMethod404) {
        *res.status_mut() = StatusCode::NOT_FOUND;
        res.headers_mut().remove(ALLOW);
    }
    let mut err = match res.extensions_mut().remove::<ApiError>() {
        Some(err) => err,
        None if control => return res,
        None => {
            let status = res.status();
            let is_harp = res
                .headers()
                .get(CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(HARP_JSON.as_bytes()));
            if !(status.is_client_error() || status.is_server_error()) || is_harp {
                return res;
            }
            let code = ErrorCode::for_status(status);
            ApiError::new(code, default_message(status))
        }
    };
    if err.code == ErrorCode::InvalidJson && state.faults.on(Fault::MalformedJson500) {
        err = ApiError::internal("cannot deserialize the request body");
        *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    }
    if err.code == ErrorCode::ValidationError && state.faults.on(Fault::ValidationError422) {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    if state.faults.on(Fault::ErrorRequestIdMissing) {
        err.request_id = None;
    }
    if err.code == ErrorCode::NotFound && state.faults.on(Fault::NotFound403) {
        *res.status_mut() = StatusCode::FORBIDDEN;
    }
    let invalid = err.code == ErrorCode::ValidationError;
    if pairing && invalid && state.faults.on(Fault::PairingValidation422) {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    if err.code == ErrorCode::Forbidden && state.faults.on(Fault::Authorization401) {
        *res.status_mut() = StatusCode::UNAUTHORIZED;
    }
    if res.status() == StatusCode::CONFLICT && state.faults.on(Fault::ConflictCodeValidation) {
        err.code = ErrorCode::ValidationError;
    }
    if err.code == ErrorCode::InternalError {
        tracing::warn!(message = %err.message, "internal error answered");
    }
    let status = res.status();
    let (mut parts, _) = res.into_parts();
    parts
        .headers
        .insert(CONTENT_TYPE, HeaderValue::from_static(HARP_JSON));
    parts.headers.remove(CONTENT_LENGTH);
    parts.status = if status.is_client_error() || status.is_server_error() {
        status
    } else {
        err.status()
    };
    let body =
        if err.code == ErrorCode::PayloadTooLarge && state.faults.on(Fault::TooLargeNotEnvelope) {
            parts
                .headers
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            serde_json::json!({ "status": 413, "detail": err.message }).to_string()
        } else if state.faults.on(Fault::ErrorNotEnvelope) {
            serde_json::json!({ "error": err.message }).to_string()
        } else {
            outbound::error(&state.settings.gateway_id, &err)
        };
    Response::from_parts(parts, Body::from(body))
}

/// The router fallback: [`not_found`], unless `unknown-route-200` is active.
pub async fn fallback(State(state): State<AppState>, req: Request) -> Response {
    if state.faults.on(Fault::UnknownRoute200) {
        return harp(StatusCode::OK, "{}".to_owned());
    }
    not_found(req).await.into_response()
}

fn default_message(status: StatusCode) -> String {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            "method not allowed on this route; see the Allow header".into()
        }
        s => s
            .canonical_reason()
            .unwrap_or("request refused")
            .to_ascii_lowercase(),
    }
}
