//! Steps judging payloads: remembered messages (msgId, timestamps, sender/recipient), byte-identical
//! relay (ciphertext, decision body, member order), exchange state, error codes, and the config-driven
//! verdicts of `world/policy.rs`.

use cucumber::{then, when};
use serde_json::Value;

use super::params::Chan;
use super::raw::Who;
use crate::check::json as cj;
use crate::check::time::{near_now, same_instant};
use crate::step;
use crate::steps::envelope::check_envelope;
use crate::world::judge::bad_timestamps;
use crate::world::raw::Kind;
use crate::world::{Actor, Fail, HarpWorld, StepResult};

fn target(msg: String) -> Fail {
    Fail::Target(msg)
}

/// The body submitted for `alias` (artifact or decision), as sent.
fn sent(w: &HarpWorld, kind: Kind, alias: &str) -> StepResult<Value> {
    w.recall_json(&kind.sent_key(alias))
}

#[when(expr = "{who} posts the {word} for {string} again")]
async fn post_again(w: &mut HarpWorld, s: Who, kind: String, alias: String) -> Result<(), String> {
    let kind: Kind = kind.parse()?;
    step!(w, async {
        let v = sent(w, kind, &alias)?;
        let plain = crate::world::defects::Variation::AsItIs;
        w.raw_post_value(kind, s.0, &alias, v, &plain).await?;
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

#[then(expr = "the status of {string} matches its submission")]
async fn matches_submission(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, async {
        let v = w.read_status_quietly(&alias).await?;
        let s = sent(w, Kind::Artifact, &alias)?;
        let rid = w.ids.request_id(&alias);
        if v["body"]["requestId"] != rid.as_str() {
            return Err(target(format!(
                "GW-ART-11: status requestId {} is not {rid}",
                v["body"]["requestId"]
            )));
        }
        let got = v["body"]["expiresAt"].as_str().unwrap_or_default();
        same_instant(got, s["body"]["expiresAt"].as_str().unwrap_or_default())
            .map_err(|e| target(format!("GW-ART-11: status expiresAt: {e}")))?;
        let skew = w.ctx().cfg.file.clock.skew_tolerance_s;
        near_now(
            v["body"]["createdAt"].as_str().unwrap_or_default(),
            skew + 5,
        )
        .map_err(|e| target(format!("GW-ART-11: status createdAt: {e}")))
    })
}

#[then(expr = "if accepted, the status of {string} keeps gateway time")]
async fn keeps_gateway_time(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, async {
        let st = w.last()?.status;
        if matches!(st, 400 | 422) {
            return Ok(());
        }
        if !(200..300).contains(&st) {
            return Err(target(format!(
                "NEG-10: expected 2xx, 400 or 422, got {st}"
            )));
        }
        let v = w.read_status_quietly(&alias).await?;
        let s = sent(w, Kind::Artifact, &alias)?;
        let skew = w.ctx().cfg.file.clock.skew_tolerance_s;
        near_now(
            v["body"]["createdAt"].as_str().unwrap_or_default(),
            skew + 5,
        )
        .map_err(|e| {
            target(format!(
                "NEG-10: the exchange adopted a client timestamp as createdAt: {e}"
            ))
        })?;
        same_instant(
            v["body"]["expiresAt"].as_str().unwrap_or_default(),
            s["body"]["expiresAt"].as_str().unwrap_or_default(),
        )
        .map_err(|e| target(format!("NEG-10: expiresAt: {e}")))
    })
}

#[then(expr = "if accepted, the status of {string} keeps the submitted artifact hash")]
async fn keeps_hash(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, async {
        if !(200..300).contains(&w.last()?.status) {
            return Ok(());
        }
        let v = w.read_status_quietly(&alias).await?;
        let want = sent(w, Kind::Artifact, &alias)?["body"]["artifactHash"].clone();
        match v["body"].get("artifactHash") {
            Some(h) if *h != want => Err(target(format!(
                "NEG-08: the hash was not relayed unchanged: sent {want}, status {h}"
            ))),
            _ => Ok(()),
        }
    })
}

#[then(expr = "the error names the requestId of {string}")]
async fn error_names_rid(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, async {
        let v = w.last_json()?;
        let rid = w.ids.request_id(&alias);
        let hit = v["body"]["requestId"] == rid.as_str() || v["requestId"] == rid.as_str();
        hit.then_some(()).ok_or_else(|| {
            target(format!(
                "GW-ERR-02: the error does not carry requestId {rid}: {}",
                cj::brief(&v)
            ))
        })
    })
}

fn code(v: &Value) -> Option<String> {
    v["body"]["code"]
        .as_str()
        .or_else(|| v["code"].as_str())
        .map(str::to_string)
}

#[then(expr = "the error code differs from that of {string}")]
async fn codes_differ(w: &mut HarpWorld, name: String) -> Result<(), String> {
    step!(w, async {
        let (a, b) = (code(&w.last_json()?), code(&w.recall_json(&name)?));
        if a.is_some() && a == b {
            return Err(target(format!(
                "GW-ERR-03: a conflict and a validation error share the code {a:?}"
            )));
        }
        Ok(())
    })
}

#[then(expr = "the error code fits the status")]
async fn code_fits(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let st = w.last()?.status;
        let c = code(&w.last_json()?).unwrap_or_default();
        let codes = &w.ctx().cfg.file.errors.codes;
        let conflict = [
            Some(codes.already_exists.as_str()),
            Some(codes.already_decided.as_str()),
            codes.state_conflict.as_deref(),
        ];
        let fits = match st {
            400 => {
                !conflict.contains(&Some(c.as_str()))
                    && codes.validation.as_deref().is_none_or(|v| v == c)
            }
            409 => codes.validation.as_deref() != Some(c.as_str()),
            _ => true,
        };
        fits.then_some(()).ok_or_else(|| {
            target(format!(
                "TR-ERR-02: HTTP {st} carries the code {c:?}, which means something else"
            ))
        })
    })
}

#[then(expr = "the error's retryable member, if any, is a boolean")]
async fn retryable(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let v = w.last_json()?;
        for r in [v["body"].get("retryable"), v.get("retryable")]
            .into_iter()
            .flatten()
        {
            if !r.is_boolean() {
                return Err(target(format!(
                    "TR-ERR-01: retryable must be a boolean, got {r}"
                )));
            }
        }
        Ok(())
    })
}

#[then(expr = "the gateway rejects or ignores the unknown member consistently")]
async fn unknown_members(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { w.judge_unknown_members() })
}

#[then(expr = "the response follows strict.accept_application_json")]
async fn app_json(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { w.judge_application_json() })
}

#[then(expr = "the response follows transport.idempotency_key_required")]
async fn idem_key(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { w.judge_missing_idempotency_key() })
}

#[then(expr = "the response follows artifact.expired_status")]
async fn expired_status(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { w.judge_expired_artifact() })
}

#[then(expr = "the response follows decision.terminal_refusal_status")]
async fn terminal(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { w.judge_terminal_refusal() })
}

#[then(expr = "the decision on {string} is handled per decision.hash_mismatch")]
async fn hash_mismatch(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, w.judge_hash_mismatch(&alias))
}

#[then(expr = "the decision on {string} is handled per decision.gateway_verifies_signature")]
async fn signature(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, w.judge_opaque_signature(&alias))
}

#[then(expr = "the artifact {string} is handled per artifact.allowed_cipher_algs")]
async fn cipher_alg(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, w.judge_cipher_alg(&alias))
}
