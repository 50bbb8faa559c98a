//! The policy editor's text logic: what to colour, where to mark findings, what to complete,
//! what to say on hover, how to format and which bracket matches. Pure functions of the text
//! (and of the service catalog), tested natively; the components draw what they return.

pub mod brackets;
pub mod complete;
pub mod format;
pub mod hover;
pub mod layers;
pub mod place;
pub mod tokens;
pub mod typing;
