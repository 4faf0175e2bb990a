//! The attach handshake gating the run (CLI-02, HB-VER-03/04): a different protocol major is refused
//! (exit 2) unless --allow-major-mismatch; an advertised capability answered 404 fails; an unadvertised
//! optional surface is not applicable; unknown capability strings are tolerated.

use crate::engine_support::{accepted, artifacts_target, run};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn runtime_info(version: &str, caps: &[&str]) -> ResponseTemplate {
    let doc = json!({
        "instance_id": "gw-test",
        "display_name": "wiremock gateway",
        "build_version": "0.0.1",
        "protocol_version": version,
        "capabilities": caps,
        "uptime_seconds": 3,
        "vendor_extension": {"anything": true}
    });
    ResponseTemplate::new(200).set_body_raw(doc.to_string(), "application/json")
}

async fn gateway(version: &str, caps: &[&str]) -> MockServer {
    let s = artifacts_target(accepted()).await;
    Mock::given(method("POST"))
        .and(path("/v1/control/runtime.info"))
        .respond_with(runtime_info(version, caps))
        .mount(&s)
        .await;
    s
}

#[tokio::test(flavor = "multi_thread")]
async fn major_mismatch_is_refused_unless_allowed() {
    let s = gateway("1.0.0", &["artifacts"]).await;
    let r = run(&s.uri(), "", &["--name", "artifact is accepted"]).await;
    assert_eq!(r.code, 2, "stderr: {}", r.stderr);
    assert!(
        r.stderr.contains("1.0.0")
            && r.stderr.contains("major")
            && r.stderr.contains("--allow-major-mismatch"),
        "{}",
        r.stderr
    );
    let args = ["--name", "artifact is accepted", "--allow-major-mismatch"];
    let r = run(&s.uri(), "", &args).await;
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(r.outcome(), "passed");
    assert!(r.stderr.contains("major mismatch allowed"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn same_major_compares_numerically() {
    // "0.10.3" is a later minor of major 0: compatible, whatever a string comparison would say.
    let s = gateway("0.10.3", &["artifacts"]).await;
    let r = run(&s.uri(), "", &["--name", "artifact is accepted"]).await;
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn advertised_but_unserved_capability_fails() {
    let s = gateway("0.2.0", &["artifacts", "sse_enforcer", "quantum_relay"]).await;
    let r = run(&s.uri(), "", &["--name", "enforcer stream is probed"]).await;
    assert_eq!(r.outcome(), "failed", "stderr: {}", r.stderr);
    assert_eq!(r.code, 1);
    assert!(r.message().contains("404"), "{}", r.message());
    assert!(
        r.stderr.contains("quantum_relay"),
        "unknown capability kept: {}",
        r.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unadvertised_optional_surface_is_not_applicable() {
    let s = gateway("0.2.0", &["artifacts", "tomorrow_feature"]).await;
    let r = run(&s.uri(), "", &["--name", "enforcer stream is probed"]).await;
    assert_eq!(r.outcome(), "not-applicable", "stderr: {}", r.stderr);
    assert!(r.message().contains("not advertised"), "{}", r.message());
}
