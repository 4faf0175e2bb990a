//! Judging what channels received: envelope framing of SSE events and WS frames, refusals of bad
//! frames, msgIds of redeliveries, pings and pongs.

use std::time::Duration;

use serde_json::Value;

use super::context::Actor;
use super::state::{Channel, Fail, HarpWorld, StepResult};
use crate::steps::envelope::check_envelope;
use crate::transport::WsFrame;

/// Close codes that refuse a bad frame (GW-WS-07): unsupported data, invalid payload, policy.
pub const BAD_FRAME_CLOSE_CODES: [u16; 3] = [1003, 1007, 1008];
/// Close code that refuses an oversize message (TR-SIZE-05).
pub const TOO_BIG_CLOSE_CODE: u16 = 1009;

/// GW-ENV-07 for a gateway-emitted envelope; `error` envelopes need only msgType and body (C-23).
pub fn check_emitted(v: &Value) -> Result<(), String> {
    if !v.is_object() {
        return Err(format!(
            "expected one JSON object, got {}",
            crate::check::json::brief(v)
        ));
    }
    if v["msgType"] == "error" {
        return if v["body"].is_object() {
            Ok(())
        } else {
            Err("GW-ENV-07: an error envelope without an object body".into())
        };
    }
    check_envelope(v)
}

fn is_error_frame(f: &WsFrame) -> bool {
    matches!(f, WsFrame::Text(t) if serde_json::from_str::<Value>(t).is_ok_and(|v| v["msgType"] == "error"))
}

/// How a target reacted to a frame the suite sent.
#[derive(Debug, PartialEq, Eq)]
pub enum Reaction {
    ErrorEnvelope,
    Close(Option<u16>),
}

impl HarpWorld {
    pub(crate) fn ws_of(&self, name: &str) -> StepResult<&crate::transport::WsConnection> {
        match self.channel_ref(name)? {
            Channel::Ws(c) => Ok(c),
            Channel::Sse(_) => Err(Fail::Harness(format!("\"{name}\" is not a websocket"))),
        }
    }

    /// SSE-03/04/06: every non-ping event with JSON data is one envelope named after its msgType.
    pub fn check_sse_events(&self, name: &str) -> StepResult {
        let Channel::Sse(c) = self.channel_ref(name)? else {
            return Err(Fail::Harness(format!("\"{name}\" is not an SSE stream")));
        };
        for e in c.events.snapshot() {
            if e.event == "ping" {
                continue;
            }
            let harp_name = e.event.contains('.') || e.event == "error";
            match serde_json::from_str::<Value>(&e.data) {
                Ok(v) => {
                    check_emitted(&v).map_err(|m| Fail::Target(format!("GW-SSE-03: {m}")))?;
                    if v["msgType"] != e.event.as_str() {
                        return Err(Fail::Target(format!(
                            "GW-SSE-06: event `{}` carries msgType {}",
                            e.event, v["msgType"]
                        )));
                    }
                }
                Err(err) if harp_name || e.event == "message" => {
                    return Err(Fail::Target(format!(
                        "GW-SSE-03: the data of event `{}` is not exactly one JSON envelope ({err}): {}",
                        e.event,
                        crate::transport::transcript::render_body(e.data.as_bytes())
                    )));
                }
                Err(_) => self.transcript.push(
                    "note",
                    format!("ignored event `{}` (unknown name, CLI-07)", e.event),
                ),
            }
        }
        Ok(())
    }

    /// GW-WS-04: every text frame is one JSON envelope; binary frames are reported (TR-WS-05).
    pub fn check_ws_frames(&self, name: &str) -> StepResult {
        for f in self.ws_of(name)?.frames.snapshot() {
            match f {
                WsFrame::Text(t) => {
                    let v: Value = serde_json::from_str(&t).map_err(|e| {
                        Fail::Target(format!(
                            "GW-WS-04: a text frame is not exactly one JSON value ({e}): {}",
                            crate::transport::transcript::render_body(t.as_bytes())
                        ))
                    })?;
                    check_emitted(&v).map_err(|m| Fail::Target(format!("GW-WS-04: {m}")))?;
                }
                WsFrame::Binary(b) => self.transcript.push(
                    "note",
                    format!(
                        "TR-WS-05: the target sent a binary frame of {} bytes (reported, allowed)",
                        b.len()
                    ),
                ),
                _ => {}
            }
        }
        Ok(())
    }

    /// Waits for the target's reaction to the last frame sent on `name`: an `error` envelope or a
    /// close (code if any). `None` when neither came within `within`.
    pub async fn reaction(&self, name: &str, within: Duration) -> StepResult<Option<Reaction>> {
        let c = self.ws_of(name)?;
        let from = self.chan.marks.get(name).copied().unwrap_or(0);
        let found = c
            .frames
            .wait_for(from, within, |f| {
                is_error_frame(f) || matches!(f, WsFrame::Close(_))
            })
            .await;
        Ok(match found {
            Ok((_, WsFrame::Close(c))) => Some(Reaction::Close(c.map(|(code, _)| code))),
            Ok(_) => Some(Reaction::ErrorEnvelope),
            Err(_) if c.is_closed() => Some(Reaction::Close(None)),
            Err(_) => None,
        })
    }

    /// GW-WS-07 / TR-SIZE-05: the last frame sent on `name` was refused as `ws.bad_frame_reaction`
    /// allows, with a close code from `codes`.
    pub async fn expect_refusal(&self, name: &str, codes: &[u16]) -> StepResult {
        let mode = self.ctx().cfg.file.ws.bad_frame_reaction.clone();
        let r = self.reaction(name, self.window()).await?;
        let (want_error, want_close) = match mode.as_str() {
            "error_envelope" => (true, false),
            "close" => (false, true),
            _ => (true, true),
        };
        match r {
            Some(Reaction::ErrorEnvelope) if want_error => Ok(()),
            Some(Reaction::Close(Some(code))) if want_close && codes.contains(&code) => Ok(()),
            Some(Reaction::Close(code)) if want_close => Err(Fail::Target(format!(
                "the target closed the socket with {}, expected one of {codes:?}",
                code.map_or("no close code".to_string(), |c| format!("code {c}"))
            ))),
            None => Err(Fail::Target(format!(
                "the target neither answered with an error envelope nor closed the socket within {} s",
                self.window().as_secs()
            ))),
            Some(other) => Err(Fail::Target(format!(
                "the target reacted with {other:?}, but ws.bad_frame_reaction = {mode:?}"
            ))),
        }
    }

    /// After frames sent on `name`: a ping/pong round trip (or a reply) shows the frames were read,
    /// and no `error` envelope or close came back.
    pub async fn expect_no_error(&self, name: &str) -> StepResult {
        let c = self.ws_of(name)?;
        let from = self.chan.marks.get(name).copied().unwrap_or(0);
        let token = format!("hc-{}", uuid::Uuid::new_v4().simple());
        c.send_ping(token.clone().into_bytes()).await?;
        let pong = WsFrame::Pong(token.into_bytes());
        let barrier = c
            .frames
            .wait_for(from, self.window(), |f| {
                *f == pong || is_error_frame(f) || matches!(f, WsFrame::Close(_))
            })
            .await;
        if barrier.is_err() && !c.is_closed() {
            self.transcript.push(
                "note",
                "no pong within the delivery window; judged on the frames seen so far".into(),
            );
        }
        let frames = c.frames.snapshot();
        if let Some(f) = frames.iter().skip(from).find(|f| is_error_frame(f)) {
            return Err(Fail::Target(format!(
                "the target answered with an error: {f:?}"
            )));
        }
        if let Some(reason) = c.frames.ended() {
            return Err(Fail::Target(format!(
                "the socket ended after the frame: {reason}"
            )));
        }
        Ok(())
    }

    /// DLV-05: any further `msg_type` for `rid` on `channel` carries `msg_id`; waits up to the window
    /// for a redelivery and reports whether one came.
    pub async fn expect_same_msg_id(
        &self,
        channel: &str,
        msg_type: &str,
        rid: &str,
        msg_id: &str,
    ) -> StepResult {
        let matching = |v: &Value| v["msgType"] == msg_type && v["requestId"] == rid;
        let ch = self.channel_ref(channel)?;
        let got = match ch {
            Channel::Sse(c) => c
                .events
                .wait_for(0, self.window(), |e| {
                    serde_json::from_str::<Value>(&e.data).is_ok_and(|v| matching(&v))
                })
                .await
                .is_ok(),
            Channel::Ws(c) => c
                .frames
                .wait_for(0, self.window(), |f| {
                    matches!(f, WsFrame::Text(t) if serde_json::from_str::<Value>(t).is_ok_and(|v| matching(&v)))
                })
                .await
                .is_ok(),
        };
        if !got {
            self.transcript.push(
                "note",
                format!("no redelivery of {msg_type} for {rid} within the delivery window (GW-DLV-04 is a MAY)"),
            );
            return Ok(());
        }
        self.expect_one_msg_id(channel, msg_type, rid, Some(msg_id))
    }

    /// Every `msg_type` for `rid` seen on `channel` carries one msgId (`want`, when given).
    pub fn expect_one_msg_id(
        &self,
        channel: &str,
        msg_type: &str,
        rid: &str,
        want: Option<&str>,
    ) -> StepResult {
        let ids: Vec<String> = super::channels::envelopes(self.channel_ref(channel)?)
            .iter()
            .filter(|v| v["msgType"] == msg_type && v["requestId"] == rid)
            .map(|v| v["msgId"].as_str().unwrap_or_default().to_string())
            .collect();
        let first = want.map(str::to_string).or_else(|| ids.first().cloned());
        match ids.iter().find(|id| Some(*id) != first.as_ref()) {
            None => Ok(()),
            Some(other) => Err(Fail::Target(format!(
                "{msg_type} for {rid} arrived on \"{channel}\" with msgIds {first:?} and {other:?}; a repeat must reuse the msgId"
            ))),
        }
    }
}

impl HarpWorld {
    /// The bad frames of GW-WS-07 / NEG-01 / NEG-20, built around the artifact of `alias`.
    pub async fn send_bad_frame(
        &mut self,
        a: Actor,
        on: &str,
        kind: &str,
        alias: &str,
    ) -> StepResult {
        let art = self.artifact_payload(a, alias)?.to_string();
        let text = match kind {
            "a truncated artifact" => art[..art.len() / 2].to_string(),
            "an artifact cut before its closing brace" => art[..art.len() - 1].to_string(),
            "a JSON array" => format!("[{art}]"),
            "non-JSON text" => "hello gateway, this is not JSON".to_string(),
            "two envelopes in one frame" => format!("{art}{art}"),
            "binary garbage" => {
                let bytes = (0..64u8).map(|i| i.wrapping_mul(37) ^ 0xA5).collect();
                return self.ws_send_bytes(on, bytes, false).await;
            }
            "a text frame with invalid UTF-8" => {
                // The artifact with one byte replaced by 0xFF, which never occurs in UTF-8.
                let mut bytes = art.into_bytes();
                let at = bytes.len() / 2;
                bytes[at] = 0xFF;
                return self.ws_send_bytes(on, bytes, true).await;
            }
            other => return Err(Fail::Harness(format!("unknown bad frame kind {other:?}"))),
        };
        self.ws_send_text(on, &text, 1).await
    }

    /// GW-DLV-03: no `msg_type` with the msgId seen on `seen` arrives on `ch` within `window`.
    pub async fn expect_no_redelivery(
        &self,
        ch: &str,
        msg_type: &str,
        seen: &str,
        window: Duration,
    ) -> StepResult {
        let m = self.received_msg_id(seen, msg_type)?;
        let hit = |t: &str| {
            serde_json::from_str::<serde_json::Value>(t)
                .is_ok_and(|v| v["msgType"] == msg_type && v["msgId"] == m.as_str())
        };
        let n = match self.channel_ref(ch)? {
            Channel::Sse(c) => c
                .events
                .collect_for(0, window, |e| hit(&e.data))
                .await
                .len(),
            Channel::Ws(c) => c
                .frames
                .collect_for(0, window, |f| matches!(f, WsFrame::Text(t) if hit(t)))
                .await
                .len(),
        };
        if n == 0 {
            Ok(())
        } else {
            Err(Fail::Target(format!(
                "GW-DLV-03: the acknowledged {msg_type} {m} was delivered again on \"{ch}\""
            )))
        }
    }
}

impl HarpWorld {
    /// GW-WS-03: a 4xx handshake answer, or (unless `ws.bad_handshake_reaction` demands a status) an
    /// error envelope or close right after the upgrade.
    pub async fn expect_handshake_refused(&mut self, name: &str) -> StepResult {
        let mode = self.ctx().cfg.file.ws.bad_handshake_reaction.clone();
        if !self.channels.contains_key(name) {
            let r = self.last()?;
            return if (400..500).contains(&r.status) {
                Ok(())
            } else {
                Err(Fail::Target(format!(
                    "GW-WS-03: expected a 4xx refusal of the handshake, got {}",
                    crate::world::http::evidence(r)
                )))
            };
        }
        if mode == "status" || mode == "4xx" {
            return Err(Fail::Target(format!(
                "GW-WS-03: the handshake was upgraded (101), but ws.bad_handshake_reaction = {mode:?}"
            )));
        }
        match self.reaction(name, self.window()).await? {
            Some(r) => {
                self.transcript
                    .push("note", format!("refused after the upgrade: {r:?}"));
                Ok(())
            }
            None => Err(Fail::Target(
                "GW-WS-03: the handshake was upgraded and the socket neither got an error envelope nor was closed within the delivery window".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn emitted_envelopes() {
        let ok = json!({"msgType":"approval.request","requestId":"r","createdAt":"2026-01-01T00:00:00Z","sender":{"gatewayId":"g"},"body":{}});
        assert!(check_emitted(&ok).is_ok());
        assert!(
            check_emitted(&json!([ok])).is_err(),
            "an array is not one envelope"
        );
        let err = json!({"msgType":"error","body":{"code":"X","message":"m"}});
        assert!(
            check_emitted(&err).is_ok(),
            "C-23: errors need only msgType and body"
        );
        let bad = json!({"msgType":"decision.deliver","body":{}});
        assert!(check_emitted(&bad).unwrap_err().contains("GW-ENV-07"));
    }
}
