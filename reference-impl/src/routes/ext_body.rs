//! Bodies of the ext endpoints: optional JSON bodies (withdraw, refresh: none, empty or an object)
//! and required bare-JSON objects (pairing), with the same limits and error codes as elsewhere.

use std::time::Duration;

use axum::body::Body;
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::body;
use crate::error::{ApiError, ErrorCode};

/// A client that takes longer than this to send its body is refused.
const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Reads an optional body: `None` when empty (or only whitespace), else a JSON object (the
/// media-type check applies only when there is a body).
pub async fn optional_object(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Option<Map<String, Value>>, ApiError> {
    let bytes = tokio::time::timeout(BODY_READ_TIMEOUT, axum::body::to_bytes(body, limit))
        .await
        .map_err(|_| ApiError::validation("request body was not received in time"))?
        .map_err(|_| {
            ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!("request body exceeds the limit of {limit} bytes"),
            )
        })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    body::check_media_type(headers)?;
    parse_object(&bytes).map(Some)
}

/// Reads a required bare-JSON object body (media type checked first, then the size limit).
pub async fn required_object(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Map<String, Value>, ApiError> {
    let bytes = body::intake(headers, body, limit).await?;
    parse_object(&bytes)
}

fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::validation("the body must be one JSON object")),
        Err(e) => Err(ApiError::new(
            ErrorCode::InvalidJson,
            format!("the body is not JSON: {e}"),
        )),
    }
}

/// An optional string member; wrong types are a 400 naming the member.
pub fn opt_string(map: &Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::validation(format!("`{key}` must be a string"))),
    }
}

/// A required non-empty string member.
pub fn req_string(map: &Map<String, Value>, key: &str) -> Result<String, ApiError> {
    match opt_string(map, key)? {
        Some(s) if !s.is_empty() => Ok(s),
        Some(_) => Err(ApiError::validation(format!("`{key}` must not be empty"))),
        None => Err(ApiError::validation(format!("`{key}` is required"))),
    }
}

/// A bare-JSON success reply, labelled `application/json` (BND §2 exceptions).
pub fn bare_json(value: &Value) -> Response {
    (
        [(CONTENT_TYPE, "application/json")],
        serde_json::to_string(value).unwrap_or_else(|_| "null".into()),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn json_headers() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        h
    }

    #[tokio::test]
    async fn optional_bodies() {
        let none = optional_object(&HeaderMap::new(), Body::empty(), 10).await;
        assert!(matches!(none, Ok(None)));
        let empty = optional_object(&json_headers(), Body::from("{}"), 10).await;
        assert!(matches!(empty, Ok(Some(m)) if m.is_empty()));
        let bad = optional_object(&json_headers(), Body::from("[1]"), 10).await;
        assert_eq!(bad.expect_err("array").code, ErrorCode::ValidationError);
        let garbage = optional_object(&json_headers(), Body::from("{"), 10).await;
        assert_eq!(garbage.expect_err("not json").code, ErrorCode::InvalidJson);
        let big = optional_object(&json_headers(), Body::from(vec![b'x'; 11]), 10).await;
        assert_eq!(big.expect_err("too big").code, ErrorCode::PayloadTooLarge);
    }

    #[test]
    fn string_members() {
        let m = serde_json::json!({"a": "x", "b": 1, "c": ""});
        let m = m.as_object().expect("object");
        assert_eq!(req_string(m, "a").ok(), Some("x".into()));
        assert!(req_string(m, "b").is_err());
        assert!(req_string(m, "c").is_err());
        assert!(req_string(m, "d").is_err());
        assert_eq!(opt_string(m, "d").ok(), Some(None));
    }
}
