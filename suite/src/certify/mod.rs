//! Certification: levels, per-requirement verdicts, the signed certificate, badge and declaration.

pub mod assessed;
pub mod catalog;
pub mod certificate;
pub mod command;
pub mod declaration;
pub mod digest;
pub mod error;
pub mod keygen;
pub mod levels;
pub mod redact;
pub mod requirements;
pub mod sign;
pub mod verify;
