//! Ext inbox surfaces: `GET /v1/approvers/{approverId}/inbox/expired` (exchanges that expired
//! undecided, item status `Expired`) and `DELETE /v1/approvers/{approverId}/inbox/{requestId}`
//! (204; removes the item from that approver's active listing only, C-39).

use std::collections::HashMap;

use axum::Extension;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::inbox::{encode_cursor, parse_cursor, parse_limit};
use super::render::harp;
use crate::auth::{Caller, require_approver_or_admin};
use crate::clock;
use crate::envelope::outbound;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::withdraw;

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
    let (items, next) = state
        .store
        .call(move |c| withdraw::expired_page(c, &approver_id, after, limit, now))
        .await?;
    let envelope = outbound::inbox_page_of(
        &state.settings.gateway_id,
        &items,
        next.map(encode_cursor),
        "Expired",
    )?;
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
    let deleted = state
        .store
        .call(move |c| withdraw::delete_item(c, &a, &r, now))
        .await?;
    if deleted {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::not_found(format!(
            "approver `{approver_id}` has no inbox item for requestId `{request_id}`"
        )))
    }
}
