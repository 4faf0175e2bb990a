//! Pairing sessions in SQLite (initiate → resolve → complete) and the routing tokens they mint.
//! Codes are single-use and short-lived; sessions and tokens survive restarts.

use rusqlite::{Connection, ErrorCode, OptionalExtension, Row, params};

use super::models::Lookup;
use crate::auth::{Identity, Role};
use crate::clock::format_ms;

/// Length of a pairing code (A–Z, 0–9: about 41 bits).
pub const CODE_LEN: usize = 8;
const CODE_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// How often initiation retries when a fresh code collides with a stored one.
const CODE_ATTEMPTS: usize = 8;

/// What an enforcer submits to start pairing.
#[derive(Clone, Debug)]
pub struct NewPairing {
    pub tenant: String,
    pub enforcer_id: String,
    pub enforcer_label: Option<String>,
    pub workspace_name: Option<String>,
    pub public_key: Option<String>,
}

/// One stored pairing session.
#[derive(Clone, Debug)]
pub struct Session {
    pub nonce: String,
    pub code: String,
    pub tenant: String,
    pub enforcer_id: String,
    pub enforcer_label: Option<String>,
    pub workspace_name: Option<String>,
    pub public_key: Option<String>,
    pub expires_at: String,
    pub expires_ms: i64,
    pub completed: bool,
    pub approver_id: Option<String>,
    pub approver_public_key: Option<String>,
    pub routing_token: Option<String>,
}

impl Session {
    /// `enforcerLabel` as shown to approvers: the given label, else the enforcer id.
    pub fn label(&self) -> &str {
        self.enforcer_label.as_deref().unwrap_or(&self.enforcer_id)
    }
}

/// Outcome of `POST /v1/pairing/complete`.
#[derive(Debug)]
pub enum CompleteOutcome {
    /// Unknown nonce, another tenant's session, or expired before completion.
    NotFound,
    AlreadyCompleted,
    Completed(Box<Session>),
}

const SELECT: &str = "SELECT nonce, code, tenant, enforcer_id, enforcer_label, workspace_name, \
     public_key, expires_at, expires_ms, state, approver_id, approver_public_key, routing_token \
     FROM pairing_sessions";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Session> {
    Ok(Session {
        nonce: r.get(0)?,
        code: r.get(1)?,
        tenant: r.get(2)?,
        enforcer_id: r.get(3)?,
        enforcer_label: r.get(4)?,
        workspace_name: r.get(5)?,
        public_key: r.get(6)?,
        expires_at: r.get(7)?,
        expires_ms: r.get(8)?,
        completed: r.get::<_, String>(9)? == "completed",
        approver_id: r.get(10)?,
        approver_public_key: r.get(11)?,
        routing_token: r.get(12)?,
    })
}

/// A fresh pairing code from the thread CSPRNG (ChaCha, OS-seeded).
pub fn fresh_code() -> String {
    (0..CODE_LEN)
        .map(|_| char::from(CODE_ALPHABET[rand::random_range(0..CODE_ALPHABET.len())]))
        .collect()
}

/// A fresh 128-bit random identifier with `prefix` (nonces, routing tokens).
pub fn fresh_secret(prefix: &str) -> String {
    format!("{prefix}{:032x}", rand::random::<u128>())
}

/// Stores a new pending session expiring `ttl_ms` from `now`.
pub fn initiate(
    conn: &Connection,
    new: &NewPairing,
    ttl_ms: i64,
    now: i64,
) -> rusqlite::Result<Session> {
    let expires_ms = now.saturating_add(ttl_ms);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let (code, nonce) = (fresh_code(), fresh_secret("pn-"));
        let inserted = conn.execute(
            "INSERT INTO pairing_sessions (nonce, code, tenant, enforcer_id, enforcer_label, \
             workspace_name, public_key, created_at, expires_at, expires_ms, state) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'pending')",
            params![
                nonce,
                code,
                new.tenant,
                new.enforcer_id,
                new.enforcer_label,
                new.workspace_name,
                new.public_key,
                format_ms(now),
                format_ms(expires_ms),
                expires_ms
            ],
        );
        match inserted {
            Ok(_) => {
                return Ok(Session {
                    nonce,
                    code,
                    tenant: new.tenant.clone(),
                    enforcer_id: new.enforcer_id.clone(),
                    enforcer_label: new.enforcer_label.clone(),
                    workspace_name: new.workspace_name.clone(),
                    public_key: new.public_key.clone(),
                    expires_at: format_ms(expires_ms),
                    expires_ms,
                    completed: false,
                    approver_id: None,
                    approver_public_key: None,
                    routing_token: None,
                });
            }
            Err(e) if attempt < CODE_ATTEMPTS && is_unique_violation(&e) => continue,
            Err(e) => return Err(e),
        }
    }
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::ConstraintViolation)
}

/// The pending, unexpired session of `tenant` with `code`; used or expired codes resolve to none.
pub fn resolve(
    conn: &Connection,
    code: &str,
    tenant: &str,
    now: i64,
) -> rusqlite::Result<Option<Session>> {
    conn.query_row(
        &format!(
            "{SELECT} WHERE code = ?1 AND tenant = ?2 AND state = 'pending' AND expires_ms > ?3"
        ),
        params![code, tenant, now],
        from_row,
    )
    .optional()
}

/// The session `nonce` for its enforcer (admins may look too).
pub fn status(
    conn: &Connection,
    nonce: &str,
    caller: &Identity,
) -> rusqlite::Result<Lookup<Session>> {
    let Some(s) = conn
        .query_row(&format!("{SELECT} WHERE nonce = ?1"), [nonce], from_row)
        .optional()?
    else {
        return Ok(Lookup::NotFound);
    };
    let allowed = match caller.role {
        Role::Admin => true,
        Role::Enforcer => caller.id == s.enforcer_id && caller.tenant == s.tenant,
        Role::Approver => false,
    };
    Ok(if allowed {
        Lookup::Found(s)
    } else {
        Lookup::Forbidden
    })
}

/// Completes session `nonce` for `approver`, minting its routing token; once only.
pub fn complete(
    conn: &mut Connection,
    nonce: &str,
    approver: &Identity,
    approver_public_key: Option<&str>,
    now: i64,
) -> rusqlite::Result<CompleteOutcome> {
    let tx = conn.transaction()?;
    let found = tx
        .query_row(
            &format!("{SELECT} WHERE nonce = ?1 AND tenant = ?2"),
            params![nonce, approver.tenant],
            from_row,
        )
        .optional()?;
    let Some(mut s) = found else {
        return Ok(CompleteOutcome::NotFound);
    };
    if s.completed {
        return Ok(CompleteOutcome::AlreadyCompleted);
    }
    if s.expires_ms <= now {
        return Ok(CompleteOutcome::NotFound);
    }
    let token = fresh_secret("rt-");
    tx.execute(
        "UPDATE pairing_sessions SET state = 'completed', approver_id = ?2, \
         approver_public_key = ?3, routing_token = ?4, completed_at = ?5 WHERE nonce = ?1",
        params![
            nonce,
            approver.id,
            approver_public_key,
            token,
            format_ms(now)
        ],
    )?;
    tx.commit()?;
    s.completed = true;
    s.approver_id = Some(approver.id.clone());
    s.approver_public_key = approver_public_key.map(str::to_owned);
    s.routing_token = Some(token);
    Ok(CompleteOutcome::Completed(Box::new(s)))
}

/// The approver a routing token pairs `enforcer_id` (of `tenant`) with, if any.
pub fn route(
    conn: &Connection,
    token: &str,
    enforcer_id: &str,
    tenant: &str,
) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT approver_id FROM pairing_sessions WHERE routing_token = ?1 \
         AND enforcer_id = ?2 AND tenant = ?3 AND state = 'completed'",
        params![token, enforcer_id, tenant],
        |r| r.get(0),
    )
    .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_long_uppercase_alphanumeric_and_differ() {
        let a = fresh_code();
        assert_eq!(a.len(), CODE_LEN);
        assert!(a.bytes().all(|b| CODE_ALPHABET.contains(&b)), "{a}");
        let many: std::collections::HashSet<String> = (0..200).map(|_| fresh_code()).collect();
        assert_eq!(many.len(), 200);
        assert_ne!(fresh_secret("rt-"), fresh_secret("rt-"));
    }
}
