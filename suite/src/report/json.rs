//! `report.json`: the stable, versioned machine-readable report (schema documented in suite/REPORT_JSON.md).

use serde::Serialize;
use serde_json::{Value, json};

use crate::verdict::{Outcome, ScenarioResult};

/// Version of the report.json schema; bump on any breaking change.
pub const REPORT_VERSION: u32 = 1;

/// Run-level facts recorded next to the scenarios.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    pub tool_version: String,
    pub target: String,
    pub profile: String,
    pub embedded: bool,
    pub started_at: String,
    pub duration_ms: u64,
    pub protocol_version: Option<String>,
    pub capabilities: Option<Vec<String>>,
    pub discovery: String,
    pub exit_code: i32,
}

/// Builds the report document.
pub fn render(run: &RunInfo, results: &[ScenarioResult]) -> Value {
    let mut counts = serde_json::Map::new();
    for o in Outcome::ALL {
        counts.insert(
            o.as_str().into(),
            json!(results.iter().filter(|r| r.outcome == o).count()),
        );
    }
    let scenarios: Vec<Value> = results
        .iter()
        .map(|r| {
            json!({
                "feature": r.feature,
                "name": r.name,
                "file": r.file,
                "line": r.line,
                "tags": r.tags,
                "requirement_ids": r.requirement_ids,
                "level": r.level,
                "surface": r.surface,
                "outcome": r.outcome,
                "duration_ms": r.duration.as_millis() as u64,
                "message": r.message,
                "evidence": r.evidence,
                "transcript": r.transcript,
            })
        })
        .collect();
    json!({
        "version": REPORT_VERSION,
        "run": run,
        "summary": { "total": results.len(), "by_outcome": counts },
        "scenarios": scenarios,
    })
}
