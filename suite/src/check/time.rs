//! Timestamps: strict RFC 3339 parsing, "same instant" comparisons and clock-skew windows.

pub use ::time::OffsetDateTime;

use ::time::format_description::well_known::Rfc3339;
use ::time::macros::format_description;

/// Parses a strict RFC 3339 date-time ("2026-02-24T10:00:00Z", offsets, fractions). Anything else
/// (space separator, missing offset, epoch numbers) is an `Err` quoting the input.
pub fn parse_rfc3339(s: &str) -> Result<OffsetDateTime, String> {
    // `time` also takes a space between date and time (an RFC 3339 note allows it); the HARP
    // timestamps are the ABNF `date-time`, so only 'T' (or 't') separates them here.
    if !matches!(s.as_bytes().get(10), Some(b'T' | b't')) {
        return Err(format!(
            "{s:?} is not an RFC 3339 date-time (expected 'T' between date and time)"
        ));
    }
    OffsetDateTime::parse(s, &Rfc3339)
        .map_err(|e| format!("{s:?} is not an RFC 3339 date-time ({e})"))
}

/// Formats as RFC 3339 in UTC with second precision ("2026-02-24T10:00:00Z").
pub fn format_rfc3339(t: OffsetDateTime) -> String {
    let utc = t.to_offset(::time::UtcOffset::UTC);
    utc.format(format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
    ))
    .unwrap_or_else(|_| utc.unix_timestamp().to_string())
}

/// Now, in UTC.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// `Ok` when `a` and `b` are the same instant (different offsets/precision allowed).
pub fn same_instant(a: &str, b: &str) -> Result<(), String> {
    let ta = parse_rfc3339(a)?;
    let tb = parse_rfc3339(b)?;
    if ta == tb {
        Ok(())
    } else {
        let diff = (ta - tb).abs();
        Err(format!(
            "{a:?} and {b:?} are different instants ({} ms apart)",
            diff.whole_milliseconds()
        ))
    }
}

/// `Ok` when `t` lies within ±`tolerance_s` of now.
pub fn near_now(t: &str, tolerance_s: u64) -> Result<(), String> {
    let parsed = parse_rfc3339(t)?;
    let diff = parsed - now();
    if diff.abs() <= ::time::Duration::seconds(tolerance_s.min(i64::MAX as u64) as i64) {
        Ok(())
    } else {
        let secs = diff.whole_seconds();
        let (n, side) = if secs < 0 {
            (-secs, "in the past")
        } else {
            (secs, "in the future")
        };
        Err(format!(
            "{t:?} is {n} s {side}, outside the allowed ±{tolerance_s} s of now ({})",
            format_rfc3339(now())
        ))
    }
}
