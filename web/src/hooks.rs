//! The playground's custom hooks.

pub mod decisions;
