//! Storage deviations used only by active faults (see `crate::faults`): each function is the
//! wrong thing a faulty gateway would do, called from one `if state.faults.on(..)` code point.

use rusqlite::{Connection, OptionalExtension, params};

use super::exchanges::{APPROVAL_SELECT, DELIVER_SELECT, approval_from_row, deliver_from_row};
use super::models::{ApprovalMessage, DeliverMessage, Lookup, NewDecision};
use super::pairing::{self, Session};
use crate::auth::{Identity, Role};
use crate::clock::format_ms;

/// `artifact-duplicate-reapproval`: gives the exchange's approval requests fresh msgIds (unacked)
/// and returns them for pushing again.
pub fn reissue_approvals(
    conn: &mut Connection,
    request_id: &str,
) -> rusqlite::Result<Vec<ApprovalMessage>> {
    let tx = conn.transaction()?;
    let seqs: Vec<i64> = tx
        .prepare("SELECT seq FROM approval_requests WHERE request_id = ?1")?
        .query_map([request_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for seq in seqs {
        tx.execute(
            "UPDATE approval_requests SET msg_id = ?2, acked_at = NULL WHERE seq = ?1",
            params![seq, uuid::Uuid::new_v4().to_string()],
        )?;
    }
    let rows = tx
        .prepare(&format!(
            "{APPROVAL_SELECT} WHERE a.request_id = ?1 ORDER BY a.seq"
        ))?
        .query_map([request_id], approval_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    tx.commit()?;
    Ok(rows)
}

/// `artifact-conflict-overwrites`: the refused submission's hash replaces the stored one.
pub fn overwrite_hash(conn: &Connection, request_id: &str, hash: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE exchanges SET artifact_hash = ?2 WHERE request_id = ?1",
        params![request_id, hash],
    )
    .map(drop)
}

/// `request-id-case-folded`: an existing requestId equal to `request_id` ignoring case.
pub fn existing_id_nocase(conn: &Connection, request_id: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT request_id FROM exchanges WHERE request_id = ?1 COLLATE NOCASE LIMIT 1",
        [request_id],
        |r| r.get(0),
    )
    .optional()
}

/// `decision-hash-mismatch-accepted`: the stored artifactHash of an exchange.
pub fn exchange_hash(conn: &Connection, request_id: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT artifact_hash FROM exchanges WHERE request_id = ?1",
        [request_id],
        |r| r.get(0),
    )
    .optional()
}

/// `decided-exchange-expires`: decided and delivered exchanges past expiry become `expired`.
pub fn expire_decided(conn: &Connection, now: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "UPDATE exchanges SET state = 'expired' \
         WHERE state IN ('decided', 'delivered') AND expires_ms <= ?1 RETURNING request_id",
    )?;
    stmt.query_map([now], |r| r.get(0))?.collect()
}

/// `inbox-lists-decided`: an inbox page that ignores the exchange state and expiry.
pub fn page_any_state(
    conn: &Connection,
    approver_id: &str,
    after: i64,
    limit: usize,
) -> rusqlite::Result<(Vec<ApprovalMessage>, Option<i64>)> {
    let fetch = i64::try_from(limit).unwrap_or(i64::MAX - 1) + 1;
    let mut items = conn
        .prepare(&format!(
            "{APPROVAL_SELECT} WHERE a.approver_id = ?1 AND a.seq > ?2 ORDER BY a.seq LIMIT ?3"
        ))?
        .query_map(params![approver_id, after, fetch], approval_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let next = if items.len() > limit {
        items.truncate(limit);
        items.last().map(|m| m.seq)
    } else {
        None
    };
    Ok((items, next))
}

/// `decision-different-accepted` / `decision-on-expired-accepted`: records `d` whatever the
/// exchange's state or earlier decision, and returns its `decision.deliver`.
pub fn force_decide(
    conn: &mut Connection,
    d: &NewDecision,
    now: i64,
) -> rusqlite::Result<Option<DeliverMessage>> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT OR REPLACE INTO decisions (request_id, approver_id, decision, signer_key_id, \
         nonce, decision_hash, body, msg_id, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            d.request_id,
            d.approver_id,
            d.decision,
            d.signer_key_id,
            d.nonce,
            d.decision_hash,
            d.body,
            uuid::Uuid::new_v4().to_string(),
            format_ms(now)
        ],
    )?;
    tx.execute(
        "UPDATE exchanges SET state = 'decided' WHERE request_id = ?1",
        [&d.request_id],
    )?;
    let m = tx
        .query_row(
            &format!("{DELIVER_SELECT} WHERE d.request_id = ?1"),
            [&d.request_id],
            deliver_from_row,
        )
        .optional()?;
    tx.commit()?;
    Ok(m)
}

/// `decision-duplicate-redelivered`: gives the stored decision.deliver a fresh msgId (unacked) and
/// returns it for delivery again.
pub fn reissue_decision(
    conn: &mut Connection,
    request_id: &str,
) -> rusqlite::Result<Option<DeliverMessage>> {
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE decisions SET msg_id = ?2, acked_at = NULL WHERE request_id = ?1",
        params![request_id, uuid::Uuid::new_v4().to_string()],
    )?;
    let m = tx
        .query_row(
            &format!("{DELIVER_SELECT} WHERE d.request_id = ?1"),
            [request_id],
            deliver_from_row,
        )
        .optional()?;
    tx.commit()?;
    Ok(m)
}

/// `ack-repeat-rejected`: whether the message `msg_id` (approval request or decision) was acked.
pub fn already_acked(conn: &Connection, msg_id: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM decisions WHERE msg_id = ?1 AND acked_at IS NOT NULL) \
         OR EXISTS (SELECT 1 FROM approval_requests WHERE msg_id = ?1 AND acked_at IS NOT NULL)",
        [msg_id],
        |r| r.get(0),
    )
}

/// `expired-request-id-reusable`: whether the exchange `request_id` has expired.
pub fn is_expired(conn: &Connection, request_id: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM exchanges WHERE request_id = ?1 AND state = 'expired')",
        [request_id],
        |r| r.get(0),
    )
}

/// `artifact-resubmission-replaces`: a resubmission's ciphertext replaces the stored one.
pub fn overwrite_ciphertext(
    conn: &Connection,
    request_id: &str,
    ciphertext: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE exchanges SET ciphertext = ?2 WHERE request_id = ?1",
        params![request_id, ciphertext],
    )
    .map(drop)
}

/// `decision-returned-once`: marks the decision.deliver `msg_id` as taken (acked); false when a
/// long-poll had already taken it.
pub fn take_decision(conn: &Connection, msg_id: &str, now: i64) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE decisions SET acked_at = ?2 WHERE msg_id = ?1 AND acked_at IS NULL",
        params![msg_id, format_ms(now)],
    )?;
    Ok(changed > 0)
}

/// `pairing-code-short`: gives session `nonce` a fresh 4-digit code and returns it.
pub fn set_pairing_code(conn: &Connection, nonce: &str) -> rusqlite::Result<String> {
    let mut last = None;
    for _ in 0..16 {
        let code = format!("{:04}", rand::random_range(0..10_000u32));
        match conn.execute(
            "UPDATE pairing_sessions SET code = ?2 WHERE nonce = ?1",
            params![nonce, code],
        ) {
            Ok(_) => return Ok(code),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or(rusqlite::Error::QueryReturnedNoRows))
}

/// `pairing-code-reusable`: the completed session of `tenant` with `code`, if any.
pub fn resolve_completed(
    conn: &Connection,
    code: &str,
    tenant: &str,
) -> rusqlite::Result<Option<Session>> {
    let nonce: Option<String> = conn
        .query_row(
            "SELECT nonce FROM pairing_sessions WHERE code = ?1 AND tenant = ?2 \
             AND state = 'completed'",
            params![code, tenant],
            |r| r.get(0),
        )
        .optional()?;
    let Some(nonce) = nonce else {
        return Ok(None);
    };
    let admin = Identity {
        name: "fault".into(),
        id: "fault".into(),
        credential: String::new(),
        role: Role::Admin,
        tenant: tenant.to_owned(),
        client_cert_sha256: None,
    };
    Ok(match pairing::status(conn, &nonce, &admin)? {
        Lookup::Found(s) => Some(s),
        _ => None,
    })
}
