//! Reports of a run: console summary, JUnit XML, report.json, HTML, badge, and the run folder.

pub mod badge;
pub mod console;
pub mod dir;
pub mod html;
pub mod json;
pub mod junit;
