//! Ext-binding store operations on exchanges and inbox items: withdrawal by the owning enforcer,
//! per-approver deletion of inbox items, and the expired-inbox listing.

use rusqlite::{Connection, OptionalExtension, params};

use super::exchanges::{APPROVAL_SELECT, approval_from_row, expire_due};
use super::models::{ApprovalMessage, ExchangeState};
use crate::auth::{Identity, Role};
use crate::clock::format_ms;

/// Outcome of `POST /v1/exchanges/{requestId}/withdraw`.
#[derive(Debug, PartialEq, Eq)]
pub enum WithdrawOutcome {
    NotFound,
    /// Not the enforcer that submitted the exchange.
    Forbidden,
    /// Not pending any more (decided, delivered, expired or already withdrawn).
    Conflict(ExchangeState),
    Withdrawn {
        withdrawn_at: String,
    },
}

/// Withdraws a pending exchange of `caller`; its inbox items leave every active listing at once
/// (the listings only show pending exchanges).
pub fn withdraw(
    conn: &mut Connection,
    request_id: &str,
    caller: &Identity,
    reason: Option<&str>,
    now: i64,
) -> rusqlite::Result<WithdrawOutcome> {
    let tx = conn.transaction()?;
    expire_due(&tx, now)?;
    let head: Option<(String, String, String)> = tx
        .query_row(
            "SELECT tenant, enforcer_id, state FROM exchanges WHERE request_id = ?1",
            [request_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((tenant, enforcer_id, state)) = head else {
        return Ok(WithdrawOutcome::NotFound);
    };
    let owner =
        caller.role == Role::Enforcer && caller.id == enforcer_id && caller.tenant == tenant;
    if !owner {
        return Ok(WithdrawOutcome::Forbidden);
    }
    let state = ExchangeState::parse(&state);
    if state != ExchangeState::PendingApproval {
        return Ok(WithdrawOutcome::Conflict(state));
    }
    let withdrawn_at = format_ms(now);
    tx.execute(
        "UPDATE exchanges SET state = 'withdrawn', withdrawn_at = ?2, withdraw_reason = ?3 \
         WHERE request_id = ?1",
        params![request_id, withdrawn_at, reason],
    )?;
    tx.commit()?;
    Ok(WithdrawOutcome::Withdrawn { withdrawn_at })
}

/// Removes `request_id` from `approver_id`'s active inbox (and from redelivery); false when there
/// is no such item or it was deleted before.
pub fn delete_item(
    conn: &Connection,
    approver_id: &str,
    request_id: &str,
    now: i64,
) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE approval_requests SET deleted_at = ?3 \
         WHERE approver_id = ?1 AND request_id = ?2 AND deleted_at IS NULL",
        params![approver_id, request_id, format_ms(now)],
    )?;
    Ok(changed > 0)
}

/// One page of `approver_id`'s items whose exchange expired undecided, after row key `after`.
pub fn expired_page(
    conn: &Connection,
    approver_id: &str,
    after: i64,
    limit: usize,
    now: i64,
) -> rusqlite::Result<(Vec<ApprovalMessage>, Option<i64>)> {
    expire_due(conn, now)?;
    let mut stmt = conn.prepare_cached(&format!(
        "{APPROVAL_SELECT} WHERE a.approver_id = ?1 AND a.seq > ?2 \
         AND e.state = 'expired' ORDER BY a.seq LIMIT ?3"
    ))?;
    let fetch = i64::try_from(limit).unwrap_or(i64::MAX - 1) + 1;
    let mut items = stmt
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

/// Who owns an exchange and its current state (after expiring what is due).
#[derive(Debug)]
pub struct Head {
    pub tenant: String,
    pub enforcer_id: String,
    pub state: ExchangeState,
}

/// The owner and state of `request_id`, if it exists.
pub fn head(conn: &Connection, request_id: &str, now: i64) -> rusqlite::Result<Option<Head>> {
    expire_due(conn, now)?;
    conn.query_row(
        "SELECT tenant, enforcer_id, state FROM exchanges WHERE request_id = ?1",
        [request_id],
        |r| {
            Ok(Head {
                tenant: r.get(0)?,
                enforcer_id: r.get(1)?,
                state: ExchangeState::parse(&r.get::<_, String>(2)?),
            })
        },
    )
    .optional()
}
