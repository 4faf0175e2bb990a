//! Transport failures, split into "the target misbehaved" and "the harness itself broke".

/// A failure while talking to the target.
///
/// `is_target_fault()` separates faults of the target (refused connection, timeout, garbage, oversize)
/// from faults of the harness (bad local TLS files, internal bugs): the first fails a scenario, the
/// second is reported as a harness error.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    #[error("cannot connect to {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error("{what} timed out after {after_ms} ms")]
    Timeout { what: String, after_ms: u64 },
    #[error("the target sent an invalid response: {0}")]
    Protocol(String),
    #[error("the response body exceeded the {limit} byte cap")]
    TooLarge { limit: usize },
    #[error("the connection was closed: {0}")]
    Closed(String),
    #[error("harness error: {0}")]
    Harness(String),
}

impl TransportError {
    /// True when the failure is the target's doing (fails the scenario), false for harness faults.
    pub fn is_target_fault(&self) -> bool {
        !matches!(self, TransportError::Harness(_))
    }
}
