//! Durable state in SQLite: exchanges, approval requests (inbox items), decisions, msgIds, acks.

pub mod db;
pub mod exchanges;
pub mod ext_schema;
pub mod faulty;
pub mod inbox;
pub mod models;
pub mod pairing;
pub mod withdraw;

pub use db::{Store, StoreError};
pub use exchanges::{AckOutcome, ArtifactOutcome, DecisionOutcome, WaitState};
pub use models::{
    ApprovalMessage, DeliverMessage, ExchangeState, Lookup, NewDecision, NewExchange, StatusView,
};
