//! Ext: pairing (initiate → resolve → complete, status), single use, TTL, routing by the minted
//! token, and durability of pairing and withdrawal across a restart.

use std::time::Duration;

use harp_gateway::clock;
use harp_gateway::config::DbLocation;
use serde_json::{Value, json};

use super::fixtures::{artifact, hash, rid};
use super::harness::{
    APP_A, APP_B, APP_X, ENF_A, ENF_B, Gateway, Resp, start, start_in, start_with,
};

fn initiate_request() -> Value {
    json!({"enforcerId": "enforcer-a", "enforcerLabel": "Antigravity",
        "workspaceName": "airlock", "publicKey": "BASE64URL_PUBLIC_KEY_PLACEHOLDER"})
}

fn complete_request(nonce: &str) -> Value {
    json!({"nonce": nonce, "approverId": "approver-a",
        "publicKey": "BASE64URL_APPROVER_PUBLIC_KEY_PLACEHOLDER"})
}

async fn post_json(gw: &Gateway, path: &str, cred: &str, body: &Value) -> Resp {
    let res = gw
        .client
        .post(gw.url(path))
        .bearer_auth(cred)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("post");
    Resp::from(res).await
}

fn inbox_ids(page: &Resp) -> Vec<String> {
    page.json["body"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["requestId"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Runs initiate, resolve and complete; returns (code, nonce, routingToken).
async fn pair(gw: &Gateway) -> (String, String, String) {
    let init = post_json(gw, "/v1/pairing/initiate", ENF_A, &initiate_request()).await;
    assert_eq!(init.status, 200, "{}", init.text);
    let code = init.json["code"].as_str().expect("code").to_owned();
    let nonce = init.json["nonce"].as_str().expect("nonce").to_owned();
    let done = post_json(gw, "/v1/pairing/complete", APP_A, &complete_request(&nonce)).await;
    assert_eq!(done.status, 200, "{}", done.text);
    let token = done.json["routingToken"]
        .as_str()
        .expect("token")
        .to_owned();
    (code, nonce, token)
}

#[tokio::test]
async fn the_pairing_flow_mints_a_token_that_routes_to_the_approver() {
    let gw = start().await;
    let init = post_json(&gw, "/v1/pairing/initiate", ENF_A, &initiate_request()).await;
    assert_eq!(init.status, 200, "{}", init.text);
    assert!(init.content_type().starts_with("application/json"));
    let code = init.json["code"].as_str().expect("code").to_owned();
    assert!(
        code.len() >= 8
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    );
    let nonce = init.json["nonce"].as_str().expect("nonce").to_owned();
    let expires =
        clock::parse_rfc3339(init.json["expiresAt"].as_str().expect("expiresAt")).expect("rfc3339");
    let now = clock::now_ms();
    assert!(expires.ms > now && expires.ms <= now + 600_000 + 1000);
    let status = gw.get(&format!("/v1/pairing/{nonce}/status"), ENF_A).await;
    assert_eq!(status.json["state"], "pending");
    assert!(status.json.get("routingToken").is_none());

    let resolved = gw.get(&format!("/v1/pairing/resolve/{code}"), APP_A).await;
    assert_eq!(resolved.status, 200);
    assert_eq!(resolved.json["nonce"], nonce.as_str());
    assert_eq!(resolved.json["enforcerLabel"], "Antigravity");
    assert_eq!(
        resolved.json["publicKey"],
        "BASE64URL_PUBLIC_KEY_PLACEHOLDER"
    );
    assert_eq!(resolved.json["workspaceName"], "airlock");

    let done = post_json(
        &gw,
        "/v1/pairing/complete",
        APP_A,
        &complete_request(&nonce),
    )
    .await;
    assert_eq!(done.status, 200);
    let token = done.json["routingToken"]
        .as_str()
        .expect("token")
        .to_owned();
    assert!(!token.is_empty());
    assert_eq!(done.json["enforcerLabel"], "Antigravity");
    assert_eq!(done.json["workspaceName"], "airlock");
    let status = gw.get(&format!("/v1/pairing/{nonce}/status"), ENF_A).await;
    assert_eq!(status.json["state"], "completed");
    assert_eq!(status.json["routingToken"], token.as_str());

    // Single use: the code no longer resolves and a second completion conflicts.
    let again = gw.get(&format!("/v1/pairing/resolve/{code}"), APP_A).await;
    assert_eq!((again.status, again.error_code()), (404, "NotFound"));
    let twice = post_json(
        &gw,
        "/v1/pairing/complete",
        APP_A,
        &complete_request(&nonce),
    )
    .await;
    assert_eq!((twice.status, twice.error_code()), (409, "StateConflict"));

    // The token routes to approver-a only, and never reaches it.
    let (r, h) = (rid(), hash());
    let mut a = artifact(&r, &h);
    a["body"]["metadata"] = json!({"routingToken": token, "workspaceName": "airlock"});
    assert_eq!(gw.post("/v1/artifacts", ENF_A, &a).await.status, 202);
    let inbox_a = gw.get("/v1/approvers/approver-a/inbox", APP_A).await;
    assert!(inbox_ids(&inbox_a).contains(&r));
    assert!(!inbox_a.text.contains(&token) && !inbox_a.text.contains("routingToken"));
    let inbox_b = gw.get("/v1/approvers/approver-b/inbox", APP_B).await;
    assert!(!inbox_ids(&inbox_b).contains(&r));
    // Another enforcer's artifact with that token is not routed by it (tenant-wide default).
    let (r2, h2) = (rid(), hash());
    let mut b = artifact(&r2, &h2);
    b["sender"]["enforcerId"] = json!("enforcer-b");
    b["body"]["metadata"] = json!({"routingToken": token});
    assert_eq!(gw.post("/v1/artifacts", ENF_B, &b).await.status, 202);
    let inbox_b = gw.get("/v1/approvers/approver-b/inbox", APP_B).await;
    assert!(inbox_ids(&inbox_b).contains(&r2));
}

#[tokio::test]
async fn pairing_inputs_callers_and_unknowns() {
    let gw = start().await;
    let no_id = post_json(
        &gw,
        "/v1/pairing/initiate",
        ENF_A,
        &json!({"enforcerLabel": "x"}),
    )
    .await;
    assert_eq!((no_id.status, no_id.error_code()), (400, "ValidationError"));
    let not_me = post_json(
        &gw,
        "/v1/pairing/initiate",
        ENF_A,
        &json!({"enforcerId": "enforcer-b"}),
    )
    .await;
    assert_eq!(not_me.status, 403);
    let approver = post_json(&gw, "/v1/pairing/initiate", APP_A, &initiate_request()).await;
    assert_eq!(approver.status, 403);
    let a = post_json(
        &gw,
        "/v1/pairing/initiate",
        ENF_A,
        &json!({"enforcerId": "enforcer-a"}),
    )
    .await;
    let b = post_json(&gw, "/v1/pairing/initiate", ENF_A, &initiate_request()).await;
    assert_ne!(a.json["code"], b.json["code"]);
    assert_ne!(a.json["nonce"], b.json["nonce"]);
    // Without a label, the enforcer id stands in; no publicKey, none shown.
    let code_a = a.json["code"].as_str().expect("code");
    let resolved = gw
        .get(&format!("/v1/pairing/resolve/{code_a}"), APP_A)
        .await;
    assert_eq!(resolved.json["enforcerLabel"], "enforcer-a");
    assert!(resolved.json.get("publicKey").is_none());
    // Other tenants do not see the code; enforcers do not resolve.
    assert_eq!(
        gw.get(&format!("/v1/pairing/resolve/{code_a}"), APP_X)
            .await
            .status,
        404
    );
    assert_eq!(
        gw.get(&format!("/v1/pairing/resolve/{code_a}"), ENF_A)
            .await
            .status,
        403
    );
    let unknown = gw.get("/v1/pairing/resolve/ZZZZZZZZ", APP_A).await;
    assert_eq!((unknown.status, unknown.error_code()), (404, "NotFound"));
    let nonce = a.json["nonce"].as_str().expect("nonce");
    assert_eq!(
        gw.get(&format!("/v1/pairing/{nonce}/status"), ENF_B)
            .await
            .status,
        403
    );
    assert_eq!(
        gw.get("/v1/pairing/pn-unknown/status", ENF_A).await.status,
        404
    );
    for body in [json!({"approverId": "approver-a"}), json!({"nonce": nonce})] {
        let res = post_json(&gw, "/v1/pairing/complete", APP_A, &body).await;
        assert_eq!(
            (res.status, res.error_code()),
            (400, "ValidationError"),
            "{body}"
        );
    }
    let missing = post_json(
        &gw,
        "/v1/pairing/complete",
        APP_A,
        &complete_request("pn-nope"),
    )
    .await;
    assert_eq!((missing.status, missing.error_code()), (404, "NotFound"));
    assert!(!missing.text.contains("routingToken"));
    let as_other = post_json(
        &gw,
        "/v1/pairing/complete",
        APP_A,
        &json!({"nonce": nonce, "approverId": "approver-b"}),
    )
    .await;
    assert_eq!(as_other.status, 403);
    let cross = post_json(
        &gw,
        "/v1/pairing/complete",
        APP_X,
        &json!({"nonce": nonce, "approverId": "approver-x"}),
    )
    .await;
    assert_eq!(cross.status, 404);
    let text = gw
        .client
        .post(gw.url("/v1/pairing/initiate"))
        .bearer_auth(ENF_A)
        .header("content-type", "text/plain")
        .body("enforcerId=enforcer-a")
        .send()
        .await
        .expect("post");
    assert_eq!(text.status().as_u16(), 415);
}

#[tokio::test]
async fn codes_expire_after_the_pairing_ttl() {
    let gw = start_with(|s| s.ext.pairing_ttl = Duration::from_millis(300)).await;
    let init = post_json(&gw, "/v1/pairing/initiate", ENF_A, &initiate_request()).await;
    let code = init.json["code"].as_str().expect("code").to_owned();
    let nonce = init.json["nonce"].as_str().expect("nonce").to_owned();
    let expires = clock::parse_rfc3339(init.json["expiresAt"].as_str().expect("at")).expect("at");
    assert!(expires.ms <= clock::now_ms() + 300);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while gw
        .get(&format!("/v1/pairing/resolve/{code}"), APP_A)
        .await
        .status
        != 404
    {
        assert!(tokio::time::Instant::now() < deadline, "code never expired");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let late = post_json(
        &gw,
        "/v1/pairing/complete",
        APP_A,
        &complete_request(&nonce),
    )
    .await;
    assert_eq!(late.status, 404);
    assert!(late.json["body"].get("routingToken").is_none());
    let status = gw.get(&format!("/v1/pairing/{nonce}/status"), ENF_A).await;
    assert_eq!(status.json["state"], "expired");
}

#[tokio::test]
async fn pairing_and_withdrawal_survive_a_restart() {
    let dir = std::sync::Arc::new(tempfile::tempdir().expect("tempdir"));
    let db = DbLocation::File(dir.path().join("gateway.db"));
    let gw = start_in(dir.clone(), |s| s.db = db.clone()).await;
    let (code, nonce, token) = pair(&gw).await;
    let (w, h) = (rid(), hash());
    gw.post("/v1/artifacts", ENF_A, &artifact(&w, &h)).await;
    let res = gw
        .client
        .post(gw.url(&format!("/v1/exchanges/{w}/withdraw")))
        .bearer_auth(ENF_A)
        .send()
        .await
        .expect("withdraw");
    assert_eq!(res.status().as_u16(), 200);
    gw.stop().await;

    let gw = start_in(dir.clone(), |s| s.db = db.clone()).await;
    let s = gw.get(&format!("/v1/exchanges/{w}"), ENF_A).await;
    assert_eq!(s.json["body"]["state"], "withdrawn");
    let status = gw.get(&format!("/v1/pairing/{nonce}/status"), ENF_A).await;
    assert_eq!(status.json["state"], "completed");
    assert_eq!(status.json["routingToken"], token.as_str());
    assert_eq!(
        gw.get(&format!("/v1/pairing/resolve/{code}"), APP_A)
            .await
            .status,
        404
    );
    let twice = post_json(
        &gw,
        "/v1/pairing/complete",
        APP_A,
        &complete_request(&nonce),
    )
    .await;
    assert_eq!(twice.status, 409);
    let (r, h) = (rid(), hash());
    let mut a = artifact(&r, &h);
    a["body"]["metadata"] = json!({"routingToken": token});
    gw.post("/v1/artifacts", ENF_A, &a).await;
    assert!(!inbox_ids(&gw.get("/v1/approvers/approver-b/inbox", APP_B).await).contains(&r));
    assert!(inbox_ids(&gw.get("/v1/approvers/approver-a/inbox", APP_A).await).contains(&r));
    gw.stop().await;
}
