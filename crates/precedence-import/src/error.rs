//! Why a file could not be imported: which file, where in it, what is wrong and what to do.

use std::fmt;

use precedence::span::Position;

/// A file that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The file's name as given.
    pub file: String,
    /// Where in the file, when the problem is at a place.
    pub position: Option<Position>,
    /// The JSON path of the value at fault (`RoleDetailList[3].RolePolicyList[0]`), if any.
    pub path: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(position) = self.position {
            write!(f, ":{}:{}", position.line, position.column)?;
        }
        write!(f, ": ")?;
        if let Some(path) = &self.path {
            write!(f, "at `{path}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ImportError {}
