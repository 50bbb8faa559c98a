//! What would allow a request that is not allowed: statements to add, Deny statements to get
//! past, and changes to the request, each checked by applying it to a copy of the scenario and
//! evaluating the request again with the same engine. See [`Engine::suggest`].
//!
//! The search starts from the request's evaluation and takes one blocker at a time. An explicit
//! Deny comes first: a change to the request that makes one of its conditions false (another
//! endpoint, a context key, another principal), or, when none gets past it, removing the
//! statement. An implicit deny is taken stage by stage: an Allow for exactly the request's
//! action and resource where one is missing (at every SCP level that lacks one), a change to
//! the request that meets the conditions of an Allow already there, or another endpoint. After
//! each step the scenario is evaluated again, so where several stages block, a suggestion is
//! the set of changes that together allow the request. Only sets whose evaluation is `allowed`
//! are returned, each reduced to the changes it needs.

mod apply;
mod fixes;
mod repairs;
mod values;

use serde::Serialize;

pub use apply::{add_statement_to_text, new_policy_text, remove_statement_from_text, ApplyError};

use crate::evaluate::{Engine, PreparedRequest, RequestError};
use crate::load::LoadedPolicy;
use crate::policy::PolicyType;
use crate::scenario::{Decision, DocumentSource, Scenario};
use crate::span::Span;
use crate::trace::{Evaluation, Stage, StatementRef};

/// What would allow one request: verified suggestions, and when only editing a Deny statement
/// can, which ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestions {
    /// Sets of changes that each allow the request, fewest changes first. Every one was applied
    /// to a copy of the scenario and the request evaluated again: it is allowed.
    pub items: Vec<Suggestion>,
    /// Set when no change to the request and no added Allow gets past some Deny statement:
    /// only editing it does (the `items`, if any, remove it).
    pub unfixable: Option<Unfixable>,
}

/// Why nothing short of editing policies allows the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unfixable {
    /// One paragraph in plain language.
    pub message: String,
    /// The Deny statements that only an edit gets past.
    pub statements: Vec<StatementRef>,
}

/// One way to allow the request: one or more changes that together allow it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    /// A short title.
    pub title: String,
    /// Why it works, in plain language.
    pub explanation: String,
    /// The kinds of its changes: `policy`, `request` or both.
    pub kinds: Vec<ChangeKind>,
    /// The changes, to apply in order.
    pub changes: Vec<Change>,
}

/// Whether a change edits a policy or the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    /// A statement added to or removed from a policy.
    Policy,
    /// Something about the request: its endpoint, a context key, its principal.
    Request,
}

/// One change: what it addresses and the edit itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Whether it edits a policy or the request.
    pub kind: ChangeKind,
    /// The stage it gets the request past.
    pub stage: Stage,
    /// What to do, in a short sentence.
    pub summary: String,
    /// Why it helps.
    pub reason: String,
    /// The statement it is about: the Deny it gets past or removes, or the Allow whose
    /// conditions it meets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<StatementRef>,
    /// The condition of that statement it makes come out the other way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<ConditionRef>,
    /// The edit, ready to apply to the scenario.
    pub edit: Edit,
}

/// A condition as the policy writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionRef {
    /// The operator as written.
    pub operator: String,
    /// The key as written.
    pub key: String,
    /// The values as written.
    pub values: Vec<String>,
    /// Where it is written in the policy text.
    pub span: Span,
}

/// A change to a scenario, as data: see [`Edit::apply`]. Policies are named by type and
/// position among the scenario's policies of that type (`entry`); requests by position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Edit {
    /// Append a statement to a policy's `Statement` array, or create a policy holding it.
    AddStatement {
        /// The policy type.
        policy_type: PolicyType,
        /// The policy's id (for a new policy, the id to give it).
        policy_id: String,
        /// The policy's position among the scenario's policies of its type; `None`: a new
        /// policy, appended after them.
        entry: Option<usize>,
        /// For SCPs: the level the policy is attached at.
        #[serde(skip_serializing_if = "Option::is_none")]
        level: Option<String>,
        /// The statement, as pretty JSON text to paste into the `Statement` array.
        statement: String,
    },
    /// Remove a statement from a policy.
    RemoveStatement {
        /// The policy type.
        policy_type: PolicyType,
        /// The policy's position among the scenario's policies of its type.
        entry: usize,
        /// The statement (its `index` is its position in the `Statement` array).
        statement: StatementRef,
    },
    /// Mend a statement left out of evaluation for an error: replace the policy's text with
    /// `text`, which is the text as it was with `edits` made.
    RepairStatement {
        /// The policy type.
        policy_type: PolicyType,
        /// The policy's position among the scenario's policies of its type.
        entry: usize,
        /// The policy's id.
        policy_id: String,
        /// The statement's `Sid` or `#index`.
        label: String,
        /// The statement's position in the `Statement` array.
        index: usize,
        /// The statement's line in the file or policy text.
        line: usize,
        /// Its column.
        column: usize,
        /// What the edits do, in a short phrase (`write "Allow"`).
        repair: String,
        /// The edits, as spans of the policy text as it was and their replacements.
        edits: Vec<crate::policy::Repair>,
        /// The whole policy text with the edits made.
        text: String,
        /// The policy text the edits were made on: the mend applies only to that text.
        #[serde(skip)]
        base: String,
    },
    /// Send the request through one of the scenario's endpoints.
    SetEndpoint {
        /// The request's position in `requests`.
        request: usize,
        /// The endpoint's id.
        endpoint: String,
    },
    /// Give the request a context key with these values.
    SetContext {
        /// The request's position in `requests`.
        request: usize,
        /// The key.
        key: String,
        /// Its values.
        values: Vec<String>,
        /// Whether to write the values as a list (a multivalued key).
        list: bool,
    },
    /// Take a context key out of the request.
    RemoveContext {
        /// The request's position in `requests`.
        request: usize,
        /// The key.
        key: String,
    },
    /// Make the request as another principal.
    SetPrincipal {
        /// The request's position in `requests`.
        request: usize,
        /// The principal's ARN.
        principal: String,
    },
}

impl Edit {
    /// Whether it edits a policy or the request.
    pub fn kind(&self) -> ChangeKind {
        match self {
            Edit::AddStatement { .. }
            | Edit::RemoveStatement { .. }
            | Edit::RepairStatement { .. } => ChangeKind::Policy,
            _ => ChangeKind::Request,
        }
    }

    /// Whether it edits the existing policy at `entry` of `policy_type`.
    fn touches(&self, policy_type: PolicyType, entry: usize) -> bool {
        match self {
            Edit::AddStatement {
                policy_type: t,
                entry: Some(e),
                ..
            }
            | Edit::RemoveStatement {
                policy_type: t,
                entry: e,
                ..
            }
            | Edit::RepairStatement {
                policy_type: t,
                entry: e,
                ..
            } => *t == policy_type && *e == entry,
            _ => false,
        }
    }
}

impl Suggestion {
    fn new(changes: Vec<Change>) -> Self {
        let summaries: Vec<String> = changes
            .iter()
            .enumerate()
            .map(|(number, change)| {
                if number == 0 {
                    change.summary.clone()
                } else {
                    lowercase_first(&change.summary)
                }
            })
            .collect();
        let kinds: Vec<ChangeKind> = [ChangeKind::Policy, ChangeKind::Request]
            .into_iter()
            .filter(|kind| changes.iter().any(|c| c.kind == *kind))
            .collect();
        let mut explanation: Vec<String> = changes.iter().map(|c| c.reason.clone()).collect();
        explanation.push(
            if changes.len() == 1 {
                "Checked: with this change applied to a copy of the scenario, the request is evaluated again and allowed."
            } else {
                "Checked: with these changes applied together to a copy of the scenario, the request is evaluated again and allowed."
            }
            .to_owned(),
        );
        Self {
            title: summaries.join(", and "),
            explanation: explanation.join(" "),
            kinds,
            changes,
        }
    }

    /// Apply every change, in order, to `scenario` (the one the suggestion was made for).
    pub fn apply(&self, scenario: &mut Scenario) -> Result<(), ApplyError> {
        self.changes
            .iter()
            .try_for_each(|change| change.edit.apply(scenario))
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// At most this many suggestions per request.
const MAX_SUGGESTIONS: usize = 6;
/// At most this many steps (blockers taken) in one suggestion.
const MAX_STEPS: usize = 6;
/// At most this many evaluations of changed scenarios per request.
const MAX_EVALUATIONS: usize = 80;

impl Engine {
    /// What would allow request `index` of `scenario`, which must be the scenario this engine
    /// was loaded from. Empty for a request that is allowed. Costs one evaluation of a changed
    /// copy of the scenario per change tried (a mend of a left-out statement also costs the
    /// policy parsed again), so it is asked for, never part of [`Engine::evaluate`].
    pub fn suggest(&self, scenario: &Scenario, index: usize) -> Result<Suggestions, RequestError> {
        let request = scenario.requests.get(index).ok_or_else(|| RequestError {
            field: "requests",
            message: format!("the scenario has no request at `requests[{index}]`"),
            help: format!(
                "the scenario has {} request(s), numbered from 0",
                scenario.requests.len()
            ),
        })?;
        let prepared = self.prepare(request)?;
        if self.decide(&prepared).decision == Decision::Allowed {
            return Ok(Suggestions::default());
        }
        let mut search = Search {
            original: self,
            scenario,
            index,
            found: Vec::new(),
            needs_edit: Vec::new(),
            budget: MAX_EVALUATIONS,
        };
        search.explore(Vec::new(), 0);
        Ok(search.finish())
    }
}

/// The scenario with some changes applied, and the request evaluated in it.
struct Attempt {
    changes: Vec<Change>,
    scenario: Scenario,
    /// The engine of the changed scenario; `None` before any change (the original's).
    engine: Option<Engine>,
    prepared: PreparedRequest,
    evaluation: Evaluation,
}

/// A Deny statement that only an edit gets past, and whether it has no condition at all.
struct NeedsEdit {
    statement: StatementRef,
    policy_title: &'static str,
    unconditional: bool,
}

struct Search<'a> {
    original: &'a Engine,
    scenario: &'a Scenario,
    index: usize,
    found: Vec<Vec<Change>>,
    needs_edit: Vec<NeedsEdit>,
    budget: usize,
}

impl Search<'_> {
    /// Apply `changes` to a copy of the scenario and evaluate the request; `None` when a change
    /// cannot be applied or the request no longer reads.
    fn attempt(&mut self, changes: Vec<Change>) -> Option<Attempt> {
        self.budget = self.budget.checked_sub(1)?;
        if changes.is_empty() {
            let request = self.scenario.requests.get(self.index)?;
            let prepared = self.original.prepare(request).ok()?;
            return Some(Attempt {
                evaluation: self.original.evaluate_unweighed(&prepared),
                changes,
                scenario: self.scenario.clone(),
                engine: None,
                prepared,
            });
        }
        let mut scenario = self.scenario.clone();
        for change in &changes {
            change.edit.apply(&mut scenario).ok()?;
        }
        let engine = changes
            .iter()
            .any(|c| c.kind == ChangeKind::Policy)
            .then(|| self.reload(&scenario, &changes));
        let evaluating = engine.as_ref().unwrap_or(self.original);
        let prepared = evaluating
            .prepare(scenario.requests.get(self.index)?)
            .ok()?;
        Some(Attempt {
            evaluation: evaluating.evaluate_unweighed(&prepared),
            changes,
            scenario,
            engine,
            prepared,
        })
    }

    /// An engine for the changed scenario. The policies no change touches are loaded already
    /// and kept as they are (with their places in the scenario file); the edited and the new
    /// ones are loaded from the changed scenario.
    fn reload(&self, scenario: &Scenario, changes: &[Change]) -> Engine {
        let mut policies = Vec::new();
        for policy_type in PolicyType::ALL {
            for (entry, written) in scenario.policies.of_type(policy_type).iter().enumerate() {
                let edited = changes.iter().any(|c| c.edit.touches(policy_type, entry));
                match policy_at(self.original, policy_type, entry) {
                    Some(loaded) if !edited => policies.push(loaded.clone()),
                    _ => {
                        let mut loaded =
                            LoadedPolicy::new(written, policy_type, written.document.text(), None);
                        loaded.source = DocumentSource::Policies { policy_type, entry };
                        policies.push(loaded);
                    }
                }
            }
        }
        // No change edits the account model: its policies are kept as loaded.
        policies.extend(
            self.original
                .policies()
                .iter()
                .filter(|p| !matches!(p.source, DocumentSource::Policies { .. }))
                .cloned(),
        );
        Engine::new(policies, scenario)
    }

    fn explore(&mut self, changes: Vec<Change>, steps: usize) {
        if self.found.len() >= MAX_SUGGESTIONS {
            return;
        }
        let Some(attempt) = self.attempt(changes) else {
            return;
        };
        match attempt.evaluation.decision {
            Decision::Allowed => self.found.push(attempt.changes),
            _ if steps == MAX_STEPS => {}
            Decision::ExplicitDeny => self.get_past_deny(&attempt, steps),
            Decision::ImplicitDeny => {
                // A left-out statement's repair comes before any new statement.
                if policy_changes_allowed(&attempt.changes) {
                    for option in repairs::mend_left_out(self, &attempt) {
                        self.explore(extended(&attempt.changes, vec![option]), steps + 1);
                    }
                }
                for option in fixes::allow_first_blocked_stage(self, &attempt) {
                    if policy_changes_allowed(&attempt.changes)
                        || option.iter().all(|c| c.kind == ChangeKind::Request)
                    {
                        self.explore(extended(&attempt.changes, option), steps + 1);
                    }
                }
            }
        }
    }

    /// Get past the first Deny that applies: by a change to the request that makes one of its
    /// conditions false, or else by removing it.
    fn get_past_deny(&mut self, attempt: &Attempt, steps: usize) {
        let Some(deny) = fixes::first_deny(self, attempt) else {
            return;
        };
        let before = self.found.len();
        for option in fixes::avoid_deny(self, attempt, &deny) {
            self.explore(extended(&attempt.changes, vec![option]), steps + 1);
        }
        if self.found.len() > before
            || self.budget == 0
            || !policy_changes_allowed(&attempt.changes)
        {
            return;
        }
        let removal = fixes::remove_deny(&deny);
        if let Edit::RemoveStatement { statement, .. } = &removal.edit {
            if !self
                .needs_edit
                .iter()
                .any(|n| same_statement(&n.statement, statement))
            {
                self.needs_edit.push(NeedsEdit {
                    statement: statement.clone(),
                    policy_title: deny.policy_type.title(),
                    unconditional: deny.unconditional,
                });
            }
        }
        self.explore(extended(&attempt.changes, vec![removal]), steps + 1);
    }

    /// The owners of the account model's policies in the stages that block the request as it
    /// is, if any: what the suggestions leave alone.
    fn model_blockers(&self) -> Option<String> {
        let request = self.scenario.requests.get(self.index)?;
        let prepared = self.original.prepare(request).ok()?;
        let evaluation = self.original.evaluate_unweighed(&prepared);
        let mut owners: Vec<String> = Vec::new();
        for stage in evaluation.stages.iter().filter(|s| s.blocks) {
            for owner in stage.policies.iter().filter_map(|p| p.owner.as_ref()) {
                let named = format!("`{owner}`");
                if !owners.contains(&named) {
                    owners.push(named);
                }
            }
        }
        (!owners.is_empty()).then(|| owners.join(", "))
    }

    /// The verified suggestions, each reduced to the changes it needs, without repeats.
    fn finish(mut self) -> Suggestions {
        let found = std::mem::take(&mut self.found);
        let mut sets: Vec<Vec<Change>> = Vec::new();
        for changes in found {
            let reduced = self.reduce(changes);
            if !sets.iter().any(|set| same_edits(set, &reduced)) {
                // Mending what was left out first, then fewest changes first; among as many,
                // in the order found.
                let rank = |set: &[Change]| (!mends(set), set.len());
                let at = sets.partition_point(|set| rank(set) <= rank(&reduced));
                sets.insert(at, reduced);
            }
        }
        let removes = |set: &Vec<Change>| {
            set.iter()
                .any(|c| matches!(c.edit, Edit::RemoveStatement { .. }))
        };
        // Removing a guardrail is offered only where nothing else gets past it.
        if sets.iter().any(|set| !removes(set)) {
            sets.retain(|set| !removes(set));
            self.needs_edit.clear();
        }
        let unfixable = if !self.needs_edit.is_empty() {
            Some(unfixable_for(&self.needs_edit))
        } else if sets.is_empty() {
            let mut message = "Precedence found no change to the policies or to the request that allows this request.".to_owned();
            if let Some(owners) = self.model_blockers() {
                message.push_str(&format!(
                    " What stops it is part of the account model ({owners}), which suggestions do not edit: change it under `principals`, `groups`, `managed_policies` or `resources`."
                ));
            }
            Some(Unfixable {
                message,
                statements: Vec::new(),
            })
        } else {
            None
        };
        Suggestions {
            items: sets.into_iter().map(Suggestion::new).collect(),
            unfixable,
        }
    }

    /// `changes` without those it does not need: each is left out in turn, and stays out if
    /// the request is still allowed. Removals are kept when a later removal in the same policy
    /// counts on them (statement positions would shift).
    fn reduce(&mut self, mut changes: Vec<Change>) -> Vec<Change> {
        self.budget = self.budget.max(changes.len());
        let mut position = 0;
        while changes.len() > 1 && position < changes.len() {
            if later_change_counts_on(&changes, position) {
                position += 1;
                continue;
            }
            let mut without = changes.clone();
            without.remove(position);
            let allowed = self
                .attempt(without.clone())
                .is_some_and(|a| a.evaluation.decision == Decision::Allowed);
            if allowed {
                changes = without;
            } else {
                position += 1;
            }
        }
        changes
    }
}

/// Once the request is made as another principal, only more changes to the request may
/// follow: policies edited for a principal other than the one asked about would answer a
/// different question.
fn policy_changes_allowed(changes: &[Change]) -> bool {
    !changes
        .iter()
        .any(|c| matches!(c.edit, Edit::SetPrincipal { .. }))
}

fn extended(changes: &[Change], more: Vec<Change>) -> Vec<Change> {
    let mut all = changes.to_vec();
    all.extend(more);
    all
}

/// Whether a later change needs change `position` to stay: a removal from the same policy
/// after a removal (statement positions would shift), or a repair of the same policy after
/// any change to it (the repair's text was made from the policy with that change).
fn later_change_counts_on(changes: &[Change], position: usize) -> bool {
    let (policy_type, entry, removal) = match changes.get(position).map(|c| &c.edit) {
        Some(Edit::RemoveStatement {
            policy_type, entry, ..
        }) => (*policy_type, *entry, true),
        Some(
            Edit::AddStatement {
                policy_type,
                entry: Some(entry),
                ..
            }
            | Edit::RepairStatement {
                policy_type, entry, ..
            },
        ) => (*policy_type, *entry, false),
        _ => return false,
    };
    changes[position + 1..].iter().any(|c| {
        let counts = match c.edit {
            Edit::RepairStatement { .. } => true,
            Edit::RemoveStatement { .. } => removal,
            _ => false,
        };
        counts && c.edit.touches(policy_type, entry)
    })
}

/// Whether a set of changes mends a left-out statement.
fn mends(changes: &[Change]) -> bool {
    changes
        .iter()
        .any(|c| matches!(c.edit, Edit::RepairStatement { .. }))
}

fn same_statement(a: &StatementRef, b: &StatementRef) -> bool {
    a.stage == b.stage && a.policy_id == b.policy_id && a.index == b.index
}

fn same_edits(a: &[Change], b: &[Change]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.iter().any(|y| x.edit == y.edit))
}

fn unfixable_for(needs_edit: &[NeedsEdit]) -> Unfixable {
    let names: Vec<String> = needs_edit
        .iter()
        .map(|n| statement_phrase(&n.statement, n.policy_title))
        .collect();
    let why = if needs_edit.iter().all(|n| n.unconditional) {
        if needs_edit.len() == 1 {
            "it has no condition, so it denies every such request"
        } else {
            "they have no condition, so they deny every such request"
        }
    } else {
        "no change to the request gets past its conditions without changing what is asked"
    };
    Unfixable {
        message: format!(
            "Nothing short of removing or editing {} allows this request: {why}, and an explicit Deny overrides every Allow.",
            names.join(" and ")
        ),
        statements: needs_edit.iter().map(|n| n.statement.clone()).collect(),
    }
}

/// "the Deny statement `X` of service control policy `Y` (line 3, column 9)".
fn statement_phrase(statement: &StatementRef, policy_title: &str) -> String {
    format!(
        "the {:?} statement `{}` of {policy_title} `{}` (line {}, column {})",
        statement.effect,
        statement.label,
        statement.policy_id,
        statement.position.line,
        statement.position.column
    )
}

/// The policy at position `entry` among `engine`'s policies of `policy_type`.
fn policy_at(engine: &Engine, policy_type: PolicyType, entry: usize) -> Option<&LoadedPolicy> {
    let source = DocumentSource::Policies { policy_type, entry };
    engine.policies().iter().find(|p| p.source == source)
}

impl Attempt {
    fn engine<'e>(&'e self, original: &'e Engine) -> &'e Engine {
        self.engine.as_ref().unwrap_or(original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ScenarioFile;

    fn suggest(text: &str) -> Suggestions {
        let file = ScenarioFile::from_text(text).unwrap();
        Engine::from_file(&file, text)
            .suggest(&file.scenario, 0)
            .unwrap()
    }

    fn statement_of(change: &Change) -> serde_json::Value {
        match &change.edit {
            Edit::AddStatement { statement, .. } => serde_json::from_str(statement).unwrap(),
            other => panic!("{other:?}"),
        }
    }

    const ROLE: &str = "arn:aws:iam::111122223333:role/AppRole";

    #[test]
    fn every_scp_level_without_an_allow_gets_one() {
        let suggestions = suggest(&format!(
            r#"{{"policies": {{
              "identity": [{{"id": "I", "document": {{"Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*"}}]}}}}],
              "scp": [
                {{"id": "Full", "level": "root", "document": {{"Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*"}}]}}}},
                {{"id": "OnlyDenies", "level": "ou", "document": {{"Statement": [{{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}}]}}}},
                {{"id": "S3Only", "level": "account", "document": {{"Statement": [{{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}]}}}}
              ]}},
              "requests": [{{"principal": "{ROLE}", "action": "sqs:SendMessage", "resource": "arn:aws:sqs:us-east-1:111122223333:q"}}]}}"#
        ));
        let [one] = suggestions.items.as_slice() else {
            panic!("{suggestions:#?}")
        };
        let targets: Vec<(Option<&str>, Option<usize>, &str)> = one
            .changes
            .iter()
            .map(|c| match &c.edit {
                Edit::AddStatement {
                    level,
                    entry,
                    policy_id,
                    ..
                } => (level.as_deref(), *entry, policy_id.as_str()),
                other => panic!("{other:?}"),
            })
            .collect();
        // A new SCP where the level only denies; the level's Allow-bearing SCP otherwise.
        assert_eq!(
            targets,
            [
                (Some("ou"), None, "AllowSendMessage"),
                (Some("account"), Some(2), "S3Only")
            ]
        );
        assert!(!statement_of(&one.changes[0])
            .as_object()
            .unwrap()
            .contains_key("Principal"));
    }

    #[test]
    fn a_cross_account_grant_names_the_role_of_a_session() {
        let suggestions = suggest(
            r#"{"policies": {
              "identity": [{"id": "I", "document": {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}],
              "resource": [{"id": "Bucket", "document": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared/*"}]}}]},
              "requests": [{"principal": "arn:aws:sts::111122223333:assumed-role/AppRole/s1", "action": "s3:PutObject",
                            "resource": "arn:aws:s3:::shared/report.csv", "resource_account": "444455556666"}]}"#,
        );
        let change = &suggestions.items[0].changes[0];
        assert_eq!(change.stage, Stage::Resource);
        assert!(matches!(
            change.edit,
            Edit::AddStatement { entry: Some(0), .. }
        ));
        assert_eq!(
            statement_of(change)["Principal"],
            serde_json::json!({ "AWS": ROLE })
        );
    }

    #[test]
    fn a_missing_context_key_is_set_to_what_the_allow_asks() {
        let suggestions = suggest(&format!(
            r#"{{"policies": {{
              "identity": [{{"id": "I", "document": {{"Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*"}}]}}}}],
              "endpoint": [{{"id": "vpce-1", "vpc": "vpc-1", "document": {{"Statement": [{{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
                "Condition": {{"StringEquals": {{"aws:PrincipalOrgID": "o-exampleorgid"}}}}}}]}}}}]}},
              "requests": [{{"principal": "{ROLE}", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "via_endpoint": "vpce-1"}}]}}"#
        ));
        let titles: Vec<&str> = suggestions.items.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Allow `s3:GetObject` on `arn:aws:s3:::b/k` in VPC endpoint policy `vpce-1`",
                "Make the request as a principal of organization `o-exampleorgid`"
            ]
        );
        assert_eq!(suggestions.items[1].kinds, [ChangeKind::Request]);
    }

    #[test]
    fn an_endpoint_deny_is_avoided_through_another_endpoint() {
        let suggestions = suggest(&format!(
            r#"{{"policies": {{
              "identity": [{{"id": "I", "document": {{"Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*"}}]}}}}],
              "endpoint": [
                {{"id": "vpce-strict", "document": {{"Statement": [{{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}},
                  {{"Sid": "NoDeletes", "Effect": "Deny", "Principal": "*", "Action": "s3:Delete*", "Resource": "*"}}]}}}},
                {{"id": "vpce-open", "document": {{"Statement": [{{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}]}}}}]}},
              "requests": [{{"principal": "{ROLE}", "action": "s3:DeleteObject", "resource": "arn:aws:s3:::b/k", "via_endpoint": "vpce-strict"}}]}}"#
        ));
        assert_eq!(suggestions.unfixable, None);
        assert_eq!(suggestions.items.len(), 1, "{suggestions:#?}");
        assert_eq!(
            suggestions.items[0].changes[0].edit,
            Edit::SetEndpoint {
                request: 0,
                endpoint: "vpce-open".into()
            }
        );
    }

    #[test]
    fn an_added_statement_takes_a_sid_of_its_own() {
        let suggestions = suggest(&format!(
            r#"{{"policies": {{
              "identity": [{{"id": "I", "document": {{"Statement": [{{"Sid": "AllowGetItem", "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Other"}}]}}}}]}},
              "requests": [{{"principal": "{ROLE}", "action": "dynamodb:GetItem", "resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Mine"}}]}}"#
        ));
        assert_eq!(
            statement_of(&suggestions.items[0].changes[0])["Sid"],
            "AllowGetItem2"
        );
    }

    #[test]
    fn only_the_changes_needed_are_kept() {
        // A Deny unless through vpce-in; vpce-in's policy does not allow the action either.
        let suggestions = suggest(&format!(
            r#"{{"policies": {{
              "identity": [{{"id": "I", "document": {{"Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*"}},
                {{"Sid": "OnlyInside", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {{"StringNotEquals": {{"aws:SourceVpce": "vpce-in"}}}}}}]}}}}],
              "endpoint": [{{"id": "vpce-in", "document": {{"Statement": [{{"Effect": "Allow", "Principal": "*", "Action": "s3:List*", "Resource": "*"}}]}}}}]}},
              "requests": [{{"principal": "{ROLE}", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}}]}}"#
        ));
        let [both] = suggestions.items.as_slice() else {
            panic!("{suggestions:#?}")
        };
        assert_eq!(both.kinds, [ChangeKind::Policy, ChangeKind::Request]);
        let stages: Vec<Stage> = both.changes.iter().map(|c| c.stage).collect();
        assert_eq!(stages, [Stage::Identity, Stage::Endpoint]);
        assert!(both.title.starts_with(
            "Send it through endpoint `vpce-in`, and allow `s3:GetObject` on `arn:aws:s3:::b/k` in VPC endpoint policy `vpce-in`"
        ));
    }
}
