//! Ext: `POST /v1/exchanges/{requestId}/withdraw` — reply, side effects, conflicts, ownership.

use serde_json::json;

use super::fixtures::{ack, artifact, decision, hash, rid};
use super::harness::{APP_A, APP_B, ENF_A, ENF_B, ENF_X, Gateway, Resp, start};

async fn withdraw_raw(gw: &Gateway, r: &str, cred: &str, body: Option<&str>) -> Resp {
    let mut req = gw
        .client
        .post(gw.url(&format!("/v1/exchanges/{r}/withdraw")))
        .bearer_auth(cred);
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_owned());
    }
    Resp::from(req.send().await.expect("withdraw")).await
}

async fn submit(gw: &Gateway) -> (String, String) {
    let (r, h) = (rid(), hash());
    assert_eq!(
        gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h))
            .await
            .status,
        202
    );
    (r, h)
}

fn listed(page: &Resp, r: &str) -> bool {
    page.json["body"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|i| i["requestId"] == r)
}

#[tokio::test]
async fn withdraw_answers_an_envelope_and_has_every_side_effect() {
    let gw = start().await;
    let (r, h) = submit(&gw).await;
    assert!(listed(
        &gw.get("/v1/approvers/approver-a/inbox", APP_A).await,
        &r
    ));
    let res = withdraw_raw(&gw, &r, ENF_A, None).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert!(res.content_type().starts_with("application/harp+json"));
    assert_eq!(res.json["msgType"], "exchange.withdrawn");
    assert_eq!(res.json["requestId"], r.as_str());
    assert_eq!(res.json["sender"]["gatewayId"], "harp-gateway");
    assert!(res.json["msgId"].as_str().is_some_and(|m| !m.is_empty()));
    let body = &res.json["body"];
    assert_eq!(body["requestId"], r.as_str());
    assert_eq!(body["state"], "withdrawn");
    assert!(
        harp_gateway::clock::parse_rfc3339(body["withdrawnAt"].as_str().expect("at")).is_some()
    );
    assert!(body.get("reason").is_none());
    // State, inboxes of every approver, decisions, long-poll, second withdraw.
    let s = gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await;
    assert_eq!(s.json["body"]["state"], "withdrawn");
    assert!(!listed(
        &gw.get("/v1/approvers/approver-a/inbox", APP_A).await,
        &r
    ));
    assert!(!listed(
        &gw.get("/v1/approvers/approver-b/inbox", APP_B).await,
        &r
    ));
    let d = gw
        .post("/v1/decisions", APP_A, &decision(&r, &h, "n1", "approve"))
        .await;
    assert_eq!((d.status, d.error_code()), (409, "StateConflict"));
    let w = gw
        .get(&format!("/v1/exchanges/{r}/wait?timeout=1"), ENF_A)
        .await;
    assert_eq!((w.status, w.error_code()), (409, "StateConflict"));
    let again = withdraw_raw(&gw, &r, ENF_A, None).await;
    assert_eq!((again.status, again.error_code()), (409, "StateConflict"));
    assert_eq!(again.json["body"]["requestId"], r.as_str());
    // A resubmission of the same artifact reports the withdrawn state, never reopens it.
    let re = gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    assert_eq!(re.json["body"]["state"], "withdrawn");
}

#[tokio::test]
async fn withdraw_bodies_empty_object_and_reason_are_accepted() {
    let gw = start().await;
    let (r1, _) = submit(&gw).await;
    assert_eq!(withdraw_raw(&gw, &r1, ENF_A, Some("{}")).await.status, 200);
    let (r2, _) = submit(&gw).await;
    let res = withdraw_raw(&gw, &r2, ENF_A, Some(r#"{"reason":"user cancelled"}"#)).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json["body"]["reason"], "user cancelled");
    let (r3, _) = submit(&gw).await;
    let bad = withdraw_raw(&gw, &r3, ENF_A, Some("not json")).await;
    assert_eq!((bad.status, bad.error_code()), (400, "InvalidJson"));
    let typed = withdraw_raw(&gw, &r3, ENF_A, Some(r#"{"reason":5}"#)).await;
    assert_eq!((typed.status, typed.error_code()), (400, "ValidationError"));
    let s = gw.get(&format!("/v1/exchanges/{r3}"), ENF_A).await;
    assert_eq!(s.json["body"]["state"], "pendingApproval");
}

#[tokio::test]
async fn only_the_owner_withdraws_and_unknown_is_404() {
    let gw = start().await;
    let (r, _) = submit(&gw).await;
    for cred in [APP_A, ENF_B, ENF_X] {
        let res = withdraw_raw(&gw, &r, cred, None).await;
        assert_eq!((res.status, res.error_code()), (403, "Forbidden"), "{cred}");
    }
    let s = gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await;
    assert_eq!(s.json["body"]["state"], "pendingApproval");
    let unknown = withdraw_raw(&gw, &rid(), ENF_A, None).await;
    assert_eq!((unknown.status, unknown.error_code()), (404, "NotFound"));
    let nobody = gw
        .client
        .post(gw.url(&format!("/v1/exchanges/{r}/withdraw")))
        .send()
        .await
        .expect("send");
    assert_eq!(nobody.status().as_u16(), 401);
}

#[tokio::test]
async fn decided_delivered_and_expired_exchanges_cannot_be_withdrawn() {
    let gw = start().await;
    let (decided, h) = submit(&gw).await;
    gw.post(
        "/v1/decisions",
        APP_A,
        &decision(&decided, &h, "n", "approve"),
    )
    .await;
    let res = withdraw_raw(&gw, &decided, ENF_A, None).await;
    assert_eq!((res.status, res.error_code()), (409, "StateConflict"));
    let s = gw.get(&format!("/v1/exchanges/{decided}"), ENF_A).await;
    assert_eq!(s.json["body"]["state"], "decided");
    let deliver = gw
        .get(&format!("/v1/exchanges/{decided}/wait?timeout=1"), ENF_A)
        .await;
    let msg_id = deliver.json["msgId"].as_str().expect("msgId");
    let a = ack(&decided, msg_id, "enforcerId", "enforcer-a");
    assert_eq!(gw.post("/v1/acks", ENF_A, &a).await.status, 200);
    let res = withdraw_raw(&gw, &decided, ENF_A, None).await;
    assert_eq!((res.status, res.error_code()), (409, "StateConflict"));
    let s = gw.get(&format!("/v1/exchanges/{decided}"), ENF_A).await;
    assert_eq!(s.json["body"]["state"], "delivered");
    let (expiring, h2) = (rid(), hash());
    let mut a = artifact(&expiring, &h2);
    a["body"]["expiresAt"] = json!(super::fixtures::at(1));
    assert_eq!(gw.post("/v1/artifacts", ENF_A, &a).await.status, 202);
    // The long-poll answers 409 the moment the exchange expires (event, not a sleep).
    let w = gw
        .get(&format!("/v1/exchanges/{expiring}/wait?timeout=5"), ENF_A)
        .await;
    assert_eq!(w.status, 409);
    let res = withdraw_raw(&gw, &expiring, ENF_A, None).await;
    assert_eq!((res.status, res.error_code()), (409, "StateConflict"));
}

#[tokio::test]
async fn an_open_long_poll_ends_with_409_when_the_exchange_is_withdrawn() {
    let gw = start().await;
    let (r, _) = submit(&gw).await;
    let url = gw.url(&format!("/v1/exchanges/{r}/wait?timeout=10"));
    let client = gw.client.clone();
    let waiting = tokio::spawn(async move {
        let started = std::time::Instant::now();
        let res = client
            .get(url)
            .bearer_auth(ENF_A)
            .send()
            .await
            .expect("wait");
        (res.status().as_u16(), started.elapsed())
    });
    // Withdraw until the waiter has certainly subscribed: the wait answers only after a change.
    tokio::task::yield_now().await;
    assert_eq!(withdraw_raw(&gw, &r, ENF_A, None).await.status, 200);
    let (status, took) = waiting.await.expect("join");
    assert_eq!(status, 409);
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
}
