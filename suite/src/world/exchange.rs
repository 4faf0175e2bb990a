//! Exchange actions of a World: submit artifacts (fresh, resend, variants), decide, wait, status, inbox.

use std::time::Duration;

use serde_json::Value;

use super::context::Actor;
use super::state::{Fail, HarpWorld, Sent, StepResult};
use crate::check::json as cj;

/// How an artifact submission differs from the plain fixture.
#[derive(Debug, Clone)]
pub enum Variant {
    Fresh,
    /// Byte-identical resend of the last submission of this alias.
    Again,
    DifferentHash,
    /// A JSON merge patch (already rendered) on the fixture.
    Patch(Value),
    /// A JSON pointer to remove.
    Without(String),
}

impl HarpWorld {
    /// `POST /v1/artifacts` for `alias` as `actor`.
    pub async fn submit_artifact(
        &mut self,
        actor: Actor,
        alias: &str,
        variant: Variant,
    ) -> StepResult {
        let (body, key) = match variant {
            Variant::Again => {
                let s = self.sent.get(alias).cloned().ok_or_else(|| {
                    Fail::Harness(format!(
                        "artifact \"{alias}\" was never submitted, so it cannot be sent again"
                    ))
                })?;
                (s.body, s.idempotency_key)
            }
            other => {
                if matches!(other, Variant::DifferentHash) {
                    self.ids.new_hash(alias);
                }
                let mut v = self.artifact_payload(actor, alias)?;
                match other {
                    Variant::Patch(p) => cj::merge_patch(&mut v, &p),
                    Variant::Without(ptr) if !cj::remove_at(&mut v, &ptr) => {
                        return Err(Fail::Harness(format!(
                            "the artifact fixture has nothing at {ptr}"
                        )));
                    }
                    _ => {}
                }
                let body = serde_json::to_vec(&v).map_err(|e| Fail::Harness(e.to_string()))?;
                (body, uuid::Uuid::new_v4().to_string())
            }
        };
        self.sent.insert(
            alias.to_string(),
            Sent {
                actor,
                body: body.clone(),
                idempotency_key: key.clone(),
            },
        );
        let h = vec![("idempotency-key".to_string(), key)];
        self.request(Some(actor), "POST", "/v1/artifacts", Some(body), h, None)
            .await?;
        Ok(())
    }

    /// `POST /v1/decisions` deciding `alias` with `decision` (approve|reject) as `actor`.
    pub async fn decide(&mut self, actor: Actor, alias: &str, decision: &str) -> StepResult {
        self.ids.use_alias(alias);
        let v = self.payload(
            "decision-submit",
            Some(actor),
            &[("decision", decision.to_string())],
        )?;
        self.chan.decisions.insert(alias.to_string(), v.clone());
        let body = serde_json::to_vec(&v).map_err(|e| Fail::Harness(e.to_string()))?;
        self.request(
            Some(actor),
            "POST",
            "/v1/decisions",
            Some(body),
            vec![],
            None,
        )
        .await?;
        Ok(())
    }

    /// `GET /v1/exchanges/{r}/wait?timeout=N` as `actor`, with a request timeout that covers N.
    pub async fn wait_for_decision(&mut self, actor: Actor, alias: &str, secs: u64) -> StepResult {
        let a = self.ids.use_alias(alias);
        let rid = self.ids.request_id(&a);
        let slack = self.ctx().cfg.file.timing.long_poll_slack_s;
        let t = Duration::from_secs(secs + slack + 5);
        let path = format!("/v1/exchanges/{rid}/wait?timeout={secs}");
        self.request(Some(actor), "GET", &path, None, vec![], Some(t))
            .await?;
        Ok(())
    }

    /// `GET /v1/exchanges/{r}` as `actor`.
    pub async fn fetch_status(&mut self, actor: Actor, alias: &str) -> StepResult {
        let a = self.ids.use_alias(alias);
        let rid = self.ids.request_id(&a);
        self.request(
            Some(actor),
            "GET",
            &format!("/v1/exchanges/{rid}"),
            None,
            vec![],
            None,
        )
        .await?;
        Ok(())
    }

    /// Pages through `actor`'s inbox and counts the items of `alias` (at `inbox.item_request_id_pointer`).
    pub async fn inbox_count(&mut self, actor: Actor, alias: &str) -> StepResult<usize> {
        let rid = self.ids.request_id(alias);
        let id = self.identity(actor)?.id;
        let ptr = self.ctx().cfg.file.inbox.item_request_id_pointer.clone();
        let (mut count, mut cursor): (usize, Option<String>) = (0, None);
        for _ in 0..50 {
            let q = cursor
                .as_deref()
                .map(|c| format!("?cursor={}", encode(c)))
                .unwrap_or_default();
            let r = self
                .request(
                    Some(actor),
                    "GET",
                    &format!("/v1/approvers/{id}/inbox{q}"),
                    None,
                    vec![],
                    None,
                )
                .await?;
            if r.status != 200 {
                return Err(Fail::Target(format!(
                    "GW-INB-01: expected 200 from the inbox, got {}",
                    super::http::evidence(&r)
                )));
            }
            let v = self.last_json()?;
            let items = v["body"]["items"].as_array().ok_or_else(|| {
                Fail::Target("GW-INB-02: inbox.page body has no `items` array".into())
            })?;
            count += items
                .iter()
                .filter(|i| cj::pointer(i, &ptr).and_then(Value::as_str) == Some(rid.as_str()))
                .count();
            match v["body"]["nextCursor"].as_str() {
                Some(c) if !c.is_empty() => cursor = Some(c.to_string()),
                _ => return Ok(count),
            }
        }
        Err(Fail::Target(
            "GW-INB-05: the inbox kept returning a nextCursor after 50 pages".into(),
        ))
    }

    /// "No side effect" for an alias: status is 404 (ext) / 4xx (seed), no approval.request on any open
    /// channel within the delivery window, and no item in the routing target's inbox.
    pub async fn no_side_effect(&mut self, alias: &str) -> StepResult {
        let rid = self.ids.request_id(alias);
        let saved = (self.last.clone(), self.last_request.clone());
        self.fetch_status(Actor::E1, alias).await?;
        let st = self.last()?.status;
        let ok = if self.ctx().cfg.profile == crate::config::Profile::Ext {
            st == 404
        } else {
            (400..500).contains(&st)
        };
        if !ok {
            return Err(Fail::Target(format!(
                "expected no exchange for {rid} (status 404), but GET /v1/exchanges/{rid} answered {}",
                super::http::evidence(self.last()?)
            )));
        }
        if self.channels.is_empty() {
            let n = self.inbox_count(Actor::A1, alias).await?;
            if n > 0 {
                return Err(Fail::Target(format!(
                    "expected no inbox item for {rid}, found {n}"
                )));
            }
        } else {
            let window = self.delivery_window();
            self.expect_nothing_anywhere("approval.request", alias, window)
                .await?;
        }
        (self.last, self.last_request) = saved;
        Ok(())
    }

    pub fn delivery_window(&self) -> Duration {
        Duration::from_secs(self.ctx().cfg.file.timing.delivery_window_s)
    }
}

/// Percent-encodes a cursor for a query string (cursors are opaque).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
