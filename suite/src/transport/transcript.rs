//! The wire transcript of one scenario: every request and response, secrets redacted, bodies truncated.

use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One recorded wire event (an HTTP exchange, an SSE event, a WS frame sent or received, a note).
#[derive(Debug, Clone, serde::Serialize)]
pub struct TranscriptEntry {
    /// Milliseconds since the transcript was created.
    pub at_ms: u64,
    /// "http", "sse", "ws-send", "ws-recv", "note".
    pub kind: String,
    /// Human-readable multi-line text: request line, redacted headers, truncated body, status, timing.
    pub text: String,
}

/// Shared, cloneable transcript of one scenario. Cloning shares the same underlying log.
#[derive(Debug, Clone, Default)]
pub struct Transcript {
    inner: Arc<Mutex<TranscriptInner>>,
}

#[derive(Debug, Default)]
struct TranscriptInner {
    started: Option<std::time::Instant>,
    entries: Vec<TranscriptEntry>,
}

/// Bodies longer than this are truncated in the transcript (with a "… N more bytes" marker).
pub const MAX_BODY_IN_TRANSCRIPT: usize = 2048;

impl Transcript {
    pub fn new() -> Self {
        let t = Self::default();
        t.inner.lock().expect("transcript lock").started = Some(std::time::Instant::now());
        t
    }

    /// Appends an entry; `text` should already be redacted (see [`redact_header`]).
    pub fn push(&self, kind: &str, text: String) {
        let mut g = self.inner.lock().expect("transcript lock");
        let started = *g.started.get_or_insert_with(std::time::Instant::now);
        let at_ms = started.elapsed().as_millis() as u64;
        g.entries.push(TranscriptEntry {
            at_ms,
            kind: kind.to_string(),
            text,
        });
    }

    pub fn entries(&self) -> Vec<TranscriptEntry> {
        self.inner.lock().expect("transcript lock").entries.clone()
    }

    /// The whole transcript as plain text, one block per entry.
    pub fn render(&self) -> String {
        self.entries()
            .iter()
            .map(|e| format!("[+{} ms] {}\n{}\n", e.at_ms, e.kind, e.text))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Redacts a header value when the header carries a secret (authorization, cookie, api keys).
pub fn redact_header(name: &str, value: &str) -> String {
    let n = name.to_ascii_lowercase();
    if n == "authorization"
        || n == "proxy-authorization"
        || n == "cookie"
        || n == "set-cookie"
        || n.contains("api-key")
        || n.contains("token")
    {
        match value.split_once(' ') {
            Some((scheme, _)) => format!("{scheme} <redacted>"),
            None => "<redacted>".to_string(),
        }
    } else {
        value.to_string()
    }
}

/// Renders a body for the transcript: UTF-8 text (lossy) truncated to [`MAX_BODY_IN_TRANSCRIPT`].
pub fn render_body(body: &[u8]) -> String {
    let shown = &body[..body.len().min(MAX_BODY_IN_TRANSCRIPT)];
    let mut s = String::from_utf8_lossy(shown).into_owned();
    if body.len() > MAX_BODY_IN_TRANSCRIPT {
        s.push_str(&format!(
            "… ({} more bytes)",
            body.len() - MAX_BODY_IN_TRANSCRIPT
        ));
    }
    s
}

/// Formats a duration as milliseconds for transcript lines.
pub fn ms(d: Duration) -> u64 {
    d.as_millis() as u64
}
