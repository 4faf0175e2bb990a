//! Test support: one run of the suite against a real gateway at a time.
//!
//! The integration tests share one process and run in parallel threads. A full run (the bundled
//! gateway, or a `harp-gateway` a test started itself) keeps both cores busy for seconds and judges
//! timings (presence TTLs, hello timeouts, delivery windows); two at once could starve each other.
//! Such tests hold this lock for the whole run; the quick tests keep running beside them.

use tokio::sync::{Mutex, MutexGuard};

static REAL_GATEWAY: Mutex<()> = Mutex::const_new(());

/// Waits until no other real-gateway run is in progress; the run ends when the guard is dropped.
/// (A tokio mutex: it works across the per-test runtimes and a failed test does not poison it.)
pub async fn real_gateway() -> MutexGuard<'static, ()> {
    REAL_GATEWAY.lock().await
}
