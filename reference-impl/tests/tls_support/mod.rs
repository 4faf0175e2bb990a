//! Support for the TLS tests: a throwaway PKI (server CA, client CA, a rogue CA) made with rcgen, an
//! in-process HTTPS gateway on 127.0.0.1:0, and blocking rustls clients restricted as a test needs.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use harp_gateway::config::{DbLocation, Settings};
use harp_gateway::tls::ServerTls;
use harp_gateway::{AppState, run_tls};
use rcgen::{
    BasicConstraints, CertificateParams, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use tempfile::TempDir;
use tokio::sync::oneshot;

pub const ENF_A: &str = "cred-enforcer-a";
pub const APP_A: &str = "cred-approver-a";

const IDENTITIES: &str = "[identities.enforcer_a]\nid = \"enforcer-a\"\ncredential = \"cred-enforcer-a\"\nrole = \"enforcer\"\ntenant = \"tenant-1\"\n\n[identities.approver_a]\nid = \"approver-a\"\ncredential = \"cred-approver-a\"\nrole = \"approver\"\ntenant = \"tenant-1\"\n";

/// A CA that can sign leaf certificates.
pub struct Ca {
    pub pem: String,
    issuer: Issuer<'static, KeyPair>,
}

/// A leaf certificate and its PKCS#8 key, both PEM.
pub struct Leaf {
    pub cert: String,
    pub key: String,
}

impl Ca {
    pub fn new(name: &str) -> Ca {
        let key = KeyPair::generate().expect("ca key");
        let mut p = CertificateParams::new(Vec::<String>::new()).expect("ca params");
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        p.distinguished_name.push(rcgen::DnType::CommonName, name);
        let cert = p.self_signed(&key).expect("ca cert");
        Ca {
            pem: cert.pem(),
            issuer: Issuer::new(p, key),
        }
    }

    pub fn leaf(&self, names: &[&str], usage: ExtendedKeyUsagePurpose) -> Leaf {
        let key = KeyPair::generate().expect("leaf key");
        let names = names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let mut p = CertificateParams::new(names).expect("leaf params");
        p.extended_key_usages.push(usage);
        let cert = p.signed_by(&key, &self.issuer).expect("leaf cert");
        Leaf {
            cert: cert.pem(),
            key: key.serialize_pem(),
        }
    }
}

/// A running HTTPS gateway.
pub struct TlsGateway {
    pub addr: String,
    pub server_ca: Ca,
    pub client_ca: Ca,
    _dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for TlsGateway {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

fn write(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).expect("write pem");
    p
}

/// Starts a gateway over TLS; with `mtls`, client certificates from `client_ca` are required.
pub async fn start(mtls: bool) -> TlsGateway {
    start_with(mtls, Ca::new("test client CA"), "").await
}

/// [`start`] with a given client CA and more `[identities.<name>]` tables appended to the file.
pub async fn start_with(mtls: bool, client_ca: Ca, more_identities: &str) -> TlsGateway {
    let dir = tempfile::tempdir().expect("tempdir");
    let server_ca = Ca::new("test server CA");
    let identities = format!("{IDENTITIES}{more_identities}");
    let server = server_ca.leaf(
        &["localhost", "127.0.0.1"],
        ExtendedKeyUsagePurpose::ServerAuth,
    );
    let settings = Settings {
        listen: "127.0.0.1:0".into(),
        db: DbLocation::Memory,
        data_dir: dir.path().to_owned(),
        auth_file: Some(write(&dir, "identities.toml", &identities)),
        shutdown_grace: Duration::from_secs(1),
        tls_cert: Some(write(&dir, "server.pem", &server.cert)),
        tls_key: Some(write(&dir, "server-key.pem", &server.key)),
        tls_client_ca: mtls.then(|| write(&dir, "client-ca.pem", &client_ca.pem)),
        ..Settings::default()
    };
    let tls = ServerTls::from_settings(&settings)
        .expect("tls material")
        .expect("tls enabled");
    let started = AppState::open(settings).expect("open gateway");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(run_tls(listener, tls.config, started.state, async move {
        let _ = stopped.await;
    }));
    TlsGateway {
        addr,
        server_ca,
        client_ca,
        _dir: dir,
        stop: Some(stop),
    }
}

/// A rustls client config trusting `ca_pem`, restricted to `versions`, with an optional identity.
pub fn client_config(
    ca_pem: &str,
    versions: &[&'static rustls::SupportedProtocolVersion],
    identity: Option<&Leaf>,
) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        roots.add(c.expect("ca pem")).expect("add root");
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let b = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(versions)
        .expect("versions")
        .with_root_certificates(roots);
    let mut cfg = match identity {
        Some(l) => {
            let chain = CertificateDer::pem_slice_iter(l.cert.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .expect("chain");
            let key = PrivateKeyDer::from_pem_slice(l.key.as_bytes()).expect("key");
            b.with_client_auth_cert(chain, key).expect("client auth")
        }
        None => b.with_no_client_auth(),
    };
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
    Arc::new(cfg)
}

/// What a blocking TLS exchange produced.
#[derive(Debug)]
pub struct Exchange {
    pub version: Option<rustls::ProtocolVersion>,
    /// Everything read until close, timeout or error (lossy UTF-8).
    pub answer: String,
    /// The handshake or a read failed.
    pub error: Option<String>,
}

/// Connects, handshakes, writes `request` and reads until close (bounded by 5 s), off the runtime.
pub async fn exchange(addr: &str, cfg: Arc<rustls::ClientConfig>, request: Vec<u8>) -> Exchange {
    let addr = addr.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut tcp = TcpStream::connect(&addr).expect("connect");
        tcp.set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        let name = ServerName::try_from("localhost").expect("name");
        let mut conn = rustls::ClientConnection::new(cfg, name).expect("client conn");
        let mut error = None;
        while conn.is_handshaking() {
            if let Err(e) = conn.complete_io(&mut tcp) {
                error = Some(e.to_string());
                break;
            }
        }
        let version = conn.protocol_version();
        let mut out = Vec::new();
        if error.is_none() {
            let mut s = rustls::Stream::new(&mut conn, &mut tcp);
            if let Err(e) = s.write_all(&request) {
                error = Some(e.to_string());
            } else if let Err(e) = s.read_to_end(&mut out) {
                error = Some(e.to_string());
            }
        }
        Exchange {
            version,
            answer: String::from_utf8_lossy(&out).into_owned(),
            error,
        }
    })
    .await
    .expect("blocking exchange")
}

/// `GET path` with a bearer credential, closing the connection after the answer.
pub fn get_request(path: &str, cred: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {cred}\r\nConnection: close\r\n\r\n")
        .into_bytes()
}

/// The status code of a raw HTTP/1.1 answer.
pub fn status_of(answer: &str) -> Option<u16> {
    answer.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}
