//! Protocol surfaces the suite speaks to a target: HTTP, SSE and WebSocket, plus the shared wire transcript.

pub mod error;
pub mod http;
pub mod legacy_tls;
pub mod mailbox;
pub mod raw;
pub mod raw_answer;
pub mod sse;
pub mod sse_parser;
pub mod tls;
pub mod transcript;
pub mod ws;
pub mod ws_gate;
pub(crate) mod ws_task;

pub use error::TransportError;
pub use http::{ClientOptions, HttpClient, HttpRequest, HttpResponse};
pub use mailbox::Mailbox;
pub use sse::{SseConnection, SseEvent, SseParser};
pub use transcript::{Transcript, TranscriptEntry};
pub use ws::{WsConnection, WsFrame};
