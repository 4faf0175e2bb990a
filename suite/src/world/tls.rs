//! TLS probes of a World (TR-TLS-01…06, TR-HYG-01): when TLS rows apply, rustls clients restricted
//! to one version or to a chosen client identity, raw requests to the target, the plaintext port and
//! the legacy-version probe. Probe results are kept in `tls_probe` for the `Then` steps.

use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use super::context::Actor;
use super::state::{Fail, HarpWorld, StepResult};
use crate::transport::legacy_tls::{self, Legacy, LegacyAnswer};
use crate::transport::raw::{self, RawAnswer, RawLimits, RawTarget};

/// A client certificate no gateway trusts (see `fixtures/tls/README.md`).
const UNTRUSTED_CERT: &str = include_str!("../../../fixtures/tls/untrusted-client.pem");
const UNTRUSTED_KEY: &str = include_str!("../../../fixtures/tls/untrusted-client.key");

/// Which TLS versions a probe client offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versions {
    Both,
    Tls12,
    Tls13,
}

/// Which certificate a probe client presents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientId {
    /// `tls.client_cert` / `tls.client_key` when configured, else none.
    Configured,
    None,
    Untrusted,
}

/// The last TLS probe of a scenario.
#[derive(Debug, Clone)]
pub enum Probe {
    Raw(RawAnswer),
    Legacy(Legacy, LegacyAnswer),
}

/// Path and query of a URL (`/` when it has none), without a trailing slash.
fn path_of(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    match rest.find('/') {
        Some(i) => rest[i..].trim_end_matches('/').to_string(),
        None => String::new(),
    }
}

impl HarpWorld {
    /// `tls.enforced`, defaulting to true exactly when the base URL is `https://`.
    pub fn tls_enforced(&self) -> bool {
        let ctx = self.ctx();
        ctx.cfg
            .file
            .tls
            .enforced
            .unwrap_or_else(|| ctx.base_url.starts_with("https://"))
    }

    /// TLS rows apply only to a target that claims TLS; otherwise the scenario is not applicable.
    pub fn require_tls(&self) -> StepResult {
        if self.tls_enforced() {
            Ok(())
        } else {
            Err(Fail::NotApplicable(
                "the target is not served over TLS (http:// base URL or tls.enforced = false): TLS rows do not apply".into(),
            ))
        }
    }

    /// TR-TLS-05 applies only when `tls.mtls_required` is declared.
    pub fn require_mtls(&self) -> StepResult {
        self.require_tls()?;
        if self.ctx().cfg.file.tls.mtls_required {
            Ok(())
        } else {
            Err(Fail::NotApplicable(
                "tls.mtls_required is false: the target does not claim mTLS".into(),
            ))
        }
    }

    /// `target.plaintext_url`, or not applicable when unset.
    pub fn plaintext_url(&self) -> StepResult<String> {
        self.require_tls()?;
        self.ctx()
            .cfg
            .file
            .target
            .plaintext_url
            .clone()
            .map(|u| u.trim_end_matches('/').to_string())
            .ok_or_else(|| {
                Fail::NotApplicable(
                    "target.plaintext_url is not set: there is no plaintext port to probe".into(),
                )
            })
    }

    /// A rustls client with the configured roots (`tls.ca_bundle`, else the web PKI roots).
    pub fn tls_client(&self, v: Versions, id: ClientId) -> StepResult<Arc<rustls::ClientConfig>> {
        let ctx = self.ctx();
        let material = ctx.client.tls();
        let harness = |what: &str, e: &dyn std::fmt::Display| {
            Fail::Harness(format!("cannot build the probe TLS client ({what}): {e}"))
        };
        let mut roots = rustls::RootCertStore::empty();
        match &material.ca_pem {
            Some(pem) => {
                for c in CertificateDer::pem_slice_iter(pem) {
                    let c = c.map_err(|e| harness("CA bundle", &e))?;
                    roots.add(c).map_err(|e| harness("CA bundle", &e))?;
                }
            }
            None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        }
        let versions: &[&'static rustls::SupportedProtocolVersion] = match v {
            Versions::Both => &[&rustls::version::TLS13, &rustls::version::TLS12],
            Versions::Tls12 => &[&rustls::version::TLS12],
            Versions::Tls13 => &[&rustls::version::TLS13],
        };
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(versions)
            .map_err(|e| harness("protocol versions", &e))?
            .with_root_certificates(roots);
        let pem: Option<&[u8]> = match id {
            ClientId::Configured => material.identity_pem.as_deref(),
            ClientId::None => None,
            ClientId::Untrusted => Some(b""),
        };
        let mut cfg = match pem {
            None => builder.with_no_client_auth(),
            Some(pem) => {
                let (certs, key): (&[u8], &[u8]) = if id == ClientId::Untrusted {
                    (UNTRUSTED_CERT.as_bytes(), UNTRUSTED_KEY.as_bytes())
                } else {
                    (pem, pem)
                };
                let chain = CertificateDer::pem_slice_iter(certs)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| harness("client certificate", &e))?;
                let key =
                    PrivateKeyDer::from_pem_slice(key).map_err(|e| harness("client key", &e))?;
                builder
                    .with_client_auth_cert(chain, key)
                    .map_err(|e| harness("client certificate", &e))?
            }
        };
        cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(cfg))
    }

    /// Deadline of one raw probe: the step timeout less a margin, at most 5 s.
    pub fn probe_deadline(&self) -> Duration {
        self.step_timeout()
            .saturating_sub(Duration::from_secs(1))
            .clamp(Duration::from_millis(500), Duration::from_secs(5))
    }

    /// The head of a request to `url`'s host at `url`'s path + `path`, with `actor`'s credentials
    /// and `Connection: close`; the caller adds framing headers, the blank line and the body.
    pub fn raw_head(
        &self,
        actor: Option<Actor>,
        method: &str,
        url: &str,
        path: &str,
    ) -> StepResult<String> {
        let authority = RawTarget::authority_of(url)?;
        let ctx = self.ctx();
        let mut head = format!(
            "{method} {}{path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nAccept: application/harp+json\r\n",
            path_of(url),
            authority
        );
        if let Some(a) = actor {
            for (k, v) in ctx.auth_headers(&self.identity(a)?) {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
        }
        Ok(head)
    }

    /// Sends raw bytes to `url` (TLS per its scheme, with `tls`) and keeps the answer as the probe.
    pub async fn raw_probe(
        &mut self,
        url: &str,
        tls: Option<Arc<rustls::ClientConfig>>,
        request: Vec<u8>,
    ) -> StepResult<RawAnswer> {
        let tls = match tls {
            Some(t) => Some(t),
            None if url.starts_with("https://") || url.starts_with("wss://") => {
                Some(self.tls_client(Versions::Both, ClientId::Configured)?)
            }
            None => None,
        };
        let target = RawTarget::from_url(url, tls)?;
        let limits = RawLimits {
            deadline: self.probe_deadline(),
            ..RawLimits::default()
        };
        let answer = raw::exchange(&target, request, limits, &self.transcript).await?;
        self.tls_probe = Some(Probe::Raw(answer.clone()));
        Ok(answer)
    }

    /// An authenticated `GET` of the status of a fresh, unknown exchange over TLS with `v` and `id`.
    pub async fn tls_status_probe(&mut self, v: Versions, id: ClientId) -> StepResult<RawAnswer> {
        let base = self.ctx().base_url.clone();
        let rid = self.ids.request_id("tls-probe");
        let mut req = self.raw_head(
            Some(Actor::E1),
            "GET",
            &base,
            &format!("/v1/exchanges/{rid}"),
        )?;
        req.push_str("\r\n");
        let tls = self.tls_client(v, id)?;
        self.raw_probe(&base, Some(tls), req.into_bytes()).await
    }

    /// Offers only a legacy TLS version to the target's TLS port.
    pub async fn legacy_probe(&mut self, v: Legacy) -> StepResult<LegacyAnswer> {
        let base = self.ctx().base_url.clone();
        let dummy = self.tls_client(Versions::Both, ClientId::None)?;
        let target = RawTarget::from_url(&base, Some(dummy))?;
        let answer = legacy_tls::probe(&target, v, self.probe_deadline()).await?;
        self.transcript.push(
            "raw",
            format!(
                "TCP {}: {} ClientHello\n--> {answer:?}",
                target.authority(),
                v.name()
            ),
        );
        self.tls_probe = Some(Probe::Legacy(v, answer.clone()));
        Ok(answer)
    }

    /// The last raw probe answer, or a harness error when the feature checks one before probing.
    pub fn last_raw(&self) -> StepResult<&RawAnswer> {
        match &self.tls_probe {
            Some(Probe::Raw(a)) => Ok(a),
            _ => Err(Fail::Harness(
                "no raw answer yet: the feature checks a probe before sending one".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(path_of("https://gw.example"), "");
        assert_eq!(path_of("https://gw.example/"), "");
        assert_eq!(path_of("http://h:1/harp/"), "/harp");
        assert_eq!(path_of("wss://h/v1/ws"), "/v1/ws");
    }

    #[test]
    fn untrusted_fixture_parses() {
        assert_eq!(
            CertificateDer::pem_slice_iter(UNTRUSTED_CERT.as_bytes()).count(),
            1
        );
        assert!(PrivateKeyDer::from_pem_slice(UNTRUSTED_KEY.as_bytes()).is_ok());
    }
}
