//! Request-body intake: media type (415) and bounded reading (413 for Content-Length and chunked
//! bodies alike, never buffering more than the limit; a moderately oversize body is read to its end
//! and discarded first, so that a client still uploading can read the 413).

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::HeaderMap;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use futures::StreamExt;

use crate::error::{ApiError, ErrorCode};
use crate::faults::{Fault, Faults};

/// A client that takes longer than this to send its body is refused.
const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Oversize bodies up to this many bytes are read and discarded before the 413 is sent. hyper closes
/// a connection whose request body was left unread, and a client that is still uploading then sees a
/// reset instead of the answer (TLS makes it likely). Larger bodies are refused without reading.
const DRAIN_MAX: u64 = 32 * 1024 * 1024;

/// Accepts `application/harp+json` and `application/json` (parameters ignored), else 415.
pub fn check_media_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let media = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    match media.as_deref() {
        Some("application/harp+json" | "application/json") => Ok(()),
        Some(other) => Err(unsupported(&format!(
            "Content-Type `{other}` is not accepted"
        ))),
        None => Err(unsupported("Content-Type is missing")),
    }
}

fn unsupported(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::UnsupportedMediaType,
        format!("{what}; send application/harp+json"),
    )
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!("request body exceeds the limit of {limit} bytes"),
    )
}

/// Checks the media type, then reads at most `limit` bytes of the body.
pub async fn intake(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, ApiError> {
    intake_with(headers, body, limit, Faults::NONE).await
}

/// [`intake`] under the active faults (mutation testing).
pub async fn intake_with(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    faults: Faults,
) -> Result<Bytes, ApiError> {
    if !faults.on(Fault::MediaTypeUnchecked) {
        check_media_type(headers)?;
    }
    let limit = if faults.on(Fault::NoSizeLimit) {
        usize::MAX
    } else {
        limit
    };
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(n) = declared.filter(|n| *n > limit as u64) {
        if n <= DRAIN_MAX {
            let drained = drain(body.into_data_stream(), 0);
            let _ = tokio::time::timeout(BODY_READ_TIMEOUT, drained).await;
        }
        return Err(too_large(limit));
    }
    if declared.is_none() && faults.on(Fault::ChunkedRefused) {
        return Err(ApiError::validation("Content-Length is required"));
    }
    tokio::time::timeout(BODY_READ_TIMEOUT, read_limited(body, limit))
        .await
        .map_err(|_| ApiError::validation("request body was not received in time"))?
}

async fn read_limited(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    let mut stream = body.into_data_stream();
    let mut buf = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::validation(format!("cannot read request body: {e}")))?;
        if buf.len() + chunk.len() > limit {
            drain(stream, (buf.len() + chunk.len()) as u64).await;
            return Err(too_large(limit));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(buf))
}

/// Reads and discards the rest of a body until its end, an error, or [`DRAIN_MAX`] bytes in all.
async fn drain(mut stream: axum::body::BodyDataStream, mut seen: u64) {
    while seen <= DRAIN_MAX {
        match stream.next().await {
            Some(Ok(chunk)) => seen += chunk.len() as u64,
            _ => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_type(t: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, HeaderValue::from_str(t).expect("header"));
        h
    }

    #[test]
    fn media_types() {
        assert!(check_media_type(&with_type("application/harp+json")).is_ok());
        assert!(check_media_type(&with_type("Application/JSON; charset=utf-8")).is_ok());
        assert!(check_media_type(&with_type("text/plain")).is_err());
        assert!(check_media_type(&HeaderMap::new()).is_err());
    }

    #[tokio::test]
    async fn chunked_over_limit_is_413() {
        let h = with_type("application/json");
        let err = intake(&h, Body::from(vec![b' '; 11]), 10)
            .await
            .expect_err("too big");
        assert_eq!(err.code, ErrorCode::PayloadTooLarge);
        let ok = intake(&h, Body::from(vec![b' '; 10]), 10)
            .await
            .expect("fits");
        assert_eq!(ok.len(), 10);
    }
}
