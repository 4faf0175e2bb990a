//! `POST /v1/requests/{requestId}/refresh?enforcerDeviceId=` (ext, BND §3.9): an approver of the
//! tenant asks the exchange's enforcer to resubmit. The gateway pushes a `refresh.request`
//! envelope (TV/08) over the enforcer's live WebSocket and answers bare `{"status":"forwarded"}`;
//! 503 when the enforcer has no live WebSocket. Pending and expired exchanges only.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Extension;
use axum::body::Body;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::json;

use super::ext_body;
use crate::auth::{Caller, Role, require_role};
use crate::clock;
use crate::delivery::Outbound;
use crate::envelope::outbound;
use crate::error::{ApiError, ErrorCode};
use crate::faults::Fault;
use crate::state::AppState;
use crate::store::ExchangeState;
use crate::store::withdraw;

pub const REFRESH_REQUEST: &str = "refresh.request";

pub async fn post(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let Path(request_id) = path.map_err(|e| ApiError::parameter(e.body_text()))?;
    require_role(&caller, Role::Approver, "request refreshes")?;
    let Query(params) = query.map_err(|e| ApiError::parameter(e.body_text()))?;
    let device = match params.get("enforcerDeviceId").filter(|d| !d.is_empty()) {
        None if state.faults.on(Fault::RefreshDeviceDefaulted) => None,
        None => return Err(ApiError::parameter("`enforcerDeviceId` is required")),
        Some(d) => Some(d.clone()),
    };
    let body = ext_body::optional_object(&headers, body, state.settings.body_max_bytes).await?;
    let reason = match &body {
        Some(map) => ext_body::opt_string(map, "reason")?,
        None => None,
    };
    let (id, now) = (request_id.clone(), clock::now_ms());
    let head = state
        .store
        .call(move |c| withdraw::head(c, &id, now))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no exchange with requestId `{request_id}`")))?;
    if head.tenant != caller.tenant {
        return Err(ApiError::forbidden(
            "this exchange belongs to another tenant",
        ));
    }
    // enforcerDeviceId is the enforcerId (identity mapping, C-17).
    let device = device.unwrap_or_else(|| head.enforcer_id.clone());
    if device != head.enforcer_id {
        return Err(ApiError::parameter(format!(
            "`enforcerDeviceId` `{device}` is not the enforcer of this exchange"
        ))
        .for_request(request_id));
    }
    let default_reason = match head.state {
        ExchangeState::PendingApproval => "Approver requested refresh",
        ExchangeState::Expired if !state.faults.on(Fault::RefreshExpiredRefused) => {
            "Approver requested refresh for expired artifact"
        }
        other => {
            return Err(ApiError::new(
                ErrorCode::StateConflict,
                format!(
                    "the exchange is {}; only pending or expired exchanges can be refreshed",
                    other.as_str()
                ),
            )
            .for_request(request_id));
        }
    };
    let envelope = outbound::reply(
        &state.settings.gateway_id,
        REFRESH_REQUEST,
        &request_id,
        json!({ "reason": reason.as_deref().unwrap_or(default_reason) }),
    )?;
    let msg = Outbound {
        event: REFRESH_REQUEST,
        data: Arc::from(envelope),
    };
    let sent = state.presence.send_ws(&head.enforcer_id, &msg);
    if !sent && !state.faults.on(Fault::RefreshOffline200) {
        return Err(ApiError::new(
            ErrorCode::Unavailable,
            format!(
                "enforcer `{}` has no live WebSocket channel; the refresh cannot be forwarded",
                head.enforcer_id
            ),
        )
        .for_request(request_id));
    }
    Ok(ext_body::bare_json(&json!({ "status": "forwarded" })))
}
