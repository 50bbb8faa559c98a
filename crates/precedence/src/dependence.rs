//! Which condition keys a decision hangs on: for each statement whose `Action`, `Resource` and
//! `Principal` match the request and whose conditions decide whether it applies, the request is
//! decided again with that statement's conditions going the other way. Where the decision
//! changes, the keys of those conditions could change it: a key the request did not give is
//! then neither true nor false for the decision, which is what "conditional" means in an
//! access map.

use serde::Serialize;

use crate::evaluate::{Engine, PreparedRequest, Recorder};
use crate::matching::{elements_match, statement_applies, PrincipalRules, RequestFacts};
use crate::policy::Statement;
use crate::principal::PrincipalMatch;
use crate::scenario::Decision;
use crate::trace::{Stage, StatementTrace};

/// At most this many statements are decided again per request: a bound on the cost of an
/// evaluation, said in [`Dependence`]'s absence only for policies larger than any seen.
pub const MAX_FLIPS: usize = 32;

/// A statement whose conditions the decision hangs on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dependence {
    /// The condition keys of the statement, as written.
    pub keys: Vec<String>,
    /// Which of them the request had (given or derived).
    pub present: Vec<bool>,
    /// The stage the statement is evaluated in.
    pub stage: Stage,
    /// Its policy's id.
    pub policy_id: String,
    /// The statement's `Sid`, or `#index`.
    pub statement: String,
    /// Whether its conditions hold for the request as it is.
    pub holds: bool,
    /// The decision if they went the other way.
    pub otherwise: Decision,
}

/// A statement to decide again: its policy's place, its index, whether it holds now.
pub(crate) struct Candidate {
    pub(crate) policy: usize,
    pub(crate) stage: Stage,
    pub(crate) statement: usize,
    pub(crate) holds: bool,
}

/// The statements of a trace whose conditions alone decide whether they apply.
pub(crate) fn candidates(
    traced: &[Vec<StatementTrace>],
    stage_of: impl Fn(usize) -> Stage,
) -> Vec<Candidate> {
    let mut found = Vec::new();
    for (policy, statements) in traced.iter().enumerate() {
        for statement in statements {
            let elements = statement.action.matched
                && statement.resource.matched
                && statement.principal.as_ref().is_none_or(|p| p.matched);
            if elements && !statement.conditions.is_empty() {
                let known = found
                    .iter()
                    .any(|c: &Candidate| c.policy == policy && c.statement == statement.index);
                if !known {
                    found.push(Candidate {
                        policy,
                        stage: stage_of(policy),
                        statement: statement.index,
                        holds: statement.matched,
                    });
                }
            }
        }
    }
    found
}

/// Decides as usual, except that one statement's conditions are taken to go `holds`.
pub(crate) struct Forcing {
    pub(crate) policy: usize,
    pub(crate) statement: usize,
    pub(crate) holds: bool,
}

impl Recorder for Forcing {
    fn statement(
        &mut self,
        policy_index: usize,
        rules: PrincipalRules,
        statement: &Statement,
        request: &RequestFacts,
    ) -> Option<PrincipalMatch> {
        if policy_index == self.policy && statement.index == self.statement {
            elements_match(statement, rules, request).filter(|_| self.holds)
        } else {
            statement_applies(statement, rules, request)
        }
    }
}

/// The dependences of `request`'s decision among `candidates` (at most [`MAX_FLIPS`]).
pub(crate) fn dependences(
    engine: &Engine,
    request: &PreparedRequest,
    decision: Decision,
    candidates: &[Candidate],
) -> Vec<Dependence> {
    let mut found = Vec::new();
    for candidate in candidates.iter().take(MAX_FLIPS) {
        let mut forcing = Forcing {
            policy: candidate.policy,
            statement: candidate.statement,
            holds: !candidate.holds,
        };
        let otherwise = engine.decide_with(request, &mut forcing);
        if otherwise == decision {
            continue;
        }
        let policy = &engine.policies()[candidate.policy];
        let Some(statement) = policy
            .policy
            .as_ref()
            .and_then(|p| p.statements.iter().find(|s| s.index == candidate.statement))
        else {
            continue;
        };
        let mut keys: Vec<String> = Vec::new();
        for condition in &statement.conditions {
            if !keys.iter().any(|k| k.eq_ignore_ascii_case(&condition.key)) {
                keys.push(condition.key.clone());
            }
        }
        let present = keys
            .iter()
            .map(|key| request.context().get(&key.to_ascii_lowercase()).is_some())
            .collect();
        found.push(Dependence {
            keys,
            present,
            stage: candidate.stage,
            policy_id: policy.id.clone(),
            statement: statement.label(),
            holds: candidate.holds,
            otherwise,
        });
    }
    found
}
