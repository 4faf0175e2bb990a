//! Timestamps: strict RFC 3339 parsing, "same instant" comparisons and clock-skew windows.
//! CONTRACT STUB: signatures are fixed; bodies are implemented by the check owner.

pub use ::time::OffsetDateTime;

/// Parses a strict RFC 3339 date-time ("2026-02-24T10:00:00Z", offsets, fractions). Anything else
/// (space separator, missing offset, epoch numbers) is an `Err` quoting the input.
pub fn parse_rfc3339(s: &str) -> Result<OffsetDateTime, String> {
    let _ = s;
    unimplemented!("check owner implements")
}

/// Formats as RFC 3339 in UTC with second precision ("2026-02-24T10:00:00Z").
pub fn format_rfc3339(t: OffsetDateTime) -> String {
    let _ = t;
    unimplemented!("check owner implements")
}

/// Now, in UTC.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// `Ok` when `a` and `b` are the same instant (different offsets/precision allowed).
pub fn same_instant(a: &str, b: &str) -> Result<(), String> {
    let _ = (a, b);
    unimplemented!("check owner implements")
}

/// `Ok` when `t` lies within ±`tolerance_s` of now.
pub fn near_now(t: &str, tolerance_s: u64) -> Result<(), String> {
    let _ = (t, tolerance_s);
    unimplemented!("check owner implements")
}
