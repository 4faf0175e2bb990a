//! `GET /v1/exchanges/{requestId}/wait`: immediate 200, woken 200, 204 on timeout, parameters.

use std::time::{Duration, Instant};

use super::fixtures::{artifact, decision, hash, rid};
use super::harness::{APP_A, ENF_A, start};

#[tokio::test]
async fn decided_exchange_returns_at_once_and_repeatedly() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    gw.post("/v1/decisions", APP_A, &decision(&r, &h, "n", "approve"))
        .await;
    for _ in 0..2 {
        let t = Instant::now();
        let res = gw
            .get(&format!("/v1/exchanges/{r}/wait?timeout=10"), ENF_A)
            .await;
        assert_eq!(res.status, 200);
        assert_eq!(res.json["msgType"], "decision.deliver");
        assert!(t.elapsed() < Duration::from_secs(2));
    }
}

#[tokio::test]
async fn waiting_poll_wakes_on_the_decision() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    let url = gw.url(&format!("/v1/exchanges/{r}/wait?timeout=20"));
    let client = gw.client.clone();
    let t = Instant::now();
    let waiting = tokio::spawn(async move { client.get(url).bearer_auth(ENF_A).send().await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        gw.post("/v1/decisions", APP_A, &decision(&r, &h, "n", "approve"))
            .await
            .status,
        200
    );
    let res = waiting.await.expect("join").expect("wait");
    assert_eq!(res.status().as_u16(), 200);
    assert!(t.elapsed() < Duration::from_secs(5), "woken, not timed out");
}

#[tokio::test]
async fn timeout_gives_204_with_empty_body() {
    let gw = start().await;
    let r = rid();
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &hash()))
        .await;
    let t = Instant::now();
    let res = gw
        .get(&format!("/v1/exchanges/{r}/wait?timeout=1"), ENF_A)
        .await;
    assert_eq!(res.status, 204);
    assert!(res.text.is_empty());
    let waited = t.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
}

#[tokio::test]
async fn bad_timeout_and_unknown_exchange() {
    let gw = start().await;
    let r = rid();
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &hash()))
        .await;
    for q in ["abc", "1.5"] {
        let res = gw
            .get(&format!("/v1/exchanges/{r}/wait?timeout={q}"), ENF_A)
            .await;
        assert_eq!(res.status, 400, "{q}");
        assert_eq!(res.error_code(), "InvalidParameter");
    }
    let res = gw
        .get(&format!("/v1/exchanges/{}/wait?timeout=1", rid()), ENF_A)
        .await;
    assert_eq!(res.status, 404);
    assert_eq!(res.error_code(), "NotFound");
    let res = gw.get(&format!("/v1/exchanges/{}", rid()), ENF_A).await;
    assert_eq!(res.status, 404);
}
