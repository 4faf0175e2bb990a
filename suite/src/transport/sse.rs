//! Server-Sent Events: an incremental parser and a connection whose reader fills a mailbox.

use std::time::{Duration, Instant};

use super::http::{chain, header_pairs, render_request, render_response};
use super::transcript::render_body;
use super::{HttpClient, HttpRequest, HttpResponse, Mailbox, Transcript, TransportError};

pub use super::sse_parser::{SseEvent, SseParser};

/// Events kept per connection; more ends the mailbox.
pub const SSE_MAILBOX_CAP: usize = 10_000;

/// Longest wait for the body of a refused (non event-stream) answer.
const REFUSAL_BODY_TIMEOUT: Duration = Duration::from_secs(3);

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
        let mut headers = headers;
        if !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("accept"))
        {
            headers.push(("Accept".into(), "text/event-stream".into()));
        }
        let req = HttpRequest {
            method: "GET".into(),
            url: url.to_string(),
            headers,
            ..HttpRequest::default()
        };
        let started = Instant::now();
        let mut text = render_request(&req);
        let resp = match client.execute_head(&req).await {
            Ok(r) => r,
            Err(e) => {
                text.push_str(&format!(
                    "\n--\nerror after {} ms: {e}",
                    started.elapsed().as_millis()
                ));
                transcript.push("http", text);
                return Err(e);
            }
        };
        let status = resp.status().as_u16();
        let headers = header_pairs(resp.headers());
        let head = HttpResponse {
            status,
            headers: headers.clone(),
            body: Vec::new(),
            elapsed: started.elapsed(),
        };
        let is_stream = head.media_type().as_deref() == Some("text/event-stream");
        if status != 200 || !is_stream {
            let cap = client.options().max_body_bytes;
            let timeout = client.options().request_timeout.min(REFUSAL_BODY_TIMEOUT);
            let (body, cut) = read_some(resp, cap, timeout).await;
            let refused = HttpResponse {
                body,
                elapsed: started.elapsed(),
                ..head
            };
            text.push_str(&render_response(&refused));
            if let Some(why) = cut {
                text.push_str(&format!("\n(body cut: {why})"));
            }
            transcript.push("http", text);
            return Ok(Err(refused));
        }
        text.push_str(&render_response(&head));
        text.push_str("\n(event stream open)");
        transcript.push("http", text);
        let events = Mailbox::new(SSE_MAILBOX_CAP);
        let task = tokio::spawn(read_stream(
            resp,
            events.clone(),
            idle_timeout,
            transcript.clone(),
        ));
        Ok(Ok(SseConnection {
            status,
            headers,
            events,
            task: Some(task),
        }))
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

/// The reader task: bytes → parser → mailbox (and transcript), until EOF, error or idleness.
async fn read_stream(
    mut resp: reqwest::Response,
    events: Mailbox<SseEvent>,
    idle_timeout: Duration,
    transcript: Transcript,
) {
    let mut parser = SseParser::new();
    loop {
        let chunk = match tokio::time::timeout(idle_timeout, resp.chunk()).await {
            Err(_) => {
                events.end(format!(
                    "no bytes on the event stream for {} ms (idle timeout)",
                    idle_timeout.as_millis()
                ));
                break;
            }
            Ok(Ok(None)) => {
                events.end("the server closed the event stream");
                break;
            }
            Ok(Err(e)) => {
                events.end(format!("the event stream failed: {}", chain(&e)));
                break;
            }
            Ok(Ok(Some(c))) => c,
        };
        match parser.feed(&chunk) {
            Ok(batch) => {
                for ev in batch {
                    transcript.push("sse", render_event(&ev));
                    events.push(ev);
                }
            }
            Err(e) => {
                transcript.push("sse", format!("invalid event stream: {e}"));
                events.end(format!("invalid event stream: {e}"));
                break;
            }
        }
        if events.ended().is_some() {
            break;
        }
    }
}

fn render_event(ev: &SseEvent) -> String {
    let mut s = format!("event: {}", ev.event);
    if let Some(id) = &ev.id {
        s.push_str(&format!("\nid: {id}"));
    }
    if let Some(r) = ev.retry {
        s.push_str(&format!("\nretry: {r}"));
    }
    s.push_str("\ndata: ");
    s.push_str(&render_body(ev.data.as_bytes()));
    s
}

/// Reads up to `cap` bytes of a body within `timeout`; returns what arrived and why it was cut short.
async fn read_some(
    mut resp: reqwest::Response,
    cap: usize,
    timeout: Duration,
) -> (Vec<u8>, Option<String>) {
    let deadline = tokio::time::Instant::now() + timeout;
    let mut body = Vec::new();
    loop {
        match tokio::time::timeout_at(deadline, resp.chunk()).await {
            Err(_) => {
                return (
                    body,
                    Some(format!("not complete after {} ms", timeout.as_millis())),
                );
            }
            Ok(Ok(None)) => return (body, None),
            Ok(Err(e)) => return (body, Some(chain(&e))),
            Ok(Ok(Some(c))) => {
                let room = cap - body.len();
                if c.len() > room {
                    body.extend_from_slice(&c[..room]);
                    return (body, Some(format!("more than {cap} bytes")));
                }
                body.extend_from_slice(&c);
            }
        }
    }
}
