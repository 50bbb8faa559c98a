//! The members of an authorization-details file read with the JSON path of each, so that a
//! value of the wrong shape is an error located where it sits.

use serde_json::{Map, Value as Json};

use precedence::scenario::Document;

use crate::detect::Reading;
use crate::document::policy_document;
use crate::ImportError;

/// What to do about a file whose shape is not the documented one.
const SHAPE_HELP: &str = "import the JSON `aws iam get-account-authorization-details` printed, unedited (its shape is in the IAM API reference, GetAccountAuthorizationDetails)";

/// The path of member `key` under `path` (`""` for the root).
pub(super) fn member(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The path of item `index` of the list at `path`.
pub(super) fn item(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// The value at `path`, which must be an object.
pub(super) fn object<'v>(
    value: &'v Json,
    path: &str,
    reading: &Reading<'_>,
) -> Result<&'v Map<String, Json>, ImportError> {
    value.as_object().ok_or_else(|| {
        reading.error(
            located(path),
            format!("expected an object here, found {}", kind_name(value)),
            SHAPE_HELP,
        )
    })
}

/// The list `key` of `object` (at `path`); an absent or null member is an empty list.
pub(super) fn list<'v>(
    object: &'v Map<String, Json>,
    path: &str,
    key: &str,
    reading: &Reading<'_>,
) -> Result<&'v [Json], ImportError> {
    match object.get(key) {
        None | Some(Json::Null) => Ok(&[]),
        Some(Json::Array(items)) => Ok(items),
        Some(other) => Err(reading.error(
            &member(path, key),
            format!("`{key}` should be a list, found {}", kind_name(other)),
            SHAPE_HELP,
        )),
    }
}

/// The string `key` of `object` (at `path`), which must be there.
pub(super) fn string<'v>(
    object: &'v Map<String, Json>,
    path: &str,
    key: &str,
    reading: &Reading<'_>,
) -> Result<&'v str, ImportError> {
    match optional_string(object, path, key, reading)? {
        Some(text) => Ok(text),
        None => Err(reading.error(
            located(path),
            format!("this entry has no `{key}`"),
            format!("every entry of this list has its `{key}`: {SHAPE_HELP}"),
        )),
    }
}

/// The string `key` of `object` (at `path`), if it is there.
pub(super) fn optional_string<'v>(
    object: &'v Map<String, Json>,
    path: &str,
    key: &str,
    reading: &Reading<'_>,
) -> Result<Option<&'v str>, ImportError> {
    match object.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(text)) => Ok(Some(text)),
        Some(other) => Err(reading.error(
            &member(path, key),
            format!("`{key}` should be a string, found {}", kind_name(other)),
            SHAPE_HELP,
        )),
    }
}

/// The policy document `key` of `object` (at `path`), if it is there: a JSON object as the
/// CLI prints it, or the URL-encoded text IAM's API returns.
pub(super) fn document(
    object: &Map<String, Json>,
    path: &str,
    key: &str,
    reading: &Reading<'_>,
) -> Result<Option<Document>, ImportError> {
    let Some(value) = object.get(key) else {
        return Ok(None);
    };
    policy_document(value).map(Some).map_err(|message| {
        reading.error(
            &member(path, key),
            message,
            "a policy document is a JSON object (as the AWS CLI prints it) or its text, URL-encoded as IAM's API returns it",
        )
    })
}

/// The path an error at `path` is located at: the whole file for the root.
fn located(path: &str) -> &str {
    if path.is_empty() {
        "."
    } else {
        path
    }
}

/// What a JSON value is, for messages.
fn kind_name(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}
