//! Stream clients for tests: a minimal SSE reader and WebSocket helpers, all with deadlines.

use std::pin::Pin;
use std::time::Duration;

use futures::{SinkExt, Stream, StreamExt};
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{Message, http};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

use super::harness::Gateway;

/// How long tests wait for something that should arrive.
pub const ARRIVE: Duration = Duration::from_secs(5);
/// How long tests watch for something that must NOT arrive.
pub const QUIET: Duration = Duration::from_millis(600);

type ByteStream = Pin<Box<dyn Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

/// One SSE event.
#[derive(Debug, Clone)]
pub struct SseEvent {
    pub event: String,
    pub data: String,
}

impl SseEvent {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.data).expect("SSE data is JSON")
    }
}

/// An open SSE stream.
pub struct Sse {
    pub status: u16,
    pub content_type: String,
    stream: ByteStream,
    buf: String,
}

impl Sse {
    pub async fn open(gw: &Gateway, path: &str, cred: &str) -> Sse {
        let res = reqwest::Client::new()
            .get(gw.url(path))
            .bearer_auth(cred)
            .send()
            .await
            .expect("sse connect");
        Sse {
            status: res.status().as_u16(),
            content_type: res
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned(),
            stream: Box::pin(res.bytes_stream()),
            buf: String::new(),
        }
    }

    /// The next event of any kind (pings included), or `None` after `within`.
    pub async fn next_any(&mut self, within: Duration) -> Option<SseEvent> {
        tokio::time::timeout(within, self.read_event())
            .await
            .ok()
            .flatten()
    }

    /// The next non-ping event, or `None` after `within`.
    pub async fn next(&mut self, within: Duration) -> Option<SseEvent> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let e = self.next_any(left).await?;
            if e.event != "ping" {
                return Some(e);
            }
        }
    }

    async fn read_event(&mut self) -> Option<SseEvent> {
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut event = SseEvent {
                    event: "message".into(),
                    data: String::new(),
                };
                let mut data_lines = Vec::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event.event = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data_lines.push(v.strip_prefix(' ').unwrap_or(v).to_owned());
                    }
                }
                if block.lines().all(|l| l.starts_with(':')) {
                    continue;
                }
                event.data = data_lines.join("\n");
                return Some(event);
            }
            let chunk = self.stream.next().await?.ok()?;
            self.buf.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Opens `GET /v1/ws?role=..&id=..` with a bearer credential.
pub async fn ws_connect(gw: &Gateway, role: &str, id: &str, cred: &str) -> Ws {
    ws_try(gw, &format!("/v1/ws?role={role}&id={id}"), cred)
        .await
        .expect("websocket handshake")
}

/// Attempts a handshake; `Err(status)` when refused with an HTTP status.
pub async fn ws_try(gw: &Gateway, path_and_query: &str, cred: &str) -> Result<Ws, u16> {
    let mut req = format!("{}{path_and_query}", gw.ws_base)
        .into_client_request()
        .expect("ws request");
    req.headers_mut().insert(
        http::header::AUTHORIZATION,
        format!("Bearer {cred}").parse().expect("header"),
    );
    match connect_async(req).await {
        Ok((ws, _)) => Ok(ws),
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => Err(res.status().as_u16()),
        Err(e) => panic!("unexpected websocket error: {e}"),
    }
}

pub async fn ws_send(ws: &mut Ws, value: &Value) {
    ws.send(Message::Text(value.to_string().into()))
        .await
        .expect("ws send");
}

/// The next JSON text frame (control frames skipped), or `None` after `within` or on close.
pub async fn ws_next(ws: &mut Ws, within: Duration) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match tokio::time::timeout(left, ws.next()).await.ok()?? {
            Ok(Message::Text(t)) => {
                return Some(serde_json::from_str(t.as_str()).expect("ws JSON"));
            }
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

/// The next frame of any kind, or `None` after `within`.
pub async fn ws_next_raw(ws: &mut Ws, within: Duration) -> Option<Result<Message, String>> {
    tokio::time::timeout(within, ws.next())
        .await
        .ok()?
        .map(|r| r.map_err(|e| e.to_string()))
}
