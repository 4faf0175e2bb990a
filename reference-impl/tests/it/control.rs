//! Discovery handshake (`/v1/control/*`), unknown routes and wrong methods.

use super::harness::{ENF_A, Resp, start};

#[tokio::test]
async fn runtime_info_needs_no_auth() {
    let gw = start().await;
    let res = Resp::from(
        gw.client
            .post(gw.url("/v1/control/runtime.info"))
            .send()
            .await
            .expect("post"),
    )
    .await;
    assert_eq!(res.status, 200);
    assert!(res.content_type().starts_with("application/json"));
    assert_eq!(res.json["protocol_version"], "0.2.0");
    let caps: Vec<&str> = res.json["capabilities"]
        .as_array()
        .expect("capabilities")
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    for c in [
        "artifacts",
        "wait",
        "sse_approver",
        "websocket",
        "ws_decision_submit",
    ] {
        assert!(caps.contains(&c), "{c}");
    }
    assert!(res.json["uptime_seconds"].is_u64());
    assert!(res.json["instance_id"].is_string());
}

#[tokio::test]
async fn unknown_method_and_wrong_verb() {
    let gw = start().await;
    let res = Resp::from(
        gw.client
            .post(gw.url("/v1/control/snapshot_universe"))
            .send()
            .await
            .expect("post"),
    )
    .await;
    assert_eq!(res.status, 404);
    assert_eq!(res.json["code"], "unknown_method");
    assert_eq!(res.json["protocol_version"], "0.2.0");
    assert!(res.content_type().starts_with("application/json"));
    let res = Resp::from(
        gw.client
            .get(gw.url("/v1/control/runtime.info"))
            .send()
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(res.status, 405);
    assert!(res.text.is_empty(), "bare 405");
}

#[tokio::test]
async fn unknown_route_404_and_wrong_method_405_envelopes() {
    let gw = start().await;
    let res = gw.get("/v1/nothing-here", ENF_A).await;
    assert_eq!(res.status, 404);
    assert_eq!(res.error_code(), "NotFound");
    let res = gw.get("/v2/artifacts", ENF_A).await;
    assert_eq!(res.status, 404);
    let res = gw.get("/v1/artifacts", ENF_A).await;
    assert_eq!(res.status, 405);
    assert_eq!(res.error_code(), "MethodNotAllowed");
    assert_eq!(
        res.headers.get("allow").and_then(|v| v.to_str().ok()),
        Some("POST")
    );
    let res = Resp::from(
        gw.client
            .delete(gw.url("/v1/exchanges/x"))
            .bearer_auth(ENF_A)
            .send()
            .await
            .expect("delete"),
    )
    .await;
    assert_eq!(res.status, 405);
    assert_eq!(res.error_code(), "MethodNotAllowed");
}
