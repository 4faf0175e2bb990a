//! `GET /v1/ws?role=enforcer|approver&id=…`: checks the query and the caller BEFORE upgrading
//! (bad role or missing id → 400, someone else's id → 403), then hands over to `ws_session`.

use std::collections::HashMap;

use axum::Extension;
use axum::extract::rejection::QueryRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::{Query, State};
use axum::response::Response;

use super::ws_session;
use crate::auth::{Caller, Role, require_self};
use crate::error::ApiError;
use crate::faults::Fault;
use crate::state::AppState;

pub async fn upgrade(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, ApiError> {
    let Query(mut params) = query.map_err(|e| ApiError::parameter(e.body_text()))?;
    if state.faults.on(Fault::WsQueryDefaulted) {
        let own_role = caller.role.as_str().to_owned();
        params.entry("role".into()).or_insert(own_role);
        params
            .entry("id".into())
            .or_insert_with(|| caller.id.clone());
    }
    let role = match params.get("role").map(String::as_str) {
        Some("enforcer") => Role::Enforcer,
        Some("approver") => Role::Approver,
        Some(_) if state.faults.on(Fault::WsRoleUnchecked) => caller.role,
        Some(other) => {
            return Err(ApiError::parameter(format!(
                "`role` must be `enforcer` or `approver` (got `{other}`)"
            )));
        }
        None => {
            return Err(ApiError::parameter(
                "`role` is required (enforcer or approver)",
            ));
        }
    };
    let id = params
        .get("id")
        .filter(|id| !id.is_empty())
        .ok_or_else(|| ApiError::parameter("`id` is required"))?;
    let other_approver = role == Role::Approver && caller.role == Role::Approver;
    if !(other_approver && state.faults.on(Fault::CrossApproverWebsocket)) {
        require_self(&caller, role, id)?;
    }
    let upgrade = upgrade.map_err(|e| {
        ApiError::parameter(format!(
            "expected a WebSocket upgrade request: {}",
            e.body_text()
        ))
    })?;
    let limit = if state.faults.on(Fault::WsOversizeProcessed) {
        1 << 30
    } else {
        state.settings.ws_max_message_bytes
    };
    Ok(upgrade
        .max_message_size(limit)
        .max_frame_size(limit)
        .on_upgrade(move |socket| ws_session::run(state, caller, socket)))
}
