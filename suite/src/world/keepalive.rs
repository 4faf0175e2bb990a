//! WebSocket keepalive checks (TRANSPORT §5.3): ping cadence of an idle socket, and the idle timeout
//! for peers that answer pings and for silent ones. Intervals come from `[timing]`.

use std::time::Duration;

use super::state::{Fail, HarpWorld, StepResult};
use crate::transport::WsFrame;

impl HarpWorld {
    /// TR-WS-01: holds `name` idle for 2 × `timing.ws_ping_interval_s` + 10 s and requires at least two
    /// pings, none later than the interval + 5 s after the previous one (or the connect).
    pub async fn expect_pings(&self, name: &str) -> StepResult {
        let c = self.ws_of(name)?;
        let interval = self.ctx().cfg.file.timing.ws_ping_interval_s;
        let gap = Duration::from_secs(interval + 5);
        let hold = Duration::from_secs(2 * interval + 10);
        let start = tokio::time::Instant::now();
        let (mut from, mut pings) = (0, 0);
        while start.elapsed() < hold {
            let left = hold.saturating_sub(start.elapsed());
            match c
                .frames
                .wait_for(from, gap.min(left + Duration::from_secs(5)), |f| {
                    matches!(f, WsFrame::Ping(_))
                })
                .await
            {
                Ok((i, _)) => {
                    pings += 1;
                    from = i + 1;
                }
                Err(_) if pings >= 2 && start.elapsed() >= hold => break,
                Err(e) => {
                    return Err(Fail::Target(format!(
                        "TR-WS-01: after {pings} ping(s) no further ping within {} s: {e}",
                        gap.as_secs()
                    )));
                }
            }
        }
        if pings >= 2 {
            Ok(())
        } else {
            Err(Fail::Target(format!(
                "TR-WS-01: {pings} ping(s) in {} s, expected at least 2",
                hold.as_secs()
            )))
        }
    }

    /// TR-WS-02 (a): with auto-pong on, `name` stays open for the idle timeout + 30 s.
    pub async fn expect_kept_open(&self, name: &str) -> StepResult {
        let c = self.ws_of(name)?;
        let hold = Duration::from_secs(self.ctx().cfg.file.timing.ws_idle_timeout_s + 30);
        c.frames.collect_for(0, hold, |_| false).await;
        match c.frames.ended() {
            None => Ok(()),
            Some(r) => Err(Fail::Target(format!(
                "TR-WS-02: a socket that answers pings was dropped: {r}"
            ))),
        }
    }

    /// TR-WS-02 (b): with auto-pong off, the target closes `name` within the idle timeout + 30 s.
    pub async fn expect_dropped(&self, name: &str) -> StepResult {
        let c = self.ws_of(name)?;
        let bound = Duration::from_secs(self.ctx().cfg.file.timing.ws_idle_timeout_s + 30);
        c.frames.collect_for(0, bound, |_| false).await;
        match c.frames.ended() {
            Some(_) => Ok(()),
            None => Err(Fail::Target(format!(
                "TR-WS-02: a silent socket was still open after {} s",
                bound.as_secs()
            ))),
        }
    }

    /// Stops answering pings on `name` (all writes are held).
    pub fn stop_pongs(&self, name: &str) -> StepResult {
        self.ws_of(name)?.set_auto_pong(false);
        Ok(())
    }
}
