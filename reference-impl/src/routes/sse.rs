//! SSE streams: `GET /v1/sse/approvers/{approverId}` (`approval.request`) and
//! `GET /v1/sse/enforcers/{enforcerId}` (`decision.deliver`); `ping` keepalives; on connect the
//! unacked backlog is replayed with its original msgIds.

use std::convert::Infallible;

use axum::Extension;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

use crate::auth::{Caller, Role, require_self};
use crate::delivery::presence::{self, Transport};
use crate::delivery::push;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::state::AppState;

pub async fn approver(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    open(state, caller, Role::Approver, path).await
}

pub async fn enforcer(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    open(state, caller, Role::Enforcer, path).await
}

async fn open(
    state: AppState,
    caller: Caller,
    role: Role,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(id) = path.map_err(|e| ApiError::parameter(e.body_text()))?;
    let cross = role == Role::Approver && caller.role == Role::Approver;
    if !(cross && state.faults.on(Fault::CrossApproverStream)) {
        require_self(&caller, role, &id)?;
    }
    // Register first, then read the backlog: a message created in between arrives twice with
    // the same msgId (allowed: at-least-once), never zero times.
    let (handle, rx) = state.registry.register(role, &id);
    let presence = presence::attach(&state, &caller, Transport::Sse, None);
    let backlog = push::backlog(&state, &caller).await?;
    let faults = state.faults;
    let events = futures::stream::iter(backlog)
        .chain(ReceiverStream::new(rx))
        .map(move |out| {
            let _registered = &handle; // unregisters when the client goes away
            let _present = &presence; // and goes offline (ext presence)
            let mut event = Event::default();
            if !faults.on(Fault::SseWrongEventName) {
                event = event.event(out.event);
            }
            Ok::<_, Infallible>(if faults.on(Fault::SseDataNotEnvelope) {
                event.data(format!(
                    "{{\"event\":\"{}\",\"data\":{}}}",
                    out.event, out.data
                ))
            } else {
                event.data(&*out.data)
            })
        })
        .take_until(state.shutdown_signal());
    let keepalive = KeepAlive::new()
        .interval(state.settings.sse_keepalive)
        .event(Event::default().event("ping").data(""));
    let mut res = Sse::new(events).keep_alive(keepalive).into_response();
    if state.faults.on(Fault::SseContentType) {
        let plain = axum::http::HeaderValue::from_static("text/plain");
        res.headers_mut()
            .insert(axum::http::header::CONTENT_TYPE, plain);
    }
    Ok(res)
}
