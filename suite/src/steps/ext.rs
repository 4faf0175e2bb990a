//! Steps for the ext surfaces of the expanded binding: the profile-aware status (C-01), withdraw,
//! the expired inbox, item deletion, refresh and the WS `hello` (BND §3.4–§3.9, §5.1).

use std::time::Duration;

use cucumber::{given, then, when};
use serde_json::Value;

use super::params::Chan;
use crate::check::json as cj;
use crate::check::time::{near_now, parse_rfc3339};
use crate::step;
use crate::steps::envelope::check_envelope;
use crate::world::ext::{Listing, same_state};
use crate::world::{Actor, Fail, HarpWorld, StepResult};

fn target(m: String) -> Fail {
    Fail::Target(m)
}

fn listing(word: &str) -> Listing {
    if word == "expired" {
        Listing::Expired
    } else {
        Listing::Active
    }
}

#[then(expr = "the response status is {int}, or any 4xx in the seed profile")]
async fn ext_status(w: &mut HarpWorld, want: u16) -> Result<(), String> {
    step!(w, async { w.judge_ext_status(want) })
}

#[given(expr = "{actor} withdraws {string}")]
#[when(expr = "{actor} withdraws {string}")]
async fn withdraw(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, w.withdraw(a, &alias))
}

#[then(expr = "the response reports {string} withdrawn just now")]
async fn withdrawn_body(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, async {
        let v = w.last_json()?;
        let rid = w.ids.request_id(&alias);
        if v["requestId"] != rid.as_str() {
            return Err(target(format!(
                "GW-WDR-01: exchange.withdrawn names {} instead of {rid}",
                v["requestId"]
            )));
        }
        let b = &v["body"];
        match b["state"].as_str() {
            Some(s) if s.eq_ignore_ascii_case("withdrawn") => {}
            other => {
                return Err(target(format!(
                    "GW-WDR-02: body.state must read Withdrawn (any case, C-04), got {other:?}"
                )));
            }
        }
        let at = b["withdrawnAt"].as_str().ok_or_else(|| {
            target(format!(
                "GW-WDR-02: body.withdrawnAt is missing: {}",
                cj::brief(b)
            ))
        })?;
        parse_rfc3339(at).map_err(|e| target(format!("GW-ENV-05: withdrawnAt: {e}")))?;
        let skew = w.ctx().cfg.file.clock.skew_tolerance_s + 5;
        near_now(at, skew).map_err(|e| target(format!("GW-WDR-02: withdrawnAt: {e}")))?;
        match b.get("reason") {
            Some(r) if !r.is_string() => Err(target(format!(
                "GW-WDR-02: body.reason must be a string, got {r}"
            ))),
            _ => Ok(()),
        }
    })
}

#[then(expr = "the exchange {string} is in state {string}")]
async fn in_state(w: &mut HarpWorld, alias: String, states: String) -> Result<(), String> {
    step!(w, async {
        let want: Vec<&str> = states.split('|').collect();
        w.expect_exchange_state(&alias, &want).await
    })
}

#[given(expr = "the short TTL of {string} has run out")]
#[when(expr = "the short TTL of {string} has run out")]
async fn ttl_ran_out(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    if w.halted() {
        return Ok(());
    }
    // Bounded by the TTL plus timing.expiry_skew_s (await_expired), not by the step timeout.
    let r = w.await_expired(&alias).await;
    w.conclude(r)
}

#[given(regex = r#"^the (active|expired) inbox of (A1|A2|AX) (lists|does not list) "([^"]+)"$"#)]
#[then(regex = r#"^the (active|expired) inbox of (A1|A2|AX) (lists|does not list) "([^"]+)"$"#)]
async fn lists(
    w: &mut HarpWorld,
    which: String,
    a: Actor,
    verb: String,
    alias: String,
) -> Result<(), String> {
    step!(w, async {
        let item = w.listed_item(a, listing(&which), &alias).await?;
        let rid = w.ids.request_id(&alias);
        match (verb == "lists", item) {
            (true, None) => Err(target(format!(
                "expected {rid} in the {which} inbox of {a:?}, it is not listed"
            ))),
            (false, Some(i)) => Err(target(format!(
                "expected no {rid} in the {which} inbox of {a:?}, found {}",
                cj::brief(&i)
            ))),
            _ => Ok(()),
        }
    })
}

/// Polls `a`'s active inbox until `alias` is gone, for at most `bound`.
async fn gone_within(
    w: &mut HarpWorld,
    a: Actor,
    alias: &str,
    bound: Duration,
    row: &str,
) -> StepResult {
    let deadline = tokio::time::Instant::now() + bound;
    loop {
        if w.listed_item(a, Listing::Active, alias).await?.is_none() {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(target(format!(
                "{row}: {} is still in the active inbox of {a:?} {} ms after the withdrawal",
                w.ids.request_id(alias),
                bound.as_millis()
            )));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[then(expr = "the active inbox of {actor} stops listing {string} within the delivery window")]
async fn gone_in_window(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    let d = w.delivery_window();
    step!(w, gone_within(w, a, &alias, d, "GW-WDR-04"))
}

#[then(expr = "the active inbox of {actor} stops listing {string} within timing.consistency_s")]
async fn gone_at_once(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    let d = Duration::from_secs(w.ctx().cfg.file.timing.consistency_s);
    step!(
        w,
        gone_within(w, a, &alias, d, "GW-WDR-04 (SHOULD: without delay)")
    )
}

#[given(regex = r"^(A1|A2|AX) reads its (active|expired) inbox$")]
#[when(regex = r"^(A1|A2|AX) reads its (active|expired) inbox$")]
async fn read_listing(w: &mut HarpWorld, a: Actor, which: String) -> Result<(), String> {
    step!(w, async {
        w.list_items(a, listing(&which)).await.map(|_| ())
    })
}

#[then(
    regex = r#"^the (active|expired) inbox item of (A1|A2|AX) for "([^"]+)" has status "([^"]+)"$"#
)]
async fn item_status(
    w: &mut HarpWorld,
    which: String,
    a: Actor,
    alias: String,
    want: String,
) -> Result<(), String> {
    step!(w, async {
        let rid = w.ids.request_id(&alias);
        let item = w
            .listed_item(a, listing(&which), &alias)
            .await?
            .ok_or_else(|| target(format!("{rid} is not in the {which} inbox of {a:?}")))?;
        let ptr = w.ctx().cfg.file.inbox.item_status_pointer.clone();
        match cj::pointer(&item, &ptr) {
            None => Ok(()), // the item shape is open: a status is optional (§18 #26)
            Some(Value::String(s)) if same_state(s, &want, "any") => Ok(()),
            Some(s) => Err(target(format!(
                "the {which} inbox item of {rid} must have status {want} (any case, C-04), got {s}"
            ))),
        }
    })
}

#[then(regex = r"^every item of the (active|expired) inbox of (A1|A2|AX) has status (\w+)$")]
async fn every_status(
    w: &mut HarpWorld,
    which: String,
    a: Actor,
    want: String,
) -> Result<(), String> {
    step!(w, async {
        let ptr = w.ctx().cfg.file.inbox.item_status_pointer.clone();
        let saved = (w.last.clone(), w.last_request.clone());
        let items = w.list_items(a, listing(&which)).await?;
        (w.last, w.last_request) = saved;
        for i in &items {
            if let Some(s) = cj::pointer(i, &ptr)
                && !s.as_str().is_some_and(|s| same_state(s, &want, "any"))
            {
                return Err(target(format!(
                    "GW-INB-04: an item of the {which} inbox has status {s}, expected {want}: {}",
                    cj::brief(i)
                )));
            }
        }
        Ok(())
    })
}

#[given(expr = "{actor} deletes its inbox item for {string}")]
#[when(expr = "{actor} deletes its inbox item for {string}")]
async fn delete_item(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, w.delete_inbox_item(a, &alias))
}

#[given(expr = "{actor} refreshes {string} for {actor}")]
#[when(expr = "{actor} refreshes {string} for {actor}")]
async fn refresh(w: &mut HarpWorld, a: Actor, alias: String, e: Actor) -> Result<(), String> {
    step!(w, w.refresh(a, &alias, Some(e)))
}

#[when(expr = "{actor} refreshes {string} without an enforcerDeviceId")]
async fn refresh_bare(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, w.refresh(a, &alias, None))
}

#[then(expr = "the response is bare JSON whose {string} is {string}")]
async fn bare_member(w: &mut HarpWorld, member: String, want: String) -> Result<(), String> {
    step!(w, async {
        let v = w.last_json()?;
        if v.get("msgType").is_some() && v.get("body").is_some() {
            return Err(target(format!(
                "GW-ENV-17: expected bare JSON, got an envelope: {}",
                cj::brief(&v)
            )));
        }
        match v.get(&member) {
            Some(Value::String(s)) if *s == want => Ok(()),
            got => Err(target(format!(
                "expected {member} = {want:?} in the bare JSON answer, got {got:?}\n  request: {}",
                w.last_request
            ))),
        }
    })
}

#[then(expr = "the refresh.request on {channel} is shaped like TV\\/08")]
async fn refresh_shape(w: &mut HarpWorld, ch: Chan) -> Result<(), String> {
    step!(w, async {
        let v = w.received(&ch.0, "refresh.request")?;
        check_envelope(&v).map_err(|m| {
            target(format!(
                "GW-RFR-02 (C-07): refresh.request must be an envelope; {m}"
            ))
        })?;
        if !v["sender"]["gatewayId"].is_string() {
            return Err(target(format!(
                "GW-RFR-02: refresh.request has no sender.gatewayId: {}",
                cj::brief(&v)
            )));
        }
        for (k, x) in [
            ("body.reason", &v["body"]["reason"]),
            ("msgId", &v["msgId"]),
        ] {
            if !x.is_null() && !x.is_string() {
                return Err(target(format!(
                    "GW-RFR-02: {k} must be a string when present, got {x}"
                )));
            }
        }
        parse_rfc3339(v["createdAt"].as_str().unwrap_or_default())
            .map(|_| ())
            .map_err(|e| target(format!("GW-ENV-05: refresh.request createdAt: {e}")))
    })
}

#[given(expr = "{actor} sends the TV\\/07 hello on {channel}")]
#[when(expr = "{actor} sends the TV\\/07 hello on {channel}")]
async fn hello(w: &mut HarpWorld, _a: Actor, ch: Chan) -> Result<(), String> {
    step!(w, w.send_hello(&ch.0))
}

#[then(expr = "{channel} accepts the hello without an error for {int} seconds")]
async fn hello_quiet(w: &mut HarpWorld, ch: Chan, secs: u64) -> Result<(), String> {
    step!(
        w,
        w.expect_quiet_acceptance(&ch.0, Duration::from_secs(secs))
    )
}

#[given(expr = "{actor} has withdrawn {string}")]
async fn has_withdrawn(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, async {
        w.withdraw(a, &alias).await?;
        let r = w.last()?;
        if r.status == 200 {
            return Ok(());
        }
        Err(target(format!(
            "GW-WDR-01: withdrawing a pending exchange must answer 200, got {}",
            crate::world::http::evidence(r)
        )))
    })
}

#[then("the response status follows auth.cross_principal_status")]
async fn cross_principal(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let st = w.last()?.status;
        let list = w.ctx().cfg.file.auth.cross_principal_status.clone();
        list.contains(&st).then_some(()).ok_or_else(|| {
            target(format!("GW-WDR-10: someone other than the owning enforcer must be refused with one of {list:?} (auth.cross_principal_status), got HTTP {st}\n  request: {}", w.last_request))
        })
    })
}

#[then("the 204 answer has an empty body")]
async fn empty_204(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let r = w.last()?;
        match (r.status, r.body.is_empty()) {
            (204, true) => Ok(()),
            (204, false) => Err(target(format!(
                "GW-ENV-17 / GW-ERR-06: a 204 must have no body, got {} bytes",
                r.body.len()
            ))),
            _ => Err(target(format!(
                "expected 204, got {}",
                crate::world::http::evidence(r)
            ))),
        }
    })
}

#[given("the target config names an unroutable fixture")]
async fn has_unroutable(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        match w.ctx().cfg.file.routing.unroutable_fixture {
            Some(_) => Ok(()),
            None => Err(Fail::NotApplicable("GW-ART-10 needs routing.unroutable_fixture (a merge patch that makes an artifact unroutable)".into())),
        }
    })
}

#[when(expr = "{actor} submits artifact {string} made unroutable")]
async fn unroutable(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, async {
        let fx = w.ctx().cfg.file.routing.unroutable_fixture.clone();
        let patch: Value = match fx {
            Some(toml::Value::String(s)) => serde_json::from_str(&s).map_err(|e| {
                Fail::Harness(format!(
                    "routing.unroutable_fixture is not a JSON merge patch: {e}"
                ))
            })?,
            Some(t) => serde_json::to_value(t).map_err(|e| Fail::Harness(e.to_string()))?,
            None => return Err(Fail::NotApplicable("no routing.unroutable_fixture".into())),
        };
        w.submit_artifact(a, &alias, crate::world::exchange::Variant::Patch(patch))
            .await
    })
}

#[then("the response follows inbox.invalid_cursor_status")]
async fn bad_cursor(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let st = w.last()?.status;
        let list = w.ctx().cfg.file.inbox.invalid_cursor_status.clone();
        list.contains(&st).then_some(()).ok_or_else(|| target(format!("GW-INB-06: a malformed cursor must be answered with one of {list:?} (inbox.invalid_cursor_status), got HTTP {st}")))
    })
}

#[then("the response follows inbox.invalid_limit")]
async fn bad_limit(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let st = w.last()?.status;
        let mode = w.ctx().cfg.file.inbox.invalid_limit.clone();
        let ok = match mode.as_str() {
            "reject" => st == 400,
            "clamp" => st == 200,
            _ => st == 400 || st == 200,
        };
        ok.then_some(()).ok_or_else(|| target(format!("GW-INB-06: a malformed limit must be rejected with 400 or clamped (inbox.invalid_limit = {mode}), got HTTP {st}")))
    })
}

#[given(expr = "{actor} has deleted its inbox item for {string}")]
async fn has_deleted(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, async {
        w.delete_inbox_item(a, &alias).await?;
        let r = w.last()?;
        if r.status == 204 {
            return Ok(());
        }
        Err(target(format!(
            "GW-INBD-01: deleting an existing inbox item must answer 204, got {}",
            crate::world::http::evidence(r)
        )))
    })
}
