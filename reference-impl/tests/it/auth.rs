//! Authentication (401 before any body is read) and authorization (403) rules.

use serde_json::json;

use super::fixtures::{ack, artifact, decision, hash, rid};
use super::harness::{ADMIN, APP_A, APP_X, ENF_A, ENF_B, ENF_X, Resp, start};
use super::streams::Sse;

#[tokio::test]
async fn missing_or_invalid_credentials_are_401_everywhere() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    assert_eq!(
        gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h))
            .await
            .status,
        202
    );
    let posts = [
        ("/v1/artifacts", artifact(&r, &hash()).to_string()),
        ("/v1/artifacts", "{malformed".to_owned()),
        (
            "/v1/decisions",
            decision(&r, &h, "n", "approve").to_string(),
        ),
        (
            "/v1/acks",
            ack(&r, "m", "enforcerId", "enforcer-a").to_string(),
        ),
    ];
    for cred in [
        None,
        Some("Bearer nope"),
        Some("Basic ZTpl"),
        Some("Bearer "),
    ] {
        for (path, body) in &posts {
            let mut req = gw
                .client
                .post(gw.url(path))
                .header("content-type", "application/harp+json")
                .body(body.clone());
            if let Some(c) = cred {
                req = req.header("authorization", c);
            }
            let res = Resp::from(req.send().await.expect("send")).await;
            assert_eq!(res.status, 401, "{path} {cred:?}");
            assert_eq!(res.error_code(), "Unauthorized");
        }
        for path in [
            format!("/v1/exchanges/{r}"),
            format!("/v1/exchanges/{r}/wait?timeout=1"),
            "/v1/approvers/approver-a/inbox".to_owned(),
            "/v1/sse/approvers/approver-a".to_owned(),
            "/v1/sse/enforcers/enforcer-a".to_owned(),
            "/v1/ws?role=enforcer&id=enforcer-a".to_owned(),
        ] {
            let mut req = gw.client.get(gw.url(&path));
            if let Some(c) = cred {
                req = req.header("authorization", c);
            }
            assert_eq!(
                req.send().await.expect("send").status().as_u16(),
                401,
                "{path}"
            );
        }
    }
    // The conflicting artifact was never processed.
    let s = gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await;
    assert_eq!(s.json["body"]["artifactHash"], h.as_str());
}

#[tokio::test]
async fn access_token_query_works_for_streams() {
    let gw = start().await;
    let res = gw
        .client
        .get(gw.url(&format!(
            "/v1/sse/approvers/approver-a?access_token={APP_A}"
        )))
        .send()
        .await
        .expect("sse");
    assert_eq!(res.status().as_u16(), 200);
}

#[tokio::test]
async fn role_and_principal_rules_are_403() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    assert_eq!(
        gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h))
            .await
            .status,
        202
    );
    let forbidden = [
        gw.post("/v1/artifacts", APP_A, &artifact(&rid(), &hash()))
            .await,
        gw.post("/v1/decisions", ENF_A, &decision(&r, &h, "n", "approve"))
            .await,
        gw.get("/v1/approvers/approver-a/inbox", ENF_A).await,
        gw.get("/v1/approvers/approver-b/inbox", APP_A).await,
        gw.get(&format!("/v1/exchanges/{r}"), ENF_B).await,
        gw.get(&format!("/v1/exchanges/{r}/wait?timeout=1"), ENF_B)
            .await,
        gw.get(&format!("/v1/exchanges/{r}"), APP_X).await,
        gw.get(&format!("/v1/exchanges/{r}"), ENF_X).await,
        gw.post("/v1/acks", ADMIN, &ack(&r, "m", "enforcerId", "root"))
            .await,
    ];
    for res in forbidden {
        assert_eq!(res.status, 403, "{}", res.text);
        assert_eq!(res.error_code(), "Forbidden");
    }
    // sender must be the authenticated principal.
    let mut spoofed = artifact(&rid(), &hash());
    spoofed["sender"]["enforcerId"] = json!("enforcer-b");
    assert_eq!(gw.post("/v1/artifacts", ENF_A, &spoofed).await.status, 403);
    let mut spoofed = decision(&r, &h, "n", "approve");
    spoofed["sender"]["approverId"] = json!("approver-b");
    assert_eq!(gw.post("/v1/decisions", APP_A, &spoofed).await.status, 403);
    // Another tenant's approver cannot decide.
    let mut foreign = decision(&r, &h, "n", "approve");
    foreign["sender"]["approverId"] = json!("approver-x");
    assert_eq!(gw.post("/v1/decisions", APP_X, &foreign).await.status, 403);
    // Streams of someone else.
    assert_eq!(
        Sse::open(&gw, "/v1/sse/approvers/approver-b", APP_A)
            .await
            .status,
        403
    );
    assert_eq!(
        Sse::open(&gw, "/v1/sse/enforcers/enforcer-a", ENF_B)
            .await
            .status,
        403
    );
    // Allowed: approvers of the tenant read status; admins read anything.
    assert_eq!(
        gw.get(&format!("/v1/exchanges/{r}"), APP_A).await.status,
        200
    );
    assert_eq!(
        gw.get(&format!("/v1/exchanges/{r}"), ADMIN).await.status,
        200
    );
    assert_eq!(
        gw.get("/v1/approvers/approver-a/inbox", ADMIN).await.status,
        200
    );
    let s = gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await;
    assert_eq!(s.json["body"]["state"], "pendingApproval");
}
