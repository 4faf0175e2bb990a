//! `declaration.json`: the compliance declaration members of HARP-COMPLIANCE §9 (CMP-VER-02):
//! harpVersion, conformanceLevel, algorithms, transport, mTLS — filled from what the run established.

use serde_json::{Value, json};

use crate::config::TargetFile;

/// `0.2` from `0.2.0`.
pub fn harp_version() -> String {
    let v = crate::discovery::OUR_PROTOCOL_VERSION;
    v.split('.').take(2).collect::<Vec<_>>().join(".")
}

/// What the declaration is built from.
#[derive(Debug, Clone, Copy)]
pub struct DeclarationInput<'a> {
    pub level: Option<&'a str>,
    pub base_url: &'a str,
    pub ws_url: &'a str,
    /// Surfaces the run counted as served.
    pub served: &'a [String],
    pub config: &'a TargetFile,
    pub runtime_info: Option<&'a Value>,
}

fn algorithms(d: &DeclarationInput) -> Vec<String> {
    if !d.config.artifact.allowed_cipher_algs.is_empty() {
        return d.config.artifact.allowed_cipher_algs.clone();
    }
    d.runtime_info
        .and_then(|ri| ri.get("algorithms"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The transports the target was seen (or declared) to serve: HTTPS/HTTP, SSE, WSS/WS.
pub fn transports(d: &DeclarationInput) -> Vec<&'static str> {
    let served = |s: &str| d.served.iter().any(|x| x == s);
    let mut t = vec![if d.base_url.starts_with("https://") {
        "HTTPS"
    } else {
        "HTTP"
    }];
    if served("sse_approver") || served("sse_enforcer") {
        t.push("SSE");
    }
    if served("websocket") {
        t.push(if d.ws_url.starts_with("wss://") {
            "WSS"
        } else {
            "WS"
        });
    }
    t
}

/// Builds the declaration document.
pub fn build(d: &DeclarationInput) -> Value {
    json!({
        "harpVersion": harp_version(),
        "conformanceLevel": d.level,
        "algorithms": algorithms(d),
        "transport": transports(d),
        "mTLS": d.config.tls.mtls_required,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members() {
        let cfg = TargetFile::default();
        let served = vec!["websocket".to_string(), "sse_approver".to_string()];
        let d = DeclarationInput {
            level: Some("Core"),
            base_url: "https://gw.example",
            ws_url: "wss://gw.example/v1/ws",
            served: &served,
            config: &cfg,
            runtime_info: Some(&json!({"algorithms": ["XChaCha20-Poly1305"]})),
        };
        let v = build(&d);
        assert_eq!(v["harpVersion"], "0.2");
        assert_eq!(v["conformanceLevel"], "Core");
        assert_eq!(v["transport"], json!(["HTTPS", "SSE", "WSS"]));
        assert_eq!(v["algorithms"], json!(["XChaCha20-Poly1305"]));
        assert_eq!(v["mTLS"], false);
    }
}
