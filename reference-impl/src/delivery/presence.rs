//! Enforcer presence, in memory (ext, GW §6.5): an enforcer is `online` while one of its channels
//! is established — an SSE stream or long-poll at once, a WebSocket after its `hello` or after the
//! hello timeout — and `offline` from its last disconnect (C-16: immediately). Offline records are
//! forgotten `presence_ttl` after they were last seen. Also keeps each enforcer WebSocket's sender,
//! for `refresh.request`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use serde_json::{Map, Value, json};
use tokio::sync::mpsc;

use super::registry::Outbound;
use crate::auth::{Identity, Role};
use crate::clock;
use crate::faults::Fault;
use crate::state::AppState;

/// How an enforcer is connected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    WebSocket,
    Sse,
    Poll,
}

impl Transport {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WebSocket => "websocket",
            Self::Sse => "sse",
            Self::Poll => "poll",
        }
    }
}

/// What a `hello` control message tells about the enforcer (TV/07).
#[derive(Clone, Debug, Default)]
pub struct HelloInfo {
    pub capabilities: Option<Map<String, Value>>,
    pub workspace_name: Option<String>,
    pub enforcer_label: Option<String>,
}

/// One presence record as served (TV/09).
#[derive(Clone, Debug)]
pub struct PresenceRecord {
    pub enforcer_id: String,
    pub tenant: String,
    pub online: bool,
    pub last_seen_ms: i64,
    pub transport: Transport,
    pub hello: HelloInfo,
}

impl PresenceRecord {
    /// The bare-JSON record: `enforcerDeviceId` is the enforcerId (identity mapping, C-17).
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "enforcerDeviceId": self.enforcer_id,
            "status": if self.online { "online" } else { "offline" },
            "lastSeenAt": clock::format_ms(self.last_seen_ms),
            "transport": self.transport.as_str(),
        });
        if let Some(c) = &self.hello.capabilities {
            v["capabilities"] = Value::Object(c.clone());
        }
        if let Some(w) = &self.hello.workspace_name {
            v["workspaceName"] = Value::String(w.clone());
        }
        if let Some(l) = &self.hello.enforcer_label {
            v["enforcerLabel"] = Value::String(l.clone());
        }
        v
    }
}

struct Conn {
    seq: u64,
    transport: Transport,
    established: bool,
    ws: Option<mpsc::Sender<Outbound>>,
}

struct Entry {
    tenant: String,
    conns: Vec<Conn>,
    /// Whether the enforcer was ever online (a WebSocket still waiting for hello is not yet).
    visible: bool,
    last_seen_ms: i64,
    transport: Transport,
    hello: HelloInfo,
}

impl Entry {
    fn record(&self, enforcer_id: &str) -> PresenceRecord {
        let online = self.conns.iter().any(|c| c.established);
        // While online, report the strongest live channel (a WebSocket beats SSE beats a long-poll,
        // GW-PRS-05): a long-poll the enforcer makes beside its open WebSocket does not demote it.
        let live = [Transport::WebSocket, Transport::Sse, Transport::Poll]
            .into_iter()
            .find(|t| {
                self.conns
                    .iter()
                    .any(|c| c.established && c.transport == *t)
            });
        PresenceRecord {
            enforcer_id: enforcer_id.to_owned(),
            tenant: self.tenant.clone(),
            online,
            last_seen_ms: self.last_seen_ms,
            transport: live.unwrap_or(self.transport),
            hello: self.hello.clone(),
        }
    }

    fn expired(&self, ttl_ms: i64, now: i64) -> bool {
        self.conns.is_empty() && self.last_seen_ms.saturating_add(ttl_ms) <= now
    }
}

/// Presence of every enforcer seen recently.
#[derive(Default)]
pub struct Presence {
    next_seq: AtomicU64,
    map: Mutex<HashMap<String, Entry>>,
}

/// One open channel of an enforcer; dropping it (disconnect) may turn the enforcer offline.
pub struct PresenceGuard {
    presence: Weak<Presence>,
    enforcer_id: String,
    seq: u64,
}

/// Registers `who`'s channel when it is an enforcer and the ext surfaces are on. SSE and poll
/// channels count at once; a WebSocket (`ws` = its sender) after `hello` or the hello timeout.
pub fn attach(
    state: &AppState,
    who: &Identity,
    transport: Transport,
    ws: Option<mpsc::Sender<Outbound>>,
) -> Option<PresenceGuard> {
    if !state.settings.ext.enabled() || who.role != Role::Enforcer {
        return None;
    }
    let established = transport != Transport::WebSocket;
    let guard = state.presence.connect(who, transport, established, ws);
    if !established && !state.faults.on(Fault::PresenceNeedsHello) {
        guard.establish_after(state.settings.ext.hello_timeout);
    }
    Some(guard)
}

impl PresenceGuard {
    /// Records activity (any frame) on this channel.
    pub fn touch(&self) {
        self.with_conn(|entry, _| entry.last_seen_ms = clock::now_ms());
    }

    /// Applies a `hello`: fills the record and establishes this channel.
    pub fn hello(&self, info: HelloInfo) {
        self.with_conn(|entry, conn| {
            conn.established = true;
            entry.visible = true;
            entry.transport = conn.transport;
            entry.last_seen_ms = clock::now_ms();
            entry.hello = info;
        });
    }

    /// Establishes this channel after `timeout` unless a hello did first (connection lifecycle).
    fn establish_after(&self, timeout: Duration) {
        let (presence, id, seq) = (self.presence.clone(), self.enforcer_id.clone(), self.seq);
        tokio::spawn(async move {
            tokio::time::sleep(timeout).await;
            if let Some(p) = presence.upgrade() {
                p.update(&id, seq, |entry, conn| {
                    if !conn.established {
                        conn.established = true;
                        entry.visible = true;
                        entry.transport = conn.transport;
                    }
                });
            }
        });
    }

    fn with_conn(&self, f: impl FnOnce(&mut Entry, &mut Conn)) {
        if let Some(p) = self.presence.upgrade() {
            p.update(&self.enforcer_id, self.seq, f);
        }
    }
}

impl Drop for PresenceGuard {
    fn drop(&mut self) {
        if let Some(p) = self.presence.upgrade() {
            p.disconnect(&self.enforcer_id, self.seq);
        }
    }
}

impl Presence {
    /// Opens a channel for enforcer `who`.
    pub fn connect(
        self: &Arc<Self>,
        who: &Identity,
        transport: Transport,
        established: bool,
        ws: Option<mpsc::Sender<Outbound>>,
    ) -> PresenceGuard {
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        let now = clock::now_ms();
        let mut map = self.lock();
        let entry = map.entry(who.id.clone()).or_insert_with(|| Entry {
            tenant: who.tenant.clone(),
            conns: Vec::new(),
            visible: false,
            last_seen_ms: now,
            transport,
            hello: HelloInfo::default(),
        });
        entry.last_seen_ms = now;
        if established {
            entry.visible = true;
            entry.transport = transport;
        }
        entry.conns.push(Conn {
            seq,
            transport,
            established,
            ws,
        });
        PresenceGuard {
            presence: Arc::downgrade(self),
            enforcer_id: who.id.clone(),
            seq,
        }
    }

    /// The visible records of `tenant`, by enforcer id; forgets those past `ttl`.
    pub fn list(&self, tenant: &str, ttl: Duration) -> Vec<PresenceRecord> {
        let mut map = self.purged(ttl);
        let mut out: Vec<PresenceRecord> = map
            .iter_mut()
            .filter(|(_, e)| e.visible && e.tenant == tenant)
            .map(|(id, e)| e.record(id))
            .collect();
        out.sort_by(|a, b| a.enforcer_id.cmp(&b.enforcer_id));
        out
    }

    /// The record of `enforcer_id`, if visible and not past `ttl`.
    pub fn get(&self, enforcer_id: &str, ttl: Duration) -> Option<PresenceRecord> {
        let map = self.purged(ttl);
        map.get(enforcer_id)
            .filter(|e| e.visible)
            .map(|e| e.record(enforcer_id))
    }

    /// Sends `msg` to the enforcer's most recent open WebSocket; false when it has none.
    pub fn send_ws(&self, enforcer_id: &str, msg: &Outbound) -> bool {
        let map = self.lock();
        let Some(entry) = map.get(enforcer_id) else {
            return false;
        };
        entry
            .conns
            .iter()
            .rev()
            .filter_map(|c| c.ws.as_ref())
            .any(|tx| tx.try_send(msg.clone()).is_ok())
    }

    fn update(&self, enforcer_id: &str, seq: u64, f: impl FnOnce(&mut Entry, &mut Conn)) {
        let mut map = self.lock();
        let Some(entry) = map.get_mut(enforcer_id) else {
            return;
        };
        let Some(pos) = entry.conns.iter().position(|c| c.seq == seq) else {
            return;
        };
        let mut conn = entry.conns.remove(pos);
        f(entry, &mut conn);
        entry.conns.insert(pos, conn);
    }

    fn disconnect(&self, enforcer_id: &str, seq: u64) {
        let mut map = self.lock();
        if let Some(entry) = map.get_mut(enforcer_id) {
            entry.conns.retain(|c| c.seq != seq);
            entry.last_seen_ms = clock::now_ms();
            if !entry.visible && entry.conns.is_empty() {
                map.remove(enforcer_id);
            }
        }
    }

    fn purged(&self, ttl: Duration) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
        let now = clock::now_ms();
        let mut map = self.lock();
        map.retain(|_, e| !e.expired(ttl_ms, now));
        map
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enforcer(id: &str) -> Identity {
        Identity {
            name: id.into(),
            id: id.into(),
            credential: format!("c-{id}"),
            role: Role::Enforcer,
            tenant: "t1".into(),
            client_cert_sha256: None,
        }
    }

    const TTL: Duration = Duration::from_secs(600);

    #[test]
    fn online_while_connected_then_offline() {
        let p = Arc::new(Presence::default());
        let g = p.connect(&enforcer("e1"), Transport::Sse, true, None);
        let r = p.get("e1", TTL).expect("record");
        assert!(r.online);
        assert_eq!(r.to_json()["transport"], "sse");
        drop(g);
        let r = p.get("e1", TTL).expect("kept offline");
        assert_eq!(r.to_json()["status"], "offline");
        assert!(p.list("t2", TTL).is_empty());
        assert_eq!(p.list("t1", TTL).len(), 1);
        assert!(
            p.get("e1", Duration::ZERO).is_none(),
            "forgotten after the TTL"
        );
    }

    #[test]
    fn websocket_counts_after_hello_and_carries_its_fields() {
        let p = Arc::new(Presence::default());
        let (tx, mut rx) = mpsc::channel(4);
        let g = p.connect(&enforcer("e1"), Transport::WebSocket, false, Some(tx));
        assert!(p.get("e1", TTL).is_none(), "waiting for hello");
        g.hello(HelloInfo {
            workspace_name: Some("airlock".into()),
            ..HelloInfo::default()
        });
        let j = p.get("e1", TTL).expect("record").to_json();
        assert_eq!(j["status"], "online");
        assert_eq!(j["workspaceName"], "airlock");
        let msg = Outbound {
            event: "refresh.request",
            data: Arc::from("{}"),
        };
        assert!(p.send_ws("e1", &msg));
        assert!(rx.try_recv().is_ok());
        drop(g);
        assert!(!p.send_ws("e1", &msg));
    }

    #[test]
    fn a_websocket_without_hello_leaves_no_record_when_it_closes_early() {
        let p = Arc::new(Presence::default());
        let g = p.connect(&enforcer("e1"), Transport::WebSocket, false, None);
        drop(g);
        assert!(p.get("e1", TTL).is_none());
    }
}
