//! harp-conformance: the conformance suite and certification harness for HARP Gateways.

pub mod check;
pub mod transport;
