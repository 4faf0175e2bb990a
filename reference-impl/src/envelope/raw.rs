//! Raw JSON text helpers: relaying client JSON byte-identically (values and member order kept).

use std::collections::BTreeMap;

use serde_json::value::RawValue;

/// Removes insignificant whitespace outside strings. Values keep their exact bytes (escapes,
/// number spelling) and members keep their order, so the result can be relayed on one line.
pub fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            if c == '"' {
                in_string = true;
            }
            out.push(c);
        }
    }
    out
}

/// The compacted raw text of each top-level member of a JSON object text (last duplicate wins).
pub fn members(object_json: &str) -> Option<BTreeMap<String, String>> {
    let map: BTreeMap<String, &RawValue> = serde_json::from_str(object_json).ok()?;
    Some(
        map.into_iter()
            .map(|(k, v)| (k, compact(v.get())))
            .collect(),
    )
}

/// Wraps stored JSON text for verbatim serialization inside an envelope.
pub fn to_raw(text: &str) -> Result<&RawValue, serde_json::Error> {
    serde_json::from_str(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_keeps_strings_and_order() {
        let src = "{ \"z\" : \"a b\\\" \\u00e9\",\n  \"a\": [1, 2.50] }";
        assert_eq!(compact(src), "{\"z\":\"a b\\\" \\u00e9\",\"a\":[1,2.50]}");
    }

    #[test]
    fn members_are_raw_and_compact() {
        let m = members("{\"body\": {\"b\": \"x\", \"a\": 1}, \"k\": 2}").expect("object");
        assert_eq!(m["body"], "{\"b\":\"x\",\"a\":1}");
        assert_eq!(m["k"], "2");
        assert!(members("[1]").is_none());
    }
}
