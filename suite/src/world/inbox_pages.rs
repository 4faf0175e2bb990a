//! Inbox traversal of a World: paging with an opaque cursor, finding the items of an alias
//! (`inbox.item_request_id_pointer`), and comparing an item with the submission (GW-INB-08).

use serde_json::Value;

use super::context::Actor;
use super::state::{Fail, HarpWorld, StepResult};
use crate::check::json as cj;

impl HarpWorld {
    /// Traverses `actor`'s inbox (`limit` per page if given), keeping every page in `chan.pages`.
    pub async fn page_inbox(&mut self, actor: Actor, limit: Option<usize>) -> StepResult {
        let id = self.identity(actor)?.id;
        self.chan.pages.clear();
        let mut cursor: Option<String> = None;
        for _ in 0..100 {
            let mut q: Vec<String> = limit.map(|l| format!("limit={l}")).into_iter().collect();
            if let Some(c) = &cursor {
                q.push(format!("cursor={}", urlencode(c)));
            }
            let q = if q.is_empty() {
                String::new()
            } else {
                format!("?{}", q.join("&"))
            };
            let path = format!("/v1/approvers/{id}/inbox{q}");
            let r = self
                .request(Some(actor), "GET", &path, None, vec![], None)
                .await?;
            if r.status != 200 {
                return Err(Fail::Target(format!(
                    "GW-INB-01: expected 200 from GET {path}, got {}",
                    super::http::evidence(&r)
                )));
            }
            let v = self.last_json()?;
            let next = v["body"]["nextCursor"].as_str().map(str::to_string);
            self.chan.pages.push(v);
            match next {
                Some(c) => cursor = Some(c),
                None => return Ok(()),
            }
        }
        Err(Fail::Target(
            "GW-INB-05: the inbox still returned a nextCursor after 100 pages".into(),
        ))
    }

    /// The inbox items of the last traversal that belong to `alias`.
    pub fn inbox_items_of(&self, alias: &str) -> Vec<Value> {
        let rid = self.ids.request_id(alias);
        let ptr = self.ctx().cfg.file.inbox.item_request_id_pointer.clone();
        self.chan
            .pages
            .iter()
            .flat_map(|p| p["body"]["items"].as_array().cloned().unwrap_or_default())
            .filter(|i| cj::pointer(i, &ptr).and_then(Value::as_str) == Some(rid.as_str()))
            .collect()
    }

    /// GW-INB-08: the inbox item of `alias` carries the submitted artifactHash and ciphertext data.
    pub fn expect_item_content(&mut self, alias: &str) -> StepResult {
        let items = self.inbox_items_of(alias);
        let rid = self.ids.request_id(alias);
        let item = items
            .first()
            .ok_or_else(|| Fail::Target(format!("GW-INB-03: no inbox item for {rid}")))?;
        let sent = self.submitted_body(alias)?;
        for (what, ptr) in [
            ("artifactHash", "/body/artifactHash"),
            ("ciphertext data", "/body/ciphertext/data"),
        ] {
            let want = sent
                .pointer(ptr)
                .and_then(Value::as_str)
                .unwrap_or_default();
            if cj::find_string_value(item, want).is_empty() {
                return Err(Fail::Target(format!(
                    "GW-INB-08: the inbox item for {rid} does not carry the submitted {what} unchanged: {}",
                    cj::brief(item)
                )));
            }
        }
        Ok(())
    }
}

/// Percent-encodes an opaque cursor for a query string.
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
