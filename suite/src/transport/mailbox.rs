//! A bounded buffer of received items (SSE events, WS frames) that steps can wait on with a deadline.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;

/// Items received on one channel, in arrival order, plus a terminal state once the channel ends.
///
/// A background reader task pushes; steps call [`Mailbox::wait_for`] (bounded) or [`Mailbox::snapshot`].
/// Nothing is ever removed, so "nothing arrived" checks can look at everything seen so far.
#[derive(Debug)]
pub struct Mailbox<T> {
    inner: Arc<Inner<T>>,
}

#[derive(Debug)]
struct Inner<T> {
    state: Mutex<State<T>>,
    notify: Notify,
}

#[derive(Debug)]
struct State<T> {
    items: Vec<T>,
    /// Why the channel ended (closed by peer, protocol error, …); None while open.
    ended: Option<String>,
    cap: usize,
}

impl<T> Clone for Mailbox<T> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<T: Clone> Mailbox<T> {
    /// A mailbox that keeps at most `cap` items; once full it ends with "too many items".
    pub fn new(cap: usize) -> Self {
        Self {
            inner: Arc::new(Inner {
                state: Mutex::new(State {
                    items: Vec::new(),
                    ended: None,
                    cap,
                }),
                notify: Notify::new(),
            }),
        }
    }

    /// Appends an item (called by the reader task). Items past the cap end the mailbox.
    pub fn push(&self, item: T) {
        let mut s = self.inner.state.lock().expect("mailbox lock");
        if s.ended.is_none() {
            if s.items.len() >= s.cap {
                s.ended = Some(format!(
                    "more than {} messages received; stopped reading",
                    s.cap
                ));
            } else {
                s.items.push(item);
            }
        }
        drop(s);
        self.inner.notify.notify_waiters();
    }

    /// Marks the channel as ended with a reason (called by the reader task).
    pub fn end(&self, reason: impl Into<String>) {
        let mut s = self.inner.state.lock().expect("mailbox lock");
        if s.ended.is_none() {
            s.ended = Some(reason.into());
        }
        drop(s);
        self.inner.notify.notify_waiters();
    }

    /// Everything received so far.
    pub fn snapshot(&self) -> Vec<T> {
        self.inner.state.lock().expect("mailbox lock").items.clone()
    }

    /// Why the channel ended, if it has.
    pub fn ended(&self) -> Option<String> {
        self.inner.state.lock().expect("mailbox lock").ended.clone()
    }

    /// Waits until an item at index >= `from` matches `pred`, and returns (index, item).
    ///
    /// Returns `Err` with a diagnosis when `timeout` passes or the channel ends first. Never waits
    /// longer than `timeout`.
    pub async fn wait_for(
        &self,
        from: usize,
        timeout: Duration,
        mut pred: impl FnMut(&T) -> bool,
    ) -> Result<(usize, T), String> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.inner.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let s = self.inner.state.lock().expect("mailbox lock");
                if let Some((i, item)) = s
                    .items
                    .iter()
                    .enumerate()
                    .skip(from)
                    .find(|(_, it)| pred(it))
                {
                    return Ok((i, item.clone()));
                }
                if let Some(reason) = &s.ended {
                    return Err(format!(
                        "channel ended before a matching message arrived ({reason}); {} messages seen",
                        s.items.len()
                    ));
                }
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let n = self.inner.state.lock().expect("mailbox lock").items.len();
                return Err(format!(
                    "no matching message within {} ms ({n} messages seen)",
                    timeout.as_millis()
                ));
            }
        }
    }

    /// Waits for `window` and returns the items at index >= `from` that match `pred` (for "nothing
    /// arrives" checks). Returns early only when the channel ends.
    pub async fn collect_for(
        &self,
        from: usize,
        window: Duration,
        mut pred: impl FnMut(&T) -> bool,
    ) -> Vec<T> {
        let deadline = tokio::time::Instant::now() + window;
        loop {
            let notified = self.inner.notify.notified();
            if self.ended().is_some() || tokio::time::timeout_at(deadline, notified).await.is_err()
            {
                break;
            }
        }
        self.snapshot()
            .into_iter()
            .skip(from)
            .filter(|i| pred(i))
            .collect()
    }

    /// Number of items received so far (use as `from` to look only at later arrivals).
    pub fn len(&self) -> usize {
        self.inner.state.lock().expect("mailbox lock").items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
