//! HTTP client for the target: bounded requests, byte caps, and a transcript entry per exchange.
//! CONTRACT STUB: signatures are fixed; bodies are implemented by the transport owner.

use std::path::PathBuf;
use std::time::Duration;

use super::{Transcript, TransportError};

/// TLS and limits for every connection the suite makes (HTTP, SSE and WS share them).
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// PEM bundle of CAs to trust instead of the platform roots (`tls.ca_bundle`).
    pub ca_bundle: Option<PathBuf>,
    /// PEM client certificate + PKCS#8 key for mTLS (`tls.client_cert`, `tls.client_key`).
    pub client_cert: Option<PathBuf>,
    pub client_key: Option<PathBuf>,
    /// Bound on connect + request + whole body, for ordinary requests.
    pub request_timeout: Duration,
    /// Responses larger than this are cut off and reported as `TransportError::TooLarge`.
    pub max_body_bytes: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            ca_bundle: None,
            client_cert: None,
            client_key: None,
            request_timeout: Duration::from_secs(10),
            max_body_bytes: 8 * 1024 * 1024,
        }
    }
}

/// A request as the suite wants it on the wire. `body` bytes are sent verbatim.
#[derive(Debug, Clone, Default)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    /// Send the body with `Transfer-Encoding: chunked` (no Content-Length), in a few chunks.
    pub chunked: bool,
    /// Overrides `ClientOptions::request_timeout` (e.g. long-poll waits).
    pub timeout: Option<Duration>,
}

/// A response as received. Header names are lowercase.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub elapsed: Duration,
}

impl HttpResponse {
    /// First header with this (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, or a message that quotes the start of the body.
    pub fn json(&self) -> Result<serde_json::Value, String> {
        serde_json::from_slice(&self.body).map_err(|e| {
            format!(
                "response body is not JSON ({e}): {}",
                super::transcript::render_body(&self.body[..self.body.len().min(200)])
            )
        })
    }

    /// The media type of Content-Type, lowercased, parameters stripped ("application/harp+json").
    pub fn media_type(&self) -> Option<String> {
        self.header("content-type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }
}

/// Cloneable HTTP client (reqwest underneath) that records every exchange into a transcript.
#[derive(Debug, Clone)]
pub struct HttpClient {
    pub(crate) inner: reqwest::Client,
    pub(crate) opts: ClientOptions,
}

impl HttpClient {
    /// Builds the client; a bad CA or client-cert file is a `TransportError::Harness` naming the file.
    pub fn new(opts: &ClientOptions) -> Result<Self, TransportError> {
        let _ = opts;
        unimplemented!("transport owner implements")
    }

    pub fn options(&self) -> &ClientOptions {
        &self.opts
    }

    /// Sends one request, bounded as a whole by its timeout, body capped at `max_body_bytes`, and
    /// appends a transcript entry (request line, redacted headers, truncated bodies, status, ms).
    pub async fn send(
        &self,
        req: HttpRequest,
        transcript: &Transcript,
    ) -> Result<HttpResponse, TransportError> {
        let _ = (req, transcript);
        unimplemented!("transport owner implements")
    }
}
