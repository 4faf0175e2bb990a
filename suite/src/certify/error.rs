//! Errors of certification, key handling and verification (lowercase, actionable messages).

use std::path::PathBuf;

/// Why a certification step could not be done.
#[derive(Debug, thiserror::Error)]
pub enum CertifyError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: invalid toml: {message}")]
    Toml { path: PathBuf, message: String },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error(
        "{path} already exists: pass --force to overwrite it, or choose another --out (keep the old key if certificates were signed with it)"
    )]
    Exists { path: PathBuf },
    #[error(
        "{path} is not a PKCS#8 PEM Ed25519 private key ({message}); create one with `harp-conformance keygen --out {path}`"
    )]
    BadPrivateKey { path: PathBuf, message: String },
    #[error(
        "{path} is neither an SPKI PEM Ed25519 public key nor a base64url 32-byte key ({message})"
    )]
    BadPublicKey { path: PathBuf, message: String },
    #[error("cannot encode the key: {0}")]
    Encode(String),
    #[error("{0}")]
    Other(String),
}

impl CertifyError {
    pub fn read(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Read {
            path: path.into(),
            source,
        }
    }

    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Write {
            path: path.into(),
            source,
        }
    }
}
