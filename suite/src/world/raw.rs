//! Raw posts of a World: a submission template (artifact, decision, ack or an official test vector)
//! rendered, varied at byte level (see `defects.rs`) and sent with chosen framing, under the same skip
//! discipline and universal checks as ordinary requests (plus the proxy-413 allowance of
//! `limits.413_from_proxy_ok`, TR-SIZE-04). Posted bodies are kept in `messages`
//! (see `Kind::sent_key` and `Kind::attempt_key`).

use std::str::FromStr;

use serde_json::Value;

use super::context::Actor;
use super::defects::Variation;
use super::http::{HARP_JSON, evidence, universal_checks};
use super::state::{Fail, HarpWorld, Sent, StepResult};
use crate::check::json as cj;
use crate::check::time::{format_rfc3339, now};
use crate::surface;
use crate::transport::{HttpRequest, HttpResponse};

/// TV/01 with fresh ids and times (GW-ART-08); the rest of the vector is kept as published.
const TV01: &str = include_str!("../../../fixtures/payloads/tv01-artifact-submit.json");
/// TV/03 with fresh ids and times (GW-DEC-10); its signature stays the placeholder string.
const TV03: &str = include_str!("../../../fixtures/payloads/tv03-decision-submit.json");

/// Which submission a raw post carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Artifact,
    Decision,
    Ack,
    VectorArtifact,
    VectorDecision,
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "artifact" => Kind::Artifact,
            "decision" => Kind::Decision,
            "ack" => Kind::Ack,
            "test vector artifact" => Kind::VectorArtifact,
            "test vector decision" => Kind::VectorDecision,
            other => return Err(format!("unknown submission kind `{other}`")),
        })
    }
}

impl Kind {
    pub fn path(self) -> &'static str {
        match self {
            Kind::Artifact | Kind::VectorArtifact => "/v1/artifacts",
            Kind::Decision | Kind::VectorDecision => "/v1/decisions",
            Kind::Ack => "/v1/acks",
        }
    }

    /// The key of the first accepted (2xx) body of this kind for `alias` in `messages`: what the
    /// gateway must relay. The latest attempt, accepted or not, is under `attempt_key`.
    pub fn sent_key(self, alias: &str) -> String {
        format!("sent/{}", self.attempt_key(alias))
    }

    /// The key of the last body of this kind posted for `alias` (accepted or not).
    pub fn attempt_key(self, alias: &str) -> String {
        let k = match self {
            Kind::Artifact | Kind::VectorArtifact => "artifact",
            Kind::Decision | Kind::VectorDecision => "decision",
            Kind::Ack => "ack",
        };
        format!("{k}/{alias}")
    }

    /// The actor whose ids fill the template when the sender is anonymous.
    fn default_actor(self) -> Actor {
        match self {
            Kind::Decision | Kind::VectorDecision => Actor::A1,
            _ => Actor::E1,
        }
    }
}

/// Extra placeholders of raw posts: `{{inOneYear}}`, `{{inTenYears}}`, `{{shortTtl}}` (now +
/// `timing.short_ttl_s`), `{{pastBeyondSkew}}` (now − (`timing.expiry_skew_s` + 60 s)) and `{{otherHash}}`
/// (a fresh `sha256:` hash no alias uses).
fn time_extras(w: &HarpWorld) -> Vec<(&'static str, String)> {
    let t = &w.ctx().cfg.file.timing;
    let n = now();
    let secs = |s: u64| ::time::Duration::seconds(s.min(i64::MAX as u64) as i64);
    vec![
        ("inOneYear", format_rfc3339(n + ::time::Duration::days(365))),
        (
            "inTenYears",
            format_rfc3339(n + ::time::Duration::days(3650)),
        ),
        ("shortTtl", format_rfc3339(n + secs(t.short_ttl_s))),
        (
            "pastBeyondSkew",
            format_rfc3339(n - secs(t.expiry_skew_s + 60)),
        ),
        (
            "otherHash",
            format!("sha256:{}", super::aliases::random_hex64()),
        ),
    ]
}

impl HarpWorld {
    /// Renders text with the time extras available.
    pub fn render_with_times(&mut self, text: &str, actor: Option<Actor>) -> StepResult<String> {
        let extras = time_extras(self);
        self.render(text, actor, &extras)
    }

    /// The valid JSON body of `kind` for `alias`, sent by `actor` (anonymous: the kind's default ids).
    pub fn submission_body(
        &mut self,
        kind: Kind,
        actor: Option<Actor>,
        alias: &str,
    ) -> StepResult<Value> {
        let who = actor.unwrap_or(kind.default_actor());
        self.ids.use_alias(alias);
        let mut v = match kind {
            Kind::Artifact => self.artifact_payload(who, alias)?,
            Kind::Decision => self.payload(
                "decision-submit",
                Some(who),
                &[("decision", "approve".to_string())],
            )?,
            Kind::Ack => {
                let id = self.identity(who)?.id;
                let role = if who.is_enforcer() {
                    "enforcerId"
                } else {
                    "approverId"
                };
                let extra = [
                    (
                        "ackedMsgId",
                        format!("hc-msg-{}", uuid::Uuid::new_v4().simple()),
                    ),
                    ("ackStatus", "received".to_string()),
                    ("senderRole", role.to_string()),
                    ("senderId", id),
                ];
                self.payload("ack-submit", Some(who), &extra)?
            }
            Kind::VectorArtifact | Kind::VectorDecision => {
                let t = if kind == Kind::VectorArtifact {
                    TV01
                } else {
                    TV03
                };
                let text = self.render(t, Some(who), &[])?;
                serde_json::from_str(&text)
                    .map_err(|e| Fail::Harness(format!("test vector is not JSON: {e}")))?
            }
        };
        if kind == Kind::VectorArtifact {
            // Routing per config, as for every artifact (the vector's routingToken is kept).
            let routed = self.artifact_payload(who, alias)?;
            for k in ["approverId", "routingToken"] {
                if let Some(x) = routed["body"]["metadata"].get(k) {
                    v["body"]["metadata"][k] = x.clone();
                }
            }
            if let Some(r) = routed.get("recipient") {
                v["recipient"] = r.clone();
            }
        }
        Ok(v)
    }

    /// Builds, varies and posts a submission; returns the response (also the "last response").
    pub async fn raw_post_submission(
        &mut self,
        kind: Kind,
        actor: Option<Actor>,
        alias: &str,
        variation: &Variation,
    ) -> StepResult<HttpResponse> {
        let mut v = self.submission_body(kind, actor, alias)?;
        match variation {
            Variation::Without(ptr) if !cj::remove_at(&mut v, ptr) => {
                return Err(Fail::Harness(format!(
                    "the {kind:?} template has nothing at {ptr}"
                )));
            }
            Variation::Set(ptr, json) => {
                let text = self.render_with_times(json, actor)?;
                let value = serde_json::from_str(&text).map_err(|e| {
                    Fail::Harness(format!("`{text}` (value for {ptr}) is not JSON: {e}"))
                })?;
                cj::set_at(&mut v, ptr, value).map_err(Fail::Harness)?;
            }
            _ => {}
        }
        self.raw_post_value(kind, actor, alias, v, variation).await
    }

    /// Posts a JSON value (remembered as sent) with a variation applied to its bytes and framing.
    pub async fn raw_post_value(
        &mut self,
        kind: Kind,
        actor: Option<Actor>,
        alias: &str,
        v: Value,
        variation: &Variation,
    ) -> StepResult<HttpResponse> {
        let plain = serde_json::to_vec(&v).map_err(|e| Fail::Harness(e.to_string()))?;
        self.messages.insert(kind.attempt_key(alias), v.clone());
        let key = uuid::Uuid::new_v4().to_string();
        if matches!(kind, Kind::Artifact | Kind::VectorArtifact) {
            let sender = actor.unwrap_or(Actor::E1);
            let idempotency_key = key.clone();
            let sent = Sent {
                actor: sender,
                body: plain.clone(),
                idempotency_key,
            };
            self.sent.insert(alias.to_string(), sent);
        }
        let body = variation.apply(plain).map_err(Fail::Harness)?;
        let mut headers = Vec::new();
        match variation {
            Variation::ContentType(ct) => headers.push(("content-type".into(), ct.clone())),
            Variation::NoContentType => {}
            _ => headers.push(("content-type".into(), HARP_JSON.into())),
        }
        let is_artifact = matches!(kind, Kind::Artifact | Kind::VectorArtifact);
        if is_artifact && *variation != Variation::NoIdempotencyKey {
            headers.push(("idempotency-key".into(), key));
        }
        let chunked = *variation == Variation::Chunked;
        let resp = self
            .send_raw_request(actor, "POST", kind.path(), Some(body), headers, chunked)
            .await?;
        if (200..300).contains(&resp.status) {
            self.messages.entry(kind.sent_key(alias)).or_insert(v);
        }
        Ok(resp)
    }

    /// Sends exactly these headers (plus credentials and Accept) and body, then judges the response
    /// as `request` does, except that a non-JSON 413 is tolerated when `limits.413_from_proxy_ok`.
    pub async fn send_raw_request(
        &mut self,
        actor: Option<Actor>,
        method: &str,
        path: &str,
        body: Option<Vec<u8>>,
        extra_headers: Vec<(String, String)>,
        chunked: bool,
    ) -> StepResult<HttpResponse> {
        let ctx = self.ctx();
        let mut headers = match actor {
            Some(a) => ctx.auth_headers(&self.identity(a)?),
            None => Vec::new(),
        };
        headers.push(("accept".into(), HARP_JSON.into()));
        headers.extend(extra_headers);
        let req = HttpRequest {
            method: method.to_string(),
            url: format!("{}{path}", ctx.base_url),
            headers,
            body,
            chunked,
            ..Default::default()
        };
        self.last_request = format!("{method} {path}");
        let resp = ctx.client.send(req, &self.transcript).await?;
        let surf = surface::of_request(method, path);
        if let Some(s) = surf.filter(|s| {
            surface::is_not_served_status(resp.status) && ctx.plan.not_served_means_skip(s)
        }) {
            return Err(Fail::NotServed(format!(
                "{method} {path} ({s}): {}",
                evidence(&resp)
            )));
        }
        self.last = Some(resp.clone());
        let proxy_413 = resp.status == 413
            && ctx.cfg.file.limits.from_proxy_ok_413
            && !resp.media_type().unwrap_or_default().contains("json");
        if !proxy_413 {
            let errs = &ctx.cfg.file.errors;
            universal_checks(
                &resp,
                surf,
                errs.shape,
                errs.require_retryable,
                &ctx.cfg.file.strict.bare_json_content_type,
            )
            .map_err(|m| Fail::Target(format!("{m}\n  request: {}", self.last_request)))?;
        }
        Ok(resp)
    }

    /// A JSON value the scenario named: a remembered response body, a received message, or a sent body.
    pub fn recall_json(&self, name: &str) -> StepResult<Value> {
        if let Some(v) = self.messages.get(name) {
            return Ok(v.clone());
        }
        match self.remembered.get(name) {
            Some(r) => r.json().map_err(Fail::Target),
            None => Err(Fail::Harness(format!(
                "nothing was remembered as \"{name}\" in this scenario"
            ))),
        }
    }
}
