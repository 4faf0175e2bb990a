//! TLS end to end: the real binary runs `features/tls` against the reference gateway started over
//! TLS with mTLS (test CA, client certificate, refusing plaintext port): every TLS row passes,
//! TR-TLS-05 included; against the same gateway over plain HTTP the TLS rows are not applicable.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/tls")
        .join(name)
}

/// The gateway binary next to ours, built first when missing.
async fn gateway_bin() -> PathBuf {
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_harp-conformance"));
    let bin = ours
        .parent()
        .expect("bin dir")
        .join(format!("harp-gateway{}", std::env::consts::EXE_SUFFIX));
    if !bin.is_file() {
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "-p", "harp-gateway"])
            .status()
            .await
            .expect("cargo build");
        assert!(status.success(), "cargo build -p harp-gateway failed");
    }
    bin
}

/// A started gateway and what it printed: (child, base URL, plaintext URL, identities file).
async fn start_gateway(dir: &Path, tls: bool) -> (Child, String, Option<String>, PathBuf) {
    let mut cmd = Command::new(gateway_bin().await);
    cmd.args(["--listen", "127.0.0.1:0", "--db", ":memory:", "--data-dir"])
        .arg(dir);
    if tls {
        cmd.arg("--tls-cert")
            .arg(data("server.pem"))
            .arg("--tls-key")
            .arg(data("server.key"))
            .arg("--tls-client-ca")
            .arg(data("ca.pem"))
            .args(["--plaintext-listen", "127.0.0.1:0"]);
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn gateway");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let (mut base, mut plain, mut ids) = (None, None, None);
    let read = async {
        while let Some(l) = lines.next_line().await.expect("read line") {
            if let Some(u) = l.strip_prefix("listening on ") {
                base = Some(u.trim().to_string());
                break;
            } else if let Some(u) = l.strip_prefix("plaintext: ") {
                plain = Some(u.trim().to_string());
            } else if let Some(p) = l.strip_prefix("identities: ") {
                ids = Some(PathBuf::from(p.trim()));
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(20), read)
        .await
        .expect("gateway started in time");
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (
        child,
        base.expect("listening line"),
        plain,
        ids.expect("identities line"),
    )
}

/// Runs `features/tls` with `config` and returns (exit code, scenario id → outcomes).
async fn run_tls_features(config: &Path) -> (i32, Vec<(Vec<String>, String)>, String) {
    let reports = tempfile::tempdir().expect("tempdir");
    let features = Path::new(env!("CARGO_MANIFEST_DIR")).join("../features/tls");
    let out = tokio::time::timeout(
        Duration::from_secs(120),
        Command::new(env!("CARGO_BIN_EXE_harp-conformance"))
            .args(["run", "--config"])
            .arg(config)
            .arg("--features")
            .arg(&features)
            .arg("--report-dir")
            .arg(reports.path())
            .env_remove("HARP_TARGET")
            .env_remove("HARP_CONFIG")
            .env_remove("HARP_FEATURES")
            .env_remove("HARP_TAGS")
            .env_remove("HARP_NAME")
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("bounded run")
    .expect("ran");
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let run_dir = std::fs::read_dir(reports.path())
        .expect("reports")
        .next()
        .expect("a run folder")
        .expect("entry")
        .path();
    let report: Value =
        serde_json::from_slice(&std::fs::read(run_dir.join("report.json")).expect("report.json"))
            .expect("json");
    let outcomes = report["scenarios"]
        .as_array()
        .expect("scenarios")
        .iter()
        .map(|s| {
            let ids = s["requirement_ids"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            (ids, s["outcome"].as_str().unwrap_or("").to_string())
        })
        .collect();
    (out.status.code().unwrap_or(-1), outcomes, log)
}

fn config(dir: &Path, body: &str, identities: &Path) -> PathBuf {
    let ids = std::fs::read_to_string(identities).expect("identities");
    let p = dir.join("hc.toml");
    std::fs::write(&p, format!("{body}\n{ids}")).expect("write config");
    p
}

#[tokio::test(flavor = "multi_thread")]
async fn mtls_gateway_passes_every_tls_row() {
    let _serial = crate::serial_support::real_gateway().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (_gw, base, plain, ids) = start_gateway(dir.path(), true).await;
    assert!(base.starts_with("https://"), "{base}");
    let body = format!(
        "[target]\nbase_url = \"{base}\"\nplaintext_url = \"{}\"\n\n[tls]\nca_bundle = \"{}\"\nclient_cert = \"{}\"\nclient_key = \"{}\"\nmtls_required = true\n",
        plain.expect("plaintext line"),
        data("ca.pem").display(),
        data("client.pem").display(),
        data("client.key").display()
    );
    let cfg = config(dir.path(), &body, &ids);
    let (code, outcomes, log) = run_tls_features(&cfg).await;
    assert_eq!(code, 0, "{log}");
    for id in [
        "TR-TLS-01",
        "TR-TLS-02",
        "TR-TLS-03",
        "TR-TLS-04",
        "TR-TLS-05",
        "TR-TLS-06",
        "TR-HYG-01",
    ] {
        let of_id: Vec<&String> = outcomes
            .iter()
            .filter(|(ids, _)| ids.iter().any(|i| i == id))
            .map(|(_, o)| o)
            .collect();
        assert!(!of_id.is_empty(), "no scenario for {id}: {outcomes:?}");
        assert!(
            of_id.iter().all(|o| *o == "passed"),
            "{id}: {of_id:?}\n{log}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn plaintext_target_makes_tls_rows_not_applicable() {
    let _serial = crate::serial_support::real_gateway().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (_gw, base, _, ids) = start_gateway(dir.path(), false).await;
    assert!(base.starts_with("http://"), "{base}");
    let cfg = config(
        dir.path(),
        &format!("[target]\nbase_url = \"{base}\"\n"),
        &ids,
    );
    let (code, outcomes, log) = run_tls_features(&cfg).await;
    assert_eq!(code, 0, "{log}");
    for (ids, outcome) in &outcomes {
        let want = if ids.iter().any(|i| i == "TR-HYG-01") {
            "passed"
        } else {
            "not-applicable"
        };
        assert_eq!(outcome, want, "{ids:?}\n{log}");
    }
}
