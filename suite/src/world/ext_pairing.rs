//! Pairing as a World sees it (BND §3.12, GW §6.6, TV/10): credentials per `pairing.auth.*`,
//! named sessions (code, nonce, routing token) kept per scenario, and the calls of the flow.

use serde_json::{Value, json};

use super::context::Actor;
use super::http::evidence;
use super::state::{Fail, HarpWorld, StepResult};

/// TV/10 `initiate_request` with the enforcerId as a placeholder.
pub const TV10_INITIATE: &str =
    include_str!("../../../fixtures/payloads/tv10-pairing-initiate.json");
/// TV/10 `complete_request` with nonce and approverId as placeholders.
pub const TV10_COMPLETE: &str =
    include_str!("../../../fixtures/payloads/tv10-pairing-complete.json");

/// The World key of a named pairing session.
fn key(name: &str) -> String {
    format!("pairing/{name}")
}

/// A pairing code no gateway issued: 8 random upper-case alphanumerics.
pub fn random_code() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..8].to_ascii_uppercase()
}

impl HarpWorld {
    /// Whose credentials a pairing call carries (§18 #13, C-36): `none` → anonymous, `enforcer` /
    /// `approver` → the acting party of that role, unset → the acting party.
    pub fn pairing_credentials(&self, op: &str, acting: Actor) -> Option<Actor> {
        let ctx = self.ctx();
        match ctx.cfg.file.pairing.auth.get(op).map(String::as_str) {
            Some("none") => None,
            Some("enforcer") if !acting.is_enforcer() => Some(Actor::E1),
            Some("approver") if acting.is_enforcer() => Some(Actor::A1),
            _ => Some(acting),
        }
    }

    /// The stored session `name` (initiate request and response, later the routing token).
    pub fn pairing_session(&self, name: &str) -> StepResult<Value> {
        if let Some(s) = self.messages.get(&key(name)) {
            return Ok(s.clone());
        }
        Err(match self.messages.get(&format!("{}/failed", key(name))) {
            Some(ev) => Fail::Target(format!(
                "GW-PAIR-02: initiating pairing \"{name}\" did not succeed: {}",
                ev.as_str().unwrap_or_default()
            )),
            None => Fail::Harness(format!(
                "no pairing session \"{name}\" was initiated in this scenario"
            )),
        })
    }

    /// A member of the stored initiate response (`code`, `nonce`, …).
    pub fn pairing_value(&self, name: &str, member: &str) -> StepResult<String> {
        let s = self.pairing_session(name)?;
        s["response"][member]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| {
                Fail::Target(format!(
                    "GW-PAIR-02: the initiate response of \"{name}\" has no string `{member}`"
                ))
            })
    }

    async fn pairing_call(
        &mut self,
        op: &str,
        acting: Actor,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> StepResult {
        let who = self.pairing_credentials(op, acting);
        let body = body
            .map(|v| serde_json::to_vec(&v).map_err(|e| Fail::Harness(e.to_string())))
            .transpose()?;
        let h = if body.is_some() {
            vec![("content-type".to_string(), "application/json".to_string())]
        } else {
            vec![]
        };
        self.request(who, method, path, body, h, None).await?;
        Ok(())
    }

    /// `POST /v1/pairing/initiate` from `enforcer` with TV/10's request (minus `without`); a 200
    /// answer is stored as session `name`.
    pub async fn pairing_initiate(
        &mut self,
        enforcer: Actor,
        name: &str,
        without: Option<&str>,
    ) -> StepResult {
        let text = self.render(TV10_INITIATE, Some(enforcer), &[])?;
        let mut req: Value = serde_json::from_str(&text)
            .map_err(|e| Fail::Harness(format!("tv10-pairing-initiate.json: {e}")))?;
        if let Some(m) = without {
            req.as_object_mut().map(|o| o.remove(m));
        }
        self.pairing_call(
            "initiate",
            enforcer,
            "POST",
            "/v1/pairing/initiate",
            Some(req.clone()),
        )
        .await?;
        let r = self.last()?.clone();
        if r.status == 200 {
            let resp = r.json().map_err(Fail::Target)?;
            self.messages
                .insert(key(name), json!({"request": req, "response": resp}));
        } else {
            let ev = json!(evidence(&r));
            self.messages.insert(format!("{}/failed", key(name)), ev);
        }
        Ok(())
    }

    /// `GET /v1/pairing/resolve/{code}` as `approver`; `None` resolves a code nobody issued.
    pub async fn pairing_resolve(&mut self, approver: Actor, name: Option<&str>) -> StepResult {
        let code = match name {
            Some(n) => self.pairing_value(n, "code")?,
            None => random_code(),
        };
        let path = format!("/v1/pairing/resolve/{code}");
        self.pairing_call("resolve", approver, "GET", &path, None)
            .await
    }

    /// `GET /v1/pairing/{nonce}/status` as `enforcer`; `None` asks about an unknown nonce.
    pub async fn pairing_status(&mut self, enforcer: Actor, name: Option<&str>) -> StepResult {
        let nonce = match name {
            Some(n) => self.pairing_value(n, "nonce")?,
            None => format!("hc-nonce-{}", uuid::Uuid::new_v4().simple()),
        };
        let path = format!("/v1/pairing/{nonce}/status");
        self.pairing_call("status", enforcer, "GET", &path, None)
            .await
    }

    /// `POST /v1/pairing/complete` as `approver` with TV/10's request for session `name` (`None`: an
    /// unknown nonce), minus `without`. A routing token in a 200 answer is stored with the session.
    pub async fn pairing_complete(
        &mut self,
        approver: Actor,
        name: Option<&str>,
        without: Option<&str>,
    ) -> StepResult {
        let nonce = match name {
            Some(n) => self.pairing_value(n, "nonce")?,
            None => format!("hc-nonce-{}", uuid::Uuid::new_v4().simple()),
        };
        let text = self.render(TV10_COMPLETE, Some(approver), &[("pairingNonce", nonce)])?;
        let mut req: Value = serde_json::from_str(&text)
            .map_err(|e| Fail::Harness(format!("tv10-pairing-complete.json: {e}")))?;
        if let Some(m) = without {
            req.as_object_mut().map(|o| o.remove(m));
        }
        self.pairing_call(
            "complete",
            approver,
            "POST",
            "/v1/pairing/complete",
            Some(req),
        )
        .await?;
        let r = self.last()?.clone();
        if let (200, Some(n)) = (r.status, name) {
            let v = r.json().map_err(Fail::Target)?;
            if let Some(mut s) = self.messages.get(&key(n)).cloned() {
                s["complete"] = v;
                self.messages.insert(key(n), s);
            }
        }
        Ok(())
    }

    /// The routing token session `name` obtained by completing (GW-PAIR-12).
    pub fn pairing_token(&self, name: &str) -> StepResult<String> {
        let s = self.pairing_session(name)?;
        s["complete"]["routingToken"]
            .as_str()
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .ok_or_else(|| {
                Fail::Target(format!(
                    "GW-PAIR-12: completing \"{name}\" gave no routingToken: {}",
                    s["complete"]
                ))
            })
    }

    /// Fails unless the last response is 200 (pairing and presence successes are exact).
    pub fn expect_200(&self, row: &str) -> StepResult {
        let r = self.last()?;
        if r.status == 200 {
            return Ok(());
        }
        Err(Fail::Target(format!(
            "{row}: expected 200, got {}\n  request: {}",
            evidence(r),
            self.last_request
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_and_codes() {
        for t in [TV10_INITIATE, TV10_COMPLETE] {
            let filled = super::super::payload::render_with(t, |_, _| Some("x".into())).unwrap();
            serde_json::from_str::<Value>(&filled).unwrap();
        }
        let c = random_code();
        assert_eq!(c.len(), 8);
        assert!(c.chars().all(|x| x.is_ascii_alphanumeric()));
    }
}
