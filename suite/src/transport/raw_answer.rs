//! What a raw exchange produced (bytes read and how it ended) and when an HTTP/1.x response read
//! from a raw socket is complete.

/// How a raw exchange ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawEnd {
    /// A complete HTTP response was read (by Content-Length, chunked end, or a 1xx/204/304 head).
    Complete,
    /// The peer closed the connection (after whatever bytes were read).
    Closed,
    /// The TLS handshake failed (alert, bad certificate, protocol refusal, reset during handshake).
    HandshakeFailed(String),
    /// Reading or writing failed after the handshake (reset, a TLS alert such as a refused client
    /// certificate under TLS 1.3).
    Error(String),
    /// The deadline passed before the response was complete.
    TimedOut,
    /// The byte cap was reached.
    Capped,
}

/// What a raw exchange produced.
#[derive(Debug, Clone)]
pub struct RawAnswer {
    /// The negotiated TLS version ("TLSv1_2", "TLSv1_3"), when a handshake completed.
    pub tls_version: Option<String>,
    pub bytes: Vec<u8>,
    pub end: RawEnd,
}

impl RawAnswer {
    /// The status code of the first HTTP/1.x status line read, if any.
    pub fn status(&self) -> Option<u16> {
        let text = std::str::from_utf8(&self.bytes[..self.bytes.len().min(64)]).ok()?;
        let rest = text.strip_prefix("HTTP/1.")?.get(2..)?;
        rest.get(..3)?.parse().ok()
    }

    /// The first header of the first response head with this (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<String> {
        let head_end = find(&self.bytes, b"\r\n\r\n").unwrap_or(self.bytes.len());
        let head = String::from_utf8_lossy(&self.bytes[..head_end]);
        head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }

    /// One line for messages: the status line (or "no HTTP answer") and how the exchange ended.
    pub fn describe(&self) -> String {
        let first = String::from_utf8_lossy(&self.bytes[..self.bytes.len().min(200)])
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        let answer = if first.is_empty() {
            "no HTTP answer".to_string()
        } else {
            format!("`{first}`")
        };
        let end = match &self.end {
            RawEnd::Complete => "complete response".to_string(),
            RawEnd::Closed => "connection closed by the target".to_string(),
            RawEnd::HandshakeFailed(e) => format!("TLS handshake failed: {e}"),
            RawEnd::Error(e) => format!("connection error: {e}"),
            RawEnd::TimedOut => "no complete answer before the deadline".to_string(),
            RawEnd::Capped => "byte cap reached".to_string(),
        };
        format!("{answer} ({end})")
    }
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// True once `bytes` hold one whole HTTP response.
pub(crate) fn complete(bytes: &[u8]) -> bool {
    let Some(end) = find(bytes, b"\r\n\r\n") else {
        return false;
    };
    let answer = RawAnswer {
        tls_version: None,
        bytes: bytes[..end + 4].to_vec(),
        end: RawEnd::Complete,
    };
    let body = &bytes[end + 4..];
    match answer.status() {
        Some(s) if (100..200).contains(&s) || s == 204 || s == 304 => return true,
        None => return false,
        _ => {}
    }
    if let Some(n) = answer
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok())
    {
        return body.len() >= n;
    }
    let chunked = answer
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    chunked && body.ends_with(b"0\r\n\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completeness_and_status() {
        assert!(complete(b"HTTP/1.1 400 Bad\r\ncontent-length: 2\r\n\r\nok"));
        assert!(!complete(
            b"HTTP/1.1 400 Bad\r\ncontent-length: 3\r\n\r\nok"
        ));
        assert!(complete(b"HTTP/1.1 101 Switching\r\n\r\n"));
        assert!(complete(
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
        ));
        assert!(!complete(b"HTTP/1.1 200 OK\r\n\r\nstream"));
        let a = RawAnswer {
            tls_version: None,
            bytes: b"HTTP/1.1 403 Forbidden\r\nStrict-Transport-Security: max-age=5\r\n\r\n"
                .to_vec(),
            end: RawEnd::Closed,
        };
        assert_eq!(a.status(), Some(403));
        assert_eq!(
            a.header("strict-transport-security").as_deref(),
            Some("max-age=5")
        );
        assert!(a.describe().contains("403") && a.describe().contains("closed"));
    }
}
