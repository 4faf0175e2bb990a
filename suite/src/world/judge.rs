//! Judging helpers of a World for payload rows: exchange state reads that keep the last response,
//! state-name comparison (C-04), timestamp sweeps (GW-ENV-05), inbox item lookup and channel snapshots.

use serde_json::Value;

use super::context::Actor;
use super::http::evidence;
use super::state::{Channel, Fail, HarpWorld, StepResult};
use crate::check::json as cj;
use crate::check::time::parse_rfc3339;
use crate::transport::WsFrame;

/// Members that hold gateway timestamps wherever they appear (GW-ENV-05).
pub const TIMESTAMP_KEYS: [&str; 7] = [
    "createdAt",
    "expiresAt",
    "withdrawnAt",
    "lastSeenAt",
    "ackAt",
    "decidedAt",
    "updatedAt",
];

/// Every timestamp member under `v` that is not a strict RFC 3339 date-time, as "pointer: why".
pub fn bad_timestamps(v: &Value) -> Vec<String> {
    let mut bad = Vec::new();
    for key in TIMESTAMP_KEYS {
        for ptr in cj::find_key(v, key) {
            match v.pointer(&ptr) {
                Some(Value::String(s)) => {
                    if let Err(e) = parse_rfc3339(s) {
                        bad.push(format!("{ptr}: {e}"));
                    }
                }
                Some(Value::Null) | None => {}
                Some(other) => bad.push(format!("{ptr}: not a string but {other}")),
            }
        }
    }
    bad
}

/// Compares a state read from the wire with an expected lowerCamel state under `status.state_casing`.
pub fn state_matches(got: &str, want: &str, casing: &str) -> bool {
    if casing == "lowerCamel" {
        return got == want;
    }
    got.eq_ignore_ascii_case(want)
        || (want == "pendingApproval" && got.eq_ignore_ascii_case("pending"))
}

impl HarpWorld {
    /// `GET /v1/exchanges/{r}` as E1, requiring 200, without changing the "last response".
    pub async fn read_status_quietly(&mut self, alias: &str) -> StepResult<Value> {
        let saved = (self.last.clone(), self.last_request.clone());
        let rid = self.ids.request_id(alias);
        let r = self
            .request(
                Some(Actor::E1),
                "GET",
                &format!("/v1/exchanges/{rid}"),
                None,
                vec![],
                None,
            )
            .await?;
        (self.last, self.last_request) = saved;
        if r.status != 200 {
            return Err(Fail::Target(format!(
                "expected 200 exchange.status for {rid}, got {}",
                evidence(&r)
            )));
        }
        r.json().map_err(Fail::Target)
    }

    /// Fails unless the exchange of `alias` is in `want` (a lowerCamel state name).
    pub async fn require_exchange_state(&mut self, alias: &str, want: &str) -> StepResult {
        let v = self.read_status_quietly(alias).await?;
        let casing = self.ctx().cfg.file.status.state_casing.clone();
        match v["body"]["state"].as_str() {
            Some(s) if state_matches(s, want, &casing) => Ok(()),
            other => Err(Fail::Target(format!(
                "expected exchange {} in state {want}, status says {other:?}",
                self.ids.request_id(alias)
            ))),
        }
    }

    /// The first item of `actor`'s inbox that belongs to `alias` (pages followed), or None.
    pub async fn inbox_item_for(&mut self, actor: Actor, alias: &str) -> StepResult<Option<Value>> {
        let rid = self.ids.request_id(alias);
        let id = self.identity(actor)?.id;
        let ptr = self.ctx().cfg.file.inbox.item_request_id_pointer.clone();
        let mut path = format!("/v1/approvers/{id}/inbox");
        for _ in 0..50 {
            let r = self
                .request(Some(actor), "GET", &path, None, vec![], None)
                .await?;
            if r.status != 200 {
                return Err(Fail::Target(format!(
                    "expected 200 from the inbox, got {}",
                    evidence(&r)
                )));
            }
            let v = r.json().map_err(Fail::Target)?;
            let items = v["body"]["items"].as_array().cloned().unwrap_or_default();
            if let Some(i) = items
                .into_iter()
                .find(|i| cj::pointer(i, &ptr).and_then(Value::as_str) == Some(rid.as_str()))
            {
                return Ok(Some(i));
            }
            match v["body"]["nextCursor"].as_str() {
                Some(c) if !c.is_empty() => {
                    let c: String = c
                        .bytes()
                        .map(|b| match b {
                            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                                (b as char).to_string()
                            }
                            _ => format!("%{b:02X}"),
                        })
                        .collect();
                    path = format!("/v1/approvers/{id}/inbox?cursor={c}");
                }
                _ => return Ok(None),
            }
        }
        Ok(None)
    }

    /// Every envelope of `msg_type` for `alias` received so far on `channel`.
    pub fn received_for_alias(
        &self,
        channel: &str,
        msg_type: &str,
        alias: &str,
    ) -> StepResult<Vec<Value>> {
        let rid = self.ids.request_id(alias);
        let ch = self.channels.get(channel).ok_or_else(|| {
            Fail::Harness(format!(
                "no channel named \"{channel}\" was opened in this scenario"
            ))
        })?;
        let texts: Vec<String> = match ch {
            Channel::Sse(c) => c.events.snapshot().into_iter().map(|e| e.data).collect(),
            Channel::Ws(c) => c
                .frames
                .snapshot()
                .into_iter()
                .filter_map(|f| match f {
                    WsFrame::Text(t) => Some(t.to_string()),
                    _ => None,
                })
                .collect(),
        };
        Ok(texts
            .iter()
            .filter_map(|t| serde_json::from_str::<Value>(t).ok())
            .filter(|v| v["msgType"] == msg_type && v["requestId"] == rid.as_str())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn timestamps_and_states() {
        let v = json!({"createdAt":"2026-02-24T10:00:00Z","body":{"items":[{"expiresAt":"2026-02-24 10:00:00"}],"ackAt":1}});
        let bad = bad_timestamps(&v);
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert!(state_matches("Pending", "pendingApproval", "any"));
        assert!(state_matches("DECIDED", "decided", "any"));
        assert!(!state_matches("Decided", "decided", "lowerCamel"));
    }
}
