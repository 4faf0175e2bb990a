//! The binary's contract with the suite: the `identities:` and `listening on` lines, a working
//! server behind them, and a clean exit on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

#[tokio::test]
async fn prints_contract_lines_and_serves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_harp-gateway"))
        .args(["--listen", "127.0.0.1:0", "--db", ":memory:", "--data-dir"])
        .arg(dir.path())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn gateway");
    let stdout = child.stdout.take().expect("stdout");
    let lines = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .take(2)
            .collect::<Result<Vec<_>, _>>()
    });
    let lines = tokio::time::timeout(Duration::from_secs(10), lines)
        .await
        .expect("lines in time")
        .expect("join")
        .expect("read");
    let identities = lines[0]
        .strip_prefix("identities: ")
        .expect("identities line");
    assert!(std::path::Path::new(identities).exists());
    let base = lines[1]
        .strip_prefix("listening on ")
        .expect("listening line");
    assert!(!base.ends_with(":0"));
    let res = reqwest::Client::new()
        .post(format!("{base}/v1/control/runtime.info"))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("runtime.info");
    assert_eq!(res.status().as_u16(), 200);
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = tokio::task::spawn_blocking(move || child.wait());
    let status = tokio::time::timeout(Duration::from_secs(10), status)
        .await
        .expect("exits in time")
        .expect("join")
        .expect("wait");
    assert!(status.success(), "{status:?}");
}
