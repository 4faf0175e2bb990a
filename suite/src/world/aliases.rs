//! Per-scenario unique values: requestIds from aliases ("r1"), artifact hashes, nonces, msgIds.

use std::collections::HashMap;

use base64::Engine as _;

/// Maps scenario aliases to run-unique values, so concurrent scenarios never collide.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    run_id: String,
    scenario: u64,
    hashes: HashMap<String, String>,
    /// The alias most recently used (the default for `{{requestId}}`).
    pub current: Option<String>,
}

/// 64 random lowercase hex characters.
pub fn random_hex64() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// `n` random bytes (n rounded up to 16), base64.
pub fn random_base64(n: usize) -> String {
    let bytes: Vec<u8> = (0..n.div_ceil(16))
        .flat_map(|_| *uuid::Uuid::new_v4().as_bytes())
        .take(n)
        .collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

impl Aliases {
    pub fn new(run_id: &str, scenario: u64) -> Self {
        Self {
            run_id: run_id.to_string(),
            scenario,
            ..Default::default()
        }
    }

    /// The requestId for an alias: `hc-<runid>-<n>-<alias>`.
    pub fn request_id(&self, alias: &str) -> String {
        format!("hc-{}-{}-{}", self.run_id, self.scenario, alias)
    }

    /// The artifact hash of an alias (created on first use): `sha256:<64 hex>`.
    pub fn hash(&mut self, alias: &str) -> String {
        self.hashes
            .entry(alias.to_string())
            .or_insert_with(|| format!("sha256:{}", random_hex64()))
            .clone()
    }

    /// Gives an alias a fresh, different hash and returns it.
    pub fn new_hash(&mut self, alias: &str) -> String {
        let h = format!("sha256:{}", random_hex64());
        self.hashes.insert(alias.to_string(), h.clone());
        h
    }

    /// Makes `alias` the current one and returns it.
    pub fn use_alias(&mut self, alias: &str) -> String {
        self.current = Some(alias.to_string());
        alias.to_string()
    }

    /// The current alias, "r1" when none was used yet.
    pub fn current(&self) -> String {
        self.current.clone().unwrap_or_else(|| "r1".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_and_stable() {
        let mut a = Aliases::new("abc", 7);
        assert_eq!(a.request_id("r1"), "hc-abc-7-r1");
        let h = a.hash("r1");
        assert!(h.starts_with("sha256:") && h.len() == 71);
        assert_eq!(a.hash("r1"), h);
        assert_ne!(a.new_hash("r1"), h);
        assert_eq!(random_base64(64).len(), 88);
        assert_eq!(a.current(), "r1");
    }
}
