//! Small JSON-schema-like checks on one object: closed member sets, typed and dated members.

use serde_json::{Map, Value};

use crate::clock::{self, Instant};
use crate::error::ApiError;

/// One JSON object under validation, with its path for messages (`body.ciphertext`).
pub struct Obj<'a> {
    pub map: &'a Map<String, Value>,
    pub path: &'a str,
}

impl<'a> Obj<'a> {
    pub fn new(map: &'a Map<String, Value>, path: &'a str) -> Self {
        Self { map, path }
    }

    fn name(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Rejects members outside `allowed` (closed schema, `additionalProperties: false`).
    pub fn closed(&self, allowed: &[&str]) -> Result<(), ApiError> {
        match self.map.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => Err(ApiError::validation(format!(
                "unknown member `{}`; allowed: {}",
                self.name(k),
                allowed.join(", ")
            ))),
            None => Ok(()),
        }
    }

    /// A string member; `required` and `non_empty` (`minLength: 1`) as the schema says.
    pub fn string(
        &self,
        key: &str,
        required: bool,
        non_empty: bool,
    ) -> Result<Option<&'a str>, ApiError> {
        match self.map.get(key) {
            None if required => Err(ApiError::validation(format!(
                "`{}` is required",
                self.name(key)
            ))),
            None => Ok(None),
            Some(Value::String(s)) if non_empty && s.is_empty() => Err(ApiError::validation(
                format!("`{}` must not be empty", self.name(key)),
            )),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(ApiError::validation(format!(
                "`{}` must be a string",
                self.name(key)
            ))),
        }
    }

    /// A required non-empty string member.
    pub fn required(&self, key: &str) -> Result<&'a str, ApiError> {
        self.string(key, true, true).map(|s| s.unwrap_or_default())
    }

    /// An object member.
    pub fn object(
        &self,
        key: &str,
        required: bool,
    ) -> Result<Option<&'a Map<String, Value>>, ApiError> {
        match self.map.get(key) {
            None if required => Err(ApiError::validation(format!(
                "`{}` is required",
                self.name(key)
            ))),
            None => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m)),
            Some(_) => Err(ApiError::validation(format!(
                "`{}` must be an object",
                self.name(key)
            ))),
        }
    }

    /// An RFC 3339 date-time member.
    pub fn date_time(&self, key: &str, required: bool) -> Result<Option<Instant>, ApiError> {
        let Some(text) = self.string(key, required, false)? else {
            return Ok(None);
        };
        clock::parse_rfc3339(text).map(Some).ok_or_else(|| {
            ApiError::validation(format!(
                "`{}` must be an RFC 3339 date-time (e.g. 2026-02-24T10:00:00Z)",
                self.name(key)
            ))
        })
    }

    /// A required RFC 3339 date-time member.
    pub fn required_date_time(&self, key: &str) -> Result<Instant, ApiError> {
        self.date_time(key, true)?
            .ok_or_else(|| ApiError::validation(format!("`{}` is required", self.name(key))))
    }

    /// A string member restricted to `allowed` values.
    pub fn one_of(&self, key: &str, allowed: &[&str]) -> Result<&'a str, ApiError> {
        let value = self.string(key, true, false)?.unwrap_or_default();
        if allowed.contains(&value) {
            Ok(value)
        } else {
            Err(ApiError::validation(format!(
                "`{}` must be one of: {}",
                self.name(key),
                allowed.join(", ")
            )))
        }
    }
}
