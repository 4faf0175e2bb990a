//! Steps for raw requests and status assertions.

use cucumber::gherkin::Step;
use cucumber::{then, when};

use super::params::StatusSpec;
use crate::step;
use crate::world::http::evidence;
use crate::world::{Actor, Fail, HarpWorld, StepResult};

/// Sends a raw request; `body` and `path` may hold placeholders.
async fn send(
    w: &mut HarpWorld,
    actor: Option<Actor>,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> StepResult {
    let path = w.render(path, actor, &[])?;
    let body = body
        .map(|b| w.render(b, actor, &[]))
        .transpose()?
        .map(String::into_bytes);
    w.request(actor, method, &path, body, vec![], None).await?;
    Ok(())
}

fn doc(step: &Step) -> Result<&str, String> {
    step.docstring
        .as_deref()
        .ok_or_else(|| "this step needs a doc string body".to_string())
}

#[when(expr = "{actor} sends {word} {string} with body:")]
async fn sends_with_body(
    w: &mut HarpWorld,
    step: &Step,
    a: Actor,
    method: String,
    path: String,
) -> Result<(), String> {
    let body = doc(step)?.to_string();
    step!(w, send(w, Some(a), &method, &path, Some(&body)))
}

#[when(expr = "{actor} sends {word} {string}")]
async fn sends(w: &mut HarpWorld, a: Actor, method: String, path: String) -> Result<(), String> {
    step!(w, send(w, Some(a), &method, &path, None))
}

#[when(expr = "an anonymous client sends {word} {string} with body:")]
async fn anon_sends_with_body(
    w: &mut HarpWorld,
    step: &Step,
    method: String,
    path: String,
) -> Result<(), String> {
    let body = doc(step)?.to_string();
    step!(w, send(w, None, &method, &path, Some(&body)))
}

#[when(expr = "an anonymous client sends {word} {string}")]
async fn anon_sends(w: &mut HarpWorld, method: String, path: String) -> Result<(), String> {
    step!(w, send(w, None, &method, &path, None))
}

#[then(expr = "the response status is {status}")]
async fn status_is(w: &mut HarpWorld, want: StatusSpec) -> Result<(), String> {
    step!(w, async {
        let r = w.last()?;
        if want.matches(r.status) {
            Ok(())
        } else {
            Err(Fail::Target(format!(
                "expected status {}, got {}\n  request: {}",
                want.0,
                evidence(r),
                w.last_request
            )))
        }
    })
}

#[then(expr = "the response is remembered as {string}")]
async fn remember(w: &mut HarpWorld, name: String) -> Result<(), String> {
    step!(w, async {
        let r = w.last()?.clone();
        w.remembered.insert(name, r);
        Ok(())
    })
}
