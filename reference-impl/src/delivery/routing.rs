//! Approver selection for a new exchange (HARP-GW §6.2) and the metadata forwarding policy (§6.3).

use serde_json::{Map, Value};

use crate::auth::{Identities, Identity};
use crate::envelope::inbound::ArtifactSubmit;
use crate::error::{ApiError, ErrorCode};

/// Metadata keys used for routing only; they never reach an approver.
pub const ROUTING_ONLY_KEYS: [&str; 3] = ["routingToken", "approverId", "tenantId"];

/// The approvers that get the approval request: the one addressed by envelope
/// `recipient.approverId`, else by `body.metadata.approverId`; with neither, every approver of the
/// enforcer's tenant. An addressed approver that is unknown or in another tenant is a 422.
pub fn select_approvers(
    identities: &Identities,
    enforcer: &Identity,
    artifact: &ArtifactSubmit,
) -> Result<Vec<String>, ApiError> {
    let from_metadata = match artifact.metadata.as_ref().and_then(|m| m.get("approverId")) {
        None => None,
        Some(Value::String(id)) => Some(id.as_str()),
        Some(_) => return Err(no_approver("`body.metadata.approverId` must be a string")),
    };
    match artifact.recipient_approver.as_deref().or(from_metadata) {
        Some(id) => match identities.approver(id) {
            Some(a) if a.tenant == enforcer.tenant => Ok(vec![a.id.clone()]),
            _ => Err(no_approver(&format!(
                "approver `{id}` does not exist in this tenant"
            ))),
        },
        None => {
            let all: Vec<String> = identities
                .approvers_in(&enforcer.tenant)
                .into_iter()
                .map(|a| a.id.clone())
                .collect();
            if all.is_empty() {
                Err(no_approver("this tenant has no approvers"))
            } else {
                Ok(all)
            }
        }
    }
}

fn no_approver(message: &str) -> ApiError {
    ApiError::new(ErrorCode::NoApproverAvailable, message)
}

/// The metadata forwarded to approvers as JSON text: every key except the routing-only ones, in
/// submission order; `None` when nothing is left (then `metadata` is omitted).
pub fn forwarded_metadata(metadata: Option<&Map<String, Value>>) -> Option<String> {
    let kept: Map<String, Value> = metadata?
        .iter()
        .filter(|(k, _)| !ROUTING_ONLY_KEYS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if kept.is_empty() {
        None
    } else {
        serde_json::to_string(&kept).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strips_routing_keys_keeps_order() {
        let meta = json!({"routingToken": "rt", "workspaceName": "w", "approverId": "a", "tenantId": "t", "repoName": "r"});
        let out = forwarded_metadata(meta.as_object()).expect("kept");
        assert_eq!(out, r#"{"workspaceName":"w","repoName":"r"}"#);
        let only = json!({"routingToken": "rt"});
        assert_eq!(forwarded_metadata(only.as_object()), None);
        assert_eq!(forwarded_metadata(None), None);
    }
}
