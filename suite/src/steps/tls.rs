//! Steps for TLS and transport hygiene (TR-TLS-01…06, TR-HYG-01): restricted handshakes, the legacy
//! ClientHello, the plaintext port, client certificates, HSTS, and ambiguous HTTP framing.

use cucumber::{given, then, when};

use crate::step;
use crate::transport::legacy_tls::{Legacy, LegacyAnswer};
use crate::transport::raw::RawEnd;
use crate::world::tls::{ClientId, Versions};
use crate::world::{Actor, Fail, HarpWorld, StepResult};

#[given("the target is served over TLS")]
async fn served_over_tls(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { w.require_tls() })
}

#[given("the target requires client certificates")]
async fn requires_client_certs(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { w.require_mtls() })
}

#[given("a plaintext URL of the target is configured")]
async fn plaintext_configured(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async { w.plaintext_url().map(|_| ()) })
}

#[when(regex = r"^a client restricted to TLS (1\.2|1\.3) connects$")]
async fn restricted_connects(w: &mut HarpWorld, v: String) -> Result<(), String> {
    let v = if v == "1.2" {
        Versions::Tls12
    } else {
        Versions::Tls13
    };
    step!(w, async {
        w.tls_status_probe(v, ClientId::Configured)
            .await
            .map(|_| ())
    })
}

#[then(regex = r"^the handshake succeeds with TLS (1\.2|1\.3) and the request is answered$")]
async fn handshake_succeeds(w: &mut HarpWorld, v: String) -> Result<(), String> {
    step!(w, async {
        let a = w.last_raw()?;
        let want = if v == "1.2" { "TLSv1_2" } else { "TLSv1_3" };
        if a.tls_version.as_deref() != Some(want) {
            return Err(Fail::Target(format!(
                "a client offering only TLS {v} could not complete a handshake: {}",
                a.describe()
            )));
        }
        match a.status() {
            Some(s) if s < 500 => Ok(()),
            _ => Err(Fail::Target(format!(
                "the TLS {v} handshake succeeded but the request got no HTTP answer below 500: {}",
                a.describe()
            ))),
        }
    })
}

#[when(regex = r"^a client offering only TLS (1\.0|1\.1) says hello$")]
async fn legacy_hello(w: &mut HarpWorld, v: String) -> Result<(), String> {
    let v = if v == "1.0" {
        Legacy::Tls10
    } else {
        Legacy::Tls11
    };
    step!(w, async { w.legacy_probe(v).await.map(|_| ()) })
}

#[then("the target refuses the legacy handshake")]
async fn legacy_refused(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let Some(crate::world::tls::Probe::Legacy(v, a)) = &w.tls_probe else {
            return Err(Fail::Harness("no legacy ClientHello was sent".into()));
        };
        match a {
            LegacyAnswer::Accepted(how) => Err(Fail::Target(format!(
                "TR-TLS-01: the target accepted a {} handshake: {how}",
                v.name()
            ))),
            LegacyAnswer::Other(how) if how.starts_with("an answer that is no TLS") => {
                Err(Fail::Target(format!(
                    "the TLS port did not speak TLS to a {} ClientHello: {how}",
                    v.name()
                )))
            }
            _ => Ok(()),
        }
    })
}

#[when(expr = "{actor} posts artifact {string} to the plaintext URL")]
async fn post_plaintext(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, async {
        let url = w.plaintext_url()?;
        let body = serde_json::to_vec(&w.artifact_payload(a, &alias)?)
            .map_err(|e| Fail::Harness(e.to_string()))?;
        let mut req = w.raw_head(Some(a), "POST", &url, "/v1/artifacts")?;
        req.push_str(&format!(
            "Content-Type: application/harp+json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        ));
        let mut bytes = req.into_bytes();
        bytes.extend(body);
        w.raw_probe(&url, None, bytes).await.map(|_| ())
    })
}

#[then("the plaintext request is refused")]
async fn plaintext_refused(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let a = w.last_raw()?;
        match a.status() {
            Some(s) if (200..300).contains(&s) || s < 200 => Err(Fail::Target(format!(
                "TR-TLS-03: a HARP request over plaintext HTTP was answered {}",
                a.describe()
            ))),
            _ => Ok(()),
        }
    })
}

#[when(expr = "{actor} asks for a WebSocket upgrade on the plaintext URL")]
async fn plaintext_upgrade(w: &mut HarpWorld, a: Actor) -> Result<(), String> {
    step!(w, async {
        let url = w.plaintext_url()?;
        let ws_path = {
            let ws = w.ctx().ws_url.clone();
            let rest = ws
                .split_once("://")
                .map(|(_, r)| r.to_string())
                .unwrap_or(ws);
            rest.find('/')
                .map(|i| rest[i..].to_string())
                .unwrap_or("/v1/ws".into())
        };
        // The upgrade a real client would send (role and id included), so that a gateway serving
        // HARP over plaintext answers 101 rather than refusing an incomplete handshake.
        let ws_path = format!("{ws_path}?{}", w.ws_query(a)?);
        let origin = url.split('/').take(3).collect::<Vec<_>>().join("/");
        let mut req = w.raw_head(Some(a), "GET", &origin, &ws_path)?;
        req = req.replace("Connection: close\r\n", "");
        req.push_str(
            "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        );
        w.raw_probe(&origin, None, req.into_bytes())
            .await
            .map(|_| ())
    })
}

#[then("the plaintext upgrade is not accepted")]
async fn upgrade_refused(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let a = w.last_raw()?;
        if a.status() == Some(101) {
            return Err(Fail::Target(format!(
                "TR-TLS-04: a plaintext ws:// upgrade was accepted: {}",
                a.describe()
            )));
        }
        Ok(())
    })
}

#[when(
    regex = r"^a client (without a client certificate|with a certificate from an untrusted CA) requests the status of an exchange$"
)]
async fn mtls_probe(w: &mut HarpWorld, how: String) -> Result<(), String> {
    let id = if how.starts_with("without") {
        ClientId::None
    } else {
        ClientId::Untrusted
    };
    step!(w, async {
        w.tls_status_probe(Versions::Both, id).await.map(|_| ())
    })
}

#[then("the target refuses the client")]
async fn client_refused(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let a = w.last_raw()?;
        match (a.status(), &a.end) {
            (Some(401 | 403), _) => Ok(()),
            (None, RawEnd::HandshakeFailed(_) | RawEnd::Error(_) | RawEnd::Closed) => Ok(()),
            _ => Err(Fail::Target(format!(
                "TR-TLS-05: expected a handshake failure, 401 or 403, got {}",
                a.describe()
            ))),
        }
    })
}

#[when(expr = "{actor} fetches the status of {string} over a raw connection")]
async fn raw_status(w: &mut HarpWorld, a: Actor, alias: String) -> Result<(), String> {
    step!(w, async {
        let base = w.ctx().base_url.clone();
        let rid = w.ids.request_id(&alias);
        let mut req = w.raw_head(Some(a), "GET", &base, &format!("/v1/exchanges/{rid}"))?;
        req.push_str("\r\n");
        w.raw_probe(&base, None, req.into_bytes()).await.map(|_| ())
    })
}

#[then("the answer carries a Strict-Transport-Security header with max-age")]
async fn hsts(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let a = w.last_raw()?;
        match a.header("strict-transport-security") {
            Some(v) if v.to_ascii_lowercase().contains("max-age=") => Ok(()),
            Some(v) => Err(Fail::Target(format!(
                "TR-TLS-06: Strict-Transport-Security has no max-age: `{v}`"
            ))),
            None => Err(Fail::Target(format!(
                "TR-TLS-06: no Strict-Transport-Security header on {}",
                a.describe()
            ))),
        }
    })
}

/// The two ambiguous framings of TR-HYG-01 / NEG-19.
fn framed(head: &str, body: &[u8], framing: &str) -> StepResult<Vec<u8>> {
    let mut out = head.as_bytes().to_vec();
    match framing {
        "Content-Length and Transfer-Encoding" => {
            let mut chunked = format!("{:x}\r\n", body.len()).into_bytes();
            chunked.extend(body);
            chunked.extend(b"\r\n0\r\n\r\n");
            out.extend(
                format!(
                    "Content-Length: {}\r\nTransfer-Encoding: chunked\r\n\r\n",
                    chunked.len()
                )
                .as_bytes(),
            );
            out.extend(chunked);
        }
        "two different Content-Length" => {
            // A target that takes the first length processes at once; one that takes the second
            // waits for bytes that never come. Only a refusal passes.
            out.extend(
                format!(
                    "Content-Length: {}\r\nContent-Length: {}\r\n\r\n",
                    body.len(),
                    body.len() + 5
                )
                .as_bytes(),
            );
            out.extend(body);
        }
        other => {
            return Err(Fail::Harness(format!("unknown framing `{other}`")));
        }
    }
    Ok(out)
}

#[when(
    regex = r"^(E1|E2) posts artifact (\S+) with (Content-Length and Transfer-Encoding|two different Content-Length) framing$"
)]
async fn ambiguous_post(
    w: &mut HarpWorld,
    a: Actor,
    alias: String,
    framing: String,
) -> Result<(), String> {
    let alias = alias.trim_matches('"').to_string();
    step!(w, async {
        let base = w.ctx().base_url.clone();
        let body = serde_json::to_vec(&w.artifact_payload(a, &alias)?)
            .map_err(|e| Fail::Harness(e.to_string()))?;
        let mut head = w.raw_head(Some(a), "POST", &base, "/v1/artifacts")?;
        head.push_str("Content-Type: application/harp+json\r\n");
        let bytes = framed(&head, &body, &framing)?;
        w.raw_probe(&base, None, bytes).await.map(|_| ())
    })
}

#[then("the ambiguous request is refused with 400 or a closed connection")]
async fn ambiguous_refused(w: &mut HarpWorld) -> Result<(), String> {
    step!(w, async {
        let a = w.last_raw()?;
        match (a.status(), &a.end) {
            (Some(400), _) => Ok(()),
            (None, RawEnd::Closed | RawEnd::Error(_)) => Ok(()),
            _ => Err(Fail::Target(format!(
                "TR-HYG-01: ambiguous framing must be refused with 400 or a closed connection, got {}",
                a.describe()
            ))),
        }
    })
}
