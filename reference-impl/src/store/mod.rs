//! Durable state in SQLite: exchanges, approval requests (inbox items), decisions, msgIds, acks.

pub mod db;
pub mod exchanges;
pub mod faulty;
pub mod inbox;
pub mod models;

pub use db::{Store, StoreError};
pub use exchanges::{AckOutcome, ArtifactOutcome, DecisionOutcome, WaitState};
pub use models::{
    ApprovalMessage, DeliverMessage, ExchangeState, Lookup, NewDecision, NewExchange, StatusView,
};
