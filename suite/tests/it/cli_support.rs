//! Test support: run the `harp-conformance` binary as a user would, with none of the caller's
//! `HARP_*` variables leaking in, show what it printed, and read the run folder it wrote.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use serde_json::Value;
use tokio::process::Command;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_harp-conformance");

/// `harp-conformance <args>` with every `HARP_*` variable of our environment removed (each option
/// the test means is on its command line), killed when dropped.
pub fn command<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(BIN);
    cmd.args(args).kill_on_drop(true);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("HARP_") {
            cmd.env_remove(name);
        }
    }
    cmd
}

/// Runs `cmd` to its end within `limit` and returns what it printed.
pub async fn output(cmd: &mut Command, limit: Duration) -> Output {
    tokio::time::timeout(limit, cmd.output())
        .await
        .unwrap_or_else(|_| panic!("the CLI finished within {limit:?}"))
        .expect("the CLI ran")
}

/// `harp-conformance <args>`, bounded by 10 minutes.
pub async fn cli(args: &[&str]) -> Output {
    output(&mut command(args), Duration::from_secs(600)).await
}

/// The exit code, stdout and stderr of a run, for an assertion message.
pub fn text(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A (UTF-8) path as a command-line argument.
pub fn arg(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// The run folders under `reports` (none when the run wrote nothing, not even the dir).
pub fn run_dirs(reports: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(reports) else {
        return Vec::new();
    };
    entries
        .map(|e| e.expect("a report dir entry").path())
        .collect()
}

/// The one run folder of a fresh report dir; `context` (what the CLI printed) explains a missing one.
pub fn run_dir(reports: &Path, context: &str) -> PathBuf {
    let mut dirs = run_dirs(reports);
    assert_eq!(
        dirs.len(),
        1,
        "one run folder expected under {}; {context}",
        reports.display()
    );
    dirs.remove(0)
}

/// The parsed report.json of a run folder.
pub fn report_json(run_dir: &Path) -> Value {
    let p = run_dir.join("report.json");
    serde_json::from_slice(&std::fs::read(&p).expect("report.json")).expect("report.json is JSON")
}
