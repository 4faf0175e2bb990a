//! Reference HARP gateway: the HARP-GATEWAY HTTP binding (REST, SSE, WebSocket) over SQLite.
//!
//! `AppState::open(settings)` loads identities and the database, [`app`] builds the router and
//! [`run`] serves it until the shutdown future resolves ([`run_tls`]: the same over HTTPS/WSS).

pub mod auth;
pub mod clock;
pub mod config;
pub mod delivery;
pub mod envelope;
pub mod error;
pub mod ext;
pub mod faults;
pub mod framing;
pub mod reaper;
pub mod routes;
pub mod state;
pub mod store;
pub mod tls;

use std::future::{Future, IntoFuture};

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

use routes::{acks, artifacts, control, decisions, exchanges, inbox, render, sse, ws};
pub use state::{AppState, StartError, Started};
pub use tls::run_tls;

/// The full HTTP surface. Authentication wraps every `/v1` route except `/v1/control/*`;
/// errors from anywhere leave as `error` envelopes.
pub fn app(state: AppState) -> Router {
    let mut v1 = Router::new();
    if state.faults.on(faults::Fault::V2ServedAsV1) {
        v1 = v1
            .route("/v2/artifacts", post(artifacts::post))
            .route("/v2/decisions", post(decisions::post))
            .route("/v2/acks", post(acks::post));
    }
    let authenticated = v1
        .route("/v1/artifacts", post(artifacts::post))
        .route("/v1/decisions", post(decisions::post))
        .route("/v1/acks", post(acks::post))
        .route("/v1/approvers/{approver_id}/inbox", get(inbox::get))
        .route("/v1/exchanges/{request_id}", get(exchanges::status))
        .route("/v1/exchanges/{request_id}/wait", get(exchanges::wait))
        .route("/v1/sse/approvers/{approver_id}", get(sse::approver))
        .route("/v1/sse/enforcers/{enforcer_id}", get(sse::enforcer))
        .route("/v1/ws", get(ws::upgrade))
        .merge(routes::ext::router(&state))
        .route_layer(from_fn_with_state(
            state.clone(),
            auth::access::authenticate,
        ));
    Router::new()
        .merge(authenticated)
        .route("/v1/control/{method}", post(control::call))
        .fallback(render::fallback)
        .layer(from_fn_with_state(state.clone(), render::render_errors))
        .layer(from_fn_with_state(state.clone(), faults::http::apply))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves `state` on `listener` (behind the framing guard, plus the expiry reaper) until `shutdown` resolves, then lets
/// open connections finish for up to `settings.shutdown_grace`.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let reaper = tokio::spawn(reaper::run(state.clone()));
    let trigger = state.clone();
    let serve = axum::serve(framing::GuardedListener(listener), app(state.clone()))
        .with_graceful_shutdown(async move {
            shutdown.await;
            trigger.begin_shutdown();
        })
        .into_future();
    let grace = state.settings.shutdown_grace;
    let drained = async {
        state.shutdown_signal().await;
        tokio::time::sleep(grace).await;
    };
    let result = tokio::select! {
        r = serve => r,
        _ = drained => {
            tracing::warn!("connections still open after the shutdown grace period; stopping");
            Ok(())
        }
    };
    reaper.abort();
    result
}
