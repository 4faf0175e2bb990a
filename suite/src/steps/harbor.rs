//! Steps for the Harbor control surface (HB-VER-*, HB-CTL-*): the runtime.info handshake, control calls,
//! the RuntimeInfo shape, protocol_version on every control response, and `unknown_method` errors.

use cucumber::{given, then, when};

use crate::step;
use crate::world::harbor::check_runtime_info;
use crate::world::{Fail, HarpWorld};

#[given("the target answers the runtime.info handshake")]
async fn handshake(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, w.harbor_handshake())
}

#[when(expr = "the client sends {word} to control method {string}")]
async fn control(w: &mut HarpWorld, verb: String, method: String) -> Result<(), String> {
    step!(w, async {
        w.harbor_control_call(&verb, &method).await.map(|_| ())
    })
}

#[then("the handshake has the RuntimeInfo shape")]
async fn runtime_info_shape(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let doc = w.harbor_handshake_doc()?;
        let notes = check_runtime_info(&doc).map_err(Fail::Target)?;
        for n in notes {
            w.transcript.push("note", n);
        }
        Ok(())
    })
}

#[then("the response carries the handshake's protocol_version")]
async fn carries_version(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { w.harbor_carries_version() })
}

#[then("the handshake's protocol major equals the suite's, compared numerically")]
async fn harbor_same_major(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { w.harbor_same_major() })
}

#[then(expr = "the response is a control error with code {string}")]
async fn control_error(w: &mut HarpWorld, code: String) -> Result<(), String> {
    step!(w, async {
        let v = w.last_json()?;
        if v["code"] == code.as_str() && v["message"].is_string() {
            return Ok(());
        }
        Err(Fail::Target(format!(
            "HB-CTL-01: expected the canonical error {{\"code\":\"{code}\",\"message\":…}}, got {}\n  request: {}",
            crate::check::json::brief(&v),
            w.last_request
        )))
    })
}
