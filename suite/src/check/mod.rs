//! Judging raw JSON: schemas, pointers, timestamps and media types, with messages that show expected vs actual.

pub mod json;
pub mod schema;
pub mod time;

pub use schema::Schemas;
