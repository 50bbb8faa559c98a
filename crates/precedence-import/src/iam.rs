//! `aws iam get-account-authorization-details`: users, groups, roles and managed policies, as
//! the IAM API reference (GetAccountAuthorizationDetails) and the AWS CLI reference
//! (`get-account-authorization-details`) document the output. Documents are read as the CLI
//! prints them (JSON objects) or as the API returns them (URL-encoded text).

mod entities;
mod fields;
mod managed;

use serde_json::{Map, Value as Json};

use crate::detect::Reading;
use crate::ImportError;

/// Read an authorization-details file: its managed policies (each by its default version),
/// its groups, users and roles.
pub(crate) fn read(value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    let root = fields::object(value, "", reading)?;
    note_page(root, reading);
    let policies = managed::read(root, reading)?;
    let known = entities::groups(root, policies, reading)?;
    entities::users(root, &known, reading)?;
    entities::roles(root, &known, reading)?;
    Ok(())
}

/// Say so when the file is one page of several: `IsTruncated` with the API's `Marker`, or the
/// CLI's `NextToken` when it was given `--max-items`.
fn note_page(root: &Map<String, Json>, reading: &mut Reading<'_>) {
    let truncated = root.get("IsTruncated") == Some(&Json::Bool(true));
    let marker = root.get("Marker").and_then(Json::as_str);
    let next_token = root.get("NextToken").and_then(Json::as_str);
    if let Some(token) = next_token {
        reading.note(
            Some("NextToken"),
            format!("the file is one page of the account's authorization details (the AWS CLI was given --max-items): what is on later pages is missing; run `aws iam get-account-authorization-details` without --max-items, which fetches every page, or import each page too (the next one with --starting-token {token})"),
        );
    } else if truncated {
        let next = marker.map_or_else(String::new, |marker| {
            format!(" (the next one with Marker `{marker}`)")
        });
        reading.note(
            Some("IsTruncated"),
            format!("the file is one page of the account's authorization details (`IsTruncated` is true): what is on later pages is missing; run `aws iam get-account-authorization-details` (the AWS CLI fetches every page itself unless given --max-items or --no-paginate), or import every page{next}"),
        );
    }
}
