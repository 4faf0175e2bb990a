//! Authentication middleware (before any body is read) and the authorization rules (HARP-GW §9).

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;

use axum::extract::{Query, Request, State};
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::client_cert::{ClientCertificate, check_binding};
use super::identities::{Identity, Role};
use crate::error::{ApiError, ErrorCode};
use crate::faults::{self, Fault};
use crate::state::AppState;

/// The authenticated principal of a request (a request extension set by [`authenticate`]).
#[derive(Clone, Debug)]
pub struct Caller(pub Arc<Identity>);

impl Deref for Caller {
    type Target = Identity;
    fn deref(&self) -> &Identity {
        &self.0
    }
}

/// Middleware: maps `Authorization: Bearer <credential>` (or `?access_token=`) to a [`Caller`];
/// answers 401 otherwise. It runs before handlers, so before any body is read.
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if state.faults.on(Fault::AuthAfterBody) {
        req = match faults::http::parse_body_first(req).await {
            Ok(req) => req,
            Err(refused) => return refused,
        };
    }
    let authenticated = credential_of(&req).and_then(|c| state.identities.authenticate(&c));
    if authenticated.is_none() && state.faults.on(Fault::ChecksBeforeAuth) {
        req = match faults::http::check_before_auth(&state, req).await {
            Ok(req) => req,
            Err(refused) => return refused,
        };
    }
    if authenticated.is_none()
        && req.uri().path() == "/v1/decisions"
        && state.faults.on(Fault::SignatureAuthenticates)
    {
        let (back, named) = faults::http::signed_decision_caller(&state, req).await;
        req = back;
        if let Some(identity) = named {
            req.extensions_mut().insert(Caller(identity));
            return next.run(req).await;
        }
    }
    let Some(credential) = credential_of(&req) else {
        if state.faults.on(Fault::MissingCredential400) {
            return ApiError::validation("missing credential").into_response();
        }
        return unauthorized("missing credential: send `Authorization: Bearer <credential>`");
    };
    match state.identities.authenticate(&credential) {
        Some(identity) => {
            let presented = req.extensions().get::<ClientCertificate>();
            if let Err(refused) = check_binding(&identity, presented) {
                return refused.into_response();
            }
            req.extensions_mut().insert(Caller(identity));
            next.run(req).await
        }
        None if state.faults.on(Fault::InvalidCredential403) => {
            ApiError::forbidden("invalid credential").into_response()
        }
        None => unauthorized("invalid credential"),
    }
}

fn credential_of(req: &Request) -> Option<String> {
    if let Some(value) = req.headers().get(AUTHORIZATION) {
        let value = value.to_str().ok()?;
        let (scheme, token) = value.split_once(' ')?;
        let token = token.trim();
        return (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty())
            .then(|| token.to_owned());
    }
    // Browsers cannot set headers on EventSource/WebSocket: accept `?access_token=` as well.
    let Query(params) = Query::<HashMap<String, String>>::try_from_uri(req.uri()).ok()?;
    params
        .get("access_token")
        .filter(|t| !t.is_empty())
        .cloned()
}

fn unauthorized(message: &str) -> Response {
    (
        [(WWW_AUTHENTICATE, "Bearer")],
        ApiError::new(ErrorCode::Unauthorized, message),
    )
        .into_response()
}

/// 403 unless the caller has `role`.
pub fn require_role(caller: &Identity, role: Role, action: &str) -> Result<(), ApiError> {
    if caller.role == role {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "a {} may not {action}; only a {} may",
            caller.role.as_str(),
            role.as_str()
        )))
    }
}

/// 403 unless the caller IS the principal `(role, id)` named in a path or query (streams, WS).
pub fn require_self(caller: &Identity, role: Role, id: &str) -> Result<(), ApiError> {
    if caller.role == role && caller.id == id {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "this channel belongs to {} `{id}`; it may only be opened with that identity's credential",
            role.as_str()
        )))
    }
}

/// 403 unless the caller is approver `id` or an admin (inbox reads).
pub fn require_approver_or_admin(caller: &Identity, id: &str) -> Result<(), ApiError> {
    match caller.role {
        Role::Admin => Ok(()),
        Role::Approver if caller.id == id => Ok(()),
        Role::Approver => Err(ApiError::forbidden(
            "an approver may only read its own inbox",
        )),
        Role::Enforcer => Err(ApiError::forbidden(
            "an enforcer may not read an approver inbox",
        )),
    }
}

/// Whether the caller may see an exchange of `tenant` submitted by `enforcer_id`: admins always;
/// approvers of the same tenant; only the submitting enforcer.
pub fn may_access_exchange(caller: &Identity, tenant: &str, enforcer_id: &str) -> bool {
    match caller.role {
        Role::Admin => true,
        Role::Approver => caller.tenant == tenant,
        Role::Enforcer => caller.tenant == tenant && caller.id == enforcer_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(role: Role, id: &str, tenant: &str) -> Identity {
        Identity {
            name: id.into(),
            id: id.into(),
            credential: format!("c-{id}"),
            role,
            tenant: tenant.into(),
            client_cert_sha256: None,
        }
    }

    #[test]
    fn exchange_access_rules() {
        let e = who(Role::Enforcer, "e1", "t1");
        assert!(may_access_exchange(&e, "t1", "e1"));
        assert!(!may_access_exchange(&e, "t1", "e2"));
        assert!(!may_access_exchange(
            &who(Role::Approver, "a", "t2"),
            "t1",
            "e1"
        ));
        assert!(may_access_exchange(
            &who(Role::Approver, "a", "t1"),
            "t1",
            "e1"
        ));
        assert!(may_access_exchange(
            &who(Role::Admin, "root", "t9"),
            "t1",
            "e1"
        ));
    }

    #[test]
    fn path_binding() {
        let a = who(Role::Approver, "a1", "t1");
        assert!(require_self(&a, Role::Approver, "a1").is_ok());
        assert!(require_self(&a, Role::Approver, "a2").is_err());
        assert!(require_self(&a, Role::Enforcer, "a1").is_err());
        assert!(require_approver_or_admin(&who(Role::Enforcer, "e", "t1"), "a1").is_err());
    }
}
