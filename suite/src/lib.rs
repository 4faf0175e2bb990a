//! harp-conformance: the conformance suite and certification harness for HARP Gateways.

pub mod app;
pub mod certify;
pub mod check;
pub mod cli;
pub mod config;
pub mod discovery;
pub mod embedded;
pub mod embedded_mtls;
pub mod exit;
pub mod features;
pub mod list;
pub mod report;
pub mod runner;
pub mod steps;
pub mod surface;
pub mod transport;
pub mod verdict;
pub mod world;
