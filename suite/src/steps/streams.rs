//! Steps for real-time channels: approver/enforcer SSE streams and WebSockets.

use cucumber::{given, then, when};

use super::params::{Chan, Dur};
use crate::step;
use crate::world::{Actor, HarpWorld};

#[given(expr = "{actor} opens the approver stream as {channel}")]
async fn approver_stream(w: &mut HarpWorld, a: Actor, ch: Chan) -> Result<(), String> {
    step!(w, w.open_sse(a, &ch.0))
}

#[given(expr = "{actor} opens the enforcer stream as {channel}")]
async fn enforcer_stream(w: &mut HarpWorld, a: Actor, ch: Chan) -> Result<(), String> {
    step!(w, w.open_sse(a, &ch.0))
}

#[given(expr = "{actor} opens a websocket as {channel}")]
async fn websocket(w: &mut HarpWorld, a: Actor, ch: Chan) -> Result<(), String> {
    step!(w, w.open_ws(a, &ch.0))
}

#[then(expr = "{channel} receives {string} for {string} within {duration}")]
async fn receives_within(
    w: &mut HarpWorld,
    ch: Chan,
    msg_type: String,
    alias: String,
    d: Dur,
) -> Result<(), String> {
    step!(w, w.receive(&ch.0, &msg_type, &alias, d.0))
}

#[then(expr = "{channel} receives {string} for {string} within the delivery window")]
async fn receives_in_window(
    w: &mut HarpWorld,
    ch: Chan,
    msg_type: String,
    alias: String,
) -> Result<(), String> {
    let d = w.delivery_window();
    step!(w, w.receive(&ch.0, &msg_type, &alias, d))
}

#[then(expr = "{channel} receives nothing for {string} within {duration}")]
async fn nothing_within(w: &mut HarpWorld, ch: Chan, alias: String, d: Dur) -> Result<(), String> {
    step!(w, w.expect_nothing(&ch.0, &alias, d.0))
}

#[then(expr = "{channel} receives nothing for {string} within the delivery window")]
async fn nothing_in_window(w: &mut HarpWorld, ch: Chan, alias: String) -> Result<(), String> {
    let d = w.delivery_window();
    step!(w, w.expect_nothing(&ch.0, &alias, d))
}

#[when(expr = "{actor} acknowledges the {string} received on {channel}")]
async fn acknowledge(
    w: &mut HarpWorld,
    a: Actor,
    msg_type: String,
    ch: Chan,
) -> Result<(), String> {
    step!(w, w.acknowledge(a, &msg_type, &ch.0))
}
