//! harp-conformance: the conformance suite and certification harness for HARP Gateways.

pub mod app;
pub mod check;
pub mod cli;
pub mod config;
pub mod exit;
pub mod features;
pub mod list;
pub mod transport;
