//! `POST /v1/exchanges/{requestId}/withdraw` (ext): the owning enforcer withdraws a pending
//! exchange. No body is needed (an empty body or an object with an optional `reason` is accepted);
//! 200 `exchange.withdrawn`, 409 unless pending, 404 unknown, 403 for anyone but the owner.

use axum::Extension;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::ext_body;
use super::render::harp;
use crate::auth::{Caller, Role, require_role};
use crate::clock;
use crate::envelope::outbound;
use crate::error::{ApiError, ErrorCode};
use crate::faults::Fault;
use crate::state::AppState;
use crate::store::withdraw::{self, WithdrawOutcome};

pub async fn post(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let Path(request_id) = path.map_err(|e| ApiError::parameter(e.body_text()))?;
    require_role(&caller, Role::Enforcer, "withdraw exchanges")?;
    let limit = state.settings.body_max_bytes;
    let reason = ext_body::optional_object(&headers, body, limit)
        .await?
        .map(|m| reason_of(&m))
        .transpose()?
        .flatten();
    let (id, mut who, why, now) = (
        request_id.clone(),
        caller.0.clone(),
        reason.clone(),
        clock::now_ms(),
    );
    if state.faults.on(Fault::WithdrawNotOwner) {
        let mut anyone = (*who).clone();
        anyone.role = Role::Admin;
        who = std::sync::Arc::new(anyone);
    }
    let outcome = state
        .store
        .call(move |c| withdraw::withdraw(c, &id, &who, why.as_deref(), now))
        .await?;
    let withdrawn_at = match outcome {
        WithdrawOutcome::Withdrawn { withdrawn_at } => withdrawn_at,
        WithdrawOutcome::NotFound => {
            return Err(ApiError::not_found(format!(
                "no exchange with requestId `{request_id}`"
            )));
        }
        WithdrawOutcome::Forbidden => {
            return Err(ApiError::forbidden(
                "only the enforcer that submitted the exchange may withdraw it",
            ));
        }
        WithdrawOutcome::Conflict(_) if state.faults.on(Fault::WithdrawAnyState) => {
            clock::format_ms(now)
        }
        WithdrawOutcome::Conflict(s) => {
            return Err(ApiError::new(
                ErrorCode::StateConflict,
                format!(
                    "the exchange is {} and can no longer be withdrawn",
                    s.as_str()
                ),
            )
            .for_request(request_id));
        }
    };
    // Long-polls on this exchange wake up and answer 409 (a withdrawn exchange never decides).
    state.waiters.notify(&request_id);
    let mut body = json!({
        "requestId": request_id,
        "state": "withdrawn",
        "withdrawnAt": withdrawn_at,
    });
    if let Some(reason) = reason {
        body["reason"] = Value::String(reason);
    }
    let envelope = outbound::reply(
        &state.settings.gateway_id,
        "exchange.withdrawn",
        &request_id,
        body,
    )?;
    let status = if state.faults.on(Fault::WithdrawAnswer202) {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    Ok(harp(status, envelope))
}

/// `reason` from a bare object or from an envelope-shaped body (`body.reason`).
fn reason_of(map: &Map<String, Value>) -> Result<Option<String>, ApiError> {
    if let Some(reason) = ext_body::opt_string(map, "reason")? {
        return Ok(Some(reason));
    }
    match map.get("body") {
        Some(Value::Object(inner)) => ext_body::opt_string(inner, "reason"),
        _ => Ok(None),
    }
}
