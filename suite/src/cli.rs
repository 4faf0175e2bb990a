//! Command-line interface of `harp-conformance` (clap derive; every flag also reads a `HARP_*` env var).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Conformance suite and certification harness for HARP Gateways.
#[derive(Debug, Parser)]
#[command(name = "harp-conformance", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the scenarios against a target (default: the bundled reference gateway).
    Run(RunArgs),
    /// List every scenario with its requirement IDs, level and surface.
    List(ListArgs),
    /// Run every scenario and issue a signed certificate, badge, declaration and reports.
    Certify(CertifyArgs),
    /// Create a new Ed25519 certifier key (PKCS#8 PEM, mode 0600) and its public key (`.pub`).
    Keygen(KeygenArgs),
    /// Check a certificate's signature and recompute its features/catalog digests.
    Verify(VerifyArgs),
}

/// Flags of `run`. Precedence: flag > env var > config file > default.
#[derive(Debug, Clone, Default, Args)]
pub struct RunArgs {
    /// Base URL of the gateway under test (e.g. https://gw.example). Without it, the bundled
    /// reference gateway is started and certified.
    #[arg(long, env = "HARP_TARGET", value_name = "URL")]
    pub target: Option<String>,

    /// Target config file (REQUIREMENTS.md §18 keys); see fixtures/harp-conformance.example.toml.
    #[arg(long, env = "HARP_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Which document set the target claims: seed or ext (default ext); harbor runs only the Harbor
    /// control-surface scenarios (features/harbor/) and needs no HARP identities.
    #[arg(long, env = "HARP_PROFILE", value_name = "seed|ext|harbor")]
    pub profile: Option<String>,

    /// Tag expression selecting scenarios, e.g. "@must and not @slow".
    #[arg(long, env = "HARP_TAGS", value_name = "EXPR")]
    pub tags: Option<String>,

    /// Regex on scenario names.
    #[arg(long, env = "HARP_NAME", value_name = "REGEX")]
    pub name: Option<String>,

    /// Scenarios run at the same time (default 32).
    #[arg(long, env = "HARP_CONCURRENCY", value_name = "N")]
    pub concurrency: Option<usize>,

    /// Bound on every step (default 15s). Accepts 500ms, 5s, 2m.
    #[arg(long, env = "HARP_STEP_TIMEOUT", value_name = "DUR")]
    pub step_timeout: Option<String>,

    /// Bound on the whole run (default 10m); unfinished scenarios are marked timed-out.
    #[arg(long, env = "HARP_MAX_TIME", value_name = "DUR")]
    pub max_time: Option<String>,

    /// Where run folders are written (default `reports`).
    #[arg(long, env = "HARP_REPORT_DIR", value_name = "DIR")]
    pub report_dir: Option<PathBuf>,

    /// Folder of .feature files (default: the suite's own features/).
    #[arg(long, env = "HARP_FEATURES", value_name = "DIR")]
    pub features: Option<PathBuf>,

    /// Run even when runtime.info reports a different protocol major version.
    #[arg(long, env = "HARP_ALLOW_MAJOR_MISMATCH")]
    pub allow_major_mismatch: bool,

    /// Path of the harp-gateway binary for the embedded default run.
    #[arg(long, env = "HARP_GATEWAY_BIN", value_name = "FILE")]
    pub gateway_bin: Option<PathBuf>,
}

/// Flags of `list`.
#[derive(Debug, Clone, Default, Args)]
pub struct ListArgs {
    /// Folder of .feature files (default: the suite's own features/).
    #[arg(long, env = "HARP_FEATURES", value_name = "DIR")]
    pub features: Option<PathBuf>,

    /// Tag expression selecting scenarios.
    #[arg(long, env = "HARP_TAGS", value_name = "EXPR")]
    pub tags: Option<String>,

    /// Regex on scenario names.
    #[arg(long, env = "HARP_NAME", value_name = "REGEX")]
    pub name: Option<String>,

    /// Machine-readable output (a JSON array).
    #[arg(long)]
    pub json: bool,
}

/// Flags of `certify`: every `run` flag (except --tags/--name: a certificate covers every scenario),
/// plus the certifier key.
#[derive(Debug, Clone, Args)]
pub struct CertifyArgs {
    #[command(flatten)]
    pub run: RunArgs,

    /// Certifier private key (PKCS#8 PEM); create one with `harp-conformance keygen --out FILE`.
    #[arg(long, env = "HARP_CERTIFIER_KEY", value_name = "FILE")]
    pub key: PathBuf,

    /// Catalog folder (requirements.toml, levels.toml, waivers.toml); default: the suite's fixtures/.
    #[arg(long, env = "HARP_CATALOG", value_name = "DIR")]
    pub catalog: Option<PathBuf>,
}

/// Flags of `keygen`.
#[derive(Debug, Clone, Args)]
pub struct KeygenArgs {
    /// Where to write the private key; the public key goes next to it with extension `.pub`.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,

    /// Overwrite existing key files.
    #[arg(long)]
    pub force: bool,
}

/// Flags of `verify`.
#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// The certificate.json to check.
    #[arg(value_name = "CERTIFICATE")]
    pub certificate: PathBuf,

    /// The certifier's public key (SPKI PEM from `keygen`, or base64url of the raw 32 bytes).
    #[arg(long, value_name = "FILE")]
    pub pubkey: PathBuf,

    /// The detached signature (default: CERTIFICATE.sig).
    #[arg(long, value_name = "FILE")]
    pub signature: Option<PathBuf>,

    /// Features folder to recompute the digest from (default: the suite's own features/).
    #[arg(long, env = "HARP_FEATURES", value_name = "DIR")]
    pub features: Option<PathBuf>,

    /// Catalog folder to recompute the digest from (default: the suite's own fixtures/).
    #[arg(long, env = "HARP_CATALOG", value_name = "DIR")]
    pub catalog: Option<PathBuf>,
}
