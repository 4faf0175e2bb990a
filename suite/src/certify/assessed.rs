//! A run's certification assessment in one value: the level reached and the per-requirement verdicts,
//! computed from the catalog folder (levels.toml, requirements*.toml, waivers.toml).

use std::path::Path;

use serde::Serialize;

use super::catalog::Catalog;
use super::error::CertifyError;
use super::levels::{self, Assessment, LevelsSpec, RunFacts};
use super::requirements::{self, RequirementResult};
use crate::config::RunConfig;
use crate::report::json::RunInfo;
use crate::verdict::ScenarioResult;

/// Levels plus requirement verdicts of one run.
#[derive(Debug, Clone, Serialize)]
pub struct Assessed {
    pub assessment: Assessment,
    pub requirements: Vec<RequirementResult>,
}

/// Loaded catalog and level definitions.
#[derive(Debug, Clone)]
pub struct Rules {
    pub catalog: Catalog,
    pub levels: LevelsSpec,
}

impl Rules {
    pub fn load(catalog_dir: &Path) -> Result<Self, CertifyError> {
        Ok(Self {
            catalog: Catalog::load(catalog_dir)?,
            levels: LevelsSpec::load(catalog_dir)?,
        })
    }

    /// Assesses a finished run.
    pub fn assess(&self, cfg: &RunConfig, info: &RunInfo, results: &[ScenarioResult]) -> Assessed {
        let facts = RunFacts {
            profile: &info.profile,
            capabilities: info.capabilities.as_deref(),
            surfaces: &cfg.file.surfaces,
            slow_ran: cfg.file.timing.run_slow,
        };
        Assessed {
            assessment: levels::assess(&self.levels, &self.catalog, results, &facts),
            requirements: requirements::verdicts(&self.catalog, results),
        }
    }
}

/// The HTML report every `run` writes: assessed against the suite's own catalog folder (when it
/// cannot be loaded, the page says why instead of showing a level).
pub fn html_for_run(cfg: &RunConfig, info: &RunInfo, results: &[ScenarioResult]) -> String {
    let assessed = Rules::load(&super::catalog::default_catalog_dir())
        .map(|r| r.assess(cfg, info, results))
        .map_err(|e| e.to_string());
    let steps = crate::report::html::steps_from_features(&cfg.features_dir);
    crate::report::html::render(
        info,
        results,
        assessed.as_ref().map_err(String::as_str),
        &steps,
    )
}
