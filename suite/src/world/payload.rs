//! Payload templates (fixtures/payloads/*.json, embedded) and placeholder rendering (`{{requestId:r1}}`).

use regex::{Captures, Regex};
use serde_json::Value;

use super::aliases::{random_base64, random_hex64};
use super::context::Actor;
use super::state::{Fail, HarpWorld, StepResult};
use crate::check::time::{format_rfc3339, now};
use crate::config::sections::RoutingMode;

/// The templates, embedded at build time.
pub fn template(name: &str) -> Option<&'static str> {
    Some(match name {
        "artifact-submit" => include_str!("../../../fixtures/payloads/artifact-submit.json"),
        "decision-submit" => include_str!("../../../fixtures/payloads/decision-submit.json"),
        "ack-submit" => include_str!("../../../fixtures/payloads/ack-submit.json"),
        _ => return None,
    })
}

/// Replaces every `{{name}}` / `{{name:arg}}` using `lookup`; an unknown placeholder is an error.
pub fn render_with(
    text: &str,
    mut lookup: impl FnMut(&str, Option<&str>) -> Option<String>,
) -> Result<String, String> {
    let re = Regex::new(r"\{\{\s*([A-Za-z]+)(?::([A-Za-z0-9_.-]+))?\s*\}\}").expect("valid regex");
    let mut missing = None;
    let out = re.replace_all(text, |c: &Captures| {
        let (name, arg) = (&c[1], c.get(2).map(|m| m.as_str()));
        lookup(name, arg).unwrap_or_else(|| {
            missing.get_or_insert_with(|| c[0].to_string());
            String::new()
        })
    });
    match missing {
        Some(m) => Err(format!(
            "unknown placeholder {m} (see fixtures/payloads/README.md)"
        )),
        None => Ok(out.into_owned()),
    }
}

impl HarpWorld {
    /// Renders placeholders for `actor` (the sender); `extra` adds step-specific names.
    pub fn render(
        &mut self,
        text: &str,
        actor: Option<Actor>,
        extra: &[(&str, String)],
    ) -> StepResult<String> {
        let ctx = self.ctx();
        let enforcer = actor.filter(|a| a.is_enforcer()).unwrap_or(Actor::E1);
        let enforcer_id = ctx.identity(enforcer).map(|i| i.id.clone());
        let approver_id = match actor.filter(|a| !a.is_enforcer()) {
            Some(a) => ctx.identity(a).map(|i| i.id.clone()),
            None => ctx.target_approver().map(|i| i.id.clone()),
        };
        let ts = now();
        let ids = &mut self.ids;
        render_with(text, |name, arg| {
            if let Some((_, v)) = extra.iter().find(|(k, _)| *k == name) {
                return Some(v.clone());
            }
            let alias = arg.map(str::to_string).unwrap_or_else(|| ids.current());
            Some(match name {
                "requestId" => ids.request_id(&alias),
                "artifactHash" => ids.hash(&alias),
                "now" => format_rfc3339(ts),
                "expiresAt" => format_rfc3339(ts + time::Duration::minutes(10)),
                "enforcerId" => enforcer_id.clone()?,
                "approverId" => approver_id.clone()?,
                "id" => ctx.identity(arg?.parse().ok()?)?.id.clone(),
                "msgId" => format!("hc-msg-{}", uuid::Uuid::new_v4().simple()),
                "nonce" => format!("hc-nonce-{}", &random_hex64()[..24]),
                "uuid" => uuid::Uuid::new_v4().to_string(),
                "ciphertext" => random_base64(256),
                "signature" => random_base64(64),
                _ => return None,
            })
        })
        .map_err(Fail::Harness)
    }

    /// Renders a named template into JSON.
    pub fn payload(
        &mut self,
        name: &str,
        actor: Option<Actor>,
        extra: &[(&str, String)],
    ) -> StepResult<Value> {
        let t =
            template(name).ok_or_else(|| Fail::Harness(format!("no payload template `{name}`")))?;
        let text = self.render(t, actor, extra)?;
        serde_json::from_str(&text).map_err(|e| {
            Fail::Harness(format!(
                "payload template `{name}` is not JSON after rendering: {e}"
            ))
        })
    }

    /// An artifact.submit for `alias` from `actor`, routed per `[routing]`.
    pub fn artifact_payload(&mut self, actor: Actor, alias: &str) -> StepResult<Value> {
        self.ids.use_alias(alias);
        let mut v = self.payload("artifact-submit", Some(actor), &[])?;
        let ctx = self.ctx();
        let routing = &ctx.cfg.file.routing;
        let approver = ctx.target_approver().map(|i| Value::String(i.id.clone()));
        match (routing.mode, approver) {
            (RoutingMode::MetadataApproverId, Some(a)) => v["body"]["metadata"]["approverId"] = a,
            (RoutingMode::Recipient, Some(a)) => {
                v["recipient"] = serde_json::json!({ "approverId": a })
            }
            (RoutingMode::RoutingToken, _) => {
                let token = routing.routing_token.clone().ok_or_else(|| {
                    Fail::NotApplicable(
                        "routing.mode = routing_token needs routing.routing_token".into(),
                    )
                })?;
                v["body"]["metadata"]["routingToken"] = Value::String(token);
            }
            _ => {}
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        let r = render_with("a {{x}} b {{ y:r2 }}", |n, a| match (n, a) {
            ("x", None) => Some("1".into()),
            ("y", Some("r2")) => Some("2".into()),
            _ => None,
        });
        assert_eq!(r.unwrap(), "a 1 b 2");
        let e = render_with("{{nope}}", |_, _| None).unwrap_err();
        assert!(e.contains("{{nope}}"));
        for n in ["artifact-submit", "decision-submit", "ack-submit"] {
            let t = template(n).unwrap();
            let filled = render_with(t, |_, _| Some("v".into())).unwrap();
            serde_json::from_str::<Value>(&filled).unwrap();
        }
    }
}
