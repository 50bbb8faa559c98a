//! The playground's custom hooks, one per file.

pub mod keep;
pub mod undo_keys;
