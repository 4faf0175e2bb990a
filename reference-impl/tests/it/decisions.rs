//! `POST /v1/decisions`: acceptance, idempotency, conflicts, 404/422, byte-identical relay.

use serde_json::json;

use super::fixtures::{artifact, decision, hash, rid};
use super::harness::{APP_A, APP_B, ENF_A, start};

#[tokio::test]
async fn decision_accepted_and_relayed_verbatim() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    assert_eq!(
        gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h))
            .await
            .status,
        202
    );
    // Deliberately non-alphabetical member order, odd whitespace and an escaped value.
    let body = format!(
        r#"{{ "signature" : "c2lnIQ==", "nonce":"n-1", "decision":"approve", "artifactHash":"{h}",
            "signerKeyId":"key-1", "reason":"caf\u00e9 \"ok\"" }}"#
    );
    let raw = format!(
        r#"{{"msgType":"decision.submit","requestId":"{r}","createdAt":"{}","sender":{{"approverId":"approver-a"}},"body":{body}}}"#,
        super::fixtures::at(0)
    );
    let res = gw.post_raw("/v1/decisions", APP_A, raw.into_bytes()).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json["msgType"], "decision.accepted");
    assert_eq!(res.json["requestId"], r.as_str());
    let wait = gw
        .get(&format!("/v1/exchanges/{r}/wait?timeout=5"), ENF_A)
        .await;
    assert_eq!(wait.status, 200);
    assert_eq!(wait.json["msgType"], "decision.deliver");
    let expected = format!(
        r#""body":{{"signature":"c2lnIQ==","nonce":"n-1","decision":"approve","artifactHash":"{h}","signerKeyId":"key-1","reason":"caf\u00e9 \"ok\""}}"#
    );
    assert!(wait.text.contains(&expected), "{}", wait.text);
    assert_eq!(wait.json["recipient"]["enforcerId"], "enforcer-a");
    let status = gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await;
    assert_eq!(status.json["body"]["state"], "decided");
    assert_eq!(status.json["body"]["decision"]["decision"], "approve");
    let members: Vec<&String> = status.json["body"]
        .as_object()
        .expect("body")
        .keys()
        .collect();
    assert_eq!(
        members,
        [
            "requestId",
            "state",
            "createdAt",
            "expiresAt",
            "artifactHash",
            "decision"
        ]
    );
}

#[tokio::test]
async fn duplicates_are_noops_and_other_decisions_conflict() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    assert_eq!(
        gw.post("/v1/decisions", APP_A, &decision(&r, &h, "n1", "approve"))
            .await
            .status,
        200
    );
    let first = gw
        .get(&format!("/v1/exchanges/{r}/wait?timeout=1"), ENF_A)
        .await;
    // Same (requestId, signerKeyId, nonce), even with other content: no-op, same outcome.
    let same_key = gw
        .post("/v1/decisions", APP_A, &decision(&r, &h, "n1", "reject"))
        .await;
    assert_eq!(same_key.status, 200, "{}", same_key.text);
    // Same decisionHash with another nonce: no-op.
    let mut same_hash = decision(&r, &h, "n2", "approve");
    same_hash["body"]["decisionHash"] = json!("sha256:n1");
    assert_eq!(
        gw.post("/v1/decisions", APP_A, &same_hash).await.status,
        200
    );
    let again = gw
        .get(&format!("/v1/exchanges/{r}/wait?timeout=1"), ENF_A)
        .await;
    assert_eq!(
        first.json["msgId"], again.json["msgId"],
        "no new decision.deliver msgId"
    );
    assert_eq!(again.json["body"]["decision"], "approve");
    // A different decision (fresh nonce), also from another approver: 409.
    for (cred, sender) in [(APP_A, "approver-a"), (APP_B, "approver-b")] {
        let mut other = decision(&r, &h, "n3", "reject");
        other["sender"]["approverId"] = json!(sender);
        let res = gw.post("/v1/decisions", cred, &other).await;
        assert_eq!(res.status, 409, "{}", res.text);
        assert_eq!(res.error_code(), "AlreadyDecidedConflict");
        assert_eq!(res.json["body"]["requestId"], r.as_str());
    }
    let status = gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await;
    assert_eq!(status.json["body"]["decision"]["decision"], "approve");
}

#[tokio::test]
async fn unknown_exchange_404_and_hash_mismatch_422() {
    let gw = start().await;
    let res = gw
        .post(
            "/v1/decisions",
            APP_A,
            &decision(&rid(), &hash(), "n", "approve"),
        )
        .await;
    assert_eq!(res.status, 404);
    assert_eq!(res.error_code(), "NotFound");
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    let res = gw
        .post(
            "/v1/decisions",
            APP_A,
            &decision(&r, &hash(), "n", "approve"),
        )
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(res.error_code(), "HashMismatch");
    let status = gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await;
    assert_eq!(status.json["body"]["state"], "pendingApproval");
}

#[tokio::test]
async fn decision_validation() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    for verdict in ["approved", "APPROVE", "allow", "deny", ""] {
        let res = gw
            .post("/v1/decisions", APP_A, &decision(&r, &h, "n", verdict))
            .await;
        assert_eq!(res.status, 400, "{verdict}");
        assert_eq!(res.error_code(), "ValidationError");
    }
    for member in [
        "artifactHash",
        "decision",
        "signerKeyId",
        "nonce",
        "signature",
    ] {
        let mut d = decision(&r, &h, "n", "approve");
        d["body"].as_object_mut().expect("body").remove(member);
        assert_eq!(
            gw.post("/v1/decisions", APP_A, &d).await.status,
            400,
            "{member}"
        );
    }
    let mut d = decision(&r, &h, "n", "approve");
    d["sender"] = json!({});
    assert_eq!(gw.post("/v1/decisions", APP_A, &d).await.status, 400);
    let mut d = decision(&r, &h, "n", "approve");
    d["msgType"] = json!("artifact.submit");
    assert_eq!(gw.post("/v1/decisions", APP_A, &d).await.status, 400);
    // Both verdicts and the minimal body are fine; the placeholder signature is opaque.
    let mut minimal = decision(&r, &h, "n", "reject");
    for m in ["reason", "decisionHash"] {
        minimal["body"].as_object_mut().expect("body").remove(m);
    }
    assert_eq!(gw.post("/v1/decisions", APP_A, &minimal).await.status, 200);
    let status = gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await;
    assert_eq!(status.json["body"]["state"], "decided");
}
