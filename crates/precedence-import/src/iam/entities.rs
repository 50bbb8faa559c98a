//! `GroupDetailList`, `UserDetailList` and `RoleDetailList`: groups, users and roles with
//! their inline policies, attachments, boundary and tags. An attachment to a policy, or a
//! membership of a group, that the file does not describe is left out with a note: the
//! scenario only names what it holds.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value as Json};

use precedence::scenario::{Group, InlinePolicy, Principal};

use super::fields::{self, item, member};
use crate::detect::Reading;
use crate::ImportError;

/// What the file defines, for its users', groups' and roles' references.
pub(super) struct Known {
    /// The managed policies read, by ARN.
    pub(super) policies: HashSet<String>,
    /// The groups read: `(account, name)` to ARN.
    groups: HashMap<(String, String), String>,
}

/// Which list an entity comes from, and the names of its members.
struct Kind {
    list: &'static str,
    what: &'static str,
    resource: &'static str,
    inline: &'static str,
}

const USERS: Kind = Kind {
    list: "UserDetailList",
    what: "users",
    resource: "user/",
    inline: "UserPolicyList",
};

const ROLES: Kind = Kind {
    list: "RoleDetailList",
    what: "roles",
    resource: "role/",
    inline: "RolePolicyList",
};

/// Read `GroupDetailList` into the builder; what the file defines is returned.
pub(super) fn groups(
    root: &Map<String, Json>,
    policies: HashSet<String>,
    reading: &mut Reading<'_>,
) -> Result<Known, ImportError> {
    let mut known = Known {
        policies,
        groups: HashMap::new(),
    };
    let entries = fields::list(root, "", "GroupDetailList", reading)?;
    for (index, entry) in entries.iter().enumerate() {
        let path = item("GroupDetailList", index);
        let object = fields::object(entry, &path, reading)?;
        let arn = fields::string(object, &path, "Arn", reading)?;
        let Some((_, account)) = iam_arn(arn, "group/") else {
            return Err(not_an_arn(reading, &path, arn, "group"));
        };
        let name = match fields::optional_string(object, &path, "GroupName", reading)? {
            Some(name) => name,
            None => arn.rsplit('/').next().unwrap_or(arn),
        };
        let group = Group {
            arn: arn.to_owned(),
            inline_policies: inline(object, &path, "GroupPolicyList", reading)?,
            attached_policies: attached(object, &path, &known, reading)?,
        };
        known
            .groups
            .insert((account.to_owned(), name.to_owned()), arn.to_owned());
        reading.builder.group(group);
    }
    reading.took("groups", entries.len());
    Ok(known)
}

/// Read `UserDetailList` into the builder.
pub(super) fn users(
    root: &Map<String, Json>,
    known: &Known,
    reading: &mut Reading<'_>,
) -> Result<(), ImportError> {
    principals(root, &USERS, known, reading)
}

/// Read `RoleDetailList` into the builder.
pub(super) fn roles(
    root: &Map<String, Json>,
    known: &Known,
    reading: &mut Reading<'_>,
) -> Result<(), ImportError> {
    principals(root, &ROLES, known, reading)
}

fn principals(
    root: &Map<String, Json>,
    kind: &Kind,
    known: &Known,
    reading: &mut Reading<'_>,
) -> Result<(), ImportError> {
    let entries = fields::list(root, "", kind.list, reading)?;
    for (index, entry) in entries.iter().enumerate() {
        let path = item(kind.list, index);
        let object = fields::object(entry, &path, reading)?;
        let arn = fields::string(object, &path, "Arn", reading)?;
        let Some((partition, account)) = iam_arn(arn, kind.resource) else {
            return Err(not_an_arn(
                reading,
                &path,
                arn,
                kind.resource.trim_end_matches('/'),
            ));
        };
        let groups = if kind.list == USERS.list {
            memberships(object, &path, (partition, account), known, reading)?
        } else {
            Vec::new()
        };
        let trust_policy = if kind.list == ROLES.list {
            fields::document(object, &path, "AssumeRolePolicyDocument", reading)?
        } else {
            None
        };
        let principal = Principal {
            arn: arn.to_owned(),
            inline_policies: inline(object, &path, kind.inline, reading)?,
            attached_policies: attached(object, &path, known, reading)?,
            groups,
            permissions_boundary: boundary(object, &path, known, reading)?,
            tags: tags(object, &path, reading)?,
            trust_policy,
        };
        reading.builder.principal(principal);
    }
    reading.took(kind.what, entries.len());
    Ok(())
}

/// The inline policies in the list `key` (`UserPolicyList`, `GroupPolicyList`,
/// `RolePolicyList`).
fn inline(
    object: &Map<String, Json>,
    path: &str,
    key: &str,
    reading: &mut Reading<'_>,
) -> Result<Vec<InlinePolicy>, ImportError> {
    let list_path = member(path, key);
    let mut policies = Vec::new();
    for (index, entry) in fields::list(object, path, key, reading)?.iter().enumerate() {
        let policy_path = item(&list_path, index);
        let policy = fields::object(entry, &policy_path, reading)?;
        let name = fields::string(policy, &policy_path, "PolicyName", reading)?;
        let Some(document) = fields::document(policy, &policy_path, "PolicyDocument", reading)?
        else {
            return Err(reading.error(
                &policy_path,
                format!("the inline policy `{name}` has no `PolicyDocument`"),
                "import the file as the AWS CLI printed it: each inline policy has its `PolicyDocument`",
            ));
        };
        policies.push(InlinePolicy {
            name: name.to_owned(),
            document,
        });
    }
    reading.took("inline policies", policies.len());
    Ok(policies)
}

/// The ARNs of `AttachedManagedPolicies` whose documents the file holds; each other one is
/// noted.
fn attached(
    object: &Map<String, Json>,
    path: &str,
    known: &Known,
    reading: &mut Reading<'_>,
) -> Result<Vec<String>, ImportError> {
    let list_path = member(path, "AttachedManagedPolicies");
    let mut arns = Vec::new();
    let entries = fields::list(object, path, "AttachedManagedPolicies", reading)?;
    for (index, entry) in entries.iter().enumerate() {
        let attachment_path = item(&list_path, index);
        let attachment = fields::object(entry, &attachment_path, reading)?;
        let arn = fields::string(attachment, &attachment_path, "PolicyArn", reading)?;
        if known.policies.contains(arn) {
            arns.push(arn.to_owned());
        } else {
            reading.note(Some(&attachment_path), missing_policy(arn, "attached"));
        }
    }
    Ok(arns)
}

/// The permissions boundary's ARN, when the file holds its document; noted when it does not.
fn boundary(
    object: &Map<String, Json>,
    path: &str,
    known: &Known,
    reading: &mut Reading<'_>,
) -> Result<Option<String>, ImportError> {
    let Some(value) = object.get("PermissionsBoundary") else {
        return Ok(None);
    };
    let boundary_path = member(path, "PermissionsBoundary");
    let boundary = fields::object(value, &boundary_path, reading)?;
    let arn = fields::string(boundary, &boundary_path, "PermissionsBoundaryArn", reading)?;
    if known.policies.contains(arn) {
        Ok(Some(arn.to_owned()))
    } else {
        let message = format!(
            "{}; until then the scenario evaluates it without a boundary, allowing more than AWS does",
            missing_policy(arn, "its permissions boundary")
        );
        reading.note(Some(&boundary_path), message);
        Ok(None)
    }
}

/// The ARNs of the groups a user's `GroupList` names, from the file's `GroupDetailList`; each
/// group the file does not describe is noted.
fn memberships(
    object: &Map<String, Json>,
    path: &str,
    (partition, account): (&str, &str),
    known: &Known,
    reading: &mut Reading<'_>,
) -> Result<Vec<String>, ImportError> {
    let list_path = member(path, "GroupList");
    let mut arns = Vec::new();
    for (index, entry) in fields::list(object, path, "GroupList", reading)?
        .iter()
        .enumerate()
    {
        let name_path = item(&list_path, index);
        let Some(name) = entry.as_str() else {
            return Err(reading.error(
                &name_path,
                "a `GroupList` entry should be the name of a group",
                "import the file as the AWS CLI printed it: `GroupList` lists group names",
            ));
        };
        match known.groups.get(&(account.to_owned(), name.to_owned())) {
            Some(arn) => arns.push(arn.clone()),
            None => reading.note(
                Some(&name_path),
                format!("the user is in the group `{name}` (`arn:{partition}:iam::{account}:group/{name}` if its path is `/`), whose policies are not in the file, so the membership is left out: import the file made without --filter, or add the group under groups"),
            ),
        }
    }
    Ok(arns)
}

/// `Tags` as a map of key to value.
fn tags(
    object: &Map<String, Json>,
    path: &str,
    reading: &Reading<'_>,
) -> Result<BTreeMap<String, String>, ImportError> {
    let list_path = member(path, "Tags");
    let mut tags = BTreeMap::new();
    for (index, entry) in fields::list(object, path, "Tags", reading)?
        .iter()
        .enumerate()
    {
        let tag_path = item(&list_path, index);
        let tag = fields::object(entry, &tag_path, reading)?;
        let key = fields::string(tag, &tag_path, "Key", reading)?;
        let value = fields::optional_string(tag, &tag_path, "Value", reading)?;
        tags.insert(key.to_owned(), value.unwrap_or_default().to_owned());
    }
    Ok(tags)
}

/// What to say of a managed policy referred to (`attached`, `its permissions boundary`) whose
/// document the file does not hold.
fn missing_policy(arn: &str, how: &str) -> String {
    let owner = if arn.contains(":iam::aws:policy/") {
        "AWS managed policy"
    } else {
        "managed policy"
    };
    format!("the {owner} `{arn}` is {how} but its document is not in the file, so it is left out: import the file made without --filter, or add it under managed_policies")
}

/// The partition and account of `arn:PARTITION:iam::ACCOUNT:RESOURCE`, when `RESOURCE`
/// starts with `resource` (`user/`, `role/`, `group/`) and names something.
fn iam_arn<'a>(arn: &'a str, resource: &str) -> Option<(&'a str, &'a str)> {
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    let ["arn", partition, "iam", "", account, rest] = fields.as_slice() else {
        return None;
    };
    let named = rest
        .strip_prefix(resource)
        .is_some_and(|name| !name.is_empty() && !name.ends_with('/'));
    (named && account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
        .then_some((*partition, *account))
}

fn not_an_arn(reading: &Reading<'_>, path: &str, arn: &str, what: &str) -> ImportError {
    reading.error(
        &member(path, "Arn"),
        format!("`{arn}` is not the ARN of an IAM {what}"),
        format!("each entry's `Arn` is `arn:aws:iam::ACCOUNT:{what}/NAME` (with its path): import the file as the AWS CLI printed it"),
    )
}

#[cfg(test)]
mod tests {
    use super::iam_arn;

    #[test]
    fn an_iam_arn_gives_its_partition_and_account_when_it_names_its_kind() {
        assert_eq!(
            iam_arn("arn:aws:iam::111122223333:user/ops/bob", "user/"),
            Some(("aws", "111122223333"))
        );
        assert_eq!(
            iam_arn("arn:aws-cn:iam::111122223333:group/Developers", "group/"),
            Some(("aws-cn", "111122223333"))
        );
        assert_eq!(
            iam_arn("arn:aws:iam::111122223333:role/AppRole", "user/"),
            None
        );
        assert_eq!(iam_arn("arn:aws:iam::111122223333:user/", "user/"), None);
        assert_eq!(iam_arn("arn:aws:iam::1111:user/alice", "user/"), None);
        assert_eq!(
            iam_arn("arn:aws:sts::111122223333:user/alice", "user/"),
            None
        );
    }
}
