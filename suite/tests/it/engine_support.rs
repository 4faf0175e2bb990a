//! Test support of the engine tests: run the real binary against a wiremock target and read its reports.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::cli_support::{command, output, report_json, run_dir, run_dirs};

pub const IDENTITIES: &str = r#"
[identities.enforcer_a]
id = "enforcer-a"
credential = "cred-ea"
role = "enforcer"
tenant = "tenant-1"

[identities.enforcer_b]
id = "enforcer-b"
credential = "cred-eb"
role = "enforcer"
tenant = "tenant-1"

[identities.approver_a]
id = "approver-a"
credential = "cred-aa"
role = "approver"
tenant = "tenant-1"

[identities.approver_b]
id = "approver-b"
credential = "cred-ab"
role = "approver"
tenant = "tenant-1"
"#;

pub fn features() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/features/engine")
}

/// The outcome of one CLI invocation.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    pub report_dir: tempfile::TempDir,
}

impl Run {
    /// The single run folder written under the report dir.
    pub fn run_dir(&self) -> PathBuf {
        run_dir(self.report_dir.path(), &format!("stderr: {}", self.stderr))
    }

    pub fn report(&self) -> Value {
        report_json(&self.run_dir())
    }

    /// The outcome of the only scenario.
    pub fn outcome(&self) -> String {
        self.only_scenario()["outcome"]
            .as_str()
            .expect("outcome")
            .to_string()
    }

    /// The message of the only scenario ("" without one).
    pub fn message(&self) -> String {
        self.only_scenario()["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn only_scenario(&self) -> Value {
        let r = self.report();
        let sc = r["scenarios"].as_array().expect("scenarios");
        assert_eq!(sc.len(), 1, "one scenario expected: {r:#}");
        sc[0].clone()
    }
}

/// Writes a config (identities + `extra`) into a temp dir and returns its path.
pub fn config(dir: &Path, extra: &str) -> PathBuf {
    let p = dir.join("harp-conformance.toml");
    std::fs::write(&p, format!("{extra}\n{IDENTITIES}")).expect("write config");
    p
}

/// Default bounds unless the test sets them itself.
fn defaults(args: &[&str]) -> Vec<&'static str> {
    let mut d = Vec::new();
    if !args.contains(&"--step-timeout") {
        d.extend(["--step-timeout", "3s"]);
    }
    if !args.contains(&"--max-time") {
        d.extend(["--max-time", "60s"]);
    }
    d
}

/// Runs `harp-conformance run --target <target> --features <engine features>` with extra args.
pub async fn run(target: &str, extra_config: &str, args: &[&str]) -> Run {
    let report_dir = tempfile::tempdir().expect("tempdir");
    let cfg = config(report_dir.path(), extra_config);
    let mut cmd = command(["run", "--target", target, "--config"]);
    cmd.arg(&cfg)
        .arg("--features")
        .arg(features())
        .arg("--report-dir")
        .arg(report_dir.path().join("out"))
        .args(args)
        .args(defaults(args));
    let start = Instant::now();
    let out = output(&mut cmd, Duration::from_secs(120)).await;
    std::fs::remove_file(&cfg).ok();
    let out_dir = report_dir.path().join("out");
    let tmp = tempfile::tempdir().expect("tempdir");
    for d in run_dirs(&out_dir) {
        std::fs::rename(&d, tmp.path().join(d.file_name().expect("a name"))).expect("move run dir");
    }
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: start.elapsed(),
        report_dir: tmp,
    }
}

/// A gateway's 202 answer to an artifact submission.
pub fn accepted() -> ResponseTemplate {
    let body = serde_json::json!({
        "msgType": "artifact.accepted",
        "requestId": "x",
        "createdAt": "2026-02-24T10:00:00Z",
        "sender": {"gatewayId": "gw"},
        "body": {}
    });
    ResponseTemplate::new(202).set_body_raw(body.to_string(), "application/harp+json")
}

/// A wiremock target answering `POST /v1/artifacts` with `answer` (everything else: 404).
pub async fn artifacts_target(answer: ResponseTemplate) -> MockServer {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/artifacts"))
        .respond_with(answer)
        .mount(&s)
        .await;
    s
}
