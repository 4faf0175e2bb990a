//! `run --profile harbor`: only features/harbor/, no HARP identities needed; passes against a
//! Harbor-like runtime (wiremock), and skips as not served against a target without a control surface.

use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::cli_support::{command, output, report_json, run_dirs};
use crate::fixture_support::harbor_runtime_info;

struct Out {
    code: i32,
    stderr: String,
    report: Value,
}

/// Runs `harp-conformance run --profile harbor --target <uri>` without any config file.
async fn run_harbor(target: &str) -> Out {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cmd = command(["run", "--profile", "harbor", "--target", target]);
    cmd.args(["--step-timeout", "3s", "--max-time", "60s", "--report-dir"])
        .arg(dir.path());
    let out = output(&mut cmd, Duration::from_secs(120)).await;
    let report = run_dirs(dir.path())
        .first()
        .map_or(Value::Null, |d| report_json(d));
    Out {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        report,
    }
}

fn outcomes(r: &Value) -> Vec<(String, String)> {
    r["scenarios"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| {
                    (
                        s["name"].as_str().unwrap_or_default().to_string(),
                        s["outcome"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn harbor_profile_passes_against_a_harbor_like_runtime() {
    let s = MockServer::start().await;
    let info = harbor_runtime_info();
    Mock::given(method("POST"))
        .and(path("/v1/control/runtime.info"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(info.to_string(), "application/json"))
        .with_priority(1)
        .mount(&s)
        .await;
    let unknown = json!({
        "code": "unknown_method",
        "message": "method is not a canonical Protocol method",
        "protocol_version": "0.1.0"
    });
    Mock::given(method("POST"))
        .and(path_regex(r"^/v1/control/[^/]+$"))
        .respond_with(
            ResponseTemplate::new(404).set_body_raw(unknown.to_string(), "application/json"),
        )
        .with_priority(2)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/control/runtime.info"))
        .respond_with(ResponseTemplate::new(405).insert_header("allow", "POST"))
        .mount(&s)
        .await;
    let r = run_harbor(&s.uri()).await;
    assert_eq!(r.code, 0, "stderr: {}\nreport: {:#}", r.stderr, r.report);
    let got = outcomes(&r.report);
    assert!(got.len() >= 5, "only the harbor scenarios run: {got:?}");
    assert!(got.iter().all(|(_, o)| o == "passed"), "{got:?}");
    assert!(r.stderr.contains("harbor profile"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn harbor_profile_skips_when_the_control_surface_is_not_served() {
    let s = MockServer::start().await; // every request answers 404
    let r = run_harbor(&s.uri()).await;
    let got = outcomes(&r.report);
    assert!(!got.is_empty(), "stderr: {}", r.stderr);
    assert!(
        got.iter().all(|(_, o)| o == "skipped-not-served"),
        "{got:?}"
    );
    assert_eq!(r.code, 2, "a skip is not a pass: {}", r.stderr);
}
