//! Body limits: 413 envelopes for Content-Length and chunked bodies, without side effects.

use futures::stream;

use super::fixtures::{artifact, hash, rid};
use super::harness::{APP_A, ENF_A, Resp, start_with};

const LIMIT: usize = 64 * 1024;

#[tokio::test]
async fn oversize_bodies_are_413_for_both_framings() {
    let gw = start_with(|s| {
        s.artifact_max_bytes = LIMIT;
        s.body_max_bytes = 4 * 1024;
    })
    .await;
    let r = rid();
    let mut a = artifact(&r, &hash());
    a["body"]["ciphertext"]["data"] = serde_json::json!("A".repeat(LIMIT * 4));
    let body = a.to_string().into_bytes();

    let with_length = gw.post_raw("/v1/artifacts", ENF_A, body.clone()).await;
    assert_eq!(with_length.status, 413);
    assert_eq!(with_length.error_code(), "PayloadTooLarge");

    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        body.chunks(8 * 1024).map(|c| Ok(c.to_vec())).collect();
    let res = gw
        .client
        .post(gw.url("/v1/artifacts"))
        .bearer_auth(ENF_A)
        .header("content-type", "application/harp+json")
        .body(reqwest::Body::wrap_stream(stream::iter(chunks)))
        .send()
        .await
        .expect("chunked post");
    let chunked = Resp::from(res).await;
    assert_eq!(chunked.status, 413);
    assert_eq!(chunked.error_code(), "PayloadTooLarge");
    assert_eq!(
        gw.get(&format!("/v1/exchanges/{r}"), ENF_A).await.status,
        404
    );

    // Other POSTs have their own, smaller limit.
    let big_decision = vec![b' '; 8 * 1024];
    let res = gw.post_raw("/v1/decisions", APP_A, big_decision).await;
    assert_eq!(res.status, 413);

    // Below the limit, chunked transfer is fine.
    let ok = artifact(&rid(), &hash()).to_string().into_bytes();
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        ok.chunks(64).map(|c| Ok(c.to_vec())).collect();
    let res = gw
        .client
        .post(gw.url("/v1/artifacts"))
        .bearer_auth(ENF_A)
        .header("content-type", "application/harp+json")
        .body(reqwest::Body::wrap_stream(stream::iter(chunks)))
        .send()
        .await
        .expect("chunked post");
    assert_eq!(res.status().as_u16(), 202);
}
