//! TLS material for the gateway: a certificate chain and key from PEM files, or a private CA and a
//! `localhost`/`127.0.0.1` certificate generated into `<data-dir>/tls` (reused when present); TLS
//! 1.2 and 1.3 only; with a client CA bundle, client certificates are required and validated (mTLS).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::RootCertStore;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;

use crate::config::Settings;
use crate::faults::Fault;
use crate::faults::tls::AnyIssuer;

/// Why TLS could not be set up; each names the file or step at fault.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read {what} {path}: {source}")]
    Read {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{what} {path} holds no usable PEM {expected}")]
    Pem {
        what: &'static str,
        path: PathBuf,
        expected: &'static str,
    },
    #[error("cannot generate the self-signed TLS material: {0}")]
    Generate(String),
    #[error("cannot build the TLS server configuration: {0}")]
    Config(String),
}

/// The ready server configuration, plus the CA file clients should trust when it was generated.
#[derive(Debug, Clone)]
pub struct ServerTls {
    pub config: Arc<rustls::ServerConfig>,
    /// The generated CA certificate (`--tls-self-signed`), printed as `tls-ca: <path>`.
    pub generated_ca: Option<PathBuf>,
}

/// Paths of the generated material inside the data directory.
struct Generated {
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

impl Generated {
    fn in_dir(data_dir: &Path) -> Self {
        let d = data_dir.join("tls");
        Self {
            ca: d.join("ca.pem"),
            cert: d.join("server.pem"),
            key: d.join("server-key.pem"),
        }
    }
}

impl ServerTls {
    /// The TLS configuration the settings ask for, or `None` for plain HTTP.
    pub fn from_settings(s: &Settings) -> Result<Option<Self>, TlsError> {
        let (cert, key, generated_ca) = match (&s.tls_cert, &s.tls_key, s.tls_self_signed) {
            (Some(c), Some(k), _) => (c.clone(), k.clone(), None),
            (_, _, true) => {
                let g = Generated::in_dir(&s.data_dir);
                if !(g.ca.is_file() && g.cert.is_file() && g.key.is_file()) {
                    generate(&g)?;
                }
                (g.cert, g.key, Some(g.ca))
            }
            _ => return Ok(None),
        };
        let chain = read_certs(&cert, "the TLS certificate")?;
        let key_pem = read(&key, "the TLS key")?;
        let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|_| TlsError::Pem {
            what: "the TLS key",
            path: key.clone(),
            expected: "private key",
        })?;
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let versions: &[&rustls::SupportedProtocolVersion] = match s.faults.on(Fault::Tls12Refused)
        {
            true => &[&rustls::version::TLS13],
            false => &[&rustls::version::TLS12, &rustls::version::TLS13],
        };
        let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(versions)
            .map_err(|e| TlsError::Config(e.to_string()))?;
        let builder = match &s.tls_client_ca {
            Some(path) => {
                let mut roots = RootCertStore::empty();
                for c in read_certs(path, "the client CA bundle")? {
                    roots.add(c).map_err(|e| {
                        TlsError::Config(format!("client CA {}: {e}", path.display()))
                    })?;
                }
                let mut verifier =
                    WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider);
                if s.faults.on(Fault::MtlsOptional) {
                    verifier = verifier.allow_unauthenticated();
                }
                let verifier = verifier
                    .build()
                    .map_err(|e| TlsError::Config(format!("client verifier: {e}")))?;
                if s.faults.on(Fault::ClientCaUnchecked) {
                    builder.with_client_cert_verifier(Arc::new(AnyIssuer(verifier)))
                } else {
                    builder.with_client_cert_verifier(verifier)
                }
            }
            None => builder.with_no_client_auth(),
        };
        let mut config = builder
            .with_single_cert(chain, key)
            .map_err(|e| TlsError::Config(format!("certificate and key: {e}")))?;
        // HTTP/1.1 only: the framing guard follows HTTP/1.1, and WebSocket upgrades need it.
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Some(Self {
            config: Arc::new(config),
            generated_ca,
        }))
    }
}

fn read(path: &Path, what: &'static str) -> Result<Vec<u8>, TlsError> {
    std::fs::read(path).map_err(|source| TlsError::Read {
        what,
        path: path.to_owned(),
        source,
    })
}

fn read_certs(path: &Path, what: &'static str) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let pem = read(path, what)?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .ok()
        .filter(|c| !c.is_empty());
    certs.ok_or_else(|| TlsError::Pem {
        what,
        path: path.to_owned(),
        expected: "certificate",
    })
}

/// Writes a fresh private CA and a `localhost`/`127.0.0.1` server certificate signed by it.
fn generate(g: &Generated) -> Result<(), TlsError> {
    let gen_err = |e: rcgen::Error| TlsError::Generate(e.to_string());
    let ca_key = KeyPair::generate().map_err(gen_err)?;
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(gen_err)?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "harp-gateway private CA");
    let ca_cert = ca.self_signed(&ca_key).map_err(gen_err)?;
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().map_err(gen_err)?;
    let mut params =
        CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()]).map_err(gen_err)?;
    params
        .extended_key_usages
        .push(ExtendedKeyUsagePurpose::ServerAuth);
    let cert = params.signed_by(&key, &issuer).map_err(gen_err)?;
    if let Some(dir) = g.ca.parent() {
        std::fs::create_dir_all(dir).map_err(|source| TlsError::Write {
            path: dir.to_owned(),
            source,
        })?;
    }
    for (path, text) in [
        (&g.ca, ca_cert.pem()),
        (&g.cert, cert.pem()),
        (&g.key, key.serialize_pem()),
    ] {
        std::fs::write(path, text).map_err(|source| TlsError::Write {
            path: path.clone(),
            source,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_signed_material_is_generated_once_and_reused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Settings {
            data_dir: dir.path().to_owned(),
            tls_self_signed: true,
            ..Settings::default()
        };
        let first = ServerTls::from_settings(&s).expect("tls").expect("enabled");
        let ca = first.generated_ca.expect("generated CA");
        let before = std::fs::read(&ca).expect("ca written");
        let again = ServerTls::from_settings(&s).expect("tls").expect("enabled");
        assert_eq!(
            std::fs::read(again.generated_ca.expect("ca")).expect("ca"),
            before
        );
        assert_eq!(first.config.alpn_protocols, vec![b"http/1.1".to_vec()]);
        assert!(
            ServerTls::from_settings(&Settings::default())
                .expect("ok")
                .is_none()
        );
    }
}
