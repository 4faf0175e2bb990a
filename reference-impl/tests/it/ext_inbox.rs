//! Ext: the expired inbox and inbox-item deletion.

use serde_json::{Value, json};

use super::fixtures::{artifact, artifact_for, at, decision, hash, rid};
use super::harness::{APP_A, APP_B, ENF_A, Gateway, Resp, start};

async fn delete(gw: &Gateway, approver: &str, r: &str, cred: &str) -> Resp {
    let res = gw
        .client
        .delete(gw.url(&format!("/v1/approvers/{approver}/inbox/{r}")))
        .bearer_auth(cred)
        .send()
        .await
        .expect("delete");
    Resp::from(res).await
}

fn ids(page: &Resp) -> Vec<String> {
    page.json["body"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["requestId"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Submits an artifact for approver-a that expires in one second, and waits (long-poll, no
/// sleep) until it has expired.
async fn expired_exchange(gw: &Gateway, metadata: Value) -> String {
    let (r, h) = (rid(), hash());
    let mut a = artifact_for(&r, &h, "approver-a");
    a["body"]["metadata"] = metadata;
    a["body"]["expiresAt"] = json!(at(1));
    assert_eq!(gw.post("/v1/artifacts", ENF_A, &a).await.status, 202);
    let w = gw
        .get(&format!("/v1/exchanges/{r}/wait?timeout=5"), ENF_A)
        .await;
    assert_eq!(w.status, 409, "expired");
    r
}

#[tokio::test]
async fn expired_exchanges_move_to_the_expired_inbox_with_routing_keys_stripped() {
    let gw = start().await;
    let meta = json!({"routingToken": "rt-secret-value", "approverId": "approver-a",
        "tenantId": "tenant-1", "workspaceName": "airlock", "repoName": "harp-spec"});
    let expired = expired_exchange(&gw, meta).await;
    let (pending, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&pending, &h))
        .await;
    let (decided, h2) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&decided, &h2))
        .await;
    gw.post(
        "/v1/decisions",
        APP_A,
        &decision(&decided, &h2, "n", "approve"),
    )
    .await;

    let page = gw
        .get("/v1/approvers/approver-a/inbox/expired", APP_A)
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.content_type().starts_with("application/harp+json"));
    assert_eq!(page.json["msgType"], "inbox.page");
    assert_eq!(ids(&page), vec![expired.clone()]);
    assert_eq!(page.json["body"]["nextCursor"], Value::Null);
    let item = &page.json["body"]["items"][0];
    assert_eq!(item["status"], "Expired");
    assert_eq!(
        item["metadata"],
        json!({"workspaceName": "airlock", "repoName": "harp-spec"})
    );
    assert!(!page.text.contains("rt-secret-value") && !page.text.contains("tenantId"));
    let active = gw.get("/v1/approvers/approver-a/inbox", APP_A).await;
    assert!(!ids(&active).contains(&expired));
    assert!(ids(&active).contains(&pending));
    // Another approver's expired inbox, paging parameters and access rules.
    let other = gw
        .get("/v1/approvers/approver-b/inbox/expired", APP_B)
        .await;
    assert_eq!(other.json["body"]["items"], json!([]));
    let bad = gw
        .get("/v1/approvers/approver-a/inbox/expired?limit=0", APP_A)
        .await;
    assert_eq!((bad.status, bad.error_code()), (400, "InvalidParameter"));
    let foreign = gw
        .get("/v1/approvers/approver-a/inbox/expired", APP_B)
        .await;
    assert_eq!(foreign.status, 403);
}

#[tokio::test]
async fn expired_inbox_pages_with_cursors() {
    let gw = start().await;
    let mut all = Vec::new();
    for _ in 0..3 {
        let (r, h) = (rid(), hash());
        let mut a = artifact_for(&r, &h, "approver-a");
        a["body"]["expiresAt"] = json!(at(1));
        gw.post("/v1/artifacts", ENF_A, &a).await;
        all.push(r);
    }
    let last = all.last().expect("three").clone();
    let w = gw
        .get(&format!("/v1/exchanges/{last}/wait?timeout=5"), ENF_A)
        .await;
    assert_eq!(w.status, 409);
    let first = gw
        .get("/v1/approvers/approver-a/inbox/expired?limit=2", APP_A)
        .await;
    assert_eq!(ids(&first).len(), 2);
    let cursor = first.json["body"]["nextCursor"].as_str().expect("cursor");
    let second = gw
        .get(
            &format!("/v1/approvers/approver-a/inbox/expired?limit=2&cursor={cursor}"),
            APP_A,
        )
        .await;
    assert_eq!(second.json["body"]["nextCursor"], Value::Null);
    let mut seen = ids(&first);
    seen.extend(ids(&second));
    assert_eq!(seen, all);
}

#[tokio::test]
async fn deleting_an_item_is_204_once_then_404() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    let res = delete(&gw, "approver-a", &r, APP_A).await;
    assert_eq!(res.status, 204);
    assert!(res.text.is_empty());
    assert!(!ids(&gw.get("/v1/approvers/approver-a/inbox", APP_A).await).contains(&r));
    // Only that approver's listing changes; the exchange stays pending (C-39).
    assert!(ids(&gw.get("/v1/approvers/approver-b/inbox", APP_B).await).contains(&r));
    let s = gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await;
    assert_eq!(s.json["body"]["state"], "pendingApproval");
    let again = delete(&gw, "approver-a", &r, APP_A).await;
    assert_eq!((again.status, again.error_code()), (404, "NotFound"));
    let unknown = delete(&gw, "approver-a", &rid(), APP_A).await;
    assert_eq!((unknown.status, unknown.error_code()), (404, "NotFound"));
    let foreign = delete(&gw, "approver-b", &r, APP_A).await;
    assert_eq!(foreign.status, 403);
    let enforcer = delete(&gw, "approver-b", &r, ENF_A).await;
    assert_eq!(enforcer.status, 403);
}

#[tokio::test]
async fn a_deleted_item_is_not_redelivered_on_connect() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact_for(&r, &h, "approver-a"))
        .await;
    assert_eq!(delete(&gw, "approver-a", &r, APP_A).await.status, 204);
    let (r2, h2) = (rid(), hash());
    gw.post(
        "/v1/artifacts",
        ENF_A,
        &artifact_for(&r2, &h2, "approver-a"),
    )
    .await;
    let mut sse = super::streams::Sse::open(&gw, "/v1/sse/approvers/approver-a", APP_A).await;
    let first = sse.next(super::streams::ARRIVE).await.expect("backlog");
    assert_eq!(first.json()["requestId"], r2.as_str());
}
