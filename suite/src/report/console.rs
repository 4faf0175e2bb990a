//! Console output: live progress on stderr (hidden when not a TTY) and the summary on stdout.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::verdict::{Outcome, ScenarioResult};

/// Live progress of a run (a no-op when stderr is not a terminal).
#[derive(Debug, Clone)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    pub fn new(total: u64) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {wide_msg}",
        ) {
            bar.set_style(style);
        }
        Self { bar }
    }

    pub fn finished(&self, name: &str) {
        self.bar.set_message(name.to_string());
        self.bar.inc(1);
    }

    pub fn done(&self) {
        self.bar.finish_and_clear();
    }
}

/// The end-of-run summary: failures in detail (expected vs actual, file:line, transcript), then counts
/// by outcome and by surface.
pub fn summary(results: &[ScenarioResult], transcripts: bool) -> String {
    let mut s = String::new();
    for r in results.iter().filter(|r| {
        matches!(
            r.outcome,
            Outcome::Failed | Outcome::HarnessError | Outcome::TimedOut | Outcome::Warned
        )
    }) {
        let _ = writeln!(
            s,
            "\n{} {} ({}:{})",
            r.outcome.as_str().to_uppercase(),
            r.display_name(),
            r.file,
            r.line
        );
        if let Some(m) = &r.message {
            let _ = writeln!(s, "  {}", m.replace('\n', "\n  "));
        }
        if transcripts && !r.transcript.is_empty() {
            let _ = writeln!(s, "  transcript:");
            for e in &r.transcript {
                let _ = writeln!(
                    s,
                    "    [+{} ms] {}\n      {}",
                    e.at_ms,
                    e.kind,
                    e.text.replace('\n', "\n      ")
                );
            }
        }
    }
    let _ = writeln!(s, "\nSummary: {} scenarios", results.len());
    for o in Outcome::ALL {
        let n = results.iter().filter(|r| r.outcome == o).count();
        if n > 0 {
            let _ = writeln!(s, "  {:<20} {n}", o.as_str());
        }
    }
    let mut by_surface: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    for r in results {
        let k = r.surface.clone().unwrap_or_else(|| "-".into());
        *by_surface
            .entry(k)
            .or_default()
            .entry(r.outcome.as_str())
            .or_default() += 1;
    }
    let _ = writeln!(s, "By surface:");
    for (surf, counts) in by_surface {
        let parts: Vec<String> = counts.iter().map(|(o, n)| format!("{o} {n}")).collect();
        let _ = writeln!(s, "  {:<20} {}", surf, parts.join(", "));
    }
    s
}
