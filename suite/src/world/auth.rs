//! Auth probes of a World: the seed endpoints by name, called as an anonymous client, with an invalid
//! credential or as any actor (also on another principal's path), and bad bodies sent without credentials.

use serde_json::{Value, json};

use super::context::{Actor, auth_headers_for};
use super::http::{evidence, universal_checks};
use super::state::{Fail, HarpWorld, StepResult};
use crate::config::sections::Identity;
use crate::surface;
use crate::transport::{HttpResponse, SseConnection, WsConnection};

/// Who makes a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// No credentials at all.
    Anonymous,
    /// `auth.invalid_credential` in place of a real credential.
    Invalid,
    /// A configured identity.
    As(Actor),
}

/// How an endpoint is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Http,
    Sse,
    Ws,
}

/// One concrete call: method, path (under the base URL, or the WS query) and body.
#[derive(Debug, Clone)]
pub struct Call {
    method: &'static str,
    path: String,
    body: Option<Vec<u8>>,
    kind: Kind,
}

/// The endpoint names the features use, for error messages.
pub const ENDPOINTS: &str = "submit artifact, submit decision, submit ack, read inbox, read expired inbox, \
delete inbox item, read status, wait for the decision, withdraw, refresh, list presence, read presence record, \
open the approver stream, open the enforcer stream, open an approver websocket, open an enforcer websocket, \
initiate pairing, resolve a pairing code, read pairing status, complete pairing";

pub(super) fn to_bytes(v: &Value) -> StepResult<Vec<u8>> {
    serde_json::to_vec(v).map_err(|e| Fail::Harness(e.to_string()))
}

impl HarpWorld {
    /// The id an owner actor has in paths, failing like [`HarpWorld::identity`] when it is absent.
    fn auth_id_of(&self, a: Actor) -> StepResult<String> {
        Ok(self.identity(a)?.id)
    }

    /// The default path owner: the routing target approver for approver paths, E1 for enforcer paths.
    fn auth_default_owner(&self, enforcer_path: bool) -> StepResult<Actor> {
        if enforcer_path {
            return Ok(Actor::E1);
        }
        let name = self.ctx().cfg.file.routing.target_approver.clone();
        Ok(match name.as_deref() {
            Some("approver_b") => Actor::A2,
            _ => Actor::A1,
        })
    }

    /// The enforcerDeviceId of an enforcer (`presence.device_id_mapping`, identity by default).
    fn auth_device_id(&self, a: Actor) -> StepResult<String> {
        let id = self.auth_id_of(a)?;
        let ctx = self.ctx();
        let map = ctx.cfg.file.presence.device_id_mapping.as_ref();
        Ok(map.and_then(|m| m.get(&id)).cloned().unwrap_or(id))
    }

    /// Fails as not applicable when `pairing.auth.<op>` says the endpoint takes no credentials.
    fn auth_pairing_gate(&self, op: &str) -> StepResult {
        let ctx = self.ctx();
        match ctx.cfg.file.pairing.auth.get(op).map(String::as_str) {
            Some("none") => Err(Fail::NotApplicable(format!(
                "pairing.auth.{op} = \"none\": the pairing {op} endpoint takes no credentials (TR-AUTH-01)"
            ))),
            _ => Ok(()),
        }
    }

    /// Builds the call for endpoint `name` on the current alias, rendered as `actor` would send it,
    /// on the path of `owner` (default: the legitimate owner).
    pub fn auth_call(
        &mut self,
        name: &str,
        actor: Option<Actor>,
        owner: Option<Actor>,
    ) -> StepResult<Call> {
        let alias = self.ids.current();
        let rid = self.ids.request_id(&alias);
        let enforcer_path = matches!(
            name,
            "open the enforcer stream"
                | "open an enforcer websocket"
                | "read presence record"
                | "refresh"
                | "initiate pairing"
        );
        let owner = match owner {
            Some(o) => o,
            None => self.auth_default_owner(enforcer_path)?,
        };
        let http = |method, path: String, body: Option<Vec<u8>>| Call {
            method,
            path,
            body,
            kind: Kind::Http,
        };
        Ok(match name {
            "submit artifact" => {
                let v = self.artifact_payload(actor.unwrap_or(Actor::E1), &alias)?;
                http("POST", "/v1/artifacts".into(), Some(to_bytes(&v)?))
            }
            "submit decision" => {
                let d = [("decision", "approve".to_string())];
                let v = self.payload("decision-submit", actor, &d)?;
                http("POST", "/v1/decisions".into(), Some(to_bytes(&v)?))
            }
            "submit ack" => {
                let who = actor.unwrap_or(owner);
                let role = if who.is_enforcer() {
                    "enforcerId"
                } else {
                    "approverId"
                };
                let extra = [
                    ("requestId", rid.clone()),
                    (
                        "ackedMsgId",
                        format!("hc-msg-{}", uuid::Uuid::new_v4().simple()),
                    ),
                    ("ackStatus", "received".to_string()),
                    ("senderRole", role.to_string()),
                    ("senderId", self.auth_id_of(who)?),
                ];
                let v = self.payload("ack-submit", actor, &extra)?;
                http("POST", "/v1/acks".into(), Some(to_bytes(&v)?))
            }
            "read inbox" => http(
                "GET",
                format!("/v1/approvers/{}/inbox", self.auth_id_of(owner)?),
                None,
            ),
            "read expired inbox" => http(
                "GET",
                format!("/v1/approvers/{}/inbox/expired", self.auth_id_of(owner)?),
                None,
            ),
            "delete inbox item" => http(
                "DELETE",
                format!("/v1/approvers/{}/inbox/{rid}", self.auth_id_of(owner)?),
                None,
            ),
            "read status" => http("GET", format!("/v1/exchanges/{rid}"), None),
            "wait for the decision" => {
                http("GET", format!("/v1/exchanges/{rid}/wait?timeout=1"), None)
            }
            "withdraw" => {
                let body = match self.ctx().cfg.file.withdraw.request_body.as_str() {
                    "empty_object" => Some(b"{}".to_vec()),
                    "envelope" => Some(to_bytes(&json!({
                        "msgType": "exchange.withdraw",
                        "requestId": rid,
                        "createdAt": crate::check::time::format_rfc3339(crate::check::time::now()),
                        "sender": {"enforcerId": self.auth_id_of(Actor::E1)?},
                        "body": {},
                    }))?),
                    _ => None,
                };
                http("POST", format!("/v1/exchanges/{rid}/withdraw"), body)
            }
            "refresh" => http(
                "POST",
                format!(
                    "/v1/requests/{rid}/refresh?enforcerDeviceId={}",
                    self.auth_device_id(owner)?
                ),
                None,
            ),
            "list presence" => {
                let ctx = self.ctx();
                let tenant = match &ctx.cfg.file.presence.tenant_id {
                    Some(t) => t.clone(),
                    None => self.identity(Actor::E1)?.tenant,
                };
                http(
                    "GET",
                    format!("/v1/presence/enforcers?tenantId={tenant}"),
                    None,
                )
            }
            "read presence record" => http(
                "GET",
                format!("/v1/presence/enforcers/{}", self.auth_device_id(owner)?),
                None,
            ),
            "open the approver stream" | "open the enforcer stream" => {
                let kind = if enforcer_path {
                    "enforcers"
                } else {
                    "approvers"
                };
                Call {
                    method: "GET",
                    path: format!("/v1/sse/{kind}/{}", self.auth_id_of(owner)?),
                    body: None,
                    kind: Kind::Sse,
                }
            }
            "open an approver websocket" | "open an enforcer websocket" => {
                let role = if enforcer_path {
                    "enforcer"
                } else {
                    "approver"
                };
                Call {
                    method: "GET",
                    path: format!("?role={role}&id={}", self.auth_id_of(owner)?),
                    body: None,
                    kind: Kind::Ws,
                }
            }
            "initiate pairing" => {
                self.auth_pairing_gate("initiate")?;
                let v = json!({"enforcerId": self.auth_id_of(owner)?, "enforcerLabel": "harp-conformance"});
                http("POST", "/v1/pairing/initiate".into(), Some(to_bytes(&v)?))
            }
            "resolve a pairing code" => {
                self.auth_pairing_gate("resolve")?;
                let code = uuid::Uuid::new_v4().simple().to_string()[..8].to_ascii_uppercase();
                http("GET", format!("/v1/pairing/resolve/{code}"), None)
            }
            "read pairing status" => {
                self.auth_pairing_gate("status")?;
                let nonce = format!("hc-nonce-{}", uuid::Uuid::new_v4().simple());
                http("GET", format!("/v1/pairing/{nonce}/status"), None)
            }
            "complete pairing" => {
                self.auth_pairing_gate("complete")?;
                let v = json!({
                    "nonce": format!("hc-nonce-{}", uuid::Uuid::new_v4().simple()),
                    "approverId": self.auth_id_of(owner)?,
                });
                http("POST", "/v1/pairing/complete".into(), Some(to_bytes(&v)?))
            }
            other => {
                return Err(Fail::Harness(format!(
                    "unknown endpoint name \"{other}\"; use one of: {ENDPOINTS}"
                )));
            }
        })
    }

    /// Credential headers for a caller on a channel or request (`query:<name>` modes edit the URL).
    fn auth_caller_headers(
        &self,
        caller: Caller,
        mode: &str,
        url: &mut String,
    ) -> StepResult<Vec<(String, String)>> {
        let ctx = self.ctx();
        let id = match caller {
            Caller::Anonymous => return Ok(Vec::new()),
            Caller::Invalid => Identity {
                credential: ctx.cfg.file.auth.invalid_credential.clone(),
                ..Identity::default()
            },
            Caller::As(a) => self.identity(a)?,
        };
        if let Some(name) = mode.strip_prefix("query:") {
            let sep = if url.contains('?') { '&' } else { '?' };
            url.push_str(&format!("{sep}{name}={}", id.credential));
            return Ok(Vec::new());
        }
        Ok(auth_headers_for(&ctx.cfg, &id))
    }

    /// Sends `call` as `caller`; the answer becomes the last response. An SSE stream or WS that opens
    /// becomes a synthetic 200/101 response, so status steps judge it like any refusal.
    pub async fn auth_send(&mut self, caller: Caller, call: Call) -> StepResult {
        let ctx = self.ctx();
        let mut url = match call.kind {
            Kind::Ws => format!("{}{}", ctx.ws_url, call.path),
            _ => format!("{}{}", ctx.base_url, call.path),
        };
        let mode = match call.kind {
            Kind::Http => "header",
            Kind::Sse => ctx.cfg.file.auth.sse_credential.as_str(),
            Kind::Ws => ctx.cfg.file.auth.ws_credential.as_str(),
        };
        let headers = self.auth_caller_headers(caller, mode, &mut url)?;
        let path = url
            .strip_prefix(&ctx.base_url)
            .map(str::to_string)
            .unwrap_or_else(|| format!("/v1/ws{}", call.path));
        if call.kind == Kind::Http {
            let mut h = headers;
            if call.method == "POST" && call.path == "/v1/artifacts" {
                h.push(("idempotency-key".into(), uuid::Uuid::new_v4().to_string()));
            }
            self.request(None, call.method, &path, call.body, h, None)
                .await?;
            return Ok(());
        }
        self.last_request = format!("GET {path}");
        let opened = match call.kind {
            Kind::Sse => {
                let idle = ctx.cfg.step_timeout;
                SseConnection::open(&ctx.client, &url, headers, idle, &self.transcript)
                    .await?
                    .map(|_| 200)
            }
            _ => {
                let max = 1 << 20;
                WsConnection::connect(
                    &ctx.client,
                    &url,
                    headers,
                    ctx.cfg.step_timeout,
                    max,
                    &self.transcript,
                )
                .await?
                .map(|_| 101)
            }
        };
        let resp = match opened {
            Ok(status) => {
                self.transcript.push(
                    "note",
                    format!("GET {path}: the channel opened (HTTP {status})"),
                );
                HttpResponse {
                    status,
                    headers: Vec::new(),
                    body: Vec::new(),
                    elapsed: Default::default(),
                }
            }
            Err(resp) => resp,
        };
        self.auth_judge_channel(&path, resp)
    }

    /// The skip discipline and the universal checks for a channel's answer; it becomes the last response.
    fn auth_judge_channel(&mut self, path: &str, resp: HttpResponse) -> StepResult {
        let ctx = self.ctx();
        let surf = surface::of_request("GET", path);
        if let Some(s) = surf.filter(|s| {
            surface::is_not_served_status(resp.status) && ctx.plan.not_served_means_skip(s)
        }) {
            return Err(Fail::NotServed(format!(
                "GET {path} ({s}): {}",
                evidence(&resp)
            )));
        }
        self.last = Some(resp.clone());
        if resp.status < 300 && resp.body.is_empty() {
            return Ok(());
        }
        let errs = &ctx.cfg.file.errors;
        let bare = &ctx.cfg.file.strict.bare_json_content_type;
        universal_checks(&resp, surf, errs.shape, errs.require_retryable, bare)
            .map_err(|m| Fail::Target(format!("{m}\n  request: {}", self.last_request)))
    }

    /// Sends a POST endpoint's body spoiled by `bad` (a NEG-01..08 input) as `caller`.
    pub async fn auth_send_bad_body(
        &mut self,
        caller: Caller,
        bad: &str,
        endpoint: &str,
    ) -> StepResult {
        let mut call = self.auth_call(endpoint, None, None)?;
        let valid = call
            .body
            .take()
            .ok_or_else(|| Fail::Harness(format!("\"{endpoint}\" has no request body to spoil")))?;
        call.body = Some(super::auth_bodies::spoil(&valid, bad)?);
        self.auth_send(caller, call).await
    }
}
