//! TLS end to end: the real binary runs `features/tls` against the reference gateway started over
//! TLS with mTLS (test CA, client certificate, refusing plaintext port): every TLS row passes,
//! TR-TLS-05 included; against the same gateway over plain HTTP the TLS rows are not applicable.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cli_support::{command, output, report_json, run_dir};
use crate::gateway_support::{Gateway, start_gateway};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/tls")
        .join(name)
}

/// The gateway over TLS with mTLS (test CA) and a refusing plaintext port, or over plain HTTP.
async fn gateway(dir: &Path, tls: bool) -> Gateway {
    let mut args: Vec<PathBuf> = Vec::new();
    if tls {
        for (flag, file) in [
            ("--tls-cert", "server.pem"),
            ("--tls-key", "server.key"),
            ("--tls-client-ca", "ca.pem"),
        ] {
            args.extend([flag.into(), data(file)]);
        }
        args.extend(["--plaintext-listen".into(), "127.0.0.1:0".into()]);
    }
    start_gateway(dir, args).await
}

/// Runs `features/tls` with `config` and returns (exit code, scenario id → outcomes).
async fn run_tls_features(config: &Path) -> (i32, Vec<(Vec<String>, String)>, String) {
    let reports = tempfile::tempdir().expect("tempdir");
    let features = Path::new(env!("CARGO_MANIFEST_DIR")).join("../features/tls");
    let mut cmd = command(["run", "--config"]);
    cmd.arg(config)
        .arg("--features")
        .arg(&features)
        .arg("--report-dir")
        .arg(reports.path());
    let out = output(&mut cmd, Duration::from_secs(120)).await;
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let report = report_json(&run_dir(reports.path(), &log));
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
    let _serial = crate::gateway_support::real_gateway().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let gw = gateway(dir.path(), true).await;
    assert!(gw.base_url.starts_with("https://"), "{}", gw.base_url);
    let body = format!(
        "[target]\nbase_url = \"{}\"\nplaintext_url = \"{}\"\n\n[tls]\nca_bundle = \"{}\"\nclient_cert = \"{}\"\nclient_key = \"{}\"\nmtls_required = true\n",
        gw.base_url,
        gw.plaintext_url.as_deref().expect("plaintext line"),
        data("ca.pem").display(),
        data("client.pem").display(),
        data("client.key").display()
    );
    let cfg = config(dir.path(), &body, &gw.identities);
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
    let _serial = crate::gateway_support::real_gateway().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let gw = gateway(dir.path(), false).await;
    assert!(gw.base_url.starts_with("http://"), "{}", gw.base_url);
    let body = format!("[target]\nbase_url = \"{}\"\n", gw.base_url);
    let cfg = config(dir.path(), &body, &gw.identities);
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
