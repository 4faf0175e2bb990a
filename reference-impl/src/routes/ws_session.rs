//! One WebSocket session: replays the unacked backlog, then relays pushed envelopes, answers
//! client frames (same validation and effects as REST), pings, and closes idle peers.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use tokio::time::Instant;

use super::{acks, artifacts, decisions, ws_hello};
use crate::auth::Caller;
use crate::delivery::presence::{self, PresenceGuard, Transport};
use crate::delivery::push;
use crate::envelope::inbound::{self, ACK_SUBMIT, ARTIFACT_SUBMIT, DECISION_SUBMIT};
use crate::envelope::outbound;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::state::AppState;

/// A peer that does not take a frame within this time is dropped.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

const CLOSE_GOING_AWAY: u16 = 1001;
const CLOSE_PROTOCOL_ERROR: u16 = 1002;
const CLOSE_INVALID_DATA: u16 = 1007;
const CLOSE_TOO_BIG: u16 = 1009;

pub async fn run(state: AppState, caller: Caller, mut socket: WebSocket) {
    // Register first, then replay the backlog: duplicates (same msgId) are possible, losses not.
    let (handle, mut rx) = state.registry.register(caller.role, &caller.id);
    let presence = presence::attach(&state, &caller, Transport::WebSocket, Some(handle.sender()));
    match push::backlog(&state, &caller).await {
        Ok(backlog) => {
            for out in backlog {
                if !send(&mut socket, frame(&state, &out.data)).await {
                    return;
                }
            }
        }
        Err(e) => tracing::warn!(error = %e, "cannot load websocket backlog"),
    }
    let settings = &state.settings;
    let mut ping = tokio::time::interval_at(Instant::now() + settings.ws_ping, settings.ws_ping);
    let mut last_seen = Instant::now();
    let shutdown = state.shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let idle_deadline = last_seen + settings.ws_idle;
        let keep_going = tokio::select! {
            incoming = socket.recv() => match incoming {
                None | Some(Ok(Message::Close(_))) => false,
                Some(Err(e)) => {
                    let code = close_code_for(&e.to_string());
                    tracing::debug!(error = %e, code, "websocket read error");
                    close(&mut socket, code, "frame refused").await;
                    false
                }
                Some(Ok(msg)) => {
                    last_seen = Instant::now();
                    if let Some(p) = &presence {
                        p.touch();
                    }
                    match reply_to(&state, &caller, presence.as_ref(), msg).await {
                        Some(text) => send(&mut socket, Message::Text(text.into())).await,
                        None => true,
                    }
                }
            },
            out = rx.recv() => match out {
                Some(out) => send(&mut socket, frame(&state, &out.data)).await,
                None => false,
            },
            _ = ping.tick() => send(&mut socket, Message::Ping(Default::default())).await,
            _ = tokio::time::sleep_until(idle_deadline) => {
                close(&mut socket, CLOSE_GOING_AWAY, "idle timeout").await;
                false
            }
            _ = &mut shutdown => {
                close(&mut socket, CLOSE_GOING_AWAY, "gateway shutting down").await;
                false
            }
        };
        if !keep_going {
            break;
        }
    }
}

/// The reply frame for one client frame, if any (control frames get none).
async fn reply_to(
    state: &AppState,
    caller: &Caller,
    presence: Option<&PresenceGuard>,
    msg: Message,
) -> Option<String> {
    let result = match msg {
        Message::Text(text) => {
            let bytes = text.as_str().as_bytes();
            if let Some(answer) = ws_hello::intercept(state, presence, bytes) {
                return answer;
            }
            dispatch(state, caller, bytes).await
        }
        Message::Binary(_) => Err(ApiError::validation(
            "binary frames are not accepted; send one JSON envelope per text frame",
        )),
        Message::Ping(_) | Message::Pong(_) | Message::Close(_) => return None,
    };
    Some(match result {
        Ok(envelope) => envelope,
        Err(_) if state.faults.on(Fault::WsBadFrameIgnored) => return None,
        Err(e) => outbound::error(&state.settings.gateway_id, &e),
    })
}

async fn dispatch(state: &AppState, caller: &Caller, bytes: &[u8]) -> Result<String, ApiError> {
    let reply = match inbound::peek_msg_type(bytes)?.as_str() {
        ARTIFACT_SUBMIT => artifacts::submit(state, caller, bytes).await?,
        DECISION_SUBMIT => decisions::submit(state, caller, bytes).await?,
        ACK_SUBMIT => acks::submit(state, caller, bytes).await?,
        other => {
            return Err(ApiError::validation(format!(
                "msgType `{other}` is not accepted here; send artifact.submit, decision.submit or ack.submit"
            )));
        }
    };
    Ok(reply.envelope)
}

/// The text frame carrying one pushed envelope (a one-element array under `ws-batched-frames`).
fn frame(state: &AppState, envelope: &str) -> Message {
    if state.faults.on(Fault::WsBatchedFrames) {
        Message::Text(format!("[{envelope}]").into())
    } else {
        Message::Text(envelope.into())
    }
}

/// Maps a read error to a close code (tungstenite's error texts, pinned crate versions).
fn close_code_for(error: &str) -> u16 {
    if error.contains("Space limit exceeded") || error.contains("too long") {
        CLOSE_TOO_BIG
    } else if error.contains("UTF-8") {
        CLOSE_INVALID_DATA
    } else {
        CLOSE_PROTOCOL_ERROR
    }
}

async fn send(socket: &mut WebSocket, msg: Message) -> bool {
    matches!(
        tokio::time::timeout(SEND_TIMEOUT, socket.send(msg)).await,
        Ok(Ok(()))
    )
}

async fn close(socket: &mut WebSocket, code: u16, reason: &str) {
    let frame = CloseFrame {
        code,
        reason: reason.into(),
    };
    send(socket, Message::Close(Some(frame))).await;
}
