//! `harp-conformance keygen`: a new Ed25519 certifier key (PKCS#8 PEM, mode 0600) and its public key.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{EncodePrivateKey, EncodePublicKey};

use super::error::CertifyError;
use super::sign::public_key_b64;

/// What keygen wrote.
#[derive(Debug, Clone)]
pub struct KeyFiles {
    pub private_key: PathBuf,
    pub public_key: PathBuf,
    /// The public key as base64url of its 32 raw bytes.
    pub public_b64: String,
}

/// `certifier.key` → `certifier.pub`.
pub fn public_path(private: &Path) -> PathBuf {
    private.with_extension("pub")
}

fn write_new(path: &Path, bytes: &[u8], mode: u32, force: bool) -> Result<(), CertifyError> {
    if path.exists() && !force {
        return Err(CertifyError::Exists { path: path.into() });
    }
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        o.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut f = o.open(path).map_err(|e| CertifyError::write(path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        f.set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| CertifyError::write(path, e))?;
    }
    f.write_all(bytes).map_err(|e| CertifyError::write(path, e))
}

/// Generates a key pair and writes `out` (private, 0600) and `out` with extension `.pub` (public, 0644).
pub fn keygen(out: &Path, force: bool) -> Result<KeyFiles, CertifyError> {
    let public_key = public_path(out);
    if public_key == out {
        return Err(CertifyError::Other(format!(
            "--out {} ends in .pub: name the private key e.g. certifier.key",
            out.display()
        )));
    }
    if public_key.exists() && !force {
        return Err(CertifyError::Exists { path: public_key });
    }
    let sk = SigningKey::generate(&mut rand::rng());
    let pem = sk
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| CertifyError::Encode(e.to_string()))?;
    let vk = sk.verifying_key();
    let pub_pem = vk
        .to_public_key_pem(LineEnding::LF)
        .map_err(|e| CertifyError::Encode(e.to_string()))?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| CertifyError::write(parent, e))?;
    }
    write_new(out, pem.as_bytes(), 0o600, force)?;
    write_new(&public_key, pub_pem.as_bytes(), 0o644, force)?;
    Ok(KeyFiles {
        private_key: out.into(),
        public_key,
        public_b64: public_key_b64(&vk),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certify::sign::{load_signing_key, load_verifying_key};

    #[test]
    fn writes_a_private_key_only_its_owner_reads() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("certifier.key");
        let k = keygen(&out, false).unwrap();
        assert_eq!(k.public_key, d.path().join("certifier.pub"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let sk = load_signing_key(&out).unwrap();
        let vk = load_verifying_key(&k.public_key).unwrap();
        assert_eq!(sk.verifying_key(), vk);
        assert!(matches!(
            keygen(&out, false),
            Err(CertifyError::Exists { .. })
        ));
        let raw = d.path().join("raw.pub");
        std::fs::write(&raw, format!("{}\n", k.public_b64)).unwrap();
        assert_eq!(load_verifying_key(&raw).unwrap(), vk);
        assert!(keygen(&d.path().join("x.pub"), false).is_err());
    }
}
