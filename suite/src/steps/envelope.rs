//! Steps that judge envelopes: msgType, members, pointers and schemas.

use serde_json::Value;

use cucumber::then;

use crate::check::json as cj;
use crate::step;
use crate::world::{Fail, HarpWorld, StepResult};

/// GW-ENV-07: the five envelope members with their types.
pub fn check_envelope(v: &Value) -> Result<(), String> {
    for (k, ok) in [
        ("msgType", v["msgType"].is_string()),
        ("requestId", v["requestId"].is_string()),
        ("createdAt", v["createdAt"].is_string()),
        ("sender", v["sender"].is_object()),
        ("body", v["body"].is_object()),
    ] {
        if !ok {
            return Err(format!(
                "GW-ENV-07: envelope member `{k}` is missing or has the wrong type: {}",
                cj::brief(v)
            ));
        }
    }
    Ok(())
}

fn envelope_of_type(w: &HarpWorld, msg_type: &str) -> StepResult {
    let v = w.last_json()?;
    if v["msgType"] != msg_type {
        return Err(Fail::Target(format!(
            "expected msgType {msg_type:?}, got {}\n  request: {}",
            v["msgType"], w.last_request
        )));
    }
    check_envelope(&v).map_err(Fail::Target)
}

#[then(expr = "the response is an envelope of type {string}")]
async fn is_envelope(w: &mut HarpWorld, msg_type: String) -> Result<(), String> {
    step!(w, async { envelope_of_type(w, &msg_type) })
}

#[then(expr = "the response field {string} equals {string}")]
async fn field_equals(w: &mut HarpWorld, ptr: String, expected: String) -> Result<(), String> {
    step!(w, async {
        let text = w.render(&expected, None, &[])?;
        let want = serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text));
        cj::expect_at(&w.last_json()?, &ptr, &want)
            .map_err(|m| Fail::Target(format!("{m}\n  request: {}", w.last_request)))
    })
}

#[then(expr = "the response body validates against schema {string}")]
async fn validates(w: &mut HarpWorld, schema: String) -> Result<(), String> {
    step!(w, async {
        let schemas = w.ctx().schemas.clone().map_err(Fail::Harness)?;
        let v = w.last_json()?;
        schemas.validate_envelope(&schema, &v).map_err(|errs| {
            Fail::Target(format!(
                "the response does not match schema {schema}:\n  {}",
                errs.join("\n  ")
            ))
        })
    })
}
