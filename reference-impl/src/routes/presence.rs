//! Presence queries (ext, BND §3.10–3.11, TV/09): `GET /v1/presence/enforcers?tenantId=` (bare
//! JSON array) and `GET /v1/presence/enforcers/{enforcerDeviceId}` (one record, 404 unknown).
//! Any authenticated principal of the tenant may ask; another tenant is 403 (C-42).

use std::collections::HashMap;

use axum::Extension;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde_json::Value;

use super::ext_body::bare_json;
use crate::auth::{Caller, Identity, Role};
use crate::delivery::presence::{PresenceRecord, Transport};
use crate::error::ApiError;
use crate::faults::Fault;
use crate::state::AppState;

pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = query.map_err(|e| ApiError::parameter(e.body_text()))?;
    let tenant = match params.get("tenantId").filter(|t| !t.is_empty()) {
        None if state.faults.on(Fault::PresenceTenantDefaulted) => &caller.tenant,
        None => return Err(ApiError::parameter("`tenantId` is required")),
        Some(t) => t,
    };
    if !state.faults.on(Fault::PresenceTenantUnchecked) {
        require_tenant(&caller, tenant)?;
    }
    let records = state.presence.list(tenant, state.settings.ext.presence_ttl);
    Ok(bare_json(&Value::Array(
        records.iter().map(|r| served(&state, r.clone())).collect(),
    )))
}

pub async fn one(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(id) = path.map_err(|e| ApiError::parameter(e.body_text()))?;
    let record = state
        .presence
        .get(&id, state.settings.ext.presence_ttl)
        .ok_or_else(|| ApiError::not_found(format!("no presence record for enforcer `{id}`")))?;
    require_tenant(&caller, &record.tenant)?;
    Ok(bare_json(&served(&state, record)))
}

/// A record as served; `presence-transport-poll` / `presence-sticky-online` distort it.
fn served(state: &AppState, mut record: PresenceRecord) -> Value {
    if state.faults.on(Fault::PresenceTransportPoll) {
        record.transport = Transport::Poll;
    }
    if state.faults.on(Fault::PresenceStickyOnline) {
        record.online = true;
    }
    record.to_json()
}

fn require_tenant(caller: &Identity, tenant: &str) -> Result<(), ApiError> {
    if caller.role == Role::Admin || caller.tenant == tenant {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "presence of another tenant is not visible to this caller",
        ))
    }
}
