//! End to end: `harp-conformance run` certifies the bundled reference gateway with the real features.

use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn certifies_the_bundled_gateway() {
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
        .expect("bounded")
        .expect("ran");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let run_dir = std::fs::read_dir(reports.path())
        .unwrap()
        .next()
        .expect("a run folder")
        .unwrap()
        .path();
    assert!(run_dir.join("junit.xml").is_file());
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run_dir.join("report.json")).unwrap()).unwrap();
    let scenarios = report["scenarios"].as_array().unwrap();
    assert!(scenarios.len() >= 8, "{report:#}");
    assert!(report["run"]["embedded"].as_bool().unwrap());
}
