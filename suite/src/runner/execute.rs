//! Runs the selected scenarios with cucumber (our own CLI; cucumber never parses argv), bounded by --max-time.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use cucumber::{World as _, cli};
use futures::FutureExt as _;

use super::collector::{self, Collected, Collector, Key, Shared};
use crate::report::console::Progress;
use crate::world::{HarpWorld, RunContext};

/// Runs the scenarios whose keys are in `run`, returning what was collected (also after a timeout).
pub async fn run_scenarios(
    ctx: Arc<RunContext>,
    features_dir: &Path,
    run: HashSet<Key>,
) -> Collected {
    let shared: Shared = Arc::new(Mutex::new(Collected::default()));
    let progress = Progress::new(run.len() as u64);
    let before_ctx = ctx.clone();
    let after_shared = shared.clone();
    let opts = cli::Opts {
        re_filter: None,
        tags_filter: None,
        parser: Default::default(),
        runner: Default::default(),
        writer: cli::Empty,
        custom: cli::Empty,
    };
    let cuc = HarpWorld::cucumber()
        .max_concurrent_scenarios(ctx.cfg.concurrency)
        .before(move |_f, _r, _sc, w| {
            let ctx = before_ctx.clone();
            async move {
                let n = ctx.counter.fetch_add(1, Ordering::Relaxed) + 1;
                w.attach(ctx, n);
            }
            .boxed_local()
        })
        .after(move |f, _r, sc, _ev, w| {
            collector::record_world(&after_shared, collector::key(f, sc), w);
            async {}.boxed_local()
        })
        .with_writer(Collector {
            shared: shared.clone(),
            progress: progress.clone(),
        })
        .with_cli(opts);
    let fut = cuc.filter_run(features_dir.to_path_buf(), move |f, _r, sc| {
        run.contains(&collector::key(f, sc))
    });
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {})); // step failures are panics in cucumber; reported, not printed
    let timed_out = tokio::time::timeout(ctx.cfg.max_time, fut).await.is_err();
    std::panic::set_hook(previous);
    progress.done();
    if timed_out {
        eprintln!(
            "harp-conformance: --max-time {} reached; unfinished scenarios are marked timed-out",
            crate::config::duration::format_duration(ctx.cfg.max_time)
        );
    }
    std::mem::take(&mut *shared.lock().expect("collector lock"))
}
