//! Presence as a World sees it (BND §3.10–§3.11, GW §6.5): list and record reads, the record shape
//! (GW-PRS-03), waits for a status within a bound (C-16), and the TTL gates of quick runs.

use std::time::Duration;

use serde_json::Value;

use super::context::Actor;
use super::http::evidence;
use super::state::{Fail, HarpWorld, StepResult};
use crate::check::time::parse_rfc3339;

/// How long a presence wait may take before the scenario needs `timing.run_slow` (seconds).
pub const QUICK_BOUND_S: u64 = 30;

/// GW-PRS-03: one presence record's members and their types.
pub fn check_record(v: &Value) -> Result<(), String> {
    let bad = |m: String| Err(format!("GW-PRS-03: {m} in record {v}"));
    if !v.is_object() {
        return bad("a presence record must be a JSON object".into());
    }
    if v["enforcerDeviceId"].as_str().is_none_or(str::is_empty) {
        return bad("`enforcerDeviceId` must be a non-empty string".into());
    }
    match v["status"].as_str() {
        Some("online" | "offline") => {}
        other => return bad(format!("`status` must be online or offline, got {other:?}")),
    }
    if let Some(t) = v.get("lastSeenAt") {
        match t.as_str().map(parse_rfc3339) {
            Some(Ok(_)) => {}
            _ => {
                return bad(format!(
                    "`lastSeenAt` must be RFC 3339 (GW-ENV-05), got {t}"
                ));
            }
        }
    }
    if let Some(t) = v.get("transport")
        && !matches!(t.as_str(), Some("websocket" | "sse" | "poll"))
    {
        return bad(format!(
            "`transport` must be websocket, sse or poll, got {t}"
        ));
    }
    if v.get("capabilities").is_some_and(|c| !c.is_object()) {
        return bad("`capabilities` must be an object".into());
    }
    for k in ["workspaceName", "enforcerLabel"] {
        if v.get(k).is_some_and(|x| !x.is_string()) {
            return bad(format!("`{k}` must be a string"));
        }
    }
    Ok(())
}

impl HarpWorld {
    /// The tenant whose presence `enforcer` belongs to: `presence.tenant_id` for the main tenant,
    /// else the identity's tenant.
    pub fn presence_tenant(&self, enforcer: Actor) -> StepResult<String> {
        let id = self.identity(enforcer)?;
        let e1_tenant = self.identity(Actor::E1)?.tenant;
        match &self.ctx().cfg.file.presence.tenant_id {
            Some(t) if id.tenant == e1_tenant => Ok(t.clone()),
            _ => Ok(id.tenant),
        }
    }

    /// `GET /v1/presence/enforcers[?tenantId=…]` as `caller`.
    pub async fn list_presence(&mut self, caller: Actor, tenant: Option<&str>) -> StepResult {
        let q = tenant.map(|t| format!("?tenantId={t}")).unwrap_or_default();
        let path = format!("/v1/presence/enforcers{q}");
        self.request(Some(caller), "GET", &path, None, vec![], None)
            .await?;
        Ok(())
    }

    /// `GET /v1/presence/enforcers/{device}` as `caller`.
    pub async fn read_presence(&mut self, caller: Actor, device: &str) -> StepResult {
        let path = format!("/v1/presence/enforcers/{device}");
        self.request(Some(caller), "GET", &path, None, vec![], None)
            .await?;
        Ok(())
    }

    /// Proves the presence surface is served (a 200 tenant list): after it, a 404 on a record is an
    /// answer about the record, not about the surface (CLI-01).
    pub async fn prove_presence(&mut self, caller: Actor, enforcer: Actor) -> StepResult {
        let saved = (self.last.clone(), self.last_request.clone());
        let tenant = self.presence_tenant(enforcer)?;
        self.list_presence(caller, Some(&tenant)).await?;
        let st = self.last()?.status;
        let ev = evidence(self.last()?);
        (self.last, self.last_request) = saved;
        if st != 200 {
            return Err(Fail::Target(format!(
                "GW-PRS-01: the presence list for tenant {tenant} answered {ev}"
            )));
        }
        Ok(())
    }

    /// Polls `enforcer`'s record as `caller` until `accept` says yes (a 404 reads as `None`), within
    /// `bound`; returns the last record seen. The last response is the last read.
    pub async fn await_presence(
        &mut self,
        caller: Actor,
        enforcer: Actor,
        bound: Duration,
        what: &str,
        accept: impl Fn(Option<&Value>) -> bool,
    ) -> StepResult<Option<Value>> {
        self.prove_presence(caller, enforcer).await?;
        let device = self.device_id_of(enforcer)?;
        let deadline = tokio::time::Instant::now() + bound;
        loop {
            self.read_presence(caller, &device).await?;
            let r = self.last()?.clone();
            let rec = match r.status {
                200 => Some(r.json().map_err(Fail::Target)?),
                404 => None,
                _ => {
                    return Err(Fail::Target(format!(
                        "GW-PRS-04: GET /v1/presence/enforcers/{device} answered {}",
                        evidence(&r)
                    )));
                }
            };
            if let Some(v) = &rec {
                check_record(v).map_err(Fail::Target)?;
            }
            if accept(rec.as_ref()) {
                return Ok(rec);
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(Fail::Target(format!(
                    "expected the presence of {device} to be {what} within {} s, last seen: {}",
                    bound.as_secs(),
                    rec.map(|v| v.to_string()).unwrap_or_else(|| "404".into())
                )));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Not applicable unless a wait of `secs` fits a quick run (or `timing.run_slow` is set).
    pub fn quick_enough(&self, secs: u64, key: &str) -> StepResult {
        if secs <= QUICK_BOUND_S || self.ctx().cfg.file.timing.run_slow {
            return Ok(());
        }
        Err(Fail::NotApplicable(format!(
            "needs a wait of {secs} s ({key}); set timing.run_slow = true or a shorter TTL on the target"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn records() {
        let tv09: Value = serde_json::from_str(
            r#"[{"enforcerDeviceId":"enf-01","status":"online","lastSeenAt":"2026-02-24T10:00:00Z","transport":"websocket","workspaceName":"airlock","enforcerLabel":"Antigravity","capabilities":{"push":true}},{"enforcerDeviceId":"enf-02","status":"offline","lastSeenAt":"2026-02-24T09:45:00Z","transport":"poll"}]"#,
        )
        .unwrap();
        for r in tv09.as_array().unwrap() {
            check_record(r).unwrap();
        }
        assert!(check_record(&json!({"enforcerDeviceId":"e","status":"away"})).is_err());
        assert!(
            check_record(&json!({"enforcerDeviceId":"e","status":"online","transport":"ws"}))
                .is_err()
        );
        assert!(
            check_record(&json!({"enforcerDeviceId":"e","status":"online","lastSeenAt":"now"}))
                .is_err()
        );
        assert!(check_record(&json!({"status":"online"})).is_err());
    }
}
