//! The capability handshake (CLI-02): `POST /v1/control/runtime.info`, protocol major check, capabilities.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::transport::{HttpClient, HttpRequest, Transcript, TransportError};

/// The protocol version this suite speaks.
pub const OUR_PROTOCOL_VERSION: &str = "0.2.0";

/// What the handshake found.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    /// The runtime.info document, when the target served one.
    pub runtime_info: Option<Value>,
    pub protocol_version: Option<String>,
    /// Advertised capabilities (unknown strings kept); `None` when runtime.info is not served.
    pub capabilities: Option<BTreeSet<String>>,
    /// One human line about what happened, printed at the start of a run.
    pub note: String,
}

/// Why a run cannot start.
#[derive(Debug, thiserror::Error)]
pub enum DiscoveryError {
    #[error("cannot reach the target at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error(
        "the target speaks protocol {theirs} but this suite speaks {ours}: a different major version; pass --allow-major-mismatch to run anyway"
    )]
    MajorMismatch { theirs: String, ours: String },
    #[error("harness error during discovery: {0}")]
    Harness(String),
}

/// The numeric major of a semver-ish string ("0.2.0", "v1.4"); `None` when it has none.
pub fn major(version: &str) -> Option<u64> {
    version
        .trim()
        .trim_start_matches(['v', 'V'])
        .split('.')
        .next()?
        .parse()
        .ok()
}

/// Runs the handshake. `headers` carry credentials (some targets guard runtime.info).
pub async fn discover(
    client: &HttpClient,
    base_url: &str,
    headers: Vec<(String, String)>,
    allow_major_mismatch: bool,
    transcript: &Transcript,
) -> Result<Discovery, DiscoveryError> {
    let url = format!("{base_url}/v1/control/runtime.info");
    let mut h = headers;
    h.push(("content-type".into(), "application/json".into()));
    let req = HttpRequest {
        method: "POST".into(),
        url: url.clone(),
        headers: h,
        body: Some(b"{}".to_vec()),
        ..Default::default()
    };
    let resp = match client.send(req, transcript).await {
        Ok(r) => r,
        Err(TransportError::Harness(e)) => return Err(DiscoveryError::Harness(e)),
        Err(e) => {
            return Err(DiscoveryError::Unreachable {
                url: base_url.to_string(),
                reason: e.to_string(),
            });
        }
    };
    let doc = (resp.status == 200)
        .then(|| serde_json::from_slice::<Value>(&resp.body).ok())
        .flatten()
        .filter(|v| v.get("protocol_version").is_some_and(Value::is_string));
    let Some(doc) = doc else {
        return Ok(Discovery {
            note: format!(
                "runtime.info not served (HTTP {}): surfaces follow [surfaces] (probe by default)",
                resp.status
            ),
            ..Default::default()
        });
    };
    interpret(doc, allow_major_mismatch)
}

/// Reads protocol_version and capabilities from a runtime.info document.
pub fn interpret(doc: Value, allow_major_mismatch: bool) -> Result<Discovery, DiscoveryError> {
    let version = doc["protocol_version"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let ours = major(OUR_PROTOCOL_VERSION);
    let mut note = format!("runtime.info: protocol_version {version}");
    if major(&version) != ours {
        if !allow_major_mismatch {
            return Err(DiscoveryError::MajorMismatch {
                theirs: version,
                ours: OUR_PROTOCOL_VERSION.into(),
            });
        }
        note.push_str(" (major mismatch allowed by --allow-major-mismatch)");
    }
    let caps: BTreeSet<String> = doc["capabilities"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    note.push_str(&format!(
        "; capabilities: {}",
        caps.iter().cloned().collect::<Vec<_>>().join(", ")
    ));
    Ok(Discovery {
        runtime_info: Some(doc),
        protocol_version: Some(version),
        capabilities: Some(caps),
        note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn majors_compare_numerically() {
        assert_eq!(major("0.2.0"), Some(0));
        assert_eq!(major("v10.1"), Some(10));
        assert_eq!(major("x"), None);
        let d = interpret(
            json!({"protocol_version":"0.9.1","capabilities":["artifacts","future_thing"]}),
            false,
        )
        .unwrap();
        let caps = d.capabilities.unwrap();
        assert!(caps.contains("future_thing") && caps.contains("artifacts"));
        let e = interpret(json!({"protocol_version":"1.0.0"}), false).unwrap_err();
        assert!(e.to_string().contains("--allow-major-mismatch"));
        assert!(interpret(json!({"protocol_version":"1.0.0"}), true).is_ok());
    }
}
