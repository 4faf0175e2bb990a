//! Shared gateway state handed to every handler, and how it is opened from `Settings`.

use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::auth::{Identities, IdentityError};
use crate::config::Settings;
use crate::delivery::presence::Presence;
use crate::delivery::{Registry, Waiters};
use crate::faults::{Fault, Faults};
use crate::store::{Store, StoreError};

/// Everything the handlers share.
pub struct Inner {
    pub settings: Settings,
    pub store: Store,
    pub identities: Identities,
    pub registry: Arc<Registry>,
    pub waiters: Arc<Waiters>,
    /// Enforcer presence (ext surfaces), in memory.
    pub presence: Arc<Presence>,
    /// Active faults (mutation testing); empty unless `--fault` was given.
    pub faults: Faults,
    shutdown: watch::Sender<bool>,
    started: std::time::Instant,
}

/// Cheap-to-clone handle on the shared state.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Startup failures, each naming the file at fault.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Identities(#[from] IdentityError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An opened gateway, ready for [`crate::run`].
pub struct Started {
    pub state: AppState,
    /// In dev mode, the generated (or reused) identity file.
    pub dev_identities: Option<PathBuf>,
}

impl AppState {
    /// Loads identities (or creates dev ones) and opens the database.
    pub fn open(settings: Settings) -> Result<Started, StartError> {
        let (identities, dev_identities) = match &settings.auth_file {
            Some(path) => (Identities::load(path)?, None),
            None => {
                let (ids, path) = Identities::dev(&settings.data_dir)?;
                (ids, Some(path))
            }
        };
        let store = Store::open(&settings.db)?;
        let state = AppState(Arc::new(Inner {
            faults: settings.faults,
            settings,
            store,
            identities,
            registry: Arc::new(Registry::default()),
            waiters: Arc::new(Waiters::default()),
            presence: Arc::new(Presence::default()),
            shutdown: watch::channel(false).0,
            started: std::time::Instant::now(),
        }));
        Ok(Started {
            state,
            dev_identities,
        })
    }

    /// Resolves once shutdown has begun; long-lived streams and waits end on it.
    pub fn shutdown_signal(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut rx = self.shutdown.subscribe();
        async move {
            let _ = rx.wait_for(|down| *down).await;
        }
    }

    /// Tells every stream, socket and long-poll to finish.
    pub fn begin_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// Whether `fault` is switched on (mutation testing).
    pub fn is_active(&self, fault: Fault) -> bool {
        self.faults.on(fault)
    }

    pub fn uptime(&self) -> Duration {
        self.started.elapsed()
    }
}
