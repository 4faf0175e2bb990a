//! The cucumber World and everything a scenario does through it (requests, payloads, channels).

pub mod aliases;
pub mod auth;
pub mod auth_bodies;
pub mod channel_checks;
pub mod channels;
pub mod context;
pub mod defects;
pub mod exchange;
pub mod ext;
pub mod ext_meta;
pub mod ext_pairing;
pub mod ext_presence;
pub mod harbor;
pub mod http;
pub mod inbox_pages;
pub mod judge;
pub mod keepalive;
pub mod lifecycle;
pub mod payload;
pub mod policy;
pub mod rate_limit;
pub mod raw;
pub mod state;
pub mod streams;
pub mod tls;

pub use context::{Actor, RunContext};
pub use state::{Fail, HarpWorld, StepResult};
