//! Wake-ups for long-polls: a waiter subscribes to its exchange BEFORE checking the store, so a
//! decision or expiry that lands in between is never missed (no polling).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

/// Subscriptions per requestId.
#[derive(Default)]
pub struct Waiters {
    map: Mutex<HashMap<String, (watch::Sender<()>, usize)>>,
}

/// A live subscription; `changed()` resolves on the next notification for its exchange.
pub struct Subscription {
    waiters: Arc<Waiters>,
    request_id: String,
    rx: watch::Receiver<()>,
}

impl Subscription {
    /// Waits for the next change of this exchange (decision or expiry).
    pub async fn changed(&mut self) {
        if self.rx.changed().await.is_err() {
            // The sender lives as long as a subscription exists, so this is unreachable in
            // practice; never spin if it happens.
            std::future::pending::<()>().await;
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut map = self.waiters.lock();
        if let Some((_, count)) = map.get_mut(&self.request_id) {
            *count -= 1;
            if *count == 0 {
                map.remove(&self.request_id);
            }
        }
    }
}

impl Waiters {
    /// Subscribes to changes of `request_id`.
    pub fn subscribe(self: &Arc<Self>, request_id: &str) -> Subscription {
        let mut map = self.lock();
        let entry = map
            .entry(request_id.to_owned())
            .or_insert_with(|| (watch::channel(()).0, 0));
        entry.1 += 1;
        let rx = entry.0.subscribe();
        Subscription {
            waiters: self.clone(),
            request_id: request_id.to_owned(),
            rx,
        }
    }

    /// Wakes every waiter of `request_id`.
    pub fn notify(&self, request_id: &str) {
        if let Some((tx, _)) = self.lock().get(request_id) {
            tx.send_replace(());
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (watch::Sender<()>, usize)>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn notify_wakes_subscriber_and_cleans_up() {
        tokio::time::pause();
        let w = Arc::new(Waiters::default());
        let mut sub = w.subscribe("r1");
        w.notify("r1");
        tokio::time::timeout(Duration::from_secs(1), sub.changed())
            .await
            .expect("woken");
        let not_woken = tokio::time::timeout(Duration::from_secs(1), sub.changed()).await;
        assert!(not_woken.is_err());
        drop(sub);
        assert!(w.lock().is_empty());
    }
}
