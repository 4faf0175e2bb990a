//! The expiry reaper: periodically moves overdue pending exchanges to `expired` and wakes their
//! long-polls (every read also expires what is due, so the reaper only bounds the lag).

use tokio::time::MissedTickBehavior;

use crate::clock;
use crate::faults::Fault;
use crate::state::AppState;
use crate::store::{exchanges, faulty};

/// Runs until shutdown.
pub async fn run(state: AppState) {
    let mut tick = tokio::time::interval(state.settings.reaper_interval);
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let shutdown = state.shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = &mut shutdown => return,
        }
        let now = clock::now_ms();
        if state.faults.on(Fault::DecidedExchangeExpires) {
            let _ = state
                .store
                .call(move |c| faulty::expire_decided(c, now))
                .await;
        }
        match state
            .store
            .call(move |c| exchanges::expire_due(c, now))
            .await
        {
            Ok(expired) => {
                for request_id in expired {
                    tracing::debug!(%request_id, "exchange expired");
                    state.waiters.notify(&request_id);
                }
            }
            Err(e) => tracing::warn!(error = %e, "expiry reaper failed"),
        }
    }
}
