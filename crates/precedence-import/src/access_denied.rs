//! An AccessDenied as users meet it: a CloudTrail event, or the message text AWS prints.

use serde_json::{Map, Value as Json};

use crate::detect::Reading;
use crate::ImportError;

/// Whether `text` reads as an AccessDenied message.
pub(crate) fn is_message(_text: &str) -> bool {
    false
}

/// Whether an object is a CloudTrail event (or a file of `Records`).
pub(crate) fn is_event(_object: &Map<String, Json>) -> bool {
    false
}

/// Read a CloudTrail event file.
pub(crate) fn read_event(_value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    Err(reading.error(
        ".",
        "CloudTrail events are not read yet",
        "wait for the AccessDenied import",
    ))
}

/// Read an AccessDenied message.
pub(crate) fn read_message(_text: &str, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    Err(reading.error(
        ".",
        "AccessDenied messages are not read yet",
        "wait for the AccessDenied import",
    ))
}
