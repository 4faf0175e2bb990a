//! JSON helpers for assertions: pointers, deep key/value search, and comparisons that explain themselves.
//! CONTRACT STUB: signatures are fixed; bodies are implemented by the check owner.

use serde_json::Value;

/// Resolves an RFC 6901 pointer ("" = whole document).
pub fn pointer<'a>(v: &'a Value, ptr: &str) -> Option<&'a Value> {
    v.pointer(ptr)
}

/// `Ok` when `v` at `ptr` equals `expected`, else "at /x: expected <e>, got <a>" (or "… missing").
pub fn expect_at(v: &Value, ptr: &str, expected: &Value) -> Result<(), String> {
    let _ = (v, ptr, expected);
    unimplemented!("check owner implements")
}

/// Pointers of every object member named `key` anywhere under `v` (deep search, arrays included).
pub fn find_key(v: &Value, key: &str) -> Vec<String> {
    let _ = (v, key);
    unimplemented!("check owner implements")
}

/// Pointers of every string value equal to `needle` anywhere under `v`.
pub fn find_string_value(v: &Value, needle: &str) -> Vec<String> {
    let _ = (v, needle);
    unimplemented!("check owner implements")
}

/// Applies an RFC 7396 JSON merge patch to `target` (null deletes a member).
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let _ = (target, patch);
    unimplemented!("check owner implements")
}

/// Removes the member at `ptr` (e.g. "/body/artifactHash"); returns whether something was removed.
pub fn remove_at(v: &mut Value, ptr: &str) -> bool {
    let _ = (v, ptr);
    unimplemented!("check owner implements")
}

/// Sets the value at `ptr`, creating intermediate objects; `Err` when a parent is not an object.
pub fn set_at(v: &mut Value, ptr: &str, value: Value) -> Result<(), String> {
    let _ = (v, ptr, value);
    unimplemented!("check owner implements")
}

/// Short one-line rendering of a value for messages (truncated to ~200 chars).
pub fn brief(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 200 {
        format!(
            "{}…",
            &s[..s.char_indices().nth(200).map(|(i, _)| i).unwrap_or(s.len())]
        )
    } else {
        s
    }
}
