//! Scenario files: policies, requests and expected decisions, in the JSON shape the CLI, the
//! tests, the examples and the playground's share links all use.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::json::{self, Node, Value};
use crate::policy::PolicyType;
use crate::span::{LineIndex, Span};

mod account;
mod documents;
mod error;
mod lesson;
mod organization;
mod references;

pub use account::{Group, InlinePolicy, ManagedPolicy, Principal, Resource, Session};
pub use documents::{path_text, DocumentSource, ModelDocument, PathStep};
pub use error::ScenarioError;
pub use lesson::Lesson;
pub use organization::{Account, Organization, PlacedAccount, Unit};
pub use references::ReferenceError;

/// A whole scenario.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A short title.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// What the scenario shows, with sources.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Present in the teaching course's scenarios: the question, hint and point of the lesson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<Lesson>,
    /// Facts about the AWS Organization the accounts belong to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    /// Managed policies, defined once and attached by ARN to principals and groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub managed_policies: Vec<ManagedPolicy>,
    /// IAM groups and their policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// IAM users and roles with their own policies, boundary and tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub principals: Vec<Principal>,
    /// Resources with their own resource-based policy and tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Resource>,
    /// The scenario-wide policies, by type: they apply wherever no principal or resource of
    /// the model says otherwise.
    #[serde(default)]
    pub policies: Policies,
    /// The requests to evaluate.
    #[serde(default)]
    pub requests: Vec<Request>,
    /// Finding codes allowed on purpose: reported as suppressed, never silently dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
    /// Policies and statements switched off: kept as written, left out of every evaluation,
    /// and said in every trace (to see what a decision owes them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub switched_off: Vec<SwitchOff>,
}

/// A policy, or one statement of it, switched off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwitchOff {
    /// The policy: the id the trace gives it, or the ARN of the managed policy, user, group,
    /// role or resource it belongs to.
    pub policy: String,
    /// The statement: its `Sid`, or `#N` for the statement at index N (the whole policy when
    /// absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
}

/// A finding code allowed in this scenario, everywhere or in one policy or statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// The finding code (`missing-version`).
    pub code: String,
    /// The id of the policy it is allowed in (every policy when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// The statement it is allowed in: its `Sid`, or `#N` for the statement at index N (every
    /// statement of the policy when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    /// Why it is allowed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// Policies by type; every list is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policies {
    /// Identity-based policies of the caller.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identity: Vec<PolicyEntry>,
    /// Resource-based policies of the resource.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource: Vec<PolicyEntry>,
    /// The caller's permissions boundary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boundary: Vec<PolicyEntry>,
    /// Session policies of the caller's session.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub session: Vec<PolicyEntry>,
    /// SCPs of the caller's account, with their `level`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scp: Vec<PolicyEntry>,
    /// RCPs of the resource's account, with their `level`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rcp: Vec<PolicyEntry>,
    /// VPC endpoints, each with its policy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub endpoint: Vec<PolicyEntry>,
}

impl Policies {
    /// The entries of one type.
    pub fn of_type(&self, policy_type: PolicyType) -> &[PolicyEntry] {
        match policy_type {
            PolicyType::Identity => &self.identity,
            PolicyType::Resource => &self.resource,
            PolicyType::Boundary => &self.boundary,
            PolicyType::Session => &self.session,
            PolicyType::Scp => &self.scp,
            PolicyType::Rcp => &self.rcp,
            PolicyType::Endpoint => &self.endpoint,
        }
    }

    /// The entries of one type, to edit.
    pub fn of_type_mut(&mut self, policy_type: PolicyType) -> &mut Vec<PolicyEntry> {
        match policy_type {
            PolicyType::Identity => &mut self.identity,
            PolicyType::Resource => &mut self.resource,
            PolicyType::Boundary => &mut self.boundary,
            PolicyType::Session => &mut self.session,
            PolicyType::Scp => &mut self.scp,
            PolicyType::Rcp => &mut self.rcp,
            PolicyType::Endpoint => &mut self.endpoint,
        }
    }
}

/// One policy: its id, its document and, by type, its level or endpoint details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyEntry {
    /// A name for the policy (the endpoint id for endpoints).
    pub id: String,
    /// The policy document: a JSON object, or a string holding the policy text as pasted.
    pub document: Document,
    /// For SCPs and RCPs: the level it is attached at (`root`, an OU, the account), applying to
    /// every member account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// For SCPs and RCPs: what it is attached to in the organization's tree (the root's id, an
    /// OU's id or an account id, or a list of them); it applies to the accounts under each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Targets>,
    /// For endpoints: the VPC the endpoint is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc: Option<String>,
    /// For endpoints: `gateway` (the default) or `interface`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub endpoint_type: Option<EndpointType>,
}

/// Where an SCP or RCP is attached: one root, OU or account id, or several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Targets {
    /// One target.
    One(String),
    /// Several targets (FullAWSAccess is attached to every one).
    Many(Vec<String>),
}

impl Targets {
    /// The ids attached to.
    pub fn ids(&self) -> &[String] {
        match self {
            Targets::One(id) => std::slice::from_ref(id),
            Targets::Many(ids) => ids,
        }
    }
}

/// The kind of VPC endpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EndpointType {
    /// A gateway endpoint (S3 and DynamoDB); its policy must use `Principal: "*"`.
    #[default]
    Gateway,
    /// An interface endpoint (AWS PrivateLink).
    Interface,
}

/// A policy document as a scenario holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Document {
    /// Policy text as pasted (may be invalid JSON).
    Text(String),
    /// A JSON value.
    Json(serde_json::Value),
}

impl Document {
    /// The policy text: the string itself, or the JSON value written out.
    pub fn text(&self) -> String {
        match self {
            Document::Text(text) => text.clone(),
            Document::Json(value) => {
                serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
            }
        }
    }
}

/// A request to evaluate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// A short label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The calling principal's ARN.
    pub principal: String,
    /// The action, `service:ActionName`.
    pub action: String,
    /// The resource ARN (or `*`).
    pub resource: String,
    /// The account that owns the resource; defaults to the ARN's account, else the caller's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_account: Option<String>,
    /// The id of the scenario's endpoint the request came through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via_endpoint: Option<String>,
    /// For a role session of a principal of the model: its session policies and session tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// Condition keys the request carries (string, number, boolean, or a list of them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, ContextValue>,
    /// The decision AWS's documentation says this request gets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Decision>,
    /// For a denied request: the stage AWS said denied it (an AccessDenied message names it:
    /// "because no VPC endpoint policy allows …" is `endpoint`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect_stage: Option<crate::trace::Stage>,
    /// Context keys switched off for this request: left out of its context, given or derived,
    /// as if the request did not carry them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub switched_off_context: Vec<String>,
}

/// A context value as a scenario writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ContextValue {
    /// A list: a multivalued key.
    List(Vec<Scalar>),
    /// One value.
    One(Scalar),
}

/// A single context value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    /// Text.
    Text(String),
    /// `true`/`false`.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
}

impl Scalar {
    /// The value as the request context holds it: text.
    pub fn as_text(&self) -> String {
        match self {
            Scalar::Text(text) => text.clone(),
            Scalar::Bool(value) => value.to_string(),
            Scalar::Number(number) => number.to_string(),
        }
    }
}

/// An authorization decision, named as AWS's policy simulator names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    /// Every policy that must allow does, and nothing denies.
    Allowed,
    /// A Deny statement matched.
    ExplicitDeny,
    /// Nothing denied, but something that must allow did not.
    ImplicitDeny,
}

impl Request {
    /// A request of `principal` calling `action` on `resource`, with nothing else said: no
    /// endpoint, no context, no expectation.
    pub fn new(principal: &str, action: &str, resource: &str) -> Self {
        Self {
            name: None,
            principal: principal.to_owned(),
            action: action.to_owned(),
            resource: resource.to_owned(),
            resource_account: None,
            via_endpoint: None,
            session: None,
            context: BTreeMap::new(),
            expect: None,
            expect_stage: None,
            switched_off_context: Vec::new(),
        }
    }

    /// Whether `outcome` is what the request expects: its decision, and the stage AWS named
    /// among those that denied it. `None` when the request expects nothing.
    pub fn expectation_met(&self, outcome: &crate::trace::Outcome) -> Option<bool> {
        let decision = self.expect?;
        let stage_met = self
            .expect_stage
            .is_none_or(|stage| outcome.blocked_by.contains(stage));
        Some(outcome.decision == decision && stage_met)
    }
}

impl Decision {
    /// The name used in scenario files and output.
    pub fn name(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "explicitDeny",
            Decision::ImplicitDeny => "implicitDeny",
        }
    }
}

/// A scenario read from a file, with where each inline policy document sits in the file.
#[derive(Debug, Clone)]
pub struct ScenarioFile {
    /// The scenario.
    pub scenario: Scenario,
    /// For each policy document, the span of its JSON value in the file: the policy itself for
    /// inline objects, the quoted string for string documents.
    pub document_spans: BTreeMap<DocumentSource, Span>,
    /// For each scenario-wide policy (`policies.TYPE[N]`), the span of its `id` value.
    pub id_spans: BTreeMap<DocumentSource, Span>,
    /// For each request, the span of its object in the file.
    pub request_spans: Vec<Span>,
}

/// Largest scenario file accepted: 64 MiB (an imported account of thousands of roles and
/// policies is tens of megabytes).
pub const MAX_SCENARIO_BYTES: usize = 64 * 1024 * 1024;

impl ScenarioFile {
    /// Read a scenario from file bytes. Errors say where (line:column and JSON path) and what to do.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ScenarioError> {
        if bytes.len() > MAX_SCENARIO_BYTES {
            return Err(ScenarioError::TooLarge { bytes: bytes.len() });
        }
        let text = std::str::from_utf8(bytes).map_err(|error| {
            let valid = &bytes[..error.valid_up_to()];
            let prefix = String::from_utf8_lossy(valid);
            ScenarioError::InvalidUtf8 {
                position: LineIndex::new(&prefix).position(&prefix, prefix.len()),
            }
        })?;
        Self::from_text(text)
    }

    /// Read a scenario from its JSON text.
    pub fn from_text(text: &str) -> Result<Self, ScenarioError> {
        let index = LineIndex::new(text);
        let tree = json::parse(text).map_err(|error| ScenarioError::Syntax {
            message: error.message,
            position: index.position(text, error.span.start),
        })?;
        if !matches!(tree.value, Value::Object(_)) {
            return Err(ScenarioError::Shape {
                message: format!(
                    "a scenario is a JSON object, not {}",
                    tree.value.kind_name()
                ),
                path: ".".into(),
                position: index.position(text, tree.span.start),
            });
        }
        let scenario: Scenario = serde_json::from_str(text).map_err(|error| {
            // serde says where it stopped: at the offending value or just past it. The
            // located tree says which value that is (the innermost of the two places), its
            // path and where it starts.
            let stopped = index.offset(error.line(), error.column());
            let at = path_to(&tree, stopped);
            let before = path_to(&tree, stopped.saturating_sub(1));
            let width = |node: &Node| node.span.end - node.span.start;
            let (path, node) = if width(at.1) < width(before.1) {
                at
            } else {
                before
            };
            ScenarioError::Shape {
                message: error
                    .to_string()
                    .split(" at line ")
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
                position: index.position(text, node.span.start),
                path,
            }
        })?;
        if let Some(error) = scenario.reference_errors().into_iter().next() {
            let node = node_at(&tree, &error.path);
            return Err(ScenarioError::Reference {
                path: error.path_text(),
                position: index.position(text, node.span.start),
                message: error.message,
                help: error.help,
            });
        }
        let mut document_spans = BTreeMap::new();
        let sources = PolicyType::ALL
            .into_iter()
            .flat_map(|policy_type| {
                (0..scenario.policies.of_type(policy_type).len())
                    .map(move |entry| DocumentSource::Policies { policy_type, entry })
            })
            .chain(scenario.model_documents().into_iter().map(|d| d.source));
        let mut id_spans = BTreeMap::new();
        for source in sources {
            let steps = source.steps();
            let node = node_at(&tree, &steps);
            document_spans.insert(source, node.span);
            if let DocumentSource::Policies { .. } = source {
                // `policies.TYPE[N].id` beside `policies.TYPE[N].document`.
                let mut id = steps;
                id.pop();
                id.push(PathStep::Key("id"));
                id_spans.insert(source, node_at(&tree, &id).span);
            }
        }
        let request_spans = match member(&tree, "requests").map(|n| &n.value) {
            Some(Value::Array(requests)) => requests.iter().map(|r| r.span).collect(),
            _ => Vec::new(),
        };
        Ok(Self {
            scenario,
            document_spans,
            id_spans,
            request_spans,
        })
    }
}

/// The innermost value holding byte `offset`, and its path from the root (`requests[0].action`,
/// or `.` for the root).
fn path_to<'n, 't>(root: &'n Node<'t>, offset: usize) -> (String, &'n Node<'t>) {
    let holds = |node: &Node| node.span.start <= offset && offset < node.span.end;
    let mut path = String::new();
    let mut node = root;
    loop {
        let next =
            match &node.value {
                Value::Object(members) => members.iter().find(|m| holds(&m.value)).map(|m| {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&m.name);
                    &m.value
                }),
                Value::Array(items) => items.iter().enumerate().find(|(_, item)| holds(item)).map(
                    |(position, item)| {
                        path.push_str(&format!("[{position}]"));
                        item
                    },
                ),
                _ => None,
            };
        match next {
            Some(inner) => node = inner,
            None => break,
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    (path, node)
}

/// The value at `steps` from `root`, or the deepest value on the way there that exists.
fn node_at<'n, 't>(root: &'n Node<'t>, steps: &[PathStep]) -> &'n Node<'t> {
    let mut node = root;
    for step in steps {
        let next = match (step, &node.value) {
            (PathStep::Key(name), _) => member(node, name),
            (PathStep::Index(position), Value::Array(items)) => items.get(*position),
            _ => None,
        };
        match next {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

fn member<'n, 't>(node: &'n Node<'t>, name: &str) -> Option<&'n Node<'t>> {
    match &node.value {
        Value::Object(members) => members.iter().find(|m| m.name == name).map(|m| &m.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_shape() {
        let file = ScenarioFile::from_text(
            r#"{"name":"n","organization":{"management_account":"999988887777"},
            "policies":{"identity":[{"id":"A","document":{"Statement":[]}}],
                        "endpoint":[{"id":"vpce-1","vpc":"vpc-1","type":"gateway","document":"{}"}]},
            "requests":[{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject",
                         "resource":"*","context":{"aws:TagKeys":["a","b"],"n":3},"expect":"implicitDeny"}]}"#,
        )
        .unwrap();
        assert_eq!(
            file.scenario.requests[0].expect,
            Some(Decision::ImplicitDeny)
        );
        let source = |policy_type, entry| DocumentSource::Policies { policy_type, entry };
        assert!(file
            .document_spans
            .contains_key(&source(PolicyType::Identity, 0)));
        // A string document's span is the quoted string `"{}"`.
        let string_span = file.document_spans[&source(PolicyType::Endpoint, 0)];
        assert_eq!(string_span.end - string_span.start, 4);
        assert_eq!(
            file.scenario.policies.endpoint[0].endpoint_type,
            Some(EndpointType::Gateway)
        );
    }

    #[test]
    fn shape_errors_carry_path_and_position() {
        let error =
            ScenarioFile::from_text("{\n  \"requests\": [{\"principal\": 5}]\n}").unwrap_err();
        let ScenarioError::Shape { path, position, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(path, "requests[0].principal");
        assert_eq!((position.line, position.column), (2, 30), "at the `5`");
        let cases = [
            (r#"{"requests": [{"action": "a"}]}"#, "requests[0]", 15),
            (
                r#"{"requests": [{"principal": "p", "action": "a", "resource": "*", "expect": "allowd"}]}"#,
                "requests[0].expect",
                76,
            ),
            (
                r#"{"policies": {"identity": [{"id": 3}]}}"#,
                "policies.identity[0].id",
                35,
            ),
            (r#"{"requests": {}}"#, "requests", 14),
        ];
        for (text, want_path, want_column) in cases {
            let error = ScenarioFile::from_text(text).unwrap_err();
            let ScenarioError::Shape { path, position, .. } = &error else {
                panic!("{error:?}")
            };
            assert_eq!(
                (path.as_str(), position.column),
                (want_path, want_column),
                "{text}"
            );
        }
        let array = ScenarioFile::from_text("  []").unwrap_err();
        assert!(
            array
                .to_string()
                .starts_with("1:3: at `.`: a scenario is a JSON object, not an array"),
            "{array}"
        );
        let unknown = ScenarioFile::from_text(r#"{"polices": {}}"#).unwrap_err();
        assert!(unknown.to_string().contains("polices"), "{unknown}");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let error = ScenarioFile::from_bytes(b"{\n \"name\": \"\xff\"}").unwrap_err();
        assert!(matches!(error, ScenarioError::InvalidUtf8 { position } if position.line == 2));
    }
}
