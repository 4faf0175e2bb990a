//! Steps about error envelopes and error codes (GW-ERR-01, configurable codes of `[errors.codes]`).

use cucumber::then;

use crate::step;
use crate::world::http::check_error_shape;
use crate::world::{Fail, HarpWorld, StepResult};

/// The error code in an error body (envelope or bare shape).
fn code_of(v: &serde_json::Value) -> Option<&str> {
    v["body"]["code"].as_str().or_else(|| v["code"].as_str())
}

fn error_envelope(w: &HarpWorld, code: Option<&str>) -> StepResult {
    let v = w.last_json()?;
    let errs = &w.ctx().cfg.file.errors;
    check_error_shape(&v, errs.shape, errs.require_retryable).map_err(Fail::Target)?;
    let want = match code.map(|c| (c, c.strip_prefix("errors.codes."))) {
        None => return Ok(()),
        Some((_, Some(name))) => match errs.codes.get(name) {
            Some(c) => c.to_string(),
            None => return Ok(()), // not configured: not asserted (REQUIREMENTS.md §18 #18)
        },
        Some((c, None)) => c.to_string(),
    };
    match code_of(&v) {
        Some(c) if c == want => Ok(()),
        got => Err(Fail::Target(format!(
            "expected error code {want:?}, got {got:?}\n  request: {}",
            w.last_request
        ))),
    }
}

#[then(expr = "the response is an error envelope")]
async fn is_error(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { error_envelope(w, None) })
}

#[then(expr = "the response is an error envelope with code {string}")]
async fn is_error_with(w: &mut HarpWorld, code: String) -> Result<(), String> {
    step!(w, async { error_envelope(w, Some(&code)) })
}
