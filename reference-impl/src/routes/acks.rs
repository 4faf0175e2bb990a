//! `POST /v1/acks` (and WS `ack.submit`): stops redelivery of the acked message; an ack of a
//! `decision.deliver` moves the exchange to `delivered`. Unknown msgIds are a harmless no-op.

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::body;
use super::render::Reply;
use crate::auth::{Caller, Role};
use crate::clock;
use crate::envelope::{inbound, outbound};
use crate::error::{ApiError, ErrorCode};
use crate::faults::Fault;
use crate::state::AppState;
use crate::store::{exchanges, faulty};

/// REST handler: the role is checked before the body is read.
pub async fn post(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    require_recipient_role(&caller)?;
    let limit = state.settings.body_max_bytes;
    let bytes = body::intake_with(&headers, body, limit, state.faults).await?;
    Ok(submit(&state, &caller, &bytes).await?.into_response())
}

fn require_recipient_role(caller: &Caller) -> Result<(), ApiError> {
    match caller.role {
        Role::Enforcer | Role::Approver => Ok(()),
        Role::Admin => Err(ApiError::forbidden(
            "only enforcers and approvers receive messages to acknowledge",
        )),
    }
}

/// Validates and applies one `ack.submit` (shared by REST and WebSocket).
pub async fn submit(state: &AppState, caller: &Caller, bytes: &[u8]) -> Result<Reply, ApiError> {
    require_recipient_role(caller)?;
    if caller.role == Role::Approver && state.faults.on(Fault::ApproverAckRefused) {
        return Err(ApiError::forbidden("only enforcers acknowledge messages"));
    }
    let ack = inbound::ack_submit(bytes, state.faults)?;
    let claimed = match caller.role {
        Role::Enforcer => ack.enforcer_id.as_deref(),
        _ => ack.approver_id.as_deref(),
    };
    if claimed != Some(caller.id.as_str()) && !state.faults.on(Fault::SenderBindingOff) {
        return Err(ApiError::forbidden(format!(
            "`sender.{}Id` must be the authenticated {}",
            caller.role.as_str(),
            caller.role.as_str()
        )));
    }
    if state.faults.on(Fault::AckRepeatRejected) {
        let id = ack.msg_id.clone();
        if state
            .store
            .call(move |c| faulty::already_acked(c, &id))
            .await?
        {
            return Err(ApiError::new(
                ErrorCode::StateConflict,
                "this message was already acknowledged",
            )
            .for_request(ack.request_id));
        }
    }
    let msg_id = ack.msg_id.clone();
    let who = caller.0.clone();
    let now = clock::now_ms();
    let outcome = if state.faults.on(Fault::AckIgnored) {
        exchanges::AckOutcome::Ignored
    } else {
        state
            .store
            .call(move |c| exchanges::ack(c, &msg_id, &who, now))
            .await?
    };
    tracing::debug!(msg_id = %ack.msg_id, ?outcome, "ack");
    let envelope = outbound::reply(
        &state.settings.gateway_id,
        "ack.accepted",
        &ack.request_id,
        json!({ "msgId": ack.msg_id, "status": ack.status }),
    )?;
    let status = if state.faults.on(Fault::AckAccepted202) {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    Ok(Reply { status, envelope })
}
