//! Channel bookkeeping of a World beyond open/receive: enforcer channel reservations (the
//! most-recent-channel rule needs them, since concurrent scenarios share identities), frame marks,
//! reconnects, WS sends, and the msgId of received messages.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::{OwnedRwLockReadGuard, OwnedRwLockWriteGuard, RwLock};

use super::context::Actor;
use super::state::{Channel, Fail, HarpWorld, StepResult};
use crate::transport::WsFrame;

/// Per-scenario state of the channel and lifecycle steps.
#[derive(Default)]
pub struct ChannelState {
    /// Write locks on enforcer channels held by this scenario, by reservation key.
    reserved: HashMap<String, OwnedRwLockWriteGuard<()>>,
    /// Submitted decision envelopes by alias (for TR-INT-01 comparisons).
    pub decisions: HashMap<String, Value>,
    /// Frames already received on a channel when the last frame was sent on it.
    pub marks: HashMap<String, usize>,
    /// The last acknowledgement body sent by REST (for repeats).
    pub last_ack: Option<(Actor, Vec<u8>)>,
    /// Statuses of the last burst of concurrent submissions.
    pub burst: Vec<u16>,
    /// Artifact frames sent over a websocket, by alias (for byte-identical resends).
    pub ws_sent: HashMap<String, String>,
    /// Inbox pages fetched by the last traversal.
    pub pages: Vec<Value>,
}

impl std::fmt::Debug for ChannelState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChannelState")
            .field("reserved", &self.reserved.keys().collect::<Vec<_>>())
            .field("decisions", &self.decisions.len())
            .finish_non_exhaustive()
    }
}

/// The run-wide reservation lock of one enforcer identity at one target.
fn reservation_lock(key: &str) -> Arc<RwLock<()>> {
    static LOCKS: OnceLock<Mutex<HashMap<String, Arc<RwLock<()>>>>> = OnceLock::new();
    LOCKS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .entry(key.to_string())
        .or_default()
        .clone()
}

/// The msgType of a text frame or SSE data, when it is a JSON object.
pub fn msg_type_of(text: &str) -> Option<String> {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v["msgType"].as_str().map(str::to_string))
}

/// All envelopes received so far on a channel (SSE data or WS text frames that parse as JSON).
pub fn envelopes(ch: &Channel) -> Vec<Value> {
    match ch {
        Channel::Sse(c) => c
            .events
            .snapshot()
            .into_iter()
            .filter_map(|e| serde_json::from_str(&e.data).ok())
            .collect(),
        Channel::Ws(c) => c
            .frames
            .snapshot()
            .into_iter()
            .filter_map(|f| match f {
                WsFrame::Text(t) => serde_json::from_str(&t).ok(),
                _ => None,
            })
            .collect(),
    }
}

impl HarpWorld {
    fn reservation_key(&self, actor: Actor) -> StepResult<String> {
        if !actor.is_enforcer() {
            return Err(Fail::Harness(format!(
                "only enforcer channels are reserved ({actor:?} is an approver; approval requests go to every channel)"
            )));
        }
        Ok(format!(
            "{}|{}",
            self.ctx().base_url,
            self.identity(actor)?.id
        ))
    }

    /// Keeps every other scenario from opening a channel of `actor` until released (or the end).
    pub async fn reserve_channels(&mut self, actor: Actor) -> StepResult {
        let key = self.reservation_key(actor)?;
        if let std::collections::hash_map::Entry::Vacant(slot) = self.chan.reserved.entry(key) {
            let guard = reservation_lock(slot.key()).write_owned().await;
            slot.insert(guard);
        }
        Ok(())
    }

    /// Ends a reservation taken by [`HarpWorld::reserve_channels`].
    pub fn release_channels(&mut self, actor: Actor) -> StepResult {
        let key = self.reservation_key(actor)?;
        self.chan.reserved.remove(&key);
        Ok(())
    }

    /// Held while a channel of an enforcer is being opened: waits while another scenario has that
    /// enforcer's channels reserved. `None` for approvers and for this scenario's own reservations.
    pub async fn channel_open_lease(&self, actor: Actor) -> Option<OwnedRwLockReadGuard<()>> {
        let key = self.reservation_key(actor).ok()?;
        if self.chan.reserved.contains_key(&key) {
            return None;
        }
        Some(reservation_lock(&key).read_owned().await)
    }

    /// The named channel, mutable.
    pub fn channel_mut(&mut self, name: &str) -> StepResult<&mut Channel> {
        self.channels.get_mut(name).ok_or_else(|| {
            Fail::Harness(format!(
                "no channel named \"{name}\" was opened in this scenario"
            ))
        })
    }

    /// The named channel.
    pub fn channel_ref(&self, name: &str) -> StepResult<&Channel> {
        self.channels.get(name).ok_or_else(|| {
            Fail::Harness(format!(
                "no channel named \"{name}\" was opened in this scenario"
            ))
        })
    }

    /// Closes a channel (its received messages stay readable).
    pub async fn close_channel(&mut self, name: &str) -> StepResult {
        match self.channel_mut(name)? {
            Channel::Sse(c) => c.close(),
            Channel::Ws(c) => c.close().await,
        }
        Ok(())
    }

    /// Closes `old` and opens a channel of the same kind for `actor` as `new`.
    pub async fn reconnect(&mut self, actor: Actor, old: &str, new: &str) -> StepResult {
        let is_ws = matches!(self.channel_ref(old)?, Channel::Ws(_));
        self.close_channel(old).await?;
        if is_ws {
            self.open_ws(actor, new).await
        } else {
            self.open_sse(actor, new).await
        }
    }

    /// Sends one text frame on a WS channel, remembering how many frames had arrived before it.
    pub async fn ws_send_text(&mut self, name: &str, text: &str, fragments: usize) -> StepResult {
        let Channel::Ws(c) = self.channel_ref(name)? else {
            return Err(Fail::Harness(format!("\"{name}\" is not a websocket")));
        };
        let mark = c.frames.len();
        if fragments > 1 {
            c.send_fragmented_text(text, fragments).await?;
        } else {
            c.send_text(text).await?;
        }
        self.chan.marks.insert(name.to_string(), mark);
        Ok(())
    }

    /// Sends one binary frame (or, with `as_text`, a text frame of these exact bytes) on a WS channel
    /// (mark as for text).
    pub async fn ws_send_bytes(&mut self, name: &str, bytes: Vec<u8>, as_text: bool) -> StepResult {
        let Channel::Ws(c) = self.channel_ref(name)? else {
            return Err(Fail::Harness(format!("\"{name}\" is not a websocket")));
        };
        let mark = c.frames.len();
        if as_text {
            c.send_text_bytes(bytes).await?;
        } else {
            c.send_binary(bytes).await?;
        }
        self.chan.marks.insert(name.to_string(), mark);
        Ok(())
    }

    /// The message of `msg_type` last received on `channel` by a receive step.
    pub fn received(&self, channel: &str, msg_type: &str) -> StepResult<Value> {
        self.messages
            .get(&format!("{channel}/{msg_type}"))
            .cloned()
            .ok_or_else(|| {
                Fail::Harness(format!(
                    "no {msg_type} was received on \"{channel}\" before this step"
                ))
            })
    }

    /// The non-empty msgId of a received deliverable (GW-ENV-14 otherwise).
    pub fn received_msg_id(&self, channel: &str, msg_type: &str) -> StepResult<String> {
        let m = self.received(channel, msg_type)?;
        m["msgId"]
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .ok_or_else(|| {
                Fail::Target(format!(
                    "GW-ENV-14: the {msg_type} on \"{channel}\" has no msgId: {}",
                    crate::check::json::brief(&m)
                ))
            })
    }

    /// An `ack.submit` envelope from `actor` for message `m` (requestId in the envelope, C-12).
    pub fn ack_envelope(&mut self, actor: Actor, m: &Value, status: &str) -> StepResult<Value> {
        let msg_id = m["msgId"].as_str().unwrap_or_default().to_string();
        let role = if actor.is_enforcer() {
            "enforcerId"
        } else {
            "approverId"
        };
        let id = self.identity(actor)?.id;
        let extra = [
            (
                "requestId",
                m["requestId"].as_str().unwrap_or_default().to_string(),
            ),
            ("ackedMsgId", msg_id),
            ("ackStatus", status.to_string()),
            ("senderRole", role.to_string()),
            ("senderId", id),
        ];
        self.payload("ack-submit", Some(actor), &extra)
    }

    /// How long a channel negative check waits: the delivery window.
    pub fn window(&self) -> Duration {
        self.delivery_window()
    }
}

impl HarpWorld {
    /// Opens `GET /v1/ws?<query>` as `actor` (credentials as for any channel) and names it `name`
    /// when upgraded; a refused handshake becomes the last response and opens nothing.
    pub async fn open_ws_query(&mut self, actor: Actor, name: &str, query: &str) -> StepResult {
        let ctx = self.ctx();
        let id = self.identity(actor)?;
        let mut url = format!("{}?{query}", ctx.ws_url);
        let mode = ctx.cfg.file.auth.ws_credential.clone();
        let headers = match mode.strip_prefix("query:") {
            Some(q) => {
                url.push_str(&format!("&{q}={}", id.credential));
                Vec::new()
            }
            None => ctx.auth_headers(&id),
        };
        let _lease = self.channel_open_lease(actor).await;
        let max = ctx.cfg.file.limits.ws_message_max_bytes.unwrap_or(8 << 20) as usize * 4;
        let opened = crate::transport::WsConnection::connect(
            &ctx.client,
            &url,
            headers,
            ctx.cfg.step_timeout,
            max,
            &self.transcript,
        )
        .await?;
        match opened {
            Ok(conn) => {
                self.chan.marks.insert(name.to_string(), 0);
                self.channels.insert(name.to_string(), Channel::Ws(conn));
            }
            Err(resp) => {
                if resp.status >= 500 {
                    return Err(Fail::Target(format!(
                        "GW-ERR-13: the handshake was answered {}",
                        super::http::evidence(&resp)
                    )));
                }
                self.last = Some(resp);
                self.last_request = format!("GET /v1/ws?{query}");
            }
        }
        Ok(())
    }
}
