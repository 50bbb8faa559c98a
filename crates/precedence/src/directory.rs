//! The account model, indexed: which policies meet one request. A request's principal is looked
//! up among the scenario's users and roles (a role session by its role), its resource among the
//! resources (and the roles, for their trust policies), its accounts in the organization's tree;
//! what none of them says is left to the scenario-wide policies.

use std::collections::HashMap;
use std::sync::Arc;

use crate::load::LoadedPolicy;
use crate::policy::PolicyType;
use crate::principal::{Caller, CallerKind};
use crate::scenario::{DocumentSource, Organization, Request, Scenario, Session};

/// A set of SCPs or RCPs attached at one level of the organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Level {
    /// The level's name: the `level` the policies give, or the root, OU or account they are
    /// attached to.
    pub(crate) name: Option<String>,
    /// The policies attached there.
    pub(crate) policies: Vec<usize>,
}

/// The policies that meet one request, by stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Selection {
    /// By type, in evaluation order (indices into the engine's policies).
    pub(crate) by_type: [Vec<usize>; 7],
    /// The SCPs of the caller's account, by level from the root down.
    pub(crate) scp_levels: Vec<Level>,
    /// The RCPs of the resource's account, by level from the root down.
    pub(crate) rcp_levels: Vec<Level>,
    /// Why a stage of the model has no policy where the scenario-wide list might have had one
    /// (a modelled resource without a policy, a role without a trust policy).
    pub(crate) absent: [Option<String>; 7],
    /// For SCPs and RCPs attached by target: the levels of the account's path that have none
    /// in the scenario, said in the trace.
    pub(crate) unattached: [Option<String>; 7],
}

impl Selection {
    /// The policies of one type.
    pub(crate) fn of_type(&self, policy_type: PolicyType) -> &[usize] {
        &self.by_type[policy_type as usize]
    }

    /// The policies of one type as the trace lists them, each with its level: SCPs and RCPs
    /// level by level (one attached at two levels of the path, at each), the others once.
    pub(crate) fn traced(
        &self,
        policy_type: PolicyType,
        policies: &[LoadedPolicy],
    ) -> Vec<(usize, Option<String>)> {
        let levels = match policy_type {
            PolicyType::Scp => &self.scp_levels,
            PolicyType::Rcp => &self.rcp_levels,
            _ => {
                return self
                    .of_type(policy_type)
                    .iter()
                    .map(|&index| (index, policies[index].level.clone()))
                    .collect()
            }
        };
        levels
            .iter()
            .flat_map(|level| {
                level
                    .policies
                    .iter()
                    .map(|&index| (index, level.name.clone()))
            })
            .collect()
    }

    /// This selection without the policies `off` says are switched off, and those it took
    /// out, each once, in the order met. A level keeps its place with what is left: a level
    /// whose only Allow is switched off allows nothing.
    pub(crate) fn without(&self, off: impl Fn(usize) -> bool) -> (Self, Vec<usize>) {
        let mut kept = self.clone();
        let mut removed = Vec::new();
        let mut take = |indices: &mut Vec<usize>| {
            indices.retain(|&index| {
                if !off(index) {
                    return true;
                }
                if !removed.contains(&index) {
                    removed.push(index);
                }
                false
            });
        };
        for indices in &mut kept.by_type {
            take(indices);
        }
        for level in kept.scp_levels.iter_mut().chain(&mut kept.rcp_levels) {
            take(&mut level.policies);
        }
        (kept, removed)
    }
}

/// What the model says of one request's principal and resource, beyond the policies.
#[derive(Debug, Clone, Default)]
pub(crate) struct ModelFacts {
    /// `aws:PrincipalTag/…` keys: the principal's tags, overridden by session tags.
    pub(crate) principal_tags: Vec<(String, String)>,
    /// `aws:ResourceTag/…` keys.
    pub(crate) resource_tags: Vec<(String, String)>,
    /// `aws:PrincipalOrgID` and `aws:PrincipalOrgPaths`.
    pub(crate) principal_org: Option<(String, Option<String>)>,
    /// `aws:ResourceOrgID` and `aws:ResourceOrgPaths`.
    pub(crate) resource_org: Option<(String, Option<String>)>,
}

/// A user's or role's policies, loaded.
#[derive(Debug, Clone, Default)]
struct PrincipalPolicies {
    arn: String,
    identity: Vec<usize>,
    boundary: Vec<usize>,
    trust: Option<usize>,
    tags: Vec<(String, String)>,
}

/// A resource's policy, loaded.
#[derive(Debug, Clone, Default)]
struct ResourcePolicies {
    arn: String,
    policy: Option<usize>,
    tags: Vec<(String, String)>,
}

/// The account model of a scenario, indexed for look-up.
#[derive(Debug, Clone, Default)]
pub(crate) struct Directory {
    organization: Organization,
    /// The scenario-wide policies, with SCPs and RCPs that have no target in their levels.
    shared: Arc<Selection>,
    /// Scenario-wide SCPs and RCPs attached to a target: `(type, target, index)`.
    targeted: Vec<(PolicyType, String, usize)>,
    /// Principals by `ACCOUNT:user/NAME` or `ACCOUNT:role/NAME`, lowercased.
    principal_keys: HashMap<String, usize>,
    principals: Vec<PrincipalPolicies>,
    /// Resources by ARN.
    resource_arns: HashMap<String, usize>,
    resources: Vec<ResourcePolicies>,
    /// Session policies of requests, by the session they belong to.
    sessions: Vec<(Session, Vec<usize>)>,
    /// Whether the model says anything at all: when not, every request gets `shared`.
    modelled: bool,
}

impl Directory {
    /// Index the model of `scenario`, whose policies were loaded as `policies`.
    pub(crate) fn new(policies: &[LoadedPolicy], scenario: &Scenario) -> Self {
        let organization = scenario.organization.clone().unwrap_or_default();
        let mut shared = Selection::default();
        let mut targeted = Vec::new();
        let mut by_source: HashMap<DocumentSource, usize> = HashMap::new();
        for (index, policy) in policies.iter().enumerate() {
            by_source.insert(policy.source, index);
            if !matches!(policy.source, DocumentSource::Policies { .. }) {
                continue;
            }
            let organizational = matches!(policy.policy_type, PolicyType::Scp | PolicyType::Rcp);
            if organizational && !policy.targets.is_empty() {
                for target in &policy.targets {
                    targeted.push((policy.policy_type, target.clone(), index));
                }
            } else {
                shared.by_type[policy.policy_type as usize].push(index);
            }
        }
        shared.scp_levels = levels(policies, &shared.by_type[PolicyType::Scp as usize]);
        shared.rcp_levels = levels(policies, &shared.by_type[PolicyType::Rcp as usize]);

        let managed = |arn: &str| {
            let position = scenario
                .managed_policies
                .iter()
                .position(|m| m.arn == arn)?;
            by_source
                .get(&DocumentSource::Managed { index: position })
                .copied()
        };
        let mut principal_keys = HashMap::new();
        let mut principals = Vec::new();
        for (p, entry) in scenario.principals.iter().enumerate() {
            let mut identity: Vec<usize> = (0..entry.inline_policies.len())
                .filter_map(|index| {
                    let source = DocumentSource::PrincipalInline {
                        principal: p,
                        index,
                    };
                    by_source.get(&source).copied()
                })
                .collect();
            identity.extend(entry.attached_policies.iter().filter_map(|a| managed(a)));
            for group_arn in &entry.groups {
                let Some(g) = scenario.groups.iter().position(|g| &g.arn == group_arn) else {
                    continue;
                };
                let group = &scenario.groups[g];
                identity.extend((0..group.inline_policies.len()).filter_map(|index| {
                    let source = DocumentSource::GroupInline { group: g, index };
                    by_source.get(&source).copied()
                }));
                identity.extend(group.attached_policies.iter().filter_map(|a| managed(a)));
            }
            let boundary = entry
                .permissions_boundary
                .as_deref()
                .and_then(managed)
                .into_iter()
                .collect();
            if let Some(key) = Caller::parse(&entry.arn)
                .ok()
                .as_ref()
                .and_then(principal_key)
            {
                principal_keys.entry(key).or_insert(principals.len());
            }
            principals.push(PrincipalPolicies {
                arn: entry.arn.clone(),
                identity,
                boundary,
                trust: by_source
                    .get(&DocumentSource::Trust { principal: p })
                    .copied(),
                tags: entry.tags.clone().into_iter().collect(),
            });
        }
        let mut resource_arns = HashMap::new();
        let mut resources = Vec::new();
        for (r, entry) in scenario.resources.iter().enumerate() {
            resource_arns
                .entry(entry.arn.clone())
                .or_insert(resources.len());
            resources.push(ResourcePolicies {
                arn: entry.arn.clone(),
                policy: by_source
                    .get(&DocumentSource::Resource { resource: r })
                    .copied(),
                tags: entry.tags.clone().into_iter().collect(),
            });
        }
        let mut sessions: Vec<(Session, Vec<usize>)> = Vec::new();
        for (r, request) in scenario.requests.iter().enumerate() {
            let Some(session) = &request.session else {
                continue;
            };
            if sessions.iter().any(|(known, _)| known == session) {
                continue;
            }
            let mut loaded: Vec<usize> = by_source
                .get(&DocumentSource::Session { request: r })
                .copied()
                .into_iter()
                .collect();
            loaded.extend(session.policy_arns.iter().filter_map(|a| managed(a)));
            sessions.push((session.clone(), loaded));
        }
        let modelled = !targeted.is_empty()
            || !principals.is_empty()
            || !resources.is_empty()
            || !sessions.is_empty()
            || organization.id.is_some();
        Self {
            organization,
            shared: Arc::new(shared),
            targeted,
            principal_keys,
            principals,
            resource_arns,
            resources,
            sessions,
            modelled,
        }
    }

    /// The organization.
    pub(crate) fn organization(&self) -> &Organization {
        &self.organization
    }

    /// The scenario-wide selection (what a request meets when the model says nothing of it).
    pub(crate) fn shared(&self) -> &Selection {
        &self.shared
    }

    /// The policies that meet `request` from `caller` on the resource of `resource_account`,
    /// and what the model says of its principal and resource.
    pub(crate) fn select(
        &self,
        request: &Request,
        caller: &Caller,
        resource_account: Option<&str>,
    ) -> (Arc<Selection>, ModelFacts) {
        if !self.modelled {
            return (Arc::clone(&self.shared), ModelFacts::default());
        }
        let mut selection = (*self.shared).clone();
        let mut facts = ModelFacts::default();
        let slot = |policy_type: PolicyType| policy_type as usize;

        let principal = principal_key(caller)
            .and_then(|key| self.principal_keys.get(&key))
            .map(|&p| &self.principals[p]);
        if let Some(principal) = principal {
            selection.by_type[slot(PolicyType::Identity)] = principal.identity.clone();
            selection.by_type[slot(PolicyType::Boundary)] = principal.boundary.clone();
            facts.principal_tags = principal.tags.clone();
        }
        if let Some(session) = &request.session {
            if let Some((_, loaded)) = self.sessions.iter().find(|(known, _)| known == session) {
                selection.by_type[slot(PolicyType::Session)] = loaded.clone();
            }
            for (key, value) in &session.tags {
                facts
                    .principal_tags
                    .retain(|(k, _)| !k.eq_ignore_ascii_case(key));
                facts.principal_tags.push((key.clone(), value.clone()));
            }
        }

        if let Some(role) = self.trusting_role(request) {
            selection.by_type[slot(PolicyType::Resource)] = role.trust.into_iter().collect();
            // The role is the resource: its tags are `aws:ResourceTag/…` of the request.
            facts.resource_tags = role.tags.clone();
            if role.trust.is_none() {
                selection.absent[slot(PolicyType::Resource)] = Some(format!(
                    "the role `{}` has no trust policy in the scenario",
                    role.arn
                ));
            }
        } else if let Some(resource) = self.resource_of(&request.resource) {
            selection.by_type[slot(PolicyType::Resource)] = resource.policy.into_iter().collect();
            if resource.policy.is_none() {
                selection.absent[slot(PolicyType::Resource)] = Some(format!(
                    "the resource `{}` has no resource-based policy in the scenario",
                    resource.arn
                ));
            }
            facts.resource_tags = resource.tags.clone();
        }

        if let Some(account) = caller.account.as_deref() {
            let (levels, unattached) =
                self.levels_for(PolicyType::Scp, account, &selection.scp_levels);
            selection.scp_levels = levels;
            selection.unattached[slot(PolicyType::Scp)] = unattached;
            facts.principal_org = self.org_keys(account);
        }
        if let Some(account) = resource_account {
            let (levels, unattached) =
                self.levels_for(PolicyType::Rcp, account, &selection.rcp_levels);
            selection.rcp_levels = levels;
            selection.unattached[slot(PolicyType::Rcp)] = unattached;
            facts.resource_org = self.org_keys(account);
        }
        for (policy_type, levels) in [
            (PolicyType::Scp, &selection.scp_levels),
            (PolicyType::Rcp, &selection.rcp_levels),
        ] {
            let mut all: Vec<usize> = Vec::new();
            for &index in levels.iter().flat_map(|l| &l.policies) {
                if !all.contains(&index) {
                    all.push(index);
                }
            }
            selection.by_type[slot(policy_type)] = all;
        }
        (Arc::new(selection), facts)
    }

    /// The role whose trust policy a request meets: `sts:AssumeRole*` (and the actions a trust
    /// policy also governs) on a role of the model.
    fn trusting_role(&self, request: &Request) -> Option<&PrincipalPolicies> {
        let action = request.action.to_ascii_lowercase();
        let governed = action.starts_with("sts:assumerole")
            || action == "sts:tagsession"
            || action == "sts:setsourceidentity"
            || action == "sts:setcontext";
        if !governed {
            return None;
        }
        let role = Caller::parse(&request.resource).ok()?;
        if !matches!(role.kind, CallerKind::Role { .. }) {
            return None;
        }
        let key = principal_key(&role)?;
        self.principal_keys.get(&key).map(|&p| &self.principals[p])
    }

    /// The resource of the model a request on `arn` meets: the one of that ARN, else the one
    /// whose policy AWS applies to it: a bucket's for its objects (`BUCKET/KEY`), a DynamoDB
    /// table's for its indexes (`table/T/index/I`). Nothing else inherits: a stream has its own
    /// policy, and names may hold `/` (an ECR repository `team/app`, a secret `prod/db`).
    fn resource_of(&self, arn: &str) -> Option<&ResourcePolicies> {
        let found = |at: &str| self.resource_arns.get(at).map(|&r| &self.resources[r]);
        found(arn).or_else(|| found(&covering_resource(arn)?))
    }

    /// The levels of SCPs (or RCPs) of `account`: the untargeted levels, then those attached on
    /// its path from the root down to the account itself; and, when some are attached by
    /// target, a note naming the levels of the path that have none in the scenario.
    fn levels_for(
        &self,
        policy_type: PolicyType,
        account: &str,
        untargeted: &[Level],
    ) -> (Vec<Level>, Option<String>) {
        let mut levels = untargeted.to_vec();
        let mut bare: Vec<String> = Vec::new();
        // An account not placed in the tree is still under the root, if it is a member.
        let root = self.organization.root();
        let member = self.organization.has_member(Some(account));
        let path = match self.organization.path_of(account) {
            Some(path) => path,
            None if member => root
                .map(str::to_owned)
                .into_iter()
                .chain([account.to_owned()])
                .collect(),
            None => Vec::new(),
        };
        for node in path {
            let attached: Vec<usize> = self
                .targeted
                .iter()
                .filter(|(kind, target, _)| *kind == policy_type && *target == node)
                .map(|&(_, _, index)| index)
                .collect();
            if attached.is_empty() {
                bare.push(format!("`{node}`"));
            } else {
                levels.push(Level {
                    name: Some(node),
                    policies: attached,
                });
            }
        }
        let any_targeted = self
            .targeted
            .iter()
            .any(|(kind, _, _)| *kind == policy_type);
        let note = (any_targeted && !bare.is_empty()).then(|| {
            let (kind, default) = match policy_type {
                PolicyType::Rcp => ("RCP", "RCPFullAWSAccess"),
                _ => ("SCP", "FullAWSAccess"),
            };
            format!(
                "no {kind} of the scenario is attached at {} on the account's path, taken to allow as AWS's default {default} does",
                bare.join(", ")
            )
        });
        (levels, note)
    }

    /// The organization's id and the account's path in it, when the organization gives an id
    /// and lists the account (or it is the management account).
    fn org_keys(&self, account: &str) -> Option<(String, Option<String>)> {
        let id = self.organization.id.clone()?;
        let listed = self.organization.accounts.iter().any(|a| a.id() == account)
            || self.organization.management_account.as_deref() == Some(account);
        listed.then(|| (id, self.organization.org_path_of(account)))
    }
}

/// The ARN of the resource whose policy covers `arn` though it is not its own: an S3 object's
/// bucket, a DynamoDB index's table.
fn covering_resource(arn: &str) -> Option<String> {
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    let ["arn", _, service, _, _, resource] = fields.as_slice() else {
        return None;
    };
    match *service {
        "s3" => {
            let (bucket, _) = resource.split_once('/')?;
            Some(format!("{}{bucket}", &arn[..arn.len() - resource.len()]))
        }
        "dynamodb" => {
            let (table, _) = resource.split_once("/index/")?;
            table
                .starts_with("table/")
                .then(|| format!("{}{table}", &arn[..arn.len() - resource.len()]))
        }
        _ => None,
    }
}

/// The SCP or RCP levels of `indices`, by their `level` names in written order.
pub(crate) fn levels(policies: &[LoadedPolicy], indices: &[usize]) -> Vec<Level> {
    let mut levels: Vec<Level> = Vec::new();
    for &index in indices {
        let name = policies[index].level.clone();
        match levels.iter_mut().find(|level| level.name == name) {
            Some(level) => level.policies.push(index),
            None => levels.push(Level {
                name,
                policies: vec![index],
            }),
        }
    }
    levels
}

/// `ACCOUNT:user/NAME` or `ACCOUNT:role/NAME`, lowercased: how IAM tells users and roles apart
/// (names are unique in an account whatever their case and path). A role session is its role.
fn principal_key(caller: &Caller) -> Option<String> {
    let account = caller.account.as_deref()?;
    let (kind, name) = match &caller.kind {
        CallerKind::User { name } => ("user", name.as_str()),
        CallerKind::Role { name, .. } => ("role", name.as_str()),
        CallerKind::AssumedRole { role, .. } => ("role", role.as_str()),
        _ => return None,
    };
    Some(format!("{account}:{kind}/{}", name.to_lowercase()))
}
