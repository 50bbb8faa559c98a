//! The policy model: what a parsed policy document says, with the spans of what it said it with.

use serde::{Deserialize, Serialize};

use crate::condition::Condition;
use crate::finding::Finding;
use crate::pattern::Pattern;
use crate::span::Span;

/// The kinds of policy AWS evaluates, in the order its evaluation logic considers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyType {
    /// Resource control policy of the resource's account (AWS Organizations).
    Rcp,
    /// Service control policy of the principal's account (AWS Organizations).
    Scp,
    /// Resource-based policy: bucket policy, table policy, key policy, …
    Resource,
    /// Identity-based policy attached to the calling user or role.
    Identity,
    /// Permissions boundary of the calling user or role.
    Boundary,
    /// Session policy passed when the session was created.
    Session,
    /// VPC endpoint policy of the endpoint the request came through.
    Endpoint,
}

impl PolicyType {
    /// Every policy type, in evaluation order.
    pub const ALL: [PolicyType; 7] = [
        PolicyType::Rcp,
        PolicyType::Scp,
        PolicyType::Resource,
        PolicyType::Identity,
        PolicyType::Boundary,
        PolicyType::Session,
        PolicyType::Endpoint,
    ];

    /// The short name used in scenario files, `blockedBy` and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            PolicyType::Rcp => "rcp",
            PolicyType::Scp => "scp",
            PolicyType::Resource => "resource",
            PolicyType::Identity => "identity",
            PolicyType::Boundary => "boundary",
            PolicyType::Session => "session",
            PolicyType::Endpoint => "endpoint",
        }
    }

    /// A human name: "SCP", "permissions boundary", …
    pub fn title(self) -> &'static str {
        match self {
            PolicyType::Rcp => "resource control policy",
            PolicyType::Scp => "service control policy",
            PolicyType::Resource => "resource-based policy",
            PolicyType::Identity => "identity-based policy",
            PolicyType::Boundary => "permissions boundary",
            PolicyType::Session => "session policy",
            PolicyType::Endpoint => "VPC endpoint policy",
        }
    }

    /// Parse a short name (`"scp"`, `"endpoint"`, …).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// Whether statements of this type name a `Principal` (resource, endpoint and RCP policies).
    pub fn takes_principal(self) -> bool {
        matches!(
            self,
            PolicyType::Resource | PolicyType::Endpoint | PolicyType::Rcp
        )
    }
}

/// The policy language version a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PolicyVersion {
    /// `"2012-10-17"`: the current language, with policy variables.
    #[serde(rename = "2012-10-17")]
    V2012,
    /// `"2008-10-17"`: the old language; `${…}` is plain text.
    #[serde(rename = "2008-10-17")]
    V2008,
    /// No `Version`: treated as `2008-10-17`.
    #[serde(rename = "absent")]
    Absent,
}

impl PolicyVersion {
    /// Whether `${…}` policy variables are substituted.
    pub fn has_variables(self) -> bool {
        self == PolicyVersion::V2012
    }
}

/// A parsed policy document.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The declared language version.
    pub version: PolicyVersion,
    /// The statements that could be understood, in written order.
    pub statements: Vec<Statement>,
    /// The statements left out of evaluation for an error, in written order.
    pub left_out: Vec<LeftOutStatement>,
    /// The span of the whole document.
    pub span: Span,
}

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Effect {
    /// Grants, if nothing denies.
    Allow,
    /// Denies, whatever else allows.
    Deny,
}

/// A value as written, with its span.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    /// The parsed value.
    pub value: T,
    /// The text as written.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// `Action`/`NotAction` or `Resource`/`NotResource`: patterns and whether the element is negated.
#[derive(Debug, Clone)]
pub struct MatchList {
    /// `true` for `NotAction` / `NotResource`.
    pub negated: bool,
    /// The patterns (actions are stored lowercased: they match case-insensitively).
    pub patterns: Vec<Spanned<Pattern>>,
    /// The span of the element's name.
    pub span: Span,
}

/// Which namespace a principal identifier belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PrincipalNamespace {
    /// `"AWS"`: accounts, users, roles, sessions.
    #[serde(rename = "AWS")]
    Aws,
    /// `"Service"`: AWS service principals.
    Service,
    /// `"Federated"`: identity providers.
    Federated,
    /// `"CanonicalUser"`: S3 canonical user ids.
    CanonicalUser,
}

impl PrincipalNamespace {
    /// Parse the key of a `Principal` object.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "AWS" => Some(Self::Aws),
            "Service" => Some(Self::Service),
            "Federated" => Some(Self::Federated),
            "CanonicalUser" => Some(Self::CanonicalUser),
            _ => None,
        }
    }
}

/// One identifier in a `Principal` element.
#[derive(Debug, Clone)]
pub struct PrincipalId {
    /// Its namespace.
    pub namespace: PrincipalNamespace,
    /// The identifier as written.
    pub value: String,
    /// Where.
    pub span: Span,
}

/// `Principal`/`NotPrincipal`.
#[derive(Debug, Clone)]
pub struct PrincipalSet {
    /// `true` for `NotPrincipal`.
    pub negated: bool,
    /// The identifiers; `"*"` is represented as one `AWS` identifier `*`.
    pub ids: Vec<PrincipalId>,
    /// The span of the element's value.
    pub span: Span,
}

/// A statement: who may (not) do what to which resources under which conditions.
#[derive(Debug, Clone)]
pub struct Statement {
    /// Position in the `Statement` array (0-based).
    pub index: usize,
    /// The `Sid`, if given.
    pub sid: Option<String>,
    /// Where the `Sid`'s value is written.
    pub sid_span: Option<Span>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// `Action` or `NotAction`.
    pub action: MatchList,
    /// `Resource` or `NotResource`; absent means the statement applies to any resource.
    pub resource: Option<MatchList>,
    /// `Principal` or `NotPrincipal`, if given.
    pub principal: Option<PrincipalSet>,
    /// Every condition, one per operator and key.
    pub conditions: Vec<Condition>,
    /// The span of the statement object.
    pub span: Span,
}

impl Statement {
    /// `Sid` if present, else `#index`, for labels.
    pub fn label(&self) -> String {
        statement_label(self.sid.as_deref(), self.index)
    }
}

/// A statement left out of evaluation because of an error: kept so that the trace can show it
/// where it stands, with what left it out and the repairs that would let it in.
#[derive(Debug, Clone)]
pub struct LeftOutStatement {
    /// Position in the `Statement` array (0-based).
    pub index: usize,
    /// The `Sid`, if one could be read.
    pub sid: Option<String>,
    /// Where the `Sid`'s value is written.
    pub sid_span: Option<Span>,
    /// The effect, if one could be read.
    pub effect: Option<Effect>,
    /// Whether it has a `Principal` or `NotPrincipal` element, readable or not.
    pub principal_written: bool,
    /// The span of the statement (of the whole `Statement` value when it is not an object).
    pub span: Span,
    /// The errors that left it out, in order of position.
    pub reasons: Vec<Finding>,
    /// Edits of the policy text that AWS would accept, each of which may let the statement in;
    /// the likeliest first.
    pub repairs: Vec<Repair>,
}

impl LeftOutStatement {
    /// `Sid` if present, else `#index`, for labels.
    pub fn label(&self) -> String {
        statement_label(self.sid.as_deref(), self.index)
    }
}

/// An edit of a policy's text that mends one error: replace `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Repair {
    /// What the edit does, in a short phrase (`write "Allow"`, `remove \`NotAction\``).
    pub summary: String,
    /// The text to replace (empty to insert).
    pub span: Span,
    /// The text to put there.
    pub replacement: String,
    /// Which mistake of its statement it mends: repairs with the same number are alternatives.
    #[serde(skip)]
    pub mistake: usize,
}

impl Repair {
    /// The policy text with the repair made; `None` when the span does not fit `text`.
    pub fn apply_to(&self, text: &str) -> Option<String> {
        self.apply_at(text, 0)
    }

    /// A part of the policy text that starts `offset` bytes into it, with the repair made;
    /// `None` when the span does not fall inside the part.
    pub fn apply_at(&self, text: &str, offset: usize) -> Option<String> {
        let before = text.get(..self.span.start.checked_sub(offset)?)?;
        let after = text.get(self.span.end.checked_sub(offset)?..)?;
        Some(format!("{before}{}{after}", self.replacement))
    }
}

pub(crate) fn statement_label(sid: Option<&str>, index: usize) -> String {
    match sid {
        Some(sid) if !sid.is_empty() => sid.to_owned(),
        _ => format!("#{index}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_declared_in_evaluation_order() {
        for (position, policy_type) in PolicyType::ALL.into_iter().enumerate() {
            assert_eq!(policy_type as usize, position, "{policy_type:?}");
        }
    }
}
