//! Why a catalog file could not be read, and on which line.

use thiserror::Error;

/// A catalog file that cannot be read: the line (1-based) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("line {line} of the catalog: {kind}")]
pub struct CatalogError {
    /// The line, counting from 1.
    pub line: usize,
    /// What is wrong.
    pub kind: CatalogErrorKind,
}

/// What is wrong with a line of a catalog file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CatalogErrorKind {
    /// The first line is not `precedence-catalog`, a version, a package and its version.
    #[error("the file does not start with a `precedence-catalog` header")]
    MissingHeader,
    /// The header names a format version this build does not read.
    #[error("format version `{0}` is not supported; this build reads version 1")]
    UnsupportedVersion(String),
    /// The file is larger than 4 GiB.
    #[error("the file is too large")]
    TooLarge,
    /// An empty line before the end of the file.
    #[error("an empty line")]
    EmptyLine,
    /// A line whose first field is not a known record kind.
    #[error("`{0}` is not a kind of line (g, s, k, r or a)")]
    UnknownRecord(String),
    /// A line with the wrong number of fields.
    #[error("a `{record}` line has {found} fields, not {expected}")]
    FieldCount {
        /// The kind of line.
        record: String,
        /// How many fields it needs.
        expected: &'static str,
        /// How many it has.
        found: usize,
    },
    /// An empty field where a name is needed.
    #[error("field {0} is empty")]
    EmptyField(usize),
    /// A service prefix or action name with a character that cannot be in one.
    #[error("`{0}` cannot be a service prefix or action name")]
    BadName(String),
    /// A line out of its place: a global key after the services, a service's line before any
    /// service, or a key after a resource type or action of the same service.
    #[error("a `{record}` line cannot come here: {rule}")]
    OutOfPlace {
        /// The kind of line.
        record: String,
        /// The rule it breaks.
        rule: &'static str,
    },
    /// A name not after the previous one of its kind (sorted and unique, ignoring case).
    #[error(
        "`{name}` does not come after `{previous}`: names must be sorted and unique ignoring case"
    )]
    OutOfOrder {
        /// The previous name of the same kind.
        previous: String,
        /// This line's name.
        name: String,
    },
    /// A condition key type that is not one of the reference's.
    #[error("`{0}` is not a condition key type")]
    UnknownKeyType(String),
    /// An access level code that is not `L`, `R`, `W`, `T` or `P`.
    #[error("`{0}` is not an access level (L, R, W, T or P)")]
    UnknownAccessLevel(String),
    /// An index list that is not comma-separated numbers.
    #[error("`{0}` is not a list of indexes")]
    BadIndexList(String),
    /// An index past the service's keys or resource types.
    #[error("index {index} is past the service's {count} {what}")]
    IndexOutOfRange {
        /// The index.
        index: usize,
        /// How many there are.
        count: usize,
        /// Of what.
        what: &'static str,
    },
}
