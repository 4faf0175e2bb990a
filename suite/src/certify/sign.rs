//! Ed25519 keys (PKCS#8 / SPKI PEM) and detached signatures (base64url, no padding) over exact bytes.

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};

use super::error::CertifyError;

/// Reads a PKCS#8 PEM Ed25519 private key.
pub fn load_signing_key(path: &Path) -> Result<SigningKey, CertifyError> {
    let pem = std::fs::read_to_string(path).map_err(|e| CertifyError::read(path, e))?;
    SigningKey::from_pkcs8_pem(&pem).map_err(|e| CertifyError::BadPrivateKey {
        path: path.into(),
        message: e.to_string(),
    })
}

/// Decodes base64url (padding and surrounding whitespace tolerated).
pub fn b64_decode(s: &str) -> Result<Vec<u8>, String> {
    URL_SAFE_NO_PAD
        .decode(s.trim().trim_end_matches('='))
        .map_err(|e| format!("not base64url: {e}"))
}

pub fn b64_encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The public key as base64url of its 32 raw bytes (the form certificates record).
pub fn public_key_b64(vk: &VerifyingKey) -> String {
    b64_encode(vk.as_bytes())
}

/// Reads a public key: an SPKI PEM file, or a file holding the base64url raw 32 bytes.
pub fn load_verifying_key(path: &Path) -> Result<VerifyingKey, CertifyError> {
    let text = std::fs::read_to_string(path).map_err(|e| CertifyError::read(path, e))?;
    let bad = |message: String| CertifyError::BadPublicKey {
        path: path.into(),
        message,
    };
    if text.contains("-----BEGIN") {
        return VerifyingKey::from_public_key_pem(text.trim()).map_err(|e| bad(e.to_string()));
    }
    let raw = b64_decode(&text).map_err(bad)?;
    let arr: [u8; 32] = raw
        .try_into()
        .map_err(|v: Vec<u8>| bad(format!("{} bytes, expected 32", v.len())))?;
    VerifyingKey::from_bytes(&arr).map_err(|e| bad(e.to_string()))
}

/// Signs `bytes`; returns the detached signature as base64url.
pub fn sign(key: &SigningKey, bytes: &[u8]) -> String {
    b64_encode(&key.sign(bytes).to_bytes())
}

/// Checks a detached base64url signature over `bytes` (strict verification).
pub fn verify(key: &VerifyingKey, bytes: &[u8], signature_b64: &str) -> Result<(), String> {
    let raw = b64_decode(signature_b64)?;
    let arr: [u8; 64] = raw
        .try_into()
        .map_err(|v: Vec<u8>| format!("the signature is {} bytes, expected 64", v.len()))?;
    key.verify_strict(bytes, &Signature::from_bytes(&arr))
        .map_err(|_| "the signature does not match".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_then_verify_and_detect_a_flip() {
        let sk = SigningKey::generate(&mut rand::rng());
        let vk = sk.verifying_key();
        let sig = sign(&sk, b"{\"verdict\":\"passed\"}");
        assert!(!sig.contains('=') && !sig.contains('+') && !sig.contains('/'));
        verify(&vk, b"{\"verdict\":\"passed\"}", &sig).unwrap();
        assert!(verify(&vk, b"{\"verdict\":\"passes\"}", &sig).is_err());
        assert!(verify(&vk, b"x", "not base64!").is_err());
        assert!(verify(&vk, b"x", "AAAA").is_err());
    }
}
