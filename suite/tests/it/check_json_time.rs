//! JSON pointer helpers and RFC 3339 timestamp checks.

use harp_conformance::check::json::{
    brief, expect_at, find_key, find_string_value, merge_patch, remove_at, set_at,
};
use harp_conformance::check::time::{format_rfc3339, near_now, now, parse_rfc3339, same_instant};
use serde_json::json;

#[test]
fn expect_at_explains_itself() {
    let v = json!({"a": {"b": [1, 2]}});
    assert!(expect_at(&v, "/a/b/1", &json!(2)).is_ok());
    let e = expect_at(&v, "/a/b/0", &json!(5)).unwrap_err();
    assert_eq!(e, "at /a/b/0: expected 5, got 1");
    let e = expect_at(&v, "/a/c", &json!("x")).unwrap_err();
    assert!(e.contains("/a/c") && e.contains("missing"), "{e}");
}

#[test]
fn deep_search_finds_keys_and_values_everywhere() {
    let v = json!({"recipient": {"approverId": "ap-1"}, "body": {"items": [{"approverId": "ap-1"}, {"x/y": "ap-1"}]}});
    assert_eq!(
        find_key(&v, "approverId"),
        vec!["/recipient/approverId", "/body/items/0/approverId"]
    );
    assert_eq!(
        find_string_value(&v, "ap-1"),
        vec![
            "/recipient/approverId",
            "/body/items/0/approverId",
            "/body/items/1/x~1y"
        ]
    );
    assert!(find_key(&v, "nothing").is_empty());
}

#[test]
fn merge_patch_follows_rfc_7396() {
    let mut t = json!({"a": "b", "c": {"d": "e", "f": "g"}});
    merge_patch(&mut t, &json!({"a": "z", "c": {"f": null}}));
    assert_eq!(t, json!({"a": "z", "c": {"d": "e"}}));
    let mut t = json!({"a": [1]});
    merge_patch(&mut t, &json!({"a": {"b": "c"}, "n": {"m": null}}));
    assert_eq!(t, json!({"a": {"b": "c"}, "n": {}}));
    let mut t = json!({"a": 1});
    merge_patch(&mut t, &json!(["x"]));
    assert_eq!(t, json!(["x"]));
}

#[test]
fn remove_and_set_at_pointers() {
    let mut v = json!({"body": {"artifactHash": "h", "list": [1, 2, 3]}, "a~b": 1});
    assert!(remove_at(&mut v, "/body/artifactHash"));
    assert!(!remove_at(&mut v, "/body/artifactHash"));
    assert!(remove_at(&mut v, "/body/list/1"));
    assert!(remove_at(&mut v, "/a~0b"));
    assert!(!remove_at(&mut v, ""));
    assert_eq!(v, json!({"body": {"list": [1, 3]}}));
    set_at(&mut v, "/body/new/deep", json!(true)).unwrap();
    set_at(&mut v, "/body/list/0", json!(9)).unwrap();
    set_at(&mut v, "/body/list/-", json!(10)).unwrap();
    assert_eq!(
        v,
        json!({"body": {"list": [9, 3, 10], "new": {"deep": true}}})
    );
    let e = set_at(&mut v, "/body/new/deep/x", json!(1)).unwrap_err();
    assert!(
        e.contains("/body/new/deep") && e.contains("not an object"),
        "{e}"
    );
    set_at(&mut v, "", json!(1)).unwrap();
    assert_eq!(v, json!(1));
}

#[test]
fn brief_truncates_long_values() {
    let s = brief(&json!("é".repeat(500)));
    assert!(
        s.ends_with('…') && s.chars().count() == 201,
        "{}",
        s.chars().count()
    );
}

#[test]
fn rfc3339_is_strict() {
    for ok in [
        "2026-02-24T10:00:00Z",
        "2026-02-24T10:00:00.123456Z",
        "2026-02-24T12:00:00+02:00",
        "2026-02-24t10:00:00z",
    ] {
        assert!(parse_rfc3339(ok).is_ok(), "{ok}");
    }
    for bad in [
        "2026-02-24 10:00:00Z",
        "2026-02-24T10:00:00",
        "1771927200",
        "2026-02-24",
        "",
        "2026-13-01T00:00:00Z",
    ] {
        let e = parse_rfc3339(bad).unwrap_err();
        assert!(e.contains(&format!("{bad:?}")), "{e}");
    }
}

#[test]
fn same_instant_and_formatting() {
    assert!(same_instant("2026-02-24T10:00:00Z", "2026-02-24T12:00:00.000+02:00").is_ok());
    let e = same_instant("2026-02-24T10:00:00Z", "2026-02-24T10:00:01Z").unwrap_err();
    assert!(e.contains("1000 ms"), "{e}");
    let t = parse_rfc3339("2026-02-24T12:00:00.987+02:00").unwrap();
    assert_eq!(format_rfc3339(t), "2026-02-24T10:00:00Z");
}

#[test]
fn near_now_uses_a_window() {
    let n = format_rfc3339(now());
    assert!(near_now(&n, 5).is_ok());
    let e = near_now("2000-01-01T00:00:00Z", 60).unwrap_err();
    assert!(e.contains("in the past") && e.contains("±60 s"), "{e}");
}
