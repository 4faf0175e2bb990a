//! HTTP surfaces, one module per endpoint group, plus body intake and response rendering.

pub mod acks;
pub mod artifacts;
pub mod body;
pub mod control;
pub mod decisions;
pub mod exchanges;
pub mod ext;
pub mod ext_body;
pub mod inbox;
pub mod inbox_ext;
pub mod pairing;
pub mod presence;
pub mod refresh;
pub mod render;
pub mod sse;
pub mod withdraw;
pub mod ws;
pub mod ws_hello;
pub mod ws_session;
