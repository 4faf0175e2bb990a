//! Settings: command-line flags, `HARP_GATEWAY_*` env vars and the optional `gateway.toml`, resolved in
//! that order of precedence over the defaults.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Parser;
use serde::Deserialize;

use crate::faults::Faults;

/// Where the SQLite database lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbLocation {
    Memory,
    File(PathBuf),
}

/// Fully resolved gateway settings.
#[derive(Clone, Debug)]
pub struct Settings {
    pub listen: String,
    pub db: DbLocation,
    pub data_dir: PathBuf,
    /// Identity file; `None` means dev mode (generated `<data-dir>/identities.toml`).
    pub auth_file: Option<PathBuf>,
    pub gateway_id: String,
    pub sse_keepalive: Duration,
    pub ws_ping: Duration,
    pub ws_idle: Duration,
    pub reaper_interval: Duration,
    pub wait_default_secs: u64,
    pub wait_max_secs: u64,
    pub artifact_max_bytes: usize,
    pub body_max_bytes: usize,
    pub ws_max_message_bytes: usize,
    /// How long in-flight connections get to finish after a shutdown signal.
    pub shutdown_grace: Duration,
    /// The expanded v0.2 surfaces (switch and timing).
    pub ext: crate::ext::ExtSettings,
    /// TLS: certificate chain and key (PEM), or a generated private CA (`tls_self_signed`).
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub tls_self_signed: bool,
    /// mTLS: client certificates are required and validated against this CA bundle (PEM).
    pub tls_client_ca: Option<PathBuf>,
    /// A plaintext listener that refuses HARP (TLS deployments only).
    pub plaintext_listen: Option<String>,
    /// Deliberate deviations for mutation testing (`--fault`); empty by default.
    pub faults: Faults,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            db: DbLocation::File(PathBuf::from(".harp-gateway/harp-gateway.db")),
            data_dir: PathBuf::from(".harp-gateway"),
            auth_file: None,
            gateway_id: "harp-gateway".into(),
            sse_keepalive: Duration::from_secs(15),
            ws_ping: Duration::from_secs(30),
            ws_idle: Duration::from_secs(120),
            reaper_interval: Duration::from_secs(1),
            wait_default_secs: 30,
            wait_max_secs: 60,
            artifact_max_bytes: 2 * 1024 * 1024,
            body_max_bytes: 256 * 1024,
            ws_max_message_bytes: 2 * 1024 * 1024 + 64 * 1024,
            shutdown_grace: Duration::from_secs(5),
            ext: crate::ext::ExtSettings::default(),
            tls_cert: None,
            tls_key: None,
            tls_self_signed: false,
            tls_client_ca: None,
            plaintext_listen: None,
            faults: Faults::NONE,
        }
    }
}

/// Errors while resolving settings; each names the file or value at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("invalid setting `{key}`: {message}")]
    Invalid { key: &'static str, message: String },
}

/// `harp-gateway` command line. Every flag also reads an env var; `--config` supplies the rest.
#[derive(Debug, Default, Parser)]
#[command(
    name = "harp-gateway",
    version,
    about = "Reference HARP gateway (REST, SSE, WebSocket)"
)]
pub struct Cli {
    /// Address to listen on (`:0` picks a free port)
    #[arg(long, env = "HARP_GATEWAY_LISTEN")]
    pub listen: Option<String>,
    /// SQLite database path, or `:memory:` [default: <data-dir>/harp-gateway.db]
    #[arg(long, env = "HARP_GATEWAY_DB")]
    pub db: Option<String>,
    /// Directory for the default database and dev identities [default: ./.harp-gateway]
    #[arg(long, env = "HARP_GATEWAY_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Identity file (TOML `[identities.<name>]` tables); without it, dev mode
    #[arg(long, env = "HARP_GATEWAY_AUTH_FILE")]
    pub auth_file: Option<PathBuf>,
    /// Gateway config file (TOML, same keys as the long flags with `_`)
    #[arg(long, env = "HARP_GATEWAY_CONFIG")]
    pub config: Option<PathBuf>,
    /// `sender.gatewayId` on every emitted envelope [default: harp-gateway]
    #[arg(long, env = "HARP_GATEWAY_GATEWAY_ID")]
    pub gateway_id: Option<String>,
    /// SSE `ping` keepalive interval in seconds [default: 15]
    #[arg(long, env = "HARP_GATEWAY_SSE_KEEPALIVE_SECS")]
    pub sse_keepalive_secs: Option<u64>,
    /// WebSocket ping interval in seconds [default: 30]
    #[arg(long, env = "HARP_GATEWAY_WS_PING_SECS")]
    pub ws_ping_secs: Option<u64>,
    /// WebSocket idle timeout in seconds [default: 120]
    #[arg(long, env = "HARP_GATEWAY_WS_IDLE_SECS")]
    pub ws_idle_secs: Option<u64>,
    /// Expiry reaper interval in milliseconds [default: 1000]
    #[arg(long, env = "HARP_GATEWAY_REAPER_INTERVAL_MS")]
    pub reaper_interval_ms: Option<u64>,
    /// Long-poll default timeout in seconds [default: 30]
    #[arg(long, env = "HARP_GATEWAY_WAIT_DEFAULT_SECS")]
    pub wait_default_secs: Option<u64>,
    /// Long-poll maximum timeout in seconds [default: 60]
    #[arg(long, env = "HARP_GATEWAY_WAIT_MAX_SECS")]
    pub wait_max_secs: Option<u64>,
    /// Body limit of POST /v1/artifacts in bytes [default: 2097152]
    #[arg(long, env = "HARP_GATEWAY_ARTIFACT_MAX_BYTES")]
    pub artifact_max_bytes: Option<usize>,
    /// Body limit of the other POSTs in bytes [default: 262144]
    #[arg(long, env = "HARP_GATEWAY_BODY_MAX_BYTES")]
    pub body_max_bytes: Option<usize>,
    /// WebSocket message limit in bytes [default: 2162688]
    #[arg(long, env = "HARP_GATEWAY_WS_MAX_MESSAGE_BYTES")]
    pub ws_max_message_bytes: Option<usize>,
    #[command(flatten)]
    pub ext: crate::ext::ExtCli,
    /// PEM certificate chain: serve HTTPS and WSS only (with --tls-key)
    #[arg(long, env = "HARP_GATEWAY_TLS_CERT")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert
    #[arg(long, env = "HARP_GATEWAY_TLS_KEY")]
    pub tls_key: Option<PathBuf>,
    /// Serve HTTPS and WSS with a generated private CA and a localhost certificate (kept in
    /// <data-dir>/tls, reused when present; prints `tls-ca: <path>`)
    #[arg(long, env = "HARP_GATEWAY_TLS_SELF_SIGNED")]
    pub tls_self_signed: bool,
    /// mTLS: require client certificates issued by this PEM CA bundle
    #[arg(long, env = "HARP_GATEWAY_TLS_CLIENT_CA")]
    pub tls_client_ca: Option<PathBuf>,
    /// Also listen for plaintext HTTP here and refuse it (403, never processed; prints `plaintext: <url>`)
    #[arg(long, env = "HARP_GATEWAY_PLAINTEXT_LISTEN")]
    pub plaintext_listen: Option<String>,
    /// Switch on a named fault (mutation testing of the conformance suite; repeatable, or
    /// comma-separated in the env var). Never use in production
    #[arg(
        long = "fault",
        env = "HARP_GATEWAY_FAULTS",
        value_name = "NAME",
        value_delimiter = ','
    )]
    pub faults: Vec<String>,
    /// Print the fault catalogue (name, requirement IDs, description) and exit
    #[arg(long)]
    pub list_faults: bool,
}

/// The `--config` file: the same keys as the flags; unknown keys are an error naming the key.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    db: Option<String>,
    data_dir: Option<PathBuf>,
    auth_file: Option<PathBuf>,
    gateway_id: Option<String>,
    sse_keepalive_secs: Option<u64>,
    ws_ping_secs: Option<u64>,
    ws_idle_secs: Option<u64>,
    reaper_interval_ms: Option<u64>,
    wait_default_secs: Option<u64>,
    wait_max_secs: Option<u64>,
    artifact_max_bytes: Option<usize>,
    body_max_bytes: Option<usize>,
    ws_max_message_bytes: Option<usize>,
    surfaces: Option<String>,
    presence_ttl_secs: Option<u64>,
    pairing_ttl_secs: Option<u64>,
    hello_timeout_secs: Option<u64>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    tls_self_signed: Option<bool>,
    tls_client_ca: Option<PathBuf>,
    plaintext_listen: Option<String>,
}

impl Cli {
    /// Merges flags/env (first), the config file (second) and the defaults into `Settings`.
    pub fn resolve(self) -> Result<Settings, ConfigError> {
        let file = match &self.config {
            Some(path) => load_file(path)?,
            None => FileConfig::default(),
        };
        let d = Settings::default();
        let data_dir = self.data_dir.or(file.data_dir).unwrap_or(d.data_dir);
        let db = match self.db.or(file.db).as_deref() {
            Some(":memory:") => DbLocation::Memory,
            Some("") => return Err(invalid("db", "must not be empty")),
            Some(path) => DbLocation::File(PathBuf::from(path)),
            None => DbLocation::File(data_dir.join("harp-gateway.db")),
        };
        let secs = |v: Option<u64>, key: &'static str, default: Duration| -> Result<Duration, _> {
            match v {
                Some(0) => Err(invalid(key, "must be at least 1")),
                Some(n) => Ok(Duration::from_secs(n)),
                None => Ok(default),
            }
        };
        let settings = Settings {
            listen: self.listen.or(file.listen).unwrap_or(d.listen),
            db,
            data_dir,
            auth_file: self.auth_file.or(file.auth_file),
            gateway_id: self.gateway_id.or(file.gateway_id).unwrap_or(d.gateway_id),
            sse_keepalive: secs(
                self.sse_keepalive_secs.or(file.sse_keepalive_secs),
                "sse_keepalive_secs",
                d.sse_keepalive,
            )?,
            ws_ping: secs(
                self.ws_ping_secs.or(file.ws_ping_secs),
                "ws_ping_secs",
                d.ws_ping,
            )?,
            ws_idle: secs(
                self.ws_idle_secs.or(file.ws_idle_secs),
                "ws_idle_secs",
                d.ws_idle,
            )?,
            reaper_interval: match self.reaper_interval_ms.or(file.reaper_interval_ms) {
                Some(0) => return Err(invalid("reaper_interval_ms", "must be at least 1")),
                Some(ms) => Duration::from_millis(ms),
                None => d.reaper_interval,
            },
            wait_default_secs: self
                .wait_default_secs
                .or(file.wait_default_secs)
                .unwrap_or(d.wait_default_secs),
            wait_max_secs: self
                .wait_max_secs
                .or(file.wait_max_secs)
                .unwrap_or(d.wait_max_secs),
            artifact_max_bytes: self
                .artifact_max_bytes
                .or(file.artifact_max_bytes)
                .unwrap_or(d.artifact_max_bytes),
            body_max_bytes: self
                .body_max_bytes
                .or(file.body_max_bytes)
                .unwrap_or(d.body_max_bytes),
            ws_max_message_bytes: self
                .ws_max_message_bytes
                .or(file.ws_max_message_bytes)
                .unwrap_or(d.ws_max_message_bytes),
            shutdown_grace: d.shutdown_grace,
            ext: self.ext.resolve(crate::ext::ExtCli {
                surfaces: file.surfaces,
                presence_ttl_secs: file.presence_ttl_secs,
                pairing_ttl_secs: file.pairing_ttl_secs,
                hello_timeout_secs: file.hello_timeout_secs,
            })?,
            tls_cert: self.tls_cert.or(file.tls_cert),
            tls_key: self.tls_key.or(file.tls_key),
            tls_self_signed: self.tls_self_signed || file.tls_self_signed.unwrap_or(false),
            tls_client_ca: self.tls_client_ca.or(file.tls_client_ca),
            plaintext_listen: self.plaintext_listen.or(file.plaintext_listen),
            faults: Faults::parse(&self.faults).map_err(|e| ConfigError::Invalid {
                key: "fault",
                message: e.to_string(),
            })?,
        };
        settings.check()?;
        Ok(settings)
    }
}

impl Settings {
    /// Rejects combinations that cannot work.
    pub fn check(&self) -> Result<(), ConfigError> {
        if self.wait_max_secs == 0 {
            return Err(invalid("wait_max_secs", "must be at least 1"));
        }
        if self.wait_default_secs == 0 || self.wait_default_secs > self.wait_max_secs {
            return Err(invalid(
                "wait_default_secs",
                "must be between 1 and wait_max_secs",
            ));
        }
        if self.artifact_max_bytes == 0
            || self.body_max_bytes == 0
            || self.ws_max_message_bytes == 0
        {
            return Err(invalid("*_max_bytes", "limits must be at least 1 byte"));
        }
        if self.gateway_id.is_empty() {
            return Err(invalid("gateway_id", "must not be empty"));
        }
        if self.tls_cert.is_some() != self.tls_key.is_some() {
            return Err(invalid("tls_cert", "set --tls-cert and --tls-key together"));
        }
        if self.tls_self_signed && self.tls_cert.is_some() {
            return Err(invalid(
                "tls_self_signed",
                "use either --tls-self-signed or --tls-cert/--tls-key, not both",
            ));
        }
        let tls = self.tls_self_signed || self.tls_cert.is_some();
        if !tls && self.tls_client_ca.is_some() {
            return Err(invalid(
                "tls_client_ca",
                "mTLS needs TLS: add --tls-cert/--tls-key or --tls-self-signed",
            ));
        }
        if !tls && self.plaintext_listen.is_some() {
            return Err(invalid(
                "plaintext_listen",
                "the refusing plaintext listener needs TLS: add --tls-cert/--tls-key or --tls-self-signed",
            ));
        }
        Ok(())
    }
}

fn invalid(key: &'static str, message: &str) -> ConfigError {
    ConfigError::Invalid {
        key,
        message: message.to_owned(),
    }
}

fn load_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| ConfigError::Parse {
        path: path.to_owned(),
        message: e.message().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("gateway.toml");
        std::fs::write(&path, text).expect("write");
        (dir, path)
    }

    #[test]
    fn flags_override_file_and_defaults() {
        let (_dir, path) = write("listen = \"127.0.0.1:9\"\nws_ping_secs = 7\ndb = \":memory:\"\n");
        let cli = Cli {
            config: Some(path),
            ws_ping_secs: Some(3),
            ..Cli::default()
        };
        let s = cli.resolve().expect("valid");
        assert_eq!(s.listen, "127.0.0.1:9");
        assert_eq!(s.ws_ping, Duration::from_secs(3));
        assert_eq!(s.db, DbLocation::Memory);
        assert_eq!(s.wait_max_secs, 60);
    }

    #[test]
    fn unknown_key_is_named() {
        let (_dir, path) = write("listen = \"x\"\nbogus_key = 1\n");
        let err = Cli {
            config: Some(path),
            ..Cli::default()
        }
        .resolve()
        .expect_err("unknown key");
        assert!(err.to_string().contains("bogus_key"), "{err}");
    }

    #[test]
    fn default_db_lives_in_data_dir() {
        let s = Cli {
            data_dir: Some(PathBuf::from("/tmp/d")),
            ..Cli::default()
        }
        .resolve()
        .expect("valid");
        assert_eq!(
            s.db,
            DbLocation::File(PathBuf::from("/tmp/d/harp-gateway.db"))
        );
    }
}
