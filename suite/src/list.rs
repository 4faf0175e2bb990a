//! `harp-conformance list`: one line (or JSON record) per scenario with its requirement IDs, level and surface.

use std::io::Write;

use crate::cli::ListArgs;
use crate::config::resolve::default_features_dir;
use crate::exit::ExitCode;
use crate::features::{self, ScenarioMeta, Selection};

/// Runs `list`, writing to `out`; returns the exit code.
pub fn run(args: &ListArgs, out: &mut dyn Write) -> i32 {
    match list(args) {
        Ok(sc) => {
            let res = if args.json {
                serde_json::to_string_pretty(&sc)
                    .map_err(std::io::Error::other)
                    .and_then(|s| writeln!(out, "{s}"))
            } else {
                sc.iter().try_for_each(|m| writeln!(out, "{}", line(m)))
            };
            match res {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("harp-conformance: cannot write the list: {e}");
                    ExitCode::HARNESS
                }
            }
        }
        Err(e) => {
            eprintln!("harp-conformance: {e}");
            ExitCode::USAGE
        }
    }
}

fn list(args: &ListArgs) -> Result<Vec<ScenarioMeta>, String> {
    let dir = args.features.clone().unwrap_or_else(default_features_dir);
    let sel = Selection::new(args.tags.as_deref(), args.name.as_deref())?;
    let feats = features::load(&dir)?;
    Ok(features::scenarios(&feats, &dir)
        .into_iter()
        .filter(|m| sel.matches(m))
        .collect())
}

/// `<feature file>:<line>  <name>  <req ids>  <level>  <surface>`.
pub fn line(m: &ScenarioMeta) -> String {
    let ids = if m.requirement_ids.is_empty() {
        "-".to_string()
    } else {
        m.requirement_ids.join(",")
    };
    format!(
        "{}  {}  {}  {}  {}",
        m.location(),
        m.name,
        ids,
        m.level.as_str(),
        m.surface.as_deref().unwrap_or("-")
    )
}
