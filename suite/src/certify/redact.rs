//! Redaction of what a certificate records about the config: credentials, tokens and URL userinfo.

use serde_json::Value;

/// The marker that replaces a secret.
pub const REDACTED: &str = "<redacted>";

fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    ["credential", "token", "secret", "password", "passphrase"]
        .iter()
        .any(|s| k.contains(s))
}

/// `https://user:pw@host/x` → `https://<redacted>@host/x`; other strings unchanged.
pub fn redact_url(s: &str) -> String {
    let Some((scheme, rest)) = s.split_once("://") else {
        return s.to_string();
    };
    let auth_end = rest.find('/').unwrap_or(rest.len());
    match rest[..auth_end].rfind('@') {
        Some(at) => format!("{scheme}://{REDACTED}@{}", &rest[at + 1..]),
        None => s.to_string(),
    }
}

/// Replaces every non-empty value under a secret-looking key, and strips userinfo from URLs.
pub fn redact(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                let empty = x.is_null() || x.as_str().is_some_and(str::is_empty);
                if is_secret_key(k) && !empty && !x.is_object() {
                    *x = Value::String(REDACTED.into());
                } else {
                    redact(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(redact),
        Value::String(s) if s.contains("://") => *s = redact_url(s),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_gone() {
        let mut v = json!({
            "identities": {"enforcer_a": {"id": "e", "credential": "s3cret", "role": "enforcer"}},
            "routing": {"routing_token": "tok", "mode": "recipient"},
            "auth": {"invalid_credential": "bad", "api_key_header": "X-API-Key"},
            "target": {"base_url": "https://u:pw@gw.example/x", "ws_url": null},
            "tls": {"client_key": "/keys/c.pem"}
        });
        redact(&mut v);
        let s = v.to_string();
        assert!(!s.contains("s3cret") && !s.contains("tok\"") && !s.contains("pw@"));
        assert_eq!(v["identities"]["enforcer_a"]["id"], "e");
        assert_eq!(v["auth"]["api_key_header"], "X-API-Key");
        assert_eq!(v["target"]["base_url"], "https://<redacted>@gw.example/x");
        assert_eq!(v["tls"]["client_key"], "/keys/c.pem");
        assert!(v["target"]["ws_url"].is_null());
    }
}
