//! Steps for verdicts that depend on the error model or on configured, implementation-defined points
//! (REQUIREMENTS.md §18): error requestId and codes, retryable, and the `world/policy.rs` judgments.

use cucumber::{given, then};
use serde_json::Value;

use crate::check::json as cj;
use crate::check::time::{near_now, same_instant};
use crate::step;
use crate::world::raw::Kind;
use crate::world::{Fail, HarpWorld, StepResult};

/// The first accepted artifact body for `alias`.
fn sent(w: &HarpWorld, alias: &str) -> StepResult<Value> {
    w.recall_json(&Kind::Artifact.sent_key(alias))
}

fn target(msg: String) -> Fail {
    Fail::Target(msg)
}

#[then(expr = "the status of {string} matches its submission")]
async fn matches_submission(w: &mut HarpWorld, alias: String) -> Result<(), String> {
    step!(w, async {
        let v = w.read_status_quietly(&alias).await?;
        let s = sent(w, &alias)?;
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
        let s = sent(w, &alias)?;
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
        let want = sent(w, &alias)?["body"]["artifactHash"].clone();
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

#[given(expr = "the compliance declaration named by version.declaration_path")]
async fn declaration(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, w.load_declaration())
}

#[then(
    expr = "the declaration names harpVersion, conformanceLevel, algorithms, transport and mTLS"
)]
async fn declaration_members(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { w.judge_declaration() })
}
