//! AWS Organizations output: policies, their targets, the root, OUs and accounts.

use serde_json::{Map, Value as Json};

use crate::detect::{Kind, Reading};
use crate::ImportError;

/// The Organizations kind an object's shape shows, if any.
pub(crate) fn kind_of(_object: &Map<String, Json>) -> Option<Kind> {
    None
}

/// Read an Organizations file of `kind`.
pub(crate) fn read(
    _kind: Kind,
    _value: &Json,
    reading: &mut Reading<'_>,
) -> Result<(), ImportError> {
    Err(reading.error(
        ".",
        "Organizations output is not read yet",
        "wait for the Organizations import",
    ))
}
