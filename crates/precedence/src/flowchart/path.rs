//! The request's path through AWS's evaluation logic, as the flowchart draws it: which decision
//! points it passes, the answer at each, where it leaves for an outcome, and the sentence that
//! explains each step. Pure: built from an [`Evaluation`], no DOM.
//!
//! The engine evaluates every stage (so the trace can show all that would block); AWS's
//! flowchart stops at the first one that decides, so the path does too
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html>).

use crate::trace::{Stage, StageTrace};
use crate::{Decision, Evaluation, StageStatus};

/// How a stage came out, as the chart's `data-state` says it.
pub fn state_name(status: StageStatus) -> &'static str {
    match status {
        StageStatus::Allow => "allows",
        StageStatus::Deny => "denies",
        StageStatus::NoMatch => "no-match",
        StageStatus::NotApplicable => "not-applicable",
    }
}

/// What a decision point says of its state in words: "allows", "denies", "no match", "not
/// applicable", and "no Deny matches" for the explicit-deny point that found none.
pub fn state_words(stage: Stage, status: StageStatus) -> &'static str {
    match (stage, status) {
        (Stage::ExplicitDeny, StageStatus::NoMatch) => "no Deny matches",
        (_, StageStatus::Allow) => "allows",
        (_, StageStatus::Deny) => "denies",
        (_, StageStatus::NoMatch) => "no match",
        (_, StageStatus::NotApplicable) => "not applicable",
    }
}

/// A decision point's question, split where a narrow node breaks its line: the subject, and
/// the verb with its question mark.
pub fn question(stage: Stage) -> (&'static str, &'static str) {
    match stage {
        Stage::ExplicitDeny => ("Any Deny", "applies?"),
        Stage::Rcp => ("RCPs", "allow?"),
        Stage::Scp => ("SCPs", "allow?"),
        Stage::Resource => ("Resource policy", "allows?"),
        Stage::Identity => ("Identity policies", "allow?"),
        Stage::Boundary => ("Boundary", "allows?"),
        Stage::Session => ("Session policy", "allows?"),
        Stage::Endpoint => ("Endpoint policy", "allows?"),
    }
}

/// The answer the request got at a decision point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The question's answer is yes (a Deny applies; the stage allows).
    Yes,
    /// The answer is no.
    No,
    /// The stage takes no part in this request: the path goes through it.
    Skipped,
}

impl Answer {
    /// The label of the branch taken.
    pub fn label(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Skipped => "n/a",
        }
    }
}

/// What a step of the path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// A decision point: a stage and the answer there.
    Stage(Stage, Answer),
    /// A rule AWS applies outside any policy, which decides on its own.
    Rule,
}

/// One step of the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The decision point, or the rule.
    pub kind: StepKind,
    /// The outcome the step leads to, when the path ends there.
    pub outcome: Option<Decision>,
    /// What the step says, with quoted names between backticks (see `prose`).
    pub sentence: String,
}

/// The path: its steps in order, the last leading to the decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowPath {
    /// The steps, in evaluation order.
    pub steps: Vec<Step>,
    /// The decision the path ends at.
    pub decision: Decision,
    /// The stage that decided, when one did (none for an allowed request or a rule).
    pub decider: Option<Stage>,
}

impl FlowPath {
    /// The path of `evaluation`.
    pub fn of(evaluation: &Evaluation) -> Self {
        let decision = evaluation.decision;
        let decider = deciding_stage(evaluation);
        // A rule outside the policies that allows is checked before any policy; one that
        // denies on its own, after them (`RuleStep`).
        let rule = evaluation
            .rule
            .as_ref()
            .filter(|rule| rule.within.is_none());
        if let Some(rule) = rule.filter(|rule| rule.decision == Decision::Allowed) {
            return Self {
                steps: vec![rule_step(rule.says, decision)],
                decision,
                decider: None,
            };
        }
        let mut steps = Vec::with_capacity(9);
        for stage in &evaluation.stages {
            let decides = decider == Some(stage.stage);
            let last = decides || (rule.is_none() && stage.stage == Stage::Endpoint);
            let outcome = last.then_some(decision);
            let answer = answer(stage);
            steps.push(Step {
                kind: StepKind::Stage(stage.stage, answer),
                outcome,
                sentence: stage_sentence(stage, answer, outcome),
            });
            if decides {
                break;
            }
        }
        if let Some(rule) = rule.filter(|_| decider.is_none()) {
            steps.push(rule_step(rule.says, decision));
        }
        Self {
            steps,
            decision,
            decider,
        }
    }

    /// The step at which the path passes `stage`, if it does.
    pub fn step_of(&self, stage: Stage) -> Option<usize> {
        self.steps
            .iter()
            .position(|step| matches!(step.kind, StepKind::Stage(s, _) if s == stage))
    }

    /// The answer the path got at `stage`, if it passes it.
    pub fn answer_at(&self, stage: Stage) -> Option<Answer> {
        self.steps.iter().find_map(|step| match step.kind {
            StepKind::Stage(s, answer) if s == stage => Some(answer),
            _ => None,
        })
    }

    /// A short key that changes when the path does: stepping starts again on a new path.
    pub fn key(&self) -> String {
        let stages: Vec<&str> = self
            .steps
            .iter()
            .map(|step| match step.kind {
                StepKind::Stage(stage, answer) => {
                    if answer == Answer::Skipped {
                        "-"
                    } else {
                        stage.name()
                    }
                }
                StepKind::Rule => "rule",
            })
            .collect();
        format!("{}:{}", self.decision.name(), stages.join(","))
    }
}

/// The stage that decided: the explicit-deny stage for an explicit deny, else the first stage
/// (in evaluation order) that blocks.
fn deciding_stage(evaluation: &Evaluation) -> Option<Stage> {
    match evaluation.decision {
        Decision::ExplicitDeny => Some(Stage::ExplicitDeny),
        Decision::ImplicitDeny => evaluation.blocked_by.iter().next(),
        Decision::Allowed => None,
    }
}

fn answer(stage: &StageTrace) -> Answer {
    match (stage.stage, stage.status) {
        (_, StageStatus::NotApplicable) => Answer::Skipped,
        (Stage::ExplicitDeny, StageStatus::Deny) | (_, StageStatus::Allow) => Answer::Yes,
        _ => Answer::No,
    }
}

/// What an outcome means, said after the step that leads there.
fn outcome_sentence(decision: Decision) -> &'static str {
    match decision {
        Decision::Allowed => "Nothing stopped the request: it is allowed.",
        Decision::ExplicitDeny => "The request is denied explicitly.",
        Decision::ImplicitDeny => "The request is denied implicitly.",
    }
}

fn stage_sentence(stage: &StageTrace, answer: Answer, outcome: Option<Decision>) -> String {
    let (subject, verb) = question(stage.stage);
    let said = match answer {
        Answer::Skipped => {
            let why = stage
                .summary
                .strip_prefix("not applicable: ")
                .unwrap_or(&stage.summary);
            format!("{subject}: skipped, {why}.")
        }
        Answer::Yes => format!("{subject} {verb} Yes: {}.", stage.summary),
        Answer::No => format!("{subject} {verb} No: {}.", stage.summary),
    };
    match outcome {
        Some(decision) => format!("{said} {}", outcome_sentence(decision)),
        None => said,
    }
}

fn rule_step(says: &str, decision: Decision) -> Step {
    Step {
        kind: StepKind::Rule,
        outcome: Some(decision),
        sentence: format!(
            "A rule outside the policies decides: {}. {}",
            says.trim_end_matches('.'),
            outcome_sentence(decision)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, Scenario};

    /// The example of `examples/` named `stem`.
    fn load_example(stem: &str) -> Scenario {
        let path = format!("{}/../../examples/{stem}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("the example is readable");
        serde_json::from_str(&text).expect("the example parses")
    }

    /// The evaluation of request `index` of the example `stem`.
    fn evaluate(stem: &str, index: usize) -> Evaluation {
        let scenario = load_example(stem);
        let engine = Engine::from_scenario(&scenario);
        let request = engine
            .prepare(&scenario.requests[index])
            .expect("a request that can be evaluated");
        engine.evaluate(&request)
    }

    fn stages_of(path: &FlowPath) -> Vec<(&'static str, &'static str)> {
        path.steps
            .iter()
            .map(|step| match step.kind {
                StepKind::Stage(stage, answer) => (stage.name(), answer.label()),
                StepKind::Rule => ("rule", ""),
            })
            .collect()
    }

    #[test]
    fn a_read_only_endpoint_decides_at_the_endpoint_after_every_other_stage() {
        // seed000 request 2: GetItem through the read-only endpoint.
        let evaluation = evaluate("seed000-read-only-endpoint", 2);
        let path = FlowPath::of(&evaluation);
        assert_eq!(path.decision, Decision::ImplicitDeny);
        assert_eq!(path.decider, Some(Stage::Endpoint));
        assert_eq!(
            stages_of(&path),
            [
                ("explicitDeny", "no"),
                ("rcp", "n/a"),
                ("scp", "n/a"),
                ("resource", "n/a"),
                ("identity", "yes"),
                ("boundary", "n/a"),
                ("session", "n/a"),
                ("endpoint", "no"),
            ]
        );
        let last = path.steps.last().expect("a last step");
        assert_eq!(last.outcome, Some(Decision::ImplicitDeny));
        assert!(
            last.sentence
                .starts_with("Endpoint policy allows? No: the endpoint policy does not allow"),
            "{}",
            last.sentence
        );
        assert!(last.sentence.ends_with("The request is denied implicitly."));
        assert_eq!(
            path.steps[1].sentence,
            "RCPs: skipped, no RCPs besides RCPFullAWSAccess are attached."
        );
        // Only the last step leads to an outcome.
        assert!(path.steps[..7].iter().all(|step| step.outcome.is_none()));
    }

    #[test]
    fn an_allowed_request_lights_the_whole_path_to_allowed() {
        let evaluation = evaluate("seed000-read-only-endpoint", 0);
        let path = FlowPath::of(&evaluation);
        assert_eq!(path.decision, Decision::Allowed);
        assert_eq!(path.decider, None);
        assert_eq!(path.steps.len(), 8);
        assert_eq!(path.answer_at(Stage::Endpoint), Some(Answer::Yes));
        let last = path.steps.last().expect("a last step");
        assert_eq!(last.outcome, Some(Decision::Allowed));
        assert!(
            last.sentence.ends_with("it is allowed."),
            "{}",
            last.sentence
        );
    }

    #[test]
    fn an_scp_level_without_an_allow_stops_the_path_at_the_scps() {
        // seed003 request 0: the account level has no Allow; the endpoint would allow.
        let evaluation = evaluate("seed003-scp-missing-fullawsaccess", 0);
        let path = FlowPath::of(&evaluation);
        assert_eq!(path.decider, Some(Stage::Scp));
        assert_eq!(
            stages_of(&path),
            [("explicitDeny", "no"), ("rcp", "n/a"), ("scp", "no")]
        );
        assert_eq!(path.step_of(Stage::Identity), None, "not reached");
        assert!(
            path.steps[2]
                .sentence
                .starts_with("SCPs allow? No: no SCP allows the request at level `account`"),
            "{}",
            path.steps[2].sentence
        );
    }

    #[test]
    fn an_explicit_deny_ends_the_path_at_the_first_decision_point() {
        // seed003 request 1: an SCP Deny outside the VPC.
        let evaluation = evaluate("seed003-scp-missing-fullawsaccess", 1);
        let path = FlowPath::of(&evaluation);
        assert_eq!(path.decision, Decision::ExplicitDeny);
        assert_eq!(path.decider, Some(Stage::ExplicitDeny));
        assert_eq!(stages_of(&path), [("explicitDeny", "yes")]);
        assert_eq!(
            path.steps[0].sentence,
            "Any Deny applies? Yes: a Deny statement matches (in: scp); an explicit deny overrides every Allow. The request is denied explicitly."
        );
        // The SCP stage still denies in the engine's terms: its node says so.
        let scp = &evaluation.stages[2];
        assert_eq!(state_name(scp.status), "denies");
    }

    #[test]
    fn a_rule_that_allows_decides_before_any_stage() {
        let scenario = load_example("rule-get-caller-identity");
        let engine = Engine::from_scenario(&scenario);
        let allowed_by_rule = scenario
            .requests
            .iter()
            .filter_map(|request| engine.prepare(request).ok())
            .map(|request| engine.evaluate(&request))
            .find(|evaluation| {
                evaluation
                    .rule
                    .as_ref()
                    .is_some_and(|rule| rule.decision == Decision::Allowed)
            })
            .expect("a request a rule allows");
        let path = FlowPath::of(&allowed_by_rule);
        assert_eq!(stages_of(&path), [("rule", "")]);
        assert_eq!(path.steps[0].outcome, Some(Decision::Allowed));
        assert!(path.steps[0]
            .sentence
            .starts_with("A rule outside the policies decides: "));
        // What the rule says ends its sentence before the outcome's.
        assert!(
            path.steps[0]
                .sentence
                .ends_with(" is denied. Nothing stopped the request: it is allowed."),
            "{}",
            path.steps[0].sentence
        );
    }

    #[test]
    fn the_key_follows_the_path_not_the_wording() {
        let a = FlowPath::of(&evaluate("seed000-read-only-endpoint", 2));
        let b = FlowPath::of(&evaluate("seed000-read-only-endpoint", 3));
        let c = FlowPath::of(&evaluate("seed000-read-only-endpoint", 0));
        assert_eq!(a.key(), b.key());
        assert_ne!(a.key(), c.key());
    }
}
