//! The gateway over TLS: handshakes at TLS 1.2 and 1.3, HSTS, WSS upgrade, SSE over HTTPS, mTLS
//! refusal and acceptance, certificate-bound credentials, the framing guard on the decrypted stream,
//! and the refusing plaintext port.

mod tls_support;

use std::time::Duration;

use futures::StreamExt;
use harp_gateway::clock::{format_ms, now_ms};
use rcgen::ExtendedKeyUsagePurpose;
use rustls::version::{TLS12, TLS13};
use tls_support::{
    APP_A, Ca, ENF_A, client_config, exchange, get_request, start, start_with, status_of,
};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

fn https_client(ca_pem: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(ca_pem.as_bytes()).expect("ca")])
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

#[tokio::test]
async fn tls12_and_tls13_handshakes_succeed_with_hsts() {
    let gw = start(false).await;
    for (v, want) in [
        (&TLS12, rustls::ProtocolVersion::TLSv1_2),
        (&TLS13, rustls::ProtocolVersion::TLSv1_3),
    ] {
        let cfg = client_config(&gw.server_ca.pem, &[v], None);
        let x = exchange(&gw.addr, cfg, get_request("/v1/exchanges/req-none", ENF_A)).await;
        assert_eq!(x.version, Some(want), "{x:?}");
        assert_eq!(status_of(&x.answer), Some(404), "{x:?}");
        assert!(
            x.answer
                .to_ascii_lowercase()
                .contains("strict-transport-security: max-age="),
            "{x:?}"
        );
    }
}

#[tokio::test]
async fn sse_over_https_streams() {
    let gw = start(false).await;
    let res = https_client(&gw.server_ca.pem)
        .get(format!("https://{}/v1/sse/approvers/approver-a", gw.addr))
        .bearer_auth(APP_A)
        .header("accept", "text/event-stream")
        .send()
        .await
        .expect("sse over https");
    assert_eq!(res.status(), 200);
    let ct = res.headers()["content-type"]
        .to_str()
        .expect("ct")
        .to_owned();
    assert!(ct.starts_with("text/event-stream"), "{ct}");
    assert!(res.headers().contains_key("strict-transport-security"));
}

#[tokio::test]
async fn wss_upgrade_succeeds() {
    let gw = start(false).await;
    let mut req = format!(
        "wss://localhost:{}/v1/ws?role=approver&id=approver-a",
        gw.addr.rsplit(':').next().expect("port")
    )
    .into_client_request()
    .expect("request");
    req.headers_mut().insert(
        "authorization",
        format!("Bearer {APP_A}").parse().expect("hdr"),
    );
    let cfg = client_config(&gw.server_ca.pem, &[&TLS12, &TLS13], None);
    let (mut ws, resp) = tokio::time::timeout(
        Duration::from_secs(5),
        tokio_tungstenite::connect_async_tls_with_config(
            req,
            None,
            false,
            Some(tokio_tungstenite::Connector::Rustls(cfg)),
        ),
    )
    .await
    .expect("in time")
    .expect("wss upgrade");
    assert_eq!(resp.status(), 101);
    let _ = ws.close(None).await;
    let _ = tokio::time::timeout(Duration::from_secs(2), ws.next()).await;
}

#[tokio::test]
async fn mtls_requires_a_client_certificate_from_the_trusted_ca() {
    let gw = start(true).await;
    let get = || get_request("/v1/exchanges/req-none", ENF_A);
    for v in [&TLS12, &TLS13] {
        let none = exchange(
            &gw.addr,
            client_config(&gw.server_ca.pem, &[v], None),
            get(),
        )
        .await;
        assert!(
            none.error.is_some() && status_of(&none.answer).is_none(),
            "{none:?}"
        );
        let rogue_ca = Ca::new("rogue CA");
        let rogue = rogue_ca.leaf(&["rogue"], ExtendedKeyUsagePurpose::ClientAuth);
        let cfg = client_config(&gw.server_ca.pem, &[v], Some(&rogue));
        let x = exchange(&gw.addr, cfg, get()).await;
        assert!(x.error.is_some() && status_of(&x.answer).is_none(), "{x:?}");
        let good = gw
            .client_ca
            .leaf(&["enforcer-a"], ExtendedKeyUsagePurpose::ClientAuth);
        let cfg = client_config(&gw.server_ca.pem, &[v], Some(&good));
        let x = exchange(&gw.addr, cfg, get()).await;
        assert_eq!(status_of(&x.answer), Some(404), "{x:?}");
    }
}

/// The SHA-256 fingerprint of a PEM certificate as `openssl x509 -fingerprint -sha256` prints it.
fn openssl_fingerprint(pem: &str) -> String {
    use rustls::pki_types::pem::PemObject;
    use sha2::{Digest, Sha256};
    let der = rustls::pki_types::CertificateDer::from_pem_slice(pem.as_bytes()).expect("pem");
    let hex: Vec<String> = Sha256::digest(&der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    hex.join(":")
}

#[tokio::test]
async fn a_certificate_bound_credential_needs_its_certificate() {
    const ENF_C: &str = "cred-enforcer-c";
    let client_ca = Ca::new("test client CA");
    let mine = client_ca.leaf(&["enforcer-c"], ExtendedKeyUsagePurpose::ClientAuth);
    let other = client_ca.leaf(&["someone-else"], ExtendedKeyUsagePurpose::ClientAuth);
    let bound = format!(
        "\n[identities.enforcer_c]\nid = \"enforcer-c\"\ncredential = \"{ENF_C}\"\nrole = \"enforcer\"\ntenant = \"tenant-1\"\nclient_cert_sha256 = \"{}\"\n",
        openssl_fingerprint(&mine.cert)
    );
    let gw = start_with(true, client_ca, &bound).await;
    let (addr, ca) = (gw.addr.as_str(), gw.server_ca.pem.as_str());
    let status = |leaf, cred| {
        let cfg = client_config(ca, &[&TLS12, &TLS13], Some(leaf));
        let request = get_request("/v1/exchanges/req-none", cred);
        async move { status_of(&exchange(addr, cfg, request).await.answer) }
    };
    // Authenticated with its own certificate: the unknown exchange is a 404.
    assert_eq!(status(&mine, ENF_C).await, Some(404));
    // The same credential over another certificate from the trusted CA is forbidden.
    assert_eq!(status(&other, ENF_C).await, Some(403));
    // Unbound credentials keep working with any trusted certificate.
    assert_eq!(status(&other, ENF_A).await, Some(404));
    assert_eq!(status(&mine, ENF_A).await, Some(404));
}

fn artifact(request_id: &str) -> String {
    let at = |s: i64| format_ms(now_ms() + s * 1000);
    serde_json::json!({
        "msgType": "artifact.submit", "requestId": request_id, "createdAt": at(0),
        "sender": {"enforcerId": "enforcer-a"},
        "body": {"artifactType": "core.artifact",
            "artifactHash": format!("sha256:{}", "ab".repeat(32)),
            "ciphertext": {"alg": "XChaCha20-Poly1305", "data": "QkFTRTY0"},
            "metadata": {"approverId": "approver-a"}, "expiresAt": at(600)}
    })
    .to_string()
}

#[tokio::test]
async fn ambiguous_framing_over_tls_is_refused_and_not_processed() {
    let gw = start(false).await;
    let cfg = || client_config(&gw.server_ca.pem, &[&TLS12, &TLS13], None);
    let head = format!(
        "POST /v1/artifacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {ENF_A}\r\nContent-Type: application/harp+json\r\n"
    );
    let (r1, r2) = (
        format!("req-{}", uuid::Uuid::new_v4().simple()),
        format!("req-{}", uuid::Uuid::new_v4().simple()),
    );
    let body = artifact(&r1);
    let chunked = format!("{:x}\r\n{body}\r\n0\r\n\r\n", body.len());
    let both = format!(
        "{head}Content-Length: {}\r\nTransfer-Encoding: chunked\r\n\r\n{chunked}",
        chunked.len()
    );
    let x = exchange(&gw.addr, cfg(), both.into_bytes()).await;
    assert!(matches!(status_of(&x.answer), None | Some(400)), "{x:?}");
    let body = artifact(&r2);
    let dup = format!(
        "{head}Content-Length: {}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len(),
        body.len() + 3
    );
    let x = exchange(&gw.addr, cfg(), dup.into_bytes()).await;
    assert!(matches!(status_of(&x.answer), None | Some(400)), "{x:?}");
    for r in [r1, r2] {
        let x = exchange(
            &gw.addr,
            cfg(),
            get_request(&format!("/v1/exchanges/{r}"), ENF_A),
        )
        .await;
        assert_eq!(status_of(&x.answer), Some(404), "{r} was processed: {x:?}");
    }
    // The same submission with clean framing is processed (the refusal above is not a bad body).
    let r3 = format!("req-{}", uuid::Uuid::new_v4().simple());
    let body = artifact(&r3);
    let ok = format!(
        "{head}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let x = exchange(&gw.addr, cfg(), ok.into_bytes()).await;
    assert!(matches!(status_of(&x.answer), Some(200..=202)), "{x:?}");
}

/// An oversize upload gets a readable 413 error envelope over TLS even from a client that writes the
/// whole body before it reads (the gateway reads and discards the body first; a gateway that closes
/// mid-upload resets such a client before it sees the answer). 24 MiB outgrows the socket buffers.
#[tokio::test]
async fn an_oversize_upload_reads_back_a_413_envelope() {
    let gw = start(false).await;
    let cfg = || client_config(&gw.server_ca.pem, &[&TLS12, &TLS13], None);
    let mut v: serde_json::Value = serde_json::from_str(&artifact("req-big")).expect("json");
    v["trace"] = serde_json::json!({ "pad": "A".repeat(24 * 1024 * 1024) });
    let body = v.to_string();
    let head = format!(
        "POST /v1/artifacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {ENF_A}\r\nContent-Type: application/harp+json\r\nConnection: close\r\n"
    );
    let chunked = body
        .as_bytes()
        .chunks(64 * 1024)
        .map(|c| format!("{:x}\r\n{}\r\n", c.len(), String::from_utf8_lossy(c)))
        .collect::<String>();
    let requests = [
        format!("{head}Content-Length: {}\r\n\r\n{body}", body.len()),
        format!("{head}Transfer-Encoding: chunked\r\n\r\n{chunked}0\r\n\r\n"),
    ];
    for request in requests {
        let x = exchange(&gw.addr, cfg(), request.into_bytes()).await;
        assert!(x.error.is_none(), "the upload was cut off: {:?}", x.error);
        assert_eq!(status_of(&x.answer), Some(413), "{}", x.answer);
        let json = x.answer.split("\r\n\r\n").nth(1).unwrap_or_default();
        assert!(json.contains("\"PayloadTooLarge\""), "{}", x.answer);
    }
}

#[tokio::test]
async fn plaintext_listener_refuses_harp_and_websocket() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(harp_gateway::tls::plaintext::serve_refusing(
        listener,
        "https://127.0.0.1:1".into(),
        async move {
            let _ = stopped.await;
        },
    ));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    let r = client
        .post(format!("http://{addr}/v1/artifacts"))
        .bearer_auth(ENF_A)
        .header("content-type", "application/harp+json")
        .body(artifact("req-plain"))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
    let mut req = format!("ws://{addr}/v1/ws")
        .into_client_request()
        .expect("req");
    req.headers_mut().insert(
        "authorization",
        format!("Bearer {APP_A}").parse().expect("hdr"),
    );
    let ws = tokio::time::timeout(
        Duration::from_secs(5),
        tokio_tungstenite::connect_async(req),
    )
    .await
    .expect("in time");
    assert!(ws.is_err(), "plaintext ws:// upgrade was accepted");
    let _ = stop.send(());
}
