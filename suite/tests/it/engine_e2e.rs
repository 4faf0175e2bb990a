//! End to end: `harp-conformance run` certifies the bundled reference gateway with the real features.

#[tokio::test(flavor = "multi_thread")]
async fn certifies_the_bundled_gateway() {
    let run = crate::bundled_support::run_bundled().await;
    assert_eq!(
        run.code,
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
    let scenarios = run.report["scenarios"].as_array().unwrap();
    assert!(scenarios.len() >= 8, "{:#}", run.report);
    assert!(run.report["run"]["embedded"].as_bool().unwrap());
}
