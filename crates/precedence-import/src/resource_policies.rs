//! Resource-based policies as the AWS CLI prints them: S3, KMS, VPC endpoints, SQS, DynamoDB,
//! Secrets Manager.

use serde_json::{Map, Value as Json};

use crate::detect::{Kind, Reading};
use crate::{ImportError, ImportOptions};

/// The resource-policy kind an object's shape (and `--resource`) shows, if any.
pub(crate) fn kind_of(_object: &Map<String, Json>, _options: &ImportOptions) -> Option<Kind> {
    None
}

/// Read a resource-policy file of `kind`.
pub(crate) fn read(
    _kind: Kind,
    _value: &Json,
    reading: &mut Reading<'_>,
) -> Result<(), ImportError> {
    Err(reading.error(
        ".",
        "resource policies are not read yet",
        "wait for the resource-policy import",
    ))
}
