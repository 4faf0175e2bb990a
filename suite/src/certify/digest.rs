//! SHA-256 digests of what a certificate was produced with: every `.feature` file of the features folder
//! and the catalog files, each hashed as sorted relative paths plus contents.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::error::CertifyError;

/// A digest as recorded in the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeDigest {
    /// Always `sha256`.
    pub algorithm: String,
    /// Lowercase hex.
    pub value: String,
    /// The files covered, relative to the folder, `/`-separated, sorted.
    pub files: Vec<String>,
}

/// Hashes `files` (relative names) under `dir`. For each file in order: the name, a newline, the byte
/// length in decimal, a newline, the bytes, a newline; prefixed by a domain label.
pub fn digest_files(dir: &Path, files: &[String], label: &str) -> Result<TreeDigest, CertifyError> {
    let mut h = Sha256::new();
    h.update(format!("harp-conformance {label} v1\n").as_bytes());
    for f in files {
        let path = dir.join(f);
        let bytes = std::fs::read(&path).map_err(|e| CertifyError::read(&path, e))?;
        h.update(f.as_bytes());
        h.update(format!("\n{}\n", bytes.len()).as_bytes());
        h.update(&bytes);
        h.update(b"\n");
    }
    let value = h
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    Ok(TreeDigest {
        algorithm: "sha256".into(),
        value,
        files: files.to_vec(),
    })
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), CertifyError> {
    let entries = std::fs::read_dir(dir).map_err(|e| CertifyError::read(dir, e))?;
    for e in entries {
        let p: PathBuf = e.map_err(|e| CertifyError::read(dir, e))?.path();
        if p.is_dir() {
            walk(root, &p, out)?;
        } else if p
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("feature"))
        {
            let rel = p.strip_prefix(root).unwrap_or(&p);
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

/// Every `.feature` file under `dir`, relative and sorted.
pub fn feature_files(dir: &Path) -> Result<Vec<String>, CertifyError> {
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// The digest of a features folder (all `.feature` files).
pub fn features_digest(dir: &Path) -> Result<TreeDigest, CertifyError> {
    let files = feature_files(dir)?;
    if files.is_empty() {
        return Err(CertifyError::Invalid {
            path: dir.into(),
            message: "no .feature files: point --features at the suite's features/ folder".into(),
        });
    }
    digest_files(dir, &files, "features")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_changes_the_digest() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("b")).unwrap();
        std::fs::write(d.path().join("b/x.feature"), "Feature: x\n").unwrap();
        std::fs::write(d.path().join("a.feature"), "Feature: a\n").unwrap();
        std::fs::write(d.path().join("notes.md"), "ignored").unwrap();
        let one = features_digest(d.path()).unwrap();
        assert_eq!(one.files, vec!["a.feature", "b/x.feature"]);
        assert_eq!(one.value.len(), 64);
        std::fs::write(d.path().join("notes.md"), "still ignored").unwrap();
        assert_eq!(features_digest(d.path()).unwrap(), one);
        std::fs::write(d.path().join("a.feature"), "Feature: A\n").unwrap();
        assert_ne!(features_digest(d.path()).unwrap().value, one.value);
        std::fs::rename(d.path().join("a.feature"), d.path().join("c.feature")).unwrap();
        assert_ne!(features_digest(d.path()).unwrap().files, one.files);
    }
}
