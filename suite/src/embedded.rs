//! The embedded default target: find (or build) the bundled `harp-gateway`, start it on a free loopback
//! port with an in-memory store, read its identities, and kill it when the run ends.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::config::sections::Identities;

/// How long the gateway may take to print its listening line.
pub const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A running bundled gateway; killed on drop.
#[derive(Debug)]
pub struct EmbeddedGateway {
    pub base_url: String,
    pub identities: Identities,
    _child: Child,
    _data_dir: tempfile::TempDir,
}

/// Why the bundled gateway could not be used.
#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error("cannot find or build harp-gateway: {0}")]
    NotFound(String),
    #[error("cannot start {bin}: {reason}")]
    Spawn { bin: String, reason: String },
    #[error("harp-gateway did not print `listening on http://…` within {0:?}{1}")]
    NoListenLine(Duration, String),
    #[error("cannot read the gateway's identities file {path}: {reason}")]
    Identities { path: String, reason: String },
}

/// Candidate locations: next to our executable, and its parent (cargo's `deps/` layout).
fn find_binary() -> Option<PathBuf> {
    let name = format!("harp-gateway{}", std::env::consts::EXE_SUFFIX);
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    [dir.join(&name), dir.parent()?.join(&name)]
        .into_iter()
        .find(|p| p.is_file())
}

/// Builds the gateway with cargo (telling the user), then looks again.
async fn build_binary() -> Result<PathBuf, EmbeddedError> {
    eprintln!(
        "harp-conformance: harp-gateway not found next to this binary; building it with `cargo build -p harp-gateway`…"
    );
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "-p", "harp-gateway", "--manifest-path"])
        .arg(&manifest)
        .stdout(Stdio::null())
        .status()
        .await
        .map_err(|e| EmbeddedError::NotFound(format!("cannot run cargo: {e}")))?;
    if !status.success() {
        return Err(EmbeddedError::NotFound(format!(
            "`cargo build -p harp-gateway` failed ({status})"
        )));
    }
    find_binary().ok_or_else(|| {
        EmbeddedError::NotFound("cargo built it, but it is not next to harp-conformance".into())
    })
}

/// Parses `listening on http://<ip>:<port>` from a line of the gateway's stdout.
pub fn parse_listen_line(line: &str) -> Option<String> {
    let url = line
        .trim()
        .split("listening on ")
        .nth(1)?
        .split_whitespace()
        .next()?;
    url.starts_with("http")
        .then(|| url.trim_end_matches('/').to_string())
}

/// Parses the gateway's identities file (`[identities.<name>]` tables).
pub fn parse_identities(text: &str) -> Result<Identities, String> {
    #[derive(serde::Deserialize)]
    struct File {
        identities: Identities,
    }
    toml::from_str::<File>(text)
        .map(|f| f.identities)
        .map_err(|e| e.to_string())
}

impl EmbeddedGateway {
    /// Finds or builds, starts and waits for the gateway.
    pub async fn start(bin: Option<PathBuf>) -> Result<Self, EmbeddedError> {
        let bin = match bin.or_else(find_binary) {
            Some(b) => b,
            None => build_binary().await?,
        };
        let data_dir = tempfile::tempdir()
            .map_err(|e| EmbeddedError::NotFound(format!("no temp dir: {e}")))?;
        eprintln!(
            "harp-conformance: starting the bundled reference gateway {}",
            bin.display()
        );
        let mut child = Command::new(&bin)
            .args(["--listen", "127.0.0.1:0", "--db", ":memory:", "--data-dir"])
            .arg(data_dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| EmbeddedError::Spawn {
                bin: bin.display().to_string(),
                reason: e.to_string(),
            })?;
        let stdout = child.stdout.take().ok_or_else(|| EmbeddedError::Spawn {
            bin: bin.display().to_string(),
            reason: "no stdout pipe".into(),
        })?;
        let mut lines = BufReader::new(stdout).lines();
        let wait = async {
            while let Ok(Some(l)) = lines.next_line().await {
                if let Some(u) = parse_listen_line(&l) {
                    return Some(u);
                }
            }
            None
        };
        let base_url = match tokio::time::timeout(START_TIMEOUT, wait).await {
            Ok(Some(u)) => u,
            Ok(None) => {
                return Err(EmbeddedError::NoListenLine(
                    START_TIMEOUT,
                    " (it exited or closed stdout)".into(),
                ));
            }
            Err(_) => return Err(EmbeddedError::NoListenLine(START_TIMEOUT, String::new())),
        };
        // Keep draining stdout so the gateway never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let path = data_dir.path().join("identities.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| EmbeddedError::Identities {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let identities = parse_identities(&text).map_err(|reason| EmbeddedError::Identities {
            path: path.display().to_string(),
            reason,
        })?;
        eprintln!("harp-conformance: bundled gateway listening on {base_url}");
        Ok(Self {
            base_url,
            identities,
            _child: child,
            _data_dir: data_dir,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_line_and_identities() {
        assert_eq!(
            parse_listen_line("harp-gateway listening on http://127.0.0.1:4321"),
            Some("http://127.0.0.1:4321".into())
        );
        assert_eq!(parse_listen_line("starting"), None);
        let ids = parse_identities("[identities.enforcer_a]\nid = \"enforcer-a\"\ncredential = \"s\"\nrole = \"enforcer\"\ntenant = \"tenant-1\"\n").unwrap();
        assert_eq!(ids["enforcer_a"].tenant, "tenant-1");
    }
}
