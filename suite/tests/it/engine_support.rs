//! Shared helpers of the engine tests: run the real binary against a wiremock target and read its reports.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

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
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(self.report_dir.path())
            .expect("report dir")
            .map(|e| e.expect("entry").path())
            .collect();
        assert_eq!(
            dirs.len(),
            1,
            "one run folder expected; stderr: {}",
            self.stderr
        );
        dirs.remove(0)
    }

    pub fn report(&self) -> Value {
        let p = self.run_dir().join("report.json");
        serde_json::from_slice(&std::fs::read(&p).expect("report.json"))
            .expect("report.json is JSON")
    }

    /// The outcome of the only scenario.
    pub fn outcome(&self) -> String {
        let r = self.report();
        let sc = r["scenarios"].as_array().expect("scenarios");
        assert_eq!(sc.len(), 1, "one scenario expected: {r:#}");
        sc[0]["outcome"].as_str().expect("outcome").to_string()
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
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_harp-conformance"));
    cmd.arg("run")
        .arg("--target")
        .arg(target)
        .arg("--config")
        .arg(&cfg)
        .arg("--features")
        .arg(features())
        .arg("--report-dir")
        .arg(report_dir.path().join("out"))
        .args(args)
        .args(defaults(args))
        .env_remove("HARP_TARGET")
        .kill_on_drop(true);
    let start = Instant::now();
    let out = tokio::time::timeout(Duration::from_secs(120), cmd.output())
        .await
        .expect("the CLI finished within 120 s")
        .expect("the CLI ran");
    std::fs::remove_file(&cfg).ok();
    let out_dir = report_dir.path().join("out");
    let tmp = tempfile::tempdir().expect("tempdir");
    if out_dir.exists() {
        for e in std::fs::read_dir(&out_dir).expect("out dir") {
            let e = e.expect("entry");
            std::fs::rename(e.path(), tmp.path().join(e.file_name())).expect("move run dir");
        }
    }
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: start.elapsed(),
        report_dir: tmp,
    }
}
