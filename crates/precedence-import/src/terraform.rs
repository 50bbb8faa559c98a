//! `terraform show -json PLAN`: the IAM, S3, VPC endpoint and Organizations resources of a plan.

use serde_json::Value as Json;

use crate::detect::Reading;
use crate::ImportError;

/// Read a Terraform plan.
pub(crate) fn read(_value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    Err(reading.error(
        ".",
        "Terraform plans are not read yet",
        "wait for the Terraform import",
    ))
}
