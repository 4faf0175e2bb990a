//! The rate-limit probe (TR-HYG-02): a bounded burst of status reads, judged against `[rate_limit]`.

use crate::transport::HttpRequest;

use super::{Actor, Fail, HarpWorld, StepResult};

/// Burst size when `rate_limit.burst` is unset (REQUIREMENTS.md §18 #37).
const DEFAULT_BURST: u64 = 200;
/// Statuses that count as throttling when `rate_limit.status` is unset.
const DEFAULT_THROTTLE: [u16; 1] = [429];

impl HarpWorld {
    /// Not applicable unless the config asks for the probe (`rate_limit.probe = true`): no document
    /// defines a limit or a status, so only a target that declares one can be judged.
    pub fn require_rate_limit_probe(&self) -> StepResult {
        if self.ctx().cfg.file.rate_limit.probe {
            Ok(())
        } else {
            Err(Fail::NotApplicable(
                "rate limiting is probed only with rate_limit.probe = true (TR-HYG-02 defines no limit)".into(),
            ))
        }
    }

    /// Sends `rate_limit.burst` status reads of `alias` at once and keeps their statuses.
    pub async fn status_burst(&mut self, actor: Actor, alias: &str) -> StepResult {
        let ctx = self.ctx();
        let n = ctx
            .cfg
            .file
            .rate_limit
            .burst
            .unwrap_or(DEFAULT_BURST)
            .clamp(1, 10_000);
        let rid = self.ids.request_id(alias);
        let mut headers = ctx.auth_headers(&self.identity(actor)?);
        headers.push(("accept".into(), "application/harp+json".into()));
        let req = HttpRequest {
            method: "GET".into(),
            url: format!("{}/v1/exchanges/{rid}", ctx.base_url),
            headers,
            ..Default::default()
        };
        let sends = (0..n).map(|_| ctx.client.send(req.clone(), &self.transcript));
        let mut statuses = Vec::new();
        for r in futures::future::join_all(sends).await {
            statuses.push(r?.status);
        }
        self.last_request = format!("GET /v1/exchanges/{{requestId}} ({n} at once)");
        self.chan.burst = statuses;
        Ok(())
    }

    /// At least one answer of the burst is a throttle status (`rate_limit.status`, default 429), and
    /// none is a 5xx (throttling is not a server fault).
    pub fn expect_throttled(&self) -> StepResult {
        let cfg = &self.ctx().cfg.file.rate_limit;
        let throttle = cfg
            .status
            .clone()
            .unwrap_or_else(|| DEFAULT_THROTTLE.to_vec());
        let seen = &self.chan.burst;
        if let Some(s) = seen.iter().find(|s| **s >= 500) {
            return Err(Fail::Target(format!(
                "a burst of {} requests got a {s}: throttling must not look like a server fault",
                seen.len()
            )));
        }
        if seen.iter().any(|s| throttle.contains(s)) {
            return Ok(());
        }
        let mut counts = std::collections::BTreeMap::new();
        for s in seen {
            *counts.entry(*s).or_insert(0u32) += 1;
        }
        Err(Fail::Target(format!(
            "expected at least one throttle status {throttle:?} in a burst of {} requests, got {counts:?}",
            seen.len()
        )))
    }
}
