//! Proof of the skip discipline on the expanded binding: the reference gateway started with its ext
//! surfaces switched off (`--surfaces seed`) is run with a few seed features plus every ext feature.
//!
//! - Direct (runtime.info served, ext capabilities not advertised; ext profile): the seed scenarios
//!   pass, the ext-surface scenarios are not applicable, nothing fails, the run exits 0, and
//!   `certify` grants no level above Core (Full needs the pairing SHOULD, GW-PAIR-01).
//! - Behind a proxy that hides runtime.info (seed profile): the suite has to probe, and every
//!   ext-surface scenario is skipped-not-served with the gateway's 404 as evidence; exit 0.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::cli_support::{arg, cli, report_json, run_dir, text};
use crate::gateway_support::start_gateway;

/// Seed features that must pass against the seed-only gateway.
const SEED: [&str; 2] = [
    "artifacts/submit.feature",
    "decisions/decide_and_wait.feature",
];
/// Every folder of ext features.
const EXT: [&str; 7] = [
    "withdraw",
    "refresh",
    "presence",
    "pairing",
    "inbox_ext",
    "metadata",
    "ws_hello",
];
/// The gateway's switch (ext surfaces off) and the short ext timings it runs with.
const GATEWAY_ARGS: [&str; 8] = [
    "--surfaces",
    "seed",
    "--presence-ttl-secs",
    "3",
    "--pairing-ttl-secs",
    "3",
    "--hello-timeout-secs",
    "1",
];
/// The optional surfaces the switch turns off.
const EXT_SURFACES: [&str; 7] = [
    "withdraw",
    "refresh",
    "presence",
    "pairing",
    "inbox_expired",
    "inbox_delete",
    "ws_hello",
];

fn ours() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../features")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// The features of this test: the seed subset and the ext folders.
fn features(root: &Path) -> PathBuf {
    let dir = root.join("features");
    for f in SEED {
        let to = dir.join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(ours().join(f), &to).unwrap();
    }
    for d in EXT {
        copy_dir(&ours().join(d), &dir.join(d));
    }
    dir
}

/// A TCP proxy to `upstream` that answers `POST /v1/control/runtime.info` with 404 and splices every
/// other connection through unchanged (HTTP, SSE and WebSocket alike).
async fn hide_runtime_info(upstream: String) -> String {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = l.accept().await {
            let upstream = upstream.clone();
            tokio::spawn(async move {
                let mut head = vec![0u8; 4096];
                let n = match tokio::time::timeout(Duration::from_secs(10), client.read(&mut head))
                    .await
                {
                    Ok(Ok(n)) if n > 0 => n,
                    _ => return,
                };
                head.truncate(n);
                if head.starts_with(b"POST /v1/control/runtime.info ") {
                    let body = r#"{"code":"unknown_method","message":"hidden by the test proxy"}"#;
                    let resp = format!(
                        "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = client.write_all(resp.as_bytes()).await;
                    return;
                }
                let Ok(mut up) = TcpStream::connect(&upstream).await else {
                    return;
                };
                if up.write_all(&head).await.is_ok() {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut up).await;
                }
            });
        }
    });
    format!("http://{addr}")
}

/// The report.json of the one run under `reports`.
fn report(reports: &Path, o: &Output) -> Value {
    report_json(&run_dir(reports, &text(o)))
}

/// What every run of this test shares: the gateway (or the proxy before it), its config, the features.
struct Setup {
    config: PathBuf,
    features: PathBuf,
}

impl Setup {
    /// `harp-conformance <verb…> --target <target> --config … --features … --report-dir <reports>
    /// --max-time 3m <extra…>`.
    async fn cli(&self, verb: &[&str], target: &str, reports: &Path, extra: &[&str]) -> Output {
        let common = [
            "--target",
            target,
            "--config",
            arg(&self.config),
            "--features",
            arg(&self.features),
            "--report-dir",
            arg(reports),
            "--max-time",
            "3m",
        ];
        cli(&[verb, &common[..], extra].concat()).await
    }
}

fn is_seed(s: &Value) -> bool {
    let f = s["file"].as_str().unwrap_or_default();
    SEED.iter().any(|x| f.ends_with(x))
}

fn on_ext_surface(s: &Value) -> bool {
    s["surface"]
        .as_str()
        .is_some_and(|x| EXT_SURFACES.contains(&x))
}

fn brief(s: &Value) -> String {
    format!(
        "{} ({}): {} {}",
        s["name"], s["surface"], s["outcome"], s["message"]
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn ext_surfaces_switched_off_are_skipped_never_failed() {
    let _serial = crate::gateway_support::real_gateway().await;
    let tmp = tempfile::tempdir().unwrap();
    let feats = features(tmp.path());
    let gw = start_gateway(&tmp.path().join("gw"), GATEWAY_ARGS).await;
    let url = gw.base_url.as_str();
    // The target config: the gateway's identities plus the short ext timings it was started with.
    let config = tmp.path().join("target.toml");
    let ids = std::fs::read_to_string(&gw.identities).unwrap();
    let timing = "[timing]\npresence_ttl_s = 3\npairing_ttl_s = 3\nhello_timeout_s = 1\npresence_offline_bound_s = 5\n";
    std::fs::write(&config, format!("{ids}\n{timing}")).unwrap();
    let setup = Setup {
        config,
        features: feats,
    };

    // 1. Direct: runtime.info answers without the ext capabilities.
    let reports = tmp.path().join("direct");
    let o = setup.cli(&["run"], url, &reports, &[]).await;
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let r = report(&reports, &o);
    let caps: Vec<&str> = r["run"]["capabilities"]
        .as_array()
        .expect("runtime.info served")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(!caps.iter().any(|c| EXT_SURFACES.contains(c)), "{caps:?}");
    for sc in r["scenarios"].as_array().unwrap() {
        assert_ne!(sc["outcome"], "failed", "{}", brief(sc));
        if is_seed(sc) {
            assert_eq!(sc["outcome"], "passed", "{}", brief(sc));
        }
        if on_ext_surface(sc) {
            assert_eq!(sc["outcome"], "not-applicable", "{}", brief(sc));
        }
    }

    // 2. Behind a proxy that hides runtime.info: probing, seed profile.
    let proxy = hide_runtime_info(url.trim_start_matches("http://").to_string()).await;
    let reports = tmp.path().join("probed");
    let o = setup
        .cli(&["run"], &proxy, &reports, &["--profile", "seed"])
        .await;
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let r = report(&reports, &o);
    assert!(r["run"]["capabilities"].is_null(), "runtime.info is hidden");
    let (mut skipped, mut offered) = (0, None);
    for sc in r["scenarios"].as_array().unwrap() {
        assert_ne!(sc["outcome"], "failed", "{}", brief(sc));
        if is_seed(sc) {
            assert_eq!(sc["outcome"], "passed", "{}", brief(sc));
        }
        let ext_tagged = sc["tags"].as_array().unwrap().iter().any(|t| t == "ext");
        if on_ext_surface(sc) && !ext_tagged {
            assert_eq!(sc["outcome"], "skipped-not-served", "{}", brief(sc));
            let ev = sc["evidence"].as_str().unwrap_or_default();
            assert!(ev.contains("HTTP 404") || ev.contains("HTTP 405"), "{ev}");
            skipped += 1;
        }
        if sc["requirement_ids"][0] == "GW-PAIR-01" {
            offered = Some(sc["outcome"].clone());
        }
    }
    assert!(skipped >= 40, "only {skipped} ext scenarios were skipped");
    assert_eq!(
        offered,
        Some(Value::from("warned")),
        "GW-PAIR-01: pairing not offered is a SHOULD miss"
    );

    // 3. Certification of the direct setup: no level that requires the ext SHOULDs.
    let key = tmp.path().join("keys/certifier.key");
    let o = cli(&["keygen", "--out", arg(&key)]).await;
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let reports = tmp.path().join("certified");
    let o = setup
        .cli(&["certify", "--key", arg(&key)], url, &reports, &[])
        .await;
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    let full = out
        .lines()
        .find(|l| l.starts_with("Level Full"))
        .unwrap_or_else(|| panic!("no Full level line\n{}", text(&o)));
    assert!(full.contains("not granted"), "{}", text(&o));
    assert!(
        !out.contains("Certified level: Enterprise") && !out.contains("Certified level: Full"),
        "{}",
        text(&o)
    );
}
