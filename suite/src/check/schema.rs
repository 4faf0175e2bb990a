//! Our own JSON Schemas (draft 2020-12, in fixtures/schemas/), embedded at build time and compiled once per run.

use std::collections::BTreeMap;

/// The embedded schema files: (name, JSON text).
const SOURCES: &[(&str, &str)] = &[
    (
        "envelope",
        include_str!("../../../fixtures/schemas/envelope.schema.json"),
    ),
    (
        "envelope-strict",
        include_str!("../../../fixtures/schemas/envelope-strict.schema.json"),
    ),
    (
        "artifact-submit",
        include_str!("../../../fixtures/schemas/artifact-submit.schema.json"),
    ),
    (
        "decision-submit",
        include_str!("../../../fixtures/schemas/decision-submit.schema.json"),
    ),
    (
        "ack-submit",
        include_str!("../../../fixtures/schemas/ack-submit.schema.json"),
    ),
    (
        "error",
        include_str!("../../../fixtures/schemas/error.schema.json"),
    ),
    (
        "exchange-status",
        include_str!("../../../fixtures/schemas/exchange-status.schema.json"),
    ),
    (
        "exchange-status-strict",
        include_str!("../../../fixtures/schemas/exchange-status-strict.schema.json"),
    ),
    (
        "inbox-page",
        include_str!("../../../fixtures/schemas/inbox-page.schema.json"),
    ),
    (
        "approval-request",
        include_str!("../../../fixtures/schemas/approval-request.schema.json"),
    ),
    (
        "decision-deliver",
        include_str!("../../../fixtures/schemas/decision-deliver.schema.json"),
    ),
    (
        "runtime-info",
        include_str!("../../../fixtures/schemas/runtime-info.schema.json"),
    ),
];

/// The schemas that describe an envelope's `body` member.
const BODY_SCHEMAS: &[&str] = &[
    "artifact-submit",
    "decision-submit",
    "ack-submit",
    "error",
    "exchange-status",
    "exchange-status-strict",
    "inbox-page",
];

/// All schemas of `fixtures/schemas/`, compiled once (offline: no remote `$ref`s).
///
/// Names are the file stems without `.schema.json`: "envelope", "envelope-strict", "artifact-submit",
/// "decision-submit", "ack-submit", "error", "exchange-status", "inbox-page", "approval-request",
/// "decision-deliver", "runtime-info" (and "exchange-status-strict").
///
/// What each one applies to: "envelope" / "envelope-strict" / "approval-request" /
/// "decision-deliver" take a whole envelope; the `*-submit`, "error", "exchange-status*" and
/// "inbox-page" schemas take the envelope's `body` (as the seed schemas do); "runtime-info" takes
/// the bare runtime.info answer. `date-time` formats are checked.
#[derive(Debug)]
pub struct Schemas {
    validators: BTreeMap<String, jsonschema::Validator>,
}

impl Schemas {
    /// Compiles the embedded schemas. Build in `spawn_blocking` or outside tokio (PITFALLS §5).
    pub fn load() -> Result<Self, String> {
        let mut validators = BTreeMap::new();
        for (name, text) in SOURCES {
            let schema: serde_json::Value = serde_json::from_str(text)
                .map_err(|e| format!("embedded schema {name} is not JSON: {e}"))?;
            let v = jsonschema::draft202012::options()
                .should_validate_formats(true)
                .offline()
                .build(&schema)
                .map_err(|e| format!("embedded schema {name} does not compile: {e}"))?;
            validators.insert((*name).to_string(), v);
        }
        Ok(Self { validators })
    }

    /// Validates `instance` against schema `name`; `Err` lists each violation as
    /// "<instance pointer>: <message>". An unknown schema name is an `Err` too.
    pub fn validate(&self, name: &str, instance: &serde_json::Value) -> Result<(), Vec<String>> {
        let Some(v) = self.validators.get(name) else {
            return Err(vec![format!(
                "no schema named {name:?} (known: {})",
                self.names().join(", ")
            )]);
        };
        let errors: Vec<String> = v
            .iter_errors(instance)
            .map(|e| {
                let at = e.instance_path().to_string();
                let at = if at.is_empty() { "(root)".into() } else { at };
                format!("{at}: {}", shorten(&e.to_string()))
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// True when schema `name` describes an envelope's `body` (the `*-submit`, "error",
    /// "exchange-status*" and "inbox-page" schemas) rather than a whole message.
    pub fn is_body_schema(name: &str) -> bool {
        BODY_SCHEMAS.contains(&name)
    }

    /// Validates a whole envelope with schema `name`: body schemas are applied to its `body`
    /// member (violations reported as "/body/…"), the others to the whole message.
    pub fn validate_envelope(
        &self,
        name: &str,
        envelope: &serde_json::Value,
    ) -> Result<(), Vec<String>> {
        if !Self::is_body_schema(name) {
            return self.validate(name, envelope);
        }
        let Some(body) = envelope.get("body") else {
            return Err(vec![format!(
                "(root): the message has no body member to check against {name}"
            )]);
        };
        self.validate(name, body).map_err(|errs| {
            errs.into_iter()
                .map(|e| match e.strip_prefix("(root)") {
                    Some(rest) => format!("/body{rest}"),
                    None => format!("/body{e}"),
                })
                .collect()
        })
    }

    /// The schema names available.
    pub fn names(&self) -> Vec<String> {
        self.validators.keys().cloned().collect()
    }
}

/// Keeps violation messages readable when they quote a large instance.
fn shorten(msg: &str) -> String {
    const MAX: usize = 300;
    match msg.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &msg[..i]),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn schemas_are_shareable_and_all_compile() {
        assert_send_sync::<Schemas>();
        let s = Schemas::load().expect("schemas compile");
        assert_eq!(s.names().len(), SOURCES.len());
    }
}
