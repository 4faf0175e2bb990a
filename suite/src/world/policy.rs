//! Verdicts on implementation-defined points (REQUIREMENTS.md §18): each judges the last response by
//! the config key that governs it, accepting exactly the readings the documents allow.

use serde_json::Value;

use super::context::Actor;
use super::http::evidence;
use super::raw::Kind;
use super::state::{Fail, HarpWorld, StepResult};
use crate::check::json as cj;
use crate::config::Profile;

fn status_in(status: u16, list: &[u16]) -> bool {
    list.contains(&status)
}

impl HarpWorld {
    fn unexpected(&self, what: &str) -> StepResult<Fail> {
        Ok(Fail::Target(format!(
            "{what}, got {}\n  request: {}",
            evidence(self.last()?),
            self.last_request
        )))
    }

    /// GW-ENV-12 / NEG-18 (C-38): 400 (reject) or 2xx (ignore) per `strict.unknown_request_fields`,
    /// and the same reaction as every earlier unknown-member input of this scenario.
    pub fn judge_unknown_members(&mut self) -> StepResult {
        let st = self.last()?.status;
        let seen = match st {
            200..=299 => "ignore",
            400 => "reject",
            _ => {
                return Err(self.unexpected(
                    "GW-ENV-12: an unknown member must be rejected with 400 or ignored (2xx)",
                )?);
            }
        };
        let want = self.ctx().cfg.file.strict.unknown_request_fields.clone();
        if want != "either" && want != seen {
            return Err(self.unexpected(&format!(
                "GW-ENV-12: strict.unknown_request_fields = {want} expects the gateway to {want} unknown members"
            ))?);
        }
        let key = "judge/unknown-members".to_string();
        match self.messages.get(&key).and_then(Value::as_str) {
            Some(prev) if prev != seen => Err(self.unexpected(&format!(
                "GW-ENV-12: the gateway reacted inconsistently to unknown members (earlier: {prev}, now: {seen})"
            ))?),
            _ => {
                self.transcript.push("note", format!("unknown members: the gateway chose to {seen} them"));
                self.messages.insert(key, Value::String(seen.into()));
                Ok(())
            }
        }
    }

    /// GW-ENV-03 informational variant: `application/json` per `strict.accept_application_json`.
    pub fn judge_application_json(&mut self) -> StepResult {
        let st = self.last()?.status;
        let mode = self.ctx().cfg.file.strict.accept_application_json.clone();
        let ok = match mode.as_str() {
            "yes" | "accept" | "true" => (200..300).contains(&st),
            "no" | "reject" | "false" => matches!(st, 400 | 415),
            _ => (200..300).contains(&st) || matches!(st, 400 | 415),
        };
        self.transcript.push(
            "note",
            format!("application/json answered {st} (strict.accept_application_json = {mode})"),
        );
        if ok {
            Ok(())
        } else {
            Err(self.unexpected(&format!("strict.accept_application_json = {mode}"))?)
        }
    }

    /// TR-IDEM-01: without an Idempotency-Key per `transport.idempotency_key_required`.
    pub fn judge_missing_idempotency_key(&mut self) -> StepResult {
        let st = self.last()?.status;
        let mode = self
            .ctx()
            .cfg
            .file
            .transport
            .idempotency_key_required
            .clone()
            .unwrap_or_else(|| "unknown".into());
        let ok = match mode.as_str() {
            "yes" => st == 400,
            "no" => st == 202,
            _ => st == 202 || st == 400,
        };
        self.transcript.push(
            "note",
            format!(
                "no Idempotency-Key answered {st} (transport.idempotency_key_required = {mode})"
            ),
        );
        if ok {
            Ok(())
        } else {
            Err(self.unexpected(&format!(
                "TR-IDEM-01: transport.idempotency_key_required = {mode} expects {}",
                match mode.as_str() {
                    "yes" => "400",
                    "no" => "202",
                    _ => "202 or 400",
                }
            ))?)
        }
    }

    /// GW-ART-09 / GW-ERR-12 / NEG-11: an expired artifact is refused with `artifact.expired_status`
    /// (ext profile) or any 4xx (seed profile).
    pub fn judge_expired_artifact(&mut self) -> StepResult {
        let st = self.last()?.status;
        let ctx = self.ctx();
        let list = &ctx.cfg.file.artifact.expired_status;
        let ok = if ctx.cfg.profile == Profile::Ext {
            status_in(st, list)
        } else {
            (400..500).contains(&st)
        };
        if ok {
            Ok(())
        } else {
            Err(self.unexpected(&format!("GW-ART-09: an already expired artifact must be refused with {list:?} (seed profile: any 4xx)"))?)
        }
    }

    /// GW-DEC-08 / NEG-22(b): a decision on an expired exchange per `decision.terminal_refusal_status`.
    pub fn judge_terminal_refusal(&mut self) -> StepResult {
        let st = self.last()?.status;
        let list = self.ctx().cfg.file.decision.terminal_refusal_status.clone();
        if status_in(st, &list) {
            Ok(())
        } else {
            Err(self.unexpected(&format!(
                "GW-DEC-08: a decision on an expired exchange must be refused with one of {list:?}"
            ))?)
        }
    }

    /// GW-DEC-09 / NEG-08(c): a decision whose artifactHash differs, per `decision.hash_mismatch`.
    pub async fn judge_hash_mismatch(&mut self, alias: &str) -> StepResult {
        let st = self.last()?.status;
        let mode = self.ctx().cfg.file.decision.hash_mismatch.clone();
        match mode.as_str() {
            "forward" => {
                if st != 200 {
                    return Err(self.unexpected("GW-DEC-09: decision.hash_mismatch = forward expects 200")?);
                }
                let d = self.long_poll_decision(alias).await?;
                self.expect_decision_members(alias, &d, &["artifactHash"])
            }
            "reject_422" if st != 422 => Err(self.unexpected("GW-DEC-09: decision.hash_mismatch = reject_422 expects 422")?),
            _ if !(400..500).contains(&st) => Err(self.unexpected("GW-DEC-09: a decision for another artifactHash must be refused with 422 or another 4xx")?),
            _ => self.require_exchange_state(alias, "pendingApproval").await,
        }
    }

    /// GW-DEC-10 / NEG-09: an unverifiable signature, per `decision.gateway_verifies_signature`: an
    /// opaque gateway accepts and relays it byte-identically; a verifying one refuses it (state kept).
    pub async fn judge_opaque_signature(&mut self, alias: &str) -> StepResult {
        let st = self.last()?.status;
        if self.ctx().cfg.file.decision.gateway_verifies_signature {
            if !(400..500).contains(&st) {
                return Err(
                    self.unexpected("decision.gateway_verifies_signature = true expects a 4xx")?
                );
            }
            return self.require_exchange_state(alias, "pendingApproval").await;
        }
        if st != 200 {
            return Err(self.unexpected("GW-DEC-10: a gateway that does not verify signatures (decision.gateway_verifies_signature = false) must accept an opaque signature with 200")?);
        }
        let d = self.long_poll_decision(alias).await?;
        self.expect_decision_members(alias, &d, &["signature"])
    }

    /// NEG-13 (strings): an odd `ciphertext.alg` is refused (400/422) only when
    /// `artifact.allowed_cipher_algs` is set and lacks it; otherwise accepted and relayed unchanged.
    pub async fn judge_cipher_alg(&mut self, alias: &str) -> StepResult {
        let st = self.last()?.status;
        let sent = self.recall_json(&Kind::Artifact.attempt_key(alias))?;
        let alg = sent["body"]["ciphertext"]["alg"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let allowed = self.ctx().cfg.file.artifact.allowed_cipher_algs.clone();
        if !allowed.is_empty() && !allowed.contains(&alg) {
            return if matches!(st, 400 | 422) {
                Ok(())
            } else {
                Err(self.unexpected(&format!("NEG-13: alg {alg:?} is not in artifact.allowed_cipher_algs, so 400 or 422 is expected"))?)
            };
        }
        if st != 202 {
            return Err(self.unexpected(&format!("NEG-13/TR-INT-03: a zero-knowledge gateway accepts any ciphertext alg string ({alg:?}) with 202 unless artifact.allowed_cipher_algs is set"))?);
        }
        let item = self
            .inbox_item_for(self.routing_target_actor(), alias)
            .await?
            .ok_or_else(|| {
                Fail::Target(format!("no inbox item for {}", self.ids.request_id(alias)))
            })?;
        if cj::find_string_value(&item, &alg).is_empty() && !alg.is_empty() {
            return Err(Fail::Target(format!(
                "NEG-13: the inbox item does not carry the submitted alg {alg:?} unchanged: {}",
                cj::brief(&item)
            )));
        }
        Ok(())
    }

    /// The actor artifacts are routed to (the inbox the suite reads).
    pub fn routing_target_actor(&self) -> Actor {
        match self.ctx().cfg.file.routing.target_approver.as_deref() {
            Some("approver_b") => Actor::A2,
            _ => Actor::A1,
        }
    }

    /// The `decision.deliver` E1 collects by long-poll for `alias` (the last response is kept).
    pub async fn long_poll_decision(&mut self, alias: &str) -> StepResult<Value> {
        let saved = (self.last.clone(), self.last_request.clone());
        let r = self.wait_for_decision(Actor::E1, alias, 5).await;
        let resp = self.last.clone();
        (self.last, self.last_request) = saved;
        r?;
        let resp = resp.ok_or_else(|| Fail::Harness("no long-poll response".into()))?;
        if resp.status != 200 {
            return Err(Fail::Target(format!(
                "GW-DLV-02: expected 200 decision.deliver from the long-poll on {}, got {}",
                self.ids.request_id(alias),
                evidence(&resp)
            )));
        }
        let v = resp.json().map_err(Fail::Target)?;
        if v["msgType"] != "decision.deliver" {
            return Err(Fail::Target(format!(
                "expected a decision.deliver, got {}",
                cj::brief(&v)
            )));
        }
        Ok(v)
    }

    /// TR-INT-01: the members of the submitted decision body reappear unchanged in `deliver`
    /// (all of them, or only `only` when given).
    pub fn expect_decision_members(
        &self,
        alias: &str,
        deliver: &Value,
        only: &[&str],
    ) -> StepResult {
        let sent = self.recall_json(&Kind::Decision.sent_key(alias))?;
        let body = sent["body"].as_object().cloned().unwrap_or_default();
        for (k, want) in body
            .iter()
            .filter(|(k, _)| only.is_empty() || only.contains(&k.as_str()))
        {
            if deliver["body"].get(k) != Some(want) {
                return Err(Fail::Target(format!(
                    "TR-INT-01: decision.deliver body.{k} must be the submitted {} byte for byte, got {}",
                    cj::brief(want),
                    deliver["body"]
                        .get(k)
                        .map(cj::brief)
                        .unwrap_or_else(|| "nothing".into())
                )));
            }
        }
        Ok(())
    }
}

impl HarpWorld {
    /// CMP-VER-02: reads the JSON declaration at `version.declaration_path` into `messages`
    /// ("declaration"); not applicable when the key is unset.
    pub async fn load_declaration(&mut self) -> StepResult {
        let Some(path) = self.ctx().cfg.file.version.declaration_path.clone() else {
            return Err(Fail::NotApplicable(
                "version.declaration_path is not set, so there is no compliance declaration to check"
                    .into(),
            ));
        };
        let text = tokio::fs::read_to_string(&path).await.map_err(|e| {
            Fail::Harness(format!(
                "cannot read the compliance declaration {path}: {e}"
            ))
        })?;
        let v: Value = serde_json::from_str(&text).map_err(|e| {
            Fail::Target(format!(
                "CMP-VER-02: the compliance declaration {path} is not JSON: {e}"
            ))
        })?;
        self.messages.insert("declaration".into(), v);
        Ok(())
    }

    /// CMP-VER-02: the declaration's members and their types; its major version matches `/v1`.
    pub fn judge_declaration(&mut self) -> StepResult {
        let v = self.recall_json("declaration")?;
        let checks: [(&str, bool); 5] = [
            ("harpVersion", v["harpVersion"].is_string()),
            ("conformanceLevel", v["conformanceLevel"].is_string()),
            (
                "algorithms",
                v["algorithms"].is_array() || v["algorithms"].is_object(),
            ),
            (
                "transport",
                v["transport"].is_array() || v["transport"].is_string(),
            ),
            ("mTLS", v["mTLS"].is_boolean()),
        ];
        if let Some((k, _)) = checks.iter().find(|(_, ok)| !ok) {
            return Err(Fail::Target(format!(
                "CMP-VER-02: the declaration's `{k}` is missing or has the wrong type: {}",
                cj::brief(&v)
            )));
        }
        let major = v["harpVersion"]
            .as_str()
            .and_then(|s| s.split('.').next())
            .and_then(|m| m.parse::<u64>().ok());
        let prefix = self
            .ctx()
            .cfg
            .file
            .version
            .api_prefix
            .clone()
            .unwrap_or_else(|| "/v1".into());
        self.transcript.push(
            "note",
            format!(
                "declaration harpVersion {} (major {major:?}), API prefix {prefix}",
                v["harpVersion"]
            ),
        );
        Ok(())
    }
}
