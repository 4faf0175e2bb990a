//! Steps for pairing (GW-PAIR-01..16, TV/10): initiate, resolve, status, complete, single use,
//! expiry, and routing by the paired token.

use std::time::Duration;

use cucumber::{given, then, when};
use serde_json::{Value, json};

use crate::check::json as cj;
use crate::check::time::{now, parse_rfc3339};
use crate::step;
use crate::world::exchange::Variant;
use crate::world::{Actor, Fail, HarpWorld, StepResult};

fn target(m: String) -> Fail {
    Fail::Target(m)
}

#[then("the gateway offers the pairing surface")]
async fn offered(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        // GW-PAIR-01 judges the probe itself: "not served" is a SHOULD miss here, not a skip.
        w.proven.insert("pairing");
        w.pairing_initiate(Actor::E1, "probe", None).await?;
        let st = w.last()?.status;
        if crate::surface::is_not_served_status(st) {
            return Err(target(format!(
                "GW-PAIR-01: POST /v1/pairing/initiate answered {st}: the pairing surface is not offered"
            )));
        }
        w.expect_200("GW-PAIR-01")
    })
}

#[given(expr = "{actor} initiates pairing {string}")]
#[when(expr = "{actor} initiates pairing {string}")]
async fn initiate(w: &mut HarpWorld, e: Actor, name: String) -> Result<(), String> {
    step!(w, w.pairing_initiate(e, &name, None))
}

#[when(expr = "{actor} initiates pairing {string} without {string}")]
async fn initiate_without(
    w: &mut HarpWorld,
    e: Actor,
    name: String,
    m: String,
) -> Result<(), String> {
    step!(w, w.pairing_initiate(e, &name, Some(&m)))
}

#[then(expr = "the response carries the code, nonce and expiry of pairing {string}")]
async fn initiated(w: &mut HarpWorld, name: String) -> Result<(), String> {
    step!(w, async {
        w.expect_200("GW-PAIR-02")?;
        for m in ["code", "nonce", "expiresAt"] {
            if w.pairing_value(&name, m)?.is_empty() {
                return Err(target(format!("GW-PAIR-02: `{m}` is empty")));
            }
        }
        Ok(())
    })
}

#[then(expr = "pairing {string} expires in the future, within timing.pairing_ttl_s")]
async fn short_lived(w: &mut HarpWorld, name: String) -> Result<(), String> {
    step!(w, async {
        let at = w.pairing_value(&name, "expiresAt")?;
        let t = parse_rfc3339(&at)
            .map_err(|e| target(format!("GW-PAIR-04 / GW-ENV-05: expiresAt: {e}")))?;
        let ctx = w.ctx();
        let (ttl, skew) = (
            ctx.cfg.file.timing.pairing_ttl_s as i64,
            ctx.cfg.file.clock.skew_tolerance_s as i64,
        );
        let n = now();
        if t <= n - time::Duration::seconds(skew) || t > n + time::Duration::seconds(ttl + skew) {
            return Err(target(format!(
                "GW-PAIR-04: expiresAt {at} is not in (now, now + {ttl} s] (timing.pairing_ttl_s, clock.skew_tolerance_s {skew} s)"
            )));
        }
        Ok(())
    })
}

#[then(expr = "pairings {string} and {string} have distinct alphanumeric codes and nonces")]
async fn entropy(w: &mut HarpWorld, a: String, b: String) -> Result<(), String> {
    step!(w, async {
        let min = w.ctx().cfg.file.pairing.code_min_len.unwrap_or(6) as usize;
        let (ca, cb) = (w.pairing_value(&a, "code")?, w.pairing_value(&b, "code")?);
        for c in [&ca, &cb] {
            if c.len() < min || !c.chars().all(|x| x.is_ascii_alphanumeric()) {
                return Err(target(format!(
                    "GW-PAIR-05: code {c:?} is not at least {min} alphanumeric characters (pairing.code_min_len)"
                )));
            }
        }
        let (na, nb) = (w.pairing_value(&a, "nonce")?, w.pairing_value(&b, "nonce")?);
        if ca == cb || na == nb {
            return Err(target(format!(
                "GW-PAIR-05: two initiations share a code ({ca}/{cb}) or a nonce ({na}/{nb})"
            )));
        }
        Ok(())
    })
}

#[given(expr = "{actor} resolves the code of pairing {string}")]
#[when(expr = "{actor} resolves the code of pairing {string}")]
async fn resolve(w: &mut HarpWorld, a: Actor, name: String) -> Result<(), String> {
    step!(w, w.pairing_resolve(a, Some(&name)))
}

#[when(expr = "{actor} resolves a pairing code nobody issued")]
async fn resolve_unknown(w: &mut HarpWorld, a: Actor) -> Result<(), String> {
    step!(w, w.pairing_resolve(a, None))
}

/// Compares `member` of the last response with the initiate request of `name` (required or optional).
fn same_as_initiated(
    w: &HarpWorld,
    name: &str,
    member: &str,
    required: bool,
    row: &str,
) -> StepResult {
    let v = w.last_json()?;
    let want = w.pairing_session(name)?["request"][member].clone();
    match v.get(member) {
        None if !required => Ok(()),
        Some(got) if *got == want => Ok(()),
        got => Err(target(format!(
            "{row}: `{member}` must be the initiated {want}, got {}",
            got.map(cj::brief).unwrap_or_else(|| "nothing".into())
        ))),
    }
}

#[then(expr = "the resolution matches the initiation of pairing {string}")]
async fn resolved(w: &mut HarpWorld, name: String) -> Result<(), String> {
    step!(w, async {
        w.expect_200("GW-PAIR-06")?;
        let nonce = w.pairing_value(&name, "nonce")?;
        if w.last_json()?["nonce"] != nonce.as_str() {
            return Err(target(format!(
                "GW-PAIR-06: the resolved nonce is not the initiated {nonce:?}: {}",
                cj::brief(&w.last_json()?)
            )));
        }
        same_as_initiated(w, &name, "enforcerLabel", true, "GW-PAIR-06")?;
        same_as_initiated(w, &name, "publicKey", true, "GW-PAIR-06")?;
        same_as_initiated(w, &name, "workspaceName", false, "GW-PAIR-06")
    })
}

#[when(expr = "{actor} reads the status of pairing {string}")]
async fn status(w: &mut HarpWorld, e: Actor, name: String) -> Result<(), String> {
    step!(w, w.pairing_status(e, Some(&name)))
}

#[when(expr = "{actor} reads the status of a pairing nobody initiated")]
async fn status_unknown(w: &mut HarpWorld, e: Actor) -> Result<(), String> {
    step!(w, w.pairing_status(e, None))
}

#[then(regex = r"^the pairing state reads (pending|completed)$")]
async fn state(w: &mut HarpWorld, phase: String) -> Result<(), String> {
    step!(w, async {
        w.expect_200("GW-PAIR-10")?;
        let v = w.last_json()?;
        let s = v["state"]
            .as_str()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                target(format!(
                    "GW-PAIR-10: no non-empty `state`: {}",
                    cj::brief(&v)
                ))
            })?
            .to_string();
        let allowed = w.ctx().cfg.file.pairing.state_values.get(&phase).cloned();
        let before = w
            .messages
            .get("pairing-state/pending")
            .and_then(Value::as_str)
            .map(str::to_string);
        let ok = match (&allowed, phase.as_str()) {
            (Some(list), _) => list.iter().any(|x| x == &s),
            // Unconfigured vocabulary (C-36): completion must at least change the state.
            (None, "completed") => before.as_deref() != Some(s.as_str()),
            (None, _) => true,
        };
        if phase == "pending" {
            w.messages.insert("pairing-state/pending".into(), json!(s));
        }
        ok.then_some(()).ok_or_else(|| target(format!("GW-PAIR-10: state {s:?} does not read {phase} (pairing.state_values.{phase} = {allowed:?}; before completion: {before:?})")))
    })
}

#[given(expr = "{actor} completes pairing {string}")]
#[when(expr = "{actor} completes pairing {string}")]
async fn complete(w: &mut HarpWorld, a: Actor, name: String) -> Result<(), String> {
    step!(w, w.pairing_complete(a, Some(&name), None))
}

#[when(expr = "{actor} completes pairing {string} without {string}")]
async fn complete_without(
    w: &mut HarpWorld,
    a: Actor,
    name: String,
    m: String,
) -> Result<(), String> {
    step!(w, w.pairing_complete(a, Some(&name), Some(&m)))
}

#[when(expr = "{actor} completes a pairing nobody initiated")]
async fn complete_unknown(w: &mut HarpWorld, a: Actor) -> Result<(), String> {
    step!(w, w.pairing_complete(a, None, None))
}

#[then(
    expr = "the completion carries a routing token and the enforcer metadata of pairing {string}"
)]
async fn completed(w: &mut HarpWorld, name: String) -> Result<(), String> {
    step!(w, async {
        w.expect_200("GW-PAIR-12")?;
        w.pairing_token(&name)?;
        same_as_initiated(w, &name, "enforcerLabel", true, "GW-PAIR-12")?;
        same_as_initiated(w, &name, "workspaceName", true, "GW-PAIR-12")
    })
}

#[then("the response carries no routing token")]
async fn no_token(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let v = w.last_json()?;
        match cj::find_key(&v, "routingToken").first() {
            None => Ok(()),
            Some(p) => Err(target(format!(
                "GW-PAIR-14: a refused completion carries a routingToken at {p}"
            ))),
        }
    })
}

#[then("the response status follows pairing.second_use_status")]
async fn second_use(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let st = w.last()?.status;
        let list = w
            .ctx()
            .cfg
            .file
            .pairing
            .second_use_status
            .clone()
            .unwrap_or_else(|| vec![404, 409, 410]);
        list.contains(&st).then_some(()).ok_or_else(|| {
            target(format!(
                "GW-PAIR-09: a used code must be refused with one of {list:?}, got HTTP {st}"
            ))
        })
    })
}

#[given(expr = "the TTL of pairing {string} has run out")]
#[when(expr = "the TTL of pairing {string} has run out")]
async fn ttl_out(w: &mut HarpWorld, name: String) -> Result<(), String> {
    if w.halted() {
        return Ok(());
    }
    let ttl = w.ctx().cfg.file.timing.pairing_ttl_s;
    if let Err(e) = w.quick_enough(ttl + 2, "timing.pairing_ttl_s + 2") {
        return w.conclude(Err(e));
    }
    let r = async {
        // Waits out the session's own expiresAt (at most timing.pairing_ttl_s), plus 1 s.
        let at = parse_rfc3339(&w.pairing_value(&name, "expiresAt")?).map_err(target)?;
        let left = (at - now())
            .whole_milliseconds()
            .clamp(0, i128::from(ttl) * 1000) as u64;
        tokio::time::sleep(Duration::from_millis(left + 1000)).await;
        Ok(())
    }
    .await;
    w.conclude(r)
}

#[given(expr = "{actor} submits artifact {string} routed by the token of pairing {string}")]
#[when(expr = "{actor} submits artifact {string} routed by the token of pairing {string}")]
async fn routed(w: &mut HarpWorld, e: Actor, alias: String, name: String) -> Result<(), String> {
    step!(w, async {
        let token = w.pairing_token(&name)?;
        w.messages
            .insert(format!("meta/{alias}"), json!({"token": token}));
        let patch = json!({"recipient": null, "body": {"metadata": {"approverId": null, "routingToken": token}}});
        w.submit_artifact(e, &alias, Variant::Patch(patch)).await
    })
}

#[given(expr = "{actor} has initiated pairing {string}")]
async fn has_initiated(w: &mut HarpWorld, e: Actor, name: String) -> Result<(), String> {
    step!(w, async {
        w.pairing_initiate(e, &name, None).await?;
        w.pairing_session(&name).map(|_| ())
    })
}

#[given(expr = "{actor} has completed pairing {string}")]
async fn has_completed(w: &mut HarpWorld, a: Actor, name: String) -> Result<(), String> {
    step!(w, async {
        w.pairing_complete(a, Some(&name), None).await?;
        w.pairing_token(&name).map(|_| ())
    })
}
