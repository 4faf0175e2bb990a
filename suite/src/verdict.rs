//! Outcomes of scenarios and the rules that turn what happened into a fair verdict (skip never counts as pass).

use std::time::Duration;

use serde::Serialize;

use crate::exit::RunTally;
use crate::features::{Level, ScenarioMeta};
use crate::transport::TranscriptEntry;

/// The outcome of one scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Passed,
    Failed,
    SkippedNotServed,
    NotApplicable,
    Warned,
    TimedOut,
    HarnessError,
}

impl Outcome {
    pub const ALL: [Outcome; 7] = [
        Outcome::Passed,
        Outcome::Failed,
        Outcome::Warned,
        Outcome::SkippedNotServed,
        Outcome::NotApplicable,
        Outcome::TimedOut,
        Outcome::HarnessError,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::SkippedNotServed => "skipped-not-served",
            Outcome::NotApplicable => "not-applicable",
            Outcome::Warned => "warned",
            Outcome::TimedOut => "timed-out",
            Outcome::HarnessError => "harness-error",
        }
    }
}

/// How a scenario's execution ended, as recorded by the World and the cucumber writer.
#[derive(Debug, Clone, Default)]
pub struct Execution {
    /// The scenario ran to completion (all steps finished or one failed).
    pub finished: bool,
    /// A step failed because of the target (expected vs actual).
    pub failure: Option<String>,
    /// The harness broke (panic, local transport fault, broken fixture).
    pub harness_error: Option<String>,
    /// A 404/405/501 on an optional, undeclared surface: status + body head.
    pub not_served: Option<String>,
    /// The scenario needs something the target or config lacks.
    pub not_applicable: Option<String>,
    /// The failing step as "Keyword text (file:line)".
    pub failed_step: Option<String>,
    /// A panic message reported by cucumber without a recorded failure (a harness bug).
    pub panic: Option<String>,
    pub duration: Duration,
    pub transcript: Vec<TranscriptEntry>,
}

/// One scenario's verdict, as every report renders it.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    pub feature: String,
    pub name: String,
    pub file: String,
    pub line: usize,
    pub tags: Vec<String>,
    pub requirement_ids: Vec<String>,
    pub level: Level,
    pub surface: Option<String>,
    pub outcome: Outcome,
    #[serde(skip)]
    pub duration: Duration,
    pub message: Option<String>,
    pub evidence: Option<String>,
    pub transcript: Vec<TranscriptEntry>,
}

impl ScenarioResult {
    /// A result for a scenario that was never run (not applicable, or timed out before it started).
    pub fn not_run(meta: &ScenarioMeta, outcome: Outcome, reason: &str) -> Self {
        Self::from_meta(
            meta,
            outcome,
            Some(reason.to_string()),
            None,
            Duration::ZERO,
            Vec::new(),
        )
    }

    fn from_meta(
        meta: &ScenarioMeta,
        outcome: Outcome,
        message: Option<String>,
        evidence: Option<String>,
        duration: Duration,
        transcript: Vec<TranscriptEntry>,
    ) -> Self {
        Self {
            feature: meta.feature.clone(),
            name: meta.name.clone(),
            file: meta.file.clone(),
            line: meta.line,
            tags: meta.tags.clone(),
            requirement_ids: meta.requirement_ids.clone(),
            level: meta.level,
            surface: meta.surface.clone(),
            outcome,
            duration,
            message,
            evidence,
            transcript,
        }
    }

    /// The scenario's display name with its requirement IDs: `<scenario> [<req ids>]`.
    pub fn display_name(&self) -> String {
        if self.requirement_ids.is_empty() {
            self.name.clone()
        } else {
            format!("{} [{}]", self.name, self.requirement_ids.join(", "))
        }
    }
}

/// Judges one executed scenario. Order matters: harness faults first (the verdict would be unreliable),
/// then not-applicable and not-served (recorded before any failure could happen), then failures.
pub fn judge(meta: &ScenarioMeta, ex: Execution) -> ScenarioResult {
    let at = |m: String| match &ex.failed_step {
        Some(step) => format!("{m}\n  at {step}\n  scenario {}", meta.location()),
        None => format!("{m}\n  scenario {}", meta.location()),
    };
    let (outcome, message, evidence) = if !ex.finished {
        (
            Outcome::TimedOut,
            Some(format!(
                "the run's --max-time ended before this scenario finished ({})",
                meta.location()
            )),
            None,
        )
    } else if let Some(h) = &ex.harness_error {
        (Outcome::HarnessError, Some(at(h.clone())), None)
    } else if let Some(na) = &ex.not_applicable {
        (Outcome::NotApplicable, Some(na.clone()), None)
    } else if let Some(ev) = &ex.not_served {
        (
            Outcome::SkippedNotServed,
            Some(format!(
                "surface {} is not served by the target",
                meta.surface.as_deref().unwrap_or("?")
            )),
            Some(ev.clone()),
        )
    } else if let Some(f) = &ex.failure {
        let o = if meta.level == Level::Must {
            Outcome::Failed
        } else {
            Outcome::Warned
        };
        (o, Some(at(f.clone())), None)
    } else if let Some(p) = &ex.panic {
        (
            Outcome::HarnessError,
            Some(at(format!("harness panic: {p}"))),
            None,
        )
    } else {
        (Outcome::Passed, None, None)
    };
    ScenarioResult::from_meta(meta, outcome, message, evidence, ex.duration, ex.transcript)
}

/// Counts outcomes for the exit code.
pub fn tally(results: &[ScenarioResult]) -> RunTally {
    let n = |o: Outcome| results.iter().filter(|r| r.outcome == o).count();
    RunTally {
        passed: n(Outcome::Passed),
        warned: n(Outcome::Warned),
        failed: n(Outcome::Failed),
        timed_out: n(Outcome::TimedOut),
        harness_errors: n(Outcome::HarnessError),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(level: Level) -> ScenarioMeta {
        ScenarioMeta {
            feature: "F".into(),
            file: "features/f.feature".into(),
            path: Default::default(),
            line: 7,
            name: "s".into(),
            tags: vec![],
            requirement_ids: vec!["GW-ART-01".into()],
            level,
            surface: Some("sse_enforcer".into()),
            optional: true,
            slow: false,
        }
    }

    fn done() -> Execution {
        Execution {
            finished: true,
            ..Default::default()
        }
    }

    #[test]
    fn verdicts() {
        assert_eq!(judge(&meta(Level::Must), done()).outcome, Outcome::Passed);
        let failed = Execution {
            failure: Some("expected 202, got 500".into()),
            failed_step: Some("Then the response status is 202 (features/f.feature:9)".into()),
            ..done()
        };
        let r = judge(&meta(Level::Must), failed.clone());
        assert_eq!(r.outcome, Outcome::Failed);
        assert!(r.message.unwrap().contains("features/f.feature:9"));
        assert_eq!(judge(&meta(Level::Should), failed).outcome, Outcome::Warned);
        let skipped = Execution {
            not_served: Some("404 Not Found: {}".into()),
            ..done()
        };
        let r = judge(&meta(Level::Must), skipped);
        assert_eq!(r.outcome, Outcome::SkippedNotServed);
        assert_eq!(r.evidence.as_deref(), Some("404 Not Found: {}"));
        let panicked = Execution {
            panic: Some("boom".into()),
            ..done()
        };
        assert_eq!(
            judge(&meta(Level::Must), panicked).outcome,
            Outcome::HarnessError
        );
        assert_eq!(
            judge(&meta(Level::Must), Execution::default()).outcome,
            Outcome::TimedOut
        );
        assert_eq!(r_display(), "s [GW-ART-01]");
    }

    fn r_display() -> String {
        judge(&meta(Level::Must), done()).display_name()
    }
}
