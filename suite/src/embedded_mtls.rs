//! Client-certificate material for the embedded default run: a throwaway client CA and one client
//! certificate, generated per run into the gateway's temporary data dir, so that the bundled gateway
//! requires mTLS and the default certification covers TR-TLS-05 (refusal without a certificate and
//! with one from an untrusted CA). Nothing is reused across runs; the CA key never leaves the temp dir.

use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};

/// The files of one run's client PKI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientPki {
    /// The client CA certificate (PEM), given to the gateway as `--tls-client-ca`.
    pub ca: PathBuf,
    /// The suite's client certificate (PEM), `tls.client_cert`.
    pub cert: PathBuf,
    /// Its private key (PKCS#8 PEM), `tls.client_key`.
    pub key: PathBuf,
}

/// Generates a client CA and a client certificate into `dir`.
pub fn generate(dir: &Path) -> Result<ClientPki, String> {
    let fail = |what: &str, e: &dyn std::fmt::Display| format!("cannot generate {what}: {e}");
    let ca_key = KeyPair::generate().map_err(|e| fail("the client CA key", &e))?;
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(|e| fail("the CA", &e))?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    ca.distinguished_name
        .push(DnType::CommonName, "harp-conformance run client CA");
    let ca_cert = ca.self_signed(&ca_key).map_err(|e| fail("the CA", &e))?;
    let issuer = Issuer::new(ca, ca_key);

    let key = KeyPair::generate().map_err(|e| fail("the client key", &e))?;
    let mut leaf = CertificateParams::new(vec!["harp-conformance".to_string()])
        .map_err(|e| fail("the client certificate", &e))?;
    leaf.distinguished_name
        .push(DnType::CommonName, "harp-conformance suite");
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let cert = leaf
        .signed_by(&key, &issuer)
        .map_err(|e| fail("the client certificate", &e))?;

    let pki = ClientPki {
        ca: dir.join("client-ca.pem"),
        cert: dir.join("client.pem"),
        key: dir.join("client-key.pem"),
    };
    let write = |p: &Path, text: String| {
        std::fs::write(p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))
    };
    write(&pki.ca, ca_cert.pem())?;
    write(&pki.cert, cert.pem())?;
    write(&pki.key, key.serialize_pem())?;
    Ok(pki)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_ca_and_a_client_certificate_it_issued() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pki = generate(dir.path()).expect("generate");
        let ca = std::fs::read_to_string(&pki.ca).expect("ca");
        let cert = std::fs::read_to_string(&pki.cert).expect("cert");
        let key = std::fs::read_to_string(&pki.key).expect("key");
        assert!(ca.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(cert.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(key.contains("PRIVATE KEY-----"));
        assert_ne!(ca, cert);
        // A second run gets different material.
        let other = tempfile::tempdir().expect("tempdir");
        let again = generate(other.path()).expect("generate again");
        assert_ne!(std::fs::read_to_string(again.ca).expect("ca"), ca);
    }
}
