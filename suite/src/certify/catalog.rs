//! The requirement catalog folder (`fixtures/`): requirement rows, negative inputs and waivers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::error::CertifyError;

/// The default catalog folder, baked in at compile time (the suite's own `fixtures/`).
pub fn default_catalog_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

/// One catalog row, as far as certification needs it (other fields are ignored).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Requirement {
    pub id: String,
    /// MUST, SHOULD, MAY, implied, or `negative` for NEG rows.
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub surface: Option<String>,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Deserialize)]
struct Negative {
    id: String,
}

#[derive(Debug, Default, Deserialize)]
struct CatalogFile {
    #[serde(default)]
    requirement: Vec<Requirement>,
    #[serde(default)]
    negative: Vec<Negative>,
}

#[derive(Debug, Deserialize)]
struct Waiver {
    id: String,
    reason: String,
}

#[derive(Debug, Default, Deserialize)]
struct WaiverFile {
    #[serde(default)]
    waiver: Vec<Waiver>,
}

/// The catalog as loaded: rows in file order and waivers by requirement ID.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub requirements: Vec<Requirement>,
    /// requirement ID → reason.
    pub waivers: BTreeMap<String, String>,
    /// Files read (names relative to the catalog folder, sorted): what the catalog digest covers.
    pub files: Vec<String>,
}

fn read(path: &Path) -> Result<String, CertifyError> {
    std::fs::read_to_string(path).map_err(|e| CertifyError::read(path, e))
}

fn parse<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, CertifyError> {
    toml::from_str(&read(path)?).map_err(|e| CertifyError::Toml {
        path: path.into(),
        message: e.to_string(),
    })
}

/// The catalog files of a folder: `requirements*.toml`, `levels.toml` and `waivers.toml`, sorted.
pub fn catalog_files(dir: &Path) -> Result<Vec<String>, CertifyError> {
    let entries = std::fs::read_dir(dir).map_err(|e| CertifyError::read(dir, e))?;
    let mut names = Vec::new();
    for e in entries {
        let e = e.map_err(|e| CertifyError::read(dir, e))?;
        let name = e.file_name().to_string_lossy().to_string();
        let is_catalog = (name.starts_with("requirements") && name.ends_with(".toml"))
            || name == "levels.toml"
            || name == "waivers.toml";
        if is_catalog && e.path().is_file() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

impl Catalog {
    /// Loads every `requirements*.toml` and the optional `waivers.toml` of `dir`.
    pub fn load(dir: &Path) -> Result<Self, CertifyError> {
        let files = catalog_files(dir)?;
        if !files.iter().any(|f| f == "requirements.toml") {
            return Err(CertifyError::Invalid {
                path: dir.join("requirements.toml"),
                message: "missing: point --catalog at the folder holding requirements.toml".into(),
            });
        }
        let mut requirements = Vec::new();
        for f in files.iter().filter(|f| f.starts_with("requirements")) {
            let c: CatalogFile = parse(&dir.join(f))?;
            requirements.extend(c.requirement);
            requirements.extend(c.negative.into_iter().map(|n| Requirement {
                id: n.id,
                level: "negative".into(),
                area: "NEG".into(),
                surface: None,
                optional: false,
            }));
        }
        let mut waivers = BTreeMap::new();
        if files.iter().any(|f| f == "waivers.toml") {
            let w: WaiverFile = parse(&dir.join("waivers.toml"))?;
            for w in w.waiver {
                waivers.insert(w.id, w.reason);
            }
        }
        Ok(Self {
            requirements,
            waivers,
            files,
        })
    }

    /// The area of a requirement ID: from the catalog row, else the middle part of `<FAMILY>-<AREA>-NN`.
    pub fn area_of(&self, id: &str) -> String {
        self.requirements
            .iter()
            .find(|r| r.id == id && !r.area.is_empty())
            .map(|r| r.area.clone())
            .unwrap_or_else(|| area_from_id(id))
    }
}

/// `AUTH` from `TR-AUTH-01`; `NEG` from `NEG-03`.
pub fn area_from_id(id: &str) -> String {
    let parts: Vec<&str> = id.split('-').collect();
    match parts.as_slice() {
        [_, area, _] => (*area).to_string(),
        [fam, _] => (*fam).to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_rows_negatives_and_waivers() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(
            d.path().join("requirements.toml"),
            "[[requirement]]\nid = \"GW-ART-01\"\nlevel = \"MUST\"\narea = \"ART\"\nsurface = \"artifacts\"\noptional = false\ntext = \"x\"\n\n[[negative]]\nid = \"NEG-01\"\ninput = \"x\"\n",
        )
        .unwrap();
        std::fs::write(
            d.path().join("waivers.toml"),
            "[[waiver]]\nid = \"GW-ART-01\"\nreason = \"contested (C-01)\"\n",
        )
        .unwrap();
        std::fs::write(d.path().join("other.toml"), "x = 1").unwrap();
        let c = Catalog::load(d.path()).unwrap();
        assert_eq!(c.requirements.len(), 2);
        assert_eq!(c.requirements[1].level, "negative");
        assert_eq!(c.waivers["GW-ART-01"], "contested (C-01)");
        assert_eq!(c.files, vec!["requirements.toml", "waivers.toml"]);
        assert_eq!(c.area_of("TR-AUTH-07"), "AUTH");
        assert_eq!(c.area_of("GW-ART-01"), "ART");
    }

    #[test]
    fn the_real_catalog_loads() {
        let c = Catalog::load(&default_catalog_dir()).unwrap();
        assert!(c.requirements.len() > 200);
    }
}
