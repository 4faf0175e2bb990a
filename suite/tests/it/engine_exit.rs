//! Exit codes (0/1/2/3), bounded failure of a silent target, config errors, and JUnit parsed back.

use std::time::Duration;

use crate::engine_support::{accepted, artifacts_target, run};
use quick_xml::Reader;
use quick_xml::events::Event;
use wiremock::MockServer;

/// A target whose artifact answer never comes in time.
async fn silent_target() -> MockServer {
    artifacts_target(accepted().set_delay(Duration::from_secs(60))).await
}

#[tokio::test(flavor = "multi_thread")]
async fn passing_target_exits_0_and_junit_parses() {
    let s = artifacts_target(accepted()).await;
    let r = run(
        &s.uri(),
        "",
        &[
            "--tags",
            "@surface:artifacts and not @broken",
            "--name",
            "artifact is accepted",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Reports: "), "{}", r.stdout);
    let xml = std::fs::read_to_string(r.run_dir().join("junit.xml")).unwrap();
    let mut rd = Reader::from_str(&xml);
    let (mut suites, mut cases, mut names) = (0, 0, Vec::new());
    loop {
        match rd.read_event().expect("junit.xml is well-formed XML") {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"testsuite" => suites += 1,
                b"testcase" => {
                    cases += 1;
                    let n = e.try_get_attribute("name").unwrap().expect("testcase name");
                    names.push(String::from_utf8_lossy(&n.value).into_owned());
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((suites, cases), (1, 1), "{xml}");
    assert_eq!(names[0], "artifact is accepted [GW-ART-01]");
    assert_eq!(r.report()["version"], 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn silent_target_fails_in_bounded_time() {
    let s = silent_target().await;
    let r = run(&s.uri(), "", &["--name", "artifact is accepted"]).await;
    assert_eq!(r.code, 1, "stderr: {}", r.stderr);
    assert_eq!(r.outcome(), "failed");
    assert!(r.elapsed < Duration::from_secs(30), "took {:?}", r.elapsed);
    let msg = r.message();
    assert!(msg.contains("timed out"), "{msg}");
}

#[tokio::test(flavor = "multi_thread")]
async fn max_time_marks_unfinished_scenarios_timed_out() {
    let s = silent_target().await;
    let args = [
        "--name",
        "artifact is accepted",
        "--step-timeout",
        "30s",
        "--max-time",
        "1s",
    ];
    let r = run(&s.uri(), "", &args).await;
    assert_eq!(r.outcome(), "timed-out", "stderr: {}", r.stderr);
    assert_eq!(r.code, 1);
    assert!(r.elapsed < Duration::from_secs(20), "took {:?}", r.elapsed);
}

#[tokio::test(flavor = "multi_thread")]
async fn undefined_step_is_a_harness_error() {
    let s = MockServer::start().await;
    let r = run(&s.uri(), "", &["--tags", "@broken"]).await;
    assert_eq!(r.outcome(), "harness-error", "stderr: {}", r.stderr);
    assert_eq!(r.code, 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_errors_exit_2() {
    let s = MockServer::start().await;
    let r = run(&s.uri(), "[timing]\ndelivery_windw_s = 3\n", &[]).await;
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`timing.delivery_windw_s`")
            && r.stderr.contains("harp-conformance.toml"),
        "{}",
        r.stderr
    );
    let r = run(&s.uri(), "", &["--tags", "@no-such-tag"]).await;
    assert_eq!(r.code, 2, "nothing selected: {}", r.stderr);
    let r = run("http://127.0.0.1:9", "", &[]).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("cannot reach the target"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}
