//! The cucumber World and everything a scenario does through it (requests, payloads, channels).

pub mod aliases;
pub mod auth;
pub mod context;
pub mod exchange;
pub mod http;
pub mod payload;
pub mod state;
pub mod streams;

pub use context::{Actor, RunContext};
pub use state::{Fail, HarpWorld, StepResult};
