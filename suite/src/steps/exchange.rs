//! Steps for the exchange life cycle: artifacts, decisions, long-poll, status, inbox, side effects.

use cucumber::gherkin::Step;
use cucumber::{given, then, when};

use crate::step;
use crate::world::exchange::Variant;
use crate::world::{Actor, Fail, HarpWorld};

#[given(expr = "{actor} submits artifact {string}")]
#[when(expr = "{actor} submits artifact {string}")]
async fn submit(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, w.submit_artifact(a, &alias, Variant::Fresh))
}

#[when(expr = "{actor} submits artifact {string} again")]
async fn submit_again(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, w.submit_artifact(a, &alias, Variant::Again))
}

#[when(expr = "{actor} submits artifact {string} with a different hash")]
async fn submit_other_hash(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, w.submit_artifact(a, &alias, Variant::DifferentHash))
}

#[when(expr = "{actor} submits artifact {string} with:")]
async fn submit_patched(
    w: &mut HarpWorld,
    step: &Step,
    a: Actor,
    alias: String,
) -> Result<(), String> {
    let doc = step.docstring.clone().unwrap_or_default();
    step!(w, async {
        w.ids.use_alias(&alias);
        let text = w.render(&doc, Some(a), &[])?;
        let patch = serde_json::from_str(&text)
            .map_err(|e| Fail::Harness(format!("the doc string is not a JSON merge patch: {e}")))?;
        w.submit_artifact(a, &alias, Variant::Patch(patch)).await
    })
}

#[when(expr = "{actor} submits artifact {string} without {string}")]
async fn submit_without(
    w: &mut HarpWorld,
    a: Actor,
    alias: String,
    ptr: String,
) -> Result<(), String> {
    step!(w, w.submit_artifact(a, &alias, Variant::Without(ptr)))
}

#[given(expr = "{actor} decides {string} with {string}")]
#[when(expr = "{actor} decides {string} with {string}")]
async fn decide(
    w: &mut HarpWorld,
    a: Actor,
    alias: String,
    decision: String,
) -> Result<(), String> {
    step!(w, w.decide(a, &alias, &decision))
}

#[when(expr = "{actor} waits up to {int} seconds for the decision on {string}")]
async fn wait(w: &mut HarpWorld, a: Actor, secs: u64, alias: String) -> Result<(), String> {
    step!(w, w.wait_for_decision(a, &alias, secs))
}

#[when(expr = "{actor} fetches the status of {string}")]
async fn status(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, w.fetch_status(a, &alias))
}

#[then(expr = "the inbox of {actor} holds exactly {int} item(s) for {string}")]
async fn inbox_holds(w: &mut HarpWorld, a: Actor, n: usize, alias: String) -> Result<(), String> {
    step!(w, async {
        let got = w.inbox_count(a, &alias).await?;
        let rid = w.ids.request_id(&alias);
        (got == n).then_some(()).ok_or_else(|| {
            Fail::Target(format!("expected {n} inbox item(s) for {rid}, found {got}"))
        })
    })
}

#[then(expr = "there is no side effect on {string}")]
async fn no_side_effect(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, w.no_side_effect(&alias))
}
