//! JSON helpers for assertions: pointers, deep key/value search, and comparisons that explain themselves.

use serde_json::Value;

/// Resolves an RFC 6901 pointer ("" = whole document).
pub fn pointer<'a>(v: &'a Value, ptr: &str) -> Option<&'a Value> {
    v.pointer(ptr)
}

/// `Ok` when `v` at `ptr` equals `expected`, else "at /x: expected <e>, got <a>" (or "… missing").
pub fn expect_at(v: &Value, ptr: &str, expected: &Value) -> Result<(), String> {
    match v.pointer(ptr) {
        None => Err(format!(
            "at {}: expected {}, got nothing (member missing)",
            show_ptr(ptr),
            brief(expected)
        )),
        Some(actual) if actual == expected => Ok(()),
        Some(actual) => Err(format!(
            "at {}: expected {}, got {}",
            show_ptr(ptr),
            brief(expected),
            brief(actual)
        )),
    }
}

/// Pointers of every object member named `key` anywhere under `v` (deep search, arrays included).
pub fn find_key(v: &Value, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    walk(v, &mut String::new(), &mut |ptr, key_here, _| {
        if key_here == Some(key) {
            out.push(ptr.to_string());
        }
    });
    out
}

/// Pointers of every string value equal to `needle` anywhere under `v`.
pub fn find_string_value(v: &Value, needle: &str) -> Vec<String> {
    let mut out = Vec::new();
    walk(v, &mut String::new(), &mut |ptr, _, value| {
        if value.as_str() == Some(needle) {
            out.push(ptr.to_string());
        }
    });
    out
}

/// Applies an RFC 7396 JSON merge patch to `target` (null deletes a member).
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch_members) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    if let Value::Object(members) = target {
        for (k, pv) in patch_members {
            if pv.is_null() {
                members.remove(k);
            } else {
                merge_patch(members.entry(k.clone()).or_insert(Value::Null), pv);
            }
        }
    }
}

/// Removes the member at `ptr` (e.g. "/body/artifactHash"); returns whether something was removed.
pub fn remove_at(v: &mut Value, ptr: &str) -> bool {
    let Some((parent, last)) = split_last(ptr) else {
        return false;
    };
    match v.pointer_mut(&parent) {
        Some(Value::Object(m)) => m.shift_remove(&last).is_some(),
        Some(Value::Array(a)) => match array_index(&last, a.len()) {
            Some(i) => {
                a.remove(i);
                true
            }
            None => false,
        },
        _ => false,
    }
}

/// Sets the value at `ptr`, creating intermediate objects; `Err` when a parent is not an object.
pub fn set_at(v: &mut Value, ptr: &str, value: Value) -> Result<(), String> {
    if ptr.is_empty() {
        *v = value;
        return Ok(());
    }
    if !ptr.starts_with('/') {
        return Err(format!(
            "{ptr:?} is not a JSON pointer (it must start with '/')"
        ));
    }
    let tokens: Vec<String> = ptr[1..].split('/').map(unescape).collect();
    let mut cur = v;
    let mut walked = String::new();
    for (i, tok) in tokens.iter().enumerate() {
        let last = i + 1 == tokens.len();
        cur = match cur {
            Value::Object(m) => {
                if last {
                    m.insert(tok.clone(), value);
                    return Ok(());
                }
                m.entry(tok.clone())
                    .or_insert_with(|| Value::Object(serde_json::Map::new()))
            }
            Value::Array(a) => {
                if last && tok == "-" {
                    a.push(value);
                    return Ok(());
                }
                let Some(idx) = array_index(tok, a.len()) else {
                    return Err(format!(
                        "cannot set {ptr}: {} is an array without index {tok:?}",
                        show_ptr(&walked)
                    ));
                };
                if last {
                    a[idx] = value;
                    return Ok(());
                }
                &mut a[idx]
            }
            other => {
                return Err(format!(
                    "cannot set {ptr}: {} is {}, not an object",
                    show_ptr(&walked),
                    brief(other)
                ));
            }
        };
        walked.push('/');
        walked.push_str(&escape(tok));
    }
    Ok(())
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

/// Escapes one reference token (RFC 6901: "~" → "~0", "/" → "~1").
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn show_ptr(ptr: &str) -> &str {
    if ptr.is_empty() { "(root)" } else { ptr }
}

/// Splits "/a/b~1c" into ("/a", "b/c"); None for the root or a malformed pointer.
fn split_last(ptr: &str) -> Option<(String, String)> {
    if !ptr.starts_with('/') {
        return None;
    }
    let i = ptr.rfind('/')?;
    Some((ptr[..i].to_string(), unescape(&ptr[i + 1..])))
}

fn array_index(tok: &str, len: usize) -> Option<usize> {
    if tok.is_empty() || (tok.len() > 1 && tok.starts_with('0')) {
        return None;
    }
    tok.parse::<usize>().ok().filter(|i| *i < len)
}

/// Visits every value under `v` with its pointer and, for object members, the member name.
fn walk(v: &Value, ptr: &mut String, f: &mut dyn FnMut(&str, Option<&str>, &Value)) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let len = ptr.len();
                ptr.push('/');
                ptr.push_str(&escape(k));
                f(ptr, Some(k), child);
                walk(child, ptr, f);
                ptr.truncate(len);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                let len = ptr.len();
                ptr.push('/');
                ptr.push_str(&i.to_string());
                f(ptr, None, child);
                walk(child, ptr, f);
                ptr.truncate(len);
            }
        }
        _ => {}
    }
}
