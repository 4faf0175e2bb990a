//! The WebSocket `hello` control message (ext, BND §5.1, TV/07): a bare JSON object
//! `{"msgType":"hello", capabilities?, workspaceName?, enforcerLabel?}`. It is accepted without a
//! reply and fills the enforcer's presence record; with the seed surfaces it is not intercepted
//! (and so refused like any unknown msgType, C-07).

use serde_json::{Map, Value};

use crate::delivery::presence::{HelloInfo, PresenceGuard};
use crate::envelope::outbound;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::state::AppState;

pub const HELLO: &str = "hello";

/// `None` when the frame is not a hello (normal dispatch follows); `Some(None)` when accepted
/// (no reply); `Some(Some(error envelope))` when it is a malformed hello.
pub fn intercept(
    state: &AppState,
    presence: Option<&PresenceGuard>,
    bytes: &[u8],
) -> Option<Option<String>> {
    if !state.settings.ext.enabled() || state.faults.on(Fault::WsHelloRefused) {
        return None;
    }
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(bytes) else {
        return None;
    };
    if map.get("msgType").and_then(Value::as_str) != Some(HELLO) {
        return None;
    }
    Some(match parse(&map) {
        Ok(info) => {
            if let Some(p) = presence
                && !state.faults.on(Fault::PresenceHelloIgnored)
            {
                p.hello(info);
            }
            None
        }
        Err(e) => Some(outbound::error(&state.settings.gateway_id, &e)),
    })
}

/// Reads the optional hello members; other members are tolerated (control messages are open).
pub fn parse(map: &Map<String, Value>) -> Result<HelloInfo, ApiError> {
    let capabilities = match map.get("capabilities") {
        None | Some(Value::Null) => None,
        Some(Value::Object(c)) => Some(c.clone()),
        Some(_) => {
            return Err(ApiError::validation(
                "hello `capabilities` must be an object",
            ));
        }
    };
    Ok(HelloInfo {
        capabilities,
        workspace_name: text(map, "workspaceName")?,
        enforcer_label: text(map, "enforcerLabel")?,
    })
}

fn text(map: &Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::validation(format!(
            "hello `{key}` must be a string"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_tv07_and_refuses_bad_types() {
        let tv07 = json!({"msgType": "hello", "capabilities": {"push": true, "poll": false},
            "workspaceName": "airlock", "enforcerLabel": "Antigravity"});
        let info = parse(tv07.as_object().expect("object")).expect("valid");
        assert_eq!(info.workspace_name.as_deref(), Some("airlock"));
        assert_eq!(info.enforcer_label.as_deref(), Some("Antigravity"));
        assert_eq!(info.capabilities.expect("caps")["push"], json!(true));
        let bad = json!({"msgType": "hello", "capabilities": [1]});
        assert!(parse(bad.as_object().expect("object")).is_err());
        let minimal = json!({"msgType": "hello"});
        assert!(parse(minimal.as_object().expect("object")).is_ok());
    }
}
