//! A byte-level follower of HTTP/1.1 request framing on one connection. It finds request heads
//! that carry both Content-Length and Transfer-Encoding, or more than one Content-Length, which
//! hyper would quietly resolve (Transfer-Encoding wins; identical lengths merge).

/// Why a connection is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Violation {
    LengthAndChunked,
    DuplicateLength,
    HeadTooLarge,
}

/// Longest request head followed (hyper's own limits are looser; bigger heads are refused).
const MAX_HEAD: usize = 64 * 1024;
/// Longest chunk-size or trailer line followed; beyond it the sniffer stops following.
const MAX_LINE: usize = 8 * 1024;

#[derive(Debug)]
enum Phase {
    /// Reading a request head, line by line.
    Head,
    /// Skipping a Content-Length body.
    Body(u64),
    /// Reading a chunk-size line.
    ChunkSize,
    /// Skipping chunk data plus its CRLF.
    ChunkData(u64),
    /// Reading trailer lines up to the empty one.
    Trailers,
    /// Upgraded (WebSocket) or lost sync: hyper (or the upgraded protocol) has the last word.
    Passthrough,
}

/// Follows the request stream of one connection.
#[derive(Debug)]
pub struct Sniffer {
    phase: Phase,
    line: Vec<u8>,
    head_len: usize,
    saw_request_line: bool,
    lengths: Vec<Vec<u8>>,
    transfer_encoding: Option<Vec<u8>>,
    upgrade: bool,
    /// Complete request heads seen so far.
    pub requests: u64,
}

impl Default for Sniffer {
    fn default() -> Self {
        Self {
            phase: Phase::Head,
            line: Vec::new(),
            head_len: 0,
            saw_request_line: false,
            lengths: Vec::new(),
            transfer_encoding: None,
            upgrade: false,
            requests: 0,
        }
    }
}

impl Sniffer {
    /// Feeds bytes read from the client, in order.
    pub fn feed(&mut self, mut bytes: &[u8]) -> Result<(), Violation> {
        while !bytes.is_empty() {
            match &mut self.phase {
                Phase::Passthrough => return Ok(()),
                Phase::Body(left) | Phase::ChunkData(left) => {
                    let take = (*left).min(bytes.len() as u64);
                    *left -= take;
                    bytes = &bytes[take as usize..];
                    if *left == 0 {
                        self.phase = match self.phase {
                            Phase::ChunkData(_) => Phase::ChunkSize,
                            _ => Phase::Head,
                        };
                    }
                }
                Phase::Head | Phase::ChunkSize | Phase::Trailers => {
                    let (byte, rest) = (bytes[0], &bytes[1..]);
                    bytes = rest;
                    if byte == b'\n' {
                        let mut line = std::mem::take(&mut self.line);
                        if line.last() == Some(&b'\r') {
                            line.pop();
                        }
                        self.end_line(&line)?;
                    } else {
                        self.line.push(byte);
                        if matches!(self.phase, Phase::Head) {
                            self.head_len += 1;
                            if self.head_len > MAX_HEAD {
                                return Err(Violation::HeadTooLarge);
                            }
                        } else if self.line.len() > MAX_LINE {
                            self.phase = Phase::Passthrough;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn end_line(&mut self, line: &[u8]) -> Result<(), Violation> {
        match self.phase {
            Phase::Head if line.is_empty() && !self.saw_request_line => Ok(()),
            Phase::Head if line.is_empty() => self.end_head(),
            Phase::Head if !self.saw_request_line => {
                self.saw_request_line = true;
                self.upgrade |= line.starts_with(b"CONNECT ");
                Ok(())
            }
            Phase::Head => {
                self.header(line);
                Ok(())
            }
            Phase::ChunkSize => {
                let size = line.split(|b| *b == b';').next().unwrap_or_default();
                self.phase = match parse_hex(size.trim_ascii()) {
                    Some(0) => Phase::Trailers,
                    Some(n) => Phase::ChunkData(n.saturating_add(2)),
                    None => Phase::Passthrough,
                };
                Ok(())
            }
            Phase::Trailers if line.is_empty() => {
                self.phase = Phase::Head;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn header(&mut self, line: &[u8]) {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            return;
        };
        let name = line[..colon].trim_ascii();
        let value = line[colon + 1..].trim_ascii().to_vec();
        if name.eq_ignore_ascii_case(b"content-length") {
            self.lengths.push(value);
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            self.transfer_encoding = Some(value);
        } else if name.eq_ignore_ascii_case(b"upgrade") {
            self.upgrade = true;
        }
    }

    fn end_head(&mut self) -> Result<(), Violation> {
        self.requests += 1;
        let lengths = std::mem::take(&mut self.lengths);
        let te = self.transfer_encoding.take();
        self.saw_request_line = false;
        self.head_len = 0;
        if lengths.len() > 1 {
            return Err(Violation::DuplicateLength);
        }
        if !lengths.is_empty() && te.is_some() {
            return Err(Violation::LengthAndChunked);
        }
        self.phase = if std::mem::take(&mut self.upgrade) {
            Phase::Passthrough
        } else if let Some(te) = te {
            let chunked = te
                .rsplit(|b| *b == b',')
                .next()
                .is_some_and(|last| last.trim_ascii().eq_ignore_ascii_case(b"chunked"));
            if chunked {
                Phase::ChunkSize
            } else {
                Phase::Passthrough
            }
        } else {
            match lengths.first().map(|v| {
                std::str::from_utf8(v)
                    .ok()
                    .and_then(|s| s.parse::<u64>().ok())
            }) {
                None | Some(Some(0)) => Phase::Head,
                Some(Some(n)) => Phase::Body(n),
                Some(None) => Phase::Passthrough,
            }
        };
        Ok(())
    }
}

fn parse_hex(digits: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(digits).ok()?;
    if text.is_empty() {
        return None;
    }
    u64::from_str_radix(text, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed_all(input: &str) -> Result<u64, Violation> {
        let mut s = Sniffer::default();
        // Byte-at-a-time to exercise every boundary.
        for b in input.as_bytes() {
            s.feed(std::slice::from_ref(b))?;
        }
        Ok(s.requests)
    }

    #[test]
    fn follows_pipelined_requests() {
        let two = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\nHost: x\r\n\r\n\
                   POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: v\r\n\r\n\
                   GET /d HTTP/1.1\n\n";
        assert_eq!(feed_all(two), Ok(4));
    }

    #[test]
    fn refuses_ambiguous_framing() {
        let both = "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(feed_all(both), Err(Violation::LengthAndChunked));
        let te_first = "POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\ncontent-length: 5\r\n\r\n";
        assert_eq!(feed_all(te_first), Err(Violation::LengthAndChunked));
        let dup = "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n";
        assert_eq!(feed_all(dup), Err(Violation::DuplicateLength));
        let smuggled = "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\nPOST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n";
        assert_eq!(feed_all(smuggled), Err(Violation::DuplicateLength));
    }

    #[test]
    fn stops_following_after_upgrade() {
        let ws = "GET /v1/ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n\x01\x05Content-Length: 1\r\nContent-Length: 2\r\n\r\n";
        assert_eq!(feed_all(ws), Ok(1));
    }
}
