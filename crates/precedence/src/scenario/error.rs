//! Why a scenario file cannot be used.

use thiserror::Error;

use crate::span::Position;

/// A scenario file that cannot be used, with where and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScenarioError {
    /// The bytes are not UTF-8.
    #[error("{}:{}: the file is not valid UTF-8", position.line, position.column)]
    InvalidUtf8 {
        /// Where the first invalid byte is.
        position: Position,
    },
    /// The file is larger than the loader accepts.
    #[error("the file is {bytes} bytes; scenario files may be at most 64 MiB")]
    TooLarge {
        /// The file's size.
        bytes: usize,
    },
    /// The text is not JSON.
    #[error("{}:{}: {message}", position.line, position.column)]
    Syntax {
        /// What is wrong.
        message: String,
        /// Where.
        position: Position,
    },
    /// The JSON does not have the scenario shape.
    #[error("{}:{}: at `{path}`: {message}", position.line, position.column)]
    Shape {
        /// What is wrong.
        message: String,
        /// The JSON path of the offending value, e.g. `requests[0].principal`.
        path: String,
        /// Where.
        position: Position,
    },
    /// The model names something the scenario does not hold, or holds twice.
    #[error("{}:{}: at `{path}`: {message}", position.line, position.column)]
    Reference {
        /// What is wrong, with the names that do exist.
        message: String,
        /// The JSON path of the offending value, e.g. `principals[0].groups[1]`.
        path: String,
        /// Where.
        position: Position,
        /// What to do.
        help: String,
    },
}

impl ScenarioError {
    /// Advice on what to do.
    pub fn help(&self) -> &str {
        match self {
            ScenarioError::InvalidUtf8 { .. } => "save the file as UTF-8",
            ScenarioError::TooLarge { .. } => "split the scenario into several files",
            ScenarioError::Syntax { .. } => "fix the JSON syntax at this position",
            ScenarioError::Shape { .. } => {
                "see the scenario format in the README: top-level keys are name, description, organization, managed_policies, groups, principals, resources, policies, requests"
            }
            ScenarioError::Reference { help, .. } => help,
        }
    }

    /// Where the problem is, if known.
    pub fn position(&self) -> Option<Position> {
        match self {
            ScenarioError::InvalidUtf8 { position }
            | ScenarioError::Syntax { position, .. }
            | ScenarioError::Shape { position, .. }
            | ScenarioError::Reference { position, .. } => Some(*position),
            ScenarioError::TooLarge { .. } => None,
        }
    }
}
