//! Ext-surface actions of a World (BND §3.4–§3.9, §5.1): the profile-aware status verdict (C-01),
//! withdraw, the expired inbox and item deletion, exchange-state waits, refresh and the WS `hello`.

use std::time::Duration;

use serde_json::{Value, json};

use super::context::Actor;
use super::http::{check_error_shape, evidence};
use super::state::{Fail, HarpWorld, StepResult};
use crate::check::json as cj;
use crate::check::time::{format_rfc3339, now};
use crate::config::Profile;

/// TV/07, the WS `hello` control message (bare JSON, BND §5.1), as published.
pub const TV07_HELLO: &str = include_str!("../../../fixtures/payloads/tv07-hello.json");

/// State comparison under `status.state_casing` (C-04): `any` ignores case and reads the inbox
/// statuses `Pending`/`Expired` as the exchange states `pendingApproval`/`expired`.
pub fn same_state(got: &str, want: &str, casing: &str) -> bool {
    if casing == "lowerCamel" {
        return got == want;
    }
    got.eq_ignore_ascii_case(want)
        || (want.eq_ignore_ascii_case("pendingApproval") && got.eq_ignore_ascii_case("pending"))
}

/// Which inbox listing of an approver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// `GET /v1/approvers/{id}/inbox` (pending items).
    Active,
    /// `GET /v1/approvers/{id}/inbox/expired` (BND §3.4).
    Expired,
}

impl Listing {
    fn path(self, id: &str) -> String {
        match self {
            Listing::Active => format!("/v1/approvers/{id}/inbox"),
            Listing::Expired => format!("/v1/approvers/{id}/inbox/expired"),
        }
    }
}

/// Percent-encodes an opaque cursor for a query string.
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

impl HarpWorld {
    /// C-01: an ext-only error status is asserted exactly in the ext profile; the seed profile
    /// accepts any 4xx. Either way the body must be an error (GW-ERR-01).
    pub fn judge_ext_status(&self, want: u16) -> StepResult {
        let r = self.last()?;
        let ext = self.ctx().cfg.profile == Profile::Ext;
        let ok = if ext {
            r.status == want
        } else {
            (400..500).contains(&r.status)
        };
        if !ok {
            let expected = if ext {
                format!("{want}")
            } else {
                format!("a 4xx (seed profile; {want} in the ext profile)")
            };
            return Err(Fail::Target(format!(
                "expected status {expected}, got {}\n  request: {}",
                evidence(r),
                self.last_request
            )));
        }
        if r.status >= 400 {
            let errs = &self.ctx().cfg.file.errors;
            let v = r
                .json()
                .map_err(|e| Fail::Target(format!("GW-ERR-01: {e}")))?;
            check_error_shape(&v, errs.shape, errs.require_retryable).map_err(Fail::Target)?;
        }
        Ok(())
    }

    /// The enforcerDeviceId of an enforcer (`presence.device_id_mapping`, identity by default, C-17).
    pub fn device_id_of(&self, a: Actor) -> StepResult<String> {
        let id = self.identity(a)?.id;
        let ctx = self.ctx();
        let map = ctx.cfg.file.presence.device_id_mapping.as_ref();
        Ok(map.and_then(|m| m.get(&id)).cloned().unwrap_or(id))
    }

    /// `POST /v1/exchanges/{r}/withdraw` as `actor`, with the body `withdraw.request_body` asks for
    /// (none by default, C-08).
    pub async fn withdraw(&mut self, actor: Actor, alias: &str) -> StepResult {
        let rid = self.ids.request_id(alias);
        let body = match self.ctx().cfg.file.withdraw.request_body.as_str() {
            "empty_object" => Some(b"{}".to_vec()),
            "envelope" => {
                let e1 = self.identity(Actor::E1)?.id;
                let v = json!({
                    "msgType": "exchange.withdraw",
                    "requestId": rid,
                    "createdAt": format_rfc3339(now()),
                    "sender": {"enforcerId": e1},
                    "body": {},
                });
                Some(serde_json::to_vec(&v).map_err(|e| Fail::Harness(e.to_string()))?)
            }
            _ => None,
        };
        let path = format!("/v1/exchanges/{rid}/withdraw");
        self.request(Some(actor), "POST", &path, body, vec![], None)
            .await?;
        Ok(())
    }

    /// `DELETE /v1/approvers/{id}/inbox/{r}` as `actor` on its own inbox.
    pub async fn delete_inbox_item(&mut self, actor: Actor, alias: &str) -> StepResult {
        let rid = self.ids.request_id(alias);
        let id = self.identity(actor)?.id;
        let path = format!("/v1/approvers/{id}/inbox/{rid}");
        self.request(Some(actor), "DELETE", &path, None, vec![], None)
            .await?;
        Ok(())
    }

    /// Every item of `actor`'s listing (all pages). Each page must be 200; the first page's answer
    /// stays the last response.
    pub async fn list_items(&mut self, actor: Actor, listing: Listing) -> StepResult<Vec<Value>> {
        let id = self.identity(actor)?.id;
        let base = listing.path(&id);
        let (mut items, mut first, mut path) = (Vec::new(), None, base.clone());
        for _ in 0..50 {
            let r = self
                .request(Some(actor), "GET", &path, None, vec![], None)
                .await?;
            if r.status != 200 {
                return Err(Fail::Target(format!(
                    "expected 200 inbox.page from GET {path}, got {}",
                    evidence(&r)
                )));
            }
            first.get_or_insert((r.clone(), self.last_request.clone()));
            let v = r.json().map_err(Fail::Target)?;
            let page = v["body"]["items"].as_array().ok_or_else(|| {
                Fail::Target(format!(
                    "GW-INB-02: GET {path}: the body has no `items` array"
                ))
            })?;
            items.extend(page.iter().cloned());
            match v["body"]["nextCursor"].as_str() {
                Some(c) if !c.is_empty() => path = format!("{base}?cursor={}", encode(c)),
                _ => {
                    if let Some((r, req)) = first {
                        (self.last, self.last_request) = (Some(r), req);
                    }
                    return Ok(items);
                }
            }
        }
        Err(Fail::Target(format!(
            "GET {base} kept returning a nextCursor after 50 pages"
        )))
    }

    /// The items among `items` that belong to `alias` (at `inbox.item_request_id_pointer`).
    pub fn items_of(&self, items: &[Value], alias: &str) -> Vec<Value> {
        let rid = self.ids.request_id(alias);
        let ptr = self.ctx().cfg.file.inbox.item_request_id_pointer.clone();
        items
            .iter()
            .filter(|i| cj::pointer(i, &ptr).and_then(Value::as_str) == Some(rid.as_str()))
            .cloned()
            .collect()
    }

    /// The item of `alias` in `actor`'s listing, if any (the last response is kept).
    pub async fn listed_item(
        &mut self,
        actor: Actor,
        listing: Listing,
        alias: &str,
    ) -> StepResult<Option<Value>> {
        let saved = (self.last.clone(), self.last_request.clone());
        let items = self.list_items(actor, listing).await?;
        (self.last, self.last_request) = saved;
        Ok(self.items_of(&items, alias).into_iter().next())
    }

    /// The state of `alias` read by its enforcer (`GET /v1/exchanges/{r}`; the last response is kept).
    pub async fn exchange_state(&mut self, alias: &str) -> StepResult<String> {
        let saved = (self.last.clone(), self.last_request.clone());
        let rid = self.ids.request_id(alias);
        let path = format!("/v1/exchanges/{rid}");
        let r = self
            .request(Some(Actor::E1), "GET", &path, None, vec![], None)
            .await;
        (self.last, self.last_request) = saved;
        let r = r?;
        if r.status != 200 {
            return Err(Fail::Target(format!(
                "expected 200 exchange.status for {rid}, got {}",
                evidence(&r)
            )));
        }
        let v = r.json().map_err(Fail::Target)?;
        v["body"]["state"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| Fail::Target(format!("the status of {rid} has no `state` string")))
    }

    /// Fails unless `alias` is in one of `want` (lowerCamel names, C-04 casing).
    pub async fn expect_exchange_state(&mut self, alias: &str, want: &[&str]) -> StepResult {
        let got = self.exchange_state(alias).await?;
        let casing = self.ctx().cfg.file.status.state_casing.clone();
        if want.iter().any(|w| same_state(&got, w, &casing)) {
            return Ok(());
        }
        Err(Fail::Target(format!(
            "expected {} in state {}, the status says {got:?}",
            self.ids.request_id(alias),
            want.join(" or ")
        )))
    }

    /// Polls the state of `alias` until it reads `expired`, within the short TTL plus
    /// `timing.expiry_skew_s` plus 5 s (GW-SM-04).
    pub async fn await_expired(&mut self, alias: &str) -> StepResult {
        let t = self.ctx().cfg.file.timing.clone();
        let budget = Duration::from_secs(t.short_ttl_s + t.expiry_skew_s + 5);
        let deadline = tokio::time::Instant::now() + budget;
        let casing = self.ctx().cfg.file.status.state_casing.clone();
        loop {
            let got = self.exchange_state(alias).await?;
            if same_state(&got, "expired", &casing) {
                return Ok(());
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(Fail::Target(format!(
                    "GW-SM-04: {} still reads {got:?} {} s after submission (short TTL + timing.expiry_skew_s + 5 s)",
                    self.ids.request_id(alias),
                    budget.as_secs()
                )));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// `POST /v1/requests/{r}/refresh?enforcerDeviceId=…` as `caller` for `enforcer`'s device
    /// (`None`: without the parameter).
    pub async fn refresh(
        &mut self,
        caller: Actor,
        alias: &str,
        enforcer: Option<Actor>,
    ) -> StepResult {
        let rid = self.ids.request_id(alias);
        let q = match enforcer {
            Some(e) => format!("?enforcerDeviceId={}", encode(&self.device_id_of(e)?)),
            None => String::new(),
        };
        let path = format!("/v1/requests/{rid}/refresh{q}");
        self.request(Some(caller), "POST", &path, None, vec![], None)
            .await?;
        Ok(())
    }

    /// Sends TV/07 (`hello`) on a WS channel.
    pub async fn send_hello(&mut self, channel: &str) -> StepResult {
        let v: Value = serde_json::from_str(TV07_HELLO)
            .map_err(|e| Fail::Harness(format!("tv07-hello.json is not JSON: {e}")))?;
        let text = serde_json::to_string(&v).map_err(|e| Fail::Harness(e.to_string()))?;
        self.ws_send_text(channel, &text, 1).await
    }

    /// GW-WS-08: for `window`, no `error` frame arrives on `channel` and it stays open.
    pub async fn expect_quiet_acceptance(&mut self, channel: &str, window: Duration) -> StepResult {
        let from = self.chan.marks.get(channel).copied().unwrap_or(0);
        let super::state::Channel::Ws(c) = self.channel_ref(channel)? else {
            return Err(Fail::Harness(format!("\"{channel}\" is not a websocket")));
        };
        let errors = c
            .frames
            .collect_for(from, window, |f| {
                matches!(f, crate::transport::WsFrame::Text(t)
                    if super::channels::msg_type_of(t).as_deref() == Some("error"))
            })
            .await;
        if let Some(e) = errors.first() {
            return Err(Fail::Target(format!(
                "GW-WS-08: the gateway answered the hello with an error frame: {e:?}"
            )));
        }
        if let Some(reason) = c.frames.ended() {
            return Err(Fail::Target(format!(
                "GW-WS-08: the socket closed after the hello ({reason})"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_hello() {
        assert!(same_state("Withdrawn", "withdrawn", "any"));
        assert!(same_state("Pending", "pendingApproval", "any"));
        assert!(!same_state("Withdrawn", "withdrawn", "lowerCamel"));
        let v: Value = serde_json::from_str(TV07_HELLO).unwrap();
        assert_eq!(v["msgType"], "hello");
        assert_eq!(encode("a b/+"), "a%20b%2F%2B");
    }
}
