//! The SQLite handle: opening (WAL, busy timeout), schema migrations by `user_version`, and running
//! queries off the async runtime (the connection is Send but not Sync: one mutex, `spawn_blocking`).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;

use crate::config::DbLocation;
use crate::error::ApiError;

/// Ordered schema migrations; entry `n` moves `user_version` from `n` to `n + 1`. Never edit a
/// released entry: append a new one.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE exchanges (
    request_id    TEXT PRIMARY KEY,
    tenant        TEXT NOT NULL,
    enforcer_id   TEXT NOT NULL,
    artifact_type TEXT NOT NULL,
    artifact_hash TEXT NOT NULL,
    ciphertext    TEXT NOT NULL,   -- compact raw JSON of body.ciphertext
    metadata      TEXT,            -- forwarded (display-safe) metadata JSON, NULL when empty
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    expires_ms    INTEGER NOT NULL,
    state         TEXT NOT NULL
);
CREATE INDEX exchanges_by_state_expiry ON exchanges(state, expires_ms);
CREATE TABLE approval_requests (   -- one inbox item / approval.request per (exchange, approver)
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id  TEXT NOT NULL REFERENCES exchanges(request_id),
    approver_id TEXT NOT NULL,
    msg_id      TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    acked_at    TEXT,
    UNIQUE (request_id, approver_id)
);
CREATE INDEX approval_requests_by_approver ON approval_requests(approver_id, seq);
CREATE TABLE decisions (           -- at most one per exchange; its decision.deliver msgId
    request_id    TEXT PRIMARY KEY REFERENCES exchanges(request_id),
    approver_id   TEXT NOT NULL,
    decision      TEXT NOT NULL,
    signer_key_id TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    decision_hash TEXT,
    body          TEXT NOT NULL,   -- compact raw JSON of the submitted body, member order kept
    msg_id        TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    acked_at      TEXT
);
"#,
    super::ext_schema::V2,
];

/// Storage failures (never the client's fault).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open database {path}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("database {path} has schema version {found}, newer than this gateway ({known})")]
    TooNew {
        path: PathBuf,
        found: i64,
        known: usize,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database worker failed: {0}")]
    Worker(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "storage failure");
        ApiError::internal("storage failure; see the gateway log")
    }
}

/// Shared handle to the one SQLite connection.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

impl Store {
    /// Opens (creating if needed) and migrates the database.
    pub fn open(location: &DbLocation) -> Result<Self, StoreError> {
        let (conn, path) = match location {
            DbLocation::Memory => (Connection::open_in_memory(), PathBuf::from(":memory:")),
            DbLocation::File(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    let _ = std::fs::create_dir_all(dir);
                }
                (Connection::open(path), path.clone())
            }
        };
        let open_err = |source| StoreError::Open {
            path: path.clone(),
            source,
        };
        let mut conn = conn.map_err(open_err)?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(open_err)?;
        if matches!(location, DbLocation::File(_)) {
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
                .map_err(open_err)?;
        }
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(open_err)?;
        migrate(&mut conn, &path)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with exclusive access to the connection on the blocking pool.
    pub async fn call<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic mid-call rolls its transaction back on drop, so the data stays consistent.
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard).map_err(StoreError::from)
        })
        .await
        .map_err(|e| StoreError::Worker(e.to_string()))?
    }
}

fn migrate(conn: &mut Connection, path: &std::path::Path) -> Result<(), StoreError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let known = MIGRATIONS.len();
    let start = usize::try_from(version).unwrap_or(usize::MAX);
    if start > known {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: version,
            known,
        });
    }
    let tx = conn.transaction()?;
    for step in &MIGRATIONS[start..] {
        tx.execute_batch(step)?;
    }
    tx.pragma_update(None, "user_version", known as i64)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_reopens() {
        let dir = tempfile::tempdir().expect("tempdir");
        let loc = DbLocation::File(dir.path().join("g.db"));
        drop(Store::open(&loc).expect("first open"));
        let store = Store::open(&loc).expect("reopen");
        let conn = store.conn.lock().expect("lock");
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(v, MIGRATIONS.len() as i64);
    }
}
