//! Raw request bytes over a plain TCP or rustls socket, bounded by one deadline and a byte cap: for
//! probes no HTTP client library may tidy up (ambiguous framing, plaintext ports, restricted TLS
//! versions, missing or untrusted client certificates). Everything an exchange ends with is reported
//! as data (handshake failure, close, reset, timeout) so the caller judges it.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::ServerName;

use super::raw_answer::complete;
pub use super::raw_answer::{RawAnswer, RawEnd};
use super::transcript::render_body;
use super::{Transcript, TransportError};

/// Where a raw exchange goes: host and port from a URL, TLS when the URL is `https://`/`wss://`.
#[derive(Debug, Clone)]
pub struct RawTarget {
    pub host: String,
    pub port: u16,
    /// `Some` for TLS; the config decides versions, roots and client identity.
    pub tls: Option<Arc<rustls::ClientConfig>>,
}

impl RawTarget {
    /// Parses `scheme://host[:port][/…]`; `tls` is required for https/wss and ignored for http/ws.
    pub fn from_url(
        url: &str,
        tls: Option<Arc<rustls::ClientConfig>>,
    ) -> Result<Self, TransportError> {
        let (host, port, secure) = Self::parse(url)?;
        let tls = if secure {
            Some(tls.ok_or_else(|| {
                TransportError::Harness(format!("the TLS URL `{url}` needs a TLS configuration"))
            })?)
        } else {
            None
        };
        Ok(Self { host, port, tls })
    }

    /// `host:port` of a URL, as a Host header carries it.
    pub fn authority_of(url: &str) -> Result<String, TransportError> {
        let (host, port, _) = Self::parse(url)?;
        Ok(Self {
            host,
            port,
            tls: None,
        }
        .authority())
    }

    /// Host, port (default 443/80) and whether the scheme is a TLS one.
    fn parse(url: &str) -> Result<(String, u16, bool), TransportError> {
        let bad = |why: &str| TransportError::Harness(format!("cannot use the URL `{url}`: {why}"));
        let (scheme, rest) = url.split_once("://").ok_or_else(|| bad("no scheme"))?;
        let secure = match scheme.to_ascii_lowercase().as_str() {
            "https" | "wss" => true,
            "http" | "ws" => false,
            _ => return Err(bad("the scheme is not http(s) or ws(s)")),
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        let (host, port) = match authority.strip_prefix('[') {
            Some(v6) => {
                let (h, after) = v6
                    .split_once(']')
                    .ok_or_else(|| bad("unclosed IPv6 host"))?;
                (h.to_string(), after.strip_prefix(':'))
            }
            None => match authority.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), Some(p)),
                None => (authority.to_string(), None),
            },
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let port = match port {
            Some(p) => p.parse().map_err(|_| bad("the port is not a number"))?,
            None if secure => 443,
            None => 80,
        };
        Ok((host, port, secure))
    }

    /// `host:port` as it goes into a Host header.
    pub fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// Bounds of one raw exchange.
#[derive(Debug, Clone, Copy)]
pub struct RawLimits {
    /// Connect + handshake + write + read, all together.
    pub deadline: Duration,
    pub max_bytes: usize,
}

impl Default for RawLimits {
    fn default() -> Self {
        Self {
            deadline: Duration::from_secs(5),
            max_bytes: 64 * 1024,
        }
    }
}

/// Sends `request` and reads the answer off the async runtime; the transcript gets the request
/// head (credentials redacted) and the outcome. Only local faults (bad URL, no runtime) are `Err`.
pub async fn exchange(
    target: &RawTarget,
    request: Vec<u8>,
    limits: RawLimits,
    transcript: &Transcript,
) -> Result<RawAnswer, TransportError> {
    let shown = redact(&request);
    let t = target.clone();
    let answer = tokio::task::spawn_blocking(move || blocking_exchange(&t, &request, limits))
        .await
        .map_err(|e| TransportError::Harness(format!("raw exchange task failed: {e}")))?;
    transcript.push(
        "raw",
        format!(
            "{} {}\n{shown}\n--> {}\n{}",
            if target.tls.is_some() { "TLS" } else { "TCP" },
            target.authority(),
            answer.describe(),
            render_body(&answer.bytes)
        ),
    );
    Ok(answer)
}

/// The request as the transcript shows it: authorization values redacted, body truncated.
fn redact(request: &[u8]) -> String {
    render_body(request)
        .split("\r\n")
        .map(|l| match l.split_once(':') {
            Some((n, v)) if n.eq_ignore_ascii_case("authorization") => {
                let scheme = v.trim().split(' ').next().unwrap_or("");
                format!("{n}: {scheme} <redacted>")
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn blocking_exchange(t: &RawTarget, request: &[u8], limits: RawLimits) -> RawAnswer {
    let started = Instant::now();
    let left = || limits.deadline.saturating_sub(started.elapsed());
    let fail = |end: RawEnd| RawAnswer {
        tls_version: None,
        bytes: Vec::new(),
        end,
    };
    let addr = match (t.host.as_str(), t.port).to_socket_addrs() {
        Ok(mut a) => a.next(),
        Err(e) => return fail(RawEnd::Error(format!("cannot resolve {}: {e}", t.host))),
    };
    let Some(addr) = addr else {
        return fail(RawEnd::Error(format!("{} resolves to nothing", t.host)));
    };
    let mut tcp = match TcpStream::connect_timeout(&addr, left().max(Duration::from_millis(1))) {
        Ok(s) => s,
        Err(e) => return fail(RawEnd::Error(format!("cannot connect to {addr}: {e}"))),
    };
    let _ = tcp.set_nodelay(true);
    match &t.tls {
        None => talk(&mut tcp, request, limits, &left, None),
        Some(cfg) => {
            let name = match ServerName::try_from(t.host.clone()) {
                Ok(n) => n,
                Err(e) => return fail(RawEnd::Error(format!("bad TLS server name: {e}"))),
            };
            let mut conn = match rustls::ClientConnection::new(cfg.clone(), name) {
                Ok(c) => c,
                Err(e) => return fail(RawEnd::Error(format!("cannot start TLS: {e}"))),
            };
            while conn.is_handshaking() {
                if set_timeouts(&tcp, left()).is_err() {
                    return fail(RawEnd::TimedOut);
                }
                if let Err(e) = conn.complete_io(&mut tcp) {
                    let end = if is_timeout(&e) {
                        RawEnd::TimedOut
                    } else {
                        RawEnd::HandshakeFailed(e.to_string())
                    };
                    return fail(end);
                }
            }
            let version = conn.protocol_version().map(|v| format!("{v:?}"));
            let mut stream = rustls::Stream::new(&mut conn, &mut tcp);
            talk(&mut stream, request, limits, &left, version)
        }
    }
}

fn set_timeouts(tcp: &TcpStream, left: Duration) -> std::io::Result<()> {
    if left.is_zero() {
        return Err(std::io::Error::from(ErrorKind::TimedOut));
    }
    tcp.set_read_timeout(Some(left))?;
    tcp.set_write_timeout(Some(left))
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock)
}

/// Something we can write to and read from, whose socket deadline we can move.
trait Socket: Read + Write {
    fn tcp(&self) -> &TcpStream;
}

impl Socket for TcpStream {
    fn tcp(&self) -> &TcpStream {
        self
    }
}

impl Socket for rustls::Stream<'_, rustls::ClientConnection, TcpStream> {
    fn tcp(&self) -> &TcpStream {
        self.sock
    }
}

fn talk(
    s: &mut dyn Socket,
    request: &[u8],
    limits: RawLimits,
    left: &dyn Fn() -> Duration,
    tls_version: Option<String>,
) -> RawAnswer {
    let mut bytes = Vec::new();
    let end = 'io: {
        if set_timeouts(s.tcp(), left()).is_err() {
            break 'io RawEnd::TimedOut;
        }
        if let Err(e) = s.write_all(request).and_then(|_| s.flush()) {
            // The target may refuse mid-request and close: what it said before counts.
            if !is_timeout(&e) {
                let _ = read_rest(s, &mut bytes, limits, left);
                break 'io RawEnd::Error(format!("write failed: {e}"));
            }
            break 'io RawEnd::TimedOut;
        }
        read_rest(s, &mut bytes, limits, left)
    };
    RawAnswer {
        tls_version,
        bytes,
        end,
    }
}

fn read_rest(
    s: &mut dyn Socket,
    bytes: &mut Vec<u8>,
    limits: RawLimits,
    left: &dyn Fn() -> Duration,
) -> RawEnd {
    let mut buf = [0u8; 8192];
    loop {
        if complete(bytes) {
            return RawEnd::Complete;
        }
        if bytes.len() >= limits.max_bytes {
            return RawEnd::Capped;
        }
        if set_timeouts(s.tcp(), left()).is_err() {
            return RawEnd::TimedOut;
        }
        match s.read(&mut buf) {
            Ok(0) => return RawEnd::Closed,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            Err(e) if is_timeout(&e) => return RawEnd::TimedOut,
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => return RawEnd::Closed,
            Err(e) => return RawEnd::Error(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let t = RawTarget::from_url("http://127.0.0.1:8080/v1", None).unwrap();
        assert_eq!((t.host.as_str(), t.port), ("127.0.0.1", 8080));
        let t = RawTarget::from_url("ws://gw.example/v1/ws", None).unwrap();
        assert_eq!(
            (t.authority().as_str(), t.tls.is_none()),
            ("gw.example:80", true)
        );
        assert!(RawTarget::from_url("https://gw.example", None).is_err());
        let t = RawTarget::from_url("http://[::1]:9/x", None).unwrap();
        assert_eq!(t.authority(), "[::1]:9");
        assert!(RawTarget::from_url("ftp://x", None).is_err());
    }

    #[test]
    fn redacts_credentials() {
        let r = redact(b"GET / HTTP/1.1\r\nAuthorization: Bearer s3cret\r\n\r\n");
        assert!(!r.contains("s3cret") && r.contains("Bearer <redacted>"));
    }

    #[tokio::test]
    async fn plain_exchange_reads_until_complete() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut s, _) = l.accept().await.unwrap();
            let mut buf = [0u8; 256];
            let _ = s.read(&mut buf).await;
            let _ = s
                .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 1\r\n\r\nx")
                .await;
            // Keep the connection open: the answer must be judged complete without a close.
            std::future::pending::<()>().await;
        });
        let t = RawTarget::from_url(&format!("http://{addr}"), None).unwrap();
        let started = Instant::now();
        let a = exchange(
            &t,
            b"GET / HTTP/1.1\r\n\r\n".to_vec(),
            RawLimits::default(),
            &Transcript::new(),
        )
        .await
        .unwrap();
        assert_eq!((a.status(), a.end.clone()), (Some(400), RawEnd::Complete));
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}
