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
use crate::state::AppState;
use crate::store::{DecisionOutcome, NewDecision, exchanges};

const ACTION: &str = "submit decisions";

/// REST handler: the role is checked before the body is read.
pub async fn post(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    require_role(&caller, Role::Approver, ACTION)?;
    let bytes = body::intake(&headers, body, state.settings.body_max_bytes).await?;
    Ok(submit(&state, &caller, &bytes).await?.into_response())
}

/// Validates and applies one `decision.submit` (shared by REST and WebSocket).
pub async fn submit(state: &AppState, caller: &Caller, bytes: &[u8]) -> Result<Reply, ApiError> {
    require_role(caller, Role::Approver, ACTION)?;
    let d = inbound::decision_submit(bytes)?;
    if d.approver_id != caller.id {
        return Err(ApiError::forbidden(
            "`sender.approverId` must be the authenticated approver",
        ));
    }
    let request_id = d.request_id.clone();
    let new = NewDecision {
        request_id: d.request_id,
        approver_id: d.approver_id,
        artifact_hash: d.artifact_hash,
        decision: d.decision,
        signer_key_id: d.signer_key_id,
        nonce: d.nonce,
        decision_hash: d.decision_hash,
        body: d.body_raw,
    };
    let who = caller.0.clone();
    let now = clock::now_ms();
    let outcome = state
        .store
        .call(move |c| exchanges::submit_decision(c, &new, &who, now))
        .await?;
    match outcome {
        DecisionOutcome::Created(m) => push::decision(state, &m),
        DecisionOutcome::Duplicate(_) => {}
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
    Ok(Reply {
        status: StatusCode::OK,
        envelope,
    })
}
