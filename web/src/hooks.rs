//! The playground's custom hooks, one per file.

pub mod decisions;
pub mod dropdown;
pub mod keep;
pub mod undo_keys;
pub mod width;
