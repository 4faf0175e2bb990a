//! Test support: start the reference `harp-gateway` binary (built when missing) on a free loopback
//! port with an in-memory store, and read the lines it prints before it listens; and one run of the
//! suite against a real gateway at a time.
//!
//! The integration tests share one process and run in parallel threads. A full run (the bundled
//! gateway, or a `harp-gateway` a test started itself) keeps both cores busy for seconds and judges
//! timings (presence TTLs, hello timeouts, delivery windows); two at once could starve each other.
//! Such tests hold [`real_gateway`] for the whole run; the quick tests keep running beside them.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::{Mutex, MutexGuard};

static REAL_GATEWAY: Mutex<()> = Mutex::const_new(());

/// Waits until no other real-gateway run is in progress; the run ends when the guard is dropped.
/// (A tokio mutex: it works across the per-test runtimes and a failed test does not poison it.)
pub async fn real_gateway() -> MutexGuard<'static, ()> {
    REAL_GATEWAY.lock().await
}

/// How long the gateway may take to print its listening line.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A started gateway; killed when dropped.
pub struct Gateway {
    /// `listening on <url>`.
    pub base_url: String,
    /// `plaintext: <url>`, when started with `--plaintext-listen`.
    pub plaintext_url: Option<String>,
    /// `identities: <path>`: the generated identities file (`[identities.<name>]` tables).
    pub identities: PathBuf,
    _child: Child,
}

/// `harp-gateway` next to the binary under test (cargo's target dir), built when missing.
async fn gateway_bin() -> PathBuf {
    let ours = PathBuf::from(crate::cli_support::BIN);
    let bin = ours
        .parent()
        .expect("bin dir")
        .join(format!("harp-gateway{}", std::env::consts::EXE_SUFFIX));
    if !bin.is_file() {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "-p", "harp-gateway", "--manifest-path"])
            .arg(manifest)
            .status()
            .await
            .expect("cargo build");
        assert!(status.success(), "cargo build -p harp-gateway failed");
    }
    bin
}

/// Starts `harp-gateway --listen 127.0.0.1:0 --db :memory: --data-dir <data_dir> <args>` and waits
/// (bounded) for its listening line.
pub async fn start_gateway<I, S>(data_dir: &Path, args: I) -> Gateway
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut child = Command::new(gateway_bin().await)
        .args(["--listen", "127.0.0.1:0", "--db", ":memory:", "--data-dir"])
        .arg(data_dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn harp-gateway");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let (mut plaintext_url, mut identities) = (None, None);
    let base_url = tokio::time::timeout(START_TIMEOUT, async {
        while let Some(l) = lines.next_line().await.expect("read a line") {
            if let Some(u) = l.split("listening on ").nth(1) {
                return u.trim().to_string();
            } else if let Some(u) = l.strip_prefix("plaintext: ") {
                plaintext_url = Some(u.trim().to_string());
            } else if let Some(p) = l.strip_prefix("identities: ") {
                identities = Some(PathBuf::from(p.trim()));
            }
        }
        panic!("the gateway exited before listening");
    })
    .await
    .unwrap_or_else(|_| panic!("the gateway listens within {START_TIMEOUT:?}"));
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Gateway {
        base_url,
        plaintext_url,
        identities: identities.expect("an `identities:` line"),
        _child: child,
    }
}
