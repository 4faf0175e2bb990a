//! The fault catalogue from the outside: `--list-faults` lists at least 40 faults with their
//! requirement IDs, nothing is active by default, unknown names are refused, and an active fault
//! really changes behaviour (while the same request without it is conformant).

use std::process::Command;
use std::time::Duration;

use clap::Parser;
use harp_gateway::config::{Cli, DbLocation, Settings};
use harp_gateway::faults::{CATALOGUE, Fault, Faults};
use harp_gateway::{AppState, app};

fn gateway() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_harp-gateway"));
    cmd.env_remove("HARP_GATEWAY_FAULTS");
    cmd
}

#[test]
fn list_faults_prints_at_least_40_with_requirement_ids() {
    let out = gateway()
        .arg("--list-faults")
        .output()
        .expect("run harp-gateway");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 40, "only {} faults listed", lines.len());
    assert_eq!(lines.len(), CATALOGUE.len());
    for line in lines {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "{line}");
        assert!(!cols[0].is_empty() && !cols[2].is_empty(), "{line}");
        for id in cols[1].split(',') {
            let known = ["GW-", "TR-", "HB-", "CMP-"];
            assert!(known.iter().any(|p| id.starts_with(p)), "{id} in {line}");
        }
    }
}

#[test]
fn no_fault_is_active_by_default() {
    assert!(Settings::default().faults.is_empty());
    let cli = Cli::try_parse_from(["harp-gateway", "--db", ":memory:"]).expect("flags");
    let settings = cli.resolve().expect("settings");
    assert_eq!(settings.faults, Faults::NONE);
    assert!(settings.faults.active().is_empty());
}

#[test]
fn faults_are_parsed_from_repeated_flags_and_unknown_names_refused() {
    let cli = Cli::try_parse_from([
        "harp-gateway",
        "--fault",
        "ack-ignored,wait-empty-200",
        "--fault",
        "msg-id-missing",
    ])
    .expect("flags");
    let faults = cli.resolve().expect("settings").faults;
    assert_eq!(faults.active().len(), 3);
    assert!(faults.on(Fault::AckIgnored) && faults.on(Fault::MsgIdMissing));
    let bad = Cli::try_parse_from(["harp-gateway", "--fault", "no-such-fault"]).expect("flags");
    let err = bad.resolve().expect_err("unknown fault");
    assert!(err.to_string().contains("no-such-fault"), "{err}");
    let out = gateway()
        .args(["--fault", "no-such-fault", "--listen", "127.0.0.1:0"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--list-faults"));
}

/// Starts an in-process gateway with `faults`; returns its base URL, an enforcer credential and
/// the task serving it.
async fn start(faults: Faults) -> (String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let settings = Settings {
        listen: "127.0.0.1:0".into(),
        db: DbLocation::Memory,
        data_dir: dir.path().to_owned(),
        faults,
        ..Settings::default()
    };
    let started = AppState::open(settings).expect("open");
    let ids = std::fs::read_to_string(started.dev_identities.expect("dev identities"))
        .expect("identities");
    let credential = ids
        .split("[identities.")
        .find(|t| t.contains("role = \"enforcer\""))
        .and_then(|t| t.split("credential = \"").nth(1))
        .and_then(|t| t.split('"').next())
        .expect("an enforcer credential")
        .to_owned();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app(started.state)).await });
    (url, credential, dir)
}

async fn unknown_route_status(faults: Faults) -> u16 {
    let (url, credential, _dir) = start(faults).await;
    reqwest::Client::new()
        .get(format!("{url}/v1/no-such-route"))
        .bearer_auth(credential)
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .expect("response")
        .status()
        .as_u16()
}

#[tokio::test]
async fn an_active_fault_changes_behaviour() {
    assert_eq!(unknown_route_status(Faults::NONE).await, 404);
    let faulty = Faults::NONE.with(Fault::UnknownRoute200);
    assert_eq!(unknown_route_status(faulty).await, 200);
}
