//! `harp-conformance verify`: the detached signature over the exact certificate bytes, then the features
//! and catalog digests recomputed from the folders at hand. Exit 0 when both hold, 1 otherwise.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::catalog::default_catalog_dir;
use super::certificate;
use super::digest::{self, TreeDigest};
use super::sign;
use crate::cli::VerifyArgs;
use crate::config::resolve::default_features_dir;

/// Which folders to recompute the digests from.
#[derive(Debug, Clone)]
pub struct VerifyInput {
    pub certificate: PathBuf,
    pub signature: PathBuf,
    pub pubkey: PathBuf,
    pub features: PathBuf,
    pub catalog: PathBuf,
}

impl VerifyInput {
    pub fn from_args(a: &VerifyArgs) -> Self {
        let mut sig = a.certificate.clone().into_os_string();
        sig.push(".sig");
        Self {
            certificate: a.certificate.clone(),
            signature: a.signature.clone().unwrap_or_else(|| sig.into()),
            pubkey: a.pubkey.clone(),
            features: a.features.clone().unwrap_or_else(default_features_dir),
            catalog: a.catalog.clone().unwrap_or_else(default_catalog_dir),
        }
    }
}

fn compare(what: &str, dir: &Path, recorded: &TreeDigest, now: TreeDigest) -> Result<(), String> {
    if recorded.algorithm != "sha256" {
        return Err(format!(
            "{what} digest uses unknown algorithm `{}`",
            recorded.algorithm
        ));
    }
    if now.value == recorded.value {
        return Ok(());
    }
    let missing: Vec<&String> = recorded
        .files
        .iter()
        .filter(|f| !now.files.contains(f))
        .collect();
    let extra: Vec<&String> = now
        .files
        .iter()
        .filter(|f| !recorded.files.contains(f))
        .collect();
    let mut why = format!(
        "{what} digest mismatch: the certificate records {} but {} gives {}",
        recorded.value,
        dir.display(),
        now.value
    );
    if !missing.is_empty() || !extra.is_empty() {
        why.push_str(&format!(
            " (files only in the certificate: {missing:?}; only here: {extra:?})"
        ));
    } else {
        why.push_str(" (same files, different contents)");
    }
    Err(why)
}

/// Checks a certificate; `Ok` holds the lines to print, `Err` the reason it is rejected.
pub fn verify(i: &VerifyInput) -> Result<Vec<String>, String> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let bytes = read(&i.certificate)?;
    let sig = String::from_utf8_lossy(&read(&i.signature)?).to_string();
    let key = sign::load_verifying_key(&i.pubkey).map_err(|e| e.to_string())?;
    sign::verify(&key, &bytes, &sig).map_err(|e| {
        format!(
            "{e}: {} was changed after signing, or {} is not its signature, or it was signed by a key other than {}",
            i.certificate.display(),
            i.signature.display(),
            i.pubkey.display()
        )
    })?;
    let cert: Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{} is not JSON: {e}", i.certificate.display()))?;
    let (features, catalog) = certificate::digests(&cert)?;
    let now = digest::features_digest(&i.features).map_err(|e| e.to_string())?;
    compare("features", &i.features, &features, now)?;
    let now = digest::digest_files(&i.catalog, &catalog.files, "catalog").map_err(|e| {
        format!(
            "catalog digest cannot be recomputed from {}: {e}",
            i.catalog.display()
        )
    })?;
    compare("catalog", &i.catalog, &catalog, now)?;
    Ok(vec![
        format!("signature: valid (Ed25519, key {})", i.pubkey.display()),
        format!(
            "features digest: matches {} ({} files)",
            i.features.display(),
            features.files.len()
        ),
        format!(
            "catalog digest: matches {} ({})",
            i.catalog.display(),
            catalog.files.join(", ")
        ),
        format!(
            "certificate: target {}, profile {}, level {}, issued {}",
            cert["target"]["url"].as_str().unwrap_or("?"),
            cert["profile"].as_str().unwrap_or("?"),
            cert["level"].as_str().unwrap_or("none"),
            cert["issued_at"].as_str().unwrap_or("?")
        ),
    ])
}

/// `verify`: prints the findings; exit 0 when valid, 1 when rejected.
pub fn main(args: &VerifyArgs) -> i32 {
    match verify(&VerifyInput::from_args(args)) {
        Ok(lines) => {
            for l in lines {
                println!("{l}");
            }
            println!("VALID: {}", args.certificate.display());
            0
        }
        Err(e) => {
            eprintln!(
                "harp-conformance: REJECTED {}: {e}",
                args.certificate.display()
            );
            1
        }
    }
}
