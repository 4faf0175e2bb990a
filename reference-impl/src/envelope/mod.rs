//! Wire envelopes: validation of what clients send, construction of what the gateway emits.

pub mod fields;
pub mod inbound;
pub mod outbound;
pub mod raw;
