//! `POST /v1/artifacts`: acceptance, idempotency, conflicts, validation, 415/422.

use serde_json::{Value, json};

use super::fixtures::{artifact, at, hash, rid};
use super::harness::{APP_A, APP_B, ENF_A, start};

/// One change applied to a valid artifact.
type Mutation = Box<dyn Fn(&mut Value)>;

#[tokio::test]
async fn accepted_then_idempotent_resubmit() {
    let gw = start().await;
    let (r, h) = (rid(), hash());
    let first = gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h)).await;
    assert_eq!(first.status, 202, "{}", first.text);
    assert_eq!(first.json["msgType"], "artifact.accepted");
    assert_eq!(first.json["requestId"], r.as_str());
    assert!(first.content_type().starts_with("application/harp+json"));
    assert_eq!(first.json["sender"]["gatewayId"], "harp-gateway");
    let inbox1 = gw.get("/v1/approvers/approver-a/inbox", APP_A).await;
    // Resubmission with the same key but other ciphertext: success, nothing changes (GW-IDEM-05).
    let mut again = artifact(&r, &h);
    again["body"]["ciphertext"]["data"] = json!("T1RIRVI=");
    let second = gw.post("/v1/artifacts", ENF_A, &again).await;
    assert_eq!(second.status, 202, "{}", second.text);
    assert_ne!(
        first.json["msgId"], second.json["msgId"],
        "every reply has its own msgId"
    );
    let inbox2 = gw.get("/v1/approvers/approver-a/inbox", APP_A).await;
    assert_eq!(inbox1.json["body"]["items"], inbox2.json["body"]["items"]);
    let items = inbox2.json["body"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["ciphertext"]["data"], "QkFTRTY0X0NJUEhFUlRFWFQ=");
    // Tenant-wide routing: approver-b got its own item with its own msgId.
    let other = gw.get("/v1/approvers/approver-b/inbox", APP_B).await;
    let b_items = other.json["body"]["items"].as_array().expect("items");
    assert_eq!(b_items.len(), 1);
    assert_ne!(b_items[0]["msgId"], items[0]["msgId"]);
}

#[tokio::test]
async fn conflicting_hash_is_409_and_keeps_original() {
    let gw = start().await;
    let (r, h1) = (rid(), hash());
    assert_eq!(
        gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h1))
            .await
            .status,
        202
    );
    let conflict = gw
        .post("/v1/artifacts", ENF_A, &artifact(&r, &hash()))
        .await;
    assert_eq!(conflict.status, 409);
    assert_eq!(conflict.error_code(), "AlreadyExistsConflict");
    assert_eq!(conflict.json["body"]["requestId"], r.as_str());
    assert_eq!(conflict.json["requestId"], r.as_str());
    let status = gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await;
    assert_eq!(status.json["body"]["artifactHash"], h1.as_str());
    assert_eq!(status.json["body"]["state"], "pendingApproval");
}

/// Applies `f` to a valid artifact and expects 400 with `code`, and no exchange.
async fn expect_400(f: impl FnOnce(&mut Value), code: &str) {
    let gw = start().await;
    let r = rid();
    let mut a = artifact(&r, &hash());
    f(&mut a);
    let res = gw.post("/v1/artifacts", ENF_A, &a).await;
    assert_eq!(res.status, 400, "{a} -> {}", res.text);
    assert_eq!(res.error_code(), code, "{a}");
    assert_eq!(
        gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await.status,
        404
    );
}

fn remove(v: &mut Value, path: &[&str]) {
    let (last, parents) = path.split_last().expect("path");
    let mut cur = v;
    for p in parents {
        cur = &mut cur[*p];
    }
    cur.as_object_mut().expect("object").remove(*last);
}

#[tokio::test]
async fn validation_errors_are_400() {
    let missing: &[&[&str]] = &[
        &["msgType"],
        &["requestId"],
        &["createdAt"],
        &["sender"],
        &["body"],
        &["sender", "enforcerId"],
        &["body", "artifactType"],
        &["body", "artifactHash"],
        &["body", "ciphertext"],
        &["body", "ciphertext", "alg"],
        &["body", "ciphertext", "data"],
        &["body", "expiresAt"],
    ];
    for path in missing {
        expect_400(|a| remove(a, path), "ValidationError").await;
    }
    let bad: Vec<Mutation> = vec![
        Box::new(|a| a["msgType"] = json!("decision.submit")),
        Box::new(|a| a["msgType"] = json!("foo.bar")),
        Box::new(|a| a["msgType"] = json!("")),
        Box::new(|a| a["requestId"] = json!(123)),
        Box::new(|a| a["requestId"] = json!("")),
        Box::new(|a| a["msgId"] = json!("")),
        Box::new(|a| a["createdAt"] = json!("2026-02-24 10:00:00")),
        Box::new(|a| a["createdAt"] = json!(1_700_000_000)),
        Box::new(|a| a["body"]["expiresAt"] = json!("tomorrow")),
        Box::new(|a| a["sender"] = json!("enforcer-a")),
        Box::new(|a| a["sender"]["enforcerId"] = json!("")),
        Box::new(|a| a["sender"]["actor"] = json!("x")),
        Box::new(|a| a["harpVersion"] = json!("0.2")),
        Box::new(|a| a["body"] = json!([])),
        Box::new(|a| a["body"]["extra"] = json!(1)),
        Box::new(|a| a["body"]["artifactType"] = json!("")),
        Box::new(|a| a["body"]["artifactHash"] = json!("")),
        Box::new(|a| a["body"]["ciphertext"] = json!("x")),
        Box::new(|a| a["body"]["ciphertext"]["alg"] = json!(42)),
        Box::new(|a| a["body"]["metadata"] = json!("x")),
        Box::new(|a| a["recipient"] = json!({"deviceId": "d"})),
    ];
    for f in bad {
        expect_400(f, "ValidationError").await;
    }
}

#[tokio::test]
async fn malformed_bodies_are_400_never_5xx() {
    let gw = start().await;
    let valid = artifact(&rid(), &hash()).to_string();
    let cases: Vec<Vec<u8>> = vec![
        valid.as_bytes()[..valid.len() / 2].to_vec(),
        valid.as_bytes()[..valid.len() - 1].to_vec(),
        b"{\"a\":1,}".to_vec(),
        b"{'a':1}".to_vec(),
        b"{a:1}".to_vec(),
        b"{\"a\":NaN}".to_vec(),
        b"{\"a\":\"\xC3\x28\"}".to_vec(),
        b"{\"a\":\"\\ud800\"}".to_vec(),
        b"".to_vec(),
        "[".repeat(10_000).into_bytes(),
    ];
    for body in cases {
        let res = gw.post_raw("/v1/artifacts", ENF_A, body).await;
        assert_eq!(res.status, 400, "{}", res.text);
        assert_eq!(res.error_code(), "InvalidJson");
    }
    for top in ["[]", "\"x\"", "1", "null"] {
        let res = gw.post_raw("/v1/artifacts", ENF_A, top.into()).await;
        assert_eq!(res.status, 400);
        assert_eq!(res.error_code(), "ValidationError");
    }
}

#[tokio::test]
async fn optional_members_and_vector_shape_are_accepted() {
    let gw = start().await;
    let mut a = artifact(&rid(), &hash());
    a["msgId"] = json!("client-msg-1");
    a["expiresAt"] = json!(at(600));
    a["recipient"] = json!({"approverId": "approver-a"});
    a["trace"] = json!({"traceId": "t"});
    a["body"]["ciphertext"] =
        json!({"alg": "A", "data": "B", "nonce": "n", "tag": "t", "aad": "a", "kid": "vendor"});
    let res = gw.post("/v1/artifacts", ENF_A, &a).await;
    assert_eq!(res.status, 202, "{}", res.text);
    // TV/01 as given, with fresh ids and times (and its routing token).
    let mut tv: Value = serde_json::from_str(include_str!("tv01.json")).expect("vector");
    tv["requestId"] = json!(rid());
    tv["createdAt"] = json!(at(0));
    tv["sender"]["enforcerId"] = json!("enforcer-a");
    tv["body"]["expiresAt"] = json!(at(600));
    let res = gw.post("/v1/artifacts", ENF_A, &tv).await;
    assert_eq!(res.status, 202, "{}", res.text);
}

#[tokio::test]
async fn media_types() {
    let gw = start().await;
    let body = artifact(&rid(), &hash()).to_string();
    for ct in [
        Some("text/plain"),
        Some("application/xml"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut req = gw
            .client
            .post(gw.url("/v1/artifacts"))
            .bearer_auth(ENF_A)
            .body(body.clone());
        if let Some(ct) = ct {
            req = req.header("content-type", ct);
        }
        let res = super::harness::Resp::from(req.send().await.expect("send")).await;
        assert_eq!(res.status, 415, "{ct:?}");
        assert_eq!(res.error_code(), "UnsupportedMediaType");
    }
    let res = gw
        .client
        .post(gw.url("/v1/artifacts"))
        .bearer_auth(ENF_A)
        .header("content-type", "application/json; charset=utf-8")
        .body(body)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status().as_u16(), 202);
}

#[tokio::test]
async fn expired_and_unroutable_are_422() {
    let gw = start().await;
    let r = rid();
    let mut a = artifact(&r, &hash());
    a["body"]["expiresAt"] = json!(at(-120));
    let res = gw.post("/v1/artifacts", ENF_A, &a).await;
    assert_eq!(res.status, 422);
    assert_eq!(res.error_code(), "ArtifactExpired");
    assert_eq!(
        gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await.status,
        404
    );
    let unroutable: Vec<Mutation> = vec![
        Box::new(|a| a["recipient"] = json!({"approverId": "nobody"})),
        Box::new(|a| a["body"]["metadata"]["approverId"] = json!("nobody")),
        Box::new(|a| a["body"]["metadata"]["approverId"] = json!("approver-x")),
    ];
    for f in unroutable {
        let r = rid();
        let mut a = artifact(&r, &hash());
        f(&mut a);
        let res = gw.post("/v1/artifacts", ENF_A, &a).await;
        assert_eq!(res.status, 422, "{a}");
        assert_eq!(res.error_code(), "NoApproverAvailable");
        assert_eq!(
            gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await.status,
            404
        );
    }
}

#[tokio::test]
async fn ids_are_case_sensitive() {
    let gw = start().await;
    let (h1, h2) = (hash(), hash());
    assert_eq!(
        gw.post("/v1/artifacts", ENF_A, &artifact("x-AbC", &h1))
            .await
            .status,
        202
    );
    assert_eq!(
        gw.post("/v1/artifacts", ENF_A, &artifact("x-abc", &h2))
            .await
            .status,
        202
    );
    let s = gw.get("/v1/exchanges/x-abc", ENF_A).await;
    assert_eq!(s.json["body"]["artifactHash"], h2.as_str());
}
