//! What an evaluation returns: the decision, the stages that blocked it, the statements that
//! decided it, and (when asked for) the full trace down to each condition.

use serde::{Deserialize, Serialize};

use crate::context::RequestContext;
use crate::policy::{Effect, PolicyType};
use crate::principal::PrincipalMatch;
use crate::scenario::{Decision, DocumentSource};
use crate::span::{Position, Span};

/// A stage of AWS's evaluation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Stage {
    /// Any explicit Deny in any applicable policy.
    ExplicitDeny,
    /// Resource control policies.
    Rcp,
    /// Service control policies.
    Scp,
    /// Resource-based policies.
    Resource,
    /// Identity-based policies.
    Identity,
    /// The permissions boundary.
    Boundary,
    /// Session policies.
    Session,
    /// The VPC endpoint policy.
    Endpoint,
}

impl Stage {
    /// Every stage, in evaluation order.
    pub const ALL: [Stage; 8] = [
        Stage::ExplicitDeny,
        Stage::Rcp,
        Stage::Scp,
        Stage::Resource,
        Stage::Identity,
        Stage::Boundary,
        Stage::Session,
        Stage::Endpoint,
    ];

    /// The stage that evaluates policies of `policy_type`.
    pub fn of(policy_type: PolicyType) -> Self {
        match policy_type {
            PolicyType::Rcp => Stage::Rcp,
            PolicyType::Scp => Stage::Scp,
            PolicyType::Resource => Stage::Resource,
            PolicyType::Identity => Stage::Identity,
            PolicyType::Boundary => Stage::Boundary,
            PolicyType::Session => Stage::Session,
            PolicyType::Endpoint => Stage::Endpoint,
        }
    }

    /// The policy type the stage evaluates (none for the explicit-deny stage).
    pub fn policy_type(self) -> Option<PolicyType> {
        match self {
            Stage::ExplicitDeny => None,
            Stage::Rcp => Some(PolicyType::Rcp),
            Stage::Scp => Some(PolicyType::Scp),
            Stage::Resource => Some(PolicyType::Resource),
            Stage::Identity => Some(PolicyType::Identity),
            Stage::Boundary => Some(PolicyType::Boundary),
            Stage::Session => Some(PolicyType::Session),
            Stage::Endpoint => Some(PolicyType::Endpoint),
        }
    }

    /// The camelCase name used in output (`explicitDeny`, `scp`, …).
    pub fn name(self) -> &'static str {
        self.policy_type().map_or("explicitDeny", PolicyType::name)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A small set of stages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageSet(u8);

impl StageSet {
    /// Add a stage.
    pub fn insert(&mut self, stage: Stage) {
        self.0 |= stage.bit();
    }

    /// Whether the set holds `stage`.
    pub fn contains(self, stage: Stage) -> bool {
        self.0 & stage.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The stages, in evaluation order.
    pub fn iter(self) -> impl Iterator<Item = Stage> {
        Stage::ALL
            .into_iter()
            .filter(move |stage| self.contains(*stage))
    }
}

impl Serialize for StageSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The decision alone, as the fast path returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// The decision.
    pub decision: Decision,
    /// The stages that denied, explicitly or for want of an Allow.
    pub blocked_by: StageSet,
}

/// How a stage came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StageStatus {
    /// An Allow applies (or the stage allows by AWS's rules, e.g. RCPFullAWSAccess).
    Allow,
    /// A Deny matched.
    Deny,
    /// The stage applies but nothing in it allows the request.
    NoMatch,
    /// The stage does not take part in this request.
    NotApplicable,
}

/// Where a statement is and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementRef {
    /// The stage it was evaluated in.
    pub stage: Stage,
    /// The policy's id.
    pub policy_id: String,
    /// Its `Sid`, or `#index`.
    pub label: String,
    /// Its position in the `Statement` array.
    pub index: usize,
    /// Its effect.
    pub effect: Effect,
    /// Where it is in the policy text.
    pub span: Span,
    /// Its line and column in the file or policy text.
    pub position: Position,
}

/// The trace of one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageTrace {
    /// Which stage.
    pub stage: Stage,
    /// How it came out.
    pub status: StageStatus,
    /// Whether it stopped the request.
    pub blocks: bool,
    /// One sentence on why.
    pub summary: String,
    /// Set when a statement of this stage left out for an error would change the decision if
    /// mended: one sentence saying which and how.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_out_note: Option<String>,
    /// The policies it evaluated.
    pub policies: Vec<PolicyTrace>,
}

/// The trace of one policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTrace {
    /// The policy's id.
    pub id: String,
    /// Where it is in the scenario.
    pub source: DocumentSource,
    /// For policies of the account model: the managed policy's ARN, or the user, group, role
    /// or resource the policy is part of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The SCP/RCP level it is attached at: its `level`, or the root, OU or account it is
    /// attached to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Whether it could not be parsed and was left out.
    pub left_out: bool,
    /// Its errors: each one makes AWS refuse the policy (MalformedPolicyDocument), and the
    /// parts they are in were left out of evaluation.
    pub errors: Vec<FindingRef>,
    /// Its statements.
    pub statements: Vec<StatementTrace>,
    /// The statements left out of evaluation for an error, where they stand in the policy.
    pub left_out_statements: Vec<LeftOutTrace>,
    /// The statements the scenario switches off, where they stand in the policy.
    pub switched_off_statements: Vec<SwitchedOffTrace>,
}

/// A statement switched off, where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SwitchedOffTrace {
    /// `Sid` if present, else `#index`.
    pub label: String,
    /// Its index in the `Statement` array.
    pub index: usize,
    /// Its effect, when it can be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect: Option<Effect>,
    /// Where it is in the policy text.
    pub span: Span,
    /// Where it starts (line and column, in the scenario file for inline documents).
    pub position: Position,
}

/// Something a request's evaluation left out because the scenario switches it off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SwitchedOff {
    /// A whole policy that would have met the request.
    Policy {
        /// Its stage.
        stage: Stage,
        /// Its id.
        policy_id: String,
        /// The ARN it belongs to, for a policy of the account model.
        #[serde(skip_serializing_if = "Option::is_none")]
        owner: Option<String>,
    },
    /// One statement of a policy that met the request.
    Statement {
        /// The policy's stage.
        stage: Stage,
        /// The policy's id.
        policy_id: String,
        /// The statement's `Sid`, else `#index`.
        label: String,
        /// Where the statement starts.
        position: Position,
    },
    /// A context key of the request, given or derived.
    ContextKey {
        /// The key as the request names it.
        key: String,
    },
}

impl SwitchedOff {
    /// What was switched off, as a sentence's object: "SCP `DenyOutsideVpc`", "statement
    /// `#1` of identity-based policy `App`", "context key `aws:SourceVpc`".
    pub fn describe(&self) -> String {
        let title = |stage: &Stage| {
            stage
                .policy_type()
                .map_or("policy", crate::policy::PolicyType::title)
        };
        match self {
            SwitchedOff::Policy {
                stage, policy_id, ..
            } => format!("{} `{policy_id}`", title(stage)),
            SwitchedOff::Statement {
                stage,
                policy_id,
                label,
                ..
            } => format!("statement `{label}` of {} `{policy_id}`", title(stage)),
            SwitchedOff::ContextKey { key } => format!("context key `{key}`"),
        }
    }
}

/// A statement of a policy's trace, evaluated or left out, as [`PolicyTrace::in_written_order`]
/// lists them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WrittenStatement<'a> {
    /// A statement that was evaluated.
    Evaluated(&'a StatementTrace),
    /// A statement left out for an error.
    LeftOut(&'a LeftOutTrace),
    /// A statement the scenario switches off.
    SwitchedOff(&'a SwitchedOffTrace),
}

impl PolicyTrace {
    /// The evaluated, the left-out and the switched-off statements, in the order the policy
    /// writes them.
    pub fn in_written_order(&self) -> Vec<WrittenStatement<'_>> {
        let index = |item: &WrittenStatement<'_>| match item {
            WrittenStatement::Evaluated(statement) => statement.index,
            WrittenStatement::LeftOut(left) => left.index,
            WrittenStatement::SwitchedOff(off) => off.index,
        };
        let mut items: Vec<WrittenStatement<'_>> = self
            .statements
            .iter()
            .map(WrittenStatement::Evaluated)
            .chain(
                self.left_out_statements
                    .iter()
                    .map(WrittenStatement::LeftOut),
            )
            .chain(
                self.switched_off_statements
                    .iter()
                    .map(WrittenStatement::SwitchedOff),
            )
            .collect();
        items.sort_by_key(index);
        items
    }

    /// The errors no left-out statement accounts for: a text that is not JSON, a `Statement`
    /// that cannot be read, an error AWS rejects but Precedence evaluates around.
    pub fn other_errors(&self) -> impl Iterator<Item = &FindingRef> {
        self.errors.iter().filter(|error| {
            !self
                .left_out_statements
                .iter()
                .any(|left| left.reasons.contains(error))
        })
    }
}

/// A finding, where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingRef {
    /// Its code (`invalid-effect`, …).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
    /// Where, in the policy text.
    pub span: Span,
    /// Its line and column in the file or policy text.
    pub position: Position,
}

/// A statement left out of evaluation for an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeftOutTrace {
    /// `Sid` or `#index`.
    pub label: String,
    /// Position in the `Statement` array.
    pub index: usize,
    /// Its effect, if one could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect: Option<Effect>,
    /// Where it is in the policy text.
    pub span: Span,
    /// Its line and column in the file or policy text.
    pub position: Position,
    /// The errors that left it out.
    pub reasons: Vec<FindingRef>,
    /// What including it would change, when mending its error changes the decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub would_change: Option<WouldChange>,
}

/// How the decision would come out with a left-out statement mended and included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WouldChange {
    /// The repair that lets the statement in (`write "Allow"`).
    pub repair: String,
    /// The decision with the repair made.
    pub decision: Decision,
    /// Whether the statement's stage would stop the request with the repair made.
    pub stage_blocks: bool,
    /// One sentence saying so.
    pub sentence: String,
}

/// How one element (`Action`, `Resource`, `Principal`) of a statement compared with the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ElementTrace {
    /// The element's name as written (`NotAction`, `Principal`, …).
    pub element: &'static str,
    /// Whether the element lets the statement apply.
    pub matched: bool,
    /// The pattern or identifier that matched the request (for `Not…` elements, the one that
    /// excluded it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// How a `Principal` named the caller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal_match: Option<PrincipalMatch>,
    /// Why the element lets the statement apply although it lists the caller, where AWS makes
    /// an exception (a `NotPrincipal` Deny and a permissions boundary).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

/// How one condition compared with the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionTrace {
    /// The operator as written.
    pub operator: String,
    /// The key as written.
    pub key: String,
    /// The policy's values, with policy variables filled in (`None` where one could not be).
    pub policy_values: Vec<Option<String>>,
    /// The request's values of the key.
    pub request_values: Vec<String>,
    /// Whether the request has the key at all.
    pub present: bool,
    /// Whether Precedence derived the request's value.
    pub derived: bool,
    /// Whether the condition holds.
    pub holds: bool,
    /// Where it is written.
    pub span: Span,
}

/// The trace of one statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementTrace {
    /// `Sid` or `#index`.
    pub label: String,
    /// Position in the `Statement` array.
    pub index: usize,
    /// Its effect.
    pub effect: Effect,
    /// Whether the statement applies to the request.
    pub matched: bool,
    /// Where it is in the policy text.
    pub span: Span,
    /// `Action`/`NotAction`.
    pub action: ElementTrace,
    /// `Resource`/`NotResource`.
    pub resource: ElementTrace,
    /// `Principal`/`NotPrincipal`, for policy types that take one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<ElementTrace>,
    /// Every condition.
    pub conditions: Vec<ConditionTrace>,
}

/// A rule AWS applies outside any policy, as a step of the trace: its id, what it says and
/// where AWS says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleStep {
    /// The rule's id (see `aws_rules::RULES`).
    pub id: &'static str,
    /// What the rule says.
    pub says: &'static str,
    /// The page of AWS's documentation it comes from.
    pub source: &'static str,
    /// The decision the rule led to.
    pub decision: Decision,
    /// The stage the rule works within, for a rule that changes how one stage reads the
    /// policies; `None` for a rule that decides on its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<Stage>,
}

/// A full evaluation of one request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    /// The decision.
    pub decision: Decision,
    /// The stages that denied.
    pub blocked_by: StageSet,
    /// The rule outside the policies that decided the request, when one did (see
    /// `aws_rules`). It is its own step: a rule that allows is checked before any policy, one
    /// that denies after them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleStep>,
    /// The statements that decided: the Denies for an explicit deny, the Allows that carried
    /// each required stage for an allow.
    pub decisive: Vec<StatementRef>,
    /// One paragraph in plain language.
    pub explanation: String,
    /// Every stage, in evaluation order.
    pub stages: Vec<StageTrace>,
    /// The request context the conditions saw.
    pub context: RequestContext,
    /// Keys that conditions asked for and the request did not have.
    pub missing_keys: Vec<String>,
    /// The policies of the stages this request went through that have errors: AWS would
    /// refuse to save them, so the decision rests on what Precedence could read of them.
    pub invalid_policies: Vec<InvalidPolicy>,
    /// The statements whose conditions the decision hangs on, with their keys and the decision
    /// if the conditions went the other way: the context keys whose value could change it.
    pub depends_on: Vec<crate::dependence::Dependence>,
    /// What the scenario switches off that this request would otherwise have met: policies,
    /// statements of the policies it met, and context keys.
    pub switched_off: Vec<SwitchedOff>,
}

impl Evaluation {
    /// What is switched off, each described, separated by "; ": `None` when nothing is.
    pub fn switched_off_list(&self) -> Option<String> {
        let described: Vec<String> = self
            .switched_off
            .iter()
            .map(SwitchedOff::describe)
            .collect();
        (!described.is_empty()).then(|| described.join("; "))
    }
}

/// A policy with errors that took part in an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvalidPolicy {
    /// The stage it was evaluated in.
    pub stage: Stage,
    /// Its id.
    pub policy_id: String,
    /// How many errors it has.
    pub errors: usize,
    /// How many of its statements were left out.
    pub left_out_statements: usize,
    /// Whether the whole policy was left out (its text is not a policy).
    pub left_out: bool,
}
