//! Rows and views the store hands out: exchange states, deliverable messages, status views.

/// The exchange state machine (schema enum, lowerCamel). `cancelled` is not produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExchangeState {
    PendingApproval,
    Decided,
    Delivered,
    Expired,
    Withdrawn,
}

impl ExchangeState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PendingApproval => "pendingApproval",
            Self::Decided => "decided",
            Self::Delivered => "delivered",
            Self::Expired => "expired",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Parses a stored state; unknown text reads as `expired` (fail closed: never deliverable).
    pub fn parse(text: &str) -> Self {
        match text {
            "pendingApproval" => Self::PendingApproval,
            "decided" => Self::Decided,
            "delivered" => Self::Delivered,
            "withdrawn" => Self::Withdrawn,
            _ => Self::Expired,
        }
    }

    /// Whether a decision exists (decided or delivered).
    pub fn has_decision(self) -> bool {
        matches!(self, Self::Decided | Self::Delivered)
    }
}

/// A new exchange to create from an accepted `artifact.submit`.
#[derive(Clone, Debug)]
pub struct NewExchange {
    pub request_id: String,
    pub tenant: String,
    pub enforcer_id: String,
    pub artifact_type: String,
    pub artifact_hash: String,
    pub ciphertext: String,
    pub metadata: Option<String>,
    pub expires_at: String,
    pub expires_ms: i64,
}

/// A new decision from an accepted `decision.submit`.
#[derive(Clone, Debug)]
pub struct NewDecision {
    pub request_id: String,
    pub approver_id: String,
    pub artifact_hash: String,
    pub decision: String,
    pub signer_key_id: String,
    pub nonce: String,
    pub decision_hash: Option<String>,
    pub body: String,
}

/// One `approval.request` / inbox item, with what is needed to render it.
#[derive(Clone, Debug)]
pub struct ApprovalMessage {
    pub seq: i64,
    pub msg_id: String,
    pub request_id: String,
    pub approver_id: String,
    pub created_at: String,
    pub expires_at: String,
    pub artifact_type: String,
    pub artifact_hash: String,
    pub ciphertext: String,
    pub metadata: Option<String>,
}

/// One `decision.deliver`, with what is needed to render it.
#[derive(Clone, Debug)]
pub struct DeliverMessage {
    pub msg_id: String,
    pub request_id: String,
    pub enforcer_id: String,
    pub created_at: String,
    pub expires_at: String,
    pub body: String,
}

/// What `GET /v1/exchanges/{requestId}` shows.
#[derive(Clone, Debug)]
pub struct StatusView {
    pub request_id: String,
    pub state: ExchangeState,
    pub created_at: String,
    pub expires_at: String,
    pub artifact_hash: String,
    /// The decision body (raw JSON) once decided.
    pub decision: Option<String>,
}

/// Result of a lookup that is subject to the caller's access rights.
#[derive(Debug)]
pub enum Lookup<T> {
    NotFound,
    Forbidden,
    Found(T),
}
