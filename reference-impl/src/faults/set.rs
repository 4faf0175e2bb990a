//! The set of active faults (a 256-bit mask over the catalogue), its parsing from names, and the
//! `--list-faults` listing.

use std::fmt::Write as _;

use super::{CATALOGUE, Fault};

/// The set of active faults (empty by default): one bit per catalogue entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Faults([u64; 4]);

/// An unknown fault name.
#[derive(Debug, thiserror::Error)]
#[error("unknown fault `{0}`; `harp-gateway --list-faults` lists the names")]
pub struct UnknownFault(pub String);

impl Faults {
    /// No fault active.
    pub const NONE: Faults = Faults([0; 4]);

    /// Whether `fault` is active.
    pub fn on(self, fault: Fault) -> bool {
        let (word, mask) = fault.bit();
        self.0[word] & mask != 0
    }

    /// Activates `fault`.
    pub fn with(mut self, fault: Fault) -> Faults {
        let (word, mask) = fault.bit();
        self.0[word] |= mask;
        self
    }

    /// Parses fault names (each item may itself be comma-separated; blanks are ignored).
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Faults, UnknownFault> {
        let mut set = Faults::NONE;
        for name in names
            .iter()
            .flat_map(|n| n.as_ref().split(','))
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let fault = Fault::by_name(name).ok_or_else(|| UnknownFault(name.to_owned()))?;
            set = set.with(fault);
        }
        Ok(set)
    }

    /// The active faults, in catalogue order.
    pub fn active(self) -> Vec<Fault> {
        CATALOGUE
            .iter()
            .map(|i| i.fault)
            .filter(|f| self.on(*f))
            .collect()
    }

    pub fn is_empty(self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }
}

/// The `--list-faults` text: one line per fault, tab-separated name, requirement IDs, description.
pub fn listing() -> String {
    let mut out = String::new();
    for i in CATALOGUE {
        let _ = writeln!(
            out,
            "{}\t{}\t{}",
            i.name,
            i.requirements.join(","),
            i.description
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_consistent() {
        assert!(CATALOGUE.len() >= 40, "only {} faults", CATALOGUE.len());
        assert!(CATALOGUE.len() <= 256, "Faults holds 256 bits");
        for (n, i) in CATALOGUE.iter().enumerate() {
            assert_eq!(i.fault as usize, n, "{} out of order", i.name);
            assert!(!i.requirements.is_empty(), "{}", i.name);
            assert_eq!(Fault::by_name(i.name), Some(i.fault));
        }
        let mut names: Vec<_> = CATALOGUE.iter().map(|i| i.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CATALOGUE.len(), "duplicate names");
    }

    #[test]
    fn parse_and_query() {
        assert!(Faults::default().is_empty());
        assert!(Faults::parse::<&str>(&[]).expect("empty").is_empty());
        let set =
            Faults::parse(&["ack-ignored, wait-empty-200", "", "msg-id-missing"]).expect("ok");
        assert!(set.on(Fault::AckIgnored) && set.on(Fault::WaitEmpty200));
        assert!(set.on(Fault::MsgIdMissing) && !set.on(Fault::ArtifactAccepted200));
        assert_eq!(set.active().len(), 3);
        let err = Faults::parse(&["no-such-fault"]).expect_err("unknown");
        assert!(err.to_string().contains("no-such-fault"));
    }

    #[test]
    fn listing_has_one_line_per_fault() {
        let text = listing();
        assert_eq!(text.lines().count(), CATALOGUE.len());
        assert!(text.lines().all(|l| l.split('\t').count() == 3));
    }
}
