//! Badges: a flat shields-style SVG ("HARP-GW 0.2 | Core") and the shields.io endpoint JSON.

use serde_json::{Value, json};

/// shields.io named colours → hex (unknown names are used as given when they look like hex).
pub fn color_hex(name: &str) -> String {
    match name {
        "brightgreen" => "#4c1",
        "green" => "#97ca00",
        "yellowgreen" => "#a4a61d",
        "yellow" => "#dfb317",
        "orange" => "#fe7d37",
        "red" => "#e05d44",
        "blue" => "#007ec6",
        "grey" | "gray" => "#555",
        "lightgrey" | "lightgray" => "#9f9f9f",
        other if other.starts_with('#') && other[1..].chars().all(|c| c.is_ascii_hexdigit()) => {
            return other.to_string();
        }
        _ => "#9f9f9f",
    }
    .to_string()
}

/// XML text/attribute escaping.
pub fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => o.push(c),
        }
    }
    o
}

/// Approximate width in px of Verdana 11px text (shields' font), good enough for a badge.
pub fn text_width(s: &str) -> u32 {
    let w: f32 = s
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '|' | '!' | '\'' | 'I' => 3.5,
            'f' | 't' | 'r' | ' ' | '(' | ')' | '-' | '/' => 4.6,
            'm' | 'w' | 'M' | 'W' => 10.0,
            c if c.is_ascii_uppercase() => 7.6,
            c if c.is_ascii_digit() => 7.0,
            _ => 6.6,
        })
        .sum();
    w.ceil() as u32
}

/// The flat badge.
pub fn svg(label: &str, message: &str, color: &str) -> String {
    let (l, m) = (xml_escape(label), xml_escape(message));
    let lw = text_width(label) + 10;
    let mw = text_width(message) + 10;
    let w = lw + mw;
    let (lx, mx) = (lw * 5, lw * 10 + mw * 5);
    let fill = color_hex(color);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" role="img" aria-label="{l}: {m}"><title>{l}: {m}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="{w}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/><rect x="{lw}" width="{mw}" height="20" fill="{fill}"/><rect width="{w}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110"><text aria-hidden="true" x="{lx}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)">{l}</text><text x="{lx}" y="140" transform="scale(.1)">{l}</text><text aria-hidden="true" x="{mx}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)">{m}</text><text x="{mx}" y="140" transform="scale(.1)">{m}</text></g></svg>
"##
    )
}

/// The shields.io endpoint document (`https://img.shields.io/endpoint?url=…/badge.json`).
pub fn endpoint(label: &str, message: &str, color: &str) -> Value {
    json!({ "schemaVersion": 1, "label": label, "message": message, "color": color })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badge_text_and_colour() {
        let s = svg("HARP-GW 0.2", "Core", "green");
        assert!(s.starts_with("<svg") && s.contains(">HARP-GW 0.2<") && s.contains(">Core<"));
        assert!(s.contains("#97ca00"));
        assert!(svg("a<b", "x&y", "lightgrey").contains("a&lt;b"));
        assert_eq!(color_hex("#abc"), "#abc");
        assert_eq!(color_hex("#zzz\""), "#9f9f9f");
        let e = endpoint("HARP-GW 0.2", "no level", "lightgrey");
        assert_eq!(e["schemaVersion"], 1);
        assert!(text_width("Enterprise") > text_width("Core"));
    }
}
