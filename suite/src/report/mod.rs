//! Reports of a run: console summary, JUnit XML, report.json, and the run folder.

pub mod console;
pub mod dir;
pub mod json;
pub mod junit;
