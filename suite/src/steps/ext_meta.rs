//! Steps for the metadata forwarding policy (GW-META-01..07): routing metadata never reaches the
//! approver on any path (SSE, WS, inbox, expired inbox); display-safe metadata is forwarded.

use cucumber::{given, then, when};

use super::params::Chan;
use crate::step;
use crate::world::ext::Listing;
use crate::world::{Actor, Fail, HarpWorld, StepResult};

fn listing(word: &str) -> Listing {
    if word == "expired" {
        Listing::Expired
    } else {
        Listing::Active
    }
}

#[given(expr = "{actor} submits artifact {string} carrying routing and display metadata")]
#[when(expr = "{actor} submits artifact {string} carrying routing and display metadata")]
async fn submit_meta(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, w.submit_with_routing_metadata(a, &alias, true, false))
}

#[given(
    expr = "{actor} submits artifact {string} carrying routing and display metadata and the short TTL"
)]
#[when(
    expr = "{actor} submits artifact {string} carrying routing and display metadata and the short TTL"
)]
async fn submit_meta_short(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, w.submit_with_routing_metadata(a, &alias, true, true))
}

#[given(expr = "{actor} submits artifact {string} carrying only routing metadata")]
#[when(expr = "{actor} submits artifact {string} carrying only routing metadata")]
async fn submit_routing_only(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, w.submit_with_routing_metadata(a, &alias, false, false))
}

/// The inbox item of `alias` in `a`'s listing (a target failure when it is missing).
async fn item(
    w: &mut HarpWorld,
    which: &str,
    a: Actor,
    alias: &str,
) -> StepResult<serde_json::Value> {
    w.listed_item(a, listing(which), alias)
        .await?
        .ok_or_else(|| {
            Fail::Target(format!(
                "{} is not in the {which} inbox of {a:?}",
                w.ids.request_id(alias)
            ))
        })
}

#[then(
    regex = r#"^the (active|expired) inbox item of (A1|A2|AX) for "([^"]+)" carries no routing metadata$"#
)]
async fn item_clean(
    w: &mut HarpWorld,
    which: String,
    a: Actor,
    alias: String,
) -> Result<(), String> {
    step!(w, async {
        let v = item(w, &which, a, &alias).await?;
        w.expect_no_routing(&alias, &v, true, &format!("the {which} inbox"))
    })
}

#[then(
    regex = r#"^the (active|expired) inbox item of (A1|A2|AX) for "([^"]+)" forwards the display metadata$"#
)]
async fn item_display(
    w: &mut HarpWorld,
    which: String,
    a: Actor,
    alias: String,
) -> Result<(), String> {
    step!(w, async {
        let v = item(w, &which, a, &alias).await?;
        w.expect_display(&v, &format!("the {which} inbox"))
    })
}

#[then(expr = "the approval request for {string} on {channel} carries no routing metadata")]
async fn pushed_clean(w: &mut HarpWorld, alias: String, ch: Chan) -> Result<(), String> {
    step!(w, async {
        let v = w.received(&ch.0, "approval.request")?;
        w.expect_no_routing(&alias, &v["body"], false, &format!("\"{}\"", ch.0))
    })
}

#[then(expr = "the approval request for {string} on {channel} forwards the display metadata")]
async fn pushed_display(w: &mut HarpWorld, alias: String, ch: Chan) -> Result<(), String> {
    step!(w, async {
        let _ = &alias;
        let v = w.received(&ch.0, "approval.request")?;
        w.expect_display(&v["body"], &format!("\"{}\"", ch.0))
    })
}
