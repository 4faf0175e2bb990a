//! Test support: one full `harp-conformance run` against the bundled reference gateway.

use std::time::Duration;

use crate::cli_support::{command, output, report_json, run_dir};

/// The exit code, stderr and parsed report.json of a full default run (bundled gateway, real features).
pub struct BundledRun {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub report: serde_json::Value,
}

/// Runs `harp-conformance run` with no target (bounded: 10 minutes) and reads its report.json.
/// One at a time: see [`crate::gateway_support::real_gateway`].
pub async fn run_bundled() -> BundledRun {
    let _serial = crate::gateway_support::real_gateway().await;
    let reports = tempfile::tempdir().unwrap();
    let mut cmd = command(["run", "--report-dir"]);
    cmd.arg(reports.path()).args(["--max-time", "5m"]);
    let out = output(&mut cmd, Duration::from_secs(600)).await;
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    let run_dir = run_dir(reports.path(), &format!("stderr:\n{stderr}"));
    assert!(run_dir.join("junit.xml").is_file(), "no junit.xml");
    BundledRun {
        code: out.status.code(),
        stdout,
        stderr,
        report: report_json(&run_dir),
    }
}
