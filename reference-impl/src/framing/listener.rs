//! A TCP listener whose connections pass every byte the client sends through the [`Sniffer`]; a
//! request head with ambiguous framing is withheld from hyper, answered 400 (first request) and
//! the connection is closed, so the request is never processed.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use super::sniffer::Sniffer;

const REFUSAL: &[u8] = b"HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\n\
connection: close\r\ncontent-length: 32\r\n\r\nambiguous HTTP message framing\r\n";

/// Wraps a bound [`TcpListener`] for `axum::serve`.
pub struct GuardedListener(pub TcpListener);

impl axum::serve::Listener for GuardedListener {
    type Io = GuardedStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.0.accept().await {
                Ok((stream, addr)) => return (GuardedStream::new(stream), addr),
                Err(e) => {
                    // Typically out of file descriptors: back off instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

/// One accepted connection under framing guard (plain TCP, or the decrypted side of a TLS stream).
pub struct GuardedStream<S = TcpStream> {
    inner: S,
    sniffer: Sniffer,
    refused: bool,
    /// False only under the `framing-guard-off` fault: bytes pass unsniffed.
    guarded: bool,
}

impl<S> GuardedStream<S> {
    /// Puts `inner` under guard; every byte the client sends passes the sniffer.
    pub fn new(inner: S) -> Self {
        Self {
            inner,
            sniffer: Sniffer::default(),
            refused: false,
            guarded: true,
        }
    }

    /// `framing-guard-off`: the same stream without the guard (ambiguous framing reaches hyper).
    pub fn unguarded(inner: S) -> Self {
        Self {
            guarded: false,
            ..Self::new(inner)
        }
    }

    /// The guarded stream (for example to read the TLS session).
    pub fn get_ref(&self) -> &S {
        &self.inner
    }
}

fn refused() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "ambiguous HTTP message framing")
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for GuardedStream<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if !this.guarded {
            return Pin::new(&mut this.inner).poll_read(cx, buf);
        }
        if this.refused {
            return Poll::Ready(Err(refused()));
        }
        let before = buf.filled().len();
        ready!(Pin::new(&mut this.inner).poll_read(cx, buf))?;
        let first_request = this.sniffer.requests == 0;
        if let Err(violation) = this.sniffer.feed(&buf.filled()[before..]) {
            tracing::info!(?violation, "refusing ambiguous request framing");
            buf.set_filled(before);
            this.refused = true;
            if first_request {
                // Nothing else is in flight on this connection: a best-effort 400 is safe.
                let _ = Pin::new(&mut this.inner).poll_write(cx, REFUSAL);
                // A TLS stream buffers the record: push it out before the connection is dropped.
                let _ = Pin::new(&mut this.inner).poll_flush(cx);
            }
            return Poll::Ready(Err(refused()));
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for GuardedStream<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, data)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
