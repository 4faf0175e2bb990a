//! The metadata forwarding policy (GW §6.3–§6.4, CMP §2.9) as a World checks it: artifacts carrying
//! routing and display-safe metadata, and deep searches of what an approver receives (C-13).

use serde_json::{Map, Value, json};

use super::context::Actor;
use super::exchange::Variant;
use super::state::{Fail, HarpWorld, StepResult};
use crate::check::json as cj;
use crate::check::time::{format_rfc3339, now};

/// Routing-only keys: they never reach an approver (GW-META-01..03).
pub const ROUTING_KEYS: [&str; 3] = ["routingToken", "approverId", "tenantId"];

/// Display-safe keys and the values the suite sends (GW-META-04/05).
pub const DISPLAY: [(&str, &str); 3] = [
    ("workspaceName", "hc-workspace"),
    ("repoName", "hc-repo"),
    ("requestLabel", "Conformance request label"),
];

fn key(alias: &str) -> String {
    format!("meta/{alias}")
}

/// Where routing metadata leaked into `v`: the routing keys anywhere (except, for inbox items,
/// addressing members at the item's top level), and the token value anywhere.
pub fn routing_leaks(v: &Value, token: &str, is_item: bool) -> Vec<String> {
    let mut out = Vec::new();
    for k in ROUTING_KEYS {
        for p in cj::find_key(v, k) {
            let top_level = p.matches('/').count() == 1;
            if !(is_item && top_level && k != "routingToken") {
                out.push(format!("key {k} at {p}"));
            }
        }
    }
    for p in cj::find_string_value(v, token) {
        out.push(format!("the routing token's value at {p}"));
    }
    out
}

impl HarpWorld {
    /// Submits `alias` with `routingToken`, `tenantId` and `approverId` in `body.metadata` (the
    /// token from `routing.routing_token`, else a fresh opaque value), plus the display-safe keys
    /// when `display`; `short_ttl` makes it expire after `timing.short_ttl_s`.
    pub async fn submit_with_routing_metadata(
        &mut self,
        actor: Actor,
        alias: &str,
        display: bool,
        short_ttl: bool,
    ) -> StepResult {
        let ctx = self.ctx();
        let token = ctx
            .cfg
            .file
            .routing
            .routing_token
            .clone()
            .unwrap_or_else(|| format!("hc-rt-{}", uuid::Uuid::new_v4().simple()));
        let approver = ctx
            .target_approver()
            .map(|i| i.id.clone())
            .ok_or_else(|| Fail::Harness("no routing target approver identity".into()))?;
        let mut meta = Map::new();
        for (k, v) in DISPLAY {
            meta.insert(k.into(), if display { json!(v) } else { Value::Null });
        }
        meta.insert("routingToken".into(), json!(token));
        meta.insert("tenantId".into(), json!(self.identity(actor)?.tenant));
        meta.insert("approverId".into(), json!(approver));
        let mut patch = json!({"body": {"metadata": meta}});
        if short_ttl {
            let ttl = ctx.cfg.file.timing.short_ttl_s.max(1) as i64;
            patch["body"]["expiresAt"] =
                json!(format_rfc3339(now() + time::Duration::seconds(ttl)));
        }
        self.messages.insert(key(alias), json!({"token": token}));
        self.submit_artifact(actor, alias, Variant::Patch(patch))
            .await
    }

    fn routing_token_of(&self, alias: &str) -> StepResult<String> {
        self.messages
            .get(&key(alias))
            .and_then(|m| m["token"].as_str())
            .map(str::to_string)
            .ok_or_else(|| {
                Fail::Harness(format!(
                    "\"{alias}\" was not submitted with routing metadata in this scenario"
                ))
            })
    }

    /// GW-META-01..03, -06, -07: no routing key or token value in what the approver sees (`v` is an
    /// inbox item, or the body of an approval.request).
    pub fn expect_no_routing(
        &self,
        alias: &str,
        v: &Value,
        is_item: bool,
        path: &str,
    ) -> StepResult {
        let token = self.routing_token_of(alias)?;
        let leaks = routing_leaks(v, &token, is_item);
        if leaks.is_empty() {
            return Ok(());
        }
        Err(Fail::Target(format!(
            "GW-META-01..03: routing metadata reached the approver via {path}: {}\n  in {}",
            leaks.join("; "),
            cj::brief(v)
        )))
    }

    /// GW-META-04/05: each display-safe key appears with the submitted value, and never another.
    pub fn expect_display(&self, v: &Value, path: &str) -> StepResult {
        for (k, want) in DISPLAY {
            let found = cj::find_key(v, k);
            if found.is_empty() {
                return Err(Fail::Target(format!(
                    "GW-META-04/05: {k} was not forwarded via {path}: {}",
                    cj::brief(v)
                )));
            }
            for p in found {
                if v.pointer(&p).and_then(Value::as_str) != Some(want) {
                    return Err(Fail::Target(format!(
                        "GW-META-04/05: {k} at {p} via {path} must be {want:?} unchanged, got {}",
                        v.pointer(&p).map(cj::brief).unwrap_or_default()
                    )));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaks() {
        let item = json!({"requestId":"r","approverId":"a1","metadata":{"workspaceName":"w"}});
        assert!(
            routing_leaks(&item, "tok", true).is_empty(),
            "top-level addressing is allowed"
        );
        assert_eq!(routing_leaks(&item, "tok", false).len(), 1);
        let body = json!({"metadata":{"x":{"routingToken":"t"}},"note":"tok"});
        let l = routing_leaks(&body, "tok", false);
        assert_eq!(l.len(), 2, "{l:?}");
        let meta = json!({"metadata":{"tenantId":"t1"}});
        assert_eq!(routing_leaks(&meta, "tok", true).len(), 1);
    }
}
