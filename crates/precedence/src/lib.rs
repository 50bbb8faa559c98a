//! Precedence evaluates AWS access policies.
pub mod condition;
pub mod context;
pub mod finding;
pub mod json;
pub mod parse;
pub mod pattern;
pub mod policy;
pub mod principal;
pub mod scenario;
pub mod span;
