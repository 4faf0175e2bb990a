//! TLS options: a private CA bundle and an mTLS client identity, for HTTPS and wss://.
//!
//! The peer is a small blocking rustls server in a thread (the suite has no async TLS acceptor);
//! the certificates in tests/data/tls were made once with openssl (100-year validity).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use harp_conformance::transport::{
    ClientOptions, HttpClient, HttpRequest, Transcript, TransportError, WsConnection, WsFrame,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_tungstenite::tungstenite;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/tls")
        .join(name)
}

fn server_config(require_client_cert: bool) -> Arc<rustls::ServerConfig> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(data("server.pem"))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(data("server.key")).unwrap();
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap();
    let builder = if require_client_cert {
        let mut roots = rustls::RootCertStore::empty();
        for c in CertificateDer::pem_file_iter(data("ca.pem")).unwrap() {
            roots.add(c.unwrap()).unwrap();
        }
        let verifier =
            rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .unwrap();
        builder.with_client_cert_verifier(verifier)
    } else {
        builder.with_no_client_auth()
    };
    Arc::new(builder.with_single_cert(chain, key).unwrap())
}

/// One-connection TLS peer: either answers one HTTP request with 200 "ok", or echoes one WS message.
fn tls_peer(require_client_cert: bool, websocket: bool) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let cfg = server_config(require_client_cert);
    std::thread::spawn(move || {
        let Ok((tcp, _)) = listener.accept() else {
            return;
        };
        tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let conn = rustls::ServerConnection::new(cfg).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        if websocket {
            let Ok(mut ws) = tungstenite::accept(tls) else {
                return;
            };
            if let Ok(m) = ws.read() {
                let _ = ws.send(m);
            }
            let _ = ws.close(None);
            let _ = ws.flush();
            return;
        }
        let mut buf = Vec::new();
        let mut chunk = [0u8; 1024];
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
            match tls.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let _ =
            tls.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
        let _ = tls.flush();
        tls.conn.send_close_notify();
        let _ = tls.flush();
    });
    port
}

fn options(with_ca: bool, with_identity: bool) -> ClientOptions {
    ClientOptions {
        ca_bundle: with_ca.then(|| data("ca.pem")),
        client_cert: with_identity.then(|| data("client.pem")),
        client_key: with_identity.then(|| data("client.key")),
        request_timeout: Duration::from_secs(3),
        ..ClientOptions::default()
    }
}

fn get(port: u16) -> HttpRequest {
    HttpRequest {
        method: "GET".into(),
        url: format!("https://localhost:{port}/v1/health"),
        ..HttpRequest::default()
    }
}

#[tokio::test]
async fn https_with_the_private_ca_bundle() {
    let port = tls_peer(false, false);
    let client = HttpClient::new(&options(true, false)).unwrap();
    let resp = client.send(get(port), &Transcript::new()).await.unwrap();
    assert_eq!((resp.status, resp.body.as_slice()), (200, &b"ok"[..]));
}

#[tokio::test]
async fn https_without_the_ca_is_a_connect_failure() {
    let port = tls_peer(false, false);
    let client = HttpClient::new(&options(false, false)).unwrap();
    let err = client
        .send(get(port), &Transcript::new())
        .await
        .unwrap_err();
    assert!(matches!(err, TransportError::Connect { .. }), "{err:?}");
}

#[tokio::test]
async fn https_with_a_client_certificate() {
    let port = tls_peer(true, false);
    let client = HttpClient::new(&options(true, true)).unwrap();
    let resp = client.send(get(port), &Transcript::new()).await.unwrap();
    assert_eq!(resp.status, 200);
}

#[tokio::test]
async fn wss_with_the_ca_bundle_and_a_client_certificate() {
    let port = tls_peer(true, true);
    let client = HttpClient::new(&options(true, true)).unwrap();
    let conn = WsConnection::connect(
        &client,
        &format!("wss://localhost:{port}/v1/ws"),
        vec![],
        Duration::from_secs(3),
        1 << 16,
        &Transcript::new(),
    )
    .await
    .expect("transport")
    .expect("upgrade");
    conn.send_text("over tls").await.unwrap();
    let (_, f) = conn
        .frames
        .wait_for(0, Duration::from_secs(3), |_| true)
        .await
        .unwrap();
    assert_eq!(f, WsFrame::Text("over tls".into()));
}

#[test]
fn a_cert_file_without_a_certificate_is_a_harness_error() {
    let mut o = options(true, true);
    o.client_cert = Some(data("client.key"));
    let err = HttpClient::new(&o).unwrap_err();
    assert!(
        !err.is_target_fault() && err.to_string().contains("client.key"),
        "{err}"
    );
}
