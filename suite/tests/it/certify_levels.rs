//! Certification levels and per-requirement verdicts, judged on synthetic results with the real
//! fixtures/levels.toml and catalog.

use std::time::Duration;

use harp_conformance::certify::assessed::Rules;
use harp_conformance::certify::catalog::default_catalog_dir;
use harp_conformance::certify::levels::{self, Assessment, RunFacts};
use harp_conformance::certify::requirements::{self, ReqVerdict};
use harp_conformance::config::sections::{SurfaceMode, SurfacesSection};
use harp_conformance::features::Level;
use harp_conformance::verdict::{Outcome, ScenarioResult};

fn sc(name: &str, level: Level, surface: &str, ids: &[&str], outcome: Outcome) -> ScenarioResult {
    ScenarioResult {
        feature: "F".into(),
        name: name.into(),
        file: format!("features/{name}.feature"),
        line: 3,
        tags: ids.iter().map(|s| s.to_string()).collect(),
        requirement_ids: ids
            .iter()
            .filter(|s| s.contains('-'))
            .map(|s| s.to_string())
            .collect(),
        level,
        surface: Some(surface.into()),
        outcome,
        duration: Duration::from_millis(5),
        message: None,
        evidence: None,
        transcript: vec![],
    }
}

fn baseline() -> Vec<ScenarioResult> {
    use Outcome::*;
    vec![
        sc("art", Level::Must, "artifacts", &["GW-ART-01"], Passed),
        sc("auth", Level::Must, "artifacts", &["TR-AUTH-01"], Passed),
        sc("sse", Level::Must, "sse_approver", &["GW-SSE-02"], Passed),
        sc("should", Level::Should, "artifacts", &["GW-ART-03"], Passed),
        sc("enf", Level::Must, "sse_enforcer", &["GW-SSE-06"], Passed),
        sc(
            "pair",
            Level::Must,
            "pairing",
            &["GW-PAIR-01"],
            Outcome::NotApplicable,
        ),
        sc("tls", Level::Must, "artifacts", &["TR-TLS-01"], Passed),
        sc("tenant", Level::Must, "exchanges", &["GW-AUTH-02"], Passed),
        sc("size", Level::Must, "artifacts", &["TR-SIZE-01"], Passed),
    ]
}

fn assess_with(
    results: &[ScenarioResult],
    rules: &Rules,
    surfaces: &SurfacesSection,
) -> Assessment {
    let facts = RunFacts {
        profile: "ext",
        capabilities: None,
        surfaces,
        slow_ran: false,
    };
    levels::assess(&rules.levels, &rules.catalog, results, &facts)
}

fn assess(results: &[ScenarioResult]) -> Assessment {
    let rules = Rules::load(&default_catalog_dir()).unwrap();
    assess_with(results, &rules, &SurfacesSection::default())
}

fn granted(a: &Assessment) -> Vec<&str> {
    a.levels
        .iter()
        .filter(|l| l.granted)
        .map(|l| l.name.as_str())
        .collect()
}

#[test]
fn everything_passed_is_enterprise() {
    let a = assess(&baseline());
    assert_eq!(a.level.as_deref(), Some("Enterprise"), "{a:#?}");
    assert_eq!(a.color, "blue");
    // Core: the must scenarios of mandatory surfaces, basic auth included, TLS / cross-tenant excluded.
    assert_eq!(a.levels[0].required, 3);
    assert!(a.served_surfaces.contains(&"sse_enforcer".to_string()));
    assert!(!a.served_surfaces.contains(&"pairing".to_string()));
}

#[test]
fn a_warned_should_scenario_stops_at_core() {
    let mut r = baseline();
    r[3].outcome = Outcome::Warned;
    let a = assess(&r);
    assert_eq!(a.level.as_deref(), Some("Core"));
    assert_eq!(a.color, "green");
    assert_eq!(a.levels[1].blocking[0].outcome, Outcome::Warned);
}

#[test]
fn a_skipped_or_timed_out_required_check_blocks() {
    let mut r = baseline();
    r[2].outcome = Outcome::SkippedNotServed; // a mandatory surface answered 404
    let a = assess(&r);
    assert_eq!(a.level, None);
    assert_eq!(a.color, "lightgrey");
    let rules = Rules::load(&default_catalog_dir()).unwrap();
    let refused = SurfacesSection {
        sse_approver: SurfaceMode::No, // mandatory surface declared `no`
        ..Default::default()
    };
    r[2].outcome = Outcome::NotApplicable;
    assert_eq!(assess_with(&r, &rules, &refused).level, None);
    r[2].tags.push("slow".into()); // a slow scenario that was not run
    assert_eq!(assess(&r).level, None);
    let mut r = baseline();
    r[0].outcome = Outcome::TimedOut;
    assert!(granted(&assess(&r)).is_empty());
    let mut r = baseline();
    r[5].outcome = Outcome::HarnessError; // not required anywhere, but the run is not clean
    assert!(granted(&assess(&r)).is_empty());
}

#[test]
fn served_optional_surfaces_are_required_for_full_only() {
    let mut r = baseline();
    r[4].outcome = Outcome::SkippedNotServed; // probed, not served: not required
    assert_eq!(assess(&r).level.as_deref(), Some("Enterprise"));
    r.push(sc(
        "enf2",
        Level::Must,
        "sse_enforcer",
        &["GW-SSE-07"],
        Outcome::Passed,
    ));
    // Now the surface answered once: the skipped scenario of a served surface blocks Full.
    assert_eq!(assess(&r).level.as_deref(), Some("Core"));
    let rules = Rules::load(&default_catalog_dir()).unwrap();
    let declared = SurfacesSection {
        pairing: SurfaceMode::Yes,
        ..Default::default()
    };
    // Declared: the pairing scenario is selected by Full (here exempt as not applicable); undeclared
    // and unanswered, it is not selected at all.
    let a = assess_with(&baseline(), &rules, &declared);
    assert_eq!(a.levels[1].not_applicable.len(), 1);
    assert!(assess(&baseline()).levels[1].not_applicable.is_empty());
    let mut r = baseline();
    r[5].outcome = Outcome::Failed;
    assert_eq!(assess_with(&r, &rules, &declared).level, None);
}

#[test]
fn enterprise_checks_only_block_enterprise() {
    let mut r = baseline();
    r[6].outcome = Outcome::NotApplicable; // no plaintext URL configured
    r[7].outcome = Outcome::NotApplicable; // no second tenant
    let a = assess(&r);
    assert_eq!(a.level.as_deref(), Some("Full"));
    assert_eq!(a.levels[2].blocking.len(), 2);
}

#[test]
fn no_level_on_checks_that_do_not_exist() {
    let without = |id: &str| -> Vec<ScenarioResult> {
        baseline()
            .into_iter()
            .filter(|r| !r.requirement_ids.iter().any(|x| x == id))
            .collect()
    };
    let a = assess(&without("TR-TLS-01"));
    assert_eq!(a.level.as_deref(), Some("Full"));
    assert_eq!(a.levels[2].missing_areas, vec!["TLS".to_string()]);
    assert!(a.levels[2].blocking.is_empty());
    let a = assess(&without("TR-AUTH-01"));
    assert_eq!(a.level, None, "Core needs a passed authentication check");
    assert_eq!(a.levels[0].missing_areas, vec!["AUTH".to_string()]);
}

#[test]
fn waivers_excuse_and_show_as_waived() {
    let mut rules = Rules::load(&default_catalog_dir()).unwrap();
    rules
        .catalog
        .waivers
        .insert("GW-ART-03".into(), "contested (C-99)".into());
    let mut r = baseline();
    r[3].outcome = Outcome::Warned;
    let a = assess_with(&r, &rules, &SurfacesSection::default());
    assert_eq!(a.level.as_deref(), Some("Enterprise"));
    assert_eq!(a.levels[1].waived, 1);
    let v = requirements::verdicts(&rules.catalog, &r);
    let row = |id: &str| v.iter().find(|x| x.id == id).unwrap().clone();
    assert_eq!(row("GW-ART-03").verdict, ReqVerdict::Waived);
    assert_eq!(row("GW-ART-03").waiver.as_deref(), Some("contested (C-99)"));
    assert_eq!(row("GW-ART-01").verdict, ReqVerdict::Passed);
    assert_eq!(row("GW-PAIR-01").verdict, ReqVerdict::NotRun);
    assert_eq!(row("GW-ENV-01").verdict, ReqVerdict::Untested);
}

#[test]
fn a_requirement_passes_only_when_every_scenario_passed() {
    let rules = Rules::load(&default_catalog_dir()).unwrap();
    let mut r = baseline();
    r.push(sc(
        "art2",
        Level::Must,
        "artifacts",
        &["GW-ART-01"],
        Outcome::Failed,
    ));
    r.push(sc(
        "x",
        Level::Must,
        "errors",
        &["GW-ZZZ-99"],
        Outcome::Passed,
    ));
    let v = requirements::verdicts(&rules.catalog, &r);
    let art = v.iter().find(|x| x.id == "GW-ART-01").unwrap();
    assert_eq!(art.verdict, ReqVerdict::Failed);
    assert_eq!(art.outcomes["passed"], 1);
    assert_eq!(art.outcomes["failed"], 1);
    let unknown = v.iter().find(|x| x.id == "GW-ZZZ-99").unwrap();
    assert_eq!(unknown.level, "uncatalogued");
    assert!(assess(&r).level.is_none());
}

#[test]
fn not_applicable_under_the_declared_config_is_exempt_and_listed() {
    let mut r = baseline();
    r[0].outcome = Outcome::NotApplicable; // e.g. strict.single_channel_delivery = false
    let a = assess(&r);
    assert_eq!(a.level.as_deref(), Some("Enterprise"));
    assert_eq!(a.levels[0].not_applicable.len(), 1);
    assert_eq!(a.levels[0].required, 2);
}
