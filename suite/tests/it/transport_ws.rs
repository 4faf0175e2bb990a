//! WebSocket transport against a tokio-tungstenite peer: frames, pings, fragments, refusals, caps.
// tungstenite's accept callback must return `Result<Response, ErrorResponse>` (a large Err).
#![allow(clippy::result_large_err)]

use std::future::Future;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use harp_conformance::transport::{
    ClientOptions, HttpClient, Transcript, TransportError, WsConnection, WsFrame,
};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

const T: Duration = Duration::from_secs(3);

/// Starts a one-connection WS peer running `handler`; returns its ws:// URL.
async fn peer<F, Fut>(handler: F) -> String
where
    F: FnOnce(WebSocketStream<TcpStream>) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}/ws", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (sock, _) = listener.accept().await.unwrap();
        let ws = tokio_tungstenite::accept_async(sock).await.unwrap();
        handler(ws).await;
    });
    url
}

async fn echo(mut ws: WebSocketStream<TcpStream>) {
    while let Some(Ok(m)) = ws.next().await {
        if m.is_text() || m.is_binary() {
            let _ = ws.send(m).await;
        }
    }
}

async fn connect(url: &str, max: usize, t: &Transcript) -> WsConnection {
    let client = HttpClient::new(&ClientOptions::default()).unwrap();
    WsConnection::connect(&client, url, vec![], T, max, t)
        .await
        .expect("transport")
        .expect("upgrade")
}

#[tokio::test]
async fn text_round_trip_with_headers_and_transcript() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}/ws", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (sock, _) = listener.accept().await.unwrap();
        let cb = |req: &Request, resp: Response| -> Result<Response, ErrorResponse> {
            let auth = req
                .headers()
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_string());
            let _ = tx.send(auth);
            Ok(resp)
        };
        let ws = tokio_tungstenite::accept_hdr_async(sock, cb).await.unwrap();
        echo(ws).await;
    });
    let client = HttpClient::new(&ClientOptions::default()).unwrap();
    let t = Transcript::new();
    let conn = WsConnection::connect(
        &client,
        &url,
        vec![("Authorization".into(), "Bearer hush".into())],
        T,
        1 << 20,
        &t,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(rx.await.unwrap().as_deref(), Some("Bearer hush"));
    conn.send_text(r#"{"msgType":"hello"}"#).await.unwrap();
    let (_, f) = conn.frames.wait_for(0, T, |_| true).await.unwrap();
    assert_eq!(f, WsFrame::Text(r#"{"msgType":"hello"}"#.into()));
    conn.send_binary(vec![1, 2, 3]).await.unwrap();
    let (_, f) = conn.frames.wait_for(1, T, |_| true).await.unwrap();
    assert_eq!(f, WsFrame::Binary(vec![1, 2, 3]));
    conn.close().await;
    assert!(conn.is_closed());
    conn.close().await;
    let text = t.render();
    assert!(text.contains("HTTP 101"), "{text}");
    assert!(!text.contains("hush"), "{text}");
    let kinds: Vec<_> = t.entries().into_iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&"ws-send".to_string()) && kinds.contains(&"ws-recv".to_string()));
    assert!(matches!(
        conn.send_text("late").await,
        Err(TransportError::Closed(_))
    ));
}

#[tokio::test]
async fn our_ping_gets_a_pong() {
    let url = peer(echo).await;
    let conn = connect(&url, 1 << 20, &Transcript::new()).await;
    conn.send_ping(b"p".to_vec()).await.unwrap();
    let (_, f) = conn
        .frames
        .wait_for(0, T, |f| matches!(f, WsFrame::Pong(_)))
        .await
        .unwrap();
    assert_eq!(f, WsFrame::Pong(b"p".to_vec()));
}

#[tokio::test]
async fn target_pings_are_answered_automatically() {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let url = peer(|mut ws| async move {
        ws.send(Message::Ping(b"hb".to_vec().into())).await.unwrap();
        while let Some(Ok(m)) = ws.next().await {
            if let Message::Pong(p) = m {
                let _ = tx.send(p.to_vec());
                break;
            }
        }
    })
    .await;
    let conn = connect(&url, 1 << 20, &Transcript::new()).await;
    let pong = tokio::time::timeout(T, rx)
        .await
        .expect("pong in time")
        .unwrap();
    assert_eq!(pong, b"hb");
    assert!(
        conn.frames
            .snapshot()
            .contains(&WsFrame::Ping(b"hb".to_vec()))
    );
}

#[tokio::test]
async fn auto_pong_off_sends_no_pong_and_the_close_is_seen() {
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel::<()>();
    let (got_tx, got_rx) = tokio::sync::oneshot::channel();
    let url = peer(|mut ws| async move {
        let _ = ready_rx.await;
        ws.send(Message::Ping(b"hb".to_vec().into())).await.unwrap();
        let pong = tokio::time::timeout(Duration::from_millis(400), async {
            while let Some(Ok(m)) = ws.next().await {
                if m.is_pong() {
                    return true;
                }
            }
            false
        })
        .await
        .unwrap_or(false);
        let _ = got_tx.send(pong);
        let _ = ws
            .close(Some(CloseFrame {
                code: CloseCode::Away,
                reason: "idle timeout".into(),
            }))
            .await;
    })
    .await;
    let conn = connect(&url, 1 << 20, &Transcript::new()).await;
    conn.set_auto_pong(false);
    assert!(matches!(
        conn.send_text("x").await,
        Err(TransportError::Harness(_))
    ));
    ready_tx.send(()).unwrap();
    assert!(!got_rx.await.unwrap(), "no pong may reach the target");
    let err = conn
        .frames
        .wait_for(usize::MAX, T, |_| true)
        .await
        .unwrap_err();
    assert!(
        err.contains("1001") && err.contains("idle timeout"),
        "{err}"
    );
    let frames = conn.frames.snapshot();
    assert_eq!(frames[0], WsFrame::Ping(b"hb".to_vec()));
    assert_eq!(
        frames[1],
        WsFrame::Close(Some((1001, "idle timeout".into())))
    );
}

#[tokio::test]
async fn fragmented_text_is_reassembled_by_the_peer() {
    let url = peer(echo).await;
    let conn = connect(&url, 1 << 20, &Transcript::new()).await;
    let msg = r#"{"msgType":"hello","body":{"name":"ünïcødé 😀"}}"#;
    conn.send_fragmented_text(msg, 4).await.unwrap();
    let (_, f) = conn.frames.wait_for(0, T, |_| true).await.unwrap();
    assert_eq!(f, WsFrame::Text(msg.into()));
}

#[tokio::test]
async fn refused_upgrade_returns_the_status_and_body() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}/ws", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (sock, _) = listener.accept().await.unwrap();
        let cb = |_: &Request, _: Response| -> Result<Response, ErrorResponse> {
            let mut r = ErrorResponse::new(Some(r#"{"error":"unauthorized"}"#.into()));
            *r.status_mut() = http::StatusCode::UNAUTHORIZED;
            Err(r)
        };
        let _ = tokio_tungstenite::accept_hdr_async(sock, cb).await;
    });
    let client = HttpClient::new(&ClientOptions::default()).unwrap();
    let t = Transcript::new();
    let resp = WsConnection::connect(&client, &url, vec![], T, 1024, &t)
        .await
        .unwrap()
        .expect_err("refused");
    assert_eq!(resp.status, 401);
    assert_eq!(resp.body, br#"{"error":"unauthorized"}"#);
    assert!(t.render().contains("HTTP 401"));
}

#[tokio::test]
async fn oversize_incoming_frame_ends_the_mailbox_with_a_diagnosis() {
    let url = peer(|mut ws| async move {
        let _ = ws.send(Message::Text("x".repeat(4096).into())).await;
        let _ = ws.next().await;
    })
    .await;
    let conn = connect(&url, 1024, &Transcript::new()).await;
    let err = conn.frames.wait_for(0, T, |_| true).await.unwrap_err();
    assert!(err.contains("1024"), "{err}");
}

#[tokio::test]
async fn refused_connection_is_connect() {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("ws://{}/ws", l.local_addr().unwrap());
    drop(l);
    let client = HttpClient::new(&ClientOptions::default()).unwrap();
    let err = WsConnection::connect(&client, &url, vec![], T, 1024, &Transcript::new())
        .await
        .expect_err("refused");
    assert!(matches!(err, TransportError::Connect { .. }), "{err:?}");
}
