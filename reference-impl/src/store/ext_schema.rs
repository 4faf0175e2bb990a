//! Schema step 2 (the expanded v0.2 binding): withdrawal data on exchanges, per-approver deletion
//! of inbox items, and pairing sessions with their routing tokens.

/// Moves `user_version` from 1 to 2. Never edit once released: append a new step instead.
pub const V2: &str = r#"
ALTER TABLE exchanges ADD COLUMN withdrawn_at TEXT;
ALTER TABLE exchanges ADD COLUMN withdraw_reason TEXT;
ALTER TABLE approval_requests ADD COLUMN deleted_at TEXT;
CREATE TABLE pairing_sessions (
    nonce               TEXT PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    tenant              TEXT NOT NULL,
    enforcer_id         TEXT NOT NULL,
    enforcer_label      TEXT,
    workspace_name      TEXT,
    public_key          TEXT,
    created_at          TEXT NOT NULL,
    expires_at          TEXT NOT NULL,
    expires_ms          INTEGER NOT NULL,
    state               TEXT NOT NULL,   -- pending | completed
    approver_id         TEXT,
    approver_public_key TEXT,
    routing_token       TEXT UNIQUE,
    completed_at        TEXT
);
"#;
