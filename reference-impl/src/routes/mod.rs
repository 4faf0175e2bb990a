//! HTTP surfaces, one module per endpoint group, plus body intake and response rendering.

pub mod acks;
pub mod artifacts;
pub mod body;
pub mod control;
pub mod decisions;
pub mod exchanges;
pub mod inbox;
pub mod render;
pub mod sse;
pub mod ws;
pub mod ws_session;
