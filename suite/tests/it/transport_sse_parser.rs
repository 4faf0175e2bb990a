//! SSE parser edge cases, one WHATWG rule per test, plus split-anywhere feeding.

use harp_conformance::transport::{SseEvent, SseParser};

fn parse(bytes: &[u8]) -> Vec<SseEvent> {
    SseParser::new().feed(bytes).expect("valid stream")
}

fn ev(event: &str, data: &str) -> SseEvent {
    SseEvent {
        event: event.into(),
        data: data.into(),
        id: None,
        retry: None,
    }
}

#[test]
fn lf_cr_and_crlf_line_ends() {
    assert_eq!(parse(b"data: a\n\n"), vec![ev("message", "a")]);
    assert_eq!(parse(b"data: a\r\r"), vec![ev("message", "a")]);
    assert_eq!(parse(b"data: a\r\n\r\n"), vec![ev("message", "a")]);
    assert_eq!(
        parse(b"data: a\r\ndata: b\rdata: c\n\r\n"),
        vec![ev("message", "a\nb\nc")]
    );
}

#[test]
fn comments_produce_nothing() {
    assert_eq!(parse(b": keepalive\n\n:\n\n"), vec![]);
    assert_eq!(parse(b": x\ndata: y\n\n"), vec![ev("message", "y")]);
}

#[test]
fn event_field_sets_the_type_and_resets_after_dispatch() {
    assert_eq!(
        parse(b"event: harp.delivery\ndata: {}\n\ndata: z\n\n"),
        vec![ev("harp.delivery", "{}"), ev("message", "z")]
    );
}

#[test]
fn only_one_space_after_the_colon_is_stripped() {
    assert_eq!(parse(b"data:  two\n\n"), vec![ev("message", " two")]);
    assert_eq!(parse(b"data:none\n\n"), vec![ev("message", "none")]);
}

#[test]
fn field_without_colon_has_an_empty_value() {
    // "data" alone appends an empty line: the data buffer is "\n", so an event with "" is dispatched.
    assert_eq!(parse(b"data\n\n"), vec![ev("message", "")]);
    assert_eq!(parse(b"data\ndata\n\n"), vec![ev("message", "\n")]);
}

#[test]
fn no_dispatch_without_data() {
    assert_eq!(parse(b"event: x\n\n"), vec![]);
    assert_eq!(parse(b"event: x\n\ndata: d\n\n"), vec![ev("message", "d")]);
    assert_eq!(parse(b"id: 1\n\n"), vec![]);
}

#[test]
fn id_persists_and_ids_with_nul_are_ignored() {
    let evs = parse(b"id: 7\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\nid\ndata: d\n\n");
    let ids: Vec<_> = evs.iter().map(|e| e.id.clone()).collect();
    assert_eq!(
        ids,
        vec![Some("7".into()), Some("7".into()), Some("7".into()), None]
    );
}

#[test]
fn retry_needs_digits_only() {
    let evs = parse(b"retry: 1500\ndata: a\n\nretry: 15x\ndata: b\n\nretry\ndata: c\n\n");
    let retries: Vec<_> = evs.iter().map(|e| e.retry).collect();
    assert_eq!(retries, vec![Some(1500), None, None]);
}

#[test]
fn unknown_fields_are_ignored() {
    assert_eq!(parse(b"foo: bar\ndata: a\n\n"), vec![ev("message", "a")]);
}

#[test]
fn leading_bom_is_stripped_once() {
    assert_eq!(parse(b"\xEF\xBB\xBFdata: a\n\n"), vec![ev("message", "a")]);
    let mut p = SseParser::new();
    assert!(p.feed(b"\xEF").unwrap().is_empty());
    assert!(p.feed(b"\xBB").unwrap().is_empty());
    assert_eq!(
        p.feed(b"\xBFdata: b\n\n").unwrap(),
        vec![ev("message", "b")]
    );
}

#[test]
fn incomplete_event_at_the_end_is_not_dispatched() {
    assert_eq!(parse(b"data: a\n"), vec![]);
    assert_eq!(parse(b"data: a"), vec![]);
}

#[test]
fn split_anywhere_gives_the_same_events() {
    let stream = "\u{FEFF}: hi\r\nevent: ü-type\r\nid: 42\r\ndata: héllo €\r\ndata: 😀\r\n\r\nretry: 10\ndata: two\r\rdata: three\n\n"
        .as_bytes();
    let whole = parse(stream);
    assert_eq!(whole.len(), 3);
    assert_eq!(whole[0].event, "ü-type");
    assert_eq!(whole[0].data, "héllo €\n😀");
    for cut in 0..=stream.len() {
        let mut p = SseParser::new();
        let mut got = p.feed(&stream[..cut]).unwrap();
        got.extend(p.feed(&stream[cut..]).unwrap());
        assert_eq!(got, whole, "split at {cut}");
    }
    let mut p = SseParser::new();
    let mut got = Vec::new();
    for b in stream {
        got.extend(p.feed(std::slice::from_ref(b)).unwrap());
    }
    assert_eq!(got, whole, "byte by byte");
}

#[test]
fn invalid_utf8_is_an_error_and_stays_one() {
    let mut p = SseParser::new();
    let err = p.feed(b"data: \xff\xfe\n\n").expect_err("invalid utf-8");
    assert!(err.contains("UTF-8"), "{err}");
    assert!(p.feed(b"data: ok\n\n").is_err());
}

#[test]
fn oversize_pending_event_is_an_error() {
    let mut p = SseParser::new();
    let line = format!("data: {}\n", "a".repeat(64 * 1024));
    let feeds = SseParser::MAX_EVENT_BYTES / line.len() + 2;
    let mut err = None;
    for _ in 0..feeds {
        if let Err(e) = p.feed(line.as_bytes()) {
            err = Some(e);
            break;
        }
    }
    assert!(err.expect("must fail").contains("exceeded"));
    let mut p = SseParser::new();
    let long = vec![b'x'; SseParser::MAX_EVENT_BYTES + 1];
    assert!(p.feed(&long).is_err(), "a line without an end counts too");
}
