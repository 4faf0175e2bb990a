//! Test support: one full `harp-conformance run` against the bundled reference gateway.

use std::time::Duration;

/// The exit code, stderr and parsed report.json of a full default run (bundled gateway, real features).
pub struct BundledRun {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub report: serde_json::Value,
}

/// Runs `harp-conformance run` with no target (bounded: 10 minutes) and reads its report.json.
pub async fn run_bundled() -> BundledRun {
    let _serial = crate::serial_support::real_gateway().await;
    let reports = tempfile::tempdir().unwrap();
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_harp-conformance"));
    cmd.args(["run", "--report-dir"])
        .arg(reports.path())
        .args(["--max-time", "5m"])
        .env_remove("HARP_TARGET")
        .env_remove("HARP_CONFIG")
        .env_remove("HARP_FEATURES")
        .kill_on_drop(true);
    let out = tokio::time::timeout(Duration::from_secs(600), cmd.output())
        .await
        .expect("the run finished within 10 minutes")
        .expect("the CLI ran");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    let run_dir = std::fs::read_dir(reports.path())
        .unwrap()
        .next()
        .unwrap_or_else(|| panic!("no run folder; stderr:\n{stderr}"))
        .unwrap()
        .path();
    assert!(run_dir.join("junit.xml").is_file(), "no junit.xml");
    let report = serde_json::from_slice(&std::fs::read(run_dir.join("report.json")).unwrap())
        .expect("report.json is JSON");
    BundledRun {
        code: out.status.code(),
        stdout,
        stderr,
        report,
    }
}
