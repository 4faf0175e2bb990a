//! `GET /v1/exchanges/{requestId}` (status) and `GET /v1/exchanges/{requestId}/wait?timeout=`
//! (long-poll: 200 `decision.deliver` as soon as a decision exists, 204 on timeout).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::Extension;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tokio::time::Instant;

use super::render::harp;
use crate::auth::{Caller, Identity, Role};
use crate::clock;
use crate::delivery::presence::{self, Transport};
use crate::envelope::outbound;
use crate::error::{ApiError, ErrorCode};
use crate::faults::Fault;
use crate::state::AppState;
use crate::store::{Lookup, WaitState, exchanges, faulty};

pub async fn status(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(request_id) = path.map_err(|e| ApiError::parameter(e.body_text()))?;
    let (id, who, now) = (request_id.clone(), viewer(&state, &caller), clock::now_ms());
    let found = state
        .store
        .call(move |c| exchanges::status(c, &id, &who, now))
        .await?;
    let view = found_or_refuse(found, &request_id)?;
    let envelope = outbound::exchange_status(&state.settings.gateway_id, &view)?;
    Ok(harp(StatusCode::OK, envelope))
}

pub async fn wait(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Path(request_id) = path.map_err(|e| ApiError::parameter(e.body_text()))?;
    let Query(params) = query.map_err(|e| ApiError::parameter(e.body_text()))?;
    let settings = &state.settings;
    let secs = parse_timeout(
        params.get("timeout").map(String::as_str),
        settings.wait_default_secs,
        settings.wait_max_secs,
    )?;
    if secs < 2 && state.faults.on(Fault::WaitShortTimeoutRefused) {
        return Err(ApiError::parameter("`timeout` must be at least 2 seconds"));
    }
    let deadline = Instant::now() + Duration::from_secs(secs);
    // Subscribe before the first check so a decision landing in between still wakes us.
    let mut changes = state.waiters.subscribe(&request_id);
    let _presence = presence::attach(&state, &caller, Transport::Poll, None);
    let shutdown = state.shutdown_signal();
    tokio::pin!(shutdown);
    let mut miss_stored = state.faults.on(Fault::DecisionLostWithoutChannel);
    loop {
        let (id, who, now) = (request_id.clone(), viewer(&state, &caller), clock::now_ms());
        let found = state
            .store
            .call(move |c| exchanges::wait_state(c, &id, &who, now))
            .await?;
        let expires_ms = match found_or_refuse(found, &request_id)? {
            WaitState::Decided(_) if miss_stored => i64::MAX,
            WaitState::Decided(m) if state.faults.on(Fault::DecisionReturnedOnce) => {
                let (id, now) = (m.msg_id.clone(), clock::now_ms());
                if state
                    .store
                    .call(move |c| faulty::take_decision(c, &id, now))
                    .await?
                {
                    let envelope = outbound::decision_deliver(&settings.gateway_id, &m)?;
                    return Ok(harp(StatusCode::OK, envelope));
                }
                i64::MAX
            }
            WaitState::Decided(m) => {
                let envelope = outbound::decision_deliver(&settings.gateway_id, &m)?;
                return Ok(harp(StatusCode::OK, envelope));
            }
            WaitState::Closed(s) => {
                return Err(ApiError::new(
                    ErrorCode::StateConflict,
                    format!(
                        "the exchange is {} and will never yield a decision",
                        s.as_str()
                    ),
                )
                .for_request(request_id));
            }
            WaitState::Pending { expires_ms } => expires_ms,
        };
        miss_stored = false;
        let to_expiry = u64::try_from(expires_ms.saturating_sub(now)).unwrap_or(0) + 1;
        let wake = deadline.min(Instant::now() + Duration::from_millis(to_expiry));
        tokio::select! {
            _ = changes.changed(), if !state.faults.on(Fault::WaitNotWoken) => {}
            _ = tokio::time::sleep_until(wake) => {
                if Instant::now() >= deadline {
                    if state.faults.on(Fault::WaitEmpty200) {
                        return Ok(harp(StatusCode::OK, String::new()));
                    }
                    return Ok(StatusCode::NO_CONTENT.into_response());
                }
            }
            _ = &mut shutdown => {
                return Err(ApiError::new(ErrorCode::Unavailable, "the gateway is shutting down"));
            }
        }
    }
}

/// The identity whose access rights apply: the caller, or an admin under `tenant-unchecked`.
fn viewer(state: &AppState, caller: &Caller) -> Arc<Identity> {
    if state.faults.on(Fault::TenantUnchecked) {
        let mut anyone = (*caller.0).clone();
        anyone.role = Role::Admin;
        Arc::new(anyone)
    } else {
        caller.0.clone()
    }
}

fn found_or_refuse<T>(found: Lookup<T>, request_id: &str) -> Result<T, ApiError> {
    match found {
        Lookup::Found(v) => Ok(v),
        Lookup::NotFound => Err(ApiError::not_found(format!(
            "no exchange with requestId `{request_id}`"
        ))),
        Lookup::Forbidden => Err(ApiError::forbidden(
            "this exchange belongs to another enforcer or tenant",
        )),
    }
}

/// `timeout` in whole seconds: default when absent, clamped to `[1, max]`, 400 if not an integer.
pub fn parse_timeout(raw: Option<&str>, default: u64, max: u64) -> Result<u64, ApiError> {
    match raw.filter(|s| !s.is_empty()) {
        None => Ok(default.clamp(1, max)),
        Some(s) => s
            .parse::<i64>()
            .map(|n| u64::try_from(n).unwrap_or(0).clamp(1, max))
            .map_err(|_| {
                ApiError::parameter(format!(
                    "`timeout` must be an integer number of seconds (got `{s}`)"
                ))
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_clamp_or_refuse() {
        assert_eq!(parse_timeout(None, 30, 60).ok(), Some(30));
        assert_eq!(parse_timeout(Some("0"), 30, 60).ok(), Some(1));
        assert_eq!(parse_timeout(Some("-5"), 30, 60).ok(), Some(1));
        assert_eq!(parse_timeout(Some("3600"), 30, 60).ok(), Some(60));
        assert!(parse_timeout(Some("abc"), 30, 60).is_err());
        assert!(parse_timeout(Some("1.5"), 30, 60).is_err());
    }
}
