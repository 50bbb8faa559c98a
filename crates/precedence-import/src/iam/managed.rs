//! `Policies`: each managed policy with its versions, of which the default one is the policy.

use std::collections::HashSet;

use serde_json::{Map, Value as Json};

use super::fields::{self, item, member};
use crate::detect::Reading;
use crate::ImportError;

/// Read every entry of `Policies` into the builder: its default version's document under its
/// ARN. The ARNs defined are returned, for the attachments to be checked against.
pub(super) fn read(
    root: &Map<String, Json>,
    reading: &mut Reading<'_>,
) -> Result<HashSet<String>, ImportError> {
    let mut defined = HashSet::new();
    for (index, entry) in fields::list(root, "", "Policies", reading)?
        .iter()
        .enumerate()
    {
        let path = item("Policies", index);
        let policy = fields::object(entry, &path, reading)?;
        let arn = fields::string(policy, &path, "Arn", reading)?;
        let versions = fields::list(policy, &path, "PolicyVersionList", reading)?;
        let Some(version) = default_version(policy, versions, &path, reading)? else {
            reading.note(
                Some(&path),
                format!("the managed policy `{arn}` has no default version in the file (`PolicyVersionList` lacks the version `DefaultVersionId` names), so it is left out, and so are its attachments"),
            );
            continue;
        };
        let version_path = item(&member(&path, "PolicyVersionList"), version);
        let version = fields::object(&versions[version], &version_path, reading)?;
        let Some(document) = fields::document(version, &version_path, "Document", reading)? else {
            return Err(reading.error(
                &version_path,
                format!("the default version of `{arn}` has no `Document`"),
                "import the file as the AWS CLI printed it: each version in `PolicyVersionList` has its `Document`",
            ));
        };
        let file = reading.file.name;
        reading.builder.managed_policy(file, arn, document);
        defined.insert(arn.to_owned());
    }
    reading.took("managed policies", defined.len());
    Ok(defined)
}

/// The position in `versions` (the policy's `PolicyVersionList`) of its default version: the
/// one marked `IsDefaultVersion`, else the one `DefaultVersionId` names.
fn default_version(
    policy: &Map<String, Json>,
    versions: &[Json],
    path: &str,
    reading: &Reading<'_>,
) -> Result<Option<usize>, ImportError> {
    let list_path = member(path, "PolicyVersionList");
    let mut marked = None;
    let mut named = None;
    let default_id = fields::optional_string(policy, path, "DefaultVersionId", reading)?;
    for (index, entry) in versions.iter().enumerate() {
        let version_path = item(&list_path, index);
        let version = fields::object(entry, &version_path, reading)?;
        if version.get("IsDefaultVersion") == Some(&Json::Bool(true)) {
            marked.get_or_insert(index);
        }
        let id = fields::optional_string(version, &version_path, "VersionId", reading)?;
        if id.is_some() && id == default_id {
            named.get_or_insert(index);
        }
    }
    Ok(marked.or(named))
}
