//! Feature files: parsing (outlines expanded exactly as cucumber does), scenario metadata from tags, selection.

use std::path::{Path, PathBuf};

use cucumber::feature::Ext as _;
use cucumber::gherkin::{self, tagexpr::TagOperation};
use cucumber::tag::Ext as _;
use regex::Regex;
use serde::Serialize;

/// Requirement level of a scenario, from its `@must` / `@should` / `@may` tag (default must).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Must,
    Should,
    May,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Must => "must",
            Level::Should => "should",
            Level::May => "may",
        }
    }
}

/// Everything the engine knows about one scenario before running it.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioMeta {
    /// Feature title.
    pub feature: String,
    /// Feature file, relative to the features folder's parent ("features/artifacts/submit.feature").
    pub file: String,
    /// Absolute path of the feature file (the key cucumber reports it under).
    #[serde(skip)]
    pub path: PathBuf,
    pub line: usize,
    pub name: String,
    /// All tags (feature + rule + scenario + examples), without the `@`.
    pub tags: Vec<String>,
    pub requirement_ids: Vec<String>,
    pub level: Level,
    pub surface: Option<String>,
    pub optional: bool,
    pub slow: bool,
}

impl ScenarioMeta {
    /// Builds the metadata from a scenario's tags.
    pub fn new(
        feature: &gherkin::Feature,
        rule: Option<&gherkin::Rule>,
        sc: &gherkin::Scenario,
        root: &Path,
    ) -> Self {
        let tags: Vec<String> = feature
            .tags
            .iter()
            .chain(rule.iter().flat_map(|r| &r.tags))
            .chain(&sc.tags)
            .cloned()
            .collect();
        let req = Regex::new(r"^(?:[A-Z]{2,4}-[A-Z]{2,5}-\d{2}|NEG-\d{2})$").expect("valid regex");
        let mut requirement_ids: Vec<String> = Vec::new();
        for t in tags.iter().filter(|t| req.is_match(t)) {
            if !requirement_ids.contains(t) {
                requirement_ids.push(t.clone());
            }
        }
        let has = |n: &str| tags.iter().any(|t| t == n);
        let level = if has("must") {
            Level::Must
        } else if has("should") {
            Level::Should
        } else if has("may") {
            Level::May
        } else {
            Level::Must
        };
        let surface = tags
            .iter()
            .rev()
            .find_map(|t| t.strip_prefix("surface:").map(str::to_string));
        let path = feature.path.clone().unwrap_or_default();
        Self {
            feature: feature.name.clone(),
            file: display_path(&path, root),
            path,
            line: sc.position.line,
            name: sc.name.clone(),
            requirement_ids,
            level,
            optional: has("optional"),
            slow: has("slow"),
            surface,
            tags,
        }
    }

    /// `file:line`, the way failures point at a scenario.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

fn display_path(path: &Path, root: &Path) -> String {
    let base = root.parent().unwrap_or(root);
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Parses a cucumber tag expression ("@must and not @slow").
pub fn parse_tag_expr(s: &str) -> Result<TagOperation, String> {
    s.parse::<TagOperation>()
        .map_err(|e| format!("--tags `{s}` is not a valid tag expression: {e}"))
}

/// Parses every `.feature` file under `dir` (sorted, outlines expanded).
pub fn load(dir: &Path) -> Result<Vec<gherkin::Feature>, String> {
    let dir = dir.canonicalize().map_err(|e| {
        format!(
            "features folder {} not found ({e}); pass --features DIR or set HARP_FEATURES",
            dir.display()
        )
    })?;
    let mut files = Vec::new();
    collect(&dir, &mut files)
        .map_err(|e| format!("cannot read features folder {}: {e}", dir.display()))?;
    files.sort();
    if files.is_empty() {
        return Err(format!("no .feature files under {}", dir.display()));
    }
    files
        .iter()
        .map(|f| {
            let feat = gherkin::Feature::parse_path(f, gherkin::GherkinEnv::default())
                .map_err(|e| format!("{}: {e}", f.display()))?;
            feat.expand_examples()
                .map_err(|e| format!("{}: {e}", f.display()))
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if p
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("feature"))
        {
            out.push(p);
        }
    }
    Ok(())
}

/// Every scenario of the features, in file order, with metadata.
pub fn scenarios(features: &[gherkin::Feature], root: &Path) -> Vec<ScenarioMeta> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut out = Vec::new();
    for f in features {
        for s in &f.scenarios {
            out.push(ScenarioMeta::new(f, None, s, &root));
        }
        for r in &f.rules {
            for s in &r.scenarios {
                out.push(ScenarioMeta::new(f, Some(r), s, &root));
            }
        }
    }
    out
}

/// The user's selection: a tag expression and/or a name regex (both must match).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub tags: Option<TagOperation>,
    pub name: Option<Regex>,
}

impl Selection {
    pub fn new(tags: Option<&str>, name: Option<&str>) -> Result<Self, String> {
        Ok(Self {
            tags: tags.map(parse_tag_expr).transpose()?,
            name: name
                .map(|n| {
                    Regex::new(n).map_err(|e| format!("--name `{n}` is not a valid regex: {e}"))
                })
                .transpose()?,
        })
    }

    pub fn matches(&self, m: &ScenarioMeta) -> bool {
        self.tags.as_ref().is_none_or(|t| t.eval(m.tags.iter()))
            && self.name.as_ref().is_none_or(|r| r.is_match(&m.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: &str = "@surface:artifacts\nFeature: Submit\n\n  @GW-ART-01 @GW-ERR-05 @must\n  Scenario: ok\n    Given x\n\n  @GW-ART-03 @should @optional @slow\n  Scenario Outline: missing <m>\n    Given <m>\n\n    Examples:\n      | m |\n      | a |\n      | b |\n";

    #[test]
    fn metadata_and_selection() {
        let dir = tempfile::tempdir().unwrap();
        let fdir = dir.path().join("features");
        std::fs::create_dir_all(fdir.join("art")).unwrap();
        std::fs::write(fdir.join("art/submit.feature"), F).unwrap();
        let feats = load(&fdir).unwrap();
        let sc = scenarios(&feats, &fdir);
        assert_eq!(sc.len(), 3);
        assert_eq!(sc[0].file, "features/art/submit.feature");
        assert_eq!(sc[0].line, 5);
        assert_eq!(sc[0].requirement_ids, vec!["GW-ART-01", "GW-ERR-05"]);
        assert_eq!(sc[0].surface.as_deref(), Some("artifacts"));
        assert_eq!(sc[1].name, "missing a");
        assert_eq!(sc[1].level, Level::Should);
        assert!(sc[1].optional && sc[1].slow);
        assert_ne!(sc[1].line, sc[2].line);
        let sel = Selection::new(Some("@must and not @slow"), None).unwrap();
        assert_eq!(sc.iter().filter(|m| sel.matches(m)).count(), 1);
        let sel = Selection::new(None, Some("missing b")).unwrap();
        assert_eq!(sc.iter().filter(|m| sel.matches(m)).count(), 1);
        assert!(Selection::new(Some("@a not @b"), None).is_err());
    }

    #[test]
    fn missing_folder_is_clear() {
        let e = load(Path::new("/nonexistent/features")).unwrap_err();
        assert!(e.contains("--features"), "{e}");
    }
}
