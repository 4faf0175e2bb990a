//! The process exit-code table of `harp-conformance` (one place, documented, like nextest's exit codes).

/// Exit codes of `harp-conformance`. Scripts and CI may rely on these numbers.
///
/// | code | meaning |
/// |---|---|
/// | 0 | every mandatory check that ran passed (skips, not-applicable and warnings allowed) |
/// | 1 | the target failed at least one check (a `failed` or `timed-out` scenario) |
/// | 2 | usage or configuration error, unreachable target, or nothing was tested |
/// | 3 | the harness itself broke (a `harness-error` scenario, a panic, an I/O error writing reports) |
///
/// When several apply, the highest-priority one wins: 3 over 1 over 2 over 0 (a broken harness makes the
/// other verdicts unreliable; a target failure is more useful to report than "nothing else ran").
pub struct ExitCode;

impl ExitCode {
    /// Every mandatory check passed.
    pub const SUCCESS: i32 = 0;
    /// The target failed a check.
    pub const TARGET_FAILED: i32 = 1;
    /// Usage or config error, unreachable target, or nothing was tested.
    pub const USAGE: i32 = 2;
    /// The harness itself broke.
    pub const HARNESS: i32 = 3;
}

/// Counts that decide the exit code of a finished run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunTally {
    pub passed: usize,
    pub warned: usize,
    pub failed: usize,
    pub timed_out: usize,
    pub harness_errors: usize,
}

/// The exit code of a finished run, per the table on [`ExitCode`].
pub fn code_for(t: RunTally) -> i32 {
    if t.harness_errors > 0 {
        ExitCode::HARNESS
    } else if t.failed > 0 || t.timed_out > 0 {
        ExitCode::TARGET_FAILED
    } else if t.passed + t.warned == 0 {
        ExitCode::USAGE
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let ok = RunTally {
            passed: 3,
            ..Default::default()
        };
        assert_eq!(code_for(ok), 0);
        assert_eq!(code_for(RunTally { failed: 1, ..ok }), 1);
        assert_eq!(code_for(RunTally { timed_out: 1, ..ok }), 1);
        assert_eq!(
            code_for(RunTally {
                harness_errors: 1,
                failed: 2,
                ..ok
            }),
            3
        );
        assert_eq!(code_for(RunTally::default()), 2, "nothing tested");
        assert_eq!(
            code_for(RunTally {
                warned: 1,
                ..Default::default()
            }),
            0
        );
    }
}
