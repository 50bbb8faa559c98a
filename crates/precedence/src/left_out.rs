//! What an evaluation left out for errors: each policy's errors, the statements that could not
//! be read, and for each of those whether mending its error would change the decision.

use crate::evaluate::{Engine, PreparedRequest};
use crate::finding::{Finding, Severity};
use crate::load::LoadedPolicy;
use crate::matching::{statement_applies, PrincipalRules};
use crate::policy::{LeftOutStatement, Repair};
use crate::scenario::Decision;
use crate::trace::{FindingRef, LeftOutTrace, Outcome, Stage, WouldChange};

/// What weighing left-out statements may spend on one request: each mended statement read on
/// its own costs a read, and each one that applies to the request costs a decision of the
/// request with it in place. Statements past either limit show no `would_change`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    /// Mended statements still to read.
    pub(crate) reads: usize,
    /// Decisions still to make.
    pub(crate) decides: usize,
}

impl Budget {
    /// What the full trace of one request may spend.
    pub(crate) const TRACE: Budget = Budget {
        reads: 256,
        decides: 16,
    };
    /// Nothing: the suggestions' search mends statements itself.
    pub(crate) const NONE: Budget = Budget {
        reads: 0,
        decides: 0,
    };
}

/// At most this many mends are read for one step of the suggestions' search.
pub(crate) const MAX_TRIES: usize = 16;

/// `finding` with its line and column in `policy`.
fn finding_ref(policy: &LoadedPolicy, finding: &Finding) -> FindingRef {
    FindingRef {
        code: finding.code,
        message: finding.message.clone(),
        help: finding.help.clone(),
        span: finding.span,
        position: policy.finding_position(finding),
    }
}

/// The errors of `policy`: what makes AWS refuse it.
pub(crate) fn errors(policy: &LoadedPolicy) -> Vec<FindingRef> {
    policy
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .map(|finding| finding_ref(policy, finding))
        .collect()
}

/// The left-out statements of policy `index` of `engine`, each with what mending it would
/// change for `request`, whose outcome is `outcome`, within what `budget` still allows.
pub(crate) fn traces(
    engine: &Engine,
    index: usize,
    request: &PreparedRequest,
    outcome: Outcome,
    budget: &mut Budget,
) -> Vec<LeftOutTrace> {
    let Some(policy) = engine.policies().get(index) else {
        return Vec::new();
    };
    let Some(parsed) = &policy.policy else {
        return Vec::new();
    };
    parsed
        .left_out
        .iter()
        .map(|left| LeftOutTrace {
            label: left.label(),
            index: left.index,
            effect: left.effect,
            span: left.span,
            position: policy.position(left.span),
            reasons: left
                .reasons
                .iter()
                .map(|finding| finding_ref(policy, finding))
                .collect(),
            would_change: would_change(engine, index, left, request, outcome, budget),
        })
        .collect()
}

/// The first way of mending `left` (its repairs one at a time, then the first repair of each
/// error together) that lets it into evaluation and changes the decision, or whether its own
/// stage stops the request.
fn would_change(
    engine: &Engine,
    index: usize,
    left: &LeftOutStatement,
    request: &PreparedRequest,
    outcome: Outcome,
    budget: &mut Budget,
) -> Option<WouldChange> {
    let policy = engine.policies().get(index)?;
    let stage = Stage::of(policy.policy_type);
    let blocks = outcome.blocked_by.contains(stage);
    let rules = PrincipalRules::for_policy(policy.policy_type, policy.endpoint_type);
    for repairs in repair_sets(left) {
        budget.reads = budget.reads.checked_sub(1)?;
        let Some(mended) = policy.mended_statement(left, &repairs) else {
            continue;
        };
        // A statement that does not apply to the request changes nothing about it.
        if statement_applies(&mended, rules, request.facts()).is_none() {
            continue;
        }
        budget.decides = budget.decides.checked_sub(1)?;
        let mended = policy.with_mended(mended);
        let mended_outcome = engine.with_policy(index, mended).decide(request);
        let mended_blocks = mended_outcome.blocked_by.contains(stage);
        if mended_outcome.decision == outcome.decision && mended_blocks == blocks {
            continue;
        }
        let repair = describe(&repairs);
        let mended_at = format!(
            "with `{}` of `{}` mended ({repair})",
            left.label(),
            policy.id
        );
        let sentence = if mended_outcome.decision != outcome.decision {
            let verb = verb(mended_outcome.decision);
            format!("a statement left out for an error would have {verb} this: {mended_at}, the request is {verb}")
        } else {
            let still: Vec<&str> = mended_outcome
                .blocked_by
                .iter()
                .filter(|other| *other != stage)
                .map(Stage::name)
                .collect();
            let (verb, how) = if mended_blocks {
                ("denied", "this stage would deny it")
            } else {
                ("allowed", "this stage would allow it")
            };
            let by = if still.is_empty() {
                "a rule AWS applies outside the policies".to_owned()
            } else {
                still.join(", ")
            };
            format!(
                "a statement left out for an error would have {verb} this here: {mended_at}, {how}; the request would still be stopped by {by}"
            )
        };
        return Some(WouldChange {
            sentence,
            repair,
            decision: mended_outcome.decision,
            stage_blocks: mended_blocks,
        });
    }
    None
}

/// Each repair alone, then (when the statement has several mistakes) the first repair offered
/// for each mistake, together.
pub(crate) fn repair_sets(left: &LeftOutStatement) -> Vec<Vec<&Repair>> {
    let mut sets: Vec<Vec<&Repair>> = left.repairs.iter().map(|repair| vec![repair]).collect();
    let mut firsts: Vec<&Repair> = Vec::new();
    for repair in &left.repairs {
        if !firsts.iter().any(|other| other.mistake == repair.mistake) {
            firsts.push(repair);
        }
    }
    if firsts.len() > 1 {
        sets.push(firsts);
    }
    sets.truncate(MAX_TRIES);
    sets
}

/// The repairs of a set as one phrase: `write "Allow"`, or `write "Allow" and add …`.
pub(crate) fn describe(repairs: &[&Repair]) -> String {
    let phrases: Vec<&str> = repairs.iter().map(|r| r.summary.as_str()).collect();
    phrases.join(" and ")
}

/// The decision as the end of "the request is …": `allowed`, `denied explicitly`, `denied`.
pub fn verb(decision: Decision) -> &'static str {
    match decision {
        Decision::Allowed => "allowed",
        Decision::ExplicitDeny => "denied explicitly",
        Decision::ImplicitDeny => "denied",
    }
}
