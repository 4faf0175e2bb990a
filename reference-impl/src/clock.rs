//! The gateway clock and RFC 3339 handling: every emitted timestamp is UTC, millisecond precision.

use time::{OffsetDateTime, UtcOffset, format_description::well_known::Rfc3339};

/// A client-supplied instant, normalised to UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instant {
    /// RFC 3339 text in UTC (`Z`), keeping the client's sub-second precision.
    pub text: String,
    /// Unix time in milliseconds (floor), used for comparisons.
    pub ms: i64,
}

/// Current gateway time in unix milliseconds.
pub fn now_ms() -> i64 {
    to_ms(OffsetDateTime::now_utc())
}

/// Formats unix milliseconds as RFC 3339 UTC (`2026-02-24T10:00:00.123Z`).
pub fn format_ms(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned())
}

/// Parses a strict RFC 3339 date-time; `None` when the text is not one or is out of range.
pub fn parse_rfc3339(text: &str) -> Option<Instant> {
    let parsed = OffsetDateTime::parse(text, &Rfc3339).ok()?;
    let utc = parsed.checked_to_offset(UtcOffset::UTC)?;
    Some(Instant {
        text: utc.format(&Rfc3339).ok()?,
        ms: to_ms(utc),
    })
}

fn to_ms(t: OffsetDateTime) -> i64 {
    let ms = t.unix_timestamp_nanos().div_euclid(1_000_000);
    i64::try_from(ms).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_with_millis() {
        assert_eq!(format_ms(1_771_927_200_123), "2026-02-24T10:00:00.123Z");
        assert_eq!(format_ms(1_771_927_200_000), "2026-02-24T10:00:00Z");
    }

    #[test]
    fn parses_and_normalises_to_utc() {
        let i = parse_rfc3339("2026-02-24T12:00:00+02:00").expect("valid");
        assert_eq!(i.text, "2026-02-24T10:00:00Z");
        assert_eq!(i.ms, 1_771_927_200_000);
        let fine = parse_rfc3339("2026-02-24T10:00:00.123456789Z").expect("valid");
        assert_eq!(fine.text, "2026-02-24T10:00:00.123456789Z");
    }

    #[test]
    fn rejects_non_rfc3339() {
        for bad in ["2026-02-24 10:00:00", "1700000000", "tomorrow", ""] {
            assert!(parse_rfc3339(bad).is_none(), "{bad}");
        }
    }
}
