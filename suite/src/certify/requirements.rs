//! Per-requirement verdicts: a requirement passes when every scenario tagged with it passed; waived rows
//! (fixtures/waivers.toml) show as waived.

use std::collections::BTreeMap;

use serde::Serialize;

use super::catalog::Catalog;
use crate::verdict::{Outcome, ScenarioResult};

/// The verdict on one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReqVerdict {
    /// Every scenario tagged with it passed.
    Passed,
    /// A scenario failed, timed out or broke the harness.
    Failed,
    /// A SHOULD/MAY scenario failed (a warning).
    Warned,
    /// Its scenarios were skipped or not applicable (no pass, no failure).
    NotRun,
    /// No scenario in this run is tagged with it.
    Untested,
    /// Waived in fixtures/waivers.toml.
    Waived,
}

impl ReqVerdict {
    pub const ALL: [ReqVerdict; 6] = [
        ReqVerdict::Passed,
        ReqVerdict::Failed,
        ReqVerdict::Warned,
        ReqVerdict::NotRun,
        ReqVerdict::Untested,
        ReqVerdict::Waived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReqVerdict::Passed => "passed",
            ReqVerdict::Failed => "failed",
            ReqVerdict::Warned => "warned",
            ReqVerdict::NotRun => "not-run",
            ReqVerdict::Untested => "untested",
            ReqVerdict::Waived => "waived",
        }
    }
}

/// One requirement row of the certificate and the HTML matrix.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementResult {
    pub id: String,
    /// Catalog level (MUST, SHOULD, MAY, implied, negative), or `uncatalogued`.
    pub level: String,
    pub verdict: ReqVerdict,
    /// Scenario outcome → count, for the scenarios tagged with it.
    pub outcomes: BTreeMap<String, usize>,
    /// `file:line` of every scenario tagged with it.
    pub scenarios: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<String>,
}

fn verdict_of(outcomes: &[Outcome]) -> ReqVerdict {
    if outcomes.is_empty() {
        ReqVerdict::Untested
    } else if outcomes.iter().all(|o| *o == Outcome::Passed) {
        ReqVerdict::Passed
    } else if outcomes.iter().any(|o| {
        matches!(
            o,
            Outcome::Failed | Outcome::TimedOut | Outcome::HarnessError
        )
    }) {
        ReqVerdict::Failed
    } else if outcomes.contains(&Outcome::Warned) {
        ReqVerdict::Warned
    } else {
        ReqVerdict::NotRun
    }
}

/// Verdicts for every catalog row (in catalog order), then for IDs the scenarios use that the catalog
/// lacks (level `uncatalogued`).
pub fn verdicts(catalog: &Catalog, results: &[ScenarioResult]) -> Vec<RequirementResult> {
    let mut ids: Vec<(String, String)> = catalog
        .requirements
        .iter()
        .map(|r| (r.id.clone(), r.level.clone()))
        .collect();
    for r in results {
        for id in &r.requirement_ids {
            if !ids.iter().any(|(i, _)| i == id) {
                ids.push((id.clone(), "uncatalogued".into()));
            }
        }
    }
    ids.into_iter()
        .map(|(id, level)| {
            let tagged: Vec<&ScenarioResult> = results
                .iter()
                .filter(|r| r.requirement_ids.contains(&id))
                .collect();
            let mut outcomes = BTreeMap::new();
            for r in &tagged {
                *outcomes.entry(r.outcome.as_str().to_string()).or_default() += 1;
            }
            let waiver = catalog.waivers.get(&id).cloned();
            let verdict = if waiver.is_some() {
                ReqVerdict::Waived
            } else {
                verdict_of(&tagged.iter().map(|r| r.outcome).collect::<Vec<_>>())
            };
            RequirementResult {
                scenarios: tagged
                    .iter()
                    .map(|r| format!("{}:{}", r.file, r.line))
                    .collect(),
                id,
                level,
                verdict,
                outcomes,
                waiver,
            }
        })
        .collect()
}

/// Requirement count per verdict.
pub fn counts(rows: &[RequirementResult]) -> Vec<(&'static str, usize)> {
    ReqVerdict::ALL
        .iter()
        .map(|v| (v.as_str(), rows.iter().filter(|r| r.verdict == *v).count()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_must_pass() {
        use Outcome::*;
        assert_eq!(verdict_of(&[]), ReqVerdict::Untested);
        assert_eq!(verdict_of(&[Passed, Passed]), ReqVerdict::Passed);
        assert_eq!(verdict_of(&[Passed, SkippedNotServed]), ReqVerdict::NotRun);
        assert_eq!(verdict_of(&[Passed, Warned]), ReqVerdict::Warned);
        assert_eq!(verdict_of(&[Warned, TimedOut]), ReqVerdict::Failed);
    }
}
