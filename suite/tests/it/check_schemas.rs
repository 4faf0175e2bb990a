//! Our schemas against the official test vectors (our own copies) and known-bad instances.

use harp_conformance::check::Schemas;
use serde_json::{Value, json};

use crate::fixture_support::harbor_runtime_info;

fn schemas() -> Schemas {
    Schemas::load().expect("schemas compile")
}

fn vector(name: &str) -> Value {
    let path = format!("{}/tests/data/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("vector copy")).expect("json")
}

fn ok(s: &Schemas, name: &str, v: &Value) {
    if let Err(e) = s.validate(name, v) {
        panic!("{name} rejected a valid instance: {e:#?}");
    }
}

fn bad(s: &Schemas, name: &str, v: &Value, pointer: &str) -> Vec<String> {
    let errs = s.validate(name, v).expect_err("must be rejected");
    assert!(
        errs.iter().any(|e| e.starts_with(&format!("{pointer}: "))),
        "{name}: expected a violation at {pointer}, got {errs:#?}"
    );
    errs
}

#[test]
fn the_vectors_validate() {
    let s = schemas();
    let table = [
        ("01_artifact_submit.json", "artifact-submit", None),
        (
            "02_approval_request_sse_or_ws.json",
            "",
            Some("approval-request"),
        ),
        ("03_decision_submit.json", "decision-submit", None),
        (
            "04_decision_deliver_ws_or_sse.json",
            "",
            Some("decision-deliver"),
        ),
        ("05_ack_submit.json", "ack-submit", None),
    ];
    for (file, body_schema, envelope_schema) in table {
        let v = vector(file);
        ok(&s, "envelope", &v);
        ok(&s, "envelope-strict", &v);
        if !body_schema.is_empty() {
            ok(&s, body_schema, &v["body"]);
        }
        if let Some(e) = envelope_schema {
            ok(&s, e, &v);
        }
    }
}

#[test]
fn lenient_envelope_needs_only_msgtype_and_body() {
    let s = schemas();
    ok(
        &s,
        "envelope",
        &json!({"msgType": "inbox.page", "body": {}, "x-extra": 1}),
    );
    bad(&s, "envelope", &json!({"body": {}}), "(root)");
    bad(
        &s,
        "envelope",
        &json!({"msgType": "", "body": {}}),
        "/msgType",
    );
    bad(
        &s,
        "envelope",
        &json!({"msgType": "a", "body": []}),
        "/body",
    );
    bad(
        &s,
        "envelope",
        &json!({"msgType": "a", "body": {}, "requestId": 7}),
        "/requestId",
    );
}

#[test]
fn date_times_are_checked() {
    let s = schemas();
    for t in [
        "2026-02-24 10:00:00",
        "1700000000",
        "tomorrow",
        "2026-02-24T10:00:00",
    ] {
        bad(
            &s,
            "envelope",
            &json!({"msgType": "a", "body": {}, "createdAt": t}),
            "/createdAt",
        );
    }
    let mut ack = vector("05_ack_submit.json")["body"].clone();
    ack["ackAt"] = json!("now");
    bad(&s, "ack-submit", &ack, "/ackAt");
}

#[test]
fn strict_envelope_is_closed() {
    let s = schemas();
    let mut v = vector("01_artifact_submit.json");
    v["harpVersion"] = json!("0.2");
    bad(&s, "envelope-strict", &v, "(root)");
    ok(&s, "envelope", &v);
    let mut v = vector("01_artifact_submit.json");
    v["sender"]["actor"] = json!("x");
    bad(&s, "envelope-strict", &v, "/sender");
    let mut v = vector("01_artifact_submit.json");
    v.as_object_mut().unwrap().remove("requestId");
    bad(&s, "envelope-strict", &v, "(root)");
}

#[test]
fn submit_bodies_are_closed() {
    let s = schemas();
    let mut d = vector("03_decision_submit.json")["body"].clone();
    d["decision"] = json!("maybe");
    bad(&s, "decision-submit", &d, "/decision");
    let mut a = vector("01_artifact_submit.json")["body"].clone();
    a["extra"] = json!(true);
    bad(&s, "artifact-submit", &a, "(root)");
    let mut k = vector("05_ack_submit.json")["body"].clone();
    k["status"] = json!("done");
    bad(&s, "ack-submit", &k, "/status");
}

#[test]
fn error_body_allows_retryable_boolean_only() {
    let s = schemas();
    ok(
        &s,
        "error",
        &json!({"code": "bad_request", "message": "m", "requestId": "r", "details": {}}),
    );
    ok(
        &s,
        "error",
        &json!({"code": "x", "message": "m", "retryable": false}),
    );
    bad(
        &s,
        "error",
        &json!({"code": "x", "message": "m", "retryable": "no"}),
        "/retryable",
    );
    bad(&s, "error", &json!({"code": 400, "message": "m"}), "/code");
    bad(&s, "error", &json!({"message": "m"}), "(root)");
}

#[test]
fn exchange_status_casing_is_only_strict_in_the_strict_schema() {
    let s = schemas();
    let v = json!({"requestId": "r", "state": "Withdrawn", "createdAt": "2026-02-24T10:00:00Z", "expiresAt": "2026-02-24T10:10:00Z"});
    ok(&s, "exchange-status", &v);
    bad(&s, "exchange-status-strict", &v, "/state");
    let mut w = v.clone();
    w["state"] = json!("withdrawn");
    ok(&s, "exchange-status-strict", &w);
    w["other"] = json!(1);
    bad(&s, "exchange-status", &w, "(root)");
    w.as_object_mut().unwrap().remove("other");
    w["state"] = json!("");
    bad(&s, "exchange-status", &w, "/state");
}

#[test]
fn inbox_page_shape() {
    let s = schemas();
    ok(
        &s,
        "inbox-page",
        &json!({"items": [{}], "nextCursor": null}),
    );
    ok(&s, "inbox-page", &json!({"items": [], "nextCursor": "c2"}));
    bad(
        &s,
        "inbox-page",
        &json!({"items": [1], "nextCursor": null}),
        "/items/0",
    );
    bad(&s, "inbox-page", &json!({"items": []}), "(root)");
    bad(
        &s,
        "inbox-page",
        &json!({"items": [], "nextCursor": 3}),
        "/nextCursor",
    );
}

#[test]
fn delivered_messages_need_msgid_and_their_type() {
    let s = schemas();
    let mut v = vector("02_approval_request_sse_or_ws.json");
    v.as_object_mut().unwrap().remove("msgId");
    bad(&s, "approval-request", &v, "(root)");
    let mut v = vector("02_approval_request_sse_or_ws.json");
    v["msgType"] = json!("decision.deliver");
    bad(&s, "approval-request", &v, "/msgType");
    let mut v = vector("02_approval_request_sse_or_ws.json");
    v["body"].as_object_mut().unwrap().remove("artifactHash");
    bad(&s, "approval-request", &v, "/body");
    let mut v = vector("04_decision_deliver_ws_or_sse.json");
    v["body"].as_object_mut().unwrap().remove("signature");
    bad(&s, "decision-deliver", &v, "/body");
}

#[test]
fn runtime_info_from_the_harbor_seed() {
    let s = schemas();
    let mut v = harbor_runtime_info();
    v["future_member"] = json!({"ok": true});
    ok(&s, "runtime-info", &v);
    v["protocol_version"] = json!("v1");
    bad(&s, "runtime-info", &v, "/protocol_version");
    v["protocol_version"] = json!("1.2.3-rc.1+build.5");
    ok(&s, "runtime-info", &v);
    v["capabilities"] = json!(["a", 2]);
    bad(&s, "runtime-info", &v, "/capabilities/1");
}

#[test]
fn unknown_schema_name_is_an_error() {
    let errs = schemas().validate("nope", &json!({})).unwrap_err();
    assert!(
        errs[0].contains("nope") && errs[0].contains("envelope"),
        "{errs:?}"
    );
}

#[test]
fn validate_envelope_picks_the_body_for_body_schemas() {
    let s = schemas();
    assert!(Schemas::is_body_schema("ack-submit") && !Schemas::is_body_schema("envelope"));
    let mut v = vector("05_ack_submit.json");
    assert!(s.validate_envelope("ack-submit", &v).is_ok());
    assert!(s.validate_envelope("envelope-strict", &v).is_ok());
    v["body"]["status"] = json!("done");
    let errs = s.validate_envelope("ack-submit", &v).unwrap_err();
    assert!(errs[0].starts_with("/body/status: "), "{errs:?}");
    v["body"]["extra"] = json!(1);
    let errs = s.validate_envelope("ack-submit", &v).unwrap_err();
    assert!(errs.iter().any(|e| e.starts_with("/body: ")), "{errs:?}");
    let errs = s
        .validate_envelope("error", &json!({"msgType": "error"}))
        .unwrap_err();
    assert!(errs[0].contains("no body"), "{errs:?}");
}
