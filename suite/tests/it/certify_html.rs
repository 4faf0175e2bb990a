//! report.html: self-contained, shows summary and level, and escapes everything that came from the target.

use harp_conformance::certify::assessed::Rules;
use harp_conformance::certify::catalog::default_catalog_dir;
use harp_conformance::config::RunConfig;
use harp_conformance::report::html::{self, Steps};
use harp_conformance::report::json::RunInfo;
use harp_conformance::transport::TranscriptEntry;
use harp_conformance::verdict::{Outcome, ScenarioResult};

use crate::fixture_support::passed;

const HOSTILE: &str = "</pre><script>alert(1)</script><img src=x onerror=alert(2)>\"'&";

fn info() -> RunInfo {
    RunInfo {
        tool_version: "0.1.0".into(),
        target: "https://gw.example/<b>".into(),
        profile: "ext".into(),
        embedded: false,
        started_at: "2026-02-24T10:00:00Z".into(),
        duration_ms: 10,
        protocol_version: Some(HOSTILE.into()),
        capabilities: None,
        discovery: format!("runtime.info said {HOSTILE}"),
        exit_code: 1,
    }
}

fn results() -> Vec<ScenarioResult> {
    let base = passed("ok", &["GW-ART-01"]);
    let bad = ScenarioResult {
        name: "bad".into(),
        line: 9,
        outcome: Outcome::Failed,
        surface: Some(HOSTILE.into()),
        message: Some(format!("expected 202, got 500: {HOSTILE}")),
        evidence: Some(HOSTILE.into()),
        transcript: vec![TranscriptEntry {
            at_ms: 4,
            kind: "http".into(),
            text: format!("HTTP/1.1 500\ncontent-type: text/html\n\n{HOSTILE}"),
        }],
        ..base.clone()
    };
    vec![base, bad]
}

fn page() -> String {
    let rules = Rules::load(&default_catalog_dir()).unwrap();
    let cfg = RunConfig::resolve(&Default::default()).unwrap();
    let assessed = rules.assess(&cfg, &info(), &results());
    let mut steps = Steps::new();
    steps.insert("features/a.feature:3".into(), vec!["Given a <step>".into()]);
    html::render(&info(), &results(), Ok(&assessed), &steps)
}

#[test]
fn target_content_is_escaped() {
    let p = page();
    assert!(!p.contains("<script>alert"), "raw script from the target");
    assert!(!p.contains("<img src=x"), "raw element from the target");
    assert!(!p.contains("</pre><script>"));
    assert!(p.contains("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(p.contains("&quot;&#39;&amp;"));
    assert!(p.contains("Given a &lt;step&gt;"));
    // Exactly one script element: ours.
    assert_eq!(p.matches("<script").count(), 1);
}

#[test]
fn self_contained_with_summary_matrix_and_filters() {
    let p = page();
    assert!(p.starts_with("<!DOCTYPE html>"));
    for needle in [
        "id=\"summary\"",
        "Certified level: <span class=\"lvl\"",
        ">none</span>",
        "id=\"requirements\"",
        "id=\"req-GW-ART-01\"",
        "id=\"filters\" hidden",
        "<details><summary>Wire transcript (1 entries)</summary>",
        "data-outcome=\"failed\"",
        "Content-Security-Policy",
        "script-src 'sha256-",
    ] {
        assert!(p.contains(needle), "missing {needle}");
    }
    for external in ["src=\"http", "href=\"http", "@import", "url(http"] {
        assert!(!p.contains(external), "external asset: {external}");
    }
}

#[test]
fn without_an_assessment_the_page_says_why() {
    let p = html::render(
        &info(),
        &results(),
        Err("levels.toml <missing>"),
        &Steps::new(),
    );
    assert!(p.contains("not assessed (levels.toml &lt;missing&gt;)"));
    assert!(!p.contains("id=\"requirements\""));
}
