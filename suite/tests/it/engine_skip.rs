//! The skip discipline end to end: 404/405/501 on an optional surface skips with evidence; on a
//! mandatory surface, or a declared one, it fails; `no` in [surfaces] makes a scenario not applicable.

use crate::engine_support::run;
use wiremock::MockServer;

#[tokio::test(flavor = "multi_thread")]
async fn optional_surface_not_served_is_skipped_with_evidence() {
    let s = MockServer::start().await; // every request answers 404
    let r = run(&s.uri(), "", &["--name", "enforcer stream is probed"]).await;
    assert_eq!(r.outcome(), "skipped-not-served", "stderr: {}", r.stderr);
    let rep = r.report();
    let ev = rep["scenarios"][0]["evidence"].as_str().expect("evidence");
    assert!(
        ev.contains("404") && ev.contains("/v1/sse/enforcers/enforcer-a"),
        "{ev}"
    );
    assert_eq!(r.code, 2, "a skip is not a pass: nothing was tested");
}

#[tokio::test(flavor = "multi_thread")]
async fn mandatory_surface_404_fails() {
    let s = MockServer::start().await;
    let r = run(&s.uri(), "", &["--name", "artifact is accepted"]).await;
    assert_eq!(r.outcome(), "failed", "stderr: {}", r.stderr);
    assert_eq!(r.code, 1);
    let msg = r.message();
    assert!(
        msg.contains("expected status 202") && msg.contains("mandatory.feature:"),
        "{msg}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn declared_optional_surface_404_fails() {
    let s = MockServer::start().await;
    let r = run(
        &s.uri(),
        "[surfaces]\nsse_enforcer = \"yes\"\n",
        &["--name", "enforcer stream is probed"],
    )
    .await;
    assert_eq!(
        r.outcome(),
        "failed",
        "declared surface: stderr: {}",
        r.stderr
    );
    assert_eq!(r.code, 1);
    let msg = r.message();
    assert!(msg.contains("404"), "{msg}");
}

#[tokio::test(flavor = "multi_thread")]
async fn surface_declared_no_is_not_applicable() {
    let s = MockServer::start().await;
    let r = run(
        &s.uri(),
        "[surfaces]\nwithdraw = \"no\"\n",
        &["--name", "withdraw is declared absent"],
    )
    .await;
    assert_eq!(r.outcome(), "not-applicable", "stderr: {}", r.stderr);
    assert_eq!(r.code, 2);
}
