//! The embedded default target: find (or build) the bundled `harp-gateway`, start it on a free loopback
//! port with an in-memory store over TLS (a private CA it generates, plus a refusing plaintext port),
//! requiring client certificates from a CA generated for the run (mTLS), read its identities, and
//! kill it when the run ends.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::config::sections::Identities;
use crate::embedded_mtls::{self, ClientPki};

/// How long the gateway may take to print its listening line.
pub const START_TIMEOUT: Duration = Duration::from_secs(20);

/// Short ext-surface timings for the bundled gateway (seconds), so presence, pairing and hello
/// scenarios run in seconds; [`EmbeddedGateway::apply`] tells the suite the same values.
pub const PRESENCE_TTL_S: u64 = 3;
pub const PAIRING_TTL_S: u64 = 3;
pub const HELLO_TIMEOUT_S: u64 = 1;

/// A running bundled gateway; killed on drop.
#[derive(Debug)]
pub struct EmbeddedGateway {
    pub base_url: String,
    pub identities: Identities,
    /// The private CA the gateway generated (`tls-ca: <path>`), trusted by the run.
    pub tls_ca: Option<PathBuf>,
    /// The refusing plaintext port (`plaintext: <url>`), probed by TR-TLS-03/04.
    pub plaintext_url: Option<String>,
    /// The run's client PKI when the gateway requires mTLS.
    pub client_pki: Option<ClientPki>,
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
    #[error("harp-gateway did not print `listening on https://…` within {0:?}{1}")]
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

/// What the gateway printed before it listened: its CA file and its plaintext URL.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct StartLines {
    pub tls_ca: Option<PathBuf>,
    pub plaintext_url: Option<String>,
}

impl StartLines {
    /// Takes `tls-ca: <path>` and `plaintext: <url>` lines; others are ignored.
    pub fn read(&mut self, line: &str) {
        let line = line.trim();
        if let Some(p) = line.strip_prefix("tls-ca: ") {
            self.tls_ca = Some(PathBuf::from(p.trim()));
        } else if let Some(u) = line.strip_prefix("plaintext: ") {
            self.plaintext_url = Some(u.trim().trim_end_matches('/').to_string());
        }
    }
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
    /// Finds or builds, starts and waits for the gateway; with `mtls`, it requires client
    /// certificates from a CA generated for this run (the run presents one, see [`Self::apply`]).
    pub async fn start(bin: Option<PathBuf>, mtls: bool) -> Result<Self, EmbeddedError> {
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
        let client_pki = if mtls {
            Some(embedded_mtls::generate(data_dir.path()).map_err(|reason| {
                EmbeddedError::Spawn {
                    bin: bin.display().to_string(),
                    reason,
                }
            })?)
        } else {
            None
        };
        let mut command = Command::new(&bin);
        if let Some(pki) = &client_pki {
            command.arg("--tls-client-ca").arg(&pki.ca);
        }
        let mut child = command
            .args(["--listen", "127.0.0.1:0", "--db", ":memory:", "--data-dir"])
            .arg(data_dir.path())
            .args(["--tls-self-signed", "--plaintext-listen", "127.0.0.1:0"])
            .arg("--presence-ttl-secs")
            .arg(PRESENCE_TTL_S.to_string())
            .arg("--pairing-ttl-secs")
            .arg(PAIRING_TTL_S.to_string())
            .arg("--hello-timeout-secs")
            .arg(HELLO_TIMEOUT_S.to_string())
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
        let mut start_lines = StartLines::default();
        let wait = async {
            while let Ok(Some(l)) = lines.next_line().await {
                if let Some(u) = parse_listen_line(&l) {
                    return Some(u);
                }
                start_lines.read(&l);
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
            tls_ca: start_lines.tls_ca,
            plaintext_url: start_lines.plaintext_url,
            client_pki,
            _child: child,
            _data_dir: data_dir,
        })
    }
}

impl EmbeddedGateway {
    /// Points the run at the gateway's TLS material: its CA (unless `tls.ca_bundle` names one), its
    /// plaintext port (unless `target.plaintext_url` is set) and the run's client certificate.
    pub fn apply(&self, cfg: &mut crate::config::RunConfig) {
        if cfg.file.tls.ca_bundle.is_none() {
            cfg.file.tls.ca_bundle = self.tls_ca.as_ref().map(|p| p.display().to_string());
        }
        if cfg.file.target.plaintext_url.is_none() {
            cfg.file.target.plaintext_url = self.plaintext_url.clone();
        }
        if let Some(pki) = &self.client_pki {
            let tls = &mut cfg.file.tls;
            tls.client_cert = Some(pki.cert.display().to_string());
            tls.client_key = Some(pki.key.display().to_string());
            tls.mtls_required = true;
        }
        // The ext timings the gateway was started with are facts about the target.
        let t = &mut cfg.file.timing;
        (t.presence_ttl_s, t.pairing_ttl_s) = (PRESENCE_TTL_S, PAIRING_TTL_S);
        t.hello_timeout_s = HELLO_TIMEOUT_S;
        t.presence_offline_bound_s = PRESENCE_TTL_S + 2;
        // A gateway on loopback delivers in milliseconds: watch 2 s for pushes (and for their absence)
        // instead of the 5 s a remote target gets, unless a config file says otherwise.
        if cfg.config_path.is_none() {
            t.delivery_window_s = 2;
        }
        // GW-ART-10: an approverId the gateway does not know makes an artifact unroutable (422).
        let r = &mut cfg.file.routing;
        if r.unroutable_fixture.is_none()
            && r.mode == crate::config::sections::RoutingMode::MetadataApproverId
        {
            r.unroutable_fixture = Some(toml::Value::String(
                r#"{"body":{"metadata":{"approverId":"hc-no-such-approver"}}}"#.into(),
            ));
        }
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
        assert_eq!(
            parse_listen_line("listening on https://127.0.0.1:9"),
            Some("https://127.0.0.1:9".into())
        );
        let mut s = StartLines::default();
        for l in [
            "identities: /d/i.toml",
            "tls-ca: /d/tls/ca.pem",
            "plaintext: http://127.0.0.1:7/",
        ] {
            s.read(l);
            assert_eq!(parse_listen_line(l), None, "{l}");
        }
        assert_eq!(s.tls_ca, Some(PathBuf::from("/d/tls/ca.pem")));
        assert_eq!(s.plaintext_url.as_deref(), Some("http://127.0.0.1:7"));
        let ids = parse_identities("[identities.enforcer_a]\nid = \"enforcer-a\"\ncredential = \"s\"\nrole = \"enforcer\"\ntenant = \"tenant-1\"\n").unwrap();
        assert_eq!(ids["enforcer_a"].tenant, "tenant-1");
    }
}
