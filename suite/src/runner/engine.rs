//! One certification run end to end: select scenarios, pick the target (embedded or given), discover,
//! execute, judge, report, and return the exit code.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use crate::check::Schemas;
use crate::config::RunConfig;
use crate::config::sections::{Identities, REQUIRED_IDENTITIES};
use crate::discovery::{self, DiscoveryError};
use crate::embedded::EmbeddedGateway;
use crate::exit::{ExitCode, code_for};
use crate::features::{self, ScenarioMeta, Selection};
use crate::report::{console, dir, json, junit};
use crate::surface::{Availability, SurfacePlan};
use crate::transport::{ClientOptions, HttpClient, Transcript};
use crate::verdict::{self, Outcome, ScenarioResult};
use crate::world::RunContext;

use super::collector::Key;
use super::execute::run_scenarios;

fn usage(msg: impl std::fmt::Display) -> i32 {
    eprintln!("harp-conformance: {msg}");
    ExitCode::USAGE
}

/// Compiles the schemas off the async runtime; a panic or error becomes a message (a harness fault).
async fn load_schemas() -> Result<Arc<Schemas>, String> {
    match tokio::task::spawn_blocking(Schemas::load).await {
        Ok(Ok(s)) => Ok(Arc::new(s)),
        Ok(Err(e)) => Err(format!("cannot compile the JSON schemas: {e}")),
        Err(e) => Err(format!("compiling the JSON schemas panicked: {e}")),
    }
}

/// Why a selected scenario will not run, decided before the run.
fn not_applicable(m: &ScenarioMeta, plan: &SurfacePlan, cfg: &RunConfig) -> Option<String> {
    if m.slow && !cfg.file.timing.run_slow {
        return Some("slow scenario; set timing.run_slow = true to run it".into());
    }
    if m.tags.iter().any(|t| t == "ext") && cfg.profile == crate::config::Profile::Seed {
        return Some("ext-only scenario; the target runs in the seed profile".into());
    }
    let s = m.surface.as_deref()?;
    (plan.availability(s) == Availability::NotServed).then(|| {
        format!("surface {s} is not served (declared `no` in [surfaces] or not advertised by runtime.info)")
    })
}

/// A finished run, for commands that build on it (`certify`): verdicts, run facts and the run folder.
#[derive(Debug, Clone)]
pub struct Finished {
    pub code: i32,
    pub info: json::RunInfo,
    pub results: Vec<ScenarioResult>,
    pub dir: std::path::PathBuf,
    pub base_url: String,
    pub ws_url: String,
    /// What `runtime.info` said, when served.
    pub runtime_info: Option<serde_json::Value>,
}

/// Runs a whole certification and returns the exit code.
pub async fn run(cfg: RunConfig) -> i32 {
    run_with(cfg, &mut None).await
}

/// Like [`run`]; when the run got as far as writing its reports, `out` receives what it found.
pub async fn run_with(mut cfg: RunConfig, out: &mut Option<Finished>) -> i32 {
    let started = Instant::now();
    let started_at = time::OffsetDateTime::now_utc();
    let sel = match Selection::new(cfg.tags.as_deref(), cfg.name.as_deref()) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    let feats = match features::load(&cfg.features_dir) {
        Ok(f) => f,
        Err(e) => return usage(e),
    };
    let selected: Vec<ScenarioMeta> = features::scenarios(&feats, &cfg.features_dir)
        .into_iter()
        .filter(|m| sel.matches(m))
        .collect();
    if selected.is_empty() {
        return usage("no scenario matches the selection (--tags/--name): nothing to test");
    }

    // The target: given, or the bundled gateway (kept alive until the end of this function).
    let (embedded, base_url, identities): (Option<EmbeddedGateway>, String, Identities) =
        match &cfg.target {
            Some(t) => (None, t.clone(), cfg.file.identities.clone()),
            // mTLS unless the config brings its own client certificate (which our CA did not issue).
            None => match EmbeddedGateway::start(
                cfg.gateway_bin.clone(),
                cfg.file.tls.client_cert.is_none() && cfg.file.tls.client_key.is_none(),
            )
            .await
            {
                Ok(g) => {
                    let (u, ids) = (g.base_url.clone(), g.identities.clone());
                    (Some(g), u, ids)
                }
                Err(e) => {
                    eprintln!("harp-conformance: {e}");
                    return ExitCode::HARNESS;
                }
            },
        };
    if let Some(g) = &embedded {
        g.apply(&mut cfg);
    }
    let missing: Vec<&str> = REQUIRED_IDENTITIES
        .iter()
        .copied()
        .filter(|n| !identities.contains_key(*n))
        .collect();
    if !missing.is_empty() && cfg.profile != crate::config::Profile::Harbor {
        return usage(format!(
            "the config lacks identities {}: add [identities.<name>] tables with id, credential, role, tenant",
            missing.join(", ")
        ));
    }
    let tls = &cfg.file.tls;
    let opts = ClientOptions {
        ca_bundle: tls.ca_bundle.clone().map(Into::into),
        client_cert: tls.client_cert.clone().map(Into::into),
        client_key: tls.client_key.clone().map(Into::into),
        request_timeout: cfg.step_timeout.min(Duration::from_secs(30)),
        ..Default::default()
    };
    let client = match HttpClient::new(&opts) {
        Ok(c) => c,
        Err(e) => return usage(format!("cannot set up the HTTP client: {e}")),
    };
    // The handshake carries E1's credential when one is configured (the harbor profile needs none).
    let probe_ctx_headers = identities
        .get("enforcer_a")
        .map(|e1| crate::world::context::auth_headers_for(&cfg, e1))
        .unwrap_or_default();
    let disc = match discovery::discover(
        &client,
        &base_url,
        probe_ctx_headers,
        cfg.allow_major_mismatch,
        &Transcript::new(),
    )
    .await
    {
        Ok(d) => d,
        Err(e @ DiscoveryError::Harness(_)) => {
            eprintln!("harp-conformance: {e}");
            return ExitCode::HARNESS;
        }
        Err(e) => return usage(e),
    };
    eprintln!(
        "harp-conformance: target {base_url} ({} profile); {}",
        cfg.profile.as_str(),
        disc.note
    );
    let plan = SurfacePlan {
        config: cfg.file.surfaces.clone(),
        advertised: disc.capabilities.clone(),
    };

    let mut results: HashMap<Key, ScenarioResult> = HashMap::new();
    let mut to_run = HashSet::new();
    for m in &selected {
        let k = (m.path.clone(), m.line);
        match not_applicable(m, &plan, &cfg) {
            Some(why) => {
                results.insert(k, ScenarioResult::not_run(m, Outcome::NotApplicable, &why));
            }
            None => {
                to_run.insert(k);
            }
        }
    }
    let ctx = Arc::new(RunContext {
        ws_url: cfg.ws_url(&base_url),
        base_url: base_url.clone(),
        identities,
        client,
        schemas: load_schemas().await,
        discovery: disc.clone(),
        plan,
        run_id: uuid::Uuid::new_v4().simple().to_string()[..8].to_string(),
        counter: AtomicU64::new(0),
        metas: selected
            .iter()
            .map(|m| ((m.path.clone(), m.line), m.clone()))
            .collect(),
        cfg: cfg.clone(),
    });
    eprintln!(
        "harp-conformance: running {} of {} selected scenarios",
        to_run.len(),
        selected.len()
    );
    let mut collected = if to_run.is_empty() {
        Default::default()
    } else {
        run_scenarios(ctx.clone(), &cfg.features_dir, to_run.clone()).await
    };
    for k in &to_run {
        let m = &ctx.metas[k];
        let ex = collected.runs.remove(k).unwrap_or_default();
        results.insert(k.clone(), verdict::judge(m, ex));
    }
    let ordered: Vec<ScenarioResult> = selected
        .iter()
        .filter_map(|m| results.remove(&(m.path.clone(), m.line)))
        .collect();
    drop(embedded);

    let mut code = code_for(verdict::tally(&ordered));
    if !collected.parse_errors.is_empty() {
        eprintln!(
            "harp-conformance: feature parse errors: {}",
            collected.parse_errors.join("; ")
        );
        code = ExitCode::HARNESS;
    }
    print!("{}", console::summary(&ordered, true));
    let info = json::RunInfo {
        tool_version: env!("CARGO_PKG_VERSION").into(),
        target: if cfg.target.is_some() {
            base_url.clone()
        } else {
            format!("embedded harp-gateway at {base_url}")
        },
        profile: cfg.profile.as_str().into(),
        embedded: cfg.target.is_none(),
        started_at: crate::check::time::format_rfc3339(started_at),
        duration_ms: started.elapsed().as_millis() as u64,
        protocol_version: disc.protocol_version.clone(),
        capabilities: disc
            .capabilities
            .as_ref()
            .map(|c| c.iter().cloned().collect()),
        discovery: disc.note.clone(),
        exit_code: code,
    };
    match write_reports(&cfg, &base_url, started_at, &info, &ordered) {
        Ok(p) => {
            println!("Reports: {}", p.display());
            *out = Some(Finished {
                code,
                info,
                results: ordered,
                dir: p,
                ws_url: cfg.ws_url(&base_url),
                base_url,
                runtime_info: disc.runtime_info.clone(),
            });
        }
        Err(e) => {
            eprintln!("harp-conformance: cannot write reports: {e}");
            return ExitCode::HARNESS;
        }
    }
    code
}

fn write_reports(
    cfg: &RunConfig,
    base_url: &str,
    at: time::OffsetDateTime,
    info: &json::RunInfo,
    results: &[ScenarioResult],
) -> Result<std::path::PathBuf, String> {
    let d = dir::create(&cfg.report_dir, base_url, at)
        .map_err(|e| format!("{}: {e}", cfg.report_dir.display()))?;
    let xml = junit::render(results)?;
    std::fs::write(d.join("junit.xml"), xml).map_err(|e| e.to_string())?;
    let doc = serde_json::to_vec_pretty(&json::render(info, results)).map_err(|e| e.to_string())?;
    std::fs::write(d.join("report.json"), doc).map_err(|e| e.to_string())?;
    let html = crate::certify::assessed::html_for_run(cfg, info, results);
    std::fs::write(d.join("report.html"), html).map_err(|e| e.to_string())?;
    Ok(d)
}
