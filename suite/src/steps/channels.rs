//! Steps for real-time channels beyond opening and receiving: reservations of an enforcer's
//! channels, reconnects, frames sent over the WebSocket (acks, submissions, bad and oversize frames),
//! pings, framing checks and redelivery checks.

use std::time::Duration;

use cucumber::{given, then, when};

use super::params::{Chan, Dur};
use crate::step;
use crate::transport::WsFrame;
use crate::world::channel_checks::{BAD_FRAME_CLOSE_CODES, TOO_BIG_CLOSE_CODE};
use crate::world::state::Channel;
use crate::world::{Actor, Fail, HarpWorld, StepResult};

#[given(expr = "{actor}'s channels are reserved for this scenario")]
async fn reserve(w: &mut HarpWorld, a: Actor) -> Result<(), String> {
    step!(w, w.reserve_channels(a))
}

#[when(expr = "{actor}'s channels are no longer reserved")]
async fn release(w: &mut HarpWorld, a: Actor) -> Result<(), String> {
    step!(w, async { w.release_channels(a) })
}

#[when(expr = "{actor} reconnects {channel} as {channel}")]
async fn reconnect(w: &mut HarpWorld, a: Actor, old: Chan, new: Chan) -> Result<(), String> {
    step!(w, w.reconnect(a, &old.0, &new.0))
}

#[when(expr = "{channel} is closed")]
async fn close(w: &mut HarpWorld, ch: Chan) -> Result<(), String> {
    step!(w, w.close_channel(&ch.0))
}

/// Sends the ack of the `msg_type` received on `from` as a frame on `on`.
async fn ws_ack(
    w: &mut HarpWorld,
    a: Actor,
    on: &str,
    msg_type: &str,
    from: &str,
    parts: usize,
) -> StepResult {
    w.received_msg_id(from, msg_type)?;
    let m = w.received(from, msg_type)?;
    let status = if msg_type == "decision.deliver" {
        "processed"
    } else {
        "received"
    };
    let v = w.ack_envelope(a, &m, status)?;
    w.ws_send_text(on, &v.to_string(), parts).await
}

#[when(
    expr = "{actor} sends over {channel} the acknowledgement of the {string} received on {channel}"
)]
async fn send_ack(
    w: &mut HarpWorld,
    a: Actor,
    on: Chan,
    msg_type: String,
    from: Chan,
) -> Result<(), String> {
    step!(w, ws_ack(w, a, &on.0, &msg_type, &from.0, 1))
}

#[when(
    expr = "{actor} sends over {channel} the acknowledgement of the {string} received on {channel} in {int} fragments"
)]
async fn send_ack_fragments(
    w: &mut HarpWorld,
    a: Actor,
    on: Chan,
    msg_type: String,
    from: Chan,
    parts: usize,
) -> Result<(), String> {
    step!(w, ws_ack(w, a, &on.0, &msg_type, &from.0, parts))
}

#[when(expr = "{actor} sends over {channel} the artifact {string}")]
async fn send_artifact(w: &mut HarpWorld, a: Actor, on: Chan, alias: String) -> Result<(), String> {
    step!(w, async {
        let text = w.artifact_payload(a, &alias)?.to_string();
        w.chan.ws_sent.insert(alias.clone(), text.clone());
        w.ws_send_text(&on.0, &text, 1).await
    })
}

#[when(expr = "{actor} sends over {channel} the same artifact {string} again")]
async fn resend_artifact(
    w: &mut HarpWorld,
    _a: Actor,
    on: Chan,
    alias: String,
) -> Result<(), String> {
    step!(w, async {
        let text =
            w.chan.ws_sent.get(&alias).cloned().ok_or_else(|| {
                Fail::Harness(format!("\"{alias}\" was never sent over a websocket"))
            })?;
        w.ws_send_text(&on.0, &text, 1).await
    })
}

#[when(expr = "{actor} sends over {channel} the decision {string} for {string}")]
async fn send_decision(
    w: &mut HarpWorld,
    a: Actor,
    on: Chan,
    decision: String,
    alias: String,
) -> Result<(), String> {
    step!(w, async {
        w.ids.use_alias(&alias);
        let v = w.payload("decision-submit", Some(a), &[("decision", decision)])?;
        w.chan.decisions.insert(alias.clone(), v.clone());
        w.ws_send_text(&on.0, &v.to_string(), 1).await
    })
}

#[when(expr = "{actor} sends over {channel} {string} for {string}")]
async fn send_bad(
    w: &mut HarpWorld,
    a: Actor,
    on: Chan,
    kind: String,
    alias: String,
) -> Result<(), String> {
    step!(w, w.send_bad_frame(a, &on.0, &kind, &alias))
}

#[when(
    expr = "{actor} sends over {channel} the artifact {string} at 4 times the message size limit"
)]
async fn send_oversize(w: &mut HarpWorld, a: Actor, on: Chan, alias: String) -> Result<(), String> {
    step!(w, async {
        let limits = &w.ctx().cfg.file.limits;
        let limit = limits
            .ws_message_max_bytes
            .unwrap_or(limits.artifact_max_bytes);
        let mut v = w.artifact_payload(a, &alias)?;
        let pad = "A".repeat((limit as usize).saturating_mul(4));
        v["body"]["ciphertext"]["data"] = serde_json::Value::String(pad);
        match w.ws_send_text(&on.0, &v.to_string(), 1).await {
            // A target may close while the frame is still being written: judged by the next step.
            Err(Fail::Target(m)) => {
                w.transcript
                    .push("note", format!("sending the oversize frame ended: {m}"));
                Ok(())
            }
            other => other,
        }
    })
}

#[then(expr = "{channel} answers without an error")]
async fn no_error(w: &mut HarpWorld, ch: Chan) -> Result<(), String> {
    step!(w, w.expect_no_error(&ch.0))
}

#[then(expr = "{channel} refuses the frame")]
async fn refuses(w: &mut HarpWorld, ch: Chan) -> Result<(), String> {
    step!(w, w.expect_refusal(&ch.0, &BAD_FRAME_CLOSE_CODES))
}

#[then(expr = "{channel} refuses the oversize frame")]
async fn refuses_big(w: &mut HarpWorld, ch: Chan) -> Result<(), String> {
    step!(w, w.expect_refusal(&ch.0, &[TOO_BIG_CLOSE_CODE]))
}

#[when(expr = "the suite pings {channel} with {string}")]
async fn ping(w: &mut HarpWorld, ch: Chan, payload: String) -> Result<(), String> {
    step!(w, async {
        let Channel::Ws(c) = w.channel_ref(&ch.0)? else {
            return Err(Fail::Harness("pings need a websocket".into()));
        };
        let mark = c.frames.len();
        c.send_ping(payload.into_bytes()).await?;
        w.chan.marks.insert(ch.0.clone(), mark);
        Ok(())
    })
}

#[then(expr = "{channel} receives a pong with {string} within {duration}")]
async fn pong(w: &mut HarpWorld, ch: Chan, payload: String, d: Dur) -> Result<(), String> {
    step!(w, async {
        let Channel::Ws(c) = w.channel_ref(&ch.0)? else {
            return Err(Fail::Harness("pongs need a websocket".into()));
        };
        let from = w.chan.marks.get(&ch.0).copied().unwrap_or(0);
        let want = WsFrame::Pong(payload.into_bytes());
        c.frames
            .wait_for(from, d.0, |f| *f == want)
            .await
            .map(|_| ())
            .map_err(|e| Fail::Target(format!("TR-WS-03: no matching pong: {e}")))
    })
}

#[then(expr = "every event on {channel} is a ping or one JSON envelope named after its msgType")]
async fn sse_events(w: &mut HarpWorld, ch: Chan) -> Result<(), String> {
    step!(w, async { w.check_sse_events(&ch.0) })
}

#[then(expr = "every text frame on {channel} is one JSON envelope")]
async fn ws_frames(w: &mut HarpWorld, ch: Chan) -> Result<(), String> {
    step!(w, async { w.check_ws_frames(&ch.0) })
}

#[then(expr = "{channel} is still open after the delivery window")]
async fn still_open(w: &mut HarpWorld, ch: Chan) -> Result<(), String> {
    step!(w, async {
        let window = w.window();
        let ended = match w.channel_ref(&ch.0)? {
            Channel::Sse(c) => {
                c.events.collect_for(0, window, |_| false).await;
                c.events.ended()
            }
            Channel::Ws(c) => {
                c.frames.collect_for(0, window, |_| false).await;
                c.frames.ended()
            }
        };
        match ended {
            None => Ok(()),
            Some(r) => Err(Fail::Target(format!(
                "\"{}\" ended within the delivery window: {r}",
                ch.0
            ))),
        }
    })
}

#[then(
    expr = "{channel} receives no {string} with the msgId seen on {channel} within the delivery window"
)]
async fn no_redelivery(
    w: &mut HarpWorld,
    ch: Chan,
    msg_type: String,
    seen: Chan,
) -> Result<(), String> {
    let window = w.window();
    step!(w, w.expect_no_redelivery(&ch.0, &msg_type, &seen.0, window))
}

#[then(
    expr = "{channel} receives no {string} with the msgId seen on {channel} within the redelivery window"
)]
async fn no_redelivery_long(
    w: &mut HarpWorld,
    ch: Chan,
    msg_type: String,
    seen: Chan,
) -> Result<(), String> {
    let window = Duration::from_secs(w.ctx().cfg.file.timing.redelivery_observe_s);
    step!(w, w.expect_no_redelivery(&ch.0, &msg_type, &seen.0, window))
}

#[then(
    expr = "any {string} for {string} redelivered on {channel} reuses the msgId seen on {channel}"
)]
async fn same_msg_id(
    w: &mut HarpWorld,
    msg_type: String,
    alias: String,
    ch: Chan,
    seen: Chan,
) -> Result<(), String> {
    step!(w, async {
        let m = w.received_msg_id(&seen.0, &msg_type)?;
        let rid = w.ids.request_id(&alias);
        w.expect_same_msg_id(&ch.0, &msg_type, &rid, &m).await
    })
}

#[then(expr = "every {string} for {string} on {channel} carries the same msgId")]
async fn one_msg_id(
    w: &mut HarpWorld,
    msg_type: String,
    alias: String,
    ch: Chan,
) -> Result<(), String> {
    step!(w, async {
        let rid = w.ids.request_id(&alias);
        w.expect_one_msg_id(&ch.0, &msg_type, &rid, None)
    })
}

#[then(expr = "the {string} received on {channel} carries the artifact hash of {string}")]
async fn carries_hash(
    w: &mut HarpWorld,
    msg_type: String,
    ch: Chan,
    alias: String,
) -> Result<(), String> {
    step!(w, async {
        let m = w.received(&ch.0, &msg_type)?;
        let h = w.ids.hash(&alias);
        crate::check::json::expect_at(&m, "/body/artifactHash", &serde_json::Value::String(h))
            .map_err(|e| Fail::Target(format!("the {msg_type} on \"{}\": {e}", ch.0)))
    })
}

#[then(expr = "the {string} received on {channel} relays the decision body of {string}")]
async fn relays_decision(
    w: &mut HarpWorld,
    msg_type: String,
    ch: Chan,
    alias: String,
) -> Result<(), String> {
    step!(w, async {
        let m = w.received(&ch.0, &msg_type)?;
        w.expect_relayed_decision(&m, &alias)
    })
}

#[when(expr = "{actor} opens a websocket as {channel} with query {string}")]
async fn open_query(w: &mut HarpWorld, a: Actor, ch: Chan, query: String) -> Result<(), String> {
    step!(w, async {
        let q = w.render(&query, Some(a), &[])?;
        w.open_ws_query(a, &ch.0, &q).await
    })
}

#[then(expr = "the websocket handshake of {channel} is refused")]
async fn handshake_refused(w: &mut HarpWorld, ch: Chan) -> Result<(), String> {
    step!(w, w.expect_handshake_refused(&ch.0))
}

/// The bound of a keepalive step: its own hold time plus a margin (beyond the step timeout).
fn keepalive_bound(w: &HarpWorld) -> Duration {
    let t = &w.ctx().cfg.file.timing;
    Duration::from_secs(2 * t.ws_ping_interval_s + t.ws_idle_timeout_s + 60)
}

macro_rules! slow_step {
    ($w:ident, $body:expr) => {{
        if $w.halted() {
            return Ok(());
        }
        let limit = keepalive_bound($w);
        let r = match tokio::time::timeout(limit, $body).await {
            Ok(r) => r,
            Err(_) => Err(Fail::Target(format!(
                "step timed out after {} s",
                limit.as_secs()
            ))),
        };
        $w.conclude(r)
    }};
}

#[then(expr = "{channel} receives pings at least every ping interval while idle")]
async fn pings(w: &mut HarpWorld, ch: Chan) -> Result<(), String> {
    slow_step!(w, w.expect_pings(&ch.0))
}

#[then(expr = "{channel} stays open while it answers pings for the idle timeout plus 30 seconds")]
async fn kept_open(w: &mut HarpWorld, ch: Chan) -> Result<(), String> {
    slow_step!(w, w.expect_kept_open(&ch.0))
}

#[when(expr = "{channel} stops answering pings")]
async fn stop_pongs(w: &mut HarpWorld, ch: Chan) -> Result<(), String> {
    step!(w, async { w.stop_pongs(&ch.0) })
}

#[then(expr = "the target closes {channel} within the idle timeout plus 30 seconds")]
async fn dropped(w: &mut HarpWorld, ch: Chan) -> Result<(), String> {
    slow_step!(w, w.expect_dropped(&ch.0))
}
