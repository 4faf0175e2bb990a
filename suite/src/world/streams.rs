//! Real-time channels of a World: opening approver/enforcer SSE streams and WebSockets, waiting for
//! messages, "nothing arrives" checks, and acknowledgements.

use std::time::Duration;

use serde_json::Value;

use super::context::Actor;
use super::http::evidence;
use super::state::{Channel, Fail, HarpWorld, StepResult};
use crate::surface;
use crate::transport::{SseConnection, WsConnection, WsFrame};

/// The envelope inside an SSE event or WS frame, with the SSE event name if any.
fn envelope_of(ch: &Channel, i: usize) -> Option<(Option<String>, Value)> {
    match ch {
        Channel::Sse(c) => c.events.snapshot().get(i).and_then(|e| {
            serde_json::from_str(&e.data)
                .ok()
                .map(|v| (Some(e.event.clone()), v))
        }),
        Channel::Ws(c) => match c.frames.snapshot().get(i) {
            Some(WsFrame::Text(t)) => serde_json::from_str(t).ok().map(|v| (None, v)),
            _ => None,
        },
    }
}

fn matches(v: &Value, msg_type: &str, rid: &str) -> bool {
    v["msgType"] == msg_type && v["requestId"] == rid
}

impl HarpWorld {
    /// Adds credentials to a channel URL when `auth.<kind>_credential` is `query:<name>`.
    fn channel_auth(
        &self,
        actor: Actor,
        mode: &str,
        url: &mut String,
    ) -> StepResult<Vec<(String, String)>> {
        let id = self.identity(actor)?;
        if let Some(name) = mode.strip_prefix("query:") {
            let sep = if url.contains('?') { '&' } else { '?' };
            url.push_str(&format!("{sep}{name}={}", id.credential));
            return Ok(Vec::new());
        }
        Ok(self.ctx().auth_headers(&id))
    }

    /// Opens `GET /v1/sse/{approvers|enforcers}/{id}` as `actor` and names it `name`.
    pub async fn open_sse(&mut self, actor: Actor, name: &str) -> StepResult {
        let ctx = self.ctx();
        let _lease = self.channel_open_lease(actor).await; // see world/channels.rs
        let id = self.identity(actor)?.id;
        let kind = if actor.is_enforcer() {
            "enforcers"
        } else {
            "approvers"
        };
        let path = format!("/v1/sse/{kind}/{id}");
        let mut url = format!("{}{path}", ctx.base_url);
        let headers = self.channel_auth(actor, &ctx.cfg.file.auth.sse_credential, &mut url)?;
        let idle = Duration::from_secs(120).max(ctx.cfg.step_timeout * 2);
        match SseConnection::open(&ctx.client, &url, headers, idle, &self.transcript).await? {
            Ok(conn) => {
                self.channels.insert(name.to_string(), Channel::Sse(conn));
                Ok(())
            }
            Err(resp) => Err(self.refused("GET", &path, &resp, "200 text/event-stream")),
        }
    }

    /// The WebSocket handshake query of `actor`: `role=enforcer|approver&id=<its id>`.
    pub fn ws_query(&self, actor: Actor) -> StepResult<String> {
        let id = self.identity(actor)?.id;
        let role = if actor.is_enforcer() {
            "enforcer"
        } else {
            "approver"
        };
        Ok(format!("role={role}&id={id}"))
    }

    /// Opens `GET /v1/ws?role=…&id=…` as `actor` and names it `name`.
    pub async fn open_ws(&mut self, actor: Actor, name: &str) -> StepResult {
        let ctx = self.ctx();
        let _lease = self.channel_open_lease(actor).await; // see world/channels.rs
        let mut url = format!("{}?{}", ctx.ws_url, self.ws_query(actor)?);
        let headers = self.channel_auth(actor, &ctx.cfg.file.auth.ws_credential, &mut url)?;
        let max = ctx.cfg.file.limits.ws_message_max_bytes.unwrap_or(8 << 20) as usize * 4;
        match WsConnection::connect(
            &ctx.client,
            &url,
            headers,
            ctx.cfg.step_timeout,
            max,
            &self.transcript,
        )
        .await?
        {
            Ok(conn) => {
                self.channels.insert(name.to_string(), Channel::Ws(conn));
                Ok(())
            }
            Err(resp) => Err(self.refused("GET", "/v1/ws", &resp, "101 Switching Protocols")),
        }
    }

    /// Judges a refused channel: skip when the surface is optional and undeclared, else a failure.
    fn refused(
        &mut self,
        method: &str,
        path: &str,
        resp: &crate::transport::HttpResponse,
        wanted: &str,
    ) -> Fail {
        self.last = Some(resp.clone());
        let s = surface::of_request(method, path);
        match s {
            Some(s)
                if surface::is_not_served_status(resp.status)
                    && self.ctx().plan.not_served_means_skip(s) =>
            {
                Fail::NotServed(format!("{method} {path} ({s}): {}", evidence(resp)))
            }
            _ => Fail::Target(format!(
                "expected {wanted} from {method} {path}, got {}",
                evidence(resp)
            )),
        }
    }

    fn channel(&self, name: &str) -> StepResult<&Channel> {
        self.channels.get(name).ok_or_else(|| {
            Fail::Harness(format!(
                "no channel named \"{name}\" was opened in this scenario"
            ))
        })
    }

    /// Waits until `channel` receives a `msg_type` message for `alias`, and remembers it.
    pub async fn receive(
        &mut self,
        channel: &str,
        msg_type: &str,
        alias: &str,
        within: Duration,
    ) -> StepResult {
        let rid = self.ids.request_id(alias);
        let ch = self.channel(channel)?;
        let found = match ch {
            Channel::Sse(c) => c
                .events
                .wait_for(0, within, |e| serde_json::from_str::<Value>(&e.data).is_ok_and(|v| matches(&v, msg_type, &rid)))
                .await
                .map(|(i, _)| i),
            Channel::Ws(c) => c
                .frames
                .wait_for(0, within, |f| matches!(f, WsFrame::Text(t) if serde_json::from_str::<Value>(t).is_ok_and(|v| matches(&v, msg_type, &rid))))
                .await
                .map(|(i, _)| i),
        };
        let i = found.map_err(|e| {
            Fail::Target(format!(
                "expected {msg_type} for {rid} on \"{channel}\": {e}"
            ))
        })?;
        let (event, v) = envelope_of(self.channel(channel)?, i)
            .ok_or_else(|| Fail::Harness("received message vanished".into()))?;
        if let Some(ev) = event.filter(|ev| ev != msg_type) {
            return Err(Fail::Target(format!(
                "GW-SSE-06: SSE event name `{ev}` differs from the data's msgType `{msg_type}`"
            )));
        }
        self.messages
            .insert(format!("{channel}/{msg_type}"), v.clone());
        self.messages.insert(msg_type.to_string(), v);
        Ok(())
    }

    /// Fails if `channel` receives a message for `alias` within `window`.
    pub async fn expect_nothing(
        &mut self,
        channel: &str,
        alias: &str,
        window: Duration,
    ) -> StepResult {
        let rid = self.ids.request_id(alias);
        let seen: Vec<String> = match self.channel(channel)? {
            Channel::Sse(c) => c
                .events
                .collect_for(0, window, |e| serde_json::from_str::<Value>(&e.data).is_ok_and(|v| v["requestId"] == rid.as_str()))
                .await
                .into_iter()
                .map(|e| e.data)
                .collect(),
            Channel::Ws(c) => c
                .frames
                .collect_for(0, window, |f| matches!(f, WsFrame::Text(t) if serde_json::from_str::<Value>(t).is_ok_and(|v| v["requestId"] == rid.as_str())))
                .await
                .into_iter()
                .map(|f| format!("{f:?}"))
                .collect(),
        };
        match seen.first() {
            None => Ok(()),
            Some(m) => Err(Fail::Target(format!(
                "expected nothing for {rid} on \"{channel}\", received: {m}"
            ))),
        }
    }

    /// Fails if any open channel receives a `msg_type` for `alias` within `window`.
    pub async fn expect_nothing_anywhere(
        &mut self,
        msg_type: &str,
        alias: &str,
        window: Duration,
    ) -> StepResult {
        let rid = self.ids.request_id(alias);
        let names: Vec<String> = self.channels.keys().cloned().collect();
        let mut first = true;
        for name in names {
            let w = if first { window } else { Duration::ZERO };
            first = false;
            let hit = match self.channel(&name)? {
                Channel::Sse(c) => !c.events.collect_for(0, w, |e| serde_json::from_str::<Value>(&e.data).is_ok_and(|v| matches(&v, msg_type, &rid))).await.is_empty(),
                Channel::Ws(c) => !c.frames.collect_for(0, w, |f| matches!(f, WsFrame::Text(t) if serde_json::from_str::<Value>(t).is_ok_and(|v| matches(&v, msg_type, &rid)))).await.is_empty(),
            };
            if hit {
                return Err(Fail::Target(format!(
                    "expected no {msg_type} for {rid}, but \"{name}\" received one"
                )));
            }
        }
        Ok(())
    }

    /// `POST /v1/acks` acknowledging the last `msg_type` received on `channel`.
    pub async fn acknowledge(&mut self, actor: Actor, msg_type: &str, channel: &str) -> StepResult {
        let m = self
            .messages
            .get(&format!("{channel}/{msg_type}"))
            .cloned()
            .ok_or_else(|| {
                Fail::Harness(format!(
                    "no {msg_type} was received on \"{channel}\" before acknowledging it"
                ))
            })?;
        let msg_id = m["msgId"]
            .as_str()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                Fail::Target(format!(
                    "GW-ENV-14: the {msg_type} has no msgId to acknowledge: {}",
                    crate::check::json::brief(&m)
                ))
            })?;
        let id = self.identity(actor)?.id;
        let role = if actor.is_enforcer() {
            "enforcerId"
        } else {
            "approverId"
        };
        let status = if msg_type == "decision.deliver" {
            "processed"
        } else {
            "received"
        };
        let extra = [
            (
                "requestId",
                m["requestId"].as_str().unwrap_or_default().to_string(),
            ),
            ("ackedMsgId", msg_id.to_string()),
            ("ackStatus", status.to_string()),
            ("senderRole", role.to_string()),
            ("senderId", id),
        ];
        let v = self.payload("ack-submit", Some(actor), &extra)?;
        let body = serde_json::to_vec(&v).map_err(|e| Fail::Harness(e.to_string()))?;
        self.request(Some(actor), "POST", "/v1/acks", Some(body), vec![], None)
            .await?;
        Ok(())
    }
}
