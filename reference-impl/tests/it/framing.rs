//! Request smuggling: ambiguous HTTP/1.1 framing is refused (raw TCP, no client library help).

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::fixtures::{artifact, hash, rid};
use super::harness::{ENF_A, start};

/// Sends `head` + `body` raw and returns the status line's code (None if the peer just closed).
async fn raw_status(addr: &str, head: &str, body: &str) -> Option<u16> {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.write_all(head.as_bytes()).await.expect("write head");
    s.write_all(body.as_bytes()).await.expect("write body");
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
        .await
        .expect("answer in time")
        .unwrap_or(0);
    let text = String::from_utf8_lossy(&buf[..n]);
    text.strip_prefix("HTTP/1.1 ")
        .and_then(|t| t.get(..3))
        .and_then(|c| c.parse().ok())
}

#[tokio::test]
async fn conflicting_length_headers_are_refused() {
    let gw = start().await;
    let addr = gw.base.trim_start_matches("http://").to_owned();
    let r = rid();
    let body = artifact(&r, &hash()).to_string();
    let common = format!(
        "POST /v1/artifacts HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {ENF_A}\r\nContent-Type: application/harp+json\r\n"
    );
    let chunked_body = format!("{:x}\r\n{body}\r\n0\r\n\r\n", body.len());
    let both = format!(
        "{common}Content-Length: {}\r\nTransfer-Encoding: chunked\r\n\r\n",
        chunked_body.len()
    );
    let status = raw_status(&addr, &both, &chunked_body).await;
    assert!(matches!(status, None | Some(400)), "CL+TE: {status:?}");
    let dup = format!(
        "{common}Content-Length: {}\r\nContent-Length: {}\r\n\r\n",
        body.len(),
        body.len() + 5
    );
    let status = raw_status(&addr, &dup, &body).await;
    assert!(
        matches!(status, None | Some(400)),
        "duplicate CL: {status:?}"
    );
    let same = format!(
        "{common}Content-Length: {0}\r\nContent-Length: {0}\r\n\r\n",
        body.len()
    );
    let status = raw_status(&addr, &same, &body).await;
    assert!(
        matches!(status, None | Some(400)),
        "repeated CL: {status:?}"
    );
    assert_eq!(
        gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await.status,
        404
    );
}
