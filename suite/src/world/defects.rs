//! Byte-level variations of a valid request body (truncation, malformed JSON, invalid UTF-8) and of its
//! framing (content type, chunked transfer, Idempotency-Key), named as the feature files spell them.

use std::str::FromStr;

/// How a raw post differs from the plain, valid template body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Variation {
    /// The valid body, sent as the suite always sends it.
    AsItIs,
    /// NEG-01: the first half of the bytes.
    TruncatedHalf,
    /// NEG-01: every byte but the closing brace.
    CutBeforeBrace,
    /// NEG-02 variants.
    TrailingComma,
    SingleQuotes,
    UnquotedKeys,
    NanValue,
    Comment,
    /// NEG-03: the bytes `C3 28` inside the msgId string.
    InvalidUtf8,
    /// NEG-03: `\ud800` (a lone surrogate escape) inside the msgId string.
    LoneSurrogate,
    /// GW-ENV-03 / NEG-15: this Content-Type instead of application/harp+json.
    ContentType(String),
    /// GW-ENV-03 / NEG-15: no Content-Type header at all.
    NoContentType,
    /// TR-SIZE-06: `Transfer-Encoding: chunked`.
    Chunked,
    /// TR-IDEM-01: no `Idempotency-Key` header.
    NoIdempotencyKey,
    /// Removes the member at a JSON pointer.
    Without(String),
    /// Sets the member at a JSON pointer to this JSON text (placeholders rendered before parsing).
    Set(String, String),
}

impl FromStr for Variation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        Ok(match s {
            "as it is" => Variation::AsItIs,
            "truncated at half its bytes" => Variation::TruncatedHalf,
            "cut before its closing brace" => Variation::CutBeforeBrace,
            "with a trailing comma" => Variation::TrailingComma,
            "with single quotes" => Variation::SingleQuotes,
            "with unquoted keys" => Variation::UnquotedKeys,
            "with a NaN value" => Variation::NanValue,
            "with a comment" => Variation::Comment,
            "with invalid UTF-8" => Variation::InvalidUtf8,
            "with a lone surrogate escape" => Variation::LoneSurrogate,
            "without a content type" => Variation::NoContentType,
            "in chunked encoding" => Variation::Chunked,
            "without an Idempotency-Key header" => Variation::NoIdempotencyKey,
            _ => {
                if let Some(ct) = s.strip_prefix("with content type ") {
                    return Ok(Variation::ContentType(ct.trim_matches('"').to_string()));
                }
                if let Some(rest) = s.strip_prefix("without \"") {
                    return Ok(Variation::Without(rest.trim_end_matches('"').to_string()));
                }
                if let Some(rest) = s.strip_prefix("with \"")
                    && let Some((ptr, value)) = rest.split_once("\" set to ")
                {
                    return Ok(Variation::Set(ptr.to_string(), value.to_string()));
                }
                return Err(format!(
                    "unknown body variation `{s}` (see suite/src/world/defects.rs for the names)"
                ));
            }
        })
    }
}

impl Variation {
    /// Applies a byte-level defect to a compact JSON object text; framing variations leave it alone.
    pub fn apply(&self, body: Vec<u8>) -> Result<Vec<u8>, String> {
        let text = || String::from_utf8(body.clone()).map_err(|e| e.to_string());
        Ok(match self {
            Variation::TruncatedHalf => body[..body.len() / 2].to_vec(),
            Variation::CutBeforeBrace => {
                let end = body
                    .iter()
                    .rposition(|b| *b == b'}')
                    .ok_or("no closing brace")?;
                body[..end].to_vec()
            }
            Variation::TrailingComma => {
                let mut t = text()?;
                let end = t.rfind('}').ok_or("no closing brace")?;
                t.insert(end, ',');
                t.into_bytes()
            }
            Variation::SingleQuotes => text()?.replace('"', "'").into_bytes(),
            Variation::UnquotedKeys => {
                let re = regex::Regex::new(r#""([A-Za-z]+)":"#).map_err(|e| e.to_string())?;
                re.replace_all(&text()?, "$1:").into_owned().into_bytes()
            }
            Variation::NanValue => insert_after_open(&text()?, "\"hcNumber\":NaN,"),
            Variation::Comment => insert_after_open(&text()?, "/* a comment */"),
            Variation::InvalidUtf8 => inside_msg_id(&body, &[0xC3, 0x28])?,
            Variation::LoneSurrogate => inside_msg_id(&body, b"\\ud800")?,
            _ => body,
        })
    }
}

fn insert_after_open(text: &str, what: &str) -> Vec<u8> {
    let mut t = text.to_string();
    let at = t.find('{').map(|i| i + 1).unwrap_or(0);
    t.insert_str(at, what);
    t.into_bytes()
}

/// Inserts raw bytes right after the opening quote of the top-level `msgId` value.
fn inside_msg_id(body: &[u8], bytes: &[u8]) -> Result<Vec<u8>, String> {
    let key = b"\"msgId\":\"";
    let at = body
        .windows(key.len())
        .position(|w| w == key)
        .ok_or("the body has no \"msgId\" string to corrupt")?
        + key.len();
    let mut out = body[..at].to_vec();
    out.extend_from_slice(bytes);
    out.extend_from_slice(&body[at..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"{"msgType":"a.b","msgId":"m1","body":{"x":1}}"#;

    fn apply(v: &str) -> Vec<u8> {
        v.parse::<Variation>()
            .unwrap()
            .apply(BODY.as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn defects_break_the_json() {
        for v in [
            "truncated at half its bytes",
            "cut before its closing brace",
            "with a trailing comma",
            "with single quotes",
            "with unquoted keys",
            "with a NaN value",
            "with a comment",
            "with invalid UTF-8",
            "with a lone surrogate escape",
        ] {
            let out = apply(v);
            assert!(
                serde_json::from_slice::<serde_json::Value>(&out).is_err(),
                "{v} still parses: {}",
                String::from_utf8_lossy(&out)
            );
        }
        assert_eq!(apply("as it is"), BODY.as_bytes());
        assert!(
            apply("with invalid UTF-8")
                .windows(2)
                .any(|w| w == [0xC3, 0x28])
        );
    }

    #[test]
    fn framing_and_pointer_variations_parse() {
        assert_eq!(
            "with content type text/plain".parse::<Variation>().unwrap(),
            Variation::ContentType("text/plain".into())
        );
        assert_eq!(
            r#"with "/body/x" set to "a b""#.parse::<Variation>().unwrap(),
            Variation::Set("/body/x".into(), "\"a b\"".into())
        );
        assert_eq!(
            r#"without "/requestId""#.parse::<Variation>().unwrap(),
            Variation::Without("/requestId".into())
        );
        assert!("with sprinkles".parse::<Variation>().is_err());
    }
}
