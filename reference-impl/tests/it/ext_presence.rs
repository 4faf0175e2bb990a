//! Ext: the WebSocket `hello`, presence records (online/offline, transports, TTL, tenant scope).

use std::time::Duration;

use serde_json::{Value, json};

use super::fixtures::{artifact, hash, rid};
use super::harness::{APP_A, APP_X, ENF_A, ENF_X, Gateway, Resp, start, start_with};
use super::streams::{ARRIVE, QUIET, Sse, ws_connect, ws_next, ws_send};

fn tv07() -> Value {
    json!({"msgType": "hello", "capabilities": {"push": true, "poll": false, "sse": false},
        "workspaceName": "airlock", "enforcerLabel": "Antigravity"})
}

async fn record(gw: &Gateway, id: &str) -> Resp {
    gw.get(&format!("/v1/presence/enforcers/{id}"), APP_A).await
}

/// Polls the record until `check` holds (the server applies connects and disconnects on its own
/// tasks); fails after `ARRIVE`.
async fn eventually(gw: &Gateway, id: &str, what: &str, check: impl Fn(&Resp) -> bool) -> Resp {
    let deadline = tokio::time::Instant::now() + ARRIVE;
    loop {
        let r = record(gw, id).await;
        if check(&r) {
            return r;
        }
        assert!(tokio::time::Instant::now() < deadline, "{what}: last {r:?}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn status_is(s: &'static str) -> impl Fn(&Resp) -> bool {
    move |r| r.status == 200 && r.json["status"] == s
}

#[tokio::test]
async fn hello_is_accepted_silently_and_fills_the_record() {
    let gw = start().await;
    let mut ws = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    ws_send(&mut ws, &tv07()).await;
    assert!(
        ws_next(&mut ws, QUIET).await.is_none(),
        "no reply, no error"
    );
    // The socket still works: a submission over it is answered.
    ws_send(&mut ws, &artifact(&rid(), &hash())).await;
    let reply = ws_next(&mut ws, ARRIVE).await.expect("reply");
    assert_eq!(reply["msgType"], "artifact.accepted");
    let r = eventually(&gw, "enforcer-a", "online", status_is("online")).await;
    assert!(r.content_type().starts_with("application/json"));
    assert_eq!(r.json["enforcerDeviceId"], "enforcer-a");
    assert_eq!(r.json["transport"], "websocket");
    assert_eq!(r.json["workspaceName"], "airlock");
    assert_eq!(r.json["enforcerLabel"], "Antigravity");
    assert_eq!(r.json["capabilities"]["push"], true);
    assert!(
        harp_gateway::clock::parse_rfc3339(r.json["lastSeenAt"].as_str().expect("at")).is_some()
    );
    let list = gw
        .get("/v1/presence/enforcers?tenantId=tenant-1", APP_A)
        .await;
    assert_eq!(list.status, 200);
    assert!(list.content_type().starts_with("application/json"));
    let all = list.json.as_array().expect("array");
    assert!(all.iter().any(|x| x["enforcerDeviceId"] == "enforcer-a"));
    // Disconnect: offline at once (C-16); the hello fields stay.
    ws.close(None).await.expect("close");
    let r = eventually(&gw, "enforcer-a", "offline", status_is("offline")).await;
    assert_eq!(r.json["workspaceName"], "airlock");
}

#[tokio::test]
async fn a_malformed_hello_gets_an_error_and_the_socket_stays_open() {
    let gw = start().await;
    let mut ws = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    ws_send(
        &mut ws,
        &json!({"msgType": "hello", "capabilities": "push"}),
    )
    .await;
    let err = ws_next(&mut ws, ARRIVE).await.expect("error frame");
    assert_eq!(err["msgType"], "error");
    assert_eq!(err["body"]["code"], "ValidationError");
    ws_send(&mut ws, &tv07()).await;
    assert!(ws_next(&mut ws, QUIET).await.is_none());
}

#[tokio::test]
async fn without_hello_presence_follows_the_connection_after_the_hello_timeout() {
    let gw = start_with(|s| s.ext.hello_timeout = Duration::from_millis(300)).await;
    let ws = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    assert_eq!(
        record(&gw, "enforcer-a").await.status,
        404,
        "waiting for hello"
    );
    let r = eventually(
        &gw,
        "enforcer-a",
        "online by lifecycle",
        status_is("online"),
    )
    .await;
    assert_eq!(r.json["transport"], "websocket");
    assert!(r.json.get("workspaceName").is_none());
    drop(ws);
    eventually(&gw, "enforcer-a", "offline", status_is("offline")).await;
}

#[tokio::test]
async fn sse_and_long_poll_count_as_online_and_records_expire_after_the_ttl() {
    let gw = start_with(|s| s.ext.presence_ttl = Duration::from_millis(400)).await;
    let sse = Sse::open(&gw, "/v1/sse/enforcers/enforcer-a", ENF_A).await;
    let r = eventually(&gw, "enforcer-a", "sse online", status_is("online")).await;
    assert_eq!(r.json["transport"], "sse");
    drop(sse);
    eventually(&gw, "enforcer-a", "offline", status_is("offline")).await;
    eventually(&gw, "enforcer-a", "forgotten after the TTL", |r| {
        r.status == 404
    })
    .await;
    // A long-poll is a channel too (transport poll) while it is open.
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    let client = gw.client.clone();
    let url = gw.url(&format!("/v1/exchanges/{r}/wait?timeout=3"));
    let poll = tokio::spawn(async move { client.get(url).bearer_auth(ENF_A).send().await });
    let rec = eventually(&gw, "enforcer-a", "poll online", status_is("online")).await;
    assert_eq!(rec.json["transport"], "poll");
    poll.abort();
}

#[tokio::test]
async fn presence_needs_auth_a_tenant_and_stays_in_it() {
    let gw = start().await;
    let mut ws = ws_connect(&gw, "enforcer", "enforcer-x", ENF_X).await;
    ws_send(&mut ws, &tv07()).await;
    let missing = gw.get("/v1/presence/enforcers", APP_A).await;
    assert_eq!(
        (missing.status, missing.error_code()),
        (400, "InvalidParameter")
    );
    let foreign = gw
        .get("/v1/presence/enforcers?tenantId=tenant-2", APP_A)
        .await;
    assert_eq!((foreign.status, foreign.error_code()), (403, "Forbidden"));
    let own = gw
        .get("/v1/presence/enforcers?tenantId=tenant-1", APP_A)
        .await;
    assert!(!own.text.contains("enforcer-x"));
    let theirs = gw
        .get("/v1/presence/enforcers?tenantId=tenant-2", APP_X)
        .await;
    assert_eq!(theirs.status, 200);
    let unknown = record(&gw, "enforcer-nobody").await;
    assert_eq!((unknown.status, unknown.error_code()), (404, "NotFound"));
    let deadline = tokio::time::Instant::now() + ARRIVE;
    loop {
        let r = gw.get("/v1/presence/enforcers/enforcer-x", APP_X).await;
        if r.status == 200 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "enforcer-x never online"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let cross = record(&gw, "enforcer-x").await;
    assert_eq!(cross.status, 403);
    let anon = gw
        .client
        .get(gw.url("/v1/presence/enforcers?tenantId=tenant-1"))
        .send()
        .await
        .expect("send");
    assert_eq!(anon.status().as_u16(), 401);
}

#[tokio::test]
async fn a_long_poll_beside_an_open_websocket_keeps_the_transport_websocket() {
    let gw = start().await;
    let mut ws = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    ws_send(&mut ws, &tv07()).await;
    let online = eventually(&gw, "enforcer-a", "ws online", status_is("online")).await;
    assert_eq!(online.json["transport"], "websocket");
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    let client = gw.client.clone();
    let url = gw.url(&format!("/v1/exchanges/{r}/wait?timeout=3"));
    let poll = tokio::spawn(async move { client.get(url).bearer_auth(ENF_A).send().await });
    // Wait until the long-poll is registered (the record's lastSeenAt moves), then read it again.
    let before = online.json["lastSeenAt"].clone();
    let rec = eventually(&gw, "enforcer-a", "poll seen", |r| {
        r.json["lastSeenAt"] != before
    })
    .await;
    assert_eq!(rec.json["transport"], "websocket", "{}", rec.json);
    poll.abort();
    drop(ws);
}
