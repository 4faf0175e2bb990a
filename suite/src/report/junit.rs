//! JUnit XML: one testsuite per feature, one testcase per scenario named `<scenario> [<req ids>]`.

use std::collections::BTreeMap;

use junit_report::{Duration as JDuration, ReportBuilder, TestCase, TestSuiteBuilder};

use crate::verdict::{Outcome, ScenarioResult};

fn jduration(d: std::time::Duration) -> JDuration {
    JDuration::try_from(d).unwrap_or(JDuration::ZERO)
}

fn transcript_text(r: &ScenarioResult) -> String {
    r.transcript
        .iter()
        .map(|e| format!("[+{} ms] {}\n{}\n", e.at_ms, e.kind, e.text))
        .collect::<Vec<_>>()
        .join("\n")
}

fn case(r: &ScenarioResult) -> TestCase {
    let name = r.display_name();
    let d = jduration(r.duration);
    let msg = r.message.clone().unwrap_or_default();
    let mut tc = match r.outcome {
        Outcome::Passed => TestCase::success(&name, d),
        Outcome::Warned => {
            let mut t = TestCase::success(&name, d);
            t.set_system_err(&format!("warning (SHOULD/MAY not met): {msg}"));
            t
        }
        Outcome::Failed => TestCase::failure(&name, d, "failed", &msg),
        Outcome::TimedOut => TestCase::failure(&name, d, "timed-out", &msg),
        Outcome::HarnessError => TestCase::error(&name, d, "harness-error", &msg),
        Outcome::SkippedNotServed => {
            let ev = r.evidence.clone().unwrap_or_default();
            TestCase::skipped_with_cause(
                &name,
                "skipped-not-served",
                &format!("{msg}; evidence: {ev}"),
            )
        }
        Outcome::NotApplicable => TestCase::skipped_with_cause(&name, "not-applicable", &msg),
    };
    tc.set_classname(&format!("{}:{}", r.file, r.line));
    let t = transcript_text(r);
    if !t.is_empty() {
        tc.set_system_out(&t);
    }
    tc
}

/// Renders the JUnit XML document.
pub fn render(results: &[ScenarioResult]) -> Result<Vec<u8>, String> {
    let mut by_feature: BTreeMap<(&str, &str), Vec<TestCase>> = BTreeMap::new();
    for r in results {
        by_feature
            .entry((&r.file, &r.feature))
            .or_default()
            .push(case(r));
    }
    let mut report = ReportBuilder::new();
    for ((_, feature), cases) in by_feature {
        report.add_testsuite(TestSuiteBuilder::new(feature).add_testcases(cases).build());
    }
    let mut out = Vec::new();
    report
        .build()
        .write_xml(&mut out)
        .map_err(|e| format!("cannot render junit.xml: {e}"))?;
    Ok(out)
}
