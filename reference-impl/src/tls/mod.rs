//! HTTPS and WSS serving: TLS material (files or a generated private CA), optional mTLS, the TLS
//! server with the framing guard on the decrypted stream plus HSTS, and a refusing plaintext listener.

pub mod material;
pub mod plaintext;
pub mod serve;

pub use material::{ServerTls, TlsError};
pub use serve::run_tls;
