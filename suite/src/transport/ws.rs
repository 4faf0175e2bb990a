//! WebSocket client: connect with headers and TLS options, send frames, and a reader that fills a mailbox.
//! CONTRACT STUB: signatures are fixed; bodies are implemented by the transport owner.

use std::time::Duration;

use super::{HttpClient, Mailbox, Transcript, TransportError};

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
#[derive(Debug)]
pub struct WsConnection {
    pub frames: Mailbox<WsFrame>,
    pub(crate) _private: (),
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
        let _ = (
            client,
            url,
            headers,
            connect_timeout,
            max_message_bytes,
            transcript,
        );
        unimplemented!("transport owner implements")
    }

    /// Sends one text frame (recorded in the transcript as "ws-send").
    pub async fn send_text(&self, text: &str) -> Result<(), TransportError> {
        let _ = text;
        unimplemented!("transport owner implements")
    }

    /// Sends one binary frame.
    pub async fn send_binary(&self, bytes: Vec<u8>) -> Result<(), TransportError> {
        let _ = bytes;
        unimplemented!("transport owner implements")
    }

    /// Sends one text message split into `parts` fragments (a Text frame + continuation frames).
    pub async fn send_fragmented_text(
        &self,
        text: &str,
        parts: usize,
    ) -> Result<(), TransportError> {
        let _ = (text, parts);
        unimplemented!("transport owner implements")
    }

    /// Sends a ping control frame with this payload.
    pub async fn send_ping(&self, payload: Vec<u8>) -> Result<(), TransportError> {
        let _ = payload;
        unimplemented!("transport owner implements")
    }

    /// Stops answering the target's pings (to test idle timeouts).
    pub fn set_auto_pong(&self, on: bool) {
        let _ = on;
        unimplemented!("transport owner implements")
    }

    /// Sends a close frame and stops the reader; idempotent.
    pub async fn close(&self) {
        unimplemented!("transport owner implements")
    }

    /// True once the socket is closed (by either side).
    pub fn is_closed(&self) -> bool {
        self.frames.ended().is_some()
    }
}
