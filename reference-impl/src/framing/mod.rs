//! Refusing ambiguous HTTP/1.1 request framing (request smuggling) before hyper parses it.

pub mod listener;
pub mod sniffer;

pub use listener::GuardedListener;
