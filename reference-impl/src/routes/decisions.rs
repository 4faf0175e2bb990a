//! `POST /v1/decisions` (and WS `decision.submit`): records the decision, idempotent on
//! (requestId, signerKeyId, nonce) or (requestId, decisionHash), and routes `decision.deliver`.

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::body;
use super::render::Reply;
use crate::auth::{Caller, Role, require_role};
use crate::clock;
use crate::delivery::push;
use crate::envelope::{inbound, outbound};
use crate::error::{ApiError, ErrorCode};
use crate::faults::{self, Fault};
use crate::state::AppState;
use crate::store::{DecisionOutcome, NewDecision, exchanges, faulty};

const ACTION: &str = "submit decisions";

/// REST handler: the role is checked before the body is read.
pub async fn post(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    require_role(&caller, Role::Approver, ACTION)?;
    let limit = state.settings.body_max_bytes;
    let bytes = body::intake_with(&headers, body, limit, state.faults).await?;
    Ok(submit(&state, &caller, &bytes).await?.into_response())
}

/// Validates and applies one `decision.submit` (shared by REST and WebSocket).
pub async fn submit(state: &AppState, caller: &Caller, bytes: &[u8]) -> Result<Reply, ApiError> {
    require_role(caller, Role::Approver, ACTION)?;
    let d = inbound::decision_submit(bytes, state.faults)?;
    if d.approver_id != caller.id && !state.faults.on(Fault::SenderBindingOff) {
        return Err(ApiError::forbidden(
            "`sender.approverId` must be the authenticated approver",
        ));
    }
    let request_id = d.request_id.clone();
    let mut new = NewDecision {
        request_id: d.request_id,
        approver_id: d.approver_id,
        artifact_hash: d.artifact_hash,
        decision: d.decision,
        signer_key_id: d.signer_key_id,
        nonce: d.nonce,
        decision_hash: d.decision_hash,
        body: if state.faults.on(Fault::DecisionMemberDropped) {
            faults::without_member(&d.body_raw, "signature")
        } else {
            d.body_raw
        },
    };
    if state.faults.on(Fault::DecisionHashMismatchAccepted) {
        let id = new.request_id.clone();
        let stored = state.store.call(move |c| faulty::exchange_hash(c, &id));
        new.artifact_hash = stored.await?.unwrap_or(new.artifact_hash);
    }
    let retry = new.clone();
    let mut who = caller.0.clone();
    if state.faults.on(Fault::DecisionTenantUnchecked) {
        let mut anyone = (*who).clone();
        anyone.role = Role::Admin;
        who = std::sync::Arc::new(anyone);
    }
    let now = clock::now_ms();
    let outcome = state
        .store
        .call(move |c| exchanges::submit_decision(c, &new, &who, now))
        .await?;
    match outcome {
        DecisionOutcome::Created(m) => push::decision(state, &m),
        DecisionOutcome::Duplicate(m)
            if state.faults.on(Fault::DecisionSameKeyReplaces)
                && faults::decision_value(&m.body).as_deref() != Some(retry.decision.as_str()) =>
        {
            force_decide(state, retry, now).await?;
        }
        DecisionOutcome::Duplicate(_) if state.faults.on(Fault::DecisionDuplicateRejected) => {
            return Err(ApiError::new(
                ErrorCode::AlreadyDecidedConflict,
                "the exchange already has a decision",
            )
            .for_request(request_id));
        }
        DecisionOutcome::Duplicate(_) if state.faults.on(Fault::DecisionDuplicateRedelivered) => {
            let id = request_id.clone();
            let again = state.store.call(move |c| faulty::reissue_decision(c, &id));
            if let Some(m) = again.await? {
                push::decision(state, &m);
            }
        }
        DecisionOutcome::Duplicate(_) => {}
        DecisionOutcome::AlreadyDecided if state.faults.on(Fault::DecisionDifferentAccepted) => {
            force_decide(state, retry, now).await?;
        }
        DecisionOutcome::Expired if state.faults.on(Fault::DecisionOnExpiredAccepted) => {
            force_decide(state, retry, now).await?;
        }
        DecisionOutcome::Withdrawn if state.faults.on(Fault::WithdrawnDecisionAccepted) => {
            force_decide(state, retry, now).await?;
        }
        DecisionOutcome::NotFound => {
            return Err(ApiError::not_found(format!(
                "no exchange with requestId `{request_id}`"
            )));
        }
        DecisionOutcome::Forbidden => {
            return Err(ApiError::forbidden(
                "this exchange belongs to another tenant",
            ));
        }
        DecisionOutcome::AlreadyDecided => {
            return Err(ApiError::new(
                ErrorCode::AlreadyDecidedConflict,
                "the exchange already has a different decision",
            )
            .for_request(request_id));
        }
        DecisionOutcome::Expired => {
            return Err(ApiError::new(
                ErrorCode::StateConflict,
                "the exchange has expired and accepts no decision",
            )
            .for_request(request_id));
        }
        DecisionOutcome::Withdrawn => {
            return Err(ApiError::new(
                ErrorCode::StateConflict,
                "the exchange was withdrawn by its enforcer and accepts no decision",
            )
            .for_request(request_id));
        }
        DecisionOutcome::HashMismatch => {
            return Err(ApiError::new(
                ErrorCode::HashMismatch,
                "`body.artifactHash` does not match the exchange's artifactHash",
            )
            .for_request(request_id));
        }
    }
    let envelope = outbound::reply(
        &state.settings.gateway_id,
        "decision.accepted",
        &request_id,
        json!({ "requestId": request_id, "state": "decided" }),
    )?;
    let status = if state.faults.on(Fault::DecisionAccepted202) {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    Ok(Reply { status, envelope })
}

/// Faults `decision-different-accepted` / `decision-on-expired-accepted`: records the decision
/// whatever the exchange's state and delivers it.
async fn force_decide(state: &AppState, d: NewDecision, now: i64) -> Result<(), ApiError> {
    let decided = state.store.call(move |c| faulty::force_decide(c, &d, now));
    if let Some(m) = decided.await? {
        push::decision(state, &m);
    }
    Ok(())
}
