//! `GET /v1/approvers/{approverId}/inbox?cursor=&limit=`: the approver's pending items, paged by
//! an opaque cursor (base64url of the last row key).

use std::collections::HashMap;

use axum::Extension;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::render::harp;
use crate::auth::{Caller, Role, require_approver_or_admin};
use crate::clock;
use crate::envelope::outbound;
use crate::error::ApiError;
use crate::faults::{Fault, reencode_ciphertext};
use crate::state::AppState;
use crate::store::{ApprovalMessage, faulty, inbox};

pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 200;

pub async fn get(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Path(approver_id) = path.map_err(|e| ApiError::parameter(e.body_text()))?;
    let waived = match caller.role {
        Role::Approver => state.faults.on(Fault::CrossApproverInbox),
        Role::Enforcer => state.faults.on(Fault::EnforcerReadsInbox),
        Role::Admin => false,
    };
    if !waived {
        require_approver_or_admin(&caller, &approver_id)?;
    }
    let Query(params) = query.map_err(|e| ApiError::parameter(e.body_text()))?;
    let mut limit = parse_limit(params.get("limit").map(String::as_str))?;
    if state.faults.on(Fault::InboxLimitIgnored) {
        limit = MAX_LIMIT;
    }
    let after = match parse_cursor(params.get("cursor").map(String::as_str)) {
        Err(_) if state.faults.on(Fault::InboxCursorRestarts) => 0,
        parsed => parsed?,
    };
    let now = clock::now_ms();
    let id = approver_id.clone();
    let any_state = state.faults.on(Fault::InboxListsDecided);
    let (items, next) = state
        .store
        .call(move |c| match any_state {
            true => faulty::page_any_state(c, &id, after, limit),
            false => inbox::page(c, &id, after, limit, now),
        })
        .await?;
    let (mut items, mut next_cursor) = (items, next.map(encode_cursor));
    if state.faults.on(Fault::InboxHidesPushed)
        && state.registry.count(Role::Approver, &approver_id) > 0
    {
        items.clear();
    }
    if state.faults.on(Fault::InboxEmptyCursor) && items.is_empty() {
        next_cursor = Some(String::new());
    }
    if state.faults.on(Fault::InboxCiphertextReencoded) {
        let reencode = |m: &mut ApprovalMessage| m.ciphertext = reencode_ciphertext(&m.ciphertext);
        items.iter_mut().for_each(reencode);
    }
    let envelope = outbound::inbox_page(&state.settings.gateway_id, &items, next_cursor)?;
    Ok(harp(StatusCode::OK, envelope))
}

/// `limit`: a positive integer, default 50, larger values clamped to 200.
pub fn parse_limit(raw: Option<&str>) -> Result<usize, ApiError> {
    match raw.filter(|s| !s.is_empty()) {
        None => Ok(DEFAULT_LIMIT),
        Some(s) => match s.parse::<u64>() {
            Ok(0) | Err(_) => Err(ApiError::parameter(format!(
                "`limit` must be a positive integer (got `{s}`)"
            ))),
            Ok(n) => Ok(usize::try_from(n).unwrap_or(MAX_LIMIT).min(MAX_LIMIT)),
        },
    }
}

/// `cursor`: absent or empty = first page; otherwise one this gateway issued.
pub fn parse_cursor(raw: Option<&str>) -> Result<i64, ApiError> {
    let Some(s) = raw.filter(|s| !s.is_empty()) else {
        return Ok(0);
    };
    URL_SAFE_NO_PAD
        .decode(s)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|t| t.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .ok_or_else(|| ApiError::parameter("`cursor` is not a cursor issued by this gateway"))
}

/// The opaque cursor for row key `seq`.
pub fn encode_cursor(seq: i64) -> String {
    URL_SAFE_NO_PAD.encode(seq.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        assert_eq!(parse_limit(None).ok(), Some(50));
        assert_eq!(parse_limit(Some("2")).ok(), Some(2));
        assert_eq!(parse_limit(Some("999")).ok(), Some(200));
        for bad in ["0", "-1", "abc", "1.5"] {
            assert!(parse_limit(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn cursors_round_trip_and_garbage_fails() {
        assert_eq!(parse_cursor(Some(&encode_cursor(42))).ok(), Some(42));
        assert_eq!(parse_cursor(None).ok(), Some(0));
        assert!(parse_cursor(Some("%garbage")).is_err());
        assert!(parse_cursor(Some("!!")).is_err());
    }
}
