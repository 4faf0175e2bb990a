//! The run context every World shares (config, client, schemas, discovery) and the named actors.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use base64::Engine as _;

use crate::check::Schemas;
use crate::config::RunConfig;
use crate::config::sections::{AuthScheme, Identities, Identity};
use crate::discovery::Discovery;
use crate::features::ScenarioMeta;
use crate::surface::SurfacePlan;
use crate::transport::HttpClient;

/// A named actor of the scenarios: E1/E2 (enforcers), A1/A2 (approvers), EX/AX (second tenant, optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, cucumber::Parameter)]
#[param(name = "actor", regex = "E1|E2|A1|A2|EX|AX")]
pub enum Actor {
    E1,
    E2,
    A1,
    A2,
    EX,
    AX,
}

impl std::str::FromStr for Actor {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "E1" => Actor::E1,
            "E2" => Actor::E2,
            "A1" => Actor::A1,
            "A2" => Actor::A2,
            "EX" => Actor::EX,
            "AX" => Actor::AX,
            other => return Err(format!("unknown actor `{other}`")),
        })
    }
}

impl Actor {
    /// The `[identities.<name>]` entry this actor uses.
    pub fn identity_name(self) -> &'static str {
        match self {
            Actor::E1 => "enforcer_a",
            Actor::E2 => "enforcer_b",
            Actor::A1 => "approver_a",
            Actor::A2 => "approver_b",
            Actor::EX => "enforcer_x",
            Actor::AX => "approver_x",
        }
    }

    pub fn is_enforcer(self) -> bool {
        matches!(self, Actor::E1 | Actor::E2 | Actor::EX)
    }
}

/// Shared, read-only state of one run.
#[derive(Debug)]
pub struct RunContext {
    pub cfg: RunConfig,
    /// Base URL without a trailing slash.
    pub base_url: String,
    pub ws_url: String,
    pub identities: Identities,
    pub client: HttpClient,
    /// `Err` holds why the schemas could not be compiled (a harness error when a step needs them).
    pub schemas: Result<Arc<Schemas>, String>,
    pub discovery: Discovery,
    pub plan: SurfacePlan,
    /// Short run-unique id used in every requestId of the run.
    pub run_id: String,
    pub counter: AtomicU64,
    /// Metadata of the scenarios being run, by (feature path, line).
    pub metas: HashMap<(PathBuf, usize), ScenarioMeta>,
}

impl RunContext {
    pub fn identity(&self, actor: Actor) -> Option<&Identity> {
        self.identities.get(actor.identity_name())
    }

    /// Credential headers for an identity, per `auth.scheme`.
    pub fn auth_headers(&self, id: &Identity) -> Vec<(String, String)> {
        auth_headers_for(&self.cfg, id)
    }

    /// The approver identity artifacts are routed to (`routing.target_approver`, default approver_a).
    pub fn target_approver(&self) -> Option<&Identity> {
        let name = self
            .cfg
            .file
            .routing
            .target_approver
            .as_deref()
            .unwrap_or("approver_a");
        self.identities.get(name)
    }
}

/// Credential headers for an identity, per `auth.scheme`.
pub fn auth_headers_for(cfg: &RunConfig, id: &Identity) -> Vec<(String, String)> {
    let a = &cfg.file.auth;
    match a.scheme {
        AuthScheme::Bearer => vec![("authorization".into(), format!("Bearer {}", id.credential))],
        AuthScheme::ApiKey => vec![(a.api_key_header.to_ascii_lowercase(), id.credential.clone())],
        AuthScheme::Basic => vec![(
            "authorization".into(),
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(&id.credential)
            ),
        )],
        AuthScheme::None => Vec::new(),
    }
}
