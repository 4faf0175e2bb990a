//! Ext inbox surfaces: `GET /v1/approvers/{approverId}/inbox/expired` (exchanges that expired
//! undecided, item status `Expired`) and `DELETE /v1/approvers/{approverId}/inbox/{requestId}`
//! (204; removes the item from that approver's active listing only, C-39).

use std::collections::HashMap;

use axum::Extension;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::ext_body::bare_json;
use super::inbox::{encode_cursor, parse_cursor, parse_limit};
use super::render::harp;
use crate::auth::{Caller, require_approver_or_admin};
use crate::clock;
use crate::envelope::outbound;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::state::AppState;
use crate::store::{faulty, withdraw};

pub async fn expired(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Path(approver_id) = path.map_err(|e| ApiError::parameter(e.body_text()))?;
    require_approver_or_admin(&caller, &approver_id)?;
    let Query(params) = query.map_err(|e| ApiError::parameter(e.body_text()))?;
    let limit = parse_limit(params.get("limit").map(String::as_str))?;
    let after = parse_cursor(params.get("cursor").map(String::as_str))?;
    let now = clock::now_ms();
    let any_state = state.faults.on(Fault::ExpiredInboxListsAny);
    let (items, next) = state
        .store
        .call(move |c| match any_state {
            true => faulty::page_any_state(c, &approver_id, after, limit),
            false => withdraw::expired_page(c, &approver_id, after, limit, now),
        })
        .await?;
    let envelope = outbound::inbox_page_of(
        &state.settings.gateway_id,
        &items,
        next.map(encode_cursor),
        "Expired",
    )?;
    if state.faults.on(Fault::ExpiredInboxBareArray) {
        let page: serde_json::Value = serde_json::from_str(&envelope).unwrap_or_default();
        return Ok(bare_json(&page["body"]["items"]));
    }
    Ok(harp(StatusCode::OK, envelope))
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path((approver_id, request_id)) = path.map_err(|e| ApiError::parameter(e.body_text()))?;
    require_approver_or_admin(&caller, &approver_id)?;
    let (a, r, now) = (approver_id.clone(), request_id.clone(), clock::now_ms());
    let deleted = if state.faults.on(Fault::InboxDeleteIgnored) {
        true
    } else {
        let delete = move |c: &mut _| withdraw::delete_item(c, &a, &r, now);
        state.store.call(delete).await?
    };
    if deleted && state.faults.on(Fault::InboxDelete200) {
        let body = serde_json::json!({ "requestId": request_id, "deleted": true });
        let gateway = &state.settings.gateway_id;
        let envelope = outbound::reply(gateway, "inbox.deleted", &request_id, body)?;
        Ok(harp(StatusCode::OK, envelope))
    } else if deleted {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::not_found(format!(
            "approver `{approver_id}` has no inbox item for requestId `{request_id}`"
        )))
    }
}
