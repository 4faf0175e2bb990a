//! Ext switch: with `--surfaces seed` every ext route is an unknown route (404) and `runtime.info`
//! does not advertise the ext capabilities; with the default (`ext`) they are advertised.

use harp_gateway::ext::Surfaces;
use serde_json::json;

use super::fixtures::{artifact, hash, rid};
use super::harness::{APP_A, ENF_A, Gateway, start, start_with};
use super::streams::{QUIET, ws_connect, ws_next, ws_send};

const EXT_CAPS: [&str; 7] = [
    "inbox_expired",
    "inbox_delete",
    "withdraw",
    "refresh",
    "presence",
    "pairing",
    "ws_hello",
];

async fn capabilities(gw: &Gateway) -> Vec<String> {
    let res = gw
        .client
        .post(gw.url("/v1/control/runtime.info"))
        .send()
        .await
        .expect("runtime.info");
    let v: serde_json::Value = res.json().await.expect("json");
    v["capabilities"]
        .as_array()
        .expect("capabilities")
        .iter()
        .filter_map(|c| c.as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn ext_surfaces_are_advertised_by_default() {
    let gw = start().await;
    let caps = capabilities(&gw).await;
    for c in EXT_CAPS {
        assert!(caps.iter().any(|x| x == c), "{c} missing from {caps:?}");
    }
}

#[tokio::test]
async fn seed_surfaces_hide_every_ext_route() {
    let gw = start_with(|s| s.ext.surfaces = Surfaces::Seed).await;
    let caps = capabilities(&gw).await;
    for c in EXT_CAPS {
        assert!(!caps.iter().any(|x| x == c), "{c} advertised in seed mode");
    }
    assert!(caps.iter().any(|x| x == "artifacts"));
    let (r, h) = (rid(), hash());
    assert_eq!(
        gw.post("/v1/artifacts", ENF_A, &artifact(&r, &h))
            .await
            .status,
        202
    );
    let checks: [(&str, String, &str); 10] = [
        (
            "GET",
            "/v1/approvers/approver-a/inbox/expired".into(),
            APP_A,
        ),
        (
            "DELETE",
            format!("/v1/approvers/approver-a/inbox/{r}"),
            APP_A,
        ),
        ("POST", format!("/v1/exchanges/{r}/withdraw"), ENF_A),
        (
            "POST",
            format!("/v1/requests/{r}/refresh?enforcerDeviceId=enforcer-a"),
            APP_A,
        ),
        (
            "GET",
            "/v1/presence/enforcers?tenantId=tenant-1".into(),
            APP_A,
        ),
        ("GET", "/v1/presence/enforcers/enforcer-a".into(), APP_A),
        ("POST", "/v1/pairing/initiate".into(), ENF_A),
        ("GET", "/v1/pairing/resolve/ABCDEFGH".into(), APP_A),
        ("GET", "/v1/pairing/pn-1/status".into(), ENF_A),
        ("POST", "/v1/pairing/complete".into(), APP_A),
    ];
    for (method, path, cred) in checks {
        let res = gw
            .client
            .request(method.parse().expect("method"), gw.url(&path))
            .bearer_auth(cred)
            .header("content-type", "application/json")
            .body(json!({"enforcerId": "enforcer-a"}).to_string())
            .send()
            .await
            .expect("send");
        assert_eq!(res.status().as_u16(), 404, "{method} {path}");
        let v: serde_json::Value = res.json().await.expect("error envelope");
        assert_eq!(v["body"]["code"], "NotFound", "{method} {path}");
    }
    // The seed gateway keeps refusing `hello` (C-07).
    let mut ws = ws_connect(&gw, "enforcer", "enforcer-a", ENF_A).await;
    ws_send(
        &mut ws,
        &json!({"msgType": "hello", "workspaceName": "airlock"}),
    )
    .await;
    let reply = ws_next(&mut ws, QUIET * 5).await.expect("error frame");
    assert_eq!(reply["msgType"], "error");
}
