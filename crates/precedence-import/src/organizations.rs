//! AWS Organizations output: policies, their targets, the root, OUs and accounts, as the AWS
//! CLI prints them (`aws organizations describe-policy`, `list-targets-for-policy`,
//! `list-roots`, `list-organizational-units-for-parent`, `list-accounts-for-parent`; the shapes
//! are those of the AWS CLI reference,
//! <https://docs.aws.amazon.com/cli/latest/reference/organizations/>).
//!
//! Every root, OU, account and policy ARN names the organization (`o-…`) and, as the account
//! it is in, the management account: both are taken from the first ARN read.
//!
//! # The id a file's name gives
//!
//! Three of these outputs do not say what they were asked about: `list-targets-for-policy`
//! lists targets without their policy, and `list-organizational-units-for-parent` and
//! `list-accounts-for-parent` list children without their parent. The file's name says it: a
//! part of the name (directories left aside) between dots that is, whole, the id given as
//! `--policy-id` or `--parent-id`:
//!
//! - `p-examplepolicyid111.targets.json`, `p-FullAWSAccess.targets.json`: the targets of that
//!   policy;
//! - `r-examplerootid111.units.json`, `ou-examplerootid111-exampleouid111.accounts.json`: the
//!   OUs or accounts directly in that root or OU.
//!
//! Targets whose file names no policy go to the one policy imported without targets of its
//! own ([`crate::Builder::attach`]). OUs or accounts whose file names no parent are an error:
//! an OU's id (`ou-ROOT-SUFFIX`) names its root, not its parent, so nothing else tells it.

mod ids;

use serde_json::{Map, Value as Json};

use precedence::PolicyType;

use crate::detect::{Kind, Reading};
use crate::document::policy_document;
use crate::ImportError;
use ids::ArnReading;

/// The Organizations kind an object's shape shows, if any.
pub(crate) fn kind_of(object: &Map<String, Json>) -> Option<Kind> {
    let array = |key: &str| object.get(key).is_some_and(Json::is_array);
    let described = object
        .get("Policy")
        .and_then(Json::as_object)
        .is_some_and(|policy| {
            policy.contains_key("PolicySummary") || policy.contains_key("Content")
        });
    if described {
        Some(Kind::OrganizationsPolicy)
    } else if array("Targets") {
        Some(Kind::OrganizationsTargets)
    } else if array("Roots") {
        Some(Kind::OrganizationsRoots)
    } else if array("OrganizationalUnits") {
        Some(Kind::OrganizationsUnits)
    } else if array("Accounts") {
        Some(Kind::OrganizationsAccounts)
    } else {
        None
    }
}

/// Read an Organizations file of `kind`.
pub(crate) fn read(kind: Kind, value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    match kind {
        Kind::OrganizationsPolicy => read_policy(value, reading),
        Kind::OrganizationsTargets => read_targets(value, reading),
        Kind::OrganizationsRoots => read_roots(value, reading),
        Kind::OrganizationsUnits => read_units(value, reading),
        Kind::OrganizationsAccounts => read_accounts(value, reading),
        other => Err(reading.error(
            ".",
            format!(
                "`{}` output is not AWS Organizations output",
                other.describe()
            ),
            "import it on its own: its kind is read elsewhere",
        )),
    }
}

/// `describe-policy`: an SCP or RCP, waiting for its targets. Other policy types are noted and
/// left out.
fn read_policy(value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    let at = "Policy.PolicySummary";
    let summary = value
        .get("Policy")
        .and_then(|policy| policy.get("PolicySummary"))
        .filter(|summary| summary.is_object())
        .ok_or_else(|| {
            reading.error(
                "Policy",
                "`Policy` has no `PolicySummary` object",
                "import the output of `aws organizations describe-policy --policy-id ID` as the CLI prints it",
            )
        })?;
    let id = string(summary, at, "Id", reading)?;
    if !ids::is_policy_id(id) {
        return Err(reading.error(
            &format!("{at}.Id"),
            format!("`{id}` is not a policy id"),
            "a policy id is `p-` and 8 to 128 letters, digits or underscores (`p-examplepolicyid111`, `p-FullAWSAccess`)",
        ));
    }
    let name = optional_string(summary, at, "Name", reading)?.unwrap_or(id);
    let type_name = string(summary, at, "Type", reading)?;
    let policy_type = match type_name {
        "SERVICE_CONTROL_POLICY" => PolicyType::Scp,
        "RESOURCE_CONTROL_POLICY" => PolicyType::Rcp,
        other => {
            reading.note(
                Some(&format!("{at}.Type")),
                format!("`{name}` is a {other}: not an access policy (only service and resource control policies decide requests), so it was not taken in"),
            );
            return Ok(());
        }
    };
    if let Some(arn) = optional_string(summary, at, "Arn", reading)? {
        organization_from_arn(arn, &format!("{at}.Arn"), reading);
    }
    let content = value
        .get("Policy")
        .and_then(|policy| policy.get("Content"))
        .ok_or_else(|| {
            reading.error(
                "Policy",
                "`Policy` has no `Content`",
                "import the whole output of `aws organizations describe-policy`: `Content` holds the policy text",
            )
        })?;
    let document = policy_document(content).map_err(|message| {
        reading.error(
            "Policy.Content",
            message,
            "`Content` is the policy's JSON text, as `describe-policy` prints it",
        )
    })?;
    reading
        .builder
        .organization_policy(id, name, policy_type, document);
    let what = match policy_type {
        PolicyType::Rcp => "resource control policies",
        _ => "service control policies",
    };
    reading.took(what, 1);
    Ok(())
}

/// `list-targets-for-policy`: where the policy the file's name gives is attached; each target
/// is recorded in the organization too.
fn read_targets(value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    let items = array(value, "Targets", reading)?;
    let policy = one_id_in_name(reading, ids::is_policy_id, "policies", "Targets")?;
    let mut targets = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let at = format!("Targets[{index}]");
        let id = string(item, &at, "TargetId", reading)?;
        let name = optional_string(item, &at, "Name", reading)?;
        let target_type = string(item, &at, "Type", reading)?;
        let (valid, what) = match target_type {
            "ROOT" => (ids::is_root_id(id), "a root id (`r-…`)"),
            "ORGANIZATIONAL_UNIT" => (ids::is_unit_id(id), "an OU id (`ou-…-…`)"),
            "ACCOUNT" => (ids::is_account_id(id), "a 12-digit account id"),
            other => {
                return Err(reading.error(
                    &format!("{at}.Type"),
                    format!("`{other}` is not a target type"),
                    "a target is a `ROOT`, an `ORGANIZATIONAL_UNIT` or an `ACCOUNT`",
                ))
            }
        };
        if !valid {
            return Err(reading.error(
                &format!("{at}.TargetId"),
                format!("`{id}` is not {what}, as its `Type` `{target_type}` says it is"),
                "import the output of `aws organizations list-targets-for-policy` as the CLI prints it",
            ));
        }
        if let Some(arn) = optional_string(item, &at, "Arn", reading)? {
            organization_from_arn(arn, &format!("{at}.Arn"), reading);
        }
        match target_type {
            "ACCOUNT" => reading.builder.account(id, name, None),
            // The parent of an OU is not in this output: the OU's listing gives it.
            _ => reading.builder.unit(id, name, None),
        }
        targets.push(id.to_owned());
    }
    reading.took("targets", targets.len());
    if targets.is_empty() {
        reading.note(None, "the policy is attached to nothing");
        return Ok(());
    }
    if policy.is_none() {
        reading.note(
            None,
            "the file's name gives no policy id: its targets go to the one policy imported without targets of its own (name it `p-….targets.json` to say which)",
        );
    }
    reading
        .builder
        .attach(reading.file.name, policy.as_deref(), targets);
    Ok(())
}

/// `list-roots`: the root, with the organization its ARN names.
fn read_roots(value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    let items = array(value, "Roots", reading)?;
    for (index, item) in items.iter().enumerate() {
        let at = format!("Roots[{index}]");
        let id = string(item, &at, "Id", reading)?;
        if !ids::is_root_id(id) {
            return Err(reading.error(
                &format!("{at}.Id"),
                format!("`{id}` is not a root id"),
                "a root id is `r-` and 4 to 32 lowercase letters or digits (`r-examplerootid111`)",
            ));
        }
        let name = optional_string(item, &at, "Name", reading)?;
        if let Some(arn) = optional_string(item, &at, "Arn", reading)? {
            organization_from_arn(arn, &format!("{at}.Arn"), reading);
        }
        note_disabled_policy_types(item, &at, id, reading);
        reading.builder.unit(id, name, None);
    }
    reading.took("roots", items.len());
    Ok(())
}

/// Say which of SCPs and RCPs a root's `PolicyTypes` does not list as enabled: AWS applies
/// none of them there, where the scenario applies those imported.
fn note_disabled_policy_types(root: &Json, at: &str, id: &str, reading: &mut Reading<'_>) {
    let Some(types) = root.get("PolicyTypes").and_then(Json::as_array) else {
        return;
    };
    for (policy_type, what) in [
        ("SERVICE_CONTROL_POLICY", "SCPs"),
        ("RESOURCE_CONTROL_POLICY", "RCPs"),
    ] {
        let enabled = types.iter().any(|t| {
            t.get("Type").and_then(Json::as_str) == Some(policy_type)
                && t.get("Status").and_then(Json::as_str) == Some("ENABLED")
        });
        if !enabled {
            reading.note(
                Some(&format!("{at}.PolicyTypes")),
                format!("{policy_type} is not enabled in `{id}`: AWS applies no {what} there, while the scenario applies any imported"),
            );
        }
    }
}

/// `list-organizational-units-for-parent`: OUs in the root or OU the file's name gives.
fn read_units(value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    let items = array(value, "OrganizationalUnits", reading)?;
    if items.is_empty() {
        return Ok(());
    }
    let parent = parent_in_name(reading, "OrganizationalUnits", "OUs", "units")?;
    for (index, item) in items.iter().enumerate() {
        let at = format!("OrganizationalUnits[{index}]");
        let id = string(item, &at, "Id", reading)?;
        if !ids::is_unit_id(id) {
            return Err(reading.error(
                &format!("{at}.Id"),
                format!("`{id}` is not an OU id"),
                "an OU id is `ou-`, the root's part, `-` and the OU's own (`ou-examplerootid111-exampleouid111`)",
            ));
        }
        if id == parent {
            return Err(reading.error(
                &format!("{at}.Id"),
                format!("the file's name says these OUs sit in `{parent}`, but `{id}` is listed among them"),
                "name the file after the `--parent-id` that was listed: an OU does not sit in itself",
            ));
        }
        let name = optional_string(item, &at, "Name", reading)?;
        if let Some(arn) = optional_string(item, &at, "Arn", reading)? {
            organization_from_arn(arn, &format!("{at}.Arn"), reading);
        }
        reading.builder.unit(id, name, Some(&parent));
    }
    reading.took("organizational units", items.len());
    Ok(())
}

/// `list-accounts-for-parent`: accounts in the root or OU the file's name gives.
fn read_accounts(value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    let items = array(value, "Accounts", reading)?;
    if items.is_empty() {
        return Ok(());
    }
    let parent = parent_in_name(reading, "Accounts", "accounts", "accounts")?;
    for (index, item) in items.iter().enumerate() {
        let at = format!("Accounts[{index}]");
        let id = string(item, &at, "Id", reading)?;
        if !ids::is_account_id(id) {
            return Err(reading.error(
                &format!("{at}.Id"),
                format!("`{id}` is not an account id"),
                "an account id is 12 digits",
            ));
        }
        let name = optional_string(item, &at, "Name", reading)?;
        if let Some(arn) = optional_string(item, &at, "Arn", reading)? {
            organization_from_arn(arn, &format!("{at}.Arn"), reading);
        }
        // `State` is the newer field; `Status` the one older CLIs print.
        let state = match optional_string(item, &at, "State", reading)? {
            Some(state) => Some(("State", state)),
            None => optional_string(item, &at, "Status", reading)?.map(|s| ("Status", s)),
        };
        if let Some((key, state)) = state.filter(|(_, state)| *state != "ACTIVE") {
            reading.note(
                Some(&format!("{at}.{key}")),
                format!("account `{id}` is {state}: it stays a member, under its OU's SCPs, until AWS removes it, though it cannot be used; the scenario evaluates its requests as if it were active"),
            );
        }
        reading.builder.account(id, name, Some(&parent));
    }
    reading.took("accounts", items.len());
    Ok(())
}

/// The root or OU the file's name gives as the parent of its `children`.
fn parent_in_name(
    reading: &Reading<'_>,
    at: &str,
    children: &str,
    suffix: &str,
) -> Result<String, ImportError> {
    one_id_in_name(reading, ids::is_parent_id, "roots or OUs", at)?.ok_or_else(|| {
        reading.error(
            at,
            format!("the output does not say which root or OU these {children} sit in, and the file's name gives no root or OU id"),
            format!("name the file after the `--parent-id` that was listed: `ou-examplerootid111-exampleouid111.{suffix}.json` or `r-examplerootid111.{suffix}.json` (an OU's own id names its root, not its parent)"),
        )
    })
}

/// The one id `wanted` accepts that the file's name gives, if any; an error when it gives
/// several.
fn one_id_in_name(
    reading: &Reading<'_>,
    wanted: fn(&str) -> bool,
    what: &str,
    at: &str,
) -> Result<Option<String>, ImportError> {
    match ids::in_file_name(reading.file.name, wanted).as_slice() {
        [] => Ok(None),
        [one] => Ok(Some((*one).to_owned())),
        several => Err(reading.error(
            at,
            format!(
                "the file's name gives several {what} ({}): it should give the one the output is of",
                several
                    .iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "keep one id in the file's name: the `--policy-id` or `--parent-id` that was listed",
        )),
    }
}

/// Take the organization's id and management account from an ARN, or say why not.
fn organization_from_arn(arn: &str, at: &str, reading: &mut Reading<'_>) {
    match ids::read_arn(arn) {
        ArnReading::Organization(organization) => {
            reading.builder.organization_id(organization.id);
            reading
                .builder
                .management_account(organization.management_account);
        }
        ArnReading::AwsManaged => {}
        ArnReading::Unreadable => reading.note(
            Some(at),
            format!("`{arn}` is not an Organizations ARN: the organization's id and management account were not read from it"),
        ),
    }
}

/// The array `key` of the file's object.
fn array<'v>(value: &'v Json, key: &str, reading: &Reading<'_>) -> Result<&'v [Json], ImportError> {
    value
        .get(key)
        .and_then(Json::as_array)
        .map(Vec::as_slice)
        .ok_or_else(|| {
            reading.error(
                key,
                format!("`{key}` is not a list"),
                "import the output as the AWS CLI prints it (`--output json`)",
            )
        })
}

/// The string member `key` of the object at `at`.
fn string<'v>(
    object: &'v Json,
    at: &str,
    key: &str,
    reading: &Reading<'_>,
) -> Result<&'v str, ImportError> {
    optional_string(object, at, key, reading)?.ok_or_else(|| {
        reading.error(
            at,
            format!("`{key}` is missing"),
            "import the output as the AWS CLI prints it: every entry has it",
        )
    })
}

/// The string member `key` of the object at `at`, if present.
fn optional_string<'v>(
    object: &'v Json,
    at: &str,
    key: &str,
    reading: &Reading<'_>,
) -> Result<Option<&'v str>, ImportError> {
    match object.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(text)) => Ok(Some(text)),
        Some(_) => Err(reading.error(
            &format!("{at}.{key}"),
            format!("`{key}` is not a string"),
            "import the output as the AWS CLI prints it",
        )),
    }
}
