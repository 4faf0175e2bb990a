//! End to end through the binary: keygen, certify the bundled gateway, verify, reject a tampered copy.

use std::path::Path;
use std::process::Output;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::cli_support::{arg as s, cli, run_dir, text};

/// Feature files (relative to features/) the end-to-end certification runs.
const SUBSET: [&str; 3] = [
    "artifacts/submit.feature",
    "auth/no_credentials.feature",
    "errors/routes.feature",
];

/// `harp-conformance verify <certificate> --pubkey <public> --features <features>`.
async fn verify(certificate: &Path, public: &Path, features: &Path) -> Output {
    cli(&[
        "verify",
        s(certificate),
        "--pubkey",
        s(public),
        "--features",
        s(features),
    ])
    .await
}

fn well_formed(xml: &str) {
    let mut rd = Reader::from_str(xml);
    loop {
        match rd.read_event().expect("well-formed XML") {
            Event::Eof => break,
            _ => continue,
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn certify_verify_and_reject_a_tampered_copy() {
    let _serial = crate::gateway_support::real_gateway().await;
    let tmp = tempfile::tempdir().unwrap();
    let key = tmp.path().join("keys/certifier.key");
    let o = cli(&["keygen", "--out", s(&key)]).await;
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let public = tmp.path().join("keys/certifier.pub");
    assert!(String::from_utf8_lossy(&o.stdout).contains(s(&public)));
    let again = cli(&["keygen", "--out", s(&key)]).await;
    assert_eq!(again.status.code(), Some(2), "an existing key is kept");

    // A small, stable subset of the suite's features keeps this test quick; the digest covers it.
    let features = tmp.path().join("features");
    let ours = Path::new(env!("CARGO_MANIFEST_DIR")).join("../features");
    for f in SUBSET {
        let to = features.join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(ours.join(f), &to).unwrap();
    }
    let reports = tmp.path().join("reports");
    let o = cli(&[
        "certify",
        "--key",
        s(&key),
        "--report-dir",
        s(&reports),
        "--features",
        s(&features),
        "--max-time",
        "5m",
    ])
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let run_dir = run_dir(&reports, &text(&o));
    for f in [
        "certificate.json",
        "certificate.json.sig",
        "badge.svg",
        "badge.json",
        "declaration.json",
        "junit.xml",
        "report.json",
        "report.html",
    ] {
        assert!(run_dir.join(f).is_file(), "missing {f}");
    }
    let cert_path = run_dir.join("certificate.json");
    let cert_text = std::fs::read_to_string(&cert_path).unwrap();
    let cert: serde_json::Value = serde_json::from_str(&cert_text).unwrap();
    let level = cert["level"].as_str().unwrap_or("none");
    assert!(
        ["Core", "Full", "Enterprise"].contains(&level),
        "level {level}\n{}",
        text(&o)
    );
    assert!(!cert_text.contains("Bearer "), "credentials leaked");
    let badge: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run_dir.join("badge.json")).unwrap()).unwrap();
    assert_eq!(badge["schemaVersion"], 1);
    assert_eq!(badge["message"], level);
    well_formed(&std::fs::read_to_string(run_dir.join("badge.svg")).unwrap());
    let decl: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run_dir.join("declaration.json")).unwrap()).unwrap();
    assert_eq!(decl["conformanceLevel"], level);
    for m in ["harpVersion", "algorithms", "transport", "mTLS"] {
        assert!(decl.get(m).is_some(), "declaration lacks {m}");
    }

    let o = verify(&cert_path, &public, &features).await;
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("VALID"));

    let tampered = tmp.path().join("tampered");
    std::fs::create_dir_all(&tampered).unwrap();
    let mut bytes = cert_text.into_bytes();
    let at = String::from_utf8_lossy(&bytes)
        .find("\"verdict\": \"")
        .expect("a verdict")
        + 12;
    bytes[at] ^= 0x20;
    std::fs::write(tampered.join("certificate.json"), &bytes).unwrap();
    std::fs::copy(
        run_dir.join("certificate.json.sig"),
        tampered.join("certificate.json.sig"),
    )
    .unwrap();
    let o = verify(&tampered.join("certificate.json"), &public, &features).await;
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("REJECTED"));
}

#[tokio::test(flavor = "multi_thread")]
async fn certify_refuses_a_partial_selection_or_a_bad_key() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.key");
    std::fs::write(&bad, "not a key").unwrap();
    let o = cli(&["certify", "--key", s(&bad), "--report-dir", s(tmp.path())]).await;
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("PKCS#8"), "{}", text(&o));
    let o = cli(&["certify", "--key", s(&bad), "--tags", "@must"]).await;
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("every scenario"), "{}", text(&o));
}
