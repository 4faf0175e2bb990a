//! WebSocket client: connect with headers and TLS options, send frames, and a reader that fills a mailbox.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::net::TcpStream;
use tokio::sync::{Notify, mpsc, oneshot};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data as OpData, OpCode};
use tokio_tungstenite::tungstenite::{self, Message};

use super::http::{HttpRequest, chain, render_request, render_response};
use super::transcript::{ms, render_body};
use super::ws_gate::{GateState, GatedTcp};
use super::ws_task::{Command, TaskParts, describe_error, render_frame};
use super::{HttpClient, HttpResponse, Mailbox, Transcript, TransportError};

/// Frames kept per connection; more ends the mailbox.
pub const WS_MAILBOX_CAP: usize = 10_000;

/// A frame received from (or, in transcripts, sent to) the target.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum WsFrame {
    Text(String),
    Binary(Vec<u8>),
    Ping(Vec<u8>),
    Pong(Vec<u8>),
    /// Close code and reason, if the peer sent them.
    Close(Option<(u16, String)>),
}

/// An open WebSocket. Received frames (pings and pongs included) go to `frames`; the mailbox ends
/// when the socket closes or errors (reason recorded). Pongs to the target's pings are sent
/// automatically unless `auto_pong` was switched off.
///
/// While auto-pong is off, nothing at all is written to the target (writes are held below TLS, so
/// the pong tungstenite queues never leaves); the suite's own sends fail fast in that state.
#[derive(Debug)]
pub struct WsConnection {
    pub frames: Mailbox<WsFrame>,
    pub(crate) _private: (),
    cmds: mpsc::UnboundedSender<Command>,
    gate: Arc<GateState>,
    released: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
    io_timeout: Duration,
}

impl WsConnection {
    /// Opens `url` (ws:// or wss://, TLS per the client's options) with extra headers. Bounded by
    /// `connect_timeout`. A refused upgrade (non-101) is `Ok(Err(response))` with status and body,
    /// so callers can judge it. Frames are capped by `max_message_bytes`.
    pub async fn connect(
        client: &HttpClient,
        url: &str,
        headers: Vec<(String, String)>,
        connect_timeout: Duration,
        max_message_bytes: usize,
        transcript: &Transcript,
    ) -> Result<Result<WsConnection, super::HttpResponse>, TransportError> {
        let mut text = render_request(&HttpRequest {
            method: "GET".into(),
            url: url.to_string(),
            headers: headers.clone(),
            ..HttpRequest::default()
        });
        text.push_str("\n(WebSocket upgrade)");
        let started = Instant::now();
        let result = open(client, url, headers, connect_timeout, max_message_bytes).await;
        match &result {
            Ok(Ok((_, resp))) | Ok(Err(resp)) => {
                let mut resp = resp.clone();
                resp.elapsed = started.elapsed();
                text.push_str(&render_response(&resp));
            }
            Err(e) => text.push_str(&format!(
                "\n--\nerror after {} ms: {e}",
                ms(started.elapsed())
            )),
        }
        transcript.push("http", text);
        let (ws, gate) = match result? {
            Err(resp) => return Ok(Err(resp)),
            Ok(((ws, gate), _)) => (ws, gate),
        };
        let frames = Mailbox::new(WS_MAILBOX_CAP);
        let (tx, rx) = mpsc::unbounded_channel();
        let released = Arc::new(Notify::new());
        let io_timeout = client.options().request_timeout;
        let task = tokio::spawn(super::ws_task::run(
            ws,
            TaskParts {
                cmds: rx,
                frames: frames.clone(),
                gate: gate.clone(),
                released: released.clone(),
                transcript: transcript.clone(),
                io_timeout,
            },
        ));
        Ok(Ok(WsConnection {
            frames,
            _private: (),
            cmds: tx,
            gate,
            released,
            task,
            io_timeout,
        }))
    }

    /// Sends one text frame (recorded in the transcript as "ws-send").
    pub async fn send_text(&self, text: &str) -> Result<(), TransportError> {
        let line = render_frame(&WsFrame::Text(text.to_string()));
        self.submit(vec![(Message::Text(text.into()), line)]).await
    }

    /// Sends one text frame whose payload is exactly `bytes`, valid UTF-8 or not (NEG-20).
    pub async fn send_text_bytes(&self, bytes: Vec<u8>) -> Result<(), TransportError> {
        let line = format!("text (raw bytes): {}", render_body(&bytes));
        let frame = Frame::message(bytes::Bytes::from(bytes), OpCode::Data(OpData::Text), true);
        self.submit(vec![(Message::Frame(frame), line)]).await
    }

    /// Sends one binary frame.
    pub async fn send_binary(&self, bytes: Vec<u8>) -> Result<(), TransportError> {
        let line = format!("binary: {} bytes", bytes.len());
        self.submit(vec![(Message::Binary(bytes.into()), line)])
            .await
    }

    /// Sends one text message split into `parts` fragments (a Text frame + continuation frames).
    pub async fn send_fragmented_text(
        &self,
        text: &str,
        parts: usize,
    ) -> Result<(), TransportError> {
        let bytes = text.as_bytes();
        let parts = parts.clamp(1, bytes.len().max(1));
        if parts == 1 {
            return self.send_text(text).await;
        }
        let size = bytes.len().div_ceil(parts);
        let chunks: Vec<&[u8]> = bytes.chunks(size).collect();
        let n = chunks.len();
        let msgs = chunks
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let opcode = if i == 0 {
                    OpCode::Data(OpData::Text)
                } else {
                    OpCode::Data(OpData::Continue)
                };
                let fin = i + 1 == n;
                let frame = Frame::message(bytes::Bytes::copy_from_slice(c), opcode, fin);
                let line = format!(
                    "text fragment {}/{n} (fin={fin}): {}",
                    i + 1,
                    render_body(c)
                );
                (Message::Frame(frame), line)
            })
            .collect();
        self.submit(msgs).await
    }

    /// Sends a ping control frame with this payload.
    pub async fn send_ping(&self, payload: Vec<u8>) -> Result<(), TransportError> {
        let line = render_frame(&WsFrame::Ping(payload.clone()));
        self.submit(vec![(Message::Ping(payload.into()), line)])
            .await
    }

    /// Stops answering the target's pings (to test idle timeouts).
    ///
    /// Off holds every write to the target (reading goes on, so pings and the target's close are
    /// still recorded); on releases the writes again, flushing anything held.
    pub fn set_auto_pong(&self, on: bool) {
        self.gate.set_held(!on);
        if on {
            self.released.notify_one();
        }
    }

    /// Sends a close frame and stops the reader; idempotent.
    pub async fn close(&self) {
        if self.task.is_finished() {
            self.frames.end("closed by the suite");
            return;
        }
        self.gate.set_held(false);
        let (ack, done) = oneshot::channel();
        if self.cmds.send(Command::Close(ack)).is_ok() {
            let _ = tokio::time::timeout(self.io_timeout, done).await;
        }
        self.task.abort();
        self.frames.end("closed by the suite");
    }

    /// True once the socket is closed (by either side).
    pub fn is_closed(&self) -> bool {
        self.frames.ended().is_some()
    }

    async fn submit(&self, msgs: Vec<(Message, String)>) -> Result<(), TransportError> {
        if let Some(reason) = self.frames.ended() {
            return Err(TransportError::Closed(reason));
        }
        if self.gate.is_held() {
            return Err(TransportError::Harness(
                "cannot send while auto-pong is off (all writes are held); switch it on first"
                    .into(),
            ));
        }
        let (ack, done) = oneshot::channel();
        self.cmds
            .send(Command::Send(msgs, ack))
            .map_err(|_| TransportError::Closed(self.end_reason()))?;
        match tokio::time::timeout(self.io_timeout + Duration::from_millis(100), done).await {
            Err(_) => Err(TransportError::Timeout {
                what: "WebSocket send".into(),
                after_ms: ms(self.io_timeout),
            }),
            Ok(Err(_)) => Err(TransportError::Closed(self.end_reason())),
            Ok(Ok(Err(reason))) => Err(TransportError::Closed(reason)),
            Ok(Ok(Ok(()))) => Ok(()),
        }
    }

    fn end_reason(&self) -> String {
        self.frames
            .ended()
            .unwrap_or_else(|| "the socket task stopped".into())
    }
}

impl Drop for WsConnection {
    fn drop(&mut self) {
        self.task.abort();
    }
}

type Opened = ((super::ws_task::Socket, Arc<GateState>), HttpResponse);

/// TCP connect, TLS and the upgrade handshake, all within `timeout`.
async fn open(
    client: &HttpClient,
    url: &str,
    headers: Vec<(String, String)>,
    timeout: Duration,
    max_message_bytes: usize,
) -> Result<Result<Opened, HttpResponse>, TransportError> {
    let mut request = url
        .into_client_request()
        .map_err(|e| TransportError::Harness(format!("invalid WebSocket URL {url:?}: {e}")))?;
    for (n, v) in &headers {
        let name = http::HeaderName::from_bytes(n.as_bytes())
            .map_err(|_| TransportError::Harness(format!("invalid header name {n:?}")))?;
        let value = http::HeaderValue::from_bytes(v.as_bytes())
            .map_err(|_| TransportError::Harness(format!("invalid value for header {n}")))?;
        if request.headers().contains_key(&name) {
            request.headers_mut().insert(name, value);
        } else {
            request.headers_mut().append(name, value);
        }
    }
    let host = request
        .uri()
        .host()
        .unwrap_or("")
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let port = request
        .uri()
        .port_u16()
        .unwrap_or(if request.uri().scheme_str() == Some("wss") {
            443
        } else {
            80
        });
    let connector = client
        .tls()
        .rustls_config()?
        .map(tokio_tungstenite::Connector::Rustls);
    let config = (max_message_bytes > 0).then(|| {
        WebSocketConfig::default()
            .max_message_size(Some(max_message_bytes))
            .max_frame_size(Some(max_message_bytes))
    });
    let gate = Arc::new(GateState::default());
    let started = Instant::now();
    let work = async {
        let tcp = TcpStream::connect((host.as_str(), port))
            .await
            .map_err(|e| TransportError::Connect {
                url: url.to_string(),
                reason: chain(&e),
            })?;
        let _ = tcp.set_nodelay(true);
        let stream = GatedTcp {
            inner: tcp,
            gate: gate.clone(),
        };
        match tokio_tungstenite::client_async_tls_with_config(request, stream, config, connector)
            .await
        {
            Ok((ws, resp)) => Ok(Ok((ws, to_response(resp.map(|_| None), started)))),
            Err(tungstenite::Error::Http(resp)) => Ok(Err(to_response(*resp, started))),
            Err(e) => Err(handshake_error(e, url)),
        }
    };
    match tokio::time::timeout(timeout, work).await {
        Err(_) => Err(TransportError::Timeout {
            what: format!("WebSocket connect to {url}"),
            after_ms: ms(timeout),
        }),
        Ok(Err(e)) => Err(e),
        Ok(Ok(Err(resp))) => Ok(Err(resp)),
        Ok(Ok(Ok((ws, resp)))) => Ok(Ok(((ws, gate), resp))),
    }
}

fn to_response(resp: http::Response<Option<Vec<u8>>>, started: Instant) -> HttpResponse {
    HttpResponse {
        status: resp.status().as_u16(),
        headers: resp
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: resp.into_body().unwrap_or_default(),
        elapsed: started.elapsed(),
    }
}

fn handshake_error(e: tungstenite::Error, url: &str) -> TransportError {
    use tungstenite::Error;
    match e {
        Error::Io(io) => TransportError::Connect {
            url: url.to_string(),
            reason: chain(&io),
        },
        Error::Tls(t) => TransportError::Connect {
            url: url.to_string(),
            reason: format!("TLS: {}", chain(&t)),
        },
        Error::Url(u) => TransportError::Harness(format!("invalid WebSocket URL {url:?}: {u}")),
        other => TransportError::Protocol(format!(
            "WebSocket handshake with {url} failed: {}",
            describe_error(&other)
        )),
    }
}
