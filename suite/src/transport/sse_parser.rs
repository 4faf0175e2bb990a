//! Incremental Server-Sent Events parser following the WHATWG "event stream interpretation" rules.

/// One dispatched SSE event. `event` is "message" when the stream gave no `event:` field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SseEvent {
    pub event: String,
    /// The joined `data:` lines (joined with '\n', as the SSE spec says).
    pub data: String,
    /// The stream's last event ID when this event was dispatched (it persists across events, as
    /// the spec says); `None` when no `id:` was seen yet or it was set to the empty string.
    pub id: Option<String>,
    /// A `retry:` value (digits only) seen since the previous dispatched event.
    pub retry: Option<u64>,
}

/// Incremental parser per the WHATWG SSE rules: CR, LF and CRLF line ends, `:` comments, multi-line
/// data, fields without a colon, a leading BOM, and a max event size. Invalid UTF-8 is an error.
#[derive(Debug, Default)]
pub struct SseParser {
    /// Bytes of the current, not yet terminated line.
    line: Vec<u8>,
    /// The previous byte was a CR: a following LF belongs to the same line end.
    after_cr: bool,
    /// The leading BOM question is settled.
    bom_done: bool,
    /// Bytes held while deciding whether the stream starts with a BOM.
    bom_buf: Vec<u8>,
    data: String,
    event_type: String,
    last_id: String,
    retry: Option<u64>,
    /// Set once the stream is broken; every later feed fails with it.
    failed: Option<String>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl SseParser {
    /// Maximum size of one pending event (data + current line), in bytes: room for an approval request
    /// relaying an artifact at the recommended 2 MB limit, with margin for bigger configured limits.
    pub const MAX_EVENT_BYTES: usize = 8 * 1024 * 1024;

    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds bytes and returns the events completed by them. Comments (keepalives) produce no event.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Vec<SseEvent>, String> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let held;
        let mut input = bytes;
        if !self.bom_done {
            let mut pre = std::mem::take(&mut self.bom_buf);
            pre.extend_from_slice(bytes);
            if pre.len() < BOM.len() && BOM.starts_with(&pre) {
                self.bom_buf = pre;
                return Ok(Vec::new());
            }
            self.bom_done = true;
            let skip = if pre.starts_with(BOM) { BOM.len() } else { 0 };
            held = pre.split_off(skip);
            input = &held;
        }
        let mut events = Vec::new();
        match self.consume(input, &mut events) {
            Ok(()) => Ok(events),
            Err(e) => {
                self.failed = Some(e.clone());
                Err(e)
            }
        }
    }

    fn consume(&mut self, mut input: &[u8], events: &mut Vec<SseEvent>) -> Result<(), String> {
        while !input.is_empty() {
            if self.after_cr {
                self.after_cr = false;
                if input[0] == b'\n' {
                    input = &input[1..];
                    continue;
                }
            }
            match input.iter().position(|b| *b == b'\r' || *b == b'\n') {
                Some(i) => {
                    self.line.extend_from_slice(&input[..i]);
                    self.check_size()?;
                    self.after_cr = input[i] == b'\r';
                    input = &input[i + 1..];
                    self.process_line(events)?;
                }
                None => {
                    self.line.extend_from_slice(input);
                    self.check_size()?;
                    input = &[];
                }
            }
        }
        Ok(())
    }

    fn check_size(&self) -> Result<(), String> {
        let pending = self.line.len() + self.data.len() + self.event_type.len();
        if pending > Self::MAX_EVENT_BYTES {
            Err(format!(
                "an event exceeded {} bytes without being dispatched",
                Self::MAX_EVENT_BYTES
            ))
        } else {
            Ok(())
        }
    }

    fn process_line(&mut self, events: &mut Vec<SseEvent>) -> Result<(), String> {
        let raw = std::mem::take(&mut self.line);
        let line = String::from_utf8(raw).map_err(|e| {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            format!(
                "the event stream is not valid UTF-8 (byte 0x{:02x} at offset {at} of the line {:?})",
                bytes[at],
                String::from_utf8_lossy(&bytes[..bytes.len().min(80)])
            )
        })?;
        if line.is_empty() {
            self.dispatch(events);
            return Ok(());
        }
        if line.starts_with(':') {
            return Ok(());
        }
        let (name, value) = match line.split_once(':') {
            Some((n, v)) => (n, v.strip_prefix(' ').unwrap_or(v)),
            None => (line.as_str(), ""),
        };
        match name {
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "event" => self.event_type = value.to_string(),
            "id" if !value.contains('\0') => self.last_id = value.to_string(),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok();
            }
            _ => {}
        }
        self.check_size()
    }

    fn dispatch(&mut self, events: &mut Vec<SseEvent>) {
        let mut data = std::mem::take(&mut self.data);
        let event_type = std::mem::take(&mut self.event_type);
        if data.is_empty() {
            return;
        }
        data.pop();
        events.push(SseEvent {
            event: if event_type.is_empty() {
                "message".to_string()
            } else {
                event_type
            },
            data,
            id: (!self.last_id.is_empty()).then(|| self.last_id.clone()),
            retry: self.retry.take(),
        });
    }
}
