//! The Harbor control surface from a World: `POST /v1/control/<method>` calls with the Harbor conventions
//! (bare JSON, bare 405), the runtime.info handshake as a skip-gated precondition, and its checks.

use serde_json::Value;

use super::context::{Actor, auth_headers_for};
use super::http::evidence;
use super::state::{Fail, HarpWorld, StepResult};
use crate::discovery::{OUR_PROTOCOL_VERSION, major};
use crate::surface;
use crate::transport::{HttpRequest, HttpResponse};

/// Where the handshake response is remembered.
pub const HANDSHAKE: &str = "runtime.info";

/// Capability strings the suite knows: HARP surfaces plus the Harbor ones named in S-HP1.
const HARBOR_CAPS: [&str; 4] = [
    "task_control",
    "events_subscribe",
    "runtime_posture",
    "topology_snapshot",
];

/// The members runtime.info must carry (HB-VER-01); anything else is tolerated (HB-VER-05).
const REQUIRED: [&str; 6] = [
    "instance_id",
    "display_name",
    "build_version",
    "protocol_version",
    "capabilities",
    "uptime_seconds",
];

/// A semver triple MAJOR.MINOR.PATCH (pre-release/build suffixes allowed), as numbers.
pub fn semver_triple(v: &str) -> Option<(u64, u64, u64)> {
    let core = v.split(['-', '+']).next()?;
    let mut it = core.split('.').map(|p| {
        (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u64>().ok())
            .flatten()
    });
    let t = (it.next()??, it.next()??, it.next()??);
    it.next().is_none().then_some(t)
}

/// HB-VER-01 / HB-VER-04 / HB-VER-05: the RuntimeInfo shape. Returns notes about tolerated extras.
pub fn check_runtime_info(v: &Value) -> Result<Vec<String>, String> {
    let obj = v
        .as_object()
        .ok_or("HB-VER-01: runtime.info is not a JSON object")?;
    for k in [
        "instance_id",
        "display_name",
        "build_version",
        "protocol_version",
    ] {
        if !obj.get(k).is_some_and(Value::is_string) {
            return Err(format!("HB-VER-01: `{k}` must be a string, got {}", v[k]));
        }
    }
    let pv = v["protocol_version"].as_str().unwrap_or_default();
    if semver_triple(pv).is_none() {
        return Err(format!(
            "HB-VER-01: protocol_version {pv:?} is not a semver triple MAJOR.MINOR.PATCH"
        ));
    }
    let caps = v["capabilities"]
        .as_array()
        .ok_or("HB-VER-01: `capabilities` must be an array of strings")?;
    if let Some(bad) = caps.iter().find(|c| !c.is_string()) {
        return Err(format!(
            "HB-VER-01: every capability must be a string, got {bad}"
        ));
    }
    if !v["uptime_seconds"].is_u64() {
        return Err(format!(
            "HB-VER-01: `uptime_seconds` must be a non-negative integer, got {}",
            v["uptime_seconds"]
        ));
    }
    let mut notes = Vec::new();
    let unknown_caps: Vec<&str> = caps
        .iter()
        .filter_map(Value::as_str)
        .filter(|c| !surface::ALL.contains(c) && !HARBOR_CAPS.contains(c))
        .collect();
    if !unknown_caps.is_empty() {
        notes.push(format!(
            "HB-VER-04: capability strings unknown to this suite, tolerated: {}",
            unknown_caps.join(", ")
        ));
    }
    let extra: Vec<&str> = obj
        .keys()
        .map(String::as_str)
        .filter(|k| !REQUIRED.contains(k))
        .collect();
    if !extra.is_empty() {
        notes.push(format!(
            "HB-VER-05: extra runtime.info members, tolerated: {}",
            extra.join(", ")
        ));
    }
    Ok(notes)
}

/// Harbor's universal checks: never 5xx; a body (except on 405) is JSON-labelled and parses.
fn control_checks(resp: &HttpResponse) -> Result<(), String> {
    if resp.status >= 500 {
        return Err(format!(
            "the control surface answered {} (5xx is only for server faults)",
            evidence(resp)
        ));
    }
    if resp.body.is_empty() || resp.status == 405 {
        return Ok(());
    }
    let mt = resp.media_type().unwrap_or_default();
    if !(mt == "application/json" || mt.ends_with("+json")) {
        return Err(format!(
            "the control surface speaks REST/JSON, but answered Content-Type {mt:?} on HTTP {}",
            resp.status
        ));
    }
    resp.json().map(|_| ())
}

impl HarpWorld {
    /// Sends `verb /v1/control/<method>` (POST with `{}`), with E1's credential when one is configured.
    pub async fn harbor_control_call(
        &mut self,
        verb: &str,
        method: &str,
    ) -> StepResult<HttpResponse> {
        let ctx = self.ctx();
        let method = self.render(method, None, &[])?;
        let path = format!("/v1/control/{method}");
        let mut headers = ctx
            .identity(Actor::E1)
            .map(|id| auth_headers_for(&ctx.cfg, id))
            .unwrap_or_default();
        let verb = verb.to_ascii_uppercase();
        let body = (verb == "POST").then(|| b"{}".to_vec());
        if body.is_some() {
            headers.push(("content-type".into(), "application/json".into()));
        }
        headers.push(("accept".into(), "application/json".into()));
        let req = HttpRequest {
            method: verb.clone(),
            url: format!("{}{path}", ctx.base_url),
            headers,
            body,
            ..Default::default()
        };
        self.last_request = format!("{verb} {path}");
        let resp = ctx.client.send(req, &self.transcript).await?;
        self.last = Some(resp.clone());
        control_checks(&resp)
            .map_err(|m| Fail::Target(format!("{m}\n  request: {}", self.last_request)))?;
        Ok(resp)
    }

    /// The attach handshake as a precondition: 404/405/501 skips (control not served) unless runtime.info
    /// answered during discovery or `[surfaces] control = "yes"`; anything but 200 fails.
    pub async fn harbor_handshake(&mut self) -> StepResult {
        let resp = self.harbor_control_call("POST", HANDSHAKE).await?;
        let ctx = self.ctx();
        if surface::is_not_served_status(resp.status) && ctx.plan.not_served_means_skip("control") {
            return Err(Fail::NotServed(format!(
                "POST /v1/control/{HANDSHAKE} (control): {}",
                evidence(&resp)
            )));
        }
        if resp.status != 200 {
            return Err(Fail::Target(format!(
                "HB-VER-01: expected 200 from runtime.info, got {}",
                evidence(&resp)
            )));
        }
        self.remembered.insert(HANDSHAKE.into(), resp);
        Ok(())
    }

    /// The remembered handshake document.
    pub fn harbor_handshake_doc(&self) -> StepResult<Value> {
        let r = self.remembered.get(HANDSHAKE).ok_or_else(|| {
            Fail::Harness("the scenario checks the handshake before performing it".into())
        })?;
        r.json().map_err(Fail::Target)
    }

    /// HB-VER-02: the last response carries the handshake's `protocol_version`.
    pub fn harbor_carries_version(&self) -> StepResult {
        let want = self.harbor_handshake_doc()?["protocol_version"].clone();
        let got = self.last_json()?["protocol_version"].clone();
        if got.is_string() && got == want {
            return Ok(());
        }
        Err(Fail::Target(format!(
            "HB-VER-02: every control response carries protocol_version {want}, got {got}\n  request: {}",
            self.last_request
        )))
    }

    /// HB-VER-03: the target's protocol major equals the suite's, compared as numbers.
    pub fn harbor_same_major(&self) -> StepResult {
        let doc = self.harbor_handshake_doc()?;
        let theirs = doc["protocol_version"].as_str().unwrap_or_default();
        match (major(theirs), major(OUR_PROTOCOL_VERSION)) {
            (Some(t), Some(o)) if t == o => Ok(()),
            (Some(t), Some(o)) => Err(Fail::Target(format!(
                "HB-VER-03: the target speaks protocol major {t} ({theirs}), this suite speaks major {o} ({OUR_PROTOCOL_VERSION})"
            ))),
            _ => Err(Fail::Target(format!(
                "HB-VER-03: protocol_version {theirs:?} has no numeric major"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Value {
        json!({
            "instance_id": "harbor-dev-192.168.1.7", "display_name": "harbor dev",
            "build_version": "v0.0.0-dev", "build_commit": "dev", "build_go_version": "go1.26.3",
            "protocol_version": "0.1.0",
            "capabilities": ["events_subscribe", "runtime_posture", "task_control", "warp_drive"],
            "uptime_seconds": 16
        })
    }

    #[test]
    fn runtime_info_shape() {
        let notes = check_runtime_info(&sample()).unwrap();
        assert!(notes[0].contains("warp_drive"), "{notes:?}");
        assert!(notes[1].contains("build_commit"), "{notes:?}");
        let mut v = sample();
        v["protocol_version"] = json!("0.1");
        assert!(check_runtime_info(&v).unwrap_err().contains("semver"));
        let mut v = sample();
        v["capabilities"] = json!(["task_control", 7]);
        assert!(check_runtime_info(&v).is_err());
        let mut v = sample();
        v["uptime_seconds"] = json!(-1);
        assert!(check_runtime_info(&v).is_err());
        let mut v = sample();
        v.as_object_mut().unwrap().remove("instance_id");
        assert!(check_runtime_info(&v).unwrap_err().contains("instance_id"));
    }

    #[test]
    fn semver() {
        assert_eq!(semver_triple("0.1.0"), Some((0, 1, 0)));
        assert_eq!(semver_triple("10.2.3-rc.1+b5"), Some((10, 2, 3)));
        assert_eq!(semver_triple("1.0"), None);
        assert_eq!(semver_triple("1.0.x"), None);
        assert_eq!(semver_triple("v1.0.0"), None);
    }
}
