//! `run --profile harbor`: only features/harbor/, no HARP identities needed; passes against a
//! Harbor-like runtime (wiremock), and skips as not served against a target without a control surface.

use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

struct Out {
    code: i32,
    stderr: String,
    report: Value,
}

/// Runs `harp-conformance run --profile harbor --target <uri>` without any config file.
async fn run_harbor(target: &str) -> Out {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = tokio::time::timeout(
        Duration::from_secs(120),
        tokio::process::Command::new(env!("CARGO_BIN_EXE_harp-conformance"))
            .args(["run", "--profile", "harbor", "--target", target])
            .args(["--step-timeout", "3s", "--max-time", "60s", "--report-dir"])
            .arg(dir.path())
            .env_remove("HARP_CONFIG")
            .env_remove("HARP_FEATURES")
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("the CLI finished within 120 s")
    .expect("the CLI ran");
    let run_dir = std::fs::read_dir(dir.path())
        .expect("report dir")
        .next()
        .map(|e| e.expect("entry").path());
    let report = run_dir
        .map(|d| serde_json::from_slice(&std::fs::read(d.join("report.json")).unwrap()).unwrap())
        .unwrap_or(Value::Null);
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
    // The dev-runtime answer of seed 001, extra members and Harbor capability strings included.
    let info = json!({
        "instance_id": "harbor-dev-192.168.1.7",
        "display_name": "harbor dev",
        "build_version": "v0.0.0-dev",
        "build_commit": "dev",
        "build_go_version": "go1.26.3",
        "protocol_version": "0.1.0",
        "capabilities": ["events_subscribe", "runtime_posture", "task_control"],
        "uptime_seconds": 16
    });
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
