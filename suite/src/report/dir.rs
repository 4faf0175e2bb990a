//! The run's output folder `<report-dir>/<target-host-port>-<UTC timestamp>/` and writing files into it.

use std::path::{Path, PathBuf};

use time::OffsetDateTime;
use time::macros::format_description;

/// `127.0.0.1-8080` from `http://127.0.0.1:8080/x`; unsafe characters become `_`.
pub fn target_slug(url: &str) -> String {
    let rest = url.split("://").nth(1).unwrap_or(url);
    let host = rest.split('/').next().unwrap_or(rest);
    host.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else if c == ':' {
                '-'
            } else {
                '_'
            }
        })
        .collect()
}

/// `20260224T100000Z`.
pub fn timestamp(t: OffsetDateTime) -> String {
    let f = format_description!("[year][month][day]T[hour][minute][second]Z");
    t.to_offset(time::UtcOffset::UTC)
        .format(&f)
        .unwrap_or_else(|_| "unknown-time".into())
}

/// Creates the run folder (adding a suffix if it exists already).
pub fn create(report_dir: &Path, target: &str, at: OffsetDateTime) -> std::io::Result<PathBuf> {
    let base = report_dir.join(format!("{}-{}", target_slug(target), timestamp(at)));
    let mut dir = base.clone();
    let mut n = 1;
    while dir.exists() {
        n += 1;
        dir = PathBuf::from(format!("{}-{n}", base.display()));
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(target_slug("http://127.0.0.1:8080/v1"), "127.0.0.1-8080");
        assert_eq!(target_slug("https://gw.example"), "gw.example");
        let t = time::macros::datetime!(2026-02-24 10:00:00 UTC);
        assert_eq!(timestamp(t), "20260224T100000Z");
    }
}
