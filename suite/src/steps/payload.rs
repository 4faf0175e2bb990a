//! Steps judging payloads: remembered messages (msgId, timestamps, sender/recipient), byte-identical
//! relay (ciphertext, decision body, member order), exchange state, error codes, and the config-driven
//! verdicts of `world/policy.rs`.

use cucumber::{given, then, when};
use serde_json::Value;

use super::params::Chan;
use super::raw::Who;
use crate::check::json as cj;
use crate::check::time::same_instant;
use crate::step;
use crate::steps::envelope::check_envelope;
use crate::world::judge::bad_timestamps;
use crate::world::raw::Kind;
use crate::world::{Actor, Fail, HarpWorld, StepResult};

fn target(msg: String) -> Fail {
    Fail::Target(msg)
}

/// The first accepted body of `kind` for `alias`, or a body remembered under the name `alias`.
fn sent(w: &HarpWorld, kind: Kind, alias: &str) -> StepResult<Value> {
    w.recall_json(&kind.sent_key(alias))
        .or_else(|_| w.recall_json(alias))
}

#[given(expr = "{who} posts the {word} for {string} again")]
#[when(expr = "{who} posts the {word} for {string} again")]
async fn post_again(w: &mut HarpWorld, s: Who, kind: String, alias: String) -> Result<(), String> {
    let kind: Kind = kind.parse()?;
    step!(w, async {
        let v = w.recall_json(&kind.attempt_key(&alias))?;
        let plain = crate::world::defects::Variation::AsItIs;
        w.raw_post_value(kind, s.0, &alias, v, &plain).await?;
        Ok(())
    })
}

#[given(expr = "the {word} submitted for {string} is remembered as {string}")]
#[then(expr = "the {word} submitted for {string} is remembered as {string}")]
async fn remember_sent(
    w: &mut HarpWorld,
    kind: String,
    alias: String,
    name: String,
) -> Result<(), String> {
    let kind: Kind = kind.parse()?;
    step!(w, async {
        let v = sent(w, kind, &alias)?;
        w.messages.insert(name, v);
        Ok(())
    })
}

#[then(expr = "the status of {string} reads state {string}")]
async fn reads_state(w: &mut HarpWorld, alias: String, state: String) -> Result<(), String> {
    step!(w, w.require_exchange_state(&alias, &state))
}

#[then(expr = "the recorded decision of {string} is {string}")]
async fn recorded_decision(w: &mut HarpWorld, alias: String, d: String) -> Result<(), String> {
    step!(w, async {
        let deliver = w.long_poll_decision(&alias).await?;
        if deliver["body"]["decision"] != d.as_str() {
            return Err(target(format!(
                "the delivered decision must stay {d:?}, got {}",
                cj::brief(&deliver["body"])
            )));
        }
        let status = w.read_status_quietly(&alias).await?;
        match status["body"]["decision"].get("decision") {
            Some(x) if x != d.as_str() => Err(target(format!(
                "the status decision must stay {d:?}, got {x}"
            ))),
            _ => Ok(()),
        }
    })
}

#[then(expr = "the received {string} is remembered as {string}")]
async fn remember_received(
    w: &mut HarpWorld,
    msg_type: String,
    name: String,
) -> Result<(), String> {
    step!(w, async {
        let v = w
            .messages
            .get(&msg_type)
            .cloned()
            .ok_or_else(|| Fail::Harness(format!("no {msg_type} was received yet")))?;
        w.messages.insert(name, v);
        Ok(())
    })
}

#[then(expr = "the inbox item of {actor} for {string} is remembered as {string}")]
async fn remember_item(
    w: &mut HarpWorld,
    a: Actor,
    alias: String,
    name: String,
) -> Result<(), String> {
    step!(w, async {
        let item = w.inbox_item_for(a, &alias).await?.ok_or_else(|| {
            target(format!(
                "GW-INB-03: no inbox item of {a:?} for {}",
                w.ids.request_id(&alias)
            ))
        })?;
        w.messages.insert(name, item);
        Ok(())
    })
}

#[then(expr = "the status of {string} is remembered as {string}")]
async fn remember_status(w: &mut HarpWorld, alias: String, name: String) -> Result<(), String> {
    step!(w, async {
        let v = w.read_status_quietly(&alias).await?;
        w.messages.insert(name, v);
        Ok(())
    })
}

#[then(expr = "{string} is an envelope of type {string}")]
async fn named_envelope(w: &mut HarpWorld, name: String, msg_type: String) -> Result<(), String> {
    step!(w, async {
        let v = w.recall_json(&name)?;
        if v["msgType"] != msg_type.as_str() {
            return Err(target(format!(
                "expected msgType {msg_type:?}, got {}",
                v["msgType"]
            )));
        }
        check_envelope(&v).map_err(target)
    })
}

#[then(expr = "{string} carries a non-empty msgId")]
async fn has_msg_id(w: &mut HarpWorld, name: String) -> Result<(), String> {
    step!(w, async {
        let v = w.recall_json(&name)?;
        match v["msgId"].as_str() {
            Some(s) if !s.is_empty() => Ok(()),
            _ => Err(target(format!(
                "GW-ENV-14: {name} has no non-empty msgId: {}",
                cj::brief(&v)
            ))),
        }
    })
}

#[then(expr = "{string} and {string} carry different msgIds")]
async fn different_ids(w: &mut HarpWorld, a: String, b: String) -> Result<(), String> {
    step!(w, async {
        let (x, y) = (w.recall_json(&a)?, w.recall_json(&b)?);
        if x["msgId"].is_string() && x["msgId"] == y["msgId"] {
            return Err(target(format!(
                "GW-ENV-14: two different messages share msgId {}",
                x["msgId"]
            )));
        }
        Ok(())
    })
}

#[then(expr = "{string} and {string} carry the same msgId")]
async fn same_ids(w: &mut HarpWorld, a: String, b: String) -> Result<(), String> {
    step!(w, async {
        let (x, y) = (w.recall_json(&a)?, w.recall_json(&b)?);
        if x["msgId"] != y["msgId"] {
            return Err(target(format!(
                "GW-IDEM-06: a repeated delivery must reuse msgId {}, got {}",
                x["msgId"], y["msgId"]
            )));
        }
        Ok(())
    })
}

#[then(expr = "every {string} for {string} on {channel} carries the msgId of {string}")]
async fn all_reuse(
    w: &mut HarpWorld,
    t: String,
    alias: String,
    ch: Chan,
    name: String,
) -> Result<(), String> {
    step!(w, async {
        let first = w.recall_json(&name)?["msgId"].clone();
        for m in w.received_for_alias(&ch.0, &t, &alias)? {
            if m["msgId"] != first {
                return Err(target(format!(
                    "GW-IDEM-02: a second {t} with msgId {} (first: {first})",
                    m["msgId"]
                )));
            }
        }
        Ok(())
    })
}

#[then(expr = "every timestamp in {string} is RFC 3339")]
async fn named_timestamps(w: &mut HarpWorld, name: String) -> Result<(), String> {
    step!(w, async { timestamps(&w.recall_json(&name)?, &name) })
}

#[then(expr = "every timestamp in the response is RFC 3339")]
async fn response_timestamps(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { timestamps(&w.last_json()?, &w.last_request) })
}

fn timestamps(v: &Value, what: &str) -> StepResult {
    let bad = bad_timestamps(v);
    if bad.is_empty() {
        Ok(())
    } else {
        Err(target(format!(
            "GW-ENV-05: timestamps in {what} are not RFC 3339: {}",
            bad.join("; ")
        )))
    }
}

#[then(expr = "{string} carries the ciphertext submitted for {string}")]
async fn carries_ciphertext(w: &mut HarpWorld, name: String, alias: String) -> Result<(), String> {
    step!(w, async {
        let v = w.recall_json(&name)?;
        let data = sent(w, Kind::Artifact, &alias)?["body"]["ciphertext"]["data"].clone();
        let data = data.as_str().unwrap_or_default();
        let hit = if v["msgType"] == "approval.request" {
            let ptrs = w.ctx().cfg.file.approval.ciphertext_pointers.clone();
            ptrs.iter()
                .any(|p| cj::pointer(&v, p).and_then(Value::as_str) == Some(data))
        } else {
            !cj::find_string_value(&v, data).is_empty()
        };
        hit.then_some(()).ok_or_else(|| {
            target(format!(
                "TR-INT-02: {name} does not carry the submitted {} byte ciphertext unchanged",
                data.len()
            ))
        })
    })
}

#[then(expr = "{string} carries the artifact type and hash submitted for {string}")]
async fn carries_hash(w: &mut HarpWorld, name: String, alias: String) -> Result<(), String> {
    step!(w, async {
        let v = w.recall_json(&name)?;
        let s = sent(w, Kind::Artifact, &alias)?;
        for (key, required) in [
            ("artifactHash", true),
            ("artifactType", v["msgType"] == "approval.request"),
        ] {
            let want = &s["body"][key];
            let found = cj::find_key(&v, key);
            if found.is_empty() && required {
                return Err(target(format!(
                    "GW-INT-05: {name} has no {key} (expected {want})"
                )));
            }
            for p in found {
                if v.pointer(&p) != Some(want) {
                    return Err(target(format!(
                        "GW-INT-05: {name}{p} must be {want} unchanged, got {}",
                        v.pointer(&p).map(cj::brief).unwrap_or_default()
                    )));
                }
            }
        }
        Ok(())
    })
}

#[then(expr = "{string} carries the decision body submitted for {string}")]
async fn carries_decision(w: &mut HarpWorld, name: String, alias: String) -> Result<(), String> {
    step!(w, async {
        w.expect_decision_members(&alias, &w.recall_json(&name)?, &[])
    })
}

#[then(expr = "{string} keeps the member order of the decision submitted for {string}")]
async fn key_order(w: &mut HarpWorld, name: String, alias: String) -> Result<(), String> {
    step!(w, async {
        let keys = |v: &Value| {
            v["body"]
                .as_object()
                .map(|m| m.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        let want = keys(&sent(w, Kind::Decision, &alias)?);
        let got: Vec<String> = keys(&w.recall_json(&name)?)
            .into_iter()
            .filter(|k| want.contains(k))
            .collect();
        let same = got == want;
        w.transcript.push(
            "note",
            format!("TR-INT-04: member order kept: {same} (sent {want:?}, delivered {got:?})"),
        );
        if same || !w.ctx().cfg.file.strict.key_order {
            Ok(())
        } else {
            Err(target(format!(
                "TR-INT-04: member order changed: sent {want:?}, delivered {got:?}"
            )))
        }
    })
}

#[then(expr = "{string} carries createdAt and an expiresAt for {string}")]
async fn env15(w: &mut HarpWorld, name: String, alias: String) -> Result<(), String> {
    step!(w, async {
        let v = w.recall_json(&name)?;
        if !v["createdAt"].is_string() {
            return Err(target(format!("GW-ENV-15: {name} has no createdAt")));
        }
        if v["expiresAt"].is_string()
            || w.read_status_quietly(&alias).await?["body"]["expiresAt"].is_string()
        {
            Ok(())
        } else {
            Err(target(format!(
                "GW-ENV-15: {name} has no expiresAt and the status supplies none"
            )))
        }
    })
}

#[then(expr = "the expiresAt of {string} is the one submitted for {string}")]
async fn env15_same(w: &mut HarpWorld, name: String, alias: String) -> Result<(), String> {
    step!(w, async {
        let v = w.recall_json(&name)?;
        let want = sent(w, Kind::Artifact, &alias)?["body"]["expiresAt"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        match v["expiresAt"].as_str() {
            None => Ok(()),
            Some(got) => same_instant(got, &want)
                .map_err(|e| target(format!("GW-ENV-15: {name} expiresAt: {e}"))),
        }
    })
}

#[then(expr = "{string} names the gateway as sender and {actor} as recipient")]
async fn env16(w: &mut HarpWorld, name: String, a: Actor) -> Result<(), String> {
    step!(w, async {
        let v = w.recall_json(&name)?;
        let allowed = ["enforcerId", "approverId", "gatewayId"];
        if let Some(k) = v["sender"]
            .as_object()
            .and_then(|m| m.keys().find(|k| !allowed.contains(&k.as_str())))
        {
            return Err(target(format!(
                "GW-ENV-16: sender member `{k}` is not a schema key"
            )));
        }
        let id = w.identity(a)?.id;
        let key = if a.is_enforcer() {
            "enforcerId"
        } else {
            "approverId"
        };
        match v["recipient"].get(key) {
            Some(x) if x != id.as_str() => Err(target(format!(
                "GW-ENV-16: recipient.{key} is {x}, expected {id:?}"
            ))),
            _ => Ok(()),
        }
    })
}
