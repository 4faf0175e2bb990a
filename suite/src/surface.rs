//! Surfaces of a gateway (artifacts, inbox, SSE, WS, …): which are mandatory, which a target serves, and
//! which surface a request path belongs to.

use std::collections::BTreeSet;

use crate::config::sections::{SurfaceMode, SurfacesSection};

/// Surfaces every gateway must serve (REQUIREMENTS.md; the seed binding's core).
pub const MANDATORY: [&str; 8] = [
    "artifacts",
    "decisions",
    "inbox",
    "exchanges",
    "wait",
    "acks",
    "sse_approver",
    "websocket",
];

/// All known surface names (runtime.info capability names, plus `control`: the handshake surface itself).
pub const ALL: [&str; 19] = [
    "artifacts",
    "decisions",
    "inbox",
    "exchanges",
    "wait",
    "acks",
    "sse_approver",
    "sse_enforcer",
    "websocket",
    "ws_artifact_submit",
    "ws_decision_submit",
    "inbox_expired",
    "inbox_delete",
    "withdraw",
    "refresh",
    "presence",
    "pairing",
    "ws_hello",
    "control",
];

/// True for surfaces a gateway may leave out (enforcer SSE, WS submits, every ext surface). Names that
/// are no surface at all (e.g. `errors`, `envelope`) are never optional.
pub fn is_optional(surface: &str) -> bool {
    ALL.contains(&surface) && !MANDATORY.contains(&surface)
}

/// What the engine knows about one surface before running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// Config says `yes` or runtime.info advertises it: a 404/405/501 is a failure.
    Declared,
    /// Config says `no`, or runtime.info omits an optional surface: scenarios are not applicable.
    NotServed,
    /// Unknown: run, and apply the skip discipline on the fly.
    Probe,
}

/// The surface plan of a run: config `[surfaces]` combined with runtime.info capabilities.
#[derive(Debug, Clone, Default)]
pub struct SurfacePlan {
    pub config: SurfacesSection,
    /// `Some` when the target answered runtime.info (its capabilities, unknown strings kept).
    pub advertised: Option<BTreeSet<String>>,
}

impl SurfacePlan {
    pub fn availability(&self, surface: &str) -> Availability {
        match self.config.mode(surface) {
            SurfaceMode::No => return Availability::NotServed,
            SurfaceMode::Yes => return Availability::Declared,
            SurfaceMode::Probe => {}
        }
        match &self.advertised {
            // A target that answered runtime.info serves the control surface, advertised or not.
            Some(_) if surface == "control" => Availability::Declared,
            Some(caps) if caps.contains(surface) => Availability::Declared,
            Some(_) if is_optional(surface) => Availability::NotServed,
            _ => Availability::Probe,
        }
    }

    /// The skip discipline (CLI-01/02) for a 404/405/501 answer on `surface`: `true` means "skip the
    /// scenario as not served"; `false` means the answer is judged like any other (and fails).
    pub fn not_served_means_skip(&self, surface: &str) -> bool {
        is_optional(surface) && self.availability(surface) == Availability::Probe
    }
}

/// True for the statuses that mean "this surface is not served here" (CLI-01).
pub fn is_not_served_status(status: u16) -> bool {
    matches!(status, 404 | 405 | 501)
}

/// The surface a request belongs to, from its method and path (query ignored).
pub fn of_request(method: &str, path: &str) -> Option<&'static str> {
    let path = path.split('?').next().unwrap_or(path);
    let p: Vec<&str> = path.trim_matches('/').split('/').collect();
    let m = method.to_ascii_uppercase();
    Some(match p.as_slice() {
        ["v1", "artifacts"] => "artifacts",
        ["v1", "decisions"] => "decisions",
        ["v1", "acks"] => "acks",
        ["v1", "approvers", _, "inbox"] => "inbox",
        ["v1", "approvers", _, "inbox", "expired"] => "inbox_expired",
        ["v1", "approvers", _, "inbox", _] if m == "DELETE" => "inbox_delete",
        ["v1", "exchanges", _] => "exchanges",
        ["v1", "exchanges", _, "wait"] => "wait",
        ["v1", "exchanges", _, "withdraw"] => "withdraw",
        ["v1", "requests", _, "refresh"] => "refresh",
        ["v1", "presence", ..] => "presence",
        ["v1", "pairing", ..] => "pairing",
        ["v1", "sse", "approvers", _] => "sse_approver",
        ["v1", "sse", "enforcers", _] => "sse_enforcer",
        ["v1", "ws"] => "websocket",
        ["v1", "control", ..] => "control",
        _ => return None,
    })
}

/// True for endpoints that exchange bare JSON instead of envelopes (GW-ENV-17).
pub fn is_bare_json(surface: Option<&str>) -> bool {
    matches!(
        surface,
        Some("refresh" | "presence" | "pairing" | "control")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_surfaces() {
        assert_eq!(of_request("POST", "/v1/artifacts"), Some("artifacts"));
        assert_eq!(
            of_request("GET", "/v1/exchanges/r1/wait?timeout=2"),
            Some("wait")
        );
        assert_eq!(
            of_request("DELETE", "/v1/approvers/a/inbox/r1"),
            Some("inbox_delete")
        );
        assert_eq!(
            of_request("GET", "/v1/approvers/a/inbox/expired"),
            Some("inbox_expired")
        );
        assert_eq!(
            of_request("GET", "/v1/sse/enforcers/e"),
            Some("sse_enforcer")
        );
        assert_eq!(
            of_request("POST", "/v1/control/runtime.info"),
            Some("control")
        );
        assert_eq!(of_request("GET", "/v1/nothing-here"), None);
    }

    #[test]
    fn skip_discipline() {
        let mut plan = SurfacePlan::default();
        assert!(
            plan.not_served_means_skip("sse_enforcer"),
            "optional + probe → skip"
        );
        assert!(!plan.not_served_means_skip("artifacts"), "mandatory → fail");
        plan.config.sse_enforcer = SurfaceMode::Yes;
        assert!(
            !plan.not_served_means_skip("sse_enforcer"),
            "declared → fail"
        );
        plan.config.sse_enforcer = SurfaceMode::Probe;
        plan.advertised = Some(["sse_enforcer".to_string()].into());
        assert!(
            !plan.not_served_means_skip("sse_enforcer"),
            "advertised → fail"
        );
        assert_eq!(plan.availability("withdraw"), Availability::NotServed);
        assert_eq!(plan.availability("artifacts"), Availability::Probe);
        assert_eq!(
            plan.availability("errors"),
            Availability::Probe,
            "not a surface: never n/a"
        );
        assert_eq!(
            plan.availability("control"),
            Availability::Declared,
            "runtime.info answered → control served"
        );
        plan.advertised = None;
        assert!(
            plan.not_served_means_skip("control"),
            "no handshake → probe"
        );
        plan.config.artifacts = SurfaceMode::No;
        assert_eq!(plan.availability("artifacts"), Availability::NotServed);
    }
}
