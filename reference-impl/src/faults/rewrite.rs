//! JSON rewrites behind the payload and emitted-envelope faults: what a faulty serializer or relay
//! would produce. Used only when the corresponding fault is active.

use serde_json::{Map, Value, json};

use super::{Fault, Faults};
use crate::clock;

/// The faults that change the shape of emitted envelopes (applied by [`emitted`]).
const EMITTED: [Fault; 9] = [
    Fault::MsgIdMissing,
    Fault::TimestampsNotRfc3339,
    Fault::SenderCoreShaped,
    Fault::StateNameSnakeCase,
    Fault::InboxPageExtraMember,
    Fault::ArtifactHashUppercased,
    Fault::ExpiresAtShifted,
    Fault::ExpiresAtOmitted,
    Fault::DecidedStateNamedByOutcome,
];

/// Whether any emitted-envelope fault is active.
pub fn rewrites_emitted(faults: Faults) -> bool {
    EMITTED.iter().any(|f| faults.on(*f))
}

/// An emitted envelope as the active faults distort it; `None` when nothing applies.
pub fn emitted(faults: Faults, envelope: &str) -> Option<String> {
    let Ok(Value::Object(mut env)) = serde_json::from_str::<Value>(envelope) else {
        return None;
    };
    let msg_type = env
        .get("msgType")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    if faults.on(Fault::MsgIdMissing) {
        env.shift_remove("msgId");
    }
    if faults.on(Fault::TimestampsNotRfc3339)
        && let Some(Value::String(at)) = env.get_mut("createdAt")
    {
        *at = non_rfc3339(at);
    }
    let deliverable = matches!(msg_type.as_str(), "approval.request" | "decision.deliver");
    let expiring = deliverable || msg_type == "exchange.status";
    if expiring {
        distort_expiry(faults, &mut env);
        if let Some(Value::Object(body)) = env.get_mut("body") {
            distort_expiry(faults, body);
        }
    }
    if faults.on(Fault::SenderCoreShaped) && deliverable {
        let gateway = env["sender"]["gatewayId"].clone();
        env.insert(
            "sender".into(),
            json!({ "actor": "gateway", "deviceId": gateway }),
        );
    }
    if let Some(Value::Object(body)) = env.get_mut("body") {
        distort_body(faults, &msg_type, body);
    }
    serde_json::to_string(&Value::Object(env)).ok()
}

/// `expires-at-omitted` / `expires-at-shifted` on one object holding `expiresAt`.
fn distort_expiry(faults: Faults, obj: &mut Map<String, Value>) {
    if faults.on(Fault::ExpiresAtOmitted) {
        obj.shift_remove("expiresAt");
    }
    if faults.on(Fault::ExpiresAtShifted)
        && let Some(Value::String(at)) = obj.get_mut("expiresAt")
        && let Some(instant) = clock::parse_rfc3339(at)
    {
        *at = clock::format_ms(instant.ms - 3_600_000);
    }
}

/// The `decision` member of a stored decision body (`decision-same-key-replaces`).
pub fn decision_value(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    value.get("decision")?.as_str().map(str::to_owned)
}

fn distort_body(faults: Faults, msg_type: &str, body: &mut Map<String, Value>) {
    if faults.on(Fault::DecidedStateNamedByOutcome)
        && msg_type == "exchange.status"
        && body.get("state").and_then(Value::as_str) == Some("decided")
        && let Some(outcome) = body
            .get("decision")
            .and_then(|d| d.get("decision"))
            .and_then(Value::as_str)
    {
        let named = if outcome == "approve" {
            "approved"
        } else {
            "rejected"
        };
        body.insert("state".into(), Value::from(named));
    }
    if faults.on(Fault::StateNameSnakeCase)
        && let Some(Value::String(state)) = body.get_mut("state")
    {
        *state = snake_case(state);
    }
    if faults.on(Fault::ArtifactHashUppercased) {
        if msg_type == "approval.request" {
            uppercase_hash(body);
        }
        if let Some(Value::Array(items)) = body.get_mut("items") {
            items
                .iter_mut()
                .filter_map(Value::as_object_mut)
                .for_each(uppercase_hash);
        }
    }
    if faults.on(Fault::InboxPageExtraMember) && msg_type == "inbox.page" {
        let total = body
            .get("items")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        body.insert("total".into(), Value::from(total));
    }
}

fn uppercase_hash(obj: &mut Map<String, Value>) {
    if let Some(Value::String(h)) = obj.get_mut("artifactHash") {
        *h = h.to_ascii_uppercase();
    }
}

fn snake_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `2026-02-24T10:00:00.123Z` becomes `2026-02-24 10:00:00`.
fn non_rfc3339(text: &str) -> String {
    let plain = text.replacen('T', " ", 1);
    plain
        .split(['.', 'Z', '+'])
        .next()
        .unwrap_or(&plain)
        .to_owned()
}

/// Standard base64 text rewritten as unpadded base64url.
pub fn reencode_base64url(data: &str) -> String {
    data.trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect()
}

/// `ciphertext-reencoded`: the ciphertext JSON with `data` re-encoded as unpadded base64url.
pub fn reencode_ciphertext(raw: &str) -> String {
    let Ok(Value::Object(mut c)) = serde_json::from_str::<Value>(raw) else {
        return raw.to_owned();
    };
    if let Some(Value::String(data)) = c.get_mut("data") {
        *data = reencode_base64url(data);
    }
    serde_json::to_string(&c).unwrap_or_else(|_| raw.to_owned())
}

/// `decision-member-dropped`: the object JSON without member `key`.
pub fn without_member(raw: &str, key: &str) -> String {
    let Ok(Value::Object(mut m)) = serde_json::from_str::<Value>(raw) else {
        return raw.to_owned();
    };
    m.shift_remove(key);
    serde_json::to_string(&m).unwrap_or_else(|_| raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_rewrites() {
        assert_eq!(reencode_base64url("ab+/cd=="), "ab-_cd");
        assert_eq!(
            non_rfc3339("2026-02-24T10:00:00.123Z"),
            "2026-02-24 10:00:00"
        );
        assert_eq!(
            reencode_ciphertext(r#"{"alg":"x","data":"a+b="}"#),
            r#"{"alg":"x","data":"a-b"}"#
        );
        assert_eq!(
            without_member(r#"{"a":1,"s":2,"z":3}"#, "s"),
            r#"{"a":1,"z":3}"#
        );
    }

    #[test]
    fn emitted_rewrites_only_what_is_on() {
        let env = r#"{"msgId":"m","msgType":"exchange.status","createdAt":"2026-02-24T10:00:00Z","body":{"state":"pendingApproval"}}"#;
        assert!(!rewrites_emitted(Faults::NONE));
        let casing = Faults::NONE.with(Fault::StateNameSnakeCase);
        let out = emitted(casing, env).expect("json");
        assert!(out.contains("\"pending_approval\"") && out.contains("\"msgId\""));
        let no_id = emitted(Faults::NONE.with(Fault::MsgIdMissing), env).expect("json");
        assert!(!no_id.contains("msgId"));
    }
}
