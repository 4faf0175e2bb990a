//! Step definitions by domain; each step is a few lines calling World actions and check functions.

pub mod auth;
pub mod channels;
pub mod envelope;
pub mod errors;
pub mod exchange;
pub mod ext;
pub mod ext_meta;
pub mod ext_pairing;
pub mod ext_presence;
pub mod harbor;
pub mod http;
pub mod lifecycle;
pub mod params;
pub mod payload;
pub mod rate_limit;
pub mod raw;
pub mod streams;
pub mod tls;
pub mod verdicts;
