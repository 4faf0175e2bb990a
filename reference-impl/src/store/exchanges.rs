//! The exchange state machine in SQL: artifact and decision submission (with idempotency),
//! status, acks and expiry. Every operation first expires what is due (expiry on read).

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::models::{
    ApprovalMessage, DeliverMessage, ExchangeState, Lookup, NewDecision, NewExchange, StatusView,
};
use crate::auth::{Identity, Role, may_access_exchange};
use crate::clock::format_ms;

pub(crate) const APPROVAL_SELECT: &str = "SELECT a.seq, a.msg_id, a.request_id, a.approver_id, \
     a.created_at, e.expires_at, e.artifact_type, e.artifact_hash, e.ciphertext, e.metadata \
     FROM approval_requests a JOIN exchanges e ON e.request_id = a.request_id";

pub(crate) fn approval_from_row(r: &Row<'_>) -> rusqlite::Result<ApprovalMessage> {
    Ok(ApprovalMessage {
        seq: r.get(0)?,
        msg_id: r.get(1)?,
        request_id: r.get(2)?,
        approver_id: r.get(3)?,
        created_at: r.get(4)?,
        expires_at: r.get(5)?,
        artifact_type: r.get(6)?,
        artifact_hash: r.get(7)?,
        ciphertext: r.get(8)?,
        metadata: r.get(9)?,
    })
}

pub(crate) const DELIVER_SELECT: &str = "SELECT d.msg_id, d.request_id, e.enforcer_id, \
     d.created_at, e.expires_at, d.body FROM decisions d JOIN exchanges e ON e.request_id = d.request_id";

pub(crate) fn deliver_from_row(r: &Row<'_>) -> rusqlite::Result<DeliverMessage> {
    Ok(DeliverMessage {
        msg_id: r.get(0)?,
        request_id: r.get(1)?,
        enforcer_id: r.get(2)?,
        created_at: r.get(3)?,
        expires_at: r.get(4)?,
        body: r.get(5)?,
    })
}

/// Outcome of `artifact.submit`.
#[derive(Debug)]
pub enum ArtifactOutcome {
    /// New exchange; one approval request per approver.
    Created(Vec<ApprovalMessage>),
    /// Same (requestId, artifactHash) again: nothing changed.
    Duplicate(ExchangeState),
    /// The requestId exists with another hash (or belongs to another enforcer).
    Conflict,
    /// `body.expiresAt` is not in the future.
    Expired,
    /// Nobody to ask.
    NoApprover,
}

/// Outcome of `decision.submit`.
#[derive(Debug)]
pub enum DecisionOutcome {
    NotFound,
    Forbidden,
    Created(DeliverMessage),
    /// Same idempotency key again: the stored decision, unchanged.
    Duplicate(DeliverMessage),
    AlreadyDecided,
    Expired,
    /// The enforcer withdrew the exchange.
    Withdrawn,
    HashMismatch,
}

/// What a long-poll sees.
#[derive(Debug)]
pub enum WaitState {
    Decided(DeliverMessage),
    Pending {
        expires_ms: i64,
    },
    /// Expired (or any other state that never yields a decision).
    Closed(ExchangeState),
}

/// Outcome of an ack: which deliverable it stopped, if any.
#[derive(Debug, PartialEq, Eq)]
pub enum AckOutcome {
    Decision(String),
    Approval(String),
    Ignored,
}

struct Head {
    tenant: String,
    enforcer_id: String,
    artifact_hash: String,
    state: ExchangeState,
    created_at: String,
    expires_at: String,
    expires_ms: i64,
}

fn head(conn: &Connection, request_id: &str) -> rusqlite::Result<Option<Head>> {
    conn.query_row(
        "SELECT tenant, enforcer_id, artifact_hash, state, created_at, expires_at, expires_ms \
         FROM exchanges WHERE request_id = ?1",
        [request_id],
        |r| {
            Ok(Head {
                tenant: r.get(0)?,
                enforcer_id: r.get(1)?,
                artifact_hash: r.get(2)?,
                state: ExchangeState::parse(&r.get::<_, String>(3)?),
                created_at: r.get(4)?,
                expires_at: r.get(5)?,
                expires_ms: r.get(6)?,
            })
        },
    )
    .optional()
}

fn deliver_message(
    conn: &Connection,
    request_id: &str,
) -> rusqlite::Result<Option<DeliverMessage>> {
    conn.query_row(
        &format!("{DELIVER_SELECT} WHERE d.request_id = ?1"),
        [request_id],
        deliver_from_row,
    )
    .optional()
}

/// Moves every pending exchange past its expiry to `expired`; returns their requestIds.
pub fn expire_due(conn: &Connection, now: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "UPDATE exchanges SET state = 'expired' \
         WHERE state = 'pendingApproval' AND expires_ms <= ?1 RETURNING request_id",
    )?;
    stmt.query_map([now], |r| r.get(0))?.collect()
}

/// Creates an exchange and its approval requests, idempotently on (requestId, artifactHash).
pub fn submit_artifact(
    conn: &mut Connection,
    new: &NewExchange,
    approvers: &[String],
    now: i64,
) -> rusqlite::Result<ArtifactOutcome> {
    let tx = conn.transaction()?;
    expire_due(&tx, now)?;
    if let Some(h) = head(&tx, &new.request_id)? {
        let same = h.artifact_hash == new.artifact_hash
            && h.enforcer_id == new.enforcer_id
            && h.tenant == new.tenant;
        return Ok(if same {
            ArtifactOutcome::Duplicate(h.state)
        } else {
            ArtifactOutcome::Conflict
        });
    }
    if new.expires_ms <= now {
        return Ok(ArtifactOutcome::Expired);
    }
    if approvers.is_empty() {
        return Ok(ArtifactOutcome::NoApprover);
    }
    let created_at = format_ms(now);
    tx.execute(
        "INSERT INTO exchanges (request_id, tenant, enforcer_id, artifact_type, artifact_hash, \
         ciphertext, metadata, created_at, expires_at, expires_ms, state) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'pendingApproval')",
        params![
            new.request_id,
            new.tenant,
            new.enforcer_id,
            new.artifact_type,
            new.artifact_hash,
            new.ciphertext,
            new.metadata,
            created_at,
            new.expires_at,
            new.expires_ms
        ],
    )?;
    let mut created = Vec::with_capacity(approvers.len());
    for approver in approvers {
        let msg_id = uuid::Uuid::new_v4().to_string();
        tx.execute(
            "INSERT INTO approval_requests (request_id, approver_id, msg_id, created_at) \
             VALUES (?1, ?2, ?3, ?4)",
            params![new.request_id, approver, msg_id, created_at],
        )?;
        created.push(ApprovalMessage {
            seq: tx.last_insert_rowid(),
            msg_id,
            request_id: new.request_id.clone(),
            approver_id: approver.clone(),
            created_at: created_at.clone(),
            expires_at: new.expires_at.clone(),
            artifact_type: new.artifact_type.clone(),
            artifact_hash: new.artifact_hash.clone(),
            ciphertext: new.ciphertext.clone(),
            metadata: new.metadata.clone(),
        });
    }
    tx.commit()?;
    Ok(ArtifactOutcome::Created(created))
}

/// Records a decision, idempotently on (requestId, signerKeyId, nonce) or (requestId, decisionHash).
pub fn submit_decision(
    conn: &mut Connection,
    d: &NewDecision,
    caller: &Identity,
    now: i64,
) -> rusqlite::Result<DecisionOutcome> {
    let tx = conn.transaction()?;
    expire_due(&tx, now)?;
    let Some(h) = head(&tx, &d.request_id)? else {
        return Ok(DecisionOutcome::NotFound);
    };
    if !may_access_exchange(caller, &h.tenant, &h.enforcer_id) {
        return Ok(DecisionOutcome::Forbidden);
    }
    let existing: Option<(String, String, Option<String>)> = tx
        .query_row(
            "SELECT signer_key_id, nonce, decision_hash FROM decisions WHERE request_id = ?1",
            [&d.request_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((signer, nonce, hash)) = existing {
        let same_key = signer == d.signer_key_id && nonce == d.nonce;
        let same_hash = matches!((&hash, &d.decision_hash), (Some(a), Some(b)) if a == b);
        if (same_key || same_hash)
            && let Some(m) = deliver_message(&tx, &d.request_id)?
        {
            return Ok(DecisionOutcome::Duplicate(m));
        }
        return Ok(DecisionOutcome::AlreadyDecided);
    }
    match h.state {
        ExchangeState::PendingApproval => {}
        ExchangeState::Withdrawn => return Ok(DecisionOutcome::Withdrawn),
        _ => return Ok(DecisionOutcome::Expired),
    }
    if h.artifact_hash != d.artifact_hash {
        return Ok(DecisionOutcome::HashMismatch);
    }
    let msg_id = uuid::Uuid::new_v4().to_string();
    let created_at = format_ms(now);
    tx.execute(
        "INSERT INTO decisions (request_id, approver_id, decision, signer_key_id, nonce, \
         decision_hash, body, msg_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            d.request_id,
            d.approver_id,
            d.decision,
            d.signer_key_id,
            d.nonce,
            d.decision_hash,
            d.body,
            msg_id,
            created_at
        ],
    )?;
    tx.execute(
        "UPDATE exchanges SET state = 'decided' WHERE request_id = ?1",
        [&d.request_id],
    )?;
    tx.commit()?;
    Ok(DecisionOutcome::Created(DeliverMessage {
        msg_id,
        request_id: d.request_id.clone(),
        enforcer_id: h.enforcer_id,
        created_at,
        expires_at: h.expires_at,
        body: d.body.clone(),
    }))
}

/// The status view of an exchange, if the caller may see it.
pub fn status(
    conn: &Connection,
    request_id: &str,
    caller: &Identity,
    now: i64,
) -> rusqlite::Result<Lookup<StatusView>> {
    expire_due(conn, now)?;
    let Some(h) = head(conn, request_id)? else {
        return Ok(Lookup::NotFound);
    };
    if !may_access_exchange(caller, &h.tenant, &h.enforcer_id) {
        return Ok(Lookup::Forbidden);
    }
    let decision = if h.state.has_decision() {
        conn.query_row(
            "SELECT body FROM decisions WHERE request_id = ?1",
            [request_id],
            |r| r.get(0),
        )
        .optional()?
    } else {
        None
    };
    Ok(Lookup::Found(StatusView {
        request_id: request_id.to_owned(),
        state: h.state,
        created_at: h.created_at,
        expires_at: h.expires_at,
        artifact_hash: h.artifact_hash,
        decision,
    }))
}

/// What a waiting enforcer gets right now.
pub fn wait_state(
    conn: &Connection,
    request_id: &str,
    caller: &Identity,
    now: i64,
) -> rusqlite::Result<Lookup<WaitState>> {
    expire_due(conn, now)?;
    let Some(h) = head(conn, request_id)? else {
        return Ok(Lookup::NotFound);
    };
    if !may_access_exchange(caller, &h.tenant, &h.enforcer_id) {
        return Ok(Lookup::Forbidden);
    }
    let state = match (h.state, deliver_message(conn, request_id)?) {
        (s, Some(m)) if s.has_decision() => WaitState::Decided(m),
        (ExchangeState::PendingApproval, _) => WaitState::Pending {
            expires_ms: h.expires_ms,
        },
        (s, _) => WaitState::Closed(s),
    };
    Ok(Lookup::Found(state))
}

/// Applies an ack by the message's recipient; anything else is a harmless no-op (C-34).
pub fn ack(
    conn: &mut Connection,
    msg_id: &str,
    caller: &Identity,
    now: i64,
) -> rusqlite::Result<AckOutcome> {
    let tx = conn.transaction()?;
    let acked_at = format_ms(now);
    let decision: Option<(String, String)> = tx
        .query_row(
            "SELECT d.request_id, e.enforcer_id FROM decisions d \
             JOIN exchanges e ON e.request_id = d.request_id WHERE d.msg_id = ?1",
            [msg_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let outcome = match decision {
        Some((request_id, enforcer)) if caller.role == Role::Enforcer && caller.id == enforcer => {
            tx.execute(
                "UPDATE decisions SET acked_at = COALESCE(acked_at, ?2) WHERE msg_id = ?1",
                params![msg_id, acked_at],
            )?;
            tx.execute(
                "UPDATE exchanges SET state = 'delivered' WHERE request_id = ?1 AND state = 'decided'",
                [&request_id],
            )?;
            AckOutcome::Decision(request_id)
        }
        Some(_) => AckOutcome::Ignored,
        None => {
            let approval: Option<(String, String)> = tx
                .query_row(
                    "SELECT request_id, approver_id FROM approval_requests WHERE msg_id = ?1",
                    [msg_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match approval {
                Some((request_id, approver))
                    if caller.role == Role::Approver && caller.id == approver =>
                {
                    tx.execute(
                        "UPDATE approval_requests SET acked_at = COALESCE(acked_at, ?2) WHERE msg_id = ?1",
                        params![msg_id, acked_at],
                    )?;
                    AckOutcome::Approval(request_id)
                }
                _ => AckOutcome::Ignored,
            }
        }
    };
    tx.commit()?;
    Ok(outcome)
}
