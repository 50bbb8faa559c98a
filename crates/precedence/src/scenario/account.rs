//! The account model of a scenario: managed policies defined once, groups, principals with
//! their own policies and tags, and resources with their resource-based policy and tags.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Document;

/// A customer or AWS managed policy, defined once and attached by its ARN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedPolicy {
    /// The policy's ARN (`arn:aws:iam::111122223333:policy/AppRead`,
    /// `arn:aws:iam::aws:policy/ReadOnlyAccess`).
    pub arn: String,
    /// The policy document (its default version).
    pub document: Document,
}

/// A policy embedded in one user, group or role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InlinePolicy {
    /// The policy's name, unique within its user, group or role.
    pub name: String,
    /// The policy document.
    pub document: Document,
}

/// An IAM group: its policies apply to every user in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The group's ARN (`arn:aws:iam::111122223333:group/Developers`).
    pub arn: String,
    /// Policies embedded in the group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline_policies: Vec<InlinePolicy>,
    /// ARNs of the managed policies attached to the group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attached_policies: Vec<String>,
}

/// An IAM user or role with its own policies. A request whose principal is this ARN (or, for a
/// role, one of its sessions `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`) is evaluated with
/// these policies in place of the scenario-wide identity policies and boundary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principal {
    /// The user's or role's ARN (`arn:aws:iam::111122223333:role/AppRole`).
    pub arn: String,
    /// Policies embedded in the user or role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline_policies: Vec<InlinePolicy>,
    /// ARNs of the managed policies attached to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attached_policies: Vec<String>,
    /// For users: ARNs of the groups the user is in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// The ARN of the managed policy set as its permissions boundary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
    /// Its tags: `aws:PrincipalTag/KEY` of its requests.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// For roles: the trust policy, the role's resource-based policy for `sts:AssumeRole*`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_policy: Option<Document>,
}

/// A resource with its resource-based policy and tags. A request on this ARN, or on one under
/// it (a bucket's objects `BUCKET/KEY`, a table's indexes `table/T/index/I`), meets this policy
/// in place of the scenario-wide resource policies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// The resource's ARN (`arn:aws:s3:::reports-bucket`, a KMS key's ARN, a queue's ARN).
    pub arn: String,
    /// Its resource-based policy (a bucket policy, a key policy, a queue policy), if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Document>,
    /// Its tags: `aws:ResourceTag/KEY` of requests on it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

/// The session a request's role session was created with: its session policies and tags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// The inline session policy passed when the session was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Document>,
    /// ARNs of managed policies passed as session policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_arns: Vec<String>,
    /// Session tags: `aws:PrincipalTag/KEY`, overriding the role's tag of the same key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

impl Session {
    /// Whether the session carries session policies.
    pub fn has_policies(&self) -> bool {
        self.policy.is_some() || !self.policy_arns.is_empty()
    }
}
