//! Sending requests from a World: credentials, the skip discipline, and the universal checks applied to
//! every response (GW-ERR-13 no 5xx, GW-ENV-01 media type, GW-ERR-01 error shape).

use std::time::Duration;

use serde_json::Value;

use super::context::Actor;
use super::state::{Fail, HarpWorld, StepResult};
use crate::config::policy::ErrorShape;
use crate::surface;
use crate::transport::transcript::render_body;
use crate::transport::{HttpRequest, HttpResponse};

/// The media type of HARP messages.
pub const HARP_JSON: &str = "application/harp+json";

/// "404 (body: …)" evidence for skips and messages.
pub fn evidence(resp: &HttpResponse) -> String {
    let head = render_body(&resp.body[..resp.body.len().min(300)]);
    if head.is_empty() {
        format!("HTTP {} with an empty body", resp.status)
    } else {
        format!("HTTP {}: {head}", resp.status)
    }
}

/// The error-body shape check of GW-ERR-01 under `errors.shape` (C-05), lenient on envelope members
/// that need not exist on errors not tied to an exchange (C-23).
pub fn check_error_shape(
    v: &Value,
    shape: ErrorShape,
    require_retryable: bool,
) -> Result<(), String> {
    let env_body = (v["msgType"] == "error")
        .then(|| &v["body"])
        .filter(|b| b.is_object());
    let body = match (shape, env_body) {
        (ErrorShape::Envelope | ErrorShape::Either, Some(b)) => b,
        (ErrorShape::Bare | ErrorShape::Either, None) if v["code"].is_string() => v,
        (ErrorShape::Envelope, None) => {
            return Err("GW-ERR-01: error body is not an envelope with msgType \"error\" and an object body".into());
        }
        _ => {
            return Err(
                "GW-ERR-01: error body has neither an error envelope nor a bare {code, message}"
                    .into(),
            );
        }
    };
    for key in ["code", "message"] {
        if !body[key].is_string() {
            return Err(format!(
                "GW-ERR-01: error body member `{key}` must be a string, got {}",
                body[key]
            ));
        }
    }
    match body.get("retryable") {
        Some(r) if !r.is_boolean() => {
            Err(format!("TR-ERR-01: `retryable` must be a boolean, got {r}"))
        }
        None if require_retryable => {
            Err("TR-ERR-01: `retryable` is required (errors.require_retryable)".into())
        }
        _ => Ok(()),
    }
}

/// Checks every response must pass, whatever the scenario expects.
pub fn universal_checks(
    resp: &HttpResponse,
    surface: Option<&str>,
    shape: ErrorShape,
    require_retryable: bool,
    bare_types: &[String],
) -> Result<(), String> {
    // GW-ERR-14: 503 is the binding's answer to a refresh whose enforcer has no live channel.
    let refresh_503 = resp.status == 503 && surface == Some("refresh");
    if resp.status >= 500 && !refresh_503 {
        return Err(format!(
            "GW-ERR-13: the target answered {} (5xx is only for server faults)",
            evidence(resp)
        ));
    }
    if resp.body.is_empty() || resp.status == 405 {
        return Ok(());
    }
    let mt = resp.media_type().unwrap_or_default();
    let ok_type = mt == HARP_JSON || (surface::is_bare_json(surface) && bare_types.contains(&mt));
    if !ok_type {
        return Err(format!(
            "GW-ENV-01: expected Content-Type {HARP_JSON}, got {} on HTTP {}",
            if mt.is_empty() {
                "none".to_string()
            } else {
                mt
            },
            resp.status
        ));
    }
    if resp.status >= 400 {
        let v = resp.json().map_err(|e| format!("GW-ERR-01: {e}"))?;
        check_error_shape(&v, shape, require_retryable)?;
    }
    Ok(())
}

impl HarpWorld {
    /// Sends a request as `actor` (None = anonymous) to `path` under the base URL, applies the skip
    /// discipline and the universal checks, and makes the response the "last response".
    pub async fn request(
        &mut self,
        actor: Option<Actor>,
        method: &str,
        path: &str,
        body: Option<Vec<u8>>,
        extra_headers: Vec<(String, String)>,
        timeout: Option<Duration>,
    ) -> StepResult<HttpResponse> {
        let ctx = self.ctx();
        let mut headers = match actor {
            Some(a) => ctx.auth_headers(&self.identity(a)?),
            None => Vec::new(),
        };
        if body.is_some()
            && !extra_headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            headers.push(("content-type".into(), HARP_JSON.into()));
        }
        headers.push(("accept".into(), HARP_JSON.into()));
        headers.extend(extra_headers);
        let req = HttpRequest {
            method: method.to_ascii_uppercase(),
            url: format!("{}{}", ctx.base_url, path),
            headers,
            body,
            timeout,
            ..Default::default()
        };
        self.last_request = format!("{} {path}", req.method);
        let resp = ctx.client.send(req, &self.transcript).await?;
        let surf = surface::of_request(method, path);
        if let Some(s) = surf.filter(|s| {
            surface::is_not_served_status(resp.status)
                && ctx.plan.not_served_means_skip(s)
                && !self.proven.contains(s)
        }) {
            return Err(Fail::NotServed(format!(
                "{} {path} ({s}): {}",
                method.to_ascii_uppercase(),
                evidence(&resp)
            )));
        }
        self.last = Some(resp.clone());
        if let Some(s) = surf.filter(|_| (200..300).contains(&resp.status)) {
            self.proven.insert(s);
        }
        let errs = &ctx.cfg.file.errors;
        universal_checks(
            &resp,
            surf,
            errs.shape,
            errs.require_retryable,
            &ctx.cfg.file.strict.bare_json_content_type,
        )
        .map_err(|m| Fail::Target(format!("{m}\n  request: {}", self.last_request)))?;
        Ok(resp)
    }

    /// The last response body as JSON (a target failure if it is not JSON).
    pub fn last_json(&self) -> StepResult<Value> {
        self.last()?
            .json()
            .map_err(|e| Fail::Target(format!("{e}\n  request: {}", self.last_request)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resp(status: u16, ct: &str, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![("content-type".into(), ct.into())],
            body: body.as_bytes().to_vec(),
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn universal() {
        let bare: Vec<String> = vec!["application/json".into()];
        let ok = |r: &HttpResponse| {
            universal_checks(r, Some("artifacts"), ErrorShape::Either, false, &bare)
        };
        assert!(ok(&resp(202, "application/harp+json; charset=utf-8", "{}")).is_ok());
        assert!(
            ok(&resp(500, HARP_JSON, "{}"))
                .unwrap_err()
                .contains("GW-ERR-13")
        );
        assert!(
            ok(&resp(202, "application/json", "{}"))
                .unwrap_err()
                .contains("GW-ENV-01")
        );
        assert!(
            ok(&resp(405, "text/plain", "nope")).is_ok(),
            "bare 405 is exempt (CLI-16)"
        );
        let err = r#"{"msgType":"error","body":{"code":"X","message":"m"}}"#;
        assert!(ok(&resp(400, HARP_JSON, err)).is_ok());
        assert!(
            ok(&resp(
                400,
                HARP_JSON,
                r#"{"msgType":"error","body":{"code":1}}"#
            ))
            .unwrap_err()
            .contains("GW-ERR-01")
        );
        let pres = universal_checks(
            &resp(200, "application/json", "[]"),
            Some("presence"),
            ErrorShape::Either,
            false,
            &bare,
        );
        assert!(pres.is_ok());
    }

    #[test]
    fn error_shapes() {
        let bare = json!({"code":"X","message":"m","retryable":false});
        assert!(check_error_shape(&bare, ErrorShape::Either, false).is_ok());
        assert!(check_error_shape(&bare, ErrorShape::Envelope, false).is_err());
        let env = json!({"msgType":"error","body":{"code":"X","message":"m","retryable":"no"}});
        assert!(
            check_error_shape(&env, ErrorShape::Envelope, false)
                .unwrap_err()
                .contains("TR-ERR-01")
        );
        let env = json!({"msgType":"error","body":{"code":"X","message":"m"}});
        assert!(check_error_shape(&env, ErrorShape::Bare, false).is_err());
        assert!(check_error_shape(&env, ErrorShape::Either, true).is_err());
    }
}
