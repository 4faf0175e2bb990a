//! One resolved `RunConfig` from flags, env vars (via clap), the TOML file and defaults.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::duration::parse_duration;
use super::file::{ConfigError, TargetFile};
use crate::cli::RunArgs;

/// Which document set the target claims (REQUIREMENTS.md §0 "Profiles"); `harbor` runs only the
/// Harbor control-surface scenarios (`features/harbor/`) and needs no HARP identities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Seed,
    Ext,
    Harbor,
}

impl std::str::FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "seed" => Ok(Profile::Seed),
            "ext" => Ok(Profile::Ext),
            "harbor" => Ok(Profile::Harbor),
            other => Err(format!(
                "unknown profile `{other}`: use seed, ext or harbor"
            )),
        }
    }
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Seed => "seed",
            Profile::Ext => "ext",
            Profile::Harbor => "harbor",
        }
    }
}

/// Scenarios in flight at once by default: they are I/O-bound and isolated by unique ids, so the
/// run takes about as long as its slowest scenarios rather than the sum of them.
pub const DEFAULT_CONCURRENCY: usize = 32;

/// Everything a run needs, resolved once.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// The target's base URL; `None` means "start the bundled reference gateway".
    pub target: Option<String>,
    pub config_path: Option<PathBuf>,
    pub profile: Profile,
    pub tags: Option<String>,
    pub name: Option<String>,
    pub concurrency: usize,
    pub step_timeout: Duration,
    pub max_time: Duration,
    pub report_dir: PathBuf,
    pub features_dir: PathBuf,
    pub allow_major_mismatch: bool,
    pub gateway_bin: Option<PathBuf>,
    /// The TOML content (all defaults when no file was given).
    pub file: TargetFile,
}

/// The default features folder, baked in at compile time.
pub fn default_features_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../features")
}

impl RunConfig {
    /// Resolves flags (already merged with env vars by clap) over the config file over defaults.
    pub fn resolve(args: &RunArgs) -> Result<Self, ConfigError> {
        let file = match &args.config {
            Some(p) => TargetFile::load(p)?,
            None => TargetFile::default(),
        };
        let profile = match args.profile.as_deref().or(file.profile.as_deref()) {
            Some(p) => p.parse().map_err(ConfigError::Other)?,
            None => Profile::Ext,
        };
        let dur = |flag: &str, v: &Option<String>, d: Duration| -> Result<Duration, ConfigError> {
            match v {
                Some(s) => {
                    parse_duration(s).map_err(|e| ConfigError::Other(format!("--{flag}: {e}")))
                }
                None => Ok(d),
            }
        };
        let target = args
            .target
            .clone()
            .or_else(|| file.target.base_url.clone())
            .map(|t| t.trim_end_matches('/').to_string());
        if let Some(t) = target
            .as_ref()
            .filter(|t| !(t.starts_with("http://") || t.starts_with("https://")))
        {
            return Err(ConfigError::Other(format!(
                "--target `{t}` must start with http:// or https://"
            )));
        }
        if let Some(n) = &args.name {
            regex::Regex::new(n).map_err(|e| {
                ConfigError::Other(format!("--name `{n}` is not a valid regex: {e}"))
            })?;
        }
        if let Some(t) = &args.tags {
            crate::features::parse_tag_expr(t).map_err(ConfigError::Other)?;
        }
        let concurrency = args.concurrency.unwrap_or(DEFAULT_CONCURRENCY);
        if concurrency == 0 {
            return Err(ConfigError::Other(
                "--concurrency must be at least 1".into(),
            ));
        }
        Ok(Self {
            target,
            config_path: args.config.clone(),
            profile,
            tags: args.tags.clone(),
            name: args.name.clone(),
            concurrency,
            step_timeout: dur("step-timeout", &args.step_timeout, Duration::from_secs(15))?,
            max_time: dur("max-time", &args.max_time, Duration::from_secs(600))?,
            report_dir: args
                .report_dir
                .clone()
                .unwrap_or_else(|| PathBuf::from("reports")),
            features_dir: args.features.clone().unwrap_or_else(|| match profile {
                Profile::Harbor => default_features_dir().join("harbor"),
                _ => default_features_dir(),
            }),
            allow_major_mismatch: args.allow_major_mismatch,
            gateway_bin: args.gateway_bin.clone(),
            file,
        })
    }

    /// The WebSocket URL: `[target] ws_url`, else derived from the base URL as `ws(s)://host/v1/ws`.
    pub fn ws_url(&self, base: &str) -> String {
        if let Some(u) = &self.file.target.ws_url {
            return u.clone();
        }
        let rest = base
            .strip_prefix("https://")
            .map(|r| format!("wss://{r}"))
            .or_else(|| base.strip_prefix("http://").map(|r| format!("ws://{r}")))
            .unwrap_or_else(|| base.to_string());
        format!("{}/v1/ws", rest.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_file_beats_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        std::fs::write(
            &p,
            "profile = \"seed\"\n[target]\nbase_url = \"http://file:1/\"\n",
        )
        .unwrap();
        let mut a = RunArgs {
            config: Some(p),
            ..Default::default()
        };
        let c = RunConfig::resolve(&a).unwrap();
        assert_eq!(c.profile, Profile::Seed);
        assert_eq!(c.target.as_deref(), Some("http://file:1"));
        assert_eq!(c.step_timeout, Duration::from_secs(15));
        a.profile = Some("ext".into());
        a.target = Some("http://flag:2".into());
        a.step_timeout = Some("500ms".into());
        let c = RunConfig::resolve(&a).unwrap();
        assert_eq!(c.profile, Profile::Ext);
        assert_eq!(c.target.as_deref(), Some("http://flag:2"));
        assert_eq!(c.step_timeout, Duration::from_millis(500));
        assert_eq!(c.ws_url("http://flag:2"), "ws://flag:2/v1/ws");
    }

    #[test]
    fn bad_flags_are_named() {
        let a = RunArgs {
            step_timeout: Some("soon".into()),
            ..Default::default()
        };
        assert!(
            RunConfig::resolve(&a)
                .unwrap_err()
                .to_string()
                .contains("--step-timeout")
        );
        let a = RunArgs {
            profile: Some("harbour".into()),
            ..Default::default()
        };
        assert!(
            RunConfig::resolve(&a)
                .unwrap_err()
                .to_string()
                .contains("seed, ext or harbor")
        );
        let a = RunArgs {
            profile: Some("harbor".into()),
            ..Default::default()
        };
        let c = RunConfig::resolve(&a).unwrap();
        assert_eq!(c.profile, Profile::Harbor);
        assert!(c.features_dir.ends_with("features/harbor"));
        let a = RunArgs {
            target: Some("gw.example".into()),
            ..Default::default()
        };
        assert!(RunConfig::resolve(&a).is_err());
    }
}
