//! HTTP client for the target: bounded requests, byte caps, and a transcript entry per exchange.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::tls::TlsMaterial;
use super::transcript::{ms, redact_header, render_body};
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
    pub(crate) tls: TlsMaterial,
}

impl HttpClient {
    /// Builds the client; a bad CA or client-cert file is a `TransportError::Harness` naming the file.
    pub fn new(opts: &ClientOptions) -> Result<Self, TransportError> {
        let tls = TlsMaterial::load(opts)?;
        let mut b = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .no_gzip()
            .no_brotli()
            .no_deflate()
            .no_zstd()
            .connect_timeout(opts.request_timeout)
            .user_agent(concat!("harp-conformance/", env!("CARGO_PKG_VERSION")));
        if let (Some(pem), Some(path)) = (&tls.ca_pem, &opts.ca_bundle) {
            let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
                TransportError::Harness(format!(
                    "the CA bundle {} is not usable: {e}",
                    path.display()
                ))
            })?;
            b = b.tls_certs_only(certs);
        }
        if let Some(id) = &tls.identity_pem {
            let identity = reqwest::Identity::from_pem(id).map_err(|e| {
                TransportError::Harness(format!(
                    "the client certificate/key pair is not usable: {e}"
                ))
            })?;
            b = b.identity(identity);
        }
        let inner = b.build().map_err(|e| {
            TransportError::Harness(format!("cannot build the HTTP client: {}", chain(&e)))
        })?;
        Ok(Self {
            inner,
            opts: opts.clone(),
            tls,
        })
    }

    pub fn options(&self) -> &ClientOptions {
        &self.opts
    }

    /// The TLS material loaded from the options (shared with the WebSocket connector).
    pub fn tls(&self) -> &TlsMaterial {
        &self.tls
    }

    /// Sends one request, bounded as a whole by its timeout, body capped at `max_body_bytes`, and
    /// appends a transcript entry (request line, redacted headers, truncated bodies, status, ms).
    pub async fn send(
        &self,
        req: HttpRequest,
        transcript: &Transcript,
    ) -> Result<HttpResponse, TransportError> {
        let mut text = render_request(&req);
        let started = Instant::now();
        let result = self.exchange(&req, started).await;
        match &result {
            Ok(resp) => text.push_str(&render_response(resp)),
            Err(e) => text.push_str(&format!(
                "\n--\nerror after {} ms: {e}",
                ms(started.elapsed())
            )),
        }
        transcript.push("http", text);
        result
    }

    /// Performs the exchange without recording it; the whole of it is bounded by the timeout.
    async fn exchange(
        &self,
        req: &HttpRequest,
        started: Instant,
    ) -> Result<HttpResponse, TransportError> {
        let timeout = req.timeout.unwrap_or(self.opts.request_timeout);
        let request = self.build(req)?;
        let resp = tokio::time::timeout(timeout, self.head_and_body(request, started))
            .await
            .map_err(|_| TransportError::Timeout {
                what: format!("{} {}", req.method, req.url),
                after_ms: ms(timeout),
            })?;
        resp.map_err(|e| map_error(e, req, timeout))
    }

    /// Sends the request and returns the response head with the still-unread body.
    pub(crate) async fn execute_head(
        &self,
        req: &HttpRequest,
    ) -> Result<reqwest::Response, TransportError> {
        let timeout = req.timeout.unwrap_or(self.opts.request_timeout);
        let request = self.build(req)?;
        match tokio::time::timeout(timeout, self.inner.execute(request)).await {
            Err(_) => Err(TransportError::Timeout {
                what: format!("{} {}", req.method, req.url),
                after_ms: ms(timeout),
            }),
            Ok(r) => r.map_err(|e| map_error(ReadError::Reqwest(e), req, timeout)),
        }
    }

    fn build(&self, req: &HttpRequest) -> Result<reqwest::Request, TransportError> {
        let method = reqwest::Method::from_bytes(req.method.as_bytes()).map_err(|_| {
            TransportError::Harness(format!("invalid HTTP method {:?}", req.method))
        })?;
        let url = reqwest::Url::parse(&req.url)
            .map_err(|e| TransportError::Harness(format!("invalid URL {:?}: {e}", req.url)))?;
        let mut headers = reqwest::header::HeaderMap::new();
        for (n, v) in &req.headers {
            let name = reqwest::header::HeaderName::from_bytes(n.as_bytes())
                .map_err(|_| TransportError::Harness(format!("invalid header name {n:?}")))?;
            let value = reqwest::header::HeaderValue::from_bytes(v.as_bytes())
                .map_err(|_| TransportError::Harness(format!("invalid value for header {n}")))?;
            headers.append(name, value);
        }
        let mut builder = self.inner.request(method, url).headers(headers);
        if let Some(body) = &req.body {
            builder = if req.chunked {
                builder.body(chunked_body(body))
            } else {
                builder.body(body.clone())
            };
        }
        builder
            .build()
            .map_err(|e| TransportError::Harness(format!("cannot build the request: {e}")))
    }

    async fn head_and_body(
        &self,
        request: reqwest::Request,
        started: Instant,
    ) -> Result<HttpResponse, ReadError> {
        let resp = self.inner.execute(request).await?;
        let status = resp.status().as_u16();
        let headers = header_pairs(resp.headers());
        let body = read_capped(resp, self.opts.max_body_bytes).await?;
        Ok(HttpResponse {
            status,
            headers,
            body,
            elapsed: started.elapsed(),
        })
    }
}

/// Why reading a response failed before the overall timeout.
#[derive(Debug)]
pub(crate) enum ReadError {
    Reqwest(reqwest::Error),
    TooLarge(usize),
}

impl From<reqwest::Error> for ReadError {
    fn from(e: reqwest::Error) -> Self {
        ReadError::Reqwest(e)
    }
}

/// Reads a body chunk by chunk, failing as soon as it passes `cap` bytes.
pub(crate) async fn read_capped(
    mut resp: reqwest::Response,
    cap: usize,
) -> Result<Vec<u8>, ReadError> {
    if resp.content_length().is_some_and(|n| n > cap as u64) {
        return Err(ReadError::TooLarge(cap));
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await? {
        if body.len() + chunk.len() > cap {
            return Err(ReadError::TooLarge(cap));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

pub(crate) fn map_error(e: ReadError, req: &HttpRequest, timeout: Duration) -> TransportError {
    match e {
        ReadError::TooLarge(limit) => TransportError::TooLarge { limit },
        ReadError::Reqwest(e) if e.is_timeout() => TransportError::Timeout {
            what: format!("{} {}", req.method, req.url),
            after_ms: ms(timeout),
        },
        ReadError::Reqwest(e) if e.is_connect() => TransportError::Connect {
            url: req.url.clone(),
            reason: chain(&e),
        },
        ReadError::Reqwest(e) => {
            TransportError::Protocol(format!("{} {}: {}", req.method, req.url, chain(&e)))
        }
    }
}

/// The error and its sources on one line ("error sending request: connection refused").
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(c) = src {
        let t = c.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        src = c.source();
    }
    s
}

/// Splits a body into (up to) three chunks sent with `Transfer-Encoding: chunked`.
fn chunked_body(body: &[u8]) -> reqwest::Body {
    let size = body.len().div_ceil(3).max(1);
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = body
        .chunks(size)
        .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
        .collect();
    reqwest::Body::wrap_stream(futures::stream::iter(chunks))
}

/// Response headers as lowercase (name, value) pairs; non-UTF-8 values are rendered lossily.
pub(crate) fn header_pairs(h: &reqwest::header::HeaderMap) -> Vec<(String, String)> {
    h.iter()
        .map(|(n, v)| {
            (
                n.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// Request line, redacted headers and the (truncated) body, for the transcript.
pub(crate) fn render_request(req: &HttpRequest) -> String {
    let mut s = format!("{} {}", req.method, req.url);
    for (n, v) in &req.headers {
        s.push_str(&format!("\n{n}: {}", redact_header(n, v)));
    }
    if req.chunked {
        s.push_str("\ntransfer-encoding: chunked");
    }
    if let Some(b) = &req.body {
        s.push_str("\n\n");
        s.push_str(&render_body(b));
    }
    s
}

/// Status line, redacted headers, the (truncated) body and the elapsed time, for the transcript.
pub(crate) fn render_response(resp: &HttpResponse) -> String {
    let mut s = format!("\n--\nHTTP {} ({} ms)", resp.status, ms(resp.elapsed));
    for (n, v) in &resp.headers {
        s.push_str(&format!("\n{n}: {}", redact_header(n, v)));
    }
    if !resp.body.is_empty() {
        s.push_str("\n\n");
        s.push_str(&render_body(&resp.body));
    }
    s
}
