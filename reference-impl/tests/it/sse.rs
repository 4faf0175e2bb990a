//! Approver SSE: media type, event framing, keepalive pings, metadata policy, tenant isolation.

use std::time::Duration;

use serde_json::json;

use super::fixtures::{artifact, hash, rid};
use super::harness::{APP_A, APP_X, ENF_A, start_with};
use super::streams::{ARRIVE, QUIET, Sse};

#[tokio::test]
async fn approval_request_event_shape_and_metadata_policy() {
    let gw = start_with(|s| s.sse_keepalive = Duration::from_millis(200)).await;
    let mut sse = Sse::open(&gw, "/v1/sse/approvers/approver-a", APP_A).await;
    assert_eq!(sse.status, 200);
    assert!(sse.content_type.starts_with("text/event-stream"));
    let mut other_tenant = Sse::open(&gw, "/v1/sse/approvers/approver-x", APP_X).await;
    let (r, h) = (rid(), hash());
    let mut a = artifact(&r, &h);
    a["body"]["metadata"] = json!({
        "routingToken": "rt-secret-1", "tenantId": "tenant-1", "workspaceName": "airlock",
        "repoName": "harp-spec", "requestLabel": "deploy", "custom": {"k": 1}
    });
    assert_eq!(gw.post("/v1/artifacts", ENF_A, &a).await.status, 202);
    let e = sse.next(ARRIVE).await.expect("approval.request");
    assert_eq!(e.event, "approval.request");
    assert!(!e.data.contains('\n'), "one-line data");
    let env = e.json();
    assert_eq!(env["msgType"], "approval.request");
    assert_eq!(env["requestId"], r.as_str());
    assert_eq!(env["sender"]["gatewayId"], "harp-gateway");
    assert_eq!(env["recipient"]["approverId"], "approver-a");
    assert_eq!(env["expiresAt"], a["body"]["expiresAt"]);
    let body = &env["body"];
    assert_eq!(body["artifactHash"], h.as_str());
    assert_eq!(body["ciphertext"], a["body"]["ciphertext"]);
    assert_eq!(
        body["metadata"],
        json!({"workspaceName": "airlock", "repoName": "harp-spec", "requestLabel": "deploy", "custom": {"k": 1}})
    );
    let text = body.to_string();
    for hidden in ["routingToken", "rt-secret-1", "tenantId", "approverId"] {
        assert!(!text.contains(hidden), "{hidden} leaked: {text}");
    }
    let inbox = gw.get("/v1/approvers/approver-a/inbox", APP_A).await;
    assert!(!inbox.text.contains("rt-secret-1"));
    assert_eq!(inbox.json["body"]["items"][0]["msgId"], env["msgId"]);
    // Keepalive pings arrive at the configured interval.
    let ping = sse.next_any(Duration::from_secs(2)).await.expect("ping");
    assert_eq!(ping.event, "ping");
    // Another tenant's approver sees nothing.
    assert!(other_tenant.next(QUIET).await.is_none());
}

#[tokio::test]
async fn routing_only_metadata_is_omitted_entirely() {
    let gw = start_with(|_| {}).await;
    let r = rid();
    let mut a = artifact(&r, &hash());
    a["body"]["metadata"] = json!({"routingToken": "rt", "approverId": "approver-a"});
    assert_eq!(gw.post("/v1/artifacts", ENF_A, &a).await.status, 202);
    let inbox = gw.get("/v1/approvers/approver-a/inbox", APP_A).await;
    let item = &inbox.json["body"]["items"][0];
    assert_eq!(item["requestId"], r.as_str());
    assert!(item.get("metadata").is_none(), "{item}");
}
