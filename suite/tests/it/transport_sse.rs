//! SSE connection: events reach the mailbox, idleness and bad data end it, refusals come back whole.

use std::time::{Duration, Instant};

use harp_conformance::transport::{
    ClientOptions, HttpClient, HttpResponse, SseConnection, Transcript,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// A one-connection server: answers with `head`, then writes each part of `parts`, then waits for
/// `hold` to fire (or be dropped) before closing. Returns the base URL and the received request head.
async fn serve(
    head: &'static str,
    parts: Vec<Vec<u8>>,
    hold: oneshot::Receiver<()>,
) -> (String, oneshot::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (req_tx, req_rx) = oneshot::channel();
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 4096];
        let n = sock.read(&mut buf).await.unwrap_or(0);
        let _ = req_tx.send(String::from_utf8_lossy(&buf[..n]).into_owned());
        let _ = sock.write_all(head.as_bytes()).await;
        for p in parts {
            let _ = sock.write_all(&p).await;
            let _ = sock.flush().await;
        }
        let _ = hold.await;
    });
    (url, req_rx)
}

const STREAM_HEAD: &str =
    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n\r\n";

fn client() -> HttpClient {
    HttpClient::new(&ClientOptions {
        request_timeout: Duration::from_secs(2),
        ..ClientOptions::default()
    })
    .unwrap()
}

/// Opens `url` without headers or a kept transcript: the stream, or the answer that was not one.
async fn open(url: &str, idle_timeout: Duration) -> Result<SseConnection, HttpResponse> {
    SseConnection::open(&client(), url, vec![], idle_timeout, &Transcript::new())
        .await
        .expect("transport")
}

/// Why the stream's mailbox ended while waiting (at most `limit`) for event `index`.
async fn end_of(conn: &SseConnection, index: usize, limit: Duration) -> String {
    conn.events
        .wait_for(index, limit, |_| true)
        .await
        .expect_err("ends")
}

#[tokio::test]
async fn events_arrive_in_the_mailbox_and_the_transcript() {
    let (_keep, hold) = oneshot::channel();
    let parts = vec![
        b": hello\n\nevent: harp.delivery\nid: 1\ndata: {\"a\":".to_vec(),
        b"1}\n\ndata: second\n\n".to_vec(),
    ];
    let (url, req) = serve(STREAM_HEAD, parts, hold).await;
    let t = Transcript::new();
    let conn = SseConnection::open(
        &client(),
        &format!("{url}/events"),
        vec![("Authorization".into(), "Bearer s3cret".into())],
        Duration::from_secs(5),
        &t,
    )
    .await
    .expect("transport")
    .expect("stream");
    assert_eq!(conn.status, 200);
    let (i, first) = conn
        .events
        .wait_for(0, Duration::from_secs(2), |e| e.event == "harp.delivery")
        .await
        .expect("first event");
    assert_eq!(i, 0);
    assert_eq!(first.data, "{\"a\":1}");
    assert_eq!(first.id.as_deref(), Some("1"));
    conn.events
        .wait_for(1, Duration::from_secs(2), |e| e.data == "second")
        .await
        .expect("second event");
    let head = req.await.unwrap();
    assert!(
        head.to_ascii_lowercase()
            .contains("accept: text/event-stream"),
        "{head}"
    );
    let text = t.render();
    assert!(
        text.contains("harp.delivery") && !text.contains("s3cret"),
        "{text}"
    );
    assert_eq!(t.entries().iter().filter(|e| e.kind == "sse").count(), 2);
}

#[tokio::test]
async fn idle_stream_ends_the_mailbox() {
    let (_keep, hold) = oneshot::channel();
    let (url, _req) = serve(STREAM_HEAD, vec![b"data: x\n\n".to_vec()], hold).await;
    let conn = open(&url, Duration::from_millis(200)).await.unwrap();
    let started = Instant::now();
    let err = end_of(&conn, 1, Duration::from_secs(5)).await;
    assert!(err.contains("idle timeout"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(conn.events.len(), 1);
}

#[tokio::test]
async fn server_close_ends_the_mailbox() {
    let (keep, hold) = oneshot::channel();
    drop(keep);
    let (url, _req) = serve(STREAM_HEAD, vec![b"data: x\n\n".to_vec()], hold).await;
    let conn = open(&url, Duration::from_secs(5)).await.unwrap();
    let err = end_of(&conn, 1, Duration::from_secs(2)).await;
    assert!(err.contains("closed"), "{err}");
}

#[tokio::test]
async fn invalid_utf8_ends_the_mailbox_with_a_diagnosis() {
    let (_keep, hold) = oneshot::channel();
    let (url, _req) = serve(STREAM_HEAD, vec![b"data: \xff\n\n".to_vec()], hold).await;
    let conn = open(&url, Duration::from_secs(5)).await.unwrap();
    let err = end_of(&conn, 0, Duration::from_secs(2)).await;
    assert!(err.contains("UTF-8"), "{err}");
}

#[tokio::test]
async fn non_200_comes_back_as_a_response() {
    let (keep, hold) = oneshot::channel();
    drop(keep);
    let head = "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 21\r\n\r\n{\"error\":\"not found\"}";
    let (url, _req) = serve(head, vec![], hold).await;
    let t = Transcript::new();
    let resp = SseConnection::open(&client(), &url, vec![], Duration::from_secs(5), &t)
        .await
        .unwrap()
        .expect_err("refused");
    assert_eq!(resp.status, 404);
    assert_eq!(resp.body, b"{\"error\":\"not found\"}");
    assert!(t.render().contains("HTTP 404"));
}

#[tokio::test]
async fn wrong_content_type_comes_back_as_a_response() {
    let (keep, hold) = oneshot::channel();
    drop(keep);
    let head = "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nhi";
    let (url, _req) = serve(head, vec![], hold).await;
    let resp = open(&url, Duration::from_secs(5))
        .await
        .expect_err("not a stream");
    assert_eq!(resp.status, 200);
    assert_eq!(resp.media_type().as_deref(), Some("text/plain"));
}
