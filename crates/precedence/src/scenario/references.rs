//! The references of the account model checked: every managed policy, group, OU, account and
//! session a scenario names must be one it holds, and nothing may be defined twice.

use std::collections::BTreeSet;
use std::fmt;

use super::documents::{path_text, PathStep as Step};
use super::{Account, Organization, PolicyEntry, Scenario};
use crate::principal::is_account_id;

/// A reference to something the scenario does not hold (or a name it holds twice), with the
/// JSON path of the value at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceError {
    /// Where, as steps from the root: member names and array positions.
    pub path: Vec<super::PathStep>,
    /// What is wrong, naming what does exist.
    pub message: String,
    /// What to do.
    pub help: String,
}

impl ReferenceError {
    /// The path written out: `principals[0].groups[1]`.
    pub fn path_text(&self) -> String {
        path_text(&self.path)
    }
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path_text(), self.message)
    }
}

impl Scenario {
    /// Every reference of the model that does not resolve, in the order of the file's keys.
    pub fn reference_errors(&self) -> Vec<ReferenceError> {
        let mut errors = Vec::new();
        let managed: Vec<&str> = self
            .managed_policies
            .iter()
            .map(|m| m.arn.as_str())
            .collect();
        let groups: Vec<&str> = self.groups.iter().map(|g| g.arn.as_str()).collect();
        if let Some(organization) = &self.organization {
            check_organization(organization, &mut errors);
        }
        duplicates(
            &managed,
            "managed_policies",
            "arn",
            "managed policy",
            &mut errors,
        );
        duplicates(&groups, "groups", "arn", "group", &mut errors);
        for (g, group) in self.groups.iter().enumerate() {
            for (a, arn) in group.attached_policies.iter().enumerate() {
                let path = vec![
                    Step::Key("groups"),
                    Step::Index(g),
                    Step::Key("attached_policies"),
                    Step::Index(a),
                ];
                known(
                    arn,
                    &managed,
                    "managed policy",
                    "managed_policies",
                    path,
                    &mut errors,
                );
            }
        }
        let principals: Vec<&str> = self.principals.iter().map(|p| p.arn.as_str()).collect();
        duplicates(&principals, "principals", "arn", "principal", &mut errors);
        for (p, principal) in self.principals.iter().enumerate() {
            let at = |steps: &[Step]| {
                let mut path = vec![Step::Key("principals"), Step::Index(p)];
                path.extend_from_slice(steps);
                path
            };
            let kind = principal_kind(&principal.arn);
            if kind.is_none() {
                errors.push(ReferenceError {
                    path: at(&[Step::Key("arn")]),
                    message: format!("`{}` is not the ARN of an IAM user or role", principal.arn),
                    help: "write `arn:aws:iam::ACCOUNT:user/NAME` or `arn:aws:iam::ACCOUNT:role/NAME` (with its path, if it has one)".into(),
                });
            }
            for (a, arn) in principal.attached_policies.iter().enumerate() {
                let path = at(&[Step::Key("attached_policies"), Step::Index(a)]);
                known(
                    arn,
                    &managed,
                    "managed policy",
                    "managed_policies",
                    path,
                    &mut errors,
                );
            }
            if let Some(arn) = &principal.permissions_boundary {
                let path = at(&[Step::Key("permissions_boundary")]);
                known(
                    arn,
                    &managed,
                    "managed policy",
                    "managed_policies",
                    path,
                    &mut errors,
                );
            }
            for (g, arn) in principal.groups.iter().enumerate() {
                let path = at(&[Step::Key("groups"), Step::Index(g)]);
                if kind == Some(PrincipalKind::Role) {
                    errors.push(ReferenceError {
                        path,
                        message: "a role belongs to no group: only users do".into(),
                        help: "attach the group's policies to the role, or remove `groups`".into(),
                    });
                } else {
                    known(arn, &groups, "group", "groups", path, &mut errors);
                }
            }
            if principal.trust_policy.is_some() && kind == Some(PrincipalKind::User) {
                errors.push(ReferenceError {
                    path: at(&[Step::Key("trust_policy")]),
                    message: "only roles have a trust policy".into(),
                    help: "remove `trust_policy`, or make the principal a role".into(),
                });
            }
        }
        let resources: Vec<&str> = self.resources.iter().map(|r| r.arn.as_str()).collect();
        duplicates(&resources, "resources", "arn", "resource", &mut errors);
        for (kind, entries) in [("scp", &self.policies.scp), ("rcp", &self.policies.rcp)] {
            check_targets(kind, entries, self.organization.as_ref(), &mut errors);
        }
        for (r, request) in self.requests.iter().enumerate() {
            let Some(session) = &request.session else {
                continue;
            };
            let at = |steps: &[Step]| {
                let mut path = vec![Step::Key("requests"), Step::Index(r), Step::Key("session")];
                path.extend_from_slice(steps);
                path
            };
            if !request.principal.contains(":assumed-role/") {
                errors.push(ReferenceError {
                    path: at(&[]),
                    message: format!(
                        "`{}` is not a role session, so it has no session policies or tags",
                        request.principal
                    ),
                    help: "name the session as `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, or remove `session`".into(),
                });
            }
            for (a, arn) in session.policy_arns.iter().enumerate() {
                let path = at(&[Step::Key("policy_arns"), Step::Index(a)]);
                known(
                    arn,
                    &managed,
                    "managed policy",
                    "managed_policies",
                    path,
                    &mut errors,
                );
            }
        }
        errors
    }
}

/// Users and roles: the principals the model holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PrincipalKind {
    User,
    Role,
}

fn principal_kind(arn: &str) -> Option<PrincipalKind> {
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    let ["arn", _, "iam", "", account, resource] = fields.as_slice() else {
        return None;
    };
    if !is_account_id(account) {
        return None;
    }
    let (kind, name) = resource.split_once('/')?;
    let name = name.rsplit('/').next().unwrap_or_default();
    match kind {
        "user" if !name.is_empty() => Some(PrincipalKind::User),
        "role" if !name.is_empty() => Some(PrincipalKind::Role),
        _ => None,
    }
}

fn check_organization(organization: &Organization, errors: &mut Vec<ReferenceError>) {
    let units: Vec<&str> = organization.units.iter().map(|u| u.id.as_str()).collect();
    let root = organization.root();
    let places: Vec<&str> = units.iter().copied().chain(root).collect();
    duplicates(&units, "organization.units", "id", "unit", errors);
    let unit_path = |u: usize, key: &'static str| {
        vec![
            Step::Key("organization"),
            Step::Key("units"),
            Step::Index(u),
            Step::Key(key),
        ]
    };
    for (u, unit) in organization.units.iter().enumerate() {
        match &unit.parent {
            None if Some(unit.id.as_str()) != root => errors.push(ReferenceError {
                path: unit_path(u, "id"),
                message: format!(
                    "`{}` has no parent, but `{}` is the root already: an organization has one root",
                    unit.id,
                    root.unwrap_or_default()
                ),
                help: "give the OU the `parent` it sits in".into(),
            }),
            Some(parent) if !places.contains(&parent.as_str()) => errors.push(ReferenceError {
                path: unit_path(u, "parent"),
                message: format!("no unit `{parent}`{}", existing(&places, parent)),
                help: "use the id of the root or of an OU listed in `organization.units`".into(),
            }),
            Some(parent) if organization.path_of_unit_loops(&unit.id) => {
                errors.push(ReferenceError {
                    path: unit_path(u, "parent"),
                    message: format!("`{}` sits under itself through `{parent}`", unit.id),
                    help: "make the OU tree a tree: each OU's parents must lead to the root".into(),
                })
            }
            _ => {}
        }
    }
    let ids: Vec<&str> = organization.accounts.iter().map(Account::id).collect();
    duplicates(&ids, "organization.accounts", "id", "account", errors);
    for (a, account) in organization.accounts.iter().enumerate() {
        let path = |key: &'static str| {
            let mut path = vec![
                Step::Key("organization"),
                Step::Key("accounts"),
                Step::Index(a),
            ];
            if let Account::Placed(_) = account {
                path.push(Step::Key(key));
            }
            path
        };
        if !is_account_id(account.id()) {
            errors.push(ReferenceError {
                path: path("id"),
                message: format!("`{}` is not an account id", account.id()),
                help: "write the account's 12-digit id".into(),
            });
        }
        if let Some(unit) = account.unit() {
            if !places.contains(&unit) {
                errors.push(ReferenceError {
                    path: path("unit"),
                    message: format!("no unit `{unit}`{}", existing(&places, unit)),
                    help: "use the id of the root or of an OU listed in `organization.units`"
                        .into(),
                });
            }
        }
    }
}

impl Organization {
    /// Whether walking up from unit `id` comes back to it.
    fn path_of_unit_loops(&self, id: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut at = Some(id);
        while let Some(unit) = at {
            if !seen.insert(unit) {
                return true;
            }
            at = self.unit(unit).and_then(|u| u.parent.as_deref());
        }
        false
    }
}

fn check_targets(
    kind: &'static str,
    entries: &[PolicyEntry],
    organization: Option<&Organization>,
    errors: &mut Vec<ReferenceError>,
) {
    for (e, entry) in entries.iter().enumerate() {
        let Some(targets) = &entry.target else {
            continue;
        };
        let path = vec![
            Step::Key("policies"),
            Step::Key(kind),
            Step::Index(e),
            Step::Key("target"),
        ];
        if entry.level.is_some() {
            errors.push(ReferenceError {
                path,
                message: "the policy has both a `level` and a `target`".into(),
                help: "keep `target` (where it is attached in the organization's tree) or `level` (a level every member account has), not both".into(),
            });
            continue;
        }
        let places: Vec<&str> = organization
            .map(|o| {
                o.units
                    .iter()
                    .map(|u| u.id.as_str())
                    .chain(o.root())
                    .chain(o.accounts.iter().map(Account::id))
                    .collect()
            })
            .unwrap_or_default();
        let listed_accounts = organization.is_some_and(|o| !o.accounts.is_empty());
        for (t, target) in targets.ids().iter().enumerate() {
            let unlisted_account_ok = is_account_id(target) && !listed_accounts;
            if places.contains(&target.as_str()) || unlisted_account_ok {
                continue;
            }
            let mut path = path.clone();
            if let crate::scenario::Targets::Many(_) = targets {
                path.push(Step::Index(t));
            }
            errors.push(ReferenceError {
                path,
                message: format!(
                    "no root, OU or account `{target}` in the organization{}",
                    existing(&places, target)
                ),
                help: "use the id of the root, of an OU in `organization.units` or of an account in `organization.accounts`".into(),
            });
        }
    }
}

fn known(
    name: &str,
    names: &[&str],
    what: &str,
    list: &str,
    path: Vec<Step>,
    errors: &mut Vec<ReferenceError>,
) {
    if !names.contains(&name) {
        errors.push(ReferenceError {
            path,
            message: format!("no {what} `{name}` in `{list}`{}", existing(names, name)),
            help: format!("define it under `{list}`, or use one of the ARNs defined there"),
        });
    }
}

fn duplicates(
    names: &[&str],
    list: &'static str,
    key: &'static str,
    what: &str,
    errors: &mut Vec<ReferenceError>,
) {
    for (position, name) in names.iter().enumerate() {
        if names[..position].contains(name) {
            let mut path: Vec<Step> = list.split('.').map(Step::Key).collect();
            path.extend([Step::Index(position), Step::Key(key)]);
            errors.push(ReferenceError {
                path,
                message: format!("the {what} `{name}` is defined twice"),
                help: "keep one definition: merge the two".into(),
            });
        }
    }
}

/// `; it has `a`, `b`` — the names that do exist, nearest to `wanted` first, at most five.
fn existing(names: &[&str], wanted: &str) -> String {
    if names.is_empty() {
        return "; it has none".into();
    }
    let wanted = wanted.to_ascii_lowercase();
    let mut sorted: Vec<&str> = names.to_vec();
    sorted.sort_by_key(|name| {
        (
            strsim::osa_distance(&name.to_ascii_lowercase(), &wanted),
            *name,
        )
    });
    sorted.dedup();
    let shown: Vec<String> = sorted.iter().take(5).map(|n| format!("`{n}`")).collect();
    let more = sorted.len().saturating_sub(5);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("; it has {}{tail}", shown.join(", "))
}
