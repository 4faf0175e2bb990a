//! Steps for raw posts: submissions varied at byte level (truncated, malformed, invalid UTF-8,
//! oversize), framing (content type, chunked, Idempotency-Key) and literal non-object bodies.

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::Value;

use crate::step;
use crate::world::raw::Kind;
use crate::world::{Actor, Fail, HarpWorld, StepResult};

/// A sender: a named actor or "an anonymous client" (no credentials).
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(name = "who", regex = "E1|E2|A1|A2|EX|AX|an anonymous client")]
pub struct Who(pub Option<Actor>);

impl std::str::FromStr for Who {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "an anonymous client" => Ok(Who(None)),
            other => other.parse().map(|a| Who(Some(a))),
        }
    }
}

fn who(s: &str) -> Result<Option<Actor>, String> {
    s.parse::<Who>().map(|w| w.0)
}

#[given(
    regex = r#"^(E1|E2|A1|A2|EX|AX|an anonymous client) posts the (artifact|decision|ack|test vector artifact|test vector decision) for "([^"]+)" ((?:as it is|truncated|cut|with|without|in chunked).*)$"#
)]
#[when(
    regex = r#"^(E1|E2|A1|A2|EX|AX|an anonymous client) posts the (artifact|decision|ack|test vector artifact|test vector decision) for "([^"]+)" ((?:as it is|truncated|cut|with|without|in chunked).*)$"#
)]
async fn posts_varied(
    w: &mut HarpWorld,
    sender: String,
    kind: String,
    alias: String,
    variation: String,
) -> Result<(), String> {
    let actor = who(&sender)?;
    let kind: Kind = kind.parse()?;
    let v = variation.parse()?;
    step!(w, async {
        w.raw_post_submission(kind, actor, &alias, &v).await?;
        Ok(())
    })
}

#[given(
    regex = r#"^(E1|E2|A1|A2|EX|AX|an anonymous client) posts the (artifact|decision|ack) for "([^"]+)" patched with:$"#
)]
#[when(
    regex = r#"^(E1|E2|A1|A2|EX|AX|an anonymous client) posts the (artifact|decision|ack) for "([^"]+)" patched with:$"#
)]
async fn posts_patched(
    w: &mut HarpWorld,
    step: &Step,
    sender: String,
    kind: String,
    alias: String,
) -> Result<(), String> {
    let actor = who(&sender)?;
    let kind: Kind = kind.parse()?;
    let doc = step.docstring.clone().unwrap_or_default();
    step!(w, async {
        let mut v = w.submission_body(kind, actor, &alias)?;
        let text = w.render_with_times(&doc, actor)?;
        let patch: Value = serde_json::from_str(&text)
            .map_err(|e| Fail::Harness(format!("the doc string is not a JSON merge patch: {e}")))?;
        crate::check::json::merge_patch(&mut v, &patch);
        let plain = crate::world::defects::Variation::AsItIs;
        w.raw_post_value(kind, actor, &alias, v, &plain).await?;
        Ok(())
    })
}

/// `(empty)` stands for an empty body; anything else is sent verbatim after placeholder rendering.
#[given(
    regex = r#"^(E1|E2|A1|A2|EX|AX|an anonymous client) posts to "(/[^"]*)" the raw body: (.*)$"#
)]
#[when(
    regex = r#"^(E1|E2|A1|A2|EX|AX|an anonymous client) posts to "(/[^"]*)" the raw body: (.*)$"#
)]
async fn posts_raw(
    w: &mut HarpWorld,
    sender: String,
    path: String,
    body: String,
) -> Result<(), String> {
    let actor = who(&sender)?;
    step!(w, async {
        let bytes = if body.trim() == "(empty)" {
            Vec::new()
        } else {
            w.render_with_times(&body, actor)?.into_bytes()
        };
        let h = vec![(
            "content-type".to_string(),
            crate::world::http::HARP_JSON.to_string(),
        )];
        w.send_raw_request(actor, "POST", &path, Some(bytes), h, false)
            .await?;
        Ok(())
    })
}

#[given(
    expr = "{who} posts the artifact for {string} padded to {int} times the artifact size limit"
)]
#[when(
    expr = "{who} posts the artifact for {string} padded to {int} times the artifact size limit"
)]
async fn posts_oversize(
    w: &mut HarpWorld,
    s: Who,
    alias: String,
    times: u64,
) -> Result<(), String> {
    step!(w, async {
        let limit = w.ctx().cfg.file.limits.artifact_max_bytes;
        post_sized(w, s.0, &alias, limit.saturating_mul(times)).await
    })
}

#[given(expr = "{who} posts the artifact for {string} padded to {int} MiB")]
#[when(expr = "{who} posts the artifact for {string} padded to {int} MiB")]
async fn posts_mib(w: &mut HarpWorld, s: Who, alias: String, mib: u64) -> Result<(), String> {
    step!(w, post_sized(w, s.0, &alias, mib << 20))
}

#[given(
    expr = "{who} posts the artifact for {string} padded to {int} KiB below the artifact size limit"
)]
#[when(
    expr = "{who} posts the artifact for {string} padded to {int} KiB below the artifact size limit"
)]
async fn posts_below(w: &mut HarpWorld, s: Who, alias: String, kib: u64) -> Result<(), String> {
    step!(w, async {
        let limit = w.ctx().cfg.file.limits.artifact_max_bytes;
        post_sized(w, s.0, &alias, limit.saturating_sub(kib << 10)).await
    })
}

#[given(expr = "{who} posts the artifact for {string} carrying {int} KiB of random ciphertext")]
#[when(expr = "{who} posts the artifact for {string} carrying {int} KiB of random ciphertext")]
async fn posts_random(w: &mut HarpWorld, s: Who, alias: String, kib: usize) -> Result<(), String> {
    step!(w, async {
        let mut v = w.submission_body(Kind::Artifact, s.0, &alias)?;
        let data = crate::world::aliases::random_base64(kib << 10);
        v["body"]["ciphertext"]["data"] = Value::String(data);
        let plain = crate::world::defects::Variation::AsItIs;
        w.raw_post_value(Kind::Artifact, s.0, &alias, v, &plain)
            .await?;
        Ok(())
    })
}

/// Posts an artifact whose serialized body is `total` bytes. The padding sits in the open envelope
/// member `trace` (GW-ENV-13), which approval requests need not carry, so a large accepted artifact
/// does not flood the approver streams of concurrent scenarios. A target that closes the connection
/// while the body is still being sent (RFC 9110 allows it for 413) is recorded as "upload aborted".
async fn post_sized(
    w: &mut HarpWorld,
    actor: Option<Actor>,
    alias: &str,
    total: u64,
) -> StepResult {
    let mut v = w.submission_body(Kind::Artifact, actor, alias)?;
    v["trace"] = serde_json::json!({ "hcPadding": "" });
    let base = serde_json::to_vec(&v)
        .map_err(|e| Fail::Harness(e.to_string()))?
        .len() as u64;
    let pad = usize::try_from(total.saturating_sub(base))
        .map_err(|_| Fail::Harness(format!("{total} bytes is too large a body")))?;
    v["trace"]["hcPadding"] = Value::String("A".repeat(pad));
    let plain = crate::world::defects::Variation::AsItIs;
    w.messages.remove(UPLOAD_ABORTED);
    match w
        .raw_post_value(Kind::Artifact, actor, alias, v, &plain)
        .await
    {
        Err(Fail::Target(m)) if is_aborted_upload(&m) => {
            w.transcript.push(
                "note",
                format!("the target closed the connection during the upload: {m}"),
            );
            w.messages.insert(UPLOAD_ABORTED.into(), Value::String(m));
            Ok(())
        }
        other => other.map(|_| ()),
    }
}

const UPLOAD_ABORTED: &str = "judge/upload-aborted";

fn is_aborted_upload(m: &str) -> bool {
    let m = m.to_ascii_lowercase();
    [
        "error writing a body",
        "broken pipe",
        "connection reset",
        "connection closed before",
    ]
    .iter()
    .any(|s| m.contains(s))
}

#[then(expr = "the upload is refused with 413 or by closing the connection")]
async fn refused_413(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        if w.messages.contains_key(UPLOAD_ABORTED) {
            return Ok(());
        }
        let r = w.last()?;
        if r.status == 413 {
            Ok(())
        } else {
            Err(Fail::Target(format!(
                "TR-SIZE-01: expected 413 (or a connection closed during the upload), got {}\n  request: {}",
                crate::world::http::evidence(r),
                w.last_request
            )))
        }
    })
}

#[then(expr = "the response body is empty")]
async fn body_empty(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let r = w.last()?;
        if r.body.is_empty() {
            Ok(())
        } else {
            Err(Fail::Target(format!(
                "GW-ERR-06: expected an empty body with HTTP {}, got {} bytes\n  request: {}",
                r.status,
                r.body.len(),
                w.last_request
            )))
        }
    })
}

#[then(expr = "the response media type is {string}")]
async fn media_type(w: &mut HarpWorld, want: String) -> Result<(), String> {
    step!(w, async {
        let got = w.last()?.media_type().unwrap_or_default();
        if got == want.to_ascii_lowercase() {
            Ok(())
        } else {
            Err(Fail::Target(format!(
                "GW-ENV-01: expected Content-Type {want}, got {got:?}\n  request: {}",
                w.last_request
            )))
        }
    })
}
