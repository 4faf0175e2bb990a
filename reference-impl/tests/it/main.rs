//! Integration tests: real HTTP, SSE and WebSocket against the in-process gateway on 127.0.0.1:0.

mod fixtures;
mod harness;
mod streams;

mod acks;
mod artifacts;
mod auth;
mod binary;
mod control;
mod decisions;
mod durability;
mod expiry;
mod ext_inbox;
mod ext_pairing;
mod ext_presence;
mod ext_refresh;
mod ext_switch;
mod ext_withdraw;
mod framing;
mod inbox;
mod limits;
mod routing;
mod sse;
mod wait;
mod ws;
