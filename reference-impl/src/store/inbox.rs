//! Queries over deliverables: approver inbox pages, and the unacked messages redelivered when a
//! channel connects.

use rusqlite::{Connection, params};

use super::exchanges::{
    APPROVAL_SELECT, DELIVER_SELECT, approval_from_row, deliver_from_row, expire_due,
};
use super::models::{ApprovalMessage, DeliverMessage};

/// One page of `approver_id`'s pending items after row key `after`; the next cursor is the last
/// row key when more items follow.
pub fn page(
    conn: &Connection,
    approver_id: &str,
    after: i64,
    limit: usize,
    now: i64,
) -> rusqlite::Result<(Vec<ApprovalMessage>, Option<i64>)> {
    expire_due(conn, now)?;
    let mut stmt = conn.prepare_cached(&format!(
        "{APPROVAL_SELECT} WHERE a.approver_id = ?1 AND a.seq > ?2 AND a.deleted_at IS NULL \
         AND e.state = 'pendingApproval' AND e.expires_ms > ?3 ORDER BY a.seq LIMIT ?4"
    ))?;
    let fetch = i64::try_from(limit).unwrap_or(i64::MAX - 1) + 1;
    let mut items = stmt
        .query_map(params![approver_id, after, now, fetch], approval_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let next = if items.len() > limit {
        items.truncate(limit);
        items.last().map(|m| m.seq)
    } else {
        None
    };
    Ok((items, next))
}

/// Pending approval requests of `approver_id` not acked yet (original msgIds), oldest first.
pub fn unacked_approvals(
    conn: &Connection,
    approver_id: &str,
    now: i64,
) -> rusqlite::Result<Vec<ApprovalMessage>> {
    expire_due(conn, now)?;
    let mut stmt = conn.prepare_cached(&format!(
        "{APPROVAL_SELECT} WHERE a.approver_id = ?1 AND a.acked_at IS NULL AND a.deleted_at IS NULL \
         AND e.state = 'pendingApproval' AND e.expires_ms > ?2 ORDER BY a.seq"
    ))?;
    stmt.query_map(params![approver_id, now], approval_from_row)?
        .collect()
}

/// Decisions for `enforcer_id` not acked yet (original msgIds), oldest first.
pub fn unacked_decisions(
    conn: &Connection,
    enforcer_id: &str,
) -> rusqlite::Result<Vec<DeliverMessage>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{DELIVER_SELECT} WHERE e.enforcer_id = ?1 AND d.acked_at IS NULL \
         AND e.state = 'decided' ORDER BY d.rowid"
    ))?;
    stmt.query_map([enforcer_id], deliver_from_row)?.collect()
}
