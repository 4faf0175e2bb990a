//! The target config file `harp-conformance.toml` (REQUIREMENTS.md §18): parsing with named errors.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::policy::*;
use super::sections::*;

/// The whole TOML file. Every key has a default; unknown keys are an error naming the dotted key.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TargetFile {
    pub profile: Option<String>,
    pub target: TargetSection,
    pub surfaces: SurfacesSection,
    pub identities: Identities,
    pub routing: RoutingSection,
    pub auth: AuthSection,
    pub timing: TimingSection,
    pub clock: ClockSection,
    pub limits: LimitsSection,
    pub errors: ErrorsSection,
    pub decision: DecisionSection,
    pub artifact: ArtifactSection,
    pub inbox: InboxSection,
    pub approval: ApprovalSection,
    pub status: StatusSection,
    pub strict: StrictSection,
    pub tls: TlsSection,
    pub ws: WsSection,
    pub states: StatesSection,
    pub pairing: PairingSection,
    pub presence: PresenceSection,
    pub withdraw: WithdrawSection,
    pub transport: TransportSection,
    pub ids: IdsSection,
    pub retention: RetentionSection,
    pub version: VersionSection,
    pub rate_limit: RateLimitSection,
}

/// A config file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path}: unknown key `{key}` (check the spelling against fixtures/harp-conformance.example.toml)"
    )]
    UnknownKey { path: PathBuf, key: String },
    #[error("{path}: invalid value{at}: {message}")]
    Invalid {
        path: PathBuf,
        at: String,
        message: String,
    },
    #[error("{0}")]
    Other(String),
}

impl TargetFile {
    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// Parses config text; `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|e| describe(&e, text, path))
    }
}

/// Turns a toml error into one that names the file and, for unknown keys, the dotted key.
fn describe(e: &toml::de::Error, text: &str, path: &Path) -> ConfigError {
    let msg = e.message().to_string();
    let span = e.span();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or(rest).to_string();
        let key = match span {
            Some(s) => dotted_key(text, s.start, &field),
            None => field,
        };
        return ConfigError::UnknownKey {
            path: path.to_path_buf(),
            key,
        };
    }
    let at = span
        .map(|s| {
            let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
            let key = dotted_key(text, s.start, "");
            format!(" at line {line} (`{}`)", key.trim_end_matches('.'))
        })
        .unwrap_or_default();
    ConfigError::Invalid {
        path: path.to_path_buf(),
        at,
        message: msg,
    }
}

/// The dotted name of a key at byte `offset`: the enclosing `[table]` header plus the key text.
fn dotted_key(text: &str, offset: usize, field: &str) -> String {
    let before = &text[..offset.min(text.len())];
    let header = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && !l.starts_with("[["))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    let line = text[offset.min(text.len())..].lines().next().unwrap_or("");
    let key_text = line
        .split('=')
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(|c| c == '[' || c == ']')
        .trim();
    let key = if key_text.is_empty() || (!field.is_empty() && !key_text.ends_with(field)) {
        field.to_string()
    } else {
        key_text.to_string()
    };
    match header {
        Some(h) if !key.starts_with(&h) => format!("{h}.{key}"),
        _ => key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Result<TargetFile, ConfigError> {
        TargetFile::parse(t, Path::new("hc.toml"))
    }

    #[test]
    fn defaults() {
        let f = parse("").unwrap();
        assert_eq!(f.timing.delivery_window_s, 5);
        assert_eq!(f.timing.short_ttl_s, 2);
        assert_eq!(f.errors.codes.already_exists, "AlreadyExistsConflict");
        assert_eq!(f.surfaces.mode("sse_enforcer"), SurfaceMode::Probe);
        assert_eq!(f.routing.mode, RoutingMode::MetadataApproverId);
    }

    #[test]
    fn unknown_key_names_file_and_dotted_key() {
        let e = parse("[timing]\ndelivery_windw_s = 3\n").unwrap_err();
        let m = e.to_string();
        assert!(m.contains("hc.toml"), "{m}");
        assert!(m.contains("`timing.delivery_windw_s`"), "{m}");
        let e = parse("[errors.codes]\nalready_exist = \"X\"\n").unwrap_err();
        assert!(
            e.to_string().contains("`errors.codes.already_exist`"),
            "{e}"
        );
        let e = parse("bogus = 1\n").unwrap_err();
        assert!(e.to_string().contains("`bogus`"), "{e}");
    }

    #[test]
    fn surfaces_and_identities() {
        let f = parse(
            "[surfaces]\nws = \"no\"\nsse_enforcer = \"yes\"\n\n[identities.enforcer_a]\nid = \"e-a\"\ncredential = \"c\"\nrole = \"enforcer\"\ntenant = \"t1\"\n",
        )
        .unwrap();
        assert_eq!(f.surfaces.mode("websocket"), SurfaceMode::No);
        assert_eq!(f.surfaces.mode("sse_enforcer"), SurfaceMode::Yes);
        assert_eq!(f.identities["enforcer_a"].id, "e-a");
    }

    #[test]
    fn bad_value_is_named() {
        let e = parse("[surfaces]\nwebsocket = \"maybe\"\n").unwrap_err();
        let m = e.to_string();
        assert!(m.contains("hc.toml") && m.contains("line 2"), "{m}");
    }
}
