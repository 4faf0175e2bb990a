//! The most-recent-active-channel rule for `decision.deliver`, and exchange binding to the
//! submitting enforcer.

use super::fixtures::{artifact, decision, hash, rid};
use super::harness::{APP_A, ENF_A, ENF_B, Gateway, start};
use super::streams::{ARRIVE, QUIET, Sse, ws_connect, ws_next};

async fn decide_new(gw: &Gateway) -> String {
    let (r, h) = (rid(), hash());
    assert_eq!(
        gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h))
            .await
            .status,
        202
    );
    assert_eq!(
        gw.post("/v1/decisions", APP_A, &decision(&r, &h, "n", "approve"))
            .await
            .status,
        200
    );
    r
}

#[tokio::test]
async fn newest_websocket_gets_it_then_the_older_one() {
    let gw = start().await;
    let mut ws1 = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    let mut ws2 = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    let r1 = decide_new(&gw).await;
    let got = ws_next(&mut ws2, ARRIVE)
        .await
        .expect("newest channel receives");
    assert_eq!(got["requestId"], r1.as_str());
    assert!(
        ws_next(&mut ws1, QUIET).await.is_none(),
        "older channel gets nothing"
    );
    drop(ws2);
    // Let the gateway notice the close before the next decision.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let r2 = decide_new(&gw).await;
    let got = ws_next(&mut ws1, ARRIVE)
        .await
        .expect("remaining channel receives");
    assert_eq!(got["requestId"], r2.as_str());
}

#[tokio::test]
async fn enforcer_sse_is_a_channel_too() {
    let gw = start().await;
    let mut ws = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    let mut sse = Sse::open(&gw, "/v1/sse/enforcers/enforcer-a", ENF_A).await;
    assert_eq!(sse.status, 200);
    let r = decide_new(&gw).await;
    let e = sse.next(ARRIVE).await.expect("SSE (newest) receives");
    assert_eq!(e.event, "decision.deliver");
    assert_eq!(e.json()["requestId"], r.as_str());
    assert!(ws_next(&mut ws, QUIET).await.is_none());
}

#[tokio::test]
async fn decisions_go_only_to_the_submitting_enforcer() {
    let gw = start().await;
    let mut other = ws_connect(&gw, "enforcer", "enforcer-b", ENF_B).await;
    let r = decide_new(&gw).await;
    assert!(ws_next(&mut other, QUIET).await.is_none());
    let res = gw
        .get(&format!("/v1/exchanges/{r}/wait?timeout=1"), ENF_A)
        .await;
    assert_eq!(res.status, 200);
}
