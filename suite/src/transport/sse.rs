//! Server-Sent Events: an incremental parser and a connection whose reader fills a mailbox.
//! CONTRACT STUB: signatures are fixed; bodies are implemented by the transport owner.

use std::time::Duration;

use super::{HttpClient, Mailbox, Transcript, TransportError};

/// One dispatched SSE event. `event` is "message" when the stream gave no `event:` field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SseEvent {
    pub event: String,
    /// The joined `data:` lines (joined with '\n', as the SSE spec says).
    pub data: String,
    pub id: Option<String>,
    pub retry: Option<u64>,
}

/// Incremental parser per the WHATWG SSE rules: CR, LF and CRLF line ends, `:` comments, multi-line
/// data, fields without a colon, a leading BOM, and a max event size. Invalid UTF-8 is an error.
#[derive(Debug, Default)]
pub struct SseParser {
    _private: (),
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds bytes and returns the events completed by them. Comments (keepalives) produce no event.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Vec<SseEvent>, String> {
        let _ = bytes;
        unimplemented!("transport owner implements")
    }
}

/// An open SSE stream. The reader task pushes events into `events`; the mailbox ends (with a reason)
/// when the stream closes, errors, goes idle past `idle_timeout`, or sends invalid data.
#[derive(Debug)]
pub struct SseConnection {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub events: Mailbox<SseEvent>,
    pub(crate) task: Option<tokio::task::JoinHandle<()>>,
}

impl SseConnection {
    /// GETs `url` with `Accept: text/event-stream` and the given headers. The connect + response head
    /// is bounded by the client's request timeout. A non-200 answer (or a non event-stream content type)
    /// is returned as `Ok(Err(response))` with the body read (capped), so callers can apply the skip
    /// discipline to it. Each event is also recorded in the transcript (kind "sse").
    pub async fn open(
        client: &HttpClient,
        url: &str,
        headers: Vec<(String, String)>,
        idle_timeout: Duration,
        transcript: &Transcript,
    ) -> Result<Result<SseConnection, super::HttpResponse>, TransportError> {
        let _ = (client, url, headers, idle_timeout, transcript);
        unimplemented!("transport owner implements")
    }

    /// Stops the reader and closes the connection.
    pub fn close(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
        self.events.end("closed by the suite");
    }
}

impl Drop for SseConnection {
    fn drop(&mut self) {
        self.close();
    }
}
