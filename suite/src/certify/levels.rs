//! Certification levels (`fixtures/levels.toml`): which scenarios each level requires, and which level a
//! run reached. A level is granted only when every scenario it requires passed.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::catalog::Catalog;
use super::error::CertifyError;
use crate::config::sections::{SurfaceMode, SurfacesSection};
use crate::surface;
use crate::verdict::{Outcome, ScenarioResult};

/// One level as declared in levels.toml. Levels are cumulative (each includes the ones before it).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LevelSpec {
    pub name: String,
    /// A shields.io colour name for the badge.
    pub color: String,
    pub description: String,
    /// Scenario levels (`must`, `should`, `may`) this level requires.
    pub scenario_levels: Vec<String>,
    /// Requires `@ext` scenarios (only when the run's profile is not `seed`).
    pub ext: bool,
    /// Requires scenarios of optional surfaces the target serves or declares.
    pub optional_surfaces: bool,
    /// Requires the enterprise checks (auth, TLS, limits).
    pub enterprise: bool,
    /// Requirement areas that need at least one passed required check (no level on absent checks).
    #[serde(default)]
    pub evidence_areas: Vec<String>,
}

/// The whole levels.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LevelsSpec {
    /// Requirement areas whose scenarios are enterprise checks.
    pub enterprise_areas: Vec<String>,
    /// Further requirement IDs whose scenarios are enterprise checks.
    #[serde(default)]
    pub enterprise_requirements: Vec<String>,
    /// A tag that makes a scenario an enterprise check.
    pub enterprise_tag: String,
    /// The badge colour when no level is reached.
    pub none_color: String,
    pub level: Vec<LevelSpec>,
}

impl LevelsSpec {
    pub fn load(dir: &Path) -> Result<Self, CertifyError> {
        let path = dir.join("levels.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| CertifyError::read(&path, e))?;
        let spec: Self = toml::from_str(&text).map_err(|e| CertifyError::Toml {
            path: path.clone(),
            message: e.to_string(),
        })?;
        if spec.level.is_empty() {
            return Err(CertifyError::Invalid {
                path,
                message: "no [[level]] defined".into(),
            });
        }
        Ok(spec)
    }
}

/// A scenario that keeps a level (or the whole run) from being granted.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Blocker {
    pub scenario: String,
    pub location: String,
    pub outcome: Outcome,
}

impl Blocker {
    fn of(r: &ScenarioResult) -> Self {
        Self {
            scenario: r.display_name(),
            location: format!("{}:{}", r.file, r.line),
            outcome: r.outcome,
        }
    }
}

/// The verdict on one level.
#[derive(Debug, Clone, Serialize)]
pub struct LevelResult {
    pub name: String,
    pub color: String,
    pub description: String,
    pub granted: bool,
    pub required: usize,
    pub passed: usize,
    /// Required scenarios whose requirement IDs are all waived (they never block).
    pub waived: usize,
    pub blocking: Vec<Blocker>,
    /// Required scenarios not applicable under the target's declared config (exempt; listed so a
    /// reader sees what the level does not cover).
    pub not_applicable: Vec<Blocker>,
    /// Evidence areas without a passed required check.
    pub missing_areas: Vec<String>,
}

/// What a run reached.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// The highest level granted, or `None`.
    pub level: Option<String>,
    pub color: String,
    pub levels: Vec<LevelResult>,
    /// Failed, timed-out or harness-error scenarios: any of them blocks every level.
    pub run_blockers: Vec<Blocker>,
    /// Optional surfaces counted as served (declared, advertised, or answered).
    pub served_surfaces: Vec<String>,
}

/// What the run knew about the target besides the results.
#[derive(Debug, Clone, Copy)]
pub struct RunFacts<'a> {
    pub profile: &'a str,
    /// runtime.info capabilities, when served.
    pub capabilities: Option<&'a [String]>,
    pub surfaces: &'a SurfacesSection,
    /// `@slow` scenarios were run (`timing.run_slow`; always true under `certify`).
    pub slow_ran: bool,
}

/// Surfaces the target serves: declared `yes`, advertised by runtime.info, or a scenario on it was judged.
pub fn served_surfaces(results: &[ScenarioResult], facts: &RunFacts) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for s in surface::ALL {
        let declared = facts.surfaces.mode(s) == SurfaceMode::Yes;
        let advertised = facts.capabilities.is_some_and(|c| c.iter().any(|x| x == s));
        let answered = results.iter().any(|r| {
            r.surface.as_deref() == Some(s)
                && !matches!(
                    r.outcome,
                    Outcome::SkippedNotServed | Outcome::NotApplicable
                )
        });
        let refused = facts.surfaces.mode(s) == SurfaceMode::No;
        if (declared || advertised || answered) && !refused {
            out.insert(s.to_string());
        }
    }
    out
}

fn is_enterprise(r: &ScenarioResult, spec: &LevelsSpec, catalog: &Catalog) -> bool {
    r.tags.contains(&spec.enterprise_tag)
        || r.requirement_ids.iter().any(|id| {
            spec.enterprise_requirements.contains(id)
                || spec.enterprise_areas.contains(&catalog.area_of(id))
        })
}

/// Whether a not-applicable required scenario blocks a level: when a mandatory surface was declared
/// `no`, when it is `@slow` and slow scenarios were not run, or when it is an enterprise check and the
/// level requires those (Enterprise must run them).
/// Otherwise it is exempt: the requirement does not apply under the declared config (recorded).
fn not_applicable_blocks(
    r: &ScenarioResult,
    enterprise: bool,
    l: &LevelSpec,
    facts: &RunFacts,
) -> bool {
    let mandatory_refused = r.surface.as_deref().is_some_and(|s| {
        surface::MANDATORY.contains(&s) && facts.surfaces.mode(s) == SurfaceMode::No
    });
    let slow_skipped = !facts.slow_ran && r.tags.iter().any(|t| t == "slow");
    mandatory_refused || slow_skipped || (enterprise && l.enterprise)
}

/// Whether one level's own filter selects a scenario.
fn selects(
    l: &LevelSpec,
    r: &ScenarioResult,
    enterprise: bool,
    facts: &RunFacts,
    served: &BTreeSet<String>,
) -> bool {
    if !l.scenario_levels.iter().any(|x| x == r.level.as_str()) {
        return false;
    }
    if r.tags.iter().any(|t| t == "ext") && !(l.ext && facts.profile != "seed") {
        return false;
    }
    if let Some(s) = r.surface.as_deref().filter(|s| surface::is_optional(s))
        && !(l.optional_surfaces && served.contains(s))
    {
        return false;
    }
    !enterprise || l.enterprise
}

/// Decides every level for a finished run.
pub fn assess(
    spec: &LevelsSpec,
    catalog: &Catalog,
    results: &[ScenarioResult],
    facts: &RunFacts,
) -> Assessment {
    let served = served_surfaces(results, facts);
    let run_blockers: Vec<Blocker> = results
        .iter()
        .filter(|r| {
            matches!(
                r.outcome,
                Outcome::Failed | Outcome::TimedOut | Outcome::HarnessError
            )
        })
        .map(Blocker::of)
        .collect();
    let waived = |r: &ScenarioResult| {
        !r.requirement_ids.is_empty()
            && r.requirement_ids
                .iter()
                .all(|id| catalog.waivers.contains_key(id))
    };
    let enterprise: Vec<bool> = results
        .iter()
        .map(|r| is_enterprise(r, spec, catalog))
        .collect();
    let mut levels = Vec::new();
    let mut all_granted = run_blockers.is_empty();
    let mut reached = None;
    for (i, l) in spec.level.iter().enumerate() {
        let selected: Vec<(&ScenarioResult, bool)> = results
            .iter()
            .zip(enterprise.iter().copied())
            .filter(|(r, e)| {
                spec.level[..=i]
                    .iter()
                    .any(|li| selects(li, r, *e, facts, &served))
            })
            .collect();
        let exempt = |(r, e): &(&ScenarioResult, bool)| {
            r.outcome == Outcome::NotApplicable && !not_applicable_blocks(r, *e, l, facts)
        };
        let not_applicable: Vec<Blocker> = selected
            .iter()
            .filter(|x| exempt(x))
            .map(|(r, _)| Blocker::of(r))
            .collect();
        let required: Vec<&ScenarioResult> = selected
            .iter()
            .filter(|x| !exempt(x))
            .map(|(r, _)| *r)
            .collect();
        let passed = required
            .iter()
            .filter(|r| r.outcome == Outcome::Passed)
            .count();
        let waived_n = required
            .iter()
            .filter(|r| r.outcome != Outcome::Passed && waived(r))
            .count();
        let blocking: Vec<Blocker> = required
            .iter()
            .filter(|r| r.outcome != Outcome::Passed && !waived(r))
            .map(|r| Blocker::of(r))
            .collect();
        let missing_areas: Vec<String> = spec.level[..=i]
            .iter()
            .flat_map(|li| &li.evidence_areas)
            .filter(|area| {
                !required.iter().any(|r| {
                    r.outcome == Outcome::Passed
                        && r.requirement_ids
                            .iter()
                            .any(|id| catalog.area_of(id) == **area)
                })
            })
            .cloned()
            .collect();
        let granted = all_granted && blocking.is_empty() && missing_areas.is_empty() && passed > 0;
        all_granted = granted;
        if granted {
            reached = Some(l.clone());
        }
        levels.push(LevelResult {
            name: l.name.clone(),
            color: l.color.clone(),
            description: l.description.clone(),
            granted,
            required: required.len(),
            passed,
            waived: waived_n,
            blocking,
            not_applicable,
            missing_areas,
        });
    }
    Assessment {
        level: reached.as_ref().map(|l| l.name.clone()),
        color: reached.map_or_else(|| spec.none_color.clone(), |l| l.color),
        levels,
        run_blockers,
        served_surfaces: served.into_iter().collect(),
    }
}
