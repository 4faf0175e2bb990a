//! The outermost middleware of a gateway with faults: relabels HARP responses
//! (`content-type-json`) and distorts emitted REST envelopes (`faults::emitted`). Without active
//! faults it passes responses through untouched. Also the body-before-auth deviation.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{Fault, emitted, rewrites_emitted};
use crate::auth::Identity;
use crate::envelope::{inbound, outbound};
use crate::error::{ApiError, ErrorCode};
use crate::routes::render::HARP_JSON;
use crate::state::AppState;
use crate::store::faulty;

/// Largest REST body this layer rewrites; bigger ones pass unchanged.
const REWRITE_LIMIT: usize = 8 * 1024 * 1024;

pub async fn apply(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let bare_ext = ["/v1/pairing/", "/v1/presence/", "/v1/requests/"]
        .iter()
        .any(|p| req.uri().path().starts_with(p));
    let res = next.run(req).await;
    let is_harp = res
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(HARP_JSON.as_bytes()));
    if bare_ext && !is_harp && state.faults.on(Fault::ExtRepliesEnveloped) {
        return enveloped(&state, res).await;
    }
    if !is_harp {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    if state.faults.on(Fault::ContentTypeJson) {
        parts
            .headers
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    if !rewrites_emitted(state.faults) {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, REWRITE_LIMIT).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let text = String::from_utf8_lossy(&bytes);
    match emitted(state.faults, &text) {
        Some(changed) => {
            parts.headers.remove(CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(changed))
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// `ext-replies-enveloped`: a bare-JSON ext reply wrapped as the `body` of an `ext.reply` envelope.
async fn enveloped(state: &AppState, res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, REWRITE_LIMIT).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(inner) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let wrapped = outbound::reply(&state.settings.gateway_id, "ext.reply", "", inner);
    let Ok(text) = wrapped else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts.headers.remove(CONTENT_LENGTH);
    parts
        .headers
        .insert(CONTENT_TYPE, HeaderValue::from_static(HARP_JSON));
    Response::from_parts(parts, Body::from(text))
}

/// `auth-after-body`: reads and parses a JSON request body BEFORE authentication, refusing
/// malformed JSON with 400 whoever sent it; otherwise hands the request on with its body intact.
pub async fn parse_body_first(req: Request) -> Result<Request, Response> {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, REWRITE_LIMIT)
        .await
        .map_err(|e| {
            ApiError::validation(format!("cannot read request body: {e}")).into_response()
        })?;
    if !bytes.is_empty() && serde_json::from_slice::<serde_json::Value>(&bytes).is_err() {
        let err = ApiError::new(ErrorCode::InvalidJson, "body is not valid JSON");
        return Err(err.into_response());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// `checks-before-auth` (for a request without a valid credential): validates a submission as its
/// endpoint would and checks an artifact's requestId for a conflict, answering 400/409 before the
/// 401; hands the request on (body intact) when nothing is wrong.
pub async fn check_before_auth(state: &AppState, req: Request) -> Result<Request, Response> {
    let path = req.uri().path().to_owned();
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, REWRITE_LIMIT)
        .await
        .map_err(|e| ApiError::validation(format!("cannot read request body: {e}")))
        .map_err(IntoResponse::into_response)?;
    let checked = match path.as_str() {
        "/v1/artifacts" => match inbound::artifact_submit(&bytes, state.faults) {
            Ok(a) => conflict_of(state, a.request_id, a.artifact_hash).await,
            Err(e) => Err(e),
        },
        "/v1/decisions" => inbound::decision_submit(&bytes, state.faults).map(drop),
        "/v1/acks" => inbound::ack_submit(&bytes, state.faults).map(drop),
        _ => Ok(()),
    };
    checked.map_err(IntoResponse::into_response)?;
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// 409 when `request_id` exists with another artifactHash.
async fn conflict_of(state: &AppState, request_id: String, hash: String) -> Result<(), ApiError> {
    let id = request_id.clone();
    let stored = state.store.call(move |c| faulty::exchange_hash(c, &id));
    match stored.await? {
        Some(h) if h != hash => Err(ApiError::new(
            ErrorCode::AlreadyExistsConflict,
            "requestId is already used by an exchange with a different artifactHash",
        )
        .for_request(request_id)),
        _ => Ok(()),
    }
}

/// `signature-authenticates`: the approver a credential-less decision names in
/// `sender.approverId`, trusted because the decision is signed.
pub async fn signed_decision_caller(
    state: &AppState,
    req: Request,
) -> (Request, Option<Arc<Identity>>) {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, REWRITE_LIMIT)
        .await
        .unwrap_or_default();
    let named = inbound::decision_submit(&bytes, state.faults)
        .ok()
        .and_then(|d| state.identities.approver(&d.approver_id).cloned())
        .map(Arc::new);
    (Request::from_parts(parts, Body::from(bytes)), named)
}
