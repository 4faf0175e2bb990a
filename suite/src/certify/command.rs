//! `harp-conformance certify` and `keygen`: run the suite (the run engine, no re-judging), assess the
//! level, and write certificate.json(.sig), badge.svg/json, declaration.json and report.html.

use std::path::Path;

use serde_json::Value;

use super::assessed::{Assessed, Rules};
use super::catalog::default_catalog_dir;
use super::certificate::{self, CERTIFICATE_FILE, CertificateInput, SIGNATURE_FILE};
use super::declaration::{self, DeclarationInput};
use super::digest::{self, TreeDigest};
use super::error::CertifyError;
use super::keygen::keygen;
use super::redact::{redact, redact_url};
use super::sign::{self, public_key_b64};
use crate::cli::{CertifyArgs, KeygenArgs};
use crate::config::RunConfig;
use crate::exit::ExitCode;
use crate::report::{badge, html};
use crate::runner::engine::{self, Finished};

fn fail(code: i32, msg: impl std::fmt::Display) -> i32 {
    eprintln!("harp-conformance: {msg}");
    code
}

/// `keygen`: writes the key pair and prints where, with the public key value.
pub fn keygen_main(args: &KeygenArgs) -> i32 {
    match keygen(&args.out, args.force) {
        Ok(k) => {
            println!(
                "private key: {} (mode 0600; keep it secret)",
                k.private_key.display()
            );
            println!("public key:  {}", k.public_key.display());
            println!("public key (base64url): {}", k.public_b64);
            ExitCode::SUCCESS
        }
        Err(e) => fail(ExitCode::USAGE, e),
    }
}

/// The config a certificate records: the file's values (credentials redacted) and the run settings.
fn recorded_config(cfg: &RunConfig) -> Value {
    let mut values = serde_json::to_value(&cfg.file).unwrap_or(Value::Null);
    redact(&mut values);
    serde_json::json!({
        "file": cfg.config_path.as_ref().map(|p| p.display().to_string()),
        "concurrency": cfg.concurrency,
        "step_timeout_ms": cfg.step_timeout.as_millis() as u64,
        "max_time_ms": cfg.max_time.as_millis() as u64,
        "allow_major_mismatch": cfg.allow_major_mismatch,
        "values": values,
    })
}

/// Everything certify needs before the run starts (checked first, so a bad key wastes no run).
struct Prepared {
    cfg: RunConfig,
    key: ed25519_dalek::SigningKey,
    rules: Rules,
    features: TreeDigest,
    catalog: TreeDigest,
}

fn prepare(args: &CertifyArgs) -> Result<Prepared, CertifyError> {
    if args.run.tags.is_some() || args.run.name.is_some() {
        return Err(CertifyError::Other(
            "certify runs every scenario: drop --tags/--name (and HARP_TAGS/HARP_NAME)".into(),
        ));
    }
    let mut cfg = RunConfig::resolve(&args.run).map_err(|e| CertifyError::Other(e.to_string()))?;
    // A certificate covers every scenario: slow ones run too (a skipped required check blocks a level).
    cfg.file.timing.run_slow = true;
    let key = sign::load_signing_key(&args.key)?;
    let catalog_dir = args.catalog.clone().unwrap_or_else(default_catalog_dir);
    let rules = Rules::load(&catalog_dir)?;
    let features = digest::features_digest(&cfg.features_dir)?;
    let catalog = digest::digest_files(&catalog_dir, &rules.catalog.files, "catalog")?;
    Ok(Prepared {
        cfg,
        key,
        rules,
        features,
        catalog,
    })
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), CertifyError> {
    let p = dir.join(name);
    std::fs::write(&p, bytes).map_err(|e| CertifyError::write(p, e))
}

fn json_bytes(v: &Value) -> Vec<u8> {
    let mut b = serde_json::to_vec_pretty(v).unwrap_or_default();
    b.push(b'\n');
    b
}

/// Writes every certification file into the run folder; returns the assessment.
fn issue(p: &Prepared, f: &Finished) -> Result<Assessed, CertifyError> {
    let assessed = p.rules.assess(&p.cfg, &f.info, &f.results);
    let a = &assessed.assessment;
    write(
        &f.dir,
        "report.html",
        html::render(
            &f.info,
            &f.results,
            Ok(&assessed),
            &html::steps_from_features(&p.cfg.features_dir),
        )
        .as_bytes(),
    )?;
    let target_url = redact_url(&f.base_url);
    let cert = certificate::build(&CertificateInput {
        info: &f.info,
        target_url: &target_url,
        runtime_info: f.runtime_info.as_ref(),
        config: recorded_config(&p.cfg),
        features: &p.features,
        catalog: &p.catalog,
        assessment: a,
        requirements: &assessed.requirements,
        results: &f.results,
        issued_at: crate::check::time::format_rfc3339(crate::check::time::now()),
        public_key: public_key_b64(&p.key.verifying_key()),
    });
    let cert_bytes = json_bytes(&cert);
    write(&f.dir, CERTIFICATE_FILE, &cert_bytes)?;
    let sig = sign::sign(&p.key, &cert_bytes);
    write(&f.dir, SIGNATURE_FILE, format!("{sig}\n").as_bytes())?;
    let label = format!("HARP-GW {}", declaration::harp_version());
    let message = a.level.clone().unwrap_or_else(|| "no level".into());
    write(
        &f.dir,
        "badge.svg",
        badge::svg(&label, &message, &a.color).as_bytes(),
    )?;
    write(
        &f.dir,
        "badge.json",
        &json_bytes(&badge::endpoint(&label, &message, &a.color)),
    )?;
    let decl = declaration::build(&DeclarationInput {
        level: a.level.as_deref(),
        base_url: &f.base_url,
        ws_url: &f.ws_url,
        served: &a.served_surfaces,
        config: &p.cfg.file,
        runtime_info: f.runtime_info.as_ref(),
    });
    write(&f.dir, "declaration.json", &json_bytes(&decl))?;
    Ok(assessed)
}

/// `certify`: returns the run's exit code (a harness code if the certificate cannot be written).
pub fn main(args: &CertifyArgs) -> i32 {
    let p = match prepare(args) {
        Ok(p) => p,
        Err(e) => return fail(ExitCode::USAGE, e),
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            return fail(
                ExitCode::HARNESS,
                format!("cannot start the async runtime: {e}"),
            );
        }
    };
    let mut finished = None;
    let code = rt.block_on(engine::run_with(p.cfg.clone(), &mut finished));
    let Some(f) = finished else {
        return fail(
            code,
            "no certificate: the run ended before it produced verdicts",
        );
    };
    match issue(&p, &f) {
        Ok(assessed) => {
            let a = &assessed.assessment;
            for l in &a.levels {
                let mut notes = String::new();
                if l.waived > 0 {
                    notes.push_str(&format!(", {} waived", l.waived));
                }
                if !l.not_applicable.is_empty() {
                    let n = l.not_applicable.len();
                    notes.push_str(&format!(", {n} not applicable under the config (exempt)"));
                }
                if !l.missing_areas.is_empty() {
                    notes.push_str(&format!(
                        "; no passed check of area {}",
                        l.missing_areas.join(", ")
                    ));
                }
                println!(
                    "Level {:<10} {} ({}/{} required checks passed{notes})",
                    l.name,
                    if l.granted { "granted" } else { "not granted" },
                    l.passed,
                    l.required,
                );
            }
            if !a.run_blockers.is_empty() {
                println!(
                    "{} failed, timed-out or harness-error scenarios block every level",
                    a.run_blockers.len()
                );
            }
            println!("Certified level: {}", a.level.as_deref().unwrap_or("none"));
            println!("Certificate: {}", f.dir.join(CERTIFICATE_FILE).display());
            code
        }
        Err(e) => fail(
            ExitCode::HARNESS,
            format!("cannot issue the certificate: {e}"),
        ),
    }
}
