//! The expanded v0.2 routes, mounted only when the ext surfaces are on (`--surfaces ext`, the
//! default); with `--surfaces seed` they fall through to the 404 fallback like any unknown route.

use axum::Router;
use axum::routing::{delete, get, post};

use super::{inbox_ext, pairing, presence, refresh, withdraw};
use crate::state::AppState;

/// `runtime.info` capabilities added while the ext surfaces are on.
pub const CAPABILITIES: &[&str] = &[
    "inbox_expired",
    "inbox_delete",
    "withdraw",
    "refresh",
    "presence",
    "pairing",
    "ws_hello",
];

/// The ext routes (authenticated by the caller's `route_layer`), or none when switched off.
pub fn router(state: &AppState) -> Router<AppState> {
    if !state.settings.ext.enabled() {
        return Router::new();
    }
    Router::new()
        .route(
            "/v1/approvers/{approver_id}/inbox/expired",
            get(inbox_ext::expired),
        )
        .route(
            "/v1/approvers/{approver_id}/inbox/{request_id}",
            delete(inbox_ext::delete),
        )
        .route("/v1/exchanges/{request_id}/withdraw", post(withdraw::post))
        .route("/v1/requests/{request_id}/refresh", post(refresh::post))
        .route("/v1/presence/enforcers", get(presence::list))
        .route("/v1/presence/enforcers/{enforcer_id}", get(presence::one))
        .route("/v1/pairing/initiate", post(pairing::initiate))
        .route("/v1/pairing/resolve/{code}", get(pairing::resolve))
        .route("/v1/pairing/{nonce}/status", get(pairing::status))
        .route("/v1/pairing/complete", post(pairing::complete))
}
