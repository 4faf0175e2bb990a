//! Message builders shaped like the test vectors (TV/01, TV/03, TV/05) with fresh ids and times.

use harp_gateway::clock;
use serde_json::{Value, json};

/// A fresh requestId.
pub fn rid() -> String {
    format!("req-{}", uuid::Uuid::new_v4().simple())
}

/// A fresh `sha256:`-prefixed artifact hash.
pub fn hash() -> String {
    format!(
        "sha256:{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// RFC 3339 time `secs` seconds from now (negative = past).
pub fn at(secs: i64) -> String {
    clock::format_ms(clock::now_ms() + secs * 1000)
}

/// An `artifact.submit` from enforcer-a, routed tenant-wide, expiring in 10 minutes.
pub fn artifact(request_id: &str, artifact_hash: &str) -> Value {
    json!({
        "msgType": "artifact.submit",
        "requestId": request_id,
        "createdAt": at(0),
        "sender": { "enforcerId": "enforcer-a" },
        "body": {
            "artifactType": "core.artifact",
            "artifactHash": artifact_hash,
            "ciphertext": { "alg": "XChaCha20-Poly1305", "data": "QkFTRTY0X0NJUEhFUlRFWFQ=" },
            "metadata": { "workspaceName": "airlock", "repoName": "harp-spec" },
            "expiresAt": at(600)
        }
    })
}

/// The same artifact addressed to one approver via `metadata.approverId`.
pub fn artifact_for(request_id: &str, artifact_hash: &str, approver: &str) -> Value {
    let mut a = artifact(request_id, artifact_hash);
    a["body"]["metadata"]["approverId"] = json!(approver);
    a
}

/// A `decision.submit` from approver-a.
pub fn decision(request_id: &str, artifact_hash: &str, nonce: &str, verdict: &str) -> Value {
    json!({
        "msgType": "decision.submit",
        "requestId": request_id,
        "createdAt": at(0),
        "sender": { "approverId": "approver-a" },
        "body": {
            "artifactHash": artifact_hash,
            "decision": verdict,
            "reason": "Looks good",
            "signerKeyId": "key-approver-01",
            "nonce": nonce,
            "signature": "BASE64_SIGNATURE_PLACEHOLDER",
            "decisionHash": format!("sha256:{nonce}")
        }
    })
}

/// An `ack.submit` for `msg_id` sent as `sender_key` (`enforcerId`/`approverId`) = `sender_id`.
pub fn ack(request_id: &str, msg_id: &str, sender_key: &str, sender_id: &str) -> Value {
    json!({
        "msgType": "ack.submit",
        "requestId": request_id,
        "createdAt": at(0),
        "sender": { sender_key: sender_id },
        "body": { "msgId": msg_id, "status": "processed", "ackAt": at(0) }
    })
}
