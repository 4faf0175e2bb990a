//! Bad request bodies for the auth-first checks (NEG-01..08 sent without credentials, NEG-21): each is a
//! named variant of a valid JSON body.

use serde_json::{Value, json};

use super::auth::to_bytes;
use super::state::{Fail, StepResult};
use crate::check::json as cj;

/// A NEG-01..08 variant of a valid JSON body.
pub fn spoil(valid: &[u8], bad: &str) -> StepResult<Vec<u8>> {
    let mut v: Value = serde_json::from_slice(valid)
        .map_err(|e| Fail::Harness(format!("fixture is not JSON: {e}")))?;
    let set = |v: &mut Value, ptr: &str, x: Value| {
        cj::set_at(v, ptr, x).map_err(|e| Fail::Harness(format!("cannot spoil the body: {e}")))
    };
    Ok(match bad {
        "truncated JSON" => valid[..valid.len() / 2].to_vec(),
        "malformed JSON" => {
            let text = String::from_utf8_lossy(valid);
            format!("{},}}", text.trim_end().trim_end_matches('}')).into_bytes()
        }
        "invalid UTF-8" => {
            set(&mut v, "/msgId", json!("hc-BADUTF8"))?;
            let text = to_bytes(&v)?;
            let at = text
                .windows(7)
                .position(|w| w == b"BADUTF8")
                .ok_or_else(|| Fail::Harness("marker vanished".into()))?;
            [&text[..at], &[0xC3, 0x28], &text[at + 7..]].concat()
        }
        "a JSON array" => b"[]".to_vec(),
        "an empty body" => Vec::new(),
        "a body without requestId" => {
            cj::remove_at(&mut v, "/requestId");
            to_bytes(&v)?
        }
        "a requestId of the wrong type" => {
            set(&mut v, "/requestId", json!(123))?;
            to_bytes(&v)?
        }
        "an unknown decision value" => {
            set(&mut v, "/body/decision", json!("allow"))?;
            to_bytes(&v)?
        }
        "an unknown ack status" => {
            set(&mut v, "/body/status", json!("done"))?;
            to_bytes(&v)?
        }
        "an empty artifactHash" => {
            set(&mut v, "/body/artifactHash", json!(""))?;
            to_bytes(&v)?
        }
        "a different artifactHash" => {
            let h = format!("sha256:{}", super::aliases::random_hex64());
            set(&mut v, "/body/artifactHash", json!(h))?;
            to_bytes(&v)?
        }
        other => {
            return Err(Fail::Harness(format!(
                "unknown bad input \"{other}\" (see suite/src/world/auth.rs `spoil`)"
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spoiled_bodies() {
        let valid = br#"{"msgType":"x","msgId":"m","requestId":"r","body":{"decision":"approve"}}"#;
        let t = spoil(valid, "truncated JSON").unwrap();
        assert!(serde_json::from_slice::<Value>(&t).is_err());
        let m = spoil(valid, "malformed JSON").unwrap();
        assert!(m.ends_with(b",}") && serde_json::from_slice::<Value>(&m).is_err());
        let u = spoil(valid, "invalid UTF-8").unwrap();
        assert!(std::str::from_utf8(&u).is_err());
        let w = spoil(valid, "a requestId of the wrong type").unwrap();
        assert_eq!(
            serde_json::from_slice::<Value>(&w).unwrap()["requestId"],
            123
        );
        let d = spoil(valid, "an unknown decision value").unwrap();
        assert!(String::from_utf8(d).unwrap().contains("\"allow\""));
        assert!(spoil(valid, "a haiku").is_err());
    }
}
