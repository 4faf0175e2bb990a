//! Harbor-style discovery: `POST /v1/control/runtime.info` (no auth), bare JSON with
//! `protocol_version` on every control response; unknown methods are 404 `unknown_method`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::config::Settings;
use crate::faults::Fault;
use crate::state::AppState;

pub const PROTOCOL_VERSION: &str = "0.2.0";

/// The surfaces this gateway serves. Extension surfaces (inbox/expired, withdraw, presence, …)
/// add their names here when they are switched on.
pub fn capabilities(settings: &Settings) -> Vec<&'static str> {
    let mut caps = vec![
        "artifacts",
        "decisions",
        "inbox",
        "exchanges",
        "wait",
        "acks",
        "sse_approver",
        "sse_enforcer",
        "websocket",
        "ws_artifact_submit",
        "ws_decision_submit",
    ];
    if settings.ext.enabled() {
        caps.extend_from_slice(super::ext::CAPABILITIES);
    }
    caps
}

pub async fn call(State(state): State<AppState>, Path(method): Path<String>) -> Response {
    match method.as_str() {
        "runtime.info" => Json(json!({
            "instance_id": state.settings.gateway_id,
            "display_name": "HARP reference gateway",
            "build_version": env!("CARGO_PKG_VERSION"),
            "protocol_version": PROTOCOL_VERSION,
            "capabilities": capabilities(&state.settings),
            "uptime_seconds": state.uptime().as_secs(),
        }))
        .into_response(),
        other => {
            let mut body = json!({
                "code": "unknown_method",
                "message": format!("method \"{other}\" is not a canonical Protocol method"),
                "protocol_version": PROTOCOL_VERSION,
            });
            if state.faults.on(Fault::ControlUnknownMethodCode) {
                body["code"] = json!("not_found");
            }
            if state.faults.on(Fault::ControlProtocolVersionMissing) {
                body.as_object_mut()
                    .map(|b| b.shift_remove("protocol_version"));
            }
            (StatusCode::NOT_FOUND, Json(body)).into_response()
        }
    }
}
