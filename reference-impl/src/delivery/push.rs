//! Pushing deliverables to live channels, and the backlog replayed when a channel connects
//! (at-least-once until acked, original msgIds).

use std::sync::Arc;

use super::registry::Outbound;
use crate::auth::{Identity, Role};
use crate::clock;
use crate::envelope::outbound::{self, APPROVAL_REQUEST, DECISION_DELIVER};
use crate::error::ApiError;
use crate::faults::{self, Fault};
use crate::state::AppState;
use crate::store::{ApprovalMessage, DeliverMessage, inbox};

/// Pushes each approval request to every open channel of its approver.
pub fn approvals(state: &AppState, messages: &[ApprovalMessage]) {
    if state.faults.on(Fault::ApprovalNotPushed) {
        return;
    }
    for m in messages {
        match approval_outbound(state, m) {
            Ok(out) => {
                state
                    .registry
                    .broadcast(Role::Approver, &m.approver_id, &out);
            }
            Err(e) => tracing::error!(error = %e, "cannot render approval.request"),
        }
    }
}

/// Pushes a decision to the enforcer's most recent channel and wakes its long-polls.
pub fn decision(state: &AppState, m: &DeliverMessage) {
    match decision_outbound(state, m) {
        Ok(out) if state.faults.on(Fault::DecisionBroadcast) => {
            state
                .registry
                .broadcast(Role::Enforcer, &m.enforcer_id, &out);
        }
        Ok(out) if state.faults.on(Fault::DecisionToEveryEnforcer) => {
            state.registry.broadcast_role(Role::Enforcer, &out);
        }
        Ok(out) if state.faults.on(Fault::DecisionToOldestChannel) => {
            state
                .registry
                .send_oldest(Role::Enforcer, &m.enforcer_id, &out);
        }
        Ok(out) => {
            state
                .registry
                .send_most_recent(Role::Enforcer, &m.enforcer_id, &out);
        }
        Err(e) => tracing::error!(error = %e, "cannot render decision.deliver"),
    }
    state.waiters.notify(&m.request_id);
}

/// Everything not yet acked that a new channel of `who` must receive: pending approval requests
/// for an approver, undelivered decisions for an enforcer.
pub async fn backlog(state: &AppState, who: &Identity) -> Result<Vec<Outbound>, ApiError> {
    let id = who.id.clone();
    match who.role {
        Role::Approver => {
            let now = clock::now_ms();
            let mut rows = state
                .store
                .call(move |c| inbox::unacked_approvals(c, &id, now))
                .await?;
            if state.faults.on(Fault::RedeliveryNewMsgId) {
                rows.iter_mut().for_each(|m| m.msg_id = fresh_msg_id());
            }
            rows.iter().map(|m| approval_outbound(state, m)).collect()
        }
        Role::Enforcer => {
            let mut rows = state
                .store
                .call(move |c| inbox::unacked_decisions(c, &id))
                .await?;
            if state.faults.on(Fault::RedeliveryNewMsgId) {
                rows.iter_mut().for_each(|m| m.msg_id = fresh_msg_id());
            }
            rows.iter().map(|m| decision_outbound(state, m)).collect()
        }
        Role::Admin => Ok(Vec::new()),
    }
}

fn approval_outbound(state: &AppState, m: &ApprovalMessage) -> Result<Outbound, ApiError> {
    Ok(Outbound {
        event: APPROVAL_REQUEST,
        data: distorted(
            state,
            outbound::approval_request(&state.settings.gateway_id, m)?,
        ),
    })
}

fn decision_outbound(state: &AppState, m: &DeliverMessage) -> Result<Outbound, ApiError> {
    Ok(Outbound {
        event: DECISION_DELIVER,
        data: distorted(
            state,
            outbound::decision_deliver(&state.settings.gateway_id, m)?,
        ),
    })
}

/// The envelope as the active emitted-envelope faults distort it (unchanged without faults).
fn distorted(state: &AppState, envelope: String) -> Arc<str> {
    if faults::rewrites_emitted(state.faults) {
        Arc::from(faults::emitted(state.faults, &envelope).unwrap_or(envelope))
    } else {
        Arc::from(envelope)
    }
}

fn fresh_msg_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
