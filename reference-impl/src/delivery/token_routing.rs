//! Routing by pairing token (ext, GW §6.3/§6.6): an artifact that names no approver (no envelope
//! `recipient.approverId`, no `metadata.approverId`) but carries `metadata.routingToken` minted by
//! a completed pairing of the submitting enforcer goes to the paired approver. A token this
//! gateway never minted is ignored (default routing), so opaque tokens such as TV/01's still work.

use serde_json::Value;

use crate::auth::Identity;
use crate::envelope::inbound::ArtifactSubmit;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::pairing;

/// Addresses `artifact` to the approver its routing token was paired with, if any.
pub async fn apply(
    state: &AppState,
    enforcer: &Identity,
    artifact: &mut ArtifactSubmit,
) -> Result<(), ApiError> {
    if !state.settings.ext.enabled() || artifact.recipient_approver.is_some() {
        return Ok(());
    }
    let Some(metadata) = artifact.metadata.as_ref() else {
        return Ok(());
    };
    if metadata.contains_key("approverId") {
        return Ok(());
    }
    let Some(Value::String(token)) = metadata.get("routingToken") else {
        return Ok(());
    };
    let (token, id, tenant) = (token.clone(), enforcer.id.clone(), enforcer.tenant.clone());
    let paired = state
        .store
        .call(move |c| pairing::route(c, &token, &id, &tenant))
        .await?;
    if paired.is_some() {
        artifact.recipient_approver = paired;
    }
    Ok(())
}
