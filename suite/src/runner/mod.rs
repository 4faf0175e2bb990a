//! Running a certification: embedded target, discovery, cucumber execution, verdicts and reports.

pub mod collector;
pub mod engine;
pub mod execute;
