//! Expiry: on read, by the reaper, and its consequences (no decisions, no 200 wait, conflicts).

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::fixtures::{artifact, at, decision, hash, rid};
use super::harness::{APP_A, ENF_A, Gateway, start};

fn short_lived(r: &str, h: &str, secs: i64) -> Value {
    let mut a = artifact(r, h);
    a["body"]["expiresAt"] = json!(at(secs));
    a
}

async fn stored_state(gw: &Gateway, r: &str) -> String {
    let r = r.to_owned();
    gw.state
        .store
        .call(move |c| {
            c.query_row(
                "SELECT state FROM exchanges WHERE request_id = ?1",
                [r],
                |row| row.get(0),
            )
        })
        .await
        .expect("query")
}

#[tokio::test]
async fn pending_exchange_expires_on_read_and_by_reaper() {
    let gw = start().await;
    let (r1, r2, h) = (rid(), rid(), hash());
    assert_eq!(
        gw.post("/v1/artifacts", ENF_A, &short_lived(&r1, &h, 1))
            .await
            .status,
        202
    );
    assert_eq!(
        gw.post("/v1/artifacts", ENF_A, &short_lived(&r2, &h, 1))
            .await
            .status,
        202
    );
    let s = gw.get(&format!("/v1/exchanges/{r1}"), ENF_A).await;
    assert_eq!(s.json["body"]["state"], "pendingApproval");
    tokio::time::sleep(Duration::from_millis(1400)).await;
    // The reaper (100 ms in tests) has moved it without any read.
    assert_eq!(stored_state(&gw, &r2).await, "expired");
    let s = gw.get(&format!("/v1/exchanges/{r1}"), ENF_A).await;
    assert_eq!(s.json["body"]["state"], "expired");
    let inbox = gw.get("/v1/approvers/approver-a/inbox", APP_A).await;
    assert_eq!(inbox.json["body"]["items"], json!([]));
    // No decision, no 200 from the long-poll, and the requestId stays taken.
    let d = gw
        .post("/v1/decisions", APP_A, &decision(&r1, &h, "n", "approve"))
        .await;
    assert_eq!(d.status, 409);
    assert_eq!(d.error_code(), "StateConflict");
    let w = gw
        .get(&format!("/v1/exchanges/{r1}/wait?timeout=1"), ENF_A)
        .await;
    assert_eq!(w.status, 409);
    let again = gw
        .post("/v1/artifacts", ENF_A, &short_lived(&r1, &hash(), 60))
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(again.error_code(), "AlreadyExistsConflict");
    assert_eq!(stored_state(&gw, &r1).await, "expired");
}

#[tokio::test]
async fn waiting_poll_ends_when_the_exchange_expires() {
    let gw = start().await;
    let r = rid();
    gw.post("/v1/artifacts", ENF_A, &short_lived(&r, &hash(), 1))
        .await;
    let t = Instant::now();
    let w = gw
        .get(&format!("/v1/exchanges/{r}/wait?timeout=10"), ENF_A)
        .await;
    assert_eq!(w.status, 409, "{}", w.text);
    assert!(t.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn decided_exchanges_never_expire() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &short_lived(&r, &h, 1))
        .await;
    assert_eq!(
        gw.post("/v1/decisions", APP_A, &decision(&r, &h, "n", "approve"))
            .await
            .status,
        200
    );
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let s = gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await;
    assert_eq!(s.json["body"]["state"], "decided");
    assert_eq!(s.json["body"]["decision"]["decision"], "approve");
    assert_eq!(
        gw.get(&format!("/v1/exchanges/{r}/wait?timeout=1"), ENF_A)
            .await
            .status,
        200
    );
}
