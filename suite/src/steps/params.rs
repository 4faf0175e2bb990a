//! Cucumber parameter types of the step vocabulary: `{status}`, `{duration}`, `{channel}` (`{actor}` lives
//! with the World).

use std::time::Duration;

use crate::config::duration::parse_duration;

/// An expected status: `202`, `200|202` or a class like `4xx`.
#[derive(Debug, Clone, PartialEq, Eq, cucumber::Parameter)]
#[param(name = "status", regex = r"\d{3}(?:\|\d{3})*|[1-5]xx")]
pub struct StatusSpec(pub String);

impl std::str::FromStr for StatusSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(Self(s.to_string()))
    }
}

impl StatusSpec {
    pub fn matches(&self, status: u16) -> bool {
        if let Some(class) = self.0.strip_suffix("xx") {
            return class.parse::<u16>().is_ok_and(|c| status / 100 == c);
        }
        self.0.split('|').any(|s| s.parse::<u16>() == Ok(status))
    }
}

/// A duration like `2s` or `500ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(name = "duration", regex = r"\d+(?:ms|s|m)")]
pub struct Dur(pub Duration);

impl std::str::FromStr for Dur {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse_duration(s).map(Dur)
    }
}

/// A channel name in quotes: `"a1-stream"`.
#[derive(Debug, Clone, PartialEq, Eq, cucumber::Parameter)]
#[param(name = "channel", regex = r#""[^"]+""#)]
pub struct Chan(pub String);

impl std::str::FromStr for Chan {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(Self(s.trim_matches('"').to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_specs() {
        let s: StatusSpec = "200|202".parse().unwrap();
        assert!(s.matches(200) && s.matches(202) && !s.matches(204));
        let c: StatusSpec = "4xx".parse().unwrap();
        assert!(c.matches(404) && !c.matches(500));
        assert_eq!("\"x\"".parse::<Chan>().unwrap().0, "x");
        assert_eq!(
            "500ms".parse::<Dur>().unwrap().0,
            Duration::from_millis(500)
        );
    }
}
