//! Config sections about reaching the target: target URLs, surfaces, identities, routing, auth, timing, clock, limits.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `[target]`: where the gateway lives.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TargetSection {
    /// `https://gw.example` (no trailing `/v1`).
    pub base_url: Option<String>,
    /// WebSocket endpoint; derived from `base_url` as `ws(s)://host/v1/ws` when unset.
    pub ws_url: Option<String>,
    /// A plaintext URL for the TLS-rejection probes (TR-TLS-03/04).
    pub plaintext_url: Option<String>,
}

/// `yes` (served: a 404/405/501 fails), `no` (not served: scenarios are not applicable) or `probe`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SurfaceMode {
    Yes,
    No,
    #[default]
    Probe,
}

/// `[surfaces]`: which surfaces the target serves. Names follow the runtime.info capability names;
/// `ws` and `long_poll` (REQUIREMENTS.md §18 spelling) are accepted as aliases.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SurfacesSection {
    pub artifacts: SurfaceMode,
    pub decisions: SurfaceMode,
    pub inbox: SurfaceMode,
    pub exchanges: SurfaceMode,
    #[serde(alias = "long_poll")]
    pub wait: SurfaceMode,
    pub acks: SurfaceMode,
    pub sse_approver: SurfaceMode,
    pub sse_enforcer: SurfaceMode,
    #[serde(alias = "ws")]
    pub websocket: SurfaceMode,
    pub ws_artifact_submit: SurfaceMode,
    pub ws_decision_submit: SurfaceMode,
    pub inbox_expired: SurfaceMode,
    pub inbox_delete: SurfaceMode,
    pub withdraw: SurfaceMode,
    pub refresh: SurfaceMode,
    pub presence: SurfaceMode,
    pub pairing: SurfaceMode,
    /// The WS `hello` control message (BND §5.1): a gateway that cannot take it says `no`.
    pub ws_hello: SurfaceMode,
    /// The Harbor-style control surface (`/v1/control/*`, runtime.info); optional for a HARP gateway.
    pub control: SurfaceMode,
}

impl SurfacesSection {
    /// The mode for a surface by its capability name (unknown names are `probe`).
    pub fn mode(&self, surface: &str) -> SurfaceMode {
        match surface {
            "artifacts" => self.artifacts,
            "decisions" => self.decisions,
            "inbox" => self.inbox,
            "exchanges" => self.exchanges,
            "wait" | "long_poll" => self.wait,
            "acks" => self.acks,
            "sse_approver" => self.sse_approver,
            "sse_enforcer" => self.sse_enforcer,
            "websocket" | "ws" => self.websocket,
            "ws_artifact_submit" => self.ws_artifact_submit,
            "ws_decision_submit" => self.ws_decision_submit,
            "inbox_expired" => self.inbox_expired,
            "inbox_delete" => self.inbox_delete,
            "withdraw" => self.withdraw,
            "refresh" => self.refresh,
            "presence" => self.presence,
            "pairing" => self.pairing,
            "ws_hello" => self.ws_hello,
            "control" => self.control,
            _ => SurfaceMode::Probe,
        }
    }
}

/// One `[identities.<name>]` entry (same format as the gateway's identity file).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub id: String,
    pub credential: String,
    pub role: String,
    pub tenant: String,
    /// Read by the gateway (a credential bound to one mTLS client certificate); the suite accepts
    /// it so that one file serves both, and presents `tls.client_cert` on every connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_cert_sha256: Option<String>,
}

/// The identity names the suite uses: E1, E2, A1, A2 are required; EX and AX are optional.
pub const REQUIRED_IDENTITIES: [&str; 4] = ["enforcer_a", "enforcer_b", "approver_a", "approver_b"];

/// How approvers are selected for an artifact (GW §6.2 leaves it open).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoutingMode {
    Recipient,
    #[default]
    MetadataApproverId,
    RoutingToken,
    TenantWide,
    Policy,
}

/// `[routing]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RoutingSection {
    pub mode: RoutingMode,
    /// Identity name of the approver artifacts are routed to (default `approver_a`).
    pub target_approver: Option<String>,
    pub routing_token: Option<String>,
    /// A JSON merge patch (as a JSON string or TOML table) that makes an artifact unroutable.
    pub unroutable_fixture: Option<toml::Value>,
}

/// Authentication scheme of the target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthScheme {
    #[default]
    Bearer,
    ApiKey,
    Basic,
    None,
}

/// `[auth]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthSection {
    pub scheme: AuthScheme,
    pub api_key_header: String,
    pub invalid_credential: String,
    /// `header`, `query:<name>`, `subprotocol` or `cookie`.
    pub ws_credential: String,
    pub sse_credential: String,
    pub sender_binding: String,
    pub path_binding: String,
    pub cross_tenant_status: Vec<u16>,
    pub cross_principal_status: Vec<u16>,
}

impl Default for AuthSection {
    fn default() -> Self {
        Self {
            scheme: AuthScheme::Bearer,
            api_key_header: "X-API-Key".into(),
            invalid_credential: "hc-invalid-credential".into(),
            ws_credential: "header".into(),
            sse_credential: "header".into(),
            sender_binding: "unknown".into(),
            path_binding: "enforced".into(),
            cross_tenant_status: vec![403, 404],
            cross_principal_status: vec![403, 404],
        }
    }
}

/// `[timing]` (seconds).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TimingSection {
    pub delivery_window_s: u64,
    pub pairing_ttl_s: u64,
    pub presence_ttl_s: u64,
    pub presence_offline_bound_s: u64,
    pub hello_timeout_s: u64,
    pub ws_ping_interval_s: u64,
    pub ws_idle_timeout_s: u64,
    pub long_poll_min_s: u64,
    pub long_poll_max_s: u64,
    pub long_poll_default_s: Option<u64>,
    pub long_poll_slack_s: u64,
    pub short_ttl_s: u64,
    pub redelivery_observe_s: u64,
    pub consistency_s: u64,
    pub expiry_skew_s: u64,
    pub run_slow: bool,
}

impl Default for TimingSection {
    fn default() -> Self {
        Self {
            delivery_window_s: 5,
            pairing_ttl_s: 600,
            presence_ttl_s: 600,
            presence_offline_bound_s: 610,
            hello_timeout_s: 5,
            ws_ping_interval_s: 30,
            ws_idle_timeout_s: 120,
            long_poll_min_s: 1,
            long_poll_max_s: 60,
            long_poll_default_s: None,
            long_poll_slack_s: 2,
            short_ttl_s: 2,
            redelivery_observe_s: 10,
            consistency_s: 0,
            expiry_skew_s: 60,
            run_slow: false,
        }
    }
}

/// `[clock]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClockSection {
    pub skew_tolerance_s: u64,
    pub max_future_skew_s: Option<u64>,
}

impl Default for ClockSection {
    fn default() -> Self {
        Self {
            skew_tolerance_s: 30,
            max_future_skew_s: None,
        }
    }
}

/// `[limits]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsSection {
    pub artifact_max_bytes: u64,
    pub decision_max_bytes: Option<u64>,
    pub ws_message_max_bytes: Option<u64>,
    #[serde(rename = "413_from_proxy_ok")]
    pub from_proxy_ok_413: bool,
}

impl Default for LimitsSection {
    fn default() -> Self {
        Self {
            artifact_max_bytes: 2_000_000,
            decision_max_bytes: None,
            ws_message_max_bytes: None,
            from_proxy_ok_413: true,
        }
    }
}

/// `[identities]`: name → identity.
pub type Identities = BTreeMap<String, Identity>;
