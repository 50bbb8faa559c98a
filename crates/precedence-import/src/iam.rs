//! `aws iam get-account-authorization-details`: users, groups, roles and managed policies.

use serde_json::Value as Json;

use crate::detect::Reading;
use crate::ImportError;

/// Read an authorization-details file.
pub(crate) fn read(_value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    Err(reading.error(
        ".",
        "authorization details are not read yet",
        "wait for the IAM import",
    ))
}
