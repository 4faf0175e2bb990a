//! `GET /v1/approvers/{approverId}/inbox`: paging, empty inbox, parameters, pending-only.

use std::collections::HashSet;

use super::fixtures::{artifact_for, decision, hash, rid};
use super::harness::{APP_A, APP_B, ENF_A, start};

#[tokio::test]
async fn five_items_in_pages_of_two() {
    let gw = start().await;
    let mut ids = HashSet::new();
    for _ in 0..5 {
        let r = rid();
        let res = gw
            .post(
                "/v1/artifacts",
                ENF_A,
                &artifact_for(&r, &hash(), "approver-a"),
            )
            .await;
        assert_eq!(res.status, 202);
        ids.insert(r);
    }
    let mut seen = HashSet::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/approvers/approver-a/inbox?limit=2&cursor={c}"),
            None => "/v1/approvers/approver-a/inbox?limit=2".into(),
        };
        let page = gw.get(&path, APP_A).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.json["msgType"], "inbox.page");
        let body = page.json["body"].as_object().expect("body");
        assert_eq!(body.len(), 2, "items and nextCursor only");
        let items = body["items"].as_array().expect("items");
        assert!(items.len() <= 2);
        for item in items {
            assert_eq!(item["status"], "Pending");
            assert!(seen.insert(item["requestId"].as_str().expect("id").to_owned()));
        }
        pages += 1;
        match body["nextCursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ids);
}

#[tokio::test]
async fn empty_inbox_and_bad_parameters() {
    let gw = start().await;
    let empty = gw.get("/v1/approvers/approver-b/inbox", APP_B).await;
    assert_eq!(empty.status, 200);
    assert_eq!(empty.json["body"]["items"], serde_json::json!([]));
    assert!(empty.json["body"]["nextCursor"].is_null());
    for q in [
        "limit=0",
        "limit=-1",
        "limit=abc",
        "cursor=%25garbage",
        "cursor=Zm9v",
    ] {
        let res = gw
            .get(&format!("/v1/approvers/approver-b/inbox?{q}"), APP_B)
            .await;
        assert_eq!(res.status, 400, "{q}");
        assert_eq!(res.error_code(), "InvalidParameter");
    }
    assert_eq!(
        gw.get("/v1/approvers/approver-b/inbox?limit=1000", APP_B)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn decided_items_leave_the_inbox() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact_for(&r, &h, "approver-a"))
        .await;
    let before = gw.get("/v1/approvers/approver-a/inbox", APP_A).await;
    assert_eq!(
        before.json["body"]["items"].as_array().map(Vec::len),
        Some(1)
    );
    gw.post("/v1/decisions", APP_A, &decision(&r, &h, "n", "approve"))
        .await;
    let after = gw.get("/v1/approvers/approver-a/inbox", APP_A).await;
    assert_eq!(
        after.json["body"]["items"].as_array().map(Vec::len),
        Some(0)
    );
}
