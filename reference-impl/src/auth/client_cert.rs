//! Certificate-bound credentials (mTLS): an identity may name the SHA-256 fingerprint of the one
//! client certificate its credential is valid with; the TLS server records each connection's
//! verified client certificate, and authentication refuses a bound credential presented without it.

use sha2::{Digest, Sha256};

use super::identities::Identity;
use crate::error::ApiError;

/// The verified client certificate of a TLS connection (a request extension), as its SHA-256
/// fingerprint in lowercase hex; `None` when the client presented none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientCertificate {
    pub sha256: Option<String>,
}

impl ClientCertificate {
    /// From the end-entity certificate the TLS handshake verified, if any.
    pub fn from_der(der: Option<&[u8]>) -> Self {
        Self {
            sha256: der.map(fingerprint),
        }
    }
}

/// The SHA-256 fingerprint of a DER certificate, lowercase hex without separators.
pub fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Normalizes a fingerprint written in an identity file: hex, any case, `:` separators allowed
/// (as `openssl x509 -fingerprint -sha256` prints it), 32 bytes.
pub fn parse_fingerprint(text: &str) -> Result<String, String> {
    let hex: String = text
        .chars()
        .filter(|c| *c != ':')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(hex)
    } else {
        Err(format!(
            "`{text}` is not a SHA-256 fingerprint (64 hex digits, `:` separators allowed)"
        ))
    }
}

/// 403 when `identity` is bound to a client certificate and the connection did not present it
/// (no TLS, no client certificate, or another certificate); unbound identities always pass.
pub fn check_binding(
    identity: &Identity,
    presented: Option<&ClientCertificate>,
) -> Result<(), ApiError> {
    let Some(expected) = &identity.client_cert_sha256 else {
        return Ok(());
    };
    match presented.and_then(|c| c.sha256.as_ref()) {
        Some(actual) if actual == expected => Ok(()),
        Some(_) => Err(ApiError::forbidden(
            "this credential is bound to another client certificate",
        )),
        None => Err(ApiError::forbidden(
            "this credential is bound to a client certificate: connect over mTLS with it",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;

    fn bound(fp: Option<&str>) -> Identity {
        Identity {
            name: "e".into(),
            id: "e".into(),
            credential: "c".into(),
            role: Role::Enforcer,
            tenant: "t".into(),
            client_cert_sha256: fp.map(str::to_owned),
        }
    }

    #[test]
    fn fingerprints_are_normalized_and_checked() {
        let fp = fingerprint(b"certificate");
        assert_eq!(fp.len(), 64);
        let colons = fp
            .to_ascii_uppercase()
            .as_bytes()
            .chunks(2)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(":");
        assert_eq!(parse_fingerprint(&colons), Ok(fp.clone()));
        assert!(parse_fingerprint("abc").is_err());
        assert!(parse_fingerprint(&"g".repeat(64)).is_err());
    }

    #[test]
    fn bound_credentials_need_their_certificate() {
        let fp = fingerprint(b"mine");
        let mine = ClientCertificate::from_der(Some(b"mine"));
        let other = ClientCertificate::from_der(Some(b"other"));
        let none = ClientCertificate::from_der(None);
        let id = bound(Some(&fp));
        assert!(check_binding(&id, Some(&mine)).is_ok());
        assert!(check_binding(&id, Some(&other)).is_err());
        assert!(check_binding(&id, Some(&none)).is_err());
        assert!(check_binding(&id, None).is_err());
        assert!(check_binding(&bound(None), None).is_ok());
    }
}
