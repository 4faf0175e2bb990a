//! `report.html`: one self-contained page (inline CSS/JS, no external assets) with the summary and level,
//! a requirement × verdict matrix, and every scenario with steps, message, timing and wire transcript.
//! Everything that came from the target is HTML-escaped; a CSP hash admits only our own script.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use base64::Engine as _;
use sha2::{Digest as _, Sha256};

use crate::certify::assessed::Assessed;
use crate::certify::requirements::ReqVerdict;
use crate::features::{self, ScenarioMeta};
use crate::report::json::RunInfo;
use crate::verdict::{Outcome, ScenarioResult};

/// Steps of each scenario by `file:line` (keyword + text), for the page.
pub type Steps = BTreeMap<String, Vec<String>>;

/// Reads the steps of every scenario (background first) from a features folder; empty when unreadable.
pub fn steps_from_features(dir: &Path) -> Steps {
    let mut out = Steps::new();
    let Ok(feats) = features::load(dir) else {
        return out;
    };
    let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    for f in &feats {
        let bg: Vec<String> = f
            .background
            .iter()
            .flat_map(|b| &b.steps)
            .map(|s| format!("{}{}", s.keyword, s.value))
            .collect();
        let scs = f.scenarios.iter().map(|s| (None, s));
        let ruled = f
            .rules
            .iter()
            .flat_map(|r| r.scenarios.iter().map(move |s| (Some(r), s)));
        for (rule, s) in scs.chain(ruled) {
            let key = ScenarioMeta::new(f, rule, s, &root).location();
            let rule_bg = rule
                .iter()
                .flat_map(|r| &r.background)
                .flat_map(|b| &b.steps);
            let mut steps = bg.clone();
            steps.extend(rule_bg.map(|s| format!("{}{}", s.keyword, s.value)));
            steps.extend(s.steps.iter().map(|s| format!("{}{}", s.keyword, s.value)));
            out.insert(key, steps);
        }
    }
    out
}

/// HTML-escapes text for element content and quoted attributes.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => o.push('\u{fffd}'),
            c => o.push(c),
        }
    }
    o
}

const CSS: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1em;color:#222}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}dl{display:grid;grid-template-columns:max-content auto;gap:2px 1em}dt{font-weight:600}
pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:.5em;overflow:auto;white-space:pre-wrap;word-break:break-all}
.o{display:inline-block;padding:0 .5em;border-radius:3px;color:#fff;font-size:.85em;background:#777}
.o-passed{background:#2e7d32}.o-failed,.o-timed-out{background:#c62828}.o-harness-error{background:#6a1b9a}
.o-warned{background:#ef6c00}.o-skipped-not-served,.o-not-applicable,.o-not-run,.o-untested{background:#78909c}
.o-waived{background:#1565c0}.lvl{font-size:1.3em;padding:.3em .8em;border-radius:4px;color:#fff;display:inline-block}
.sc{border:1px solid #ddd;border-radius:4px;padding:.4em .8em;margin:.6em 0}.sc h3{margin:.2em 0;font-size:1.05em}
.meta{color:#555;font-size:.9em}#filters{background:#f4f4f4;padding:.5em;border-radius:4px}#filters label{margin-right:.8em}
.c{text-align:center}";

const JS: &str = "(function(){var f=document.getElementById('filters');if(!f)return;f.hidden=false;\
function apply(){var on={};f.querySelectorAll('input[type=checkbox]').forEach(function(c){on[c.value]=c.checked;});\
var s=document.getElementById('fsurface').value,n=0;document.querySelectorAll('.sc').forEach(function(e){\
var ok=on[e.getAttribute('data-outcome')]!==false&&(s===''||e.getAttribute('data-surface')===s);e.hidden=!ok;if(ok)n++;});\
document.getElementById('shown').textContent=String(n);}f.addEventListener('change',apply);apply();})();";

fn csp() -> String {
    let h = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(JS.as_bytes()));
    format!("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{h}'")
}

fn outcome_badge(s: &str) -> String {
    format!("<span class=\"o o-{0}\">{0}</span>", esc(s))
}

/// Waived and exempt (not-applicable) counts of a level, the exempt ones listed in a collapsible.
fn level_notes(l: &crate::certify::levels::LevelResult) -> String {
    let mut o = String::new();
    if l.waived > 0 {
        let _ = write!(o, " ({} waived)", l.waived);
    }
    if !l.not_applicable.is_empty() {
        let _ = write!(
            o,
            "<details><summary>{} not applicable under the declared config (exempt)</summary><ul>",
            l.not_applicable.len()
        );
        for b in &l.not_applicable {
            let _ = write!(o, "<li>{} ({})</li>", esc(&b.scenario), esc(&b.location));
        }
        o.push_str("</ul></details>");
    }
    o
}

fn summary(o: &mut String, info: &RunInfo, results: &[ScenarioResult], a: Result<&Assessed, &str>) {
    let _ = write!(o, "<section id=\"summary\"><h2>Summary</h2>");
    match a {
        Ok(a) => {
            let s = &a.assessment;
            let colour = crate::report::badge::color_hex(&s.color);
            let _ = write!(
                o,
                "<p>Certified level: <span class=\"lvl\" style=\"background:{}\">{}</span></p><table><tr><th>Level</th><th>Verdict</th><th>Required checks passed</th><th>Blocking</th></tr>",
                esc(&colour),
                esc(s.level.as_deref().unwrap_or("none"))
            );
            for l in &s.levels {
                let _ = write!(
                    o,
                    "<tr><td title=\"{}\">{}</td><td>{}</td><td>{} / {}{}</td><td>",
                    esc(&l.description),
                    esc(&l.name),
                    if l.granted { "granted" } else { "not granted" },
                    l.passed,
                    l.required,
                    level_notes(l)
                );
                if !l.blocking.is_empty() {
                    let _ = write!(
                        o,
                        "<details><summary>{} scenarios</summary><ul>",
                        l.blocking.len()
                    );
                    for b in &l.blocking {
                        let _ = write!(
                            o,
                            "<li>{} {} ({})</li>",
                            outcome_badge(b.outcome.as_str()),
                            esc(&b.scenario),
                            esc(&b.location)
                        );
                    }
                    o.push_str("</ul></details>");
                }
                if !l.missing_areas.is_empty() {
                    let _ = write!(
                        o,
                        "no passed check of area {}",
                        esc(&l.missing_areas.join(", "))
                    );
                }
                o.push_str("</td></tr>");
            }
            o.push_str("</table>");
            if !s.run_blockers.is_empty() {
                let _ = write!(
                    o,
                    "<p>{} failed, timed-out or harness-error scenarios block every level.</p>",
                    s.run_blockers.len()
                );
            }
        }
        Err(e) => {
            let _ = write!(o, "<p>Certified level: not assessed ({})</p>", esc(e));
        }
    }
    let rows = [
        ("Target", info.target.clone()),
        ("Profile", info.profile.clone()),
        ("Suite version", info.tool_version.clone()),
        ("Started", info.started_at.clone()),
        ("Duration", format!("{} ms", info.duration_ms)),
        (
            "Protocol version",
            info.protocol_version.clone().unwrap_or_else(|| "-".into()),
        ),
        ("Discovery", info.discovery.clone()),
        ("Exit code", info.exit_code.to_string()),
        ("Scenarios", results.len().to_string()),
    ];
    o.push_str("<dl>");
    for (k, v) in rows {
        let _ = write!(o, "<dt>{k}</dt><dd>{}</dd>", esc(&v));
    }
    o.push_str("</dl><p>");
    for oc in Outcome::ALL {
        let n = results.iter().filter(|r| r.outcome == oc).count();
        if n > 0 {
            let _ = write!(o, "{} {n} &nbsp; ", outcome_badge(oc.as_str()));
        }
    }
    o.push_str("</p></section>");
}

fn matrix(o: &mut String, a: Result<&Assessed, &str>) {
    let Ok(a) = a else { return };
    let _ = write!(o, "<section id=\"requirements\"><h2>Requirements</h2><p>");
    for (v, n) in crate::certify::requirements::counts(&a.requirements) {
        let _ = write!(o, "{} {n} &nbsp; ", outcome_badge(v));
    }
    o.push_str("</p><table><tr><th>Requirement</th><th>Level</th>");
    for oc in Outcome::ALL {
        let _ = write!(o, "<th class=\"c\">{}</th>", oc.as_str());
    }
    o.push_str("<th>Verdict</th></tr>");
    let mut untested = Vec::new();
    for r in &a.requirements {
        if r.verdict == ReqVerdict::Untested {
            untested.push(r.id.as_str());
            continue;
        }
        let _ = write!(
            o,
            "<tr id=\"req-{0}\"><td title=\"{1}\">{0}</td><td>{2}</td>",
            esc(&r.id),
            esc(&r.scenarios.join(" ")),
            esc(&r.level)
        );
        for oc in Outcome::ALL {
            let n = r.outcomes.get(oc.as_str()).copied().unwrap_or(0);
            let _ = write!(
                o,
                "<td class=\"c\">{}</td>",
                if n > 0 { n.to_string() } else { String::new() }
            );
        }
        let waiver = r
            .waiver
            .as_deref()
            .map(|w| format!(" <span class=\"meta\">{}</span>", esc(w)))
            .unwrap_or_default();
        let _ = write!(
            o,
            "<td>{}{waiver}</td></tr>",
            outcome_badge(r.verdict.as_str())
        );
    }
    o.push_str("</table>");
    if !untested.is_empty() {
        let _ = write!(
            o,
            "<details><summary>{} catalog requirements have no scenario in this run</summary><p>{}</p></details>",
            untested.len(),
            esc(&untested.join(", "))
        );
    }
    o.push_str("</section>");
}

fn filters(o: &mut String, results: &[ScenarioResult]) {
    let outcomes: BTreeSet<&str> = results.iter().map(|r| r.outcome.as_str()).collect();
    let surfaces: BTreeSet<&str> = results
        .iter()
        .filter_map(|r| r.surface.as_deref())
        .collect();
    o.push_str("<form id=\"filters\" hidden><strong>Show:</strong> ");
    for oc in outcomes {
        let _ = write!(
            o,
            "<label><input type=\"checkbox\" value=\"{0}\" checked> {0}</label>",
            esc(oc)
        );
    }
    o.push_str("<label>surface <select id=\"fsurface\"><option value=\"\">all</option>");
    for s in surfaces {
        let _ = write!(o, "<option value=\"{0}\">{0}</option>", esc(s));
    }
    // The count is filled in by the script (an empty count in a rendered DOM means it did not run).
    o.push_str("</select></label> <span id=\"shown\"></span> shown</form>");
}

fn scenario(o: &mut String, r: &ScenarioResult, steps: &Steps) {
    let loc = format!("{}:{}", r.file, r.line);
    let _ = write!(
        o,
        "<div class=\"sc\" data-outcome=\"{}\" data-surface=\"{}\"><h3>{} {}</h3><div class=\"meta\">{} &middot; {} &middot; surface {} &middot; {} ms &middot; {}</div>",
        r.outcome.as_str(),
        esc(r.surface.as_deref().unwrap_or("")),
        outcome_badge(r.outcome.as_str()),
        esc(&r.name),
        esc(&loc),
        r.level.as_str(),
        esc(r.surface.as_deref().unwrap_or("-")),
        r.duration.as_millis(),
        esc(&r.requirement_ids.join(", "))
    );
    if let Some(st) = steps.get(&loc).filter(|s| !s.is_empty()) {
        let _ = write!(
            o,
            "<details><summary>Steps ({})</summary><pre>{}</pre></details>",
            st.len(),
            esc(&st.join("\n"))
        );
    }
    if let Some(m) = &r.message {
        let _ = write!(o, "<pre class=\"msg\">{}</pre>", esc(m));
    }
    if let Some(e) = &r.evidence {
        let _ = write!(o, "<p>Evidence:</p><pre>{}</pre>", esc(e));
    }
    if !r.transcript.is_empty() {
        let _ = write!(
            o,
            "<details><summary>Wire transcript ({} entries)</summary>",
            r.transcript.len()
        );
        for e in &r.transcript {
            let _ = write!(
                o,
                "<pre>[+{} ms] {}\n{}</pre>",
                e.at_ms,
                esc(&e.kind),
                esc(&e.text)
            );
        }
        o.push_str("</details>");
    }
    o.push_str("</div>");
}

/// Renders the page. `assessed` is the level and requirement verdicts, or why they are unavailable.
pub fn render(
    info: &RunInfo,
    results: &[ScenarioResult],
    assessed: Result<&Assessed, &str>,
    steps: &Steps,
) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{}\"><meta name=\"viewport\" content=\"width=device-width\"><title>HARP conformance report: {}</title><style>{CSS}</style></head><body><h1>HARP conformance report</h1><p class=\"meta\">{}</p>",
        csp(),
        esc(&info.target),
        esc(&info.target)
    );
    summary(&mut o, info, results, assessed);
    matrix(&mut o, assessed);
    o.push_str("<section id=\"scenarios\"><h2>Scenarios</h2>");
    filters(&mut o, results);
    for r in results {
        scenario(&mut o, r, steps);
    }
    let _ = writeln!(o, "</section><script>{JS}</script></body></html>");
    o
}
