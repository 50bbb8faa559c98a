//! The scenario an import builds: what each file reads is added here, merged with what the
//! other files gave (a principal, group, resource or managed policy by its ARN; the
//! organization's policies by their ids, attached where their targets say).

use precedence::scenario::{
    Account, Document, Group, ManagedPolicy, Organization, PlacedAccount, PolicyEntry, Principal,
    Request, Resource, Targets, Unit,
};
use precedence::{PolicyType, Scenario};

use crate::report::Note;
use crate::ImportError;

/// An SCP or RCP read from `describe-policy`, waiting for its targets.
#[derive(Debug, Clone)]
struct OrganizationPolicy {
    /// Its id (`p-…`).
    id: String,
    /// Its name, the id it gets in the scenario.
    name: String,
    /// SCP or RCP.
    policy_type: PolicyType,
    /// Its content.
    document: Document,
    /// Where it is attached.
    targets: Vec<String>,
}

/// The scenario being built.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    scenario: Scenario,
    organization_policies: Vec<OrganizationPolicy>,
    /// Targets read from a `list-targets-for-policy` file that does not say its policy:
    /// `(file, targets)`, attached at the end to the one policy that has none.
    unclaimed_targets: Vec<(String, Vec<String>)>,
    /// The requests made from an AccessDenied, by their place in `requests`.
    denied: Vec<usize>,
    notes: Vec<Note>,
}

/// What the builder made: the scenario, the notes of the merge, and which requests came from
/// an AccessDenied (what AWS decided, to check the scenario against).
#[derive(Debug, Clone)]
pub struct Built {
    /// The scenario.
    pub scenario: Scenario,
    /// What merging the files said.
    pub notes: Vec<Note>,
    /// The places in `scenario.requests` of the requests made from an AccessDenied.
    pub denied: Vec<usize>,
}

impl Builder {
    /// Add a managed policy; one already read under the same ARN is kept when the documents
    /// agree, and replaced (with a note) when they do not.
    pub fn managed_policy(&mut self, file: &str, arn: &str, document: Document) {
        match self
            .scenario
            .managed_policies
            .iter_mut()
            .find(|m| m.arn == arn)
        {
            Some(known) if same_document(&known.document, &document) => {}
            Some(known) => {
                known.document = document;
                self.note(file, format!("the managed policy `{arn}` was read before with another document; this file's is kept"));
            }
            None => self.scenario.managed_policies.push(ManagedPolicy {
                arn: arn.to_owned(),
                document,
            }),
        }
    }

    /// Add a user or role; one already read under the same ARN gains what this one has.
    pub fn principal(&mut self, principal: Principal) {
        match self
            .scenario
            .principals
            .iter_mut()
            .find(|p| p.arn == principal.arn)
        {
            Some(known) => {
                for inline in principal.inline_policies {
                    known.inline_policies.retain(|i| i.name != inline.name);
                    known.inline_policies.push(inline);
                }
                extend_unique(&mut known.attached_policies, principal.attached_policies);
                extend_unique(&mut known.groups, principal.groups);
                if principal.permissions_boundary.is_some() {
                    known.permissions_boundary = principal.permissions_boundary;
                }
                known.tags.extend(principal.tags);
                if principal.trust_policy.is_some() {
                    known.trust_policy = principal.trust_policy;
                }
            }
            None => self.scenario.principals.push(principal),
        }
    }

    /// Add a group; one already read under the same ARN gains what this one has.
    pub fn group(&mut self, group: Group) {
        match self.scenario.groups.iter_mut().find(|g| g.arn == group.arn) {
            Some(known) => {
                for inline in group.inline_policies {
                    known.inline_policies.retain(|i| i.name != inline.name);
                    known.inline_policies.push(inline);
                }
                extend_unique(&mut known.attached_policies, group.attached_policies);
            }
            None => self.scenario.groups.push(group),
        }
    }

    /// Add a resource; one already read under the same ARN takes this one's policy (if it has
    /// one) and tags.
    pub fn resource(&mut self, resource: Resource) {
        match self
            .scenario
            .resources
            .iter_mut()
            .find(|r| r.arn == resource.arn)
        {
            Some(known) => {
                if resource.policy.is_some() {
                    known.policy = resource.policy;
                }
                known.tags.extend(resource.tags);
            }
            None => self.scenario.resources.push(resource),
        }
    }

    /// Add a VPC endpoint (a scenario-wide endpoint policy, by its id).
    pub fn endpoint(&mut self, entry: PolicyEntry) {
        let endpoints = &mut self.scenario.policies.endpoint;
        endpoints.retain(|e| e.id != entry.id);
        endpoints.push(entry);
    }

    /// Add a scenario-wide policy of `policy_type` (one Terraform defines but attaches to
    /// nothing the plan shows, for instance).
    pub fn scenario_policy(&mut self, policy_type: PolicyType, entry: PolicyEntry) {
        let entries = self.scenario.policies.of_type_mut(policy_type);
        entries.retain(|e| e.id != entry.id);
        entries.push(entry);
    }

    /// Add a request made from an AccessDenied AWS gave: its `expect` is what AWS decided.
    pub fn denied_request(&mut self, request: Request) {
        self.denied.push(self.scenario.requests.len());
        self.scenario.requests.push(request);
    }

    /// The organization, created when first needed.
    fn organization(&mut self) -> &mut Organization {
        self.scenario
            .organization
            .get_or_insert_with(Organization::default)
    }

    /// Set the organization's id (`o-…`).
    pub fn organization_id(&mut self, id: &str) {
        self.organization().id = Some(id.to_owned());
    }

    /// Set the organization's management account.
    pub fn management_account(&mut self, id: &str) {
        self.organization().management_account = Some(id.to_owned());
    }

    /// Add the root or an OU of the tree (`parent` none for the root).
    pub fn unit(&mut self, id: &str, name: Option<&str>, parent: Option<&str>) {
        let organization = self.organization();
        match organization.units.iter_mut().find(|u| u.id == id) {
            Some(known) => {
                if name.is_some() {
                    known.name = name.map(str::to_owned);
                }
                if parent.is_some() {
                    known.parent = parent.map(str::to_owned);
                }
            }
            None => organization.units.push(Unit {
                id: id.to_owned(),
                name: name.map(str::to_owned),
                parent: parent.map(str::to_owned),
            }),
        }
    }

    /// Add a member account, placed in `unit` when given.
    pub fn account(&mut self, id: &str, name: Option<&str>, unit: Option<&str>) {
        let organization = self.organization();
        let placed = PlacedAccount {
            id: id.to_owned(),
            name: name.map(str::to_owned),
            unit: unit.map(str::to_owned),
        };
        match organization.accounts.iter_mut().find(|a| a.id() == id) {
            Some(Account::Placed(known)) => {
                if placed.name.is_some() {
                    known.name = placed.name;
                }
                if placed.unit.is_some() {
                    known.unit = placed.unit;
                }
            }
            Some(known) => *known = Account::Placed(placed),
            None => organization.accounts.push(Account::Placed(placed)),
        }
    }

    /// Add an SCP or RCP by its Organizations id, to be attached by [`Builder::attach`].
    pub fn organization_policy(
        &mut self,
        id: &str,
        name: &str,
        policy_type: PolicyType,
        document: Document,
    ) {
        match self.organization_policies.iter_mut().find(|p| p.id == id) {
            Some(known) => {
                known.name = name.to_owned();
                known.policy_type = policy_type;
                known.document = document;
            }
            None => self.organization_policies.push(OrganizationPolicy {
                id: id.to_owned(),
                name: name.to_owned(),
                policy_type,
                document,
                targets: Vec::new(),
            }),
        }
    }

    /// Attach the policy `policy_id` to `targets` (root, OU and account ids). Without the
    /// policy's id (the output of `list-targets-for-policy` does not repeat it), the targets
    /// go to the one policy read without targets of its own, when the import ends.
    pub fn attach(&mut self, file: &str, policy_id: Option<&str>, targets: Vec<String>) {
        let Some(id) = policy_id else {
            self.unclaimed_targets.push((file.to_owned(), targets));
            return;
        };
        match self.organization_policies.iter_mut().find(|p| p.id == id) {
            Some(policy) => extend_unique(&mut policy.targets, targets),
            None => self.organization_policies.push(OrganizationPolicy {
                id: id.to_owned(),
                name: id.to_owned(),
                policy_type: PolicyType::Scp,
                document: Document::Text(String::new()),
                targets,
            }),
        }
    }

    /// Say something about the merge.
    pub fn note(&mut self, file: &str, message: impl Into<String>) {
        self.notes.push(Note {
            file: file.to_owned(),
            path: None,
            message: message.into(),
        });
    }

    /// The scenario, with the organization's policies attached, and the notes of the merge.
    pub fn finish(mut self) -> Result<Built, ImportError> {
        for (file, targets) in std::mem::take(&mut self.unclaimed_targets) {
            let waiting: Vec<usize> = self
                .organization_policies
                .iter()
                .enumerate()
                .filter(|(_, p)| p.targets.is_empty())
                .map(|(index, _)| index)
                .collect();
            match waiting.as_slice() {
                [one] => self.organization_policies[*one].targets = targets,
                _ => {
                    let ids: Vec<String> = self
                        .organization_policies
                        .iter()
                        .map(|p| format!("`{}`", p.id))
                        .collect();
                    return Err(ImportError {
                        file,
                        position: None,
                        path: None,
                        message: format!(
                            "these targets do not say which policy they are for, and {} policies could be it ({})",
                            waiting.len(),
                            if ids.is_empty() { "none was imported".to_owned() } else { ids.join(", ") }
                        ),
                        help: "name the file after its policy's id (`p-examplepolicyid111.targets.json`), or import each policy with its targets separately".into(),
                    });
                }
            }
        }
        for policy in std::mem::take(&mut self.organization_policies) {
            if matches!(&policy.document, Document::Text(text) if text.is_empty()) {
                return Err(ImportError {
                    file: String::new(),
                    position: None,
                    path: None,
                    message: format!(
                        "the targets of `{}` were imported, but not the policy",
                        policy.id
                    ),
                    help: format!(
                        "import `aws organizations describe-policy --policy-id {}` with them",
                        policy.id
                    ),
                });
            }
            if policy.targets.is_empty() {
                self.note(
                    "",
                    format!(
                        "the {} `{}` is attached to nothing the import holds: it applies to no account until its targets are imported",
                        policy.policy_type.name(),
                        policy.name
                    ),
                );
            }
            let target = match policy.targets.len() {
                0 => None,
                1 => policy.targets.into_iter().next().map(Targets::One),
                _ => Some(Targets::Many(policy.targets)),
            };
            let entry = PolicyEntry {
                id: policy.name,
                document: policy.document,
                level: None,
                vpc: None,
                endpoint_type: None,
                target,
            };
            self.scenario
                .policies
                .of_type_mut(policy.policy_type)
                .push(entry);
        }
        // What the files refer to and do not hold (an OU whose parent was not imported, a
        // policy attached to an account no file places) is said, so the gap is known before
        // the scenario is opened.
        for error in self.scenario.reference_errors() {
            self.notes.push(Note {
                file: String::new(),
                path: Some(error.path_text()),
                message: format!(
                    "the scenario is not complete: {}; {}",
                    error.message, error.help
                ),
            });
        }
        Ok(Built {
            scenario: self.scenario,
            notes: self.notes,
            denied: self.denied,
        })
    }
}

fn extend_unique(list: &mut Vec<String>, more: Vec<String>) {
    for item in more {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

/// Whether two documents say the same: equal JSON, whether written as text or as an object.
fn same_document(a: &Document, b: &Document) -> bool {
    let value = |d: &Document| match d {
        Document::Json(value) => Some(value.clone()),
        Document::Text(text) => serde_json::from_str(text).ok(),
    };
    match (value(a), value(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}
