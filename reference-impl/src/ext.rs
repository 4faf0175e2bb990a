//! The expanded v0.2 binding switch (`--surfaces seed|ext`) and the timing knobs of its surfaces
//! (presence TTL, pairing TTL, hello timeout): flags, env vars and config keys.

use std::time::Duration;

use crate::config::ConfigError;

/// Which document set the gateway serves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Surfaces {
    /// Only the seed binding: the ext routes answer 404 and are not advertised.
    Seed,
    /// Seed plus inbox/expired, inbox delete, withdraw, refresh, presence, pairing and WS hello.
    #[default]
    Ext,
}

/// Resolved settings of the ext surfaces.
#[derive(Clone, Debug)]
pub struct ExtSettings {
    pub surfaces: Surfaces,
    /// An offline presence record is forgotten this long after it was last seen.
    pub presence_ttl: Duration,
    /// A pairing session (and its code) is usable this long after initiation.
    pub pairing_ttl: Duration,
    /// Without a `hello` within this time, presence follows the WebSocket lifecycle.
    pub hello_timeout: Duration,
}

impl Default for ExtSettings {
    fn default() -> Self {
        Self {
            surfaces: Surfaces::Ext,
            presence_ttl: Duration::from_secs(600),
            pairing_ttl: Duration::from_secs(600),
            hello_timeout: Duration::from_secs(5),
        }
    }
}

impl ExtSettings {
    /// Whether the ext surfaces are served.
    pub fn enabled(&self) -> bool {
        self.surfaces == Surfaces::Ext
    }
}

/// Flags (and, with the same names using `_`, config-file keys) of the ext surfaces.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct ExtCli {
    /// Surfaces served: `ext` (seed + expanded binding) or `seed` (ext routes answer 404) [default: ext]
    #[arg(long, env = "HARP_GATEWAY_SURFACES")]
    pub surfaces: Option<String>,
    /// Seconds an offline presence record is kept after it was last seen [default: 600]
    #[arg(long, env = "HARP_GATEWAY_PRESENCE_TTL_SECS")]
    pub presence_ttl_secs: Option<u64>,
    /// Seconds a pairing code stays usable [default: 600]
    #[arg(long, env = "HARP_GATEWAY_PAIRING_TTL_SECS")]
    pub pairing_ttl_secs: Option<u64>,
    /// Seconds to wait for a WebSocket `hello` before presence follows the connection [default: 5]
    #[arg(long, env = "HARP_GATEWAY_HELLO_TIMEOUT_SECS")]
    pub hello_timeout_secs: Option<u64>,
}

impl ExtCli {
    /// Merges these flags over `file` (the config-file values) and the defaults.
    pub fn resolve(self, file: ExtCli) -> Result<ExtSettings, ConfigError> {
        let d = ExtSettings::default();
        let surfaces = match self.surfaces.or(file.surfaces).as_deref() {
            None | Some("ext") => Surfaces::Ext,
            Some("seed") => Surfaces::Seed,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    key: "surfaces",
                    message: format!("must be `seed` or `ext` (got `{other}`)"),
                });
            }
        };
        Ok(ExtSettings {
            surfaces,
            presence_ttl: secs(
                self.presence_ttl_secs.or(file.presence_ttl_secs),
                "presence_ttl_secs",
                d.presence_ttl,
            )?,
            pairing_ttl: secs(
                self.pairing_ttl_secs.or(file.pairing_ttl_secs),
                "pairing_ttl_secs",
                d.pairing_ttl,
            )?,
            hello_timeout: secs(
                self.hello_timeout_secs.or(file.hello_timeout_secs),
                "hello_timeout_secs",
                d.hello_timeout,
            )?,
        })
    }
}

fn secs(v: Option<u64>, key: &'static str, default: Duration) -> Result<Duration, ConfigError> {
    match v {
        Some(0) => Err(ConfigError::Invalid {
            key,
            message: "must be at least 1".into(),
        }),
        Some(n) => Ok(Duration::from_secs(n)),
        None => Ok(default),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_file_and_bad_values_are_named() {
        let flags = ExtCli {
            surfaces: Some("seed".into()),
            pairing_ttl_secs: Some(3),
            ..ExtCli::default()
        };
        let file = ExtCli {
            surfaces: Some("ext".into()),
            presence_ttl_secs: Some(7),
            ..ExtCli::default()
        };
        let s = flags.resolve(file).expect("valid");
        assert!(!s.enabled());
        assert_eq!(s.pairing_ttl, Duration::from_secs(3));
        assert_eq!(s.presence_ttl, Duration::from_secs(7));
        assert_eq!(s.hello_timeout, Duration::from_secs(5));
        let bad = ExtCli {
            surfaces: Some("all".into()),
            ..ExtCli::default()
        };
        let err = bad.resolve(ExtCli::default()).expect_err("bad surfaces");
        assert!(err.to_string().contains("surfaces"), "{err}");
        let zero = ExtCli {
            hello_timeout_secs: Some(0),
            ..ExtCli::default()
        };
        assert!(zero.resolve(ExtCli::default()).is_err());
    }
}
