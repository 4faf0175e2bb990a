//! Restart durability: exchanges, inbox items, msgIds, decisions and acks survive on the same file.

use harp_gateway::config::DbLocation;

use super::fixtures::{ack, artifact_for, decision, hash, rid};
use super::harness::{APP_A, ENF_A, start_in};

#[tokio::test]
async fn state_survives_a_restart() {
    let dir = std::sync::Arc::new(tempfile::tempdir().expect("tempdir"));
    let db = DbLocation::File(dir.path().join("gateway.db"));
    let (pending, decided, h) = (rid(), rid(), hash());

    let gw = start_in(dir.clone(), |s| s.db = db.clone()).await;
    gw.post(
        "/v1/artifacts",
        ENF_A,
        &artifact_for(&pending, &h, "approver-a"),
    )
    .await;
    gw.post(
        "/v1/artifacts",
        ENF_A,
        &artifact_for(&decided, &h, "approver-a"),
    )
    .await;
    gw.post(
        "/v1/decisions",
        APP_A,
        &decision(&decided, &h, "n", "approve"),
    )
    .await;
    let before = gw.get("/v1/approvers/approver-a/inbox", APP_A).await;
    let deliver = gw
        .get(&format!("/v1/exchanges/{decided}/wait?timeout=1"), ENF_A)
        .await;
    let m = deliver.json["msgId"].as_str().expect("msgId").to_owned();
    assert_eq!(
        gw.post(
            "/v1/acks",
            ENF_A,
            &ack(&decided, &m, "enforcerId", "enforcer-a")
        )
        .await
        .status,
        200
    );
    gw.stop().await;

    let gw = start_in(dir.clone(), |s| s.db = db.clone()).await;
    let after = gw.get("/v1/approvers/approver-a/inbox", APP_A).await;
    assert_eq!(before.json["body"]["items"], after.json["body"]["items"]);
    assert_eq!(
        after.json["body"]["items"][0]["requestId"],
        pending.as_str()
    );
    let s = gw.get(&format!("/v1/exchanges/{decided}"), ENF_A).await;
    assert_eq!(s.json["body"]["state"], "delivered");
    let again = gw
        .get(&format!("/v1/exchanges/{decided}/wait?timeout=1"), ENF_A)
        .await;
    assert_eq!(
        again.json["msgId"],
        m.as_str(),
        "same decision.deliver msgId"
    );
    gw.stop().await;
}
