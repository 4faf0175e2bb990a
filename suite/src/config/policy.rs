//! Config sections about judging the target: errors, decisions, artifacts, inbox, status, strictness, TLS, WS, and the rest of §18.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Accepted error body shapes (C-05).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorShape {
    Envelope,
    Bare,
    #[default]
    Either,
}

/// `[errors]` and `[errors.codes]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ErrorsSection {
    pub shape: ErrorShape,
    pub require_retryable: bool,
    pub codes: ErrorCodes,
}

/// `[errors.codes]`: exact code strings. The two conflict names are always asserted; the rest only if set.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ErrorCodes {
    pub already_exists: String,
    pub already_decided: String,
    pub validation: Option<String>,
    pub unauthorized: Option<String>,
    pub forbidden: Option<String>,
    pub not_found: Option<String>,
    pub expired: Option<String>,
    pub no_approver: Option<String>,
    pub hash_mismatch: Option<String>,
    pub payload_too_large: Option<String>,
    pub state_conflict: Option<String>,
    pub unavailable: Option<String>,
}

impl Default for ErrorCodes {
    fn default() -> Self {
        Self {
            already_exists: "AlreadyExistsConflict".into(),
            already_decided: "AlreadyDecidedConflict".into(),
            validation: None,
            unauthorized: None,
            forbidden: None,
            not_found: None,
            expired: None,
            no_approver: None,
            hash_mismatch: None,
            payload_too_large: None,
            state_conflict: None,
            unavailable: None,
        }
    }
}

impl ErrorCodes {
    /// Looks up `errors.codes.<name>`; `None` when the name is unknown or the code is unset.
    pub fn get(&self, name: &str) -> Option<&str> {
        match name {
            "already_exists" => Some(self.already_exists.as_str()),
            "already_decided" => Some(self.already_decided.as_str()),
            "validation" => self.validation.as_deref(),
            "unauthorized" => self.unauthorized.as_deref(),
            "forbidden" => self.forbidden.as_deref(),
            "not_found" => self.not_found.as_deref(),
            "expired" => self.expired.as_deref(),
            "no_approver" => self.no_approver.as_deref(),
            "hash_mismatch" => self.hash_mismatch.as_deref(),
            "payload_too_large" => self.payload_too_large.as_deref(),
            "state_conflict" => self.state_conflict.as_deref(),
            "unavailable" => self.unavailable.as_deref(),
            _ => None,
        }
    }
}

/// `[decision]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DecisionSection {
    pub idempotency_key: String,
    pub gateway_verifies_signature: bool,
    pub hash_mismatch: String,
    pub terminal_refusal_status: Vec<u16>,
}

impl Default for DecisionSection {
    fn default() -> Self {
        Self {
            idempotency_key: "either".into(),
            gateway_verifies_signature: false,
            hash_mismatch: "reject_4xx".into(),
            terminal_refusal_status: vec![400, 404, 409, 410, 422],
        }
    }
}

/// `[artifact]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ArtifactSection {
    pub hash_format: String,
    pub allowed_cipher_algs: Vec<String>,
    pub first_submit_status: Vec<u16>,
    pub duplicate_status: Vec<u16>,
    pub expired_status: Vec<u16>,
}

impl Default for ArtifactSection {
    fn default() -> Self {
        Self {
            hash_format: "any".into(),
            allowed_cipher_algs: Vec::new(),
            first_submit_status: vec![202],
            duplicate_status: vec![200, 202],
            expired_status: vec![422],
        }
    }
}

/// `[inbox]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct InboxSection {
    pub default_page_size: Option<u64>,
    pub max_page_size: Option<u64>,
    pub invalid_limit: String,
    pub invalid_cursor_status: Vec<u16>,
    pub item_request_id_pointer: String,
    pub item_status_pointer: String,
    pub ack_removes_item: Option<bool>,
}

impl Default for InboxSection {
    fn default() -> Self {
        Self {
            default_page_size: None,
            max_page_size: None,
            invalid_limit: "either".into(),
            invalid_cursor_status: vec![400],
            item_request_id_pointer: "/requestId".into(),
            item_status_pointer: "/status".into(),
            ack_removes_item: None,
        }
    }
}

/// `[approval]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApprovalSection {
    pub ciphertext_pointers: Vec<String>,
}

impl Default for ApprovalSection {
    fn default() -> Self {
        Self {
            ciphertext_pointers: vec![
                "/body/ciphertext/data".into(),
                "/body/ciphertextRef/data".into(),
            ],
        }
    }
}

/// `[status]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatusSection {
    /// `any` (case-insensitive) or `lowerCamel`.
    pub state_casing: String,
}

impl Default for StatusSection {
    fn default() -> Self {
        Self {
            state_casing: "any".into(),
        }
    }
}

/// `[strict]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct StrictSection {
    pub envelope_schema: bool,
    pub unknown_request_fields: String,
    pub single_channel_delivery: bool,
    pub key_order: bool,
    pub accept_application_json: String,
    pub bare_json_content_type: Vec<String>,
}

impl Default for StrictSection {
    fn default() -> Self {
        Self {
            envelope_schema: false,
            unknown_request_fields: "either".into(),
            single_channel_delivery: false,
            key_order: false,
            accept_application_json: "either".into(),
            bare_json_content_type: vec!["application/json".into(), "application/harp+json".into()],
        }
    }
}

/// `[tls]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsSection {
    /// `false` marks the TLS rows not applicable (dev targets). Unset: true for https targets.
    pub enforced: Option<bool>,
    pub ca_bundle: Option<String>,
    pub client_cert: Option<String>,
    pub client_key: Option<String>,
    pub mtls_required: bool,
}

/// `[ws]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct WsSection {
    pub bad_frame_reaction: String,
    pub bad_handshake_reaction: String,
    pub submit_reply: String,
    /// Unset: true in the ext profile, false in seed.
    pub send_hello: Option<bool>,
}

impl Default for WsSection {
    fn default() -> Self {
        Self {
            bad_frame_reaction: "either".into(),
            bad_handshake_reaction: "either".into(),
            submit_reply: "either".into(),
            send_hello: None,
        }
    }
}

/// Sections with only a few free-form keys (`[states]`, `[pairing]`, `[presence]`, `[withdraw]`, …):
/// kept as typed-enough tables so unknown keys still fail loudly.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatesSection {
    pub withdrawn: Option<String>,
    pub cancelled: Option<String>,
    pub delivered: Option<String>,
    pub cancel_hook: Option<String>,
}

/// `[pairing]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PairingSection {
    pub auth: BTreeMap<String, String>,
    pub state_values: BTreeMap<String, Vec<String>>,
    pub second_use_status: Option<Vec<u16>>,
    pub code_min_len: Option<u64>,
}

/// `[presence]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PresenceSection {
    pub device_id_mapping: Option<BTreeMap<String, String>>,
    pub tenant_id: Option<String>,
    pub cross_tenant: Option<String>,
}

/// `[withdraw]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct WithdrawSection {
    /// `none`, `empty_object` or `envelope`.
    pub request_body: String,
}

impl Default for WithdrawSection {
    fn default() -> Self {
        Self {
            request_body: "none".into(),
        }
    }
}

/// `[transport]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TransportSection {
    pub idempotency_key_required: Option<String>,
}

/// `[ids]`, `[retention]`, `[version]`, `[rate_limit]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct IdsSection {
    pub prefix: Option<String>,
    pub charset: Option<String>,
}

/// `[retention]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetentionSection {
    pub request_id_window_s: Option<u64>,
}

/// `[version]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct VersionSection {
    pub api_prefix: Option<String>,
    pub declaration_path: Option<String>,
}

/// `[rate_limit]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitSection {
    pub probe: bool,
    pub status: Option<Vec<u16>>,
    pub burst: Option<u64>,
}
