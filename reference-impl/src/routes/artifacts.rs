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
use crate::delivery::{push, routing, token_routing};
use crate::envelope::{inbound, outbound};
use crate::error::{ApiError, ErrorCode};
use crate::faults::{self, Fault};
use crate::state::AppState;
use crate::store::{ArtifactOutcome, NewExchange, exchanges, faulty};

const ACTION: &str = "submit artifacts";

/// REST handler: the role is checked before the body is read.
pub async fn post(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    require_role(&caller, Role::Enforcer, ACTION)?;
    let limit = state.settings.artifact_max_bytes;
    let bytes = body::intake_with(&headers, body, limit, state.faults).await?;
    Ok(submit(&state, &caller, &bytes).await?.into_response())
}

/// Validates and applies one `artifact.submit` (shared by REST and WebSocket).
pub async fn submit(state: &AppState, caller: &Caller, bytes: &[u8]) -> Result<Reply, ApiError> {
    require_role(caller, Role::Enforcer, ACTION)?;
    let mut artifact = inbound::artifact_submit(bytes, state.faults)?;
    if artifact.enforcer_id != caller.id && !state.faults.on(Fault::SenderBindingOff) {
        return Err(ApiError::forbidden(
            "`sender.enforcerId` must be the authenticated enforcer",
        ));
    }
    token_routing::apply(state, caller, &mut artifact).await?;
    // Routing failures only matter for a new exchange: a resubmission still succeeds.
    let (approvers, unroutable) =
        match routing::select_approvers(&state.identities, caller, &artifact) {
            Ok(list) => (list, None),
            Err(e) => (Vec::new(), Some(e)),
        };
    let approvers: Vec<String> = if state.faults.on(Fault::RoutingIgnoresAddressee) {
        let everyone = state.identities.approvers_in(&caller.tenant).into_iter();
        everyone.map(|a| a.id.clone()).collect()
    } else if state.faults.on(Fault::RoutingAcrossTenants) {
        let everyone = state.identities.approvers().into_iter();
        everyone.map(|a| a.id.clone()).collect()
    } else if state.faults.on(Fault::ApprovalNeedsLiveChannel) {
        let live = |id: &String| state.registry.count(Role::Approver, id) > 0;
        approvers.into_iter().filter(live).collect()
    } else {
        approvers
    };
    let mut new = NewExchange {
        request_id: artifact.request_id.clone(),
        tenant: caller.tenant.clone(),
        enforcer_id: if state.faults.on(Fault::SenderBindingOff) {
            artifact.enforcer_id.clone()
        } else {
            caller.id.clone()
        },
        artifact_type: artifact.artifact_type,
        artifact_hash: artifact.artifact_hash,
        ciphertext: if state.faults.on(Fault::CiphertextReencoded) {
            faults::reencode_ciphertext(&artifact.ciphertext_raw)
        } else {
            artifact.ciphertext_raw
        },
        metadata: if state.faults.on(Fault::RoutingMetadataForwarded) {
            artifact
                .metadata
                .as_ref()
                .and_then(|m| serde_json::to_string(m).ok())
        } else if state.faults.on(Fault::DisplayMetadataDropped) {
            None
        } else {
            routing::forwarded_metadata(artifact.metadata.as_ref())
        },
        expires_at: artifact.expires.text,
        expires_ms: if state.faults.on(Fault::ExpiryNotApplied) {
            i64::MAX
        } else {
            artifact.expires.ms
        },
    };
    if state.faults.on(Fault::RequestIdCaseFolded) {
        let id = new.request_id.clone();
        let found = state
            .store
            .call(move |c| faulty::existing_id_nocase(c, &id));
        if let Some(existing) = found.await? {
            new.request_id = existing;
        }
    }
    let submitted_hash = new.artifact_hash.clone();
    let resubmitted_ciphertext = new.ciphertext.clone();
    let now = clock::now_ms();
    let outcome = state
        .store
        .call(move |c| exchanges::submit_artifact(c, &new, &approvers, now))
        .await?;
    let request_id = artifact.request_id;
    let reuse_expired = matches!(outcome, ArtifactOutcome::Conflict)
        && state.faults.on(Fault::ExpiredRequestIdReusable)
        && {
            let id = request_id.clone();
            state
                .store
                .call(move |c| faulty::is_expired(c, &id))
                .await?
        };
    let state_name = match outcome {
        ArtifactOutcome::Created(messages) => {
            push::approvals(state, &messages);
            "pendingApproval"
        }
        ArtifactOutcome::Duplicate(_) if state.faults.on(Fault::ArtifactDuplicateConflict) => {
            return Err(ApiError::new(
                ErrorCode::AlreadyExistsConflict,
                "requestId is already used by an exchange",
            )
            .for_request(request_id));
        }
        ArtifactOutcome::Duplicate(s) => {
            if state.faults.on(Fault::ArtifactResubmissionReplaces) {
                let (id, c) = (request_id.clone(), resubmitted_ciphertext);
                let replace = move |conn: &mut _| faulty::overwrite_ciphertext(conn, &id, &c);
                state.store.call(replace).await?;
            }
            if state.faults.on(Fault::ArtifactDuplicateReapproval) {
                let id = request_id.clone();
                let again = state.store.call(move |c| faulty::reissue_approvals(c, &id));
                push::approvals(state, &again.await?);
            }
            s.as_str()
        }
        ArtifactOutcome::Conflict if state.faults.on(Fault::ArtifactConflictAccepted) => {
            "pendingApproval"
        }
        ArtifactOutcome::Conflict if reuse_expired => "pendingApproval",
        ArtifactOutcome::Conflict => {
            if state.faults.on(Fault::ArtifactConflictOverwrites) {
                let id = request_id.clone();
                let overwrite = move |c: &mut _| faulty::overwrite_hash(c, &id, &submitted_hash);
                state.store.call(overwrite).await?;
            }
            let code = if state.faults.on(Fault::ArtifactConflictCode) {
                ErrorCode::StateConflict
            } else {
                ErrorCode::AlreadyExistsConflict
            };
            return Err(ApiError::new(
                code,
                "requestId is already used by an exchange with a different artifactHash",
            )
            .for_request(request_id));
        }
        ArtifactOutcome::Expired if state.faults.on(Fault::ArtifactExpired400) => {
            return Err(ApiError::validation(
                "`body.expiresAt` must be in the future",
            ));
        }
        ArtifactOutcome::Expired => {
            return Err(ApiError::new(
                ErrorCode::ArtifactExpired,
                "`body.expiresAt` is not in the future; no exchange was created",
            ));
        }
        ArtifactOutcome::NoApprover if state.faults.on(Fault::ArtifactUnroutableAccepted) => {
            "pendingApproval"
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
    let status = if state.faults.on(Fault::ArtifactAccepted200) {
        StatusCode::OK
    } else {
        StatusCode::ACCEPTED
    };
    Ok(Reply { status, envelope })
}
