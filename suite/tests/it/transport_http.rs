//! HTTP transport: transcripts, redaction, bounded waits, byte caps and connection failures.

use std::time::{Duration, Instant};

use harp_conformance::transport::{
    ClientOptions, HttpClient, HttpRequest, HttpResponse, Transcript, TransportError,
};
use wiremock::matchers::{body_bytes, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(timeout_ms: u64, max_body: usize) -> HttpClient {
    HttpClient::new(&ClientOptions {
        request_timeout: Duration::from_millis(timeout_ms),
        max_body_bytes: max_body,
        ..ClientOptions::default()
    })
    .expect("client")
}

fn request(method: &str, url: String) -> HttpRequest {
    HttpRequest {
        method: method.into(),
        url,
        ..HttpRequest::default()
    }
}

fn get(url: String) -> HttpRequest {
    request("GET", url)
}

/// Sends `req` with the default bounds (2 s, 1 KiB) and expects an answer.
async fn send(req: HttpRequest, t: &Transcript) -> HttpResponse {
    client(2000, 1024).send(req, t).await.expect("response")
}

#[tokio::test]
async fn exchange_is_recorded_with_secrets_redacted() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/things"))
        .and(header("authorization", "Bearer sekrit-token-123"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_raw(r#"{"ok":true}"#, "application/harp+json; charset=utf-8"),
        )
        .expect(1)
        .mount(&s)
        .await;
    let t = Transcript::new();
    let req = HttpRequest {
        headers: vec![
            ("Authorization".into(), "Bearer sekrit-token-123".into()),
            ("content-type".into(), "application/json".into()),
        ],
        body: Some(br#"{"hello":"world"}"#.to_vec()),
        ..request("POST", format!("{}/v1/things", s.uri()))
    };
    let resp = send(req, &t).await;
    assert_eq!(resp.status, 201);
    assert_eq!(resp.media_type().as_deref(), Some("application/harp+json"));
    assert_eq!(resp.json().expect("json")["ok"], true);
    let entries = t.entries();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].kind, "http");
    let text = &entries[0].text;
    assert!(text.contains("POST http://"), "{text}");
    assert!(text.contains("Bearer <redacted>"), "{text}");
    assert!(!text.contains("sekrit"), "{text}");
    assert!(text.contains(r#"{"hello":"world"}"#), "{text}");
    assert!(text.contains("HTTP 201"), "{text}");
    assert!(text.contains(r#"{"ok":true}"#), "{text}");
}

#[tokio::test]
async fn long_bodies_are_truncated_in_the_transcript() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(5000)))
        .mount(&s)
        .await;
    let t = Transcript::new();
    let resp = client(2000, 10_000)
        .send(get(format!("{}/big", s.uri())), &t)
        .await
        .expect("response");
    assert_eq!(resp.body.len(), 5000);
    let text = t.render();
    assert!(text.contains("more bytes)"), "{text}");
    assert!(text.len() < 3000, "transcript too long: {}", text.len());
}

#[tokio::test]
async fn a_target_that_never_answers_times_out_quickly() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&s)
        .await;
    let t = Transcript::new();
    let started = Instant::now();
    let err = client(300, 1024)
        .send(get(format!("{}/hang", s.uri())), &t)
        .await
        .expect_err("must time out");
    assert!(started.elapsed() < Duration::from_secs(3));
    match &err {
        TransportError::Timeout { what, after_ms } => {
            assert!(what.contains("GET") && what.contains("/hang"), "{what}");
            assert_eq!(*after_ms, 300);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(err.is_target_fault());
    assert!(t.render().contains("error after"), "{}", t.render());
}

#[tokio::test]
async fn per_request_timeout_overrides_the_default() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_millis(200)))
        .mount(&s)
        .await;
    let mut req = get(format!("{}/slow", s.uri()));
    req.timeout = Some(Duration::from_secs(5));
    let resp = client(50, 1024)
        .send(req, &Transcript::new())
        .await
        .expect("longer per-request timeout");
    assert_eq!(resp.status, 204);
}

#[tokio::test]
async fn oversize_body_is_too_large() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![0xffu8; 4096]))
        .mount(&s)
        .await;
    let err = client(2000, 1000)
        .send(get(format!("{}/garbage", s.uri())), &Transcript::new())
        .await
        .expect_err("too large");
    assert!(
        matches!(err, TransportError::TooLarge { limit: 1000 }),
        "{err:?}"
    );
}

#[tokio::test]
async fn oversize_chunked_body_without_length_is_too_large() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 1024];
        let _ = sock.read(&mut buf).await;
        let _ = sock
            .write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
            .await;
        for _ in 0..10 {
            let _ = sock.write_all(b"200\r\n").await;
            let _ = sock.write_all(&[b'a'; 0x200]).await;
            let _ = sock.write_all(b"\r\n").await;
        }
        let _ = sock.write_all(b"0\r\n\r\n").await;
    });
    let err = client(2000, 1000)
        .send(get(format!("http://{addr}/stream")), &Transcript::new())
        .await
        .expect_err("too large");
    assert!(matches!(err, TransportError::TooLarge { .. }), "{err:?}");
}

#[tokio::test]
async fn connection_refused_is_connect_with_the_url() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let url = format!("http://{addr}/nothing");
    let t = Transcript::new();
    let err = client(2000, 1024)
        .send(get(url.clone()), &t)
        .await
        .expect_err("refused");
    match &err {
        TransportError::Connect { url: u, .. } => assert_eq!(u, &url),
        other => panic!("expected Connect, got {other:?}"),
    }
    assert_eq!(t.entries().len(), 1, "failed exchange is recorded too");
}

#[tokio::test]
async fn redirects_are_returned_not_followed() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/old"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/new"))
        .mount(&s)
        .await;
    let resp = send(get(format!("{}/old", s.uri())), &Transcript::new()).await;
    assert_eq!(resp.status, 302);
    assert_eq!(resp.header("Location"), Some("/new"));
}

#[tokio::test]
async fn chunked_request_body_arrives_whole() {
    let s = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(body_bytes(b"0123456789abcdef".to_vec()))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&s)
        .await;
    let t = Transcript::new();
    let req = HttpRequest {
        body: Some(b"0123456789abcdef".to_vec()),
        chunked: true,
        ..request("PUT", format!("{}/chunked", s.uri()))
    };
    let resp = send(req, &t).await;
    assert_eq!(resp.status, 200);
    let received = s.received_requests().await.expect("recording");
    assert!(received[0].headers.get("content-length").is_none());
    assert!(t.render().contains("transfer-encoding: chunked"));
}

#[test]
fn missing_ca_file_is_a_harness_error_naming_it() {
    let err = HttpClient::new(&ClientOptions {
        ca_bundle: Some("/nonexistent/ca.pem".into()),
        ..ClientOptions::default()
    })
    .expect_err("bad CA");
    assert!(!err.is_target_fault());
    assert!(err.to_string().contains("/nonexistent/ca.pem"), "{err}");
}

#[test]
fn half_an_identity_is_a_harness_error() {
    let err = HttpClient::new(&ClientOptions {
        client_cert: Some("/tmp/cert.pem".into()),
        ..ClientOptions::default()
    })
    .expect_err("cert without key");
    assert!(err.to_string().contains("client_key"), "{err}");
}
