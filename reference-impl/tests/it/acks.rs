//! `POST /v1/acks` and redelivery until ack, over SSE and WebSocket.

use super::fixtures::{ack, artifact, artifact_for, decision, hash, rid};
use super::harness::{APP_A, ENF_A, start};
use super::streams::{ARRIVE, QUIET, Sse, ws_connect, ws_next, ws_send};

#[tokio::test]
async fn ack_of_decision_moves_to_delivered_and_repeats_are_fine() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    gw.post("/v1/decisions", APP_A, &decision(&r, &h, "n", "approve"))
        .await;
    let deliver = gw
        .get(&format!("/v1/exchanges/{r}/wait?timeout=1"), ENF_A)
        .await;
    let m = deliver.json["msgId"].as_str().expect("msgId").to_owned();
    for _ in 0..2 {
        let res = gw
            .post("/v1/acks", ENF_A, &ack(&r, &m, "enforcerId", "enforcer-a"))
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        assert_eq!(res.json["msgType"], "ack.accepted");
    }
    let status = gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await;
    assert_eq!(status.json["body"]["state"], "delivered");
    // The decision stays readable by the long-poll.
    assert_eq!(
        gw.get(&format!("/v1/exchanges/{r}/wait?timeout=1"), ENF_A)
            .await
            .status,
        200
    );
    // Unknown msgId: harmless.
    let res = gw
        .post(
            "/v1/acks",
            ENF_A,
            &ack(&r, "no-such-msg", "enforcerId", "enforcer-a"),
        )
        .await;
    assert_eq!(res.status, 200);
}

#[tokio::test]
async fn ack_validation() {
    let gw = start().await;
    let r = rid();
    let mut bad = ack(&r, "m", "enforcerId", "enforcer-a");
    bad["body"]["status"] = serde_json::json!("done");
    assert_eq!(gw.post("/v1/acks", ENF_A, &bad).await.status, 400);
    let mut bad = ack(&r, "", "enforcerId", "enforcer-a");
    bad["body"]["ackAt"] = serde_json::json!("now");
    assert_eq!(gw.post("/v1/acks", ENF_A, &bad).await.status, 400);
    let mut bad = ack(&r, "m", "enforcerId", "enforcer-a");
    bad["body"]["requestId"] = serde_json::json!(r);
    assert_eq!(gw.post("/v1/acks", ENF_A, &bad).await.status, 400);
    let res = gw
        .post("/v1/acks", ENF_A, &ack(&r, "m", "enforcerId", "enforcer-b"))
        .await;
    assert_eq!(res.status, 403);
}

#[tokio::test]
async fn approver_sse_redelivers_until_acked() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact_for(&r, &h, "approver-a"))
        .await;
    let mut sse = Sse::open(&gw, "/v1/sse/approvers/approver-a", APP_A).await;
    let first = sse.next(ARRIVE).await.expect("backlog on connect").json();
    assert_eq!(first["requestId"], r.as_str());
    drop(sse);
    let mut again = Sse::open(&gw, "/v1/sse/approvers/approver-a", APP_A).await;
    let second = again.next(ARRIVE).await.expect("redelivered").json();
    assert_eq!(second["msgId"], first["msgId"], "original msgId");
    drop(again);
    let m = first["msgId"].as_str().expect("msgId");
    let res = gw
        .post("/v1/acks", APP_A, &ack(&r, m, "approverId", "approver-a"))
        .await;
    assert_eq!(res.status, 200);
    let mut third = Sse::open(&gw, "/v1/sse/approvers/approver-a", APP_A).await;
    assert!(third.next(QUIET).await.is_none(), "acked: no redelivery");
    // The inbox still lists it while the exchange is pending (GW §7.3).
    let inbox = gw.get("/v1/approvers/approver-a/inbox", APP_A).await;
    assert_eq!(
        inbox.json["body"]["items"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn enforcer_ws_redelivers_decision_until_acked() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    let mut ws = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    gw.post("/v1/decisions", APP_A, &decision(&r, &h, "n", "approve"))
        .await;
    let d = ws_next(&mut ws, ARRIVE).await.expect("decision.deliver");
    assert_eq!(d["msgType"], "decision.deliver");
    drop(ws);
    let mut ws = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    let again = ws_next(&mut ws, ARRIVE).await.expect("redelivered");
    assert_eq!(again["msgId"], d["msgId"]);
    let m = d["msgId"].as_str().expect("msgId");
    ws_send(&mut ws, &ack(&r, m, "enforcerId", "enforcer-a")).await;
    let reply = ws_next(&mut ws, ARRIVE).await.expect("ack reply");
    assert_eq!(reply["msgType"], "ack.accepted");
    drop(ws);
    let mut ws = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    assert!(
        ws_next(&mut ws, QUIET).await.is_none(),
        "acked: no redelivery"
    );
    let status = gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await;
    assert_eq!(status.json["body"]["state"], "delivered");
}
