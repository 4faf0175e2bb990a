//! Target configuration: the TOML file, human durations, and the one resolved `RunConfig`.

pub mod duration;
pub mod file;
pub mod policy;
pub mod resolve;
pub mod sections;

pub use file::{ConfigError, TargetFile};
pub use resolve::{Profile, RunConfig};
