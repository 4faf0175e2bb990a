//! Pairing (ext, BND §3.12, TV/10): the enforcer initiates (`POST /v1/pairing/initiate`) and polls
//! `GET /v1/pairing/{nonce}/status`; an approver of the same tenant resolves the code
//! (`GET /v1/pairing/resolve/{code}`) and completes (`POST /v1/pairing/complete`), which mints the
//! routing token. Bodies and replies are bare JSON; errors are error envelopes. Codes are
//! single-use and expire after `pairing_ttl` (C-36).

use axum::Extension;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{Value, json};

use super::ext_body::{bare_json, opt_string, req_string, required_object};
use crate::auth::{Caller, Role, require_role};
use crate::clock;
use crate::error::{ApiError, ErrorCode};
use crate::faults::Fault;
use crate::state::AppState;
use crate::store::pairing::{self, CompleteOutcome, NewPairing};
use crate::store::{Lookup, faulty};

pub async fn initiate(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    require_role(&caller, Role::Enforcer, "initiate pairing")?;
    if state.faults.on(Fault::PairingNotOffered) {
        return Err(ApiError::not_found(
            "pairing is not offered by this gateway",
        ));
    }
    let map = required_object(&headers, body, state.settings.body_max_bytes).await?;
    let enforcer_id = req_string(&map, "enforcerId")?;
    if enforcer_id != caller.id {
        return Err(ApiError::forbidden(
            "`enforcerId` must be the authenticated enforcer",
        ));
    }
    let new = NewPairing {
        tenant: caller.tenant.clone(),
        enforcer_id,
        enforcer_label: opt_string(&map, "enforcerLabel")?,
        workspace_name: opt_string(&map, "workspaceName")?,
        public_key: opt_string(&map, "publicKey")?,
    };
    let ttl_ms = if state.faults.on(Fault::PairingTtlDay) {
        86_400_000
    } else {
        i64::try_from(state.settings.ext.pairing_ttl.as_millis()).unwrap_or(i64::MAX)
    };
    let now = clock::now_ms();
    let mut s = state
        .store
        .call(move |c| pairing::initiate(c, &new, ttl_ms, now))
        .await?;
    if state.faults.on(Fault::PairingCodeShort) {
        let nonce = s.nonce.clone();
        let shorten = move |c: &mut _| faulty::set_pairing_code(c, &nonce);
        s.code = state.store.call(shorten).await?;
    }
    Ok(bare_json(&json!({
        "code": s.code,
        "nonce": s.nonce,
        "expiresAt": s.expires_at,
    })))
}

pub async fn resolve(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(code) = path.map_err(|e| ApiError::parameter(e.body_text()))?;
    require_role(&caller, Role::Approver, "resolve pairing codes")?;
    let (c2, tenant, now) = (code.clone(), caller.tenant.clone(), clock::now_ms());
    let reusable = state.faults.on(Fault::PairingCodeReusable);
    let s = state
        .store
        .call(move |c| match pairing::resolve(c, &c2, &tenant, now)? {
            None if reusable => faulty::resolve_completed(c, &c2, &tenant),
            found => Ok(found),
        })
        .await?
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "no pending pairing with code `{code}` (unknown, expired or already used)"
            ))
        })?;
    let mut out = json!({ "nonce": s.nonce, "enforcerLabel": s.label() });
    insert_opt(&mut out, "publicKey", s.public_key.as_deref());
    insert_opt(&mut out, "workspaceName", s.workspace_name.as_deref());
    Ok(bare_json(&out))
}

pub async fn status(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(nonce) = path.map_err(|e| ApiError::parameter(e.body_text()))?;
    let (n2, who) = (nonce.clone(), caller.0.clone());
    let s = match state
        .store
        .call(move |c| pairing::status(c, &n2, &who))
        .await?
    {
        Lookup::Found(s) => s,
        Lookup::NotFound => {
            return Err(ApiError::not_found(format!(
                "no pairing session with nonce `{nonce}`"
            )));
        }
        Lookup::Forbidden => {
            return Err(ApiError::forbidden(
                "only the enforcer that initiated this pairing may read its status",
            ));
        }
    };
    let state_name = if s.completed {
        "completed"
    } else if s.expires_ms <= clock::now_ms() {
        "expired"
    } else {
        "pending"
    };
    let mut out = json!({
        "state": state_name,
        "nonce": s.nonce,
        "enforcerId": s.enforcer_id,
        "expiresAt": s.expires_at,
    });
    insert_opt(&mut out, "routingToken", s.routing_token.as_deref());
    insert_opt(&mut out, "approverId", s.approver_id.as_deref());
    insert_opt(
        &mut out,
        "approverPublicKey",
        s.approver_public_key.as_deref(),
    );
    Ok(bare_json(&out))
}

pub async fn complete(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    require_role(&caller, Role::Approver, "complete pairing")?;
    let map = required_object(&headers, body, state.settings.body_max_bytes).await?;
    let nonce = req_string(&map, "nonce")?;
    let approver_id = req_string(&map, "approverId")?;
    let public_key = opt_string(&map, "publicKey")?;
    if approver_id != caller.id {
        return Err(ApiError::forbidden(
            "`approverId` must be the authenticated approver",
        ));
    }
    let (n2, who, now) = (nonce.clone(), caller.0.clone(), clock::now_ms());
    let outcome = state
        .store
        .call(move |c| pairing::complete(c, &n2, &who, public_key.as_deref(), now))
        .await?;
    let s = match outcome {
        CompleteOutcome::Completed(s) => s,
        CompleteOutcome::NotFound => {
            return Err(ApiError::not_found(format!(
                "no pending pairing session with nonce `{nonce}` (unknown or expired)"
            )));
        }
        CompleteOutcome::AlreadyCompleted if state.faults.on(Fault::PairingCompleteTwice) => {
            let token = pairing::fresh_secret("rt-");
            return Ok(bare_json(&json!({ "routingToken": token })));
        }
        CompleteOutcome::AlreadyCompleted => {
            return Err(ApiError::new(
                ErrorCode::StateConflict,
                "this pairing session is already completed",
            ));
        }
    };
    let mut out = json!({
        "routingToken": s.routing_token,
        "enforcerLabel": s.label(),
    });
    insert_opt(&mut out, "workspaceName", s.workspace_name.as_deref());
    Ok(bare_json(&out))
}

fn insert_opt(out: &mut Value, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        out[key] = Value::String(v.to_owned());
    }
}
