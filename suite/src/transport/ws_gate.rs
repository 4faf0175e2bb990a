//! A TCP stream wrapper whose writes can be held, so a WebSocket stops answering pings on demand.
//!
//! tungstenite queues a pong for every ping it reads and flushes it on the next read or write. To
//! switch auto-pong off while still reading (so the target's close is observed), the suite holds
//! every write at the TCP level (below TLS, which never needs to write to read): the queued pong
//! stays in the client's buffers and never reaches the target.

use std::io;
use std::pin::Pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Waker};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// Shared switch: open = writes flow, closed = writes wait.
#[derive(Debug, Default)]
pub struct GateState {
    held: AtomicBool,
    waiting: Mutex<Vec<Waker>>,
}

impl GateState {
    /// Holds (`true`) or releases (`false`) every write; releasing wakes the waiting writers.
    pub fn set_held(&self, held: bool) {
        self.held.store(held, Ordering::SeqCst);
        if !held {
            let wakers = std::mem::take(&mut *self.waiting.lock().expect("gate lock"));
            for w in wakers {
                w.wake();
            }
        }
    }

    pub fn is_held(&self) -> bool {
        self.held.load(Ordering::SeqCst)
    }

    /// `Pending` (remembering the waker) while writes are held.
    fn poll_open(&self, cx: &mut Context<'_>) -> Poll<()> {
        if !self.is_held() {
            return Poll::Ready(());
        }
        let mut w = self.waiting.lock().expect("gate lock");
        // Re-check under the lock so a concurrent release cannot be missed.
        if !self.is_held() {
            return Poll::Ready(());
        }
        if !w.iter().any(|x| x.will_wake(cx.waker())) {
            w.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

/// A `TcpStream` whose writes pass only while its [`GateState`] is open.
#[derive(Debug)]
pub struct GatedTcp {
    pub inner: TcpStream,
    pub gate: std::sync::Arc<GateState>,
}

impl AsyncRead for GatedTcp {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for GatedTcp {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.gate.poll_open(cx).is_pending() {
            return Poll::Pending;
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.gate.poll_open(cx).is_pending() {
            return Poll::Pending;
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
