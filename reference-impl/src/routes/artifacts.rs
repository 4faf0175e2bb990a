//! `POST /v1/artifacts` (and WS `artifact.submit`): creates an exchange, idempotent on
//! (requestId, artifactHash), and pushes `approval.request` to the selected approvers.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::{Extension, response::Response};
use serde_json::json;

use super::body;
use super::render::Reply;
use crate::auth::{Caller, Role, require_role};
use crate::clock;
use crate::delivery::{push, routing};
use crate::envelope::{inbound, outbound};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use crate::store::{ArtifactOutcome, NewExchange, exchanges};

const ACTION: &str = "submit artifacts";

/// REST handler: the role is checked before the body is read.
pub async fn post(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    require_role(&caller, Role::Enforcer, ACTION)?;
    let bytes = body::intake(&headers, body, state.settings.artifact_max_bytes).await?;
    Ok(submit(&state, &caller, &bytes).await?.into_response())
}

/// Validates and applies one `artifact.submit` (shared by REST and WebSocket).
pub async fn submit(state: &AppState, caller: &Caller, bytes: &[u8]) -> Result<Reply, ApiError> {
    require_role(caller, Role::Enforcer, ACTION)?;
    let artifact = inbound::artifact_submit(bytes)?;
    if artifact.enforcer_id != caller.id {
        return Err(ApiError::forbidden(
            "`sender.enforcerId` must be the authenticated enforcer",
        ));
    }
    // Routing failures only matter for a new exchange: a resubmission still succeeds.
    let (approvers, unroutable) =
        match routing::select_approvers(&state.identities, caller, &artifact) {
            Ok(list) => (list, None),
            Err(e) => (Vec::new(), Some(e)),
        };
    let new = NewExchange {
        request_id: artifact.request_id.clone(),
        tenant: caller.tenant.clone(),
        enforcer_id: caller.id.clone(),
        artifact_type: artifact.artifact_type,
        artifact_hash: artifact.artifact_hash,
        ciphertext: artifact.ciphertext_raw,
        metadata: routing::forwarded_metadata(artifact.metadata.as_ref()),
        expires_at: artifact.expires.text,
        expires_ms: artifact.expires.ms,
    };
    let now = clock::now_ms();
    let outcome = state
        .store
        .call(move |c| exchanges::submit_artifact(c, &new, &approvers, now))
        .await?;
    let request_id = artifact.request_id;
    let state_name = match outcome {
        ArtifactOutcome::Created(messages) => {
            push::approvals(state, &messages);
            "pendingApproval"
        }
        ArtifactOutcome::Duplicate(s) => s.as_str(),
        ArtifactOutcome::Conflict => {
            return Err(ApiError::new(
                ErrorCode::AlreadyExistsConflict,
                "requestId is already used by an exchange with a different artifactHash",
            )
            .for_request(request_id));
        }
        ArtifactOutcome::Expired => {
            return Err(ApiError::new(
                ErrorCode::ArtifactExpired,
                "`body.expiresAt` is not in the future; no exchange was created",
            ));
        }
        ArtifactOutcome::NoApprover => {
            return Err(unroutable.unwrap_or_else(|| {
                ApiError::new(ErrorCode::NoApproverAvailable, "no approver is available")
            }));
        }
    };
    let envelope = outbound::reply(
        &state.settings.gateway_id,
        "artifact.accepted",
        &request_id,
        json!({ "requestId": request_id, "state": state_name }),
    )?;
    Ok(Reply {
        status: StatusCode::ACCEPTED,
        envelope,
    })
}
