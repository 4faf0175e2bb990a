//! Steps for presence (GW-PRS-01..12): tenant lists and records, online/offline transitions within
//! configured bounds (C-16), the hello's effect, and tenant scoping (C-42).

use std::time::Duration;

use cucumber::{given, then, when};
use serde_json::Value;

use crate::check::json as cj;
use crate::step;
use crate::world::ext_presence::check_record;
use crate::world::{Actor, Fail, HarpWorld};

fn target(m: String) -> Fail {
    Fail::Target(m)
}

#[when(expr = "{actor} lists the presence of the tenant of {actor}")]
async fn list(w: &mut HarpWorld, a: Actor, of: Actor) -> Result<(), String> {
    step!(w, async {
        let t = w.presence_tenant(of)?;
        w.list_presence(a, Some(&t)).await
    })
}

#[when(expr = "{actor} lists presence without a tenantId")]
async fn list_bare(w: &mut HarpWorld, a: Actor) -> Result<(), String> {
    step!(w, w.list_presence(a, None))
}

#[then("the response is a bare JSON array of valid presence records")]
async fn is_list(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let v = w.last_json()?;
        let arr = v.as_array().ok_or_else(|| {
            target(format!(
                "GW-PRS-01: expected a bare JSON array, got {}",
                cj::brief(&v)
            ))
        })?;
        arr.iter().try_for_each(check_record).map_err(target)
    })
}

#[then(expr = "the presence list is refused or holds no enforcer of {actor}")]
async fn scoped(w: &mut HarpWorld, foreign: Actor) -> Result<(), String> {
    step!(w, async {
        let st = w.last()?.status;
        let mode = w
            .ctx()
            .cfg
            .file
            .presence
            .cross_tenant
            .clone()
            .unwrap_or_else(|| "either".into());
        let dev = w.device_id_of(foreign)?;
        match st {
            403 if mode != "filtered" => Ok(()),
            200 if mode != "403" => {
                let v = w.last_json()?;
                let leak = v
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|r| r["enforcerDeviceId"] == dev.as_str());
                match leak {
                    Some(r) => Err(target(format!(
                        "GW-PRS-11: another tenant's record leaked: {r}"
                    ))),
                    None => Ok(()),
                }
            }
            _ => Err(target(format!(
                "GW-PRS-11 (C-42): a query for another tenant must be 403 or filtered (presence.cross_tenant = {mode}), got HTTP {st}"
            ))),
        }
    })
}

#[when(expr = "{actor} reads the presence record of {actor}")]
async fn read(w: &mut HarpWorld, a: Actor, e: Actor) -> Result<(), String> {
    step!(w, async {
        let d = w.device_id_of(e)?;
        w.read_presence(a, &d).await
    })
}

#[when(expr = "{actor} reads the presence record of an unknown enforcer")]
async fn read_unknown(w: &mut HarpWorld, a: Actor) -> Result<(), String> {
    step!(w, async {
        let d = format!("hc-no-device-{}", uuid::Uuid::new_v4().simple());
        w.read_presence(a, &d).await
    })
}

#[then(expr = "the response is one valid presence record of {actor}")]
async fn is_record(w: &mut HarpWorld, e: Actor) -> Result<(), String> {
    step!(w, async {
        let v = w.last_json()?;
        check_record(&v).map_err(target)?;
        let dev = w.device_id_of(e)?;
        if v["enforcerDeviceId"] != dev.as_str() {
            return Err(target(format!(
                "GW-PRS-04: the record names {} instead of {dev}",
                v["enforcerDeviceId"]
            )));
        }
        Ok(())
    })
}

fn status_is(r: Option<&Value>, s: &str) -> bool {
    r.is_some_and(|v| v["status"] == s)
}

#[given(expr = "{actor} sees {actor} online over websocket within the delivery window")]
#[then(expr = "{actor} sees {actor} online over websocket within the delivery window")]
async fn online_ws(w: &mut HarpWorld, a: Actor, e: Actor) -> Result<(), String> {
    let d = w.delivery_window();
    step!(w, async {
        w.await_presence(a, e, d, "online over websocket", |r| {
            status_is(r, "online")
                && r.is_some_and(|v| v.get("transport").is_none_or(|t| t == "websocket"))
        })
        .await
        .map(|_| ())
    })
}

#[given(expr = "{actor} sees {actor} online within the delivery window")]
#[then(expr = "{actor} sees {actor} online within the delivery window")]
async fn online_any(w: &mut HarpWorld, a: Actor, e: Actor) -> Result<(), String> {
    let d = w.delivery_window();
    step!(w, async {
        w.await_presence(a, e, d, "online", |r| status_is(r, "online"))
            .await
            .map(|_| ())
    })
}

#[then(expr = "{actor} sees the TV\\/07 hello in the presence record of {actor}")]
async fn hello_fields(w: &mut HarpWorld, a: Actor, e: Actor) -> Result<(), String> {
    let d = w.delivery_window();
    step!(w, async {
        w.await_presence(
            a,
            e,
            d,
            "filled from the TV/07 hello (airlock, Antigravity, push)",
            |r| {
                r.is_some_and(|v| {
                    v["workspaceName"] == "airlock"
                        && v["enforcerLabel"] == "Antigravity"
                        && v["capabilities"]["push"] == true
                })
            },
        )
        .await
        .map(|_| ())
    })
}

/// Runs a presence wait whose bound comes from config, gated by [`HarpWorld::quick_enough`].
macro_rules! bounded {
    ($w:ident, $secs:expr, $key:expr, $body:expr) => {{
        if $w.halted() {
            return Ok(());
        }
        let secs: u64 = $secs;
        if let Err(e) = $w.quick_enough(secs, $key) {
            return $w.conclude(Err(e));
        }
        let limit = Duration::from_secs(secs + 10).max($w.step_timeout());
        let r = match tokio::time::timeout(limit, $body).await {
            Ok(r) => r,
            Err(_) => Err(Fail::Target(format!(
                "step timed out after {} s",
                limit.as_secs()
            ))),
        };
        $w.conclude(r)
    }};
}

#[then(expr = "{actor} sees {actor} offline within timing.presence_offline_bound_s")]
async fn offline(w: &mut HarpWorld, a: Actor, e: Actor) -> Result<(), String> {
    let secs = w.ctx().cfg.file.timing.presence_offline_bound_s;
    bounded!(w, secs, "timing.presence_offline_bound_s", async {
        w.await_presence(a, e, Duration::from_secs(secs), "offline", |r| {
            status_is(r, "offline")
        })
        .await
        .map(|_| ())
    })
}

#[then(expr = "{actor} sees {actor} offline or unknown after timing.presence_ttl_s")]
async fn expired(w: &mut HarpWorld, a: Actor, e: Actor) -> Result<(), String> {
    let secs = w.ctx().cfg.file.timing.presence_ttl_s + 2;
    bounded!(w, secs, "timing.presence_ttl_s + 2", async {
        w.await_presence(a, e, Duration::from_secs(secs), "offline or gone", |r| {
            r.is_none() || status_is(r, "offline")
        })
        .await
        .map(|_| ())
    })
}

#[then(expr = "{actor} sees {actor} online after timing.hello_timeout_s")]
async fn online_fallback(w: &mut HarpWorld, a: Actor, e: Actor) -> Result<(), String> {
    let secs = w.ctx().cfg.file.timing.hello_timeout_s + 2;
    bounded!(w, secs, "timing.hello_timeout_s + 2", async {
        w.await_presence(a, e, Duration::from_secs(secs), "online", |r| {
            status_is(r, "online")
        })
        .await
        .map(|_| ())
    })
}

#[then(expr = "{actor} notes how {actor} is reported with only an enforcer stream open")]
async fn sse_note(w: &mut HarpWorld, a: Actor, e: Actor) -> Result<(), String> {
    step!(w, async {
        w.prove_presence(a, e).await?;
        let d = w.device_id_of(e)?;
        w.read_presence(a, &d).await?;
        let r = w.last()?.clone();
        let note = match r.status {
            200 => {
                let v = r.json().map_err(Fail::Target)?;
                check_record(&v).map_err(target)?;
                format!(
                    "GW-PRS-12 (MAY): with only an SSE stream open the record reads status {} transport {}",
                    v["status"], v["transport"]
                )
            }
            404 => {
                "GW-PRS-12 (MAY): with only an SSE stream open there is no presence record".into()
            }
            s => {
                return Err(target(format!(
                    "GW-PRS-04: reading a record answered HTTP {s}"
                )));
            }
        };
        w.transcript.push("note", note);
        Ok(())
    })
}
