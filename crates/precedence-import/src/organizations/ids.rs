//! The ids of AWS Organizations (roots, OUs, accounts, policies), the organization an
//! Organizations ARN names, and the id a file's name carries.
//!
//! The id patterns are those of the Organizations API reference (`ParentId`, `PolicyId`,
//! `Account.Id`: <https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccountsForParent.html>).

/// Whether `text` is a root id: `r-` and 4 to 32 lowercase letters or digits.
pub(crate) fn is_root_id(text: &str) -> bool {
    text.strip_prefix("r-")
        .is_some_and(|rest| lower_alphanumeric(rest, 4, 32))
}

/// Whether `text` is an OU id: `ou-`, 4 to 32 lowercase letters or digits (the root's part),
/// `-`, and 8 to 32 more.
pub(crate) fn is_unit_id(text: &str) -> bool {
    text.strip_prefix("ou-")
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(root, own)| {
            lower_alphanumeric(root, 4, 32) && lower_alphanumeric(own, 8, 32)
        })
}

/// Whether `text` is a root or OU id: what `--parent-id` takes.
pub(crate) fn is_parent_id(text: &str) -> bool {
    is_root_id(text) || is_unit_id(text)
}

/// Whether `text` is a policy id: `p-` and 8 to 128 letters, digits or underscores
/// (`p-examplepolicyid111`, `p-FullAWSAccess`).
pub(crate) fn is_policy_id(text: &str) -> bool {
    text.strip_prefix("p-").is_some_and(|rest| {
        (8..=128).contains(&rest.len())
            && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// Whether `text` is a 12-digit account id.
pub(crate) fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

fn lower_alphanumeric(text: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The organization an Organizations ARN names:
/// `arn:aws:organizations::MANAGEMENT:TYPE/o-ORG/…`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ArnOrganization<'a> {
    /// The account the ARN is in: the management account.
    pub(crate) management_account: &'a str,
    /// The organization's id (`o-…`).
    pub(crate) id: &'a str,
}

/// What an Organizations ARN says of its organization.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ArnReading<'a> {
    /// The ARN names the organization and its management account.
    Organization(ArnOrganization<'a>),
    /// An AWS managed policy (`arn:aws:organizations::aws:policy/…`): it belongs to no
    /// organization.
    AwsManaged,
    /// Not an Organizations ARN of a root, OU, account or policy.
    Unreadable,
}

/// Read an Organizations ARN.
pub(crate) fn read_arn(arn: &str) -> ArnReading<'_> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, _partition, service, region, account, resource] = parts.as_slice() else {
        return ArnReading::Unreadable;
    };
    if *prefix != "arn" || *service != "organizations" || !region.is_empty() {
        return ArnReading::Unreadable;
    }
    if *account == "aws" {
        return ArnReading::AwsManaged;
    }
    let mut steps = resource.split('/');
    let kind = steps.next();
    let organization = steps.next();
    match (kind, organization) {
        (Some("root" | "ou" | "account" | "policy"), Some(id))
            if is_account_id(account) && is_organization_id(id) =>
        {
            ArnReading::Organization(ArnOrganization {
                management_account: account,
                id,
            })
        }
        _ => ArnReading::Unreadable,
    }
}

/// Whether `text` is an organization id: `o-` and 10 to 32 lowercase letters or digits.
fn is_organization_id(text: &str) -> bool {
    text.strip_prefix("o-")
        .is_some_and(|rest| lower_alphanumeric(rest, 10, 32))
}

/// The ids a file's name carries: each part of its base name (without directories) between
/// dots that is, whole, an id `wanted` accepts. `p-examplepolicyid111.targets.json` carries
/// `p-examplepolicyid111`.
pub(crate) fn in_file_name(file: &str, wanted: fn(&str) -> bool) -> Vec<&str> {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let mut found: Vec<&str> = Vec::new();
    for part in base.split('.') {
        if wanted(part) && !found.contains(&part) {
            found.push(part);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_told_apart_by_their_documented_patterns() {
        assert!(is_root_id("r-examplerootid111"));
        assert!(!is_root_id("r-ab"), "too short");
        assert!(is_unit_id("ou-examplerootid111-exampleouid111"));
        assert!(!is_unit_id("ou-examplerootid111"), "no OU part");
        assert!(
            !is_unit_id("ou-Examplerootid111-exampleouid111"),
            "uppercase"
        );
        assert!(is_policy_id("p-examplepolicyid111"));
        assert!(is_policy_id("p-FullAWSAccess"));
        assert!(!is_policy_id("p-short"));
        assert!(is_account_id("111122223333"));
        assert!(!is_account_id("11112222333"));
    }

    #[test]
    fn an_arn_names_its_organization_and_management_account() {
        assert_eq!(
            read_arn("arn:aws:organizations::111111111111:ou/o-exampleorgid/ou-examplerootid111-exampleouid111"),
            ArnReading::Organization(ArnOrganization {
                management_account: "111111111111",
                id: "o-exampleorgid"
            })
        );
        assert_eq!(
            read_arn("arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"),
            ArnReading::AwsManaged
        );
        assert_eq!(read_arn("arn:aws:s3:::bucket"), ArnReading::Unreadable);
        assert_eq!(
            read_arn("arn:aws:organizations::111111111111:handshake/o-exampleorgid/h-1"),
            ArnReading::Unreadable
        );
    }

    #[test]
    fn a_file_name_carries_an_id_as_a_part_between_dots() {
        assert_eq!(
            in_file_name("p-examplepolicyid111.targets.json", is_policy_id),
            ["p-examplepolicyid111"]
        );
        assert_eq!(
            in_file_name(
                "org/r-examplerootid111/ou-examplerootid111-exampleouid111.units.json",
                is_parent_id
            ),
            ["ou-examplerootid111-exampleouid111"]
        );
        assert!(in_file_name("targets-p-examplepolicyid111.json", is_policy_id).is_empty());
        assert_eq!(
            in_file_name(
                "r-examplerootid111.ou-examplerootid111-exampleouid111.json",
                is_parent_id
            )
            .len(),
            2
        );
    }
}
