//! Steps for authentication and authorization (TR-AUTH-01..04, GW-AUTH-01..04, NEG-21): calls without or
//! with bad credentials, calls on another principal's path, and the configurable refusal statuses.

use cucumber::{given, then, when};
use serde_json::Value;

use crate::step;
use crate::world::auth::Caller;
use crate::world::http::evidence;
use crate::world::{Actor, Fail, HarpWorld, StepResult};

async fn call(w: &mut HarpWorld, caller: Caller, name: &str, owner: Option<Actor>) -> StepResult {
    let actor = match caller {
        Caller::As(a) => Some(a),
        _ => None,
    };
    let c = w.auth_call(name, actor, owner)?;
    w.auth_send(caller, c).await
}

#[when(expr = "an anonymous client calls {string}")]
async fn anon_calls(w: &mut HarpWorld, name: String) -> Result<(), String> {
    step!(w, call(w, Caller::Anonymous, &name, None))
}

#[when(expr = "a client with an invalid credential calls {string}")]
async fn invalid_calls(w: &mut HarpWorld, name: String) -> Result<(), String> {
    step!(w, call(w, Caller::Invalid, &name, None))
}

#[when(expr = "{actor} calls {string}")]
async fn actor_calls(w: &mut HarpWorld, a: Actor, name: String) -> Result<(), String> {
    step!(w, call(w, Caller::As(a), &name, None))
}

#[when(expr = "{actor} calls {string} of {actor}")]
async fn actor_calls_of(
    w: &mut HarpWorld,
    a: Actor,
    name: String,
    owner: Actor,
) -> Result<(), String> {
    step!(w, call(w, Caller::As(a), &name, Some(owner)))
}

#[when(expr = "an anonymous client sends {string} to {string}")]
async fn anon_sends_bad(w: &mut HarpWorld, bad: String, endpoint: String) -> Result<(), String> {
    step!(w, w.auth_send_bad_body(Caller::Anonymous, &bad, &endpoint))
}

fn status_in(w: &HarpWorld, key: &str, allowed: &[u16]) -> StepResult {
    let r = w.last()?;
    if allowed.contains(&r.status) {
        return Ok(());
    }
    Err(Fail::Target(format!(
        "expected a status in {key} = {allowed:?}, got {}\n  request: {}",
        evidence(r),
        w.last_request
    )))
}

#[then("the response status is the configured cross-tenant status")]
async fn cross_tenant(w: &mut HarpWorld) -> Result<(), String> {
    let allowed = w.ctx().cfg.file.auth.cross_tenant_status.clone();
    step!(w, async {
        status_in(w, "auth.cross_tenant_status", &allowed)
    })
}

#[then("the response status is the configured cross-principal status")]
async fn cross_principal(w: &mut HarpWorld) -> Result<(), String> {
    let allowed = w.ctx().cfg.file.auth.cross_principal_status.clone();
    step!(w, async {
        status_in(w, "auth.cross_principal_status", &allowed)
    })
}

#[then(expr = "the response does not reveal {string}")]
async fn no_leak(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, async {
        let hash = w.ids.hash(&alias);
        let hex = hash.trim_start_matches("sha256:");
        let body = String::from_utf8_lossy(&w.last()?.body).into_owned();
        match body.contains(hex) {
            false => Ok(()),
            true => Err(Fail::Target(format!(
                "GW-AUTH-02: the refusal leaks the artifactHash of {}: {}\n  request: {}",
                w.ids.request_id(&alias),
                evidence(w.last()?),
                w.last_request
            ))),
        }
    })
}

/// Status of `alias` as `a`: 200, state pendingApproval (case-insensitive, C-04), original hash.
async fn still_pending(w: &mut HarpWorld, a: Actor, alias: &str) -> StepResult {
    let saved = (w.last.clone(), w.last_request.clone());
    w.fetch_status(a, alias).await?;
    let r = w.last()?.clone();
    if r.status != 200 {
        return Err(Fail::Target(format!(
            "expected the exchange {} to exist unchanged (200), got {}",
            w.ids.request_id(alias),
            evidence(&r)
        )));
    }
    let v = w.last_json()?;
    let state = v["body"]["state"].as_str().unwrap_or_default();
    if !state.eq_ignore_ascii_case("pendingApproval") && !state.eq_ignore_ascii_case("pending") {
        return Err(Fail::Target(format!(
            "expected state pendingApproval after the refused call, got {}",
            v["body"]["state"]
        )));
    }
    let hash = w.ids.hash(alias);
    match v["body"].get("artifactHash") {
        Some(h) if h != &Value::String(hash.clone()) => Err(Fail::Target(format!(
            "GW-IDEM-04: the refused call changed artifactHash: expected {hash}, got {h}"
        ))),
        _ => {
            (w.last, w.last_request) = saved;
            Ok(())
        }
    }
}

#[then(expr = "{actor} sees {string} still pending with its original hash")]
async fn sees_pending(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, still_pending(w, a, &alias))
}

#[given("the target binds path ids to the caller")]
async fn path_binding(w: &mut HarpWorld) -> Result<(), String> {
    let mode = w.ctx().cfg.file.auth.path_binding.clone();
    step!(w, async {
        match mode.as_str() {
            "enforced" => Ok(()),
            other => Err(Fail::NotApplicable(format!(
                "auth.path_binding = \"{other}\": path ids are not bound to the caller"
            ))),
        }
    })
}

/// GW-AUTH-04: `enforced` → 403 and no exchange; `not_enforced` → 202 and the exchange stays bound to
/// the authenticated enforcer (its long-poll gets the decision); `unknown` → either, judged by status.
async fn sender_binding(w: &mut HarpWorld, alias: &str) -> StepResult {
    let mode = w.ctx().cfg.file.auth.sender_binding.clone();
    let status = w.last()?.status;
    let refused = match (mode.as_str(), status) {
        ("enforced", 403) | ("unknown", 403) => true,
        ("not_enforced", 202) | ("unknown", 202) => false,
        _ => {
            let want = match mode.as_str() {
                "enforced" => "403",
                "not_enforced" => "202",
                _ => "403 or 202",
            };
            return Err(Fail::Target(format!(
                "GW-AUTH-04: with auth.sender_binding = \"{mode}\" a sender.enforcerId naming another enforcer must get {want}, got {}",
                evidence(w.last()?)
            )));
        }
    };
    if refused {
        return w.no_side_effect(alias).await;
    }
    w.decide(Actor::A1, alias, "approve").await?;
    w.wait_for_decision(Actor::E1, alias, 5).await?;
    let r = w.last()?.clone();
    let v = w.last_json().unwrap_or_default();
    if r.status == 200 && v["msgType"] == "decision.deliver" {
        return Ok(());
    }
    Err(Fail::Target(format!(
        "GW-RTE-05: the exchange accepted with a foreign sender.enforcerId is not bound to the submitting enforcer: its long-poll got {}",
        evidence(&r)
    )))
}

#[then(expr = "the submission of {string} is judged per auth.sender_binding")]
async fn judged_sender_binding(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, sender_binding(w, &alias))
}
