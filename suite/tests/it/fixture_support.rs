//! Test support: synthetic inputs shared by several tests (scenario results, a Harbor runtime.info).

use std::time::Duration;

use harp_conformance::features::Level;
use harp_conformance::verdict::{Outcome, ScenarioResult};
use serde_json::{Value, json};

/// A passed MUST scenario `name` of feature "F" (features/a.feature:3) on the artifacts surface,
/// carrying the requirement `ids` (and no tags): override what a test needs.
pub fn passed(name: &str, ids: &[&str]) -> ScenarioResult {
    ScenarioResult {
        feature: "F".into(),
        name: name.into(),
        file: "features/a.feature".into(),
        line: 3,
        tags: vec![],
        requirement_ids: ids.iter().map(|s| s.to_string()).collect(),
        level: Level::Must,
        surface: Some("artifacts".into()),
        outcome: Outcome::Passed,
        duration: Duration::from_millis(3),
        message: None,
        evidence: None,
        transcript: vec![],
    }
}

/// The dev-runtime answer of Harbor seed 001 to `runtime.info`, extra members and Harbor
/// capability strings included.
pub fn harbor_runtime_info() -> Value {
    json!({
        "instance_id": "harbor-dev-192.168.1.7",
        "display_name": "harbor dev",
        "build_version": "v0.0.0-dev",
        "build_commit": "dev",
        "build_go_version": "go1.26.3",
        "protocol_version": "0.1.0",
        "capabilities": ["events_subscribe", "runtime_posture", "task_control"],
        "uptime_seconds": 16
    })
}
