//! Precedence evaluates AWS access policies.
pub mod condition;
pub mod context;
pub mod evaluate;
mod explain;
pub mod finding;
pub mod json;
pub mod lint;
pub mod load;
pub mod matching;
pub mod parse;
pub mod pattern;
pub mod policy;
pub mod principal;
pub mod scenario;
pub mod span;
pub mod trace;
