//! Gathers what happened to each scenario: a cucumber `Writer` (step failures, start/finish) and the
//! `after` hook (the World's flags and transcript) write into one shared map keyed by (file, line).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use cucumber::event::{self, Cucumber, Feature, Rule, Scenario, StepError};
use cucumber::{Event, Writer, cli, gherkin, parser, writer};

use crate::report::console::Progress;
use crate::verdict::Execution;
use crate::world::HarpWorld;

/// Scenario key: absolute feature path and scenario line.
pub type Key = (PathBuf, usize);

/// Everything collected during a run.
#[derive(Debug, Default)]
pub struct Collected {
    pub runs: HashMap<Key, Execution>,
    started: HashMap<Key, Instant>,
    /// Feature files that failed to parse (harness errors).
    pub parse_errors: Vec<String>,
}

/// Shared between the writer, the after hook and the engine (which reads it even after --max-time).
pub type Shared = Arc<Mutex<Collected>>;

pub fn key(feature: &gherkin::Feature, sc: &gherkin::Scenario) -> Key {
    (feature.path.clone().unwrap_or_default(), sc.position.line)
}

/// Stores the World's verdict-relevant state (called from the `after` hook).
pub fn record_world(shared: &Shared, k: Key, w: Option<&mut HarpWorld>) {
    let mut g = shared.lock().expect("collector lock");
    let e = g.runs.entry(k).or_default();
    if let Some(w) = w {
        e.failure = w.failure.clone();
        e.harness_error = w.harness_error.clone();
        e.not_served = w.not_served.clone();
        e.not_applicable = w.not_applicable.clone();
        e.transcript = w.transcript.entries();
        w.channels.clear();
    }
}

fn panic_text(err: &StepError) -> String {
    match err {
        StepError::Panic(info) => info
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic with a non-string payload".into()),
        other => other.to_string(),
    }
}

/// The cucumber writer that feeds [`Collected`] and the progress bar.
pub struct Collector {
    pub shared: Shared,
    pub progress: Progress,
}

impl Collector {
    fn on_scenario(
        &mut self,
        feat: &gherkin::Feature,
        sc: &gherkin::Scenario,
        ev: &Scenario<HarpWorld>,
    ) {
        let k = key(feat, sc);
        let file = k.0.display().to_string();
        let mut g = self.shared.lock().expect("collector lock");
        match ev {
            Scenario::Started => {
                g.started.insert(k, Instant::now());
            }
            Scenario::Step(step, e) | Scenario::Background(step, e) => {
                let at = || {
                    format!(
                        "{} {} ({file}:{})",
                        step.keyword.trim(),
                        step.value,
                        step.position.line
                    )
                };
                let ex = g.runs.entry(k).or_default();
                match e {
                    event::Step::Failed(_, _, _, err) => {
                        ex.failed_step.get_or_insert_with(at);
                        match err {
                            StepError::Panic(_) => {
                                ex.panic.get_or_insert_with(|| panic_text(err));
                            }
                            other => {
                                ex.harness_error
                                    .get_or_insert_with(|| format!("broken feature: {other}"));
                            }
                        }
                    }
                    event::Step::Skipped => {
                        ex.failed_step.get_or_insert_with(at);
                        ex.harness_error.get_or_insert_with(|| {
                            "broken feature: no step definition matches this step".into()
                        });
                    }
                    _ => {}
                }
            }
            Scenario::Hook(_, event::Hook::Failed(_, info)) => {
                let ex = g.runs.entry(k).or_default();
                let msg = info
                    .downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| "hook panicked".into());
                ex.harness_error
                    .get_or_insert(format!("hook failed: {msg}"));
            }
            Scenario::Finished => {
                let d = g.started.get(&k).map(|s| s.elapsed()).unwrap_or_default();
                let ex = g.runs.entry(k).or_default();
                ex.finished = true;
                ex.duration = d;
                drop(g);
                self.progress.finished(&sc.name);
            }
            _ => {}
        }
    }
}

impl Writer<HarpWorld> for Collector {
    type Cli = cli::Empty;

    async fn handle_event(
        &mut self,
        ev: parser::Result<Event<Cucumber<HarpWorld>>>,
        _cli: &Self::Cli,
    ) {
        match ev {
            Err(e) => self
                .shared
                .lock()
                .expect("collector lock")
                .parse_errors
                .push(e.to_string()),
            Ok(ev) => match &ev.value {
                Cucumber::Feature(f, Feature::Scenario(sc, r)) => self.on_scenario(f, sc, &r.event),
                Cucumber::Feature(f, Feature::Rule(_, Rule::Scenario(sc, r))) => {
                    self.on_scenario(f, sc, &r.event)
                }
                _ => {}
            },
        }
    }
}

impl writer::Normalized for Collector {}
