//! Who is calling (identity file, bearer credentials) and what they may do.

pub mod access;
pub mod client_cert;
pub mod identities;

pub use access::{
    Caller, may_access_exchange, require_approver_or_admin, require_role, require_self,
};
pub use client_cert::ClientCertificate;
pub use identities::{Identities, Identity, IdentityError, Role};
