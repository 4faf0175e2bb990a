//! Steps of the rate-limit probe (TR-HYG-02), active only when the target config asks for it.

use cucumber::{given, then, when};

use crate::step;
use crate::world::{Actor, HarpWorld};

#[given("the target is configured for the rate-limit probe")]
async fn probe_configured(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { w.require_rate_limit_probe() })
}

#[when(expr = "{actor} reads the status of {string} in a burst of the configured size")]
async fn burst(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, w.status_burst(a, &alias))
}

#[then("at least one answer of the burst is the configured throttle status")]
async fn throttled(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { w.expect_throttled() })
}
