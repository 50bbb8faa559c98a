//! Where each policy document of a scenario sits: the scenario-wide lists and every document of
//! the account model, with the type it is evaluated as.

use serde::Serialize;

use super::{Document, Scenario};
use crate::policy::PolicyType;

/// Where in a scenario a policy document sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "in", rename_all = "camelCase")]
pub enum DocumentSource {
    /// `policies.TYPE[entry]`: a scenario-wide policy.
    #[serde(rename_all = "camelCase")]
    Policies {
        /// The list it is in.
        policy_type: PolicyType,
        /// Its place in the list.
        entry: usize,
    },
    /// `managed_policies[index]`.
    Managed {
        /// Its place in `managed_policies`.
        index: usize,
    },
    /// `principals[principal].inline_policies[index]`.
    PrincipalInline {
        /// The principal's place in `principals`.
        principal: usize,
        /// The policy's place in its `inline_policies`.
        index: usize,
    },
    /// `groups[group].inline_policies[index]`.
    GroupInline {
        /// The group's place in `groups`.
        group: usize,
        /// The policy's place in its `inline_policies`.
        index: usize,
    },
    /// `principals[principal].trust_policy`.
    Trust {
        /// The role's place in `principals`.
        principal: usize,
    },
    /// `resources[resource].policy`.
    Resource {
        /// The resource's place in `resources`.
        resource: usize,
    },
    /// `requests[request].session.policy`.
    Session {
        /// The request's place in `requests`.
        request: usize,
    },
}

impl DocumentSource {
    /// The JSON path of the document's value, as steps (member names and positions).
    pub fn steps(self) -> Vec<PathStep> {
        use PathStep::{Index, Key};
        match self {
            DocumentSource::Policies { policy_type, entry } => vec![
                Key("policies"),
                Key(policy_type.name()),
                Index(entry),
                Key("document"),
            ],
            DocumentSource::Managed { index } => {
                vec![Key("managed_policies"), Index(index), Key("document")]
            }
            DocumentSource::PrincipalInline { principal, index } => vec![
                Key("principals"),
                Index(principal),
                Key("inline_policies"),
                Index(index),
                Key("document"),
            ],
            DocumentSource::GroupInline { group, index } => vec![
                Key("groups"),
                Index(group),
                Key("inline_policies"),
                Index(index),
                Key("document"),
            ],
            DocumentSource::Trust { principal } => {
                vec![Key("principals"), Index(principal), Key("trust_policy")]
            }
            DocumentSource::Resource { resource } => {
                vec![Key("resources"), Index(resource), Key("policy")]
            }
            DocumentSource::Session { request } => {
                vec![
                    Key("requests"),
                    Index(request),
                    Key("session"),
                    Key("policy"),
                ]
            }
        }
    }

    /// The JSON path written out: `principals[0].inline_policies[1].document`.
    pub fn path(self) -> String {
        path_text(&self.steps())
    }
}

/// One step of a JSON path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStep {
    /// An object member.
    Key(&'static str),
    /// An array position.
    Index(usize),
}

/// Steps written out as a path: `principals[0].groups[1]`.
pub fn path_text(steps: &[PathStep]) -> String {
    let mut text = String::new();
    for step in steps {
        match step {
            PathStep::Key(name) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(name);
            }
            PathStep::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

/// A document of the account model with the type it is evaluated as and its id in the trace.
#[derive(Debug, Clone, Copy)]
pub struct ModelDocument<'s> {
    /// Where it is.
    pub source: DocumentSource,
    /// The type it is evaluated as.
    pub policy_type: PolicyType,
    /// Its document.
    pub document: &'s Document,
}

impl Scenario {
    /// Every document of the account model (not the scenario-wide `policies`), each once: a
    /// managed policy is read as an identity-based policy, or as a boundary or session policy
    /// when only that is what it is used as.
    pub fn model_documents(&self) -> Vec<ModelDocument<'_>> {
        let mut documents = Vec::new();
        for (index, managed) in self.managed_policies.iter().enumerate() {
            documents.push(ModelDocument {
                source: DocumentSource::Managed { index },
                policy_type: self.managed_policy_use(&managed.arn),
                document: &managed.document,
            });
        }
        for (group, entry) in self.groups.iter().enumerate() {
            for (index, inline) in entry.inline_policies.iter().enumerate() {
                documents.push(ModelDocument {
                    source: DocumentSource::GroupInline { group, index },
                    policy_type: PolicyType::Identity,
                    document: &inline.document,
                });
            }
        }
        for (principal, entry) in self.principals.iter().enumerate() {
            for (index, inline) in entry.inline_policies.iter().enumerate() {
                documents.push(ModelDocument {
                    source: DocumentSource::PrincipalInline { principal, index },
                    policy_type: PolicyType::Identity,
                    document: &inline.document,
                });
            }
            if let Some(document) = &entry.trust_policy {
                documents.push(ModelDocument {
                    source: DocumentSource::Trust { principal },
                    policy_type: PolicyType::Resource,
                    document,
                });
            }
        }
        for (resource, entry) in self.resources.iter().enumerate() {
            if let Some(document) = &entry.policy {
                documents.push(ModelDocument {
                    source: DocumentSource::Resource { resource },
                    policy_type: PolicyType::Resource,
                    document,
                });
            }
        }
        for (request, entry) in self.requests.iter().enumerate() {
            if let Some(document) = entry.session.as_ref().and_then(|s| s.policy.as_ref()) {
                documents.push(ModelDocument {
                    source: DocumentSource::Session { request },
                    policy_type: PolicyType::Session,
                    document,
                });
            }
        }
        documents
    }

    /// The type a managed policy is checked as: a boundary or session policy when it is used
    /// only as that, else an identity-based policy.
    fn managed_policy_use(&self, arn: &str) -> PolicyType {
        let attached = self
            .principals
            .iter()
            .any(|p| p.attached_policies.iter().any(|a| a == arn))
            || self
                .groups
                .iter()
                .any(|g| g.attached_policies.iter().any(|a| a == arn));
        let boundary = self
            .principals
            .iter()
            .any(|p| p.permissions_boundary.as_deref() == Some(arn));
        let session = self.requests.iter().any(|r| {
            r.session
                .as_ref()
                .is_some_and(|s| s.policy_arns.iter().any(|a| a == arn))
        });
        match (attached, boundary, session) {
            (false, true, false) => PolicyType::Boundary,
            (false, false, true) => PolicyType::Session,
            _ => PolicyType::Identity,
        }
    }
}
