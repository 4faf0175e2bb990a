//! `certificate.json`: what was certified, with what, and the verdicts (signed detached by sign.rs).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::digest::TreeDigest;
use super::levels::Assessment;
use super::requirements::{self, RequirementResult};
use crate::report::json::RunInfo;
use crate::verdict::{Outcome, ScenarioResult};

/// Version of the certificate format; bump on any breaking change.
pub const CERTIFICATE_VERSION: u32 = 1;

/// File names inside the run folder.
pub const CERTIFICATE_FILE: &str = "certificate.json";
pub const SIGNATURE_FILE: &str = "certificate.json.sig";

/// Everything a certificate records.
#[derive(Debug, Clone)]
pub struct CertificateInput<'a> {
    pub info: &'a RunInfo,
    /// The target's base URL (userinfo already redacted).
    pub target_url: &'a str,
    /// What `runtime.info` said, when served.
    pub runtime_info: Option<&'a Value>,
    /// The config it ran with, credentials redacted.
    pub config: Value,
    pub features: &'a TreeDigest,
    pub catalog: &'a TreeDigest,
    pub assessment: &'a Assessment,
    pub requirements: &'a [RequirementResult],
    pub results: &'a [ScenarioResult],
    pub issued_at: String,
    /// The signer's public key, base64url of the raw 32 bytes.
    pub public_key: String,
}

fn by_outcome(results: &[ScenarioResult]) -> BTreeMap<&'static str, usize> {
    Outcome::ALL
        .iter()
        .map(|o| {
            (
                o.as_str(),
                results.iter().filter(|r| r.outcome == *o).count(),
            )
        })
        .collect()
}

/// Builds the certificate document (serialized pretty; the signature covers the exact file bytes).
pub fn build(c: &CertificateInput) -> Value {
    let scenarios: Vec<Value> = c
        .results
        .iter()
        .map(|r| {
            json!({
                "name": r.display_name(),
                "location": format!("{}:{}", r.file, r.line),
                "level": r.level,
                "surface": r.surface,
                "outcome": r.outcome,
            })
        })
        .collect();
    json!({
        "certificate_version": CERTIFICATE_VERSION,
        "suite": {
            "name": "harp-conformance",
            "version": c.info.tool_version,
            "protocol_version": crate::discovery::OUR_PROTOCOL_VERSION,
        },
        "issued_at": c.issued_at,
        "target": {
            "url": c.target_url,
            "embedded": c.info.embedded,
            "protocol_version": c.info.protocol_version,
            "capabilities": c.info.capabilities,
            "runtime_info": c.runtime_info,
        },
        "profile": c.info.profile,
        "config": c.config,
        "digests": { "features": c.features, "catalog": c.catalog },
        "run": {
            "started_at": c.info.started_at,
            "duration_ms": c.info.duration_ms,
            "exit_code": c.info.exit_code,
            "scenarios_total": c.results.len(),
            "by_outcome": by_outcome(c.results),
        },
        "level": c.assessment.level,
        "levels": c.assessment.levels,
        "run_blockers": c.assessment.run_blockers,
        "served_surfaces": c.assessment.served_surfaces,
        "requirements_summary": requirements::counts(c.requirements)
            .into_iter()
            .map(|(k, n)| (k.to_string(), json!(n)))
            .collect::<serde_json::Map<_, _>>(),
        "requirements": c.requirements,
        "scenarios": scenarios,
        "signature": {
            "algorithm": "Ed25519",
            "encoding": "base64url",
            "file": SIGNATURE_FILE,
            "covers": "the exact bytes of certificate.json",
            "public_key": c.public_key,
        },
    })
}

/// Reads the two digests back from a certificate.
pub fn digests(cert: &Value) -> Result<(TreeDigest, TreeDigest), String> {
    let get = |k: &str| -> Result<TreeDigest, String> {
        serde_json::from_value(cert["digests"][k].clone())
            .map_err(|e| format!("the certificate has no valid digests.{k}: {e}"))
    };
    Ok((get("features")?, get("catalog")?))
}
