//! WebSocket: handshake checks, submissions over the socket, bad frames, limits, ping and idle.

use std::time::Duration;

use futures::SinkExt;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::fixtures::{artifact, decision, hash, rid};
use super::harness::{APP_A, ENF_A, start, start_with};
use super::streams::{ARRIVE, Sse, ws_connect, ws_next, ws_next_raw, ws_send, ws_try};

#[tokio::test]
async fn handshake_is_checked_before_upgrade() {
    let gw = start().await;
    assert_eq!(
        ws_try(&gw, "/v1/ws?role=admin&id=enforcer-a", ENF_A)
            .await
            .err(),
        Some(400)
    );
    assert_eq!(
        ws_try(&gw, "/v1/ws?role=enforcer", ENF_A).await.err(),
        Some(400)
    );
    assert_eq!(
        ws_try(&gw, "/v1/ws?role=enforcer&id=", ENF_A).await.err(),
        Some(400)
    );
    assert_eq!(
        ws_try(&gw, "/v1/ws?role=enforcer&id=enforcer-b", ENF_A)
            .await
            .err(),
        Some(403)
    );
    assert_eq!(
        ws_try(&gw, "/v1/ws?role=approver&id=enforcer-a", ENF_A)
            .await
            .err(),
        Some(403)
    );
    assert_eq!(
        ws_try(&gw, "/v1/ws?role=enforcer&id=enforcer-a", "wrong")
            .await
            .err(),
        Some(401)
    );
}

#[tokio::test]
async fn submissions_over_the_socket() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    let mut approver_sse = Sse::open(&gw, "/v1/sse/approvers/approver-a", APP_A).await;
    let mut enf = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    ws_send(&mut enf, &artifact(&r, &h)).await;
    let reply = ws_next(&mut enf, ARRIVE).await.expect("reply");
    assert_eq!(reply["msgType"], "artifact.accepted");
    assert_eq!(reply["requestId"], r.as_str());
    // Same frame again after a reconnect: no conflict, no second approval request.
    drop(enf);
    let mut enf = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    ws_send(&mut enf, &artifact(&r, &h)).await;
    assert_eq!(
        ws_next(&mut enf, ARRIVE).await.expect("reply")["msgType"],
        "artifact.accepted"
    );
    let pushed = approver_sse
        .next(ARRIVE)
        .await
        .expect("approval.request")
        .json();
    assert_eq!(pushed["requestId"], r.as_str());
    assert!(
        approver_sse
            .next(Duration::from_millis(300))
            .await
            .is_none()
    );
    let mut app = ws_connect(&gw, "approver", "approver-a", APP_A).await;
    let backlog = ws_next(&mut app, ARRIVE)
        .await
        .expect("approval.request backlog");
    assert_eq!(backlog["msgId"], pushed["msgId"]);
    ws_send(&mut app, &decision(&r, &h, "n", "approve")).await;
    assert_eq!(
        ws_next(&mut app, ARRIVE).await.expect("reply")["msgType"],
        "decision.accepted"
    );
    let d = ws_next(&mut enf, ARRIVE).await.expect("decision.deliver");
    assert_eq!(d["msgType"], "decision.deliver");
    // A role-mismatched submission gets an error envelope.
    ws_send(&mut app, &artifact(&rid(), &hash())).await;
    let err = ws_next(&mut app, ARRIVE).await.expect("error");
    assert_eq!(err["msgType"], "error");
    assert_eq!(err["body"]["code"], "Forbidden");
}

#[tokio::test]
async fn bad_frames_get_error_envelopes_and_the_socket_stays_open() {
    let gw = start().await;
    let mut ws = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    let frames = [
        Message::Text("not json".into()),
        Message::Text("{\"msgType\":\"artifact.submit\"".into()),
        Message::Text("[1,2]".into()),
        Message::Text("{\"msgType\":\"foo.bar\"}".into()),
        Message::Text("{} {}".into()),
        Message::Binary(vec![0xde, 0xad, 0xbe, 0xef].into()),
    ];
    for frame in frames {
        ws.send(frame.clone()).await.expect("send");
        let reply = ws_next(&mut ws, ARRIVE).await.expect("error envelope");
        assert_eq!(reply["msgType"], "error", "{frame:?}");
        assert!(reply["body"]["code"].is_string());
    }
    let r = rid();
    ws_send(&mut ws, &artifact(&r, &hash())).await;
    assert_eq!(
        ws_next(&mut ws, ARRIVE).await.expect("reply")["msgType"],
        "artifact.accepted"
    );
}

#[tokio::test]
async fn oversize_message_closes_with_1009() {
    let gw = start_with(|s| s.ws_max_message_bytes = 1024).await;
    let mut ws = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    ws.send(Message::Text("x".repeat(4096).into()))
        .await
        .expect("send");
    let mut code = None;
    while let Some(frame) = ws_next_raw(&mut ws, ARRIVE).await {
        if let Ok(Message::Close(Some(f))) = frame {
            code = Some(f.code);
            break;
        }
        if frame.is_err() {
            break;
        }
    }
    assert_eq!(code, Some(CloseCode::Size));
}

#[tokio::test]
async fn pings_keep_a_responsive_peer_and_idle_peers_are_closed() {
    let gw = start_with(|s| {
        s.ws_ping = Duration::from_millis(100);
        s.ws_idle = Duration::from_millis(500);
    })
    .await;
    let mut ws = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    let mut pings = 0;
    let until = tokio::time::Instant::now() + Duration::from_millis(1200);
    while tokio::time::Instant::now() < until {
        match ws_next_raw(&mut ws, Duration::from_millis(200)).await {
            Some(Ok(Message::Ping(_))) => pings += 1,
            Some(Ok(Message::Close(_))) | Some(Err(_)) => panic!("responsive peer was closed"),
            _ => {}
        }
    }
    assert!(pings >= 3, "pings seen: {pings}");

    let quiet = start_with(|s| s.ws_idle = Duration::from_millis(300)).await;
    let mut ws = ws_connect(&quiet, "enforcer", "enforcer-a", ENF_A).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let frame = ws_next_raw(&mut ws, ARRIVE).await;
    assert!(
        matches!(frame, Some(Ok(Message::Close(_))) | Some(Err(_)) | None),
        "idle peer not closed: {frame:?}"
    );
}
