//! The one cucumber World: per-scenario state (aliases, last response, channels, transcript) and the
//! step-result discipline (fail, harness error, skip-not-served, not-applicable).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use super::aliases::Aliases;
use super::context::{Actor, RunContext};
use crate::config::sections::Identity;
use crate::transport::{HttpResponse, SseConnection, Transcript, TransportError, WsConnection};

/// Why a step did not simply pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fail {
    /// The target misbehaved (expected vs actual).
    Target(String),
    /// The harness broke (local fault, broken fixture, bug).
    Harness(String),
    /// An optional, undeclared surface answered 404/405/501: evidence (status + body head).
    NotServed(String),
    /// The scenario needs something this target/config lacks.
    NotApplicable(String),
}

impl From<TransportError> for Fail {
    fn from(e: TransportError) -> Self {
        if e.is_target_fault() {
            Fail::Target(e.to_string())
        } else {
            Fail::Harness(e.to_string())
        }
    }
}

/// Step result inside the World.
pub type StepResult<T = ()> = Result<T, Fail>;

/// An open real-time channel.
#[derive(Debug)]
pub enum Channel {
    Sse(SseConnection),
    Ws(WsConnection),
}

/// One artifact submission remembered by alias, for byte-identical resends.
#[derive(Debug, Clone)]
pub struct Sent {
    pub actor: Actor,
    pub body: Vec<u8>,
    pub idempotency_key: String,
}

/// Per-scenario state.
#[derive(Debug, Default, cucumber::World)]
pub struct HarpWorld {
    ctx: Option<Arc<RunContext>>,
    pub ids: Aliases,
    pub transcript: Transcript,
    pub last: Option<HttpResponse>,
    /// "METHOD path" of the last request, for messages.
    pub last_request: String,
    pub remembered: HashMap<String, HttpResponse>,
    pub sent: HashMap<String, Sent>,
    pub channels: HashMap<String, Channel>,
    /// Messages received on channels, by "channel/msgType" and by "msgType".
    pub messages: HashMap<String, Value>,
    /// State of the channel and lifecycle steps (reservations, marks, sent decisions).
    pub chan: super::channels::ChannelState,
    pub failure: Option<String>,
    pub harness_error: Option<String>,
    pub not_served: Option<String>,
    pub not_applicable: Option<String>,
    /// Optional surfaces that answered 2xx in this scenario: a later 404 there is a real answer, not
    /// "not served" (CLI-01: the skip rule needs a precondition that guarantees the resource exists).
    pub proven: std::collections::HashSet<&'static str>,
    /// The last TLS / raw-socket probe (see `world/tls.rs`).
    pub tls_probe: Option<super::tls::Probe>,
}

impl HarpWorld {
    /// Called by the `before` hook: attaches the run context and the scenario number.
    pub fn attach(&mut self, ctx: Arc<RunContext>, scenario_no: u64) {
        self.ids = Aliases::new(&ctx.run_id, scenario_no);
        self.transcript = Transcript::new();
        self.ctx = Some(ctx);
    }

    /// The run context. Steps only run after the `before` hook attached it.
    pub fn ctx(&self) -> Arc<RunContext> {
        self.ctx
            .clone()
            .expect("harness bug: run context not attached by the before hook")
    }

    /// True once the scenario is decided without running further steps (skip, n/a, failure).
    pub fn halted(&self) -> bool {
        self.not_served.is_some() || self.not_applicable.is_some()
    }

    pub fn step_timeout(&self) -> Duration {
        self.ctx
            .as_ref()
            .map(|c| c.cfg.step_timeout)
            .unwrap_or(Duration::from_secs(15))
    }

    /// Records a step's result and turns it into what cucumber expects: skips return Ok so later
    /// steps run (and return at once, see [`HarpWorld::halted`]); failures return Err.
    pub fn conclude(&mut self, r: StepResult) -> Result<(), String> {
        match r {
            Ok(()) => Ok(()),
            Err(Fail::Target(m)) => {
                self.failure.get_or_insert(m.clone());
                Err(m)
            }
            Err(Fail::Harness(m)) => {
                self.harness_error.get_or_insert(m.clone());
                Err(format!("harness error: {m}"))
            }
            Err(Fail::NotServed(ev)) => {
                self.transcript.push(
                    "note",
                    format!("surface not served; scenario skipped: {ev}"),
                );
                self.not_served = Some(ev);
                Ok(())
            }
            Err(Fail::NotApplicable(why)) => {
                self.transcript
                    .push("note", format!("not applicable: {why}"));
                self.not_applicable = Some(why);
                Ok(())
            }
        }
    }

    /// The identity of an actor; an absent optional identity makes the scenario not applicable.
    pub fn identity(&self, actor: Actor) -> StepResult<Identity> {
        self.ctx().identity(actor).cloned().ok_or_else(|| {
            let msg = format!(
                "needs identity [identities.{}] ({actor:?}), which the config does not define",
                actor.identity_name()
            );
            if matches!(actor, Actor::EX | Actor::AX) {
                Fail::NotApplicable(msg)
            } else {
                Fail::Harness(msg)
            }
        })
    }

    /// The last response, or a harness error when no request was sent yet (a broken feature).
    pub fn last(&self) -> StepResult<&HttpResponse> {
        self.last.as_ref().ok_or_else(|| {
            Fail::Harness(
                "no response yet: the feature checks a response before sending a request".into(),
            )
        })
    }
}

/// Runs a step body under the step timeout and records its result (skips and n/a halt the scenario).
#[macro_export]
macro_rules! step {
    ($w:ident, $body:expr) => {{
        if $w.halted() {
            return Ok(());
        }
        let d = $w.step_timeout();
        let r = match tokio::time::timeout(d, $body).await {
            Ok(r) => r,
            Err(_) => Err($crate::world::Fail::Target(format!(
                "step timed out after {}: the target did not answer in time",
                $crate::config::duration::format_duration(d)
            ))),
        };
        $w.conclude(r)
    }};
}
