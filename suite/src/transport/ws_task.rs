//! The task that owns one WebSocket: reads every frame into the mailbox and performs queued sends.

use std::sync::Arc;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use tokio::sync::{Notify, mpsc, oneshot};
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::transcript::render_body;
use super::ws_gate::{GateState, GatedTcp};
use super::{Mailbox, Transcript, WsFrame};

pub(crate) type Socket = WebSocketStream<MaybeTlsStream<GatedTcp>>;

/// Work queued for the socket task by the `WsConnection` methods.
#[derive(Debug)]
pub(crate) enum Command {
    /// Messages to send in order (one data message may be several frames), with transcript lines.
    Send(Vec<(Message, String)>, oneshot::Sender<Result<(), String>>),
    /// Send a close frame and stop.
    Close(oneshot::Sender<()>),
}

/// Everything the task needs besides the socket.
pub(crate) struct TaskParts {
    pub cmds: mpsc::UnboundedReceiver<Command>,
    pub frames: Mailbox<WsFrame>,
    pub gate: Arc<GateState>,
    pub released: Arc<Notify>,
    pub transcript: Transcript,
    pub io_timeout: Duration,
}

/// Runs until the socket ends, the suite closes it, or every handle is dropped.
pub(crate) async fn run(mut ws: Socket, mut p: TaskParts) {
    let mut peer_close: Option<String> = None;
    loop {
        tokio::select! {
            msg = ws.next() => match msg {
                None => {
                    p.frames.end(peer_close.unwrap_or_else(|| "the connection was closed".into()));
                    return;
                }
                Some(Ok(m)) => {
                    if let Some(frame) = to_frame(m) {
                        if let WsFrame::Close(c) = &frame {
                            peer_close = Some(describe_close(c));
                        }
                        let mut text = render_frame(&frame);
                        if matches!(frame, WsFrame::Ping(_)) && !p.gate.is_held() {
                            text.push_str(" (answered with a pong automatically)");
                        }
                        p.transcript.push("ws-recv", text);
                        p.frames.push(frame);
                    }
                }
                Some(Err(e)) => {
                    let reason = match peer_close {
                        Some(c) => c,
                        None => describe_error(&e),
                    };
                    p.transcript.push("note", format!("WebSocket ended: {reason}"));
                    p.frames.end(reason);
                    return;
                }
            },
            cmd = p.cmds.recv(), if !p.gate.is_held() => match cmd {
                None => {
                    let _ = tokio::time::timeout(p.io_timeout, ws.close(None)).await;
                    p.frames.end("closed by the suite");
                    return;
                }
                Some(Command::Send(msgs, ack)) => {
                    let r = send_all(&mut ws, msgs, &p).await;
                    let _ = ack.send(r);
                }
                Some(Command::Close(ack)) => {
                    p.transcript.push("ws-send", "close".into());
                    let _ = tokio::time::timeout(p.io_timeout, ws.close(None)).await;
                    p.frames.end("closed by the suite");
                    let _ = ack.send(());
                    return;
                }
            },
            _ = p.released.notified() => {
                // Auto-pong switched back on: push out anything held (e.g. a queued pong).
                let _ = tokio::time::timeout(p.io_timeout, ws.flush()).await;
            }
        }
    }
}

async fn send_all(
    ws: &mut Socket,
    msgs: Vec<(Message, String)>,
    p: &TaskParts,
) -> Result<(), String> {
    let n = msgs.len();
    for (i, (m, text)) in msgs.into_iter().enumerate() {
        let r = if i + 1 == n {
            tokio::time::timeout(p.io_timeout, ws.send(m)).await
        } else {
            tokio::time::timeout(p.io_timeout, ws.feed(m)).await
        };
        match r {
            Err(_) => {
                return Err(format!(
                    "the frame could not be written within {} ms",
                    p.io_timeout.as_millis()
                ));
            }
            Ok(Err(e)) => return Err(describe_error(&e)),
            Ok(Ok(())) => p.transcript.push("ws-send", text),
        }
    }
    Ok(())
}

fn to_frame(m: Message) -> Option<WsFrame> {
    Some(match m {
        Message::Text(t) => WsFrame::Text(t.as_str().to_string()),
        Message::Binary(b) => WsFrame::Binary(b.to_vec()),
        Message::Ping(b) => WsFrame::Ping(b.to_vec()),
        Message::Pong(b) => WsFrame::Pong(b.to_vec()),
        Message::Close(c) => {
            WsFrame::Close(c.map(|c| (u16::from(c.code), c.reason.as_str().to_string())))
        }
        Message::Frame(_) => return None,
    })
}

fn describe_close(c: &Option<(u16, String)>) -> String {
    match c {
        Some((code, reason)) if reason.is_empty() => format!("closed by the target (code {code})"),
        Some((code, reason)) => format!("closed by the target (code {code}: {reason})"),
        None => "closed by the target (no close code)".into(),
    }
}

/// A frame as one transcript line (bodies truncated, binary as a length).
pub(crate) fn render_frame(f: &WsFrame) -> String {
    match f {
        WsFrame::Text(t) => format!("text: {}", render_body(t.as_bytes())),
        WsFrame::Binary(b) => format!("binary: {} bytes", b.len()),
        WsFrame::Ping(b) => format!("ping: {}", render_body(b)),
        WsFrame::Pong(b) => format!("pong: {}", render_body(b)),
        WsFrame::Close(c) => match c {
            Some((code, reason)) => format!("close: {code} {reason}"),
            None => "close".into(),
        },
    }
}

/// Why the socket failed, phrased as the target's behaviour where it is.
pub(crate) fn describe_error(e: &tungstenite::Error) -> String {
    use tungstenite::error::{CapacityError, Error};
    match e {
        Error::ConnectionClosed | Error::AlreadyClosed => "the connection was closed".into(),
        Error::Capacity(CapacityError::MessageTooLong { size, max_size }) => {
            format!("the target sent a message of {size} bytes, over the {max_size} byte limit")
        }
        Error::Capacity(c) => format!("the target exceeded a limit: {c}"),
        Error::Protocol(p) => format!("WebSocket protocol violation: {p}"),
        Error::Utf8(s) => format!("the target sent a text frame that is not UTF-8: {s}"),
        Error::Io(io) => format!("connection error: {io}"),
        other => format!("WebSocket error: {other}"),
    }
}
