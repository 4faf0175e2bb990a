//! Live channels (SSE streams, WebSockets) per identity, in connection order, and the
//! most-recent-active-channel rule for `decision.deliver` (HARP-GW binding §7).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};

use tokio::sync::mpsc;

use crate::auth::Role;

/// Per-channel queue length; a channel this far behind is skipped (the message stays retrievable).
const CHANNEL_BUFFER: usize = 256;

/// One message for a channel: the SSE event name (= msgType) and the envelope JSON.
#[derive(Clone, Debug)]
pub struct Outbound {
    pub event: &'static str,
    pub data: Arc<str>,
}

type Key = (Role, String);

struct Channel {
    seq: u64,
    tx: mpsc::Sender<Outbound>,
}

/// All open channels, keyed by (role, id).
#[derive(Default)]
pub struct Registry {
    next_seq: AtomicU64,
    channels: Mutex<HashMap<Key, Vec<Channel>>>,
}

/// Keeps a channel registered while alive; dropping it (connection closed) unregisters it.
pub struct ChannelHandle {
    registry: Weak<Registry>,
    key: Key,
    seq: u64,
    tx: mpsc::Sender<Outbound>,
}

impl ChannelHandle {
    /// Sends straight to this channel (redelivery on connect); false if it is full or closed.
    pub fn send_direct(&self, msg: Outbound) -> bool {
        self.tx.try_send(msg).is_ok()
    }

    /// A sender into this channel (for control messages such as `refresh.request`).
    pub fn sender(&self) -> mpsc::Sender<Outbound> {
        self.tx.clone()
    }
}

impl Drop for ChannelHandle {
    fn drop(&mut self) {
        if let Some(registry) = self.registry.upgrade() {
            registry.remove(&self.key, self.seq);
        }
    }
}

impl Registry {
    /// Opens a channel for `(role, id)`; it becomes that identity's most recent channel.
    pub fn register(
        self: &Arc<Self>,
        role: Role,
        id: &str,
    ) -> (ChannelHandle, mpsc::Receiver<Outbound>) {
        let (tx, rx) = mpsc::channel(CHANNEL_BUFFER);
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        let key = (role, id.to_owned());
        self.lock().entry(key.clone()).or_default().push(Channel {
            seq,
            tx: tx.clone(),
        });
        let handle = ChannelHandle {
            registry: Arc::downgrade(self),
            key,
            seq,
            tx,
        };
        (handle, rx)
    }

    /// Sends to every open channel of `(role, id)`; returns how many took it.
    pub fn broadcast(&self, role: Role, id: &str, msg: &Outbound) -> usize {
        let mut map = self.lock();
        let Some(list) = map.get_mut(&(role, id.to_owned())) else {
            return 0;
        };
        list.retain(|c| !c.tx.is_closed());
        list.iter()
            .filter(|c| c.tx.try_send(msg.clone()).is_ok())
            .count()
    }

    /// Sends to the most recent channel of `(role, id)` that accepts it, newest first; returns
    /// false when none did (the message then waits for the long-poll or a reconnect).
    pub fn send_most_recent(&self, role: Role, id: &str, msg: &Outbound) -> bool {
        let mut map = self.lock();
        let Some(list) = map.get_mut(&(role, id.to_owned())) else {
            return false;
        };
        list.retain(|c| !c.tx.is_closed());
        list.iter()
            .rev()
            .any(|c| c.tx.try_send(msg.clone()).is_ok())
    }

    /// Sends to the OLDEST channel that accepts it (used only by the `decision-to-oldest-channel`
    /// fault; the binding requires [`Self::send_most_recent`]).
    pub fn send_oldest(&self, role: Role, id: &str, msg: &Outbound) -> bool {
        let mut map = self.lock();
        let Some(list) = map.get_mut(&(role, id.to_owned())) else {
            return false;
        };
        list.retain(|c| !c.tx.is_closed());
        list.iter().any(|c| c.tx.try_send(msg.clone()).is_ok())
    }

    /// Sends to every open channel of every identity with `role` (used only by the
    /// `decision-to-every-enforcer` fault); returns how many took it.
    pub fn broadcast_role(&self, role: Role, msg: &Outbound) -> usize {
        let map = self.lock();
        let lists = map.iter().filter(|((r, _), _)| *r == role);
        lists
            .flat_map(|(_, list)| list.iter())
            .filter(|c| c.tx.try_send(msg.clone()).is_ok())
            .count()
    }

    /// Number of open channels of `(role, id)`.
    pub fn count(&self, role: Role, id: &str) -> usize {
        self.lock()
            .get(&(role, id.to_owned()))
            .map_or(0, |l| l.iter().filter(|c| !c.tx.is_closed()).count())
    }

    fn remove(&self, key: &Key, seq: u64) {
        let mut map = self.lock();
        if let Some(list) = map.get_mut(key) {
            list.retain(|c| c.seq != seq);
            if list.is_empty() {
                map.remove(key);
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Vec<Channel>>> {
        self.channels.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(s: &str) -> Outbound {
        Outbound {
            event: "decision.deliver",
            data: Arc::from(s),
        }
    }

    #[test]
    fn newest_channel_wins_then_falls_back() {
        let reg = Arc::new(Registry::default());
        let (old, mut old_rx) = reg.register(Role::Enforcer, "e1");
        let (new, mut new_rx) = reg.register(Role::Enforcer, "e1");
        assert!(reg.send_most_recent(Role::Enforcer, "e1", &msg("1")));
        assert_eq!(
            new_rx.try_recv().map(|m| m.data.to_string()).ok(),
            Some("1".into())
        );
        assert!(old_rx.try_recv().is_err());
        drop(new);
        assert!(reg.send_most_recent(Role::Enforcer, "e1", &msg("2")));
        assert_eq!(
            old_rx.try_recv().map(|m| m.data.to_string()).ok(),
            Some("2".into())
        );
        drop(old);
        assert!(!reg.send_most_recent(Role::Enforcer, "e1", &msg("3")));
        assert_eq!(reg.count(Role::Enforcer, "e1"), 0);
    }

    #[test]
    fn broadcast_reaches_all() {
        let reg = Arc::new(Registry::default());
        let (_a, mut a) = reg.register(Role::Approver, "a1");
        let (_b, mut b) = reg.register(Role::Approver, "a1");
        assert_eq!(reg.broadcast(Role::Approver, "a1", &msg("x")), 2);
        assert!(a.try_recv().is_ok() && b.try_recv().is_ok());
        assert_eq!(reg.broadcast(Role::Approver, "other", &msg("x")), 0);
    }
}
