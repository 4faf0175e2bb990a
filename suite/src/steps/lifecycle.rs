//! Steps for the exchange life cycle over REST: states and expiry, status contents, long-poll timing,
//! acknowledgements taken from responses, inbox traversal, bursts of duplicates, routing preconditions.

use cucumber::{given, then, when};
use serde_json::Value;

use super::params::Dur;
use crate::check::json as cj;
use crate::step;
use crate::world::lifecycle::AckChange;
use crate::world::{Actor, Fail, HarpWorld};

#[given(expr = "{actor} submits artifact {string} expiring after the short TTL")]
#[when(expr = "{actor} submits artifact {string} expiring after the short TTL")]
async fn submit_short(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, w.submit_short_ttl(a, &alias))
}

#[given(expr = "{actor} submits artifact {string} addressed to {actor}")]
#[when(expr = "{actor} submits artifact {string} addressed to {actor}")]
async fn submit_to(w: &mut HarpWorld, a: Actor, alias: String, to: Actor) -> Result<(), String> {
    step!(w, w.submit_addressed(a, &alias, to))
}

#[when(expr = "{actor} submits artifact {string} {int} times at once")]
async fn burst(w: &mut HarpWorld, a: Actor, alias: String, n: usize) -> Result<(), String> {
    step!(w, w.submit_burst(a, &alias, n))
}

#[then("every one of those submissions is accepted")]
async fn burst_accepted(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { w.expect_burst_accepted() })
}

#[then(expr = "the state is {string}")]
async fn state_is(w: &mut HarpWorld, want: String) -> Result<(), String> {
    step!(w, async {
        let allowed: Vec<&str> = want.split('|').collect();
        w.expect_state(&allowed)
    })
}

#[then(expr = "the status reflects the submission of {string}")]
async fn reflects(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, async {
        let v = w.last_json()?;
        let rid = w.ids.request_id(&alias);
        let fail = |m: String| Fail::Target(format!("GW-EXS-04: {m}"));
        cj::expect_at(&v, "/body/requestId", &Value::String(rid)).map_err(fail)?;
        if let Some(h) = v.pointer("/body/artifactHash") {
            let want = Value::String(w.ids.hash(&alias));
            (h == &want).then_some(()).ok_or_else(|| {
                fail(format!(
                    "artifactHash {h} differs from the submitted {want}"
                ))
            })?;
        }
        let sent = w.submitted_expiry(&alias)?;
        let got = v["body"]["expiresAt"].as_str().unwrap_or_default();
        crate::check::time::same_instant(got, &sent).map_err(|e| fail(format!("expiresAt: {e}")))
    })
}

#[then(expr = "any decision in the status is {string}")]
async fn status_decision(w: &mut HarpWorld, want: String) -> Result<(), String> {
    step!(w, async {
        let v = w.last_json()?;
        match v.pointer("/body/decision") {
            None => {
                w.transcript
                    .push("note", "the status carries no decision (allowed)".into());
                Ok(())
            }
            Some(d) if !d.is_object() => Err(Fail::Target(format!(
                "GW-EXS-05: `decision` must be an object, got {d}"
            ))),
            Some(d) => match d.get("decision") {
                Some(x) if x != &Value::String(want.clone()) => Err(Fail::Target(format!(
                    "GW-EXS-05: the status shows decision {x}, but {want:?} was decided"
                ))),
                _ => Ok(()),
            },
        }
    })
}

/// Runs a step body bounded by `limit` instead of the step timeout (expiry waits are set by config).
macro_rules! long_step {
    ($w:ident, $limit:expr, $body:expr) => {{
        if $w.halted() {
            return Ok(());
        }
        let r = match tokio::time::timeout($limit, $body).await {
            Ok(r) => r,
            Err(_) => Err(Fail::Target(format!(
                "step timed out after {} s",
                $limit.as_secs()
            ))),
        };
        $w.conclude(r)
    }};
}

fn expiry_bound(w: &HarpWorld) -> std::time::Duration {
    let t = &w.ctx().cfg.file.timing;
    std::time::Duration::from_secs(t.short_ttl_s + t.expiry_skew_s + 10).max(w.step_timeout())
}

#[when(expr = "the exchange {string} has expired")]
async fn expired(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    let limit = expiry_bound(w);
    long_step!(w, limit, w.await_expiry(&alias))
}

#[when(expr = "the expiry time of {string} has passed")]
async fn past_expiry(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    let limit = expiry_bound(w);
    long_step!(w, limit, w.pass_expiry(&alias))
}

#[then(expr = "the reuse of {string} is refused as a conflict")]
async fn reuse_conflict(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, async {
        let st = w.last()?.status;
        if st == 409 {
            return Ok(());
        }
        let window = w.ctx().cfg.file.retention.request_id_window_s;
        let ttl = w.ctx().cfg.file.timing.short_ttl_s;
        match window {
            Some(win) if (200..300).contains(&st) && win < ttl => Ok(()),
            _ => Err(Fail::Target(format!(
                "GW-SM-08: reusing {} with another hash after expiry got {st}, expected 409",
                w.ids.request_id(&alias)
            ))),
        }
    })
}

#[given("the target can cancel exchanges")]
async fn can_cancel(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        match w.ctx().cfg.file.states.cancel_hook {
            Some(_) => Ok(()),
            None => Err(Fail::NotApplicable(
                "no wire API cancels an exchange; set states.cancel_hook to test GW-SM-07".into(),
            )),
        }
    })
}

#[when(expr = "the exchange {string} is cancelled through the cancel hook")]
async fn cancel(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, w.cancel_via_hook(&alias))
}

#[given("the target is configured for strict single-channel delivery")]
async fn strict_single(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        if w.ctx().cfg.file.strict.single_channel_delivery {
            Ok(())
        } else {
            Err(Fail::NotApplicable(
                "strict.single_channel_delivery is false: the older channel rule is a warning"
                    .into(),
            ))
        }
    })
}

#[then(expr = "the response arrived within {duration}")]
async fn arrived_within(w: &mut HarpWorld, d: Dur) -> Result<(), String> {
    step!(w, async {
        let e = w.last()?.elapsed;
        (e <= d.0).then_some(()).ok_or_else(|| {
            Fail::Target(format!(
                "the response took {} ms, expected at most {} ms",
                e.as_millis(),
                d.0.as_millis()
            ))
        })
    })
}

#[then(expr = "the wait lasted about {int} second(s)")]
async fn lasted(w: &mut HarpWorld, secs: u64) -> Result<(), String> {
    step!(w, async {
        let e = w.last()?.elapsed.as_millis() as u64;
        let slack = w.ctx().cfg.file.timing.long_poll_slack_s;
        let (lo, hi) = ((secs * 1000).saturating_sub(200), (secs + slack) * 1000);
        (lo..=hi).contains(&e).then_some(()).ok_or_else(|| {
            Fail::Target(format!(
                "GW-WAIT-02: the wait took {e} ms, expected {lo}..{hi} ms (timeout {secs} s + timing.long_poll_slack_s)"
            ))
        })
    })
}

#[then(expr = "the response relays the decision body of {string}")]
async fn relays(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, async {
        let v = w.last_json()?;
        w.expect_relayed_decision(&v, &alias)
    })
}

#[then(
    expr = "the response field {string} equals the same field of the response remembered as {string}"
)]
async fn same_field(w: &mut HarpWorld, ptr: String, name: String) -> Result<(), String> {
    step!(w, async {
        let old = w
            .remembered
            .get(&name)
            .ok_or_else(|| Fail::Harness(format!("no response remembered as {name:?}")))?
            .json()
            .map_err(Fail::Target)?;
        let want = old.pointer(&ptr).cloned().unwrap_or(Value::Null);
        cj::expect_at(&w.last_json()?, &ptr, &want).map_err(Fail::Target)
    })
}

#[when(
    expr = "{actor} waits up to {int} seconds for the decision on {string} while {actor} decides it with {string} after 1 second"
)]
async fn wait_racing(
    w: &mut HarpWorld,
    e: Actor,
    secs: u64,
    alias: String,
    a: Actor,
    decision: String,
) -> Result<(), String> {
    step!(w, w.wait_while_deciding(e, secs, &alias, a, &decision))
}

#[when(expr = "{actor} acknowledges the message in the response with status {string}")]
async fn ack_response(w: &mut HarpWorld, a: Actor, status: String) -> Result<(), String> {
    step!(w, w.ack_last_response(a, &status, AckChange::None))
}

#[when(expr = "{actor} acknowledges the message in the response without {string}")]
async fn ack_without(w: &mut HarpWorld, a: Actor, ptr: String) -> Result<(), String> {
    step!(
        w,
        w.ack_last_response(a, "processed", AckChange::Without(ptr))
    )
}

#[when(expr = "{actor} acknowledges the message in the response with {string} set to {string}")]
async fn ack_set(w: &mut HarpWorld, a: Actor, ptr: String, value: String) -> Result<(), String> {
    step!(w, async {
        let v: Value = serde_json::from_str(&value)
            .map_err(|e| Fail::Harness(format!("{value:?} is not JSON: {e}")))?;
        w.ack_last_response(a, "processed", AckChange::Set(ptr, v))
            .await
    })
}

#[when("the same acknowledgement is sent again")]
async fn ack_again(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, w.repeat_ack())
}

#[when(expr = "{actor} lists its inbox")]
async fn list_inbox(w: &mut HarpWorld, a: Actor) -> Result<(), String> {
    step!(w, async {
        let id = w.identity(a)?.id;
        w.request(
            Some(a),
            "GET",
            &format!("/v1/approvers/{id}/inbox"),
            None,
            vec![],
            None,
        )
        .await
        .map(|_| ())
    })
}

#[when(expr = "{actor} pages through its inbox {int} item(s) at a time")]
async fn page(w: &mut HarpWorld, a: Actor, n: usize) -> Result<(), String> {
    step!(w, w.page_inbox(a, Some(n)))
}

#[when(expr = "{actor} pages through its whole inbox")]
async fn page_all(w: &mut HarpWorld, a: Actor) -> Result<(), String> {
    step!(w, w.page_inbox(a, None))
}

#[then(expr = "no page holds more than {int} item(s)")]
async fn page_size(w: &mut HarpWorld, n: usize) -> Result<(), String> {
    step!(w, async {
        for (i, p) in w.chan.pages.iter().enumerate() {
            let len = p["body"]["items"].as_array().map_or(0, Vec::len);
            if len > n {
                return Err(Fail::Target(format!(
                    "GW-INB-05: page {} holds {len} items with limit={n}",
                    i + 1
                )));
            }
        }
        Ok(())
    })
}

#[then(expr = "every page validates against schema {string}")]
async fn pages_schema(w: &mut HarpWorld, schema: String) -> Result<(), String> {
    step!(w, async {
        let schemas = w.ctx().schemas.clone().map_err(Fail::Harness)?;
        for p in &w.chan.pages {
            schemas
                .validate_envelope(&schema, p)
                .map_err(|e| Fail::Target(format!("GW-INB-02: {}", e.join("; "))))?;
        }
        Ok(())
    })
}

#[then(expr = "the pages list each of {string} exactly once")]
async fn each_once(w: &mut HarpWorld, aliases: String) -> Result<(), String> {
    step!(w, async {
        for alias in aliases.split(',').map(str::trim) {
            let n = w.inbox_items_of(alias).len();
            if n != 1 {
                return Err(Fail::Target(format!(
                    "GW-INB-05: {} appears {n} times over {} pages, expected once",
                    w.ids.request_id(alias),
                    w.chan.pages.len()
                )));
            }
        }
        Ok(())
    })
}

#[then("the last page has a null nextCursor")]
async fn last_null(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let last = w
            .chan
            .pages
            .last()
            .ok_or_else(|| Fail::Harness("no pages".into()))?;
        cj::expect_at(last, "/body/nextCursor", &Value::Null).map_err(Fail::Target)
    })
}

#[then(expr = "the inbox item of {string} carries the submitted artifact hash and ciphertext")]
async fn item_content(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, async { w.expect_item_content(&alias) })
}

#[then("the wait yields no decision")]
async fn no_decision(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let r = w.last()?;
        if r.status == 204 || (400..500).contains(&r.status) {
            Ok(())
        } else {
            Err(Fail::Target(format!(
                "GW-SM-09: an expired exchange must never yield a decision (204 or 4xx), got {}",
                crate::world::http::evidence(r)
            )))
        }
    })
}

#[when(expr = "{actor} holds a wait of {int} seconds for the decision on {string}")]
async fn long_wait(w: &mut HarpWorld, a: Actor, secs: u64, alias: String) -> Result<(), String> {
    let slack = w.ctx().cfg.file.timing.long_poll_slack_s;
    let limit = std::time::Duration::from_secs(secs + slack + 10).max(w.step_timeout());
    long_step!(w, limit, w.wait_for_decision(a, &alias, secs))
}

#[then(expr = "the inbox page of {actor} is empty with a null nextCursor")]
async fn empty_page(w: &mut HarpWorld, a: Actor) -> Result<(), String> {
    step!(w, async {
        let v = w.last_json()?;
        let items = v["body"]["items"].as_array().cloned().unwrap_or_default();
        if !items.is_empty() {
            return Err(Fail::NotApplicable(format!(
                "{a:?}'s inbox holds {} item(s) routed by other scenarios or runs; GW-INB-07 needs an approver with nothing pending",
                items.len()
            )));
        }
        cj::expect_at(&v, "/body/items", &Value::Array(vec![])).map_err(Fail::Target)?;
        cj::expect_at(&v, "/body/nextCursor", &Value::Null)
            .map_err(|e| Fail::Target(format!("GW-INB-07: {e}")))
    })
}
