//! A signed certificate verifies; any change to it, to the features or to the catalog is rejected.

use std::path::{Path, PathBuf};

use harp_conformance::certify::assessed::Rules;
use harp_conformance::certify::catalog::default_catalog_dir;
use harp_conformance::certify::certificate::{self, CertificateInput};
use harp_conformance::certify::digest;
use harp_conformance::certify::keygen::keygen;
use harp_conformance::certify::sign;
use harp_conformance::certify::verify::{VerifyInput, verify};
use harp_conformance::config::RunConfig;
use harp_conformance::report::json::RunInfo;
use harp_conformance::verdict::ScenarioResult;

use crate::fixture_support::passed;

struct Fixture {
    _dir: tempfile::TempDir,
    input: VerifyInput,
    other_pub: PathBuf,
}

fn results() -> Vec<ScenarioResult> {
    let r = result();
    let with = |id: &str| ScenarioResult {
        name: id.into(),
        requirement_ids: vec![id.into()],
        ..r.clone()
    };
    vec![
        r.clone(),
        with("TR-AUTH-01"),
        with("TR-TLS-01"),
        with("TR-SIZE-01"),
    ]
}

fn result() -> ScenarioResult {
    ScenarioResult {
        tags: vec!["must".into(), "GW-ART-01".into()],
        ..passed("A valid artifact is accepted", &["GW-ART-01"])
    }
}

fn info() -> RunInfo {
    RunInfo {
        tool_version: "0.1.0".into(),
        target: "https://gw.example".into(),
        profile: "ext".into(),
        embedded: false,
        started_at: "2026-02-24T10:00:00Z".into(),
        duration_ms: 10,
        protocol_version: Some("0.2.0".into()),
        capabilities: Some(vec!["artifacts".into()]),
        discovery: "runtime.info".into(),
        exit_code: 0,
    }
}

fn copy(from: &Path, to: &Path, name: &str) {
    std::fs::copy(from.join(name), to.join(name)).unwrap();
}

fn signed() -> Fixture {
    let d = tempfile::tempdir().unwrap();
    let (features, catalog) = (d.path().join("features"), d.path().join("fixtures"));
    std::fs::create_dir_all(features.join("artifacts")).unwrap();
    std::fs::create_dir_all(&catalog).unwrap();
    std::fs::write(
        features.join("artifacts/a.feature"),
        "Feature: F\n  @must @GW-ART-01\n  Scenario: A valid artifact is accepted\n    Given nothing\n",
    )
    .unwrap();
    copy(&default_catalog_dir(), &catalog, "requirements.toml");
    copy(&default_catalog_dir(), &catalog, "levels.toml");
    let rules = Rules::load(&catalog).unwrap();
    let cfg = RunConfig::resolve(&Default::default()).unwrap();
    let results = results();
    let assessed = rules.assess(&cfg, &info(), &results);
    assert_eq!(assessed.assessment.level.as_deref(), Some("Enterprise"));
    let keys = keygen(&d.path().join("certifier.key"), false).unwrap();
    let other = keygen(&d.path().join("other.key"), false).unwrap();
    let sk = sign::load_signing_key(&keys.private_key).unwrap();
    let cert = certificate::build(&CertificateInput {
        info: &info(),
        target_url: "https://gw.example",
        runtime_info: Some(&serde_json::json!({"protocol_version": "0.2.0"})),
        config: serde_json::json!({"values": {}}),
        features: &digest::features_digest(&features).unwrap(),
        catalog: &digest::digest_files(&catalog, &rules.catalog.files, "catalog").unwrap(),
        assessment: &assessed.assessment,
        requirements: &assessed.requirements,
        results: &results,
        issued_at: "2026-02-24T10:00:01Z".into(),
        public_key: keys.public_b64.clone(),
    });
    let bytes = serde_json::to_vec_pretty(&cert).unwrap();
    let cert_path = d.path().join("certificate.json");
    std::fs::write(&cert_path, &bytes).unwrap();
    let sig_path = d.path().join("certificate.json.sig");
    std::fs::write(&sig_path, sign::sign(&sk, &bytes)).unwrap();
    Fixture {
        input: VerifyInput {
            certificate: cert_path,
            signature: sig_path,
            pubkey: keys.public_key,
            features,
            catalog,
        },
        other_pub: other.public_key,
        _dir: d,
    }
}

#[test]
fn a_signed_certificate_verifies() {
    let f = signed();
    let lines = verify(&f.input).unwrap();
    assert!(
        lines.iter().any(|l| l.contains("level Enterprise")),
        "{lines:?}"
    );
}

#[test]
fn flipping_one_byte_of_a_verdict_is_rejected() {
    let f = signed();
    let mut bytes = std::fs::read(&f.input.certificate).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let at = text
        .find("\"verdict\": \"passed\"")
        .expect("a passed verdict")
        + 12;
    bytes[at] = b'P';
    std::fs::write(&f.input.certificate, &bytes).unwrap();
    let e = verify(&f.input).unwrap_err();
    assert!(e.contains("signature does not match"), "{e}");
}

#[test]
fn a_changed_feature_or_catalog_is_rejected() {
    let f = signed();
    let feature = f.input.features.join("artifacts/a.feature");
    let orig = std::fs::read_to_string(&feature).unwrap();
    std::fs::write(&feature, orig.replace("nothing", "something")).unwrap();
    let e = verify(&f.input).unwrap_err();
    assert!(
        e.contains("features digest mismatch") && e.contains("same files"),
        "{e}"
    );
    std::fs::write(&feature, &orig).unwrap();
    verify(&f.input).unwrap();
    std::fs::write(f.input.features.join("extra.feature"), "Feature: x\n").unwrap();
    let e = verify(&f.input).unwrap_err();
    assert!(e.contains("extra.feature"), "{e}");
    std::fs::remove_file(f.input.features.join("extra.feature")).unwrap();
    let levels = f.input.catalog.join("levels.toml");
    let text = std::fs::read_to_string(&levels).unwrap();
    std::fs::write(&levels, text.replace("\"must\", \"should\"", "\"must\"")).unwrap();
    let e = verify(&f.input).unwrap_err();
    assert!(e.contains("catalog digest mismatch"), "{e}");
}

#[test]
fn another_key_or_a_missing_signature_is_rejected() {
    let f = signed();
    let mut i = f.input.clone();
    i.pubkey = f.other_pub.clone();
    assert!(verify(&i).unwrap_err().contains("signature does not match"));
    let mut i = f.input.clone();
    i.signature = i.certificate.with_extension("missing");
    assert!(verify(&i).unwrap_err().contains("cannot read"));
}
