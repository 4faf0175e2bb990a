//! Ext: `POST /v1/requests/{requestId}/refresh?enforcerDeviceId=` — forwarded over the enforcer's
//! WebSocket as a `refresh.request` envelope, or 503 without one.

use serde_json::json;

use super::fixtures::{artifact, at, decision, hash, rid};
use super::harness::{APP_A, APP_X, ENF_A, Gateway, Resp, start};
use super::streams::{ARRIVE, Sse, Ws, ws_connect, ws_next, ws_send};

async fn refresh(gw: &Gateway, r: &str, query: &str, cred: &str) -> Resp {
    let res = gw
        .client
        .post(gw.url(&format!("/v1/requests/{r}/refresh{query}")))
        .bearer_auth(cred)
        .send()
        .await
        .expect("refresh");
    Resp::from(res).await
}

async fn online_enforcer(gw: &Gateway) -> Ws {
    let mut ws = ws_connect(gw, "enforcer", "enforcer-a", ENF_A).await;
    ws_send(
        &mut ws,
        &json!({"msgType": "hello", "capabilities": {"push": true}}),
    )
    .await;
    ws
}

const TO_A: &str = "?enforcerDeviceId=enforcer-a";

#[tokio::test]
async fn refresh_is_forwarded_to_the_enforcer_websocket() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    let mut ws = online_enforcer(&gw).await;
    let res = refresh(&gw, &r, TO_A, APP_A).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert!(res.content_type().starts_with("application/json"));
    assert_eq!(res.json, json!({"status": "forwarded"}));
    let frame = ws_next(&mut ws, ARRIVE).await.expect("refresh.request");
    assert_eq!(frame["msgType"], "refresh.request");
    assert_eq!(frame["requestId"], r.as_str());
    assert_eq!(frame["sender"]["gatewayId"], "harp-gateway");
    assert!(frame["msgId"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(frame["createdAt"].is_string());
    assert!(frame["body"]["reason"].is_string());
}

#[tokio::test]
async fn refresh_works_for_an_expired_exchange() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    let mut a = artifact(&r, &h);
    a["body"]["expiresAt"] = json!(at(1));
    gw.post("/v1/artifacts", ENF_A, &a).await;
    let w = gw
        .get(&format!("/v1/exchanges/{r}/wait?timeout=5"), ENF_A)
        .await;
    assert_eq!(w.status, 409, "expired");
    let mut ws = online_enforcer(&gw).await;
    assert_eq!(refresh(&gw, &r, TO_A, APP_A).await.status, 200);
    let frame = ws_next(&mut ws, ARRIVE).await.expect("refresh.request");
    assert_eq!(frame["requestId"], r.as_str());
    assert_eq!(
        frame["body"]["reason"],
        "Approver requested refresh for expired artifact"
    );
}

#[tokio::test]
async fn refresh_without_a_live_websocket_is_503() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    let res = refresh(&gw, &r, TO_A, APP_A).await;
    assert_eq!((res.status, res.error_code()), (503, "Unavailable"));
    assert_eq!(res.json["body"]["requestId"], r.as_str());
    // An SSE stream is not a channel for refresh.request (C-41).
    let _sse = Sse::open(&gw, "/v1/sse/enforcers/enforcer-a", ENF_A).await;
    assert_eq!(refresh(&gw, &r, TO_A, APP_A).await.status, 503);
    // Once the socket is gone, it is 503 again.
    let ws = online_enforcer(&gw).await;
    assert_eq!(refresh(&gw, &r, TO_A, APP_A).await.status, 200);
    drop(ws);
    let deadline = tokio::time::Instant::now() + ARRIVE;
    while refresh(&gw, &r, TO_A, APP_A).await.status != 503 {
        assert!(tokio::time::Instant::now() < deadline, "still forwarded");
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

#[tokio::test]
async fn refresh_parameters_callers_and_states() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    let _ws = online_enforcer(&gw).await;
    let missing = refresh(&gw, &r, "", APP_A).await;
    assert_eq!(
        (missing.status, missing.error_code()),
        (400, "InvalidParameter")
    );
    let other = refresh(&gw, &r, "?enforcerDeviceId=enforcer-b", APP_A).await;
    assert_eq!(other.status, 400);
    let enforcer = refresh(&gw, &r, TO_A, ENF_A).await;
    assert_eq!(enforcer.status, 403);
    let foreign = refresh(&gw, &r, TO_A, APP_X).await;
    assert_eq!(foreign.status, 403);
    let unknown = refresh(&gw, &rid(), TO_A, APP_A).await;
    assert_eq!((unknown.status, unknown.error_code()), (404, "NotFound"));
    gw.post("/v1/decisions", APP_A, &decision(&r, &h, "n", "approve"))
        .await;
    let decided = refresh(&gw, &r, TO_A, APP_A).await;
    assert_eq!(
        (decided.status, decided.error_code()),
        (409, "StateConflict")
    );
}
