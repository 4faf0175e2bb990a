//! A TLS 1.0 / 1.1 ClientHello written by hand (rustls cannot speak those versions) and the reading
//! of the target's first answer: a ServerHello at a legacy version means the target accepts it.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::TransportError;
use super::raw::RawTarget;

/// A pre-1.2 protocol version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tls10,
    Tls11,
}

impl Legacy {
    fn wire(self) -> [u8; 2] {
        match self {
            Legacy::Tls10 => [3, 1],
            Legacy::Tls11 => [3, 2],
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tls10 => "TLS 1.0",
            Legacy::Tls11 => "TLS 1.1",
        }
    }
}

/// What the target answered to a legacy-only ClientHello.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegacyAnswer {
    /// A ServerHello choosing this (legacy) version: the handshake would go on.
    Accepted(String),
    /// A TLS alert, a close or a reset before any ServerHello.
    Refused(String),
    /// A ServerHello at a version the client never offered (not an acceptance, but broken).
    Other(String),
    /// No answer before the deadline.
    Silent,
}

fn u16be(n: usize) -> [u8; 2] {
    [(n >> 8) as u8, n as u8]
}

/// The ClientHello record: offers only `v`, common CBC suites of that era (RSA and ECDSA keys),
/// the renegotiation SCSV, SNI for DNS names, and the curves an ECDHE server needs.
pub fn client_hello(v: Legacy, host: &str, random: [u8; 32]) -> Vec<u8> {
    let suites: [u16; 8] = [
        0xC013, 0xC014, 0xC009, 0xC00A, 0x002F, 0x0035, 0x000A, 0x00FF,
    ];
    let mut ext = Vec::new();
    if host.parse::<std::net::IpAddr>().is_err() && !host.is_empty() {
        let name = host.as_bytes();
        let mut sni = Vec::new();
        sni.extend(u16be(name.len() + 3));
        sni.push(0);
        sni.extend(u16be(name.len()));
        sni.extend(name);
        ext.extend([0, 0]);
        ext.extend(u16be(sni.len()));
        ext.extend(sni);
    }
    // supported_groups: x25519, secp256r1, secp384r1.
    ext.extend([
        0x00, 0x0a, 0x00, 0x08, 0x00, 0x06, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18,
    ]);
    // ec_point_formats: uncompressed.
    ext.extend([0x00, 0x0b, 0x00, 0x02, 0x01, 0x00]);
    let mut body = Vec::new();
    body.extend(v.wire());
    body.extend(random);
    body.push(0); // no session id
    body.extend(u16be(suites.len() * 2));
    for s in suites {
        body.extend(s.to_be_bytes());
    }
    body.extend([1, 0]); // compression: null
    body.extend(u16be(ext.len()));
    body.extend(ext);
    let mut hs = vec![1, 0];
    hs.extend(u16be(body.len()));
    hs.extend(body);
    let mut record = vec![0x16];
    record.extend(v.wire());
    record.extend(u16be(hs.len()));
    record.extend(hs);
    record
}

/// Reads the first answer bytes: a record header plus enough of a ServerHello to see its version.
pub fn classify(v: Legacy, bytes: &[u8], closed: Option<&str>) -> LegacyAnswer {
    match bytes {
        [0x15, _, _, _, _, level, desc, ..] => {
            LegacyAnswer::Refused(format!("TLS alert (level {level}, description {desc})"))
        }
        [0x16, _, _, _, _, 2, _, _, _, major, minor, ..] => {
            let chosen = [*major, *minor];
            if chosen == v.wire() || chosen < v.wire() {
                LegacyAnswer::Accepted(format!(
                    "ServerHello with version {major}.{minor} ({} offered)",
                    v.name()
                ))
            } else {
                LegacyAnswer::Other(format!(
                    "ServerHello with version {major}.{minor}, which a {} client never offered",
                    v.name()
                ))
            }
        }
        [] => LegacyAnswer::Refused(
            closed
                .map(|c| format!("connection closed without a ServerHello ({c})"))
                .unwrap_or_else(|| "connection closed without a ServerHello".into()),
        ),
        other => LegacyAnswer::Other(format!(
            "an answer that is no TLS ServerHello or alert: {:02x?}",
            &other[..other.len().min(16)]
        )),
    }
}

/// Sends a legacy-only ClientHello to `target` and classifies the answer within `deadline`.
pub async fn probe(
    target: &RawTarget,
    v: Legacy,
    deadline: Duration,
) -> Result<LegacyAnswer, TransportError> {
    let run = async {
        let mut s = match TcpStream::connect((target.host.as_str(), target.port)).await {
            Ok(s) => s,
            Err(e) => {
                return Err(TransportError::Connect {
                    url: target.authority(),
                    reason: e.to_string(),
                });
            }
        };
        let random: [u8; 32] = rand::random();
        if let Err(e) = s.write_all(&client_hello(v, &target.host, random)).await {
            return Ok(LegacyAnswer::Refused(format!("write failed: {e}")));
        }
        let mut got = Vec::new();
        let mut buf = [0u8; 1024];
        // A ServerHello's version sits 11 bytes in; an alert needs 7.
        while got.len() < 11 {
            match s.read(&mut buf).await {
                Ok(0) => return Ok(classify(v, &got, Some("end of stream"))),
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) => return Ok(classify(v, &got, Some(&e.to_string()))),
            }
            if got.first() == Some(&0x15) && got.len() >= 7 {
                break;
            }
        }
        Ok(classify(v, &got, None))
    };
    match tokio::time::timeout(deadline, run).await {
        Ok(r) => r,
        Err(_) => Ok(LegacyAnswer::Silent),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hello_layout() {
        let h = client_hello(Legacy::Tls11, "gw.example", [7; 32]);
        assert_eq!(&h[..3], &[0x16, 3, 2]);
        assert_eq!(usize::from(h[3]) << 8 | usize::from(h[4]), h.len() - 5);
        assert_eq!(h[5], 1);
        assert_eq!(&h[9..11], &[3, 2]);
        assert!(h.windows(10).any(|w| w == b"gw.example"));
        let ip = client_hello(Legacy::Tls10, "127.0.0.1", [7; 32]);
        assert!(!ip.windows(9).any(|w| w == b"127.0.0.1"));
        assert_eq!(&ip[9..11], &[3, 1]);
    }

    #[test]
    fn answers() {
        let alert = [0x15, 3, 3, 0, 2, 2, 70];
        assert!(matches!(
            classify(Legacy::Tls11, &alert, None),
            LegacyAnswer::Refused(_)
        ));
        let hello11 = [0x16, 3, 2, 0, 80, 2, 0, 0, 76, 3, 2, 0];
        assert!(matches!(
            classify(Legacy::Tls11, &hello11, None),
            LegacyAnswer::Accepted(_)
        ));
        let hello10 = [0x16, 3, 1, 0, 80, 2, 0, 0, 76, 3, 1, 0];
        assert!(matches!(
            classify(Legacy::Tls11, &hello10, None),
            LegacyAnswer::Accepted(_)
        ));
        let hello12 = [0x16, 3, 3, 0, 80, 2, 0, 0, 76, 3, 3, 0];
        assert!(matches!(
            classify(Legacy::Tls10, &hello12, None),
            LegacyAnswer::Other(_)
        ));
        assert!(matches!(
            classify(Legacy::Tls10, &[], Some("reset")),
            LegacyAnswer::Refused(_)
        ));
        assert!(matches!(
            classify(Legacy::Tls10, b"HTTP/1.1 400 ", Some("eof")),
            LegacyAnswer::Other(_)
        ));
    }
}
