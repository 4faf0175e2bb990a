//! Exchange life-cycle actions and checks of a World: short-TTL and addressed submissions, bursts of
//! concurrent duplicates, expiry, state reads (C-04 casing), waits raced with decisions, acks taken
//! from responses, inbox traversal, and the optional cancel hook.

use std::time::Duration;

use serde_json::Value;

use super::context::Actor;
use super::exchange::Variant;
use super::http::{HARP_JSON, universal_checks};
use super::state::{Fail, HarpWorld, StepResult};
use crate::check::json as cj;
use crate::check::time::{format_rfc3339, now, parse_rfc3339};
use crate::config::sections::RoutingMode;
use crate::transport::HttpRequest;

/// The six exchange states of SCH/exchange-status (GW-SM-06).
pub const STATES: [&str; 6] = [
    "pendingApproval",
    "decided",
    "delivered",
    "expired",
    "withdrawn",
    "cancelled",
];

/// State comparison under `status.state_casing` (C-04): `any` ignores case and reads `Pending` as
/// `pendingApproval`; `lowerCamel` compares exactly.
pub fn state_matches(got: &str, want: &str, casing: &str) -> bool {
    if casing == "lowerCamel" {
        return got == want;
    }
    let (g, w) = (got.to_ascii_lowercase(), want.to_ascii_lowercase());
    g == w || (w == "pendingapproval" && g == "pending")
}

/// How an acknowledgement differs from a valid one (GW-ACK-02 outlines).
#[derive(Debug, Clone)]
pub enum AckChange {
    None,
    Without(String),
    Set(String, Value),
}

impl HarpWorld {
    pub(crate) fn submitted_body(&self, alias: &str) -> StepResult<Value> {
        let s = self
            .sent
            .get(alias)
            .ok_or_else(|| Fail::Harness(format!("artifact \"{alias}\" was never submitted")))?;
        serde_json::from_slice(&s.body).map_err(|e| Fail::Harness(e.to_string()))
    }

    /// The `body.expiresAt` the suite submitted for `alias`.
    pub fn submitted_expiry(&self, alias: &str) -> StepResult<String> {
        self.submitted_body(alias)?["body"]["expiresAt"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| Fail::Harness(format!("artifact \"{alias}\" has no expiresAt")))
    }

    /// TR-INT-01: every member of the submitted decision body reappears unchanged in `m`'s body.
    pub fn expect_relayed_decision(&self, m: &Value, alias: &str) -> StepResult {
        let sent =
            self.chan.decisions.get(alias).ok_or_else(|| {
                Fail::Harness(format!("no decision was submitted for \"{alias}\""))
            })?;
        let Some(members) = sent["body"].as_object() else {
            return Err(Fail::Harness("the submitted decision has no body".into()));
        };
        for (k, v) in members {
            cj::expect_at(m, &format!("/body/{}", cj::escape(k)), v)
                .map_err(|e| Fail::Target(format!("TR-INT-01: decision.deliver {e}")))?;
        }
        Ok(())
    }

    /// The `state` of the last `exchange.status` response; SM-06 (one of six states) is checked here.
    pub fn last_state(&self) -> StepResult<String> {
        let r = self.last()?;
        if r.status != 200 {
            return Err(Fail::Target(format!(
                "GW-EXS-01: expected 200 exchange.status, got {}",
                super::http::evidence(r)
            )));
        }
        let v = self.last_json()?;
        let casing = self.ctx().cfg.file.status.state_casing.clone();
        let state = v["body"]["state"].as_str().ok_or_else(|| {
            Fail::Target(format!(
                "GW-SM-06: `body.state` is not a string: {}",
                cj::brief(&v)
            ))
        })?;
        if !STATES.iter().any(|s| state_matches(state, s, &casing)) {
            return Err(Fail::Target(format!(
                "GW-SM-06: state {state:?} is none of {STATES:?} (status.state_casing = {casing})"
            )));
        }
        Ok(state.to_string())
    }

    /// Fails unless the last status read shows one of `allowed`; notes which one.
    pub fn expect_state(&self, allowed: &[&str]) -> StepResult {
        let state = self.last_state()?;
        let casing = self.ctx().cfg.file.status.state_casing.clone();
        if allowed.iter().any(|s| state_matches(&state, s, &casing)) {
            self.transcript
                .push("note", format!("exchange state: {state}"));
            Ok(())
        } else {
            Err(Fail::Target(format!(
                "expected state {}, got {state:?}\n  request: {}",
                allowed.join(" or "),
                self.last_request
            )))
        }
    }

    /// Submits `alias` expiring `timing.short_ttl_s` from now.
    pub async fn submit_short_ttl(&mut self, actor: Actor, alias: &str) -> StepResult {
        let ttl = self.ctx().cfg.file.timing.short_ttl_s.max(1) as i64;
        let at = format_rfc3339(now() + time::Duration::seconds(ttl));
        let patch = serde_json::json!({ "body": { "expiresAt": at } });
        self.submit_artifact(actor, alias, Variant::Patch(patch))
            .await
    }

    /// Submits `alias` addressed to `approver` (only where routing addresses approvers explicitly).
    pub async fn submit_addressed(
        &mut self,
        actor: Actor,
        alias: &str,
        approver: Actor,
    ) -> StepResult {
        let id = self.identity(approver)?.id;
        let patch = match self.ctx().cfg.file.routing.mode {
            RoutingMode::MetadataApproverId => {
                serde_json::json!({ "body": { "metadata": { "approverId": id } } })
            }
            RoutingMode::Recipient => serde_json::json!({ "recipient": { "approverId": id } }),
            other => {
                return Err(Fail::NotApplicable(format!(
                    "routing.mode = {other:?} does not address one approver explicitly"
                )));
            }
        };
        self.submit_artifact(actor, alias, Variant::Patch(patch))
            .await
    }

    /// Polls the status of `alias` until it reads `expired`, at most until `expiresAt` +
    /// `timing.expiry_skew_s` (GW-SM-04).
    pub async fn await_expiry(&mut self, alias: &str) -> StepResult {
        let expires = parse_rfc3339(&self.submitted_expiry(alias)?).map_err(Fail::Harness)?;
        let skew = self.ctx().cfg.file.timing.expiry_skew_s as i64;
        let deadline = expires + time::Duration::seconds(skew);
        let casing = self.ctx().cfg.file.status.state_casing.clone();
        loop {
            self.fetch_status(Actor::E1, alias).await?;
            let state = self.last_state()?;
            if state_matches(&state, "expired", &casing) {
                return Ok(());
            }
            if now() > deadline {
                return Err(Fail::Target(format!(
                    "GW-SM-04: still {state:?} {skew} s after expiresAt (timing.expiry_skew_s)"
                )));
            }
            let until_expiry = (expires - now()).whole_milliseconds().max(0) as u64;
            tokio::time::sleep(Duration::from_millis(until_expiry.clamp(100, 250))).await;
        }
    }

    /// Waits until one second after the submitted `expiresAt` of `alias` (a TTL the scenario set).
    pub async fn pass_expiry(&mut self, alias: &str) -> StepResult {
        let expires = parse_rfc3339(&self.submitted_expiry(alias)?).map_err(Fail::Harness)?;
        let left = (expires + time::Duration::seconds(1) - now()).whole_milliseconds();
        if left > 0 {
            tokio::time::sleep(Duration::from_millis(left as u64)).await;
        }
        Ok(())
    }

    fn json_request(
        &self,
        actor: Actor,
        method: &str,
        path: &str,
        body: Option<Vec<u8>>,
        timeout: Option<Duration>,
    ) -> StepResult<HttpRequest> {
        let ctx = self.ctx();
        let mut headers = ctx.auth_headers(&self.identity(actor)?);
        if body.is_some() {
            headers.push(("content-type".into(), HARP_JSON.into()));
        }
        headers.push(("accept".into(), HARP_JSON.into()));
        Ok(HttpRequest {
            method: method.into(),
            url: format!("{}{path}", ctx.base_url),
            headers,
            body,
            timeout,
            ..Default::default()
        })
    }

    fn judge(&mut self, path: &str, resp: crate::transport::HttpResponse) -> StepResult {
        let ctx = self.ctx();
        let errs = &ctx.cfg.file.errors;
        let surf = crate::surface::of_request("POST", path);
        let checked = universal_checks(
            &resp,
            surf,
            errs.shape,
            errs.require_retryable,
            &ctx.cfg.file.strict.bare_json_content_type,
        );
        self.last = Some(resp);
        checked.map_err(|m| Fail::Target(format!("{m}\n  request: {}", self.last_request)))
    }

    /// Sends `n` byte-identical submissions of `alias` at once (same Idempotency-Key).
    pub async fn submit_burst(&mut self, actor: Actor, alias: &str, n: usize) -> StepResult {
        let v = self.artifact_payload(actor, alias)?;
        let body = serde_json::to_vec(&v).map_err(|e| Fail::Harness(e.to_string()))?;
        let key = uuid::Uuid::new_v4().to_string();
        self.sent.insert(
            alias.to_string(),
            super::state::Sent {
                actor,
                body: body.clone(),
                idempotency_key: key.clone(),
            },
        );
        let mut req = self.json_request(actor, "POST", "/v1/artifacts", Some(body), None)?;
        req.headers.push(("idempotency-key".into(), key));
        let client = self.ctx().client.clone();
        let sends = (0..n).map(|_| client.send(req.clone(), &self.transcript));
        let results = futures::future::join_all(sends).await;
        self.last_request = format!("POST /v1/artifacts ({n} at once)");
        self.chan.burst.clear();
        for r in results {
            let resp = r?;
            self.chan.burst.push(resp.status);
            self.judge("/v1/artifacts", resp)?;
        }
        Ok(())
    }

    /// Every status of the last burst is a first-submit or duplicate status (`[artifact]`).
    pub fn expect_burst_accepted(&self) -> StepResult {
        let art = &self.ctx().cfg.file.artifact;
        let ok: Vec<u16> = art
            .first_submit_status
            .iter()
            .chain(&art.duplicate_status)
            .copied()
            .collect();
        match self.chan.burst.iter().find(|s| !ok.contains(s)) {
            None => Ok(()),
            Some(s) => Err(Fail::Target(format!(
                "statuses {:?}: {s} is neither a first-submit nor a duplicate status ({ok:?})",
                self.chan.burst
            ))),
        }
    }

    /// Starts a long-poll of `secs` for `alias` as `enforcer`, and one second later decides as
    /// `approver`; the wait's answer becomes the last response.
    pub async fn wait_while_deciding(
        &mut self,
        enforcer: Actor,
        secs: u64,
        alias: &str,
        approver: Actor,
        decision: &str,
    ) -> StepResult {
        let rid = self.ids.request_id(alias);
        let slack = self.ctx().cfg.file.timing.long_poll_slack_s;
        let path = format!("/v1/exchanges/{rid}/wait?timeout={secs}");
        let t = Duration::from_secs(secs + slack + 5);
        let req = self.json_request(enforcer, "GET", &path, None, Some(t))?;
        let client = self.ctx().client.clone();
        let transcript = self.transcript.clone();
        let wait = async move { client.send(req, &transcript).await };
        let decide = async {
            tokio::time::sleep(Duration::from_secs(1)).await;
            self.decide(approver, alias, decision).await?;
            let r = self.last()?;
            if r.status == 200 {
                Ok(())
            } else {
                Err(Fail::Target(format!(
                    "the decision was not accepted: {}",
                    super::http::evidence(r)
                )))
            }
        };
        let (resp, decided) = tokio::join!(wait, decide);
        decided?;
        self.last_request = format!("GET {path}");
        self.judge(&path, resp?)
    }

    /// POSTs an `ack.submit` for the message in the last response (changed as asked).
    pub async fn ack_last_response(
        &mut self,
        actor: Actor,
        status: &str,
        change: AckChange,
    ) -> StepResult {
        let m = self.last_json()?;
        let mut v = self.ack_envelope(actor, &m, status)?;
        match change {
            AckChange::None => {}
            AckChange::Without(p) => {
                if !cj::remove_at(&mut v, &p) {
                    return Err(Fail::Harness(format!("the ack has nothing at {p}")));
                }
            }
            AckChange::Set(p, val) => cj::set_at(&mut v, &p, val).map_err(Fail::Harness)?,
        }
        let body = serde_json::to_vec(&v).map_err(|e| Fail::Harness(e.to_string()))?;
        self.chan.last_ack = Some((actor, body.clone()));
        self.request(Some(actor), "POST", "/v1/acks", Some(body), vec![], None)
            .await?;
        Ok(())
    }

    /// Resends the last REST acknowledgement byte for byte.
    pub async fn repeat_ack(&mut self) -> StepResult {
        let (actor, body) = self
            .chan
            .last_ack
            .clone()
            .ok_or_else(|| Fail::Harness("no acknowledgement was sent before".into()))?;
        self.request(Some(actor), "POST", "/v1/acks", Some(body), vec![], None)
            .await?;
        Ok(())
    }

    /// GW-SM-07: cancels `alias` through `states.cancel_hook` (a URL to POST or a shell command;
    /// `{requestId}` is replaced).
    pub async fn cancel_via_hook(&mut self, alias: &str) -> StepResult {
        let hook = self
            .ctx()
            .cfg
            .file
            .states
            .cancel_hook
            .clone()
            .ok_or_else(|| Fail::NotApplicable("states.cancel_hook is not configured".into()))?;
        let hook = hook.replace("{requestId}", &self.ids.request_id(alias));
        if hook.starts_with("http://") || hook.starts_with("https://") {
            let req = HttpRequest {
                method: "POST".into(),
                url: hook.clone(),
                ..Default::default()
            };
            let r = self.ctx().client.send(req, &self.transcript).await?;
            return (200..300).contains(&r.status).then_some(()).ok_or_else(|| {
                Fail::Harness(format!("the cancel hook {hook} answered {}", r.status))
            });
        }
        let run = tokio::process::Command::new("sh")
            .args(["-c", &hook])
            .kill_on_drop(true)
            .status();
        match tokio::time::timeout(Duration::from_secs(10), run).await {
            Ok(Ok(s)) if s.success() => Ok(()),
            Ok(Ok(s)) => Err(Fail::Harness(format!("the cancel hook failed ({s})"))),
            Ok(Err(e)) => Err(Fail::Harness(format!("cannot run the cancel hook: {e}"))),
            Err(_) => Err(Fail::Harness(
                "the cancel hook did not finish within 10 s".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_casing() {
        assert!(state_matches("Pending", "pendingApproval", "any"));
        assert!(state_matches("DECIDED", "decided", "any"));
        assert!(!state_matches("Decided", "decided", "lowerCamel"));
        assert!(!state_matches("decided", "delivered", "any"));
    }
}
