//! Loading the suite's local TLS material (CA bundle, client certificate + key) once, for HTTP and WS.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use super::{ClientOptions, TransportError};

/// The PEM material named by [`ClientOptions`], read from disk and checked for shape.
#[derive(Debug, Clone, Default)]
pub struct TlsMaterial {
    /// PEM text of the CA bundle (only these roots are trusted when present).
    pub ca_pem: Option<Vec<u8>>,
    /// PEM text of the client certificate chain followed by its private key (mTLS).
    pub identity_pem: Option<Vec<u8>>,
    cert_pem: Option<Vec<u8>>,
    key_pem: Option<Vec<u8>>,
}

fn read(path: &Path, what: &str) -> Result<Vec<u8>, TransportError> {
    std::fs::read(path).map_err(|e| {
        TransportError::Harness(format!("cannot read the {what} {}: {e}", path.display()))
    })
}

impl TlsMaterial {
    /// Reads the files named in `opts`; a missing or unreadable file is a harness error naming it.
    pub fn load(opts: &ClientOptions) -> Result<Self, TransportError> {
        let ca_pem = match &opts.ca_bundle {
            Some(p) => {
                let pem = read(p, "CA bundle")?;
                let n = CertificateDer::pem_slice_iter(&pem)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| {
                        TransportError::Harness(format!(
                            "the CA bundle {} is not valid PEM: {e}",
                            p.display()
                        ))
                    })?
                    .len();
                if n == 0 {
                    return Err(TransportError::Harness(format!(
                        "the CA bundle {} holds no certificate",
                        p.display()
                    )));
                }
                Some(pem)
            }
            None => None,
        };
        let (cert_pem, key_pem) = match (&opts.client_cert, &opts.client_key) {
            (None, None) => (None, None),
            (Some(c), Some(k)) => {
                let cert = read(c, "client certificate")?;
                let key = read(k, "client key")?;
                if CertificateDer::pem_slice_iter(&cert).next().is_none() {
                    return Err(TransportError::Harness(format!(
                        "the client certificate {} holds no PEM certificate",
                        c.display()
                    )));
                }
                if PrivateKeyDer::from_pem_slice(&key).is_err() {
                    return Err(TransportError::Harness(format!(
                        "the client key {} holds no PEM private key",
                        k.display()
                    )));
                }
                (Some(cert), Some(key))
            }
            (Some(_), None) => {
                return Err(TransportError::Harness(
                    "tls.client_cert is set but tls.client_key is not; set both or neither".into(),
                ));
            }
            (None, Some(_)) => {
                return Err(TransportError::Harness(
                    "tls.client_key is set but tls.client_cert is not; set both or neither".into(),
                ));
            }
        };
        let identity_pem = match (&cert_pem, &key_pem) {
            (Some(c), Some(k)) => {
                let mut id = c.clone();
                if !id.ends_with(b"\n") {
                    id.push(b'\n');
                }
                id.extend_from_slice(k);
                Some(id)
            }
            _ => None,
        };
        Ok(Self {
            ca_pem,
            identity_pem,
            cert_pem,
            key_pem,
        })
    }

    /// A rustls client config with the same trust and identity (for WebSocket connections), or
    /// `None` when neither a CA bundle nor a client identity is configured (tokio-tungstenite then
    /// uses its built-in web PKI roots).
    pub fn rustls_config(&self) -> Result<Option<Arc<rustls::ClientConfig>>, TransportError> {
        let harness = |what: &str, e: &dyn std::fmt::Display| {
            TransportError::Harness(format!("cannot build the TLS configuration ({what}): {e}"))
        };
        let mut roots = rustls::RootCertStore::empty();
        match &self.ca_pem {
            Some(pem) => {
                for c in CertificateDer::pem_slice_iter(pem) {
                    let c = c.map_err(|e| harness("CA bundle", &e))?;
                    roots.add(c).map_err(|e| harness("CA bundle", &e))?;
                }
            }
            None if self.cert_pem.is_none() => return Ok(None),
            None => {
                return Err(TransportError::Harness(
                    "a client certificate for wss:// needs tls.ca_bundle to name the roots to trust"
                        .into(),
                ));
            }
        }
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| harness("protocol versions", &e))?
            .with_root_certificates(roots);
        let cfg = match (&self.cert_pem, &self.key_pem) {
            (Some(c), Some(k)) => {
                let chain = CertificateDer::pem_slice_iter(c)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| harness("client certificate", &e))?;
                let key =
                    PrivateKeyDer::from_pem_slice(k).map_err(|e| harness("client key", &e))?;
                builder
                    .with_client_auth_cert(chain, key)
                    .map_err(|e| harness("client certificate", &e))?
            }
            _ => builder.with_no_client_auth(),
        };
        Ok(Some(Arc::new(cfg)))
    }
}
