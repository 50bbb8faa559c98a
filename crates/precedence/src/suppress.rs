//! Suppressions: which findings a [`Suppression`] allows, and which suppressions allow nothing.
//!
//! A suppression names a finding code and, optionally, the policy it is allowed in (the id the
//! trace gives the policy, or the ARN of the managed policy, user, group, role or resource it
//! belongs to) and the statement (its `Sid`, or `#N` for the statement at index N of the
//! `Statement` array). A finding is suppressed when its code is the suppression's, its policy
//! is named (or none is), and its span falls inside the named statement (or none is named).
//! Suppressed findings are still reported, as suppressed: nothing here drops a finding.

use crate::finding::Finding;
use crate::load::LoadedPolicy;
use crate::policy::Policy;
use crate::scenario::Suppression;
use crate::span::Span;

/// Every finding code Precedence reports, sorted: a suppression of any other code is a mistake.
pub const KNOWN_CODES: &[&str] = &[
    "action-and-not-action",
    "action-matches-nothing",
    "action-needs-all-resources",
    "allow-with-not-principal",
    "allow-with-not-resource",
    "condition-operator-mismatch",
    "condition-value-never-matches",
    "duplicate-element",
    "duplicate-policy-id",
    "duplicate-sid",
    "empty-element",
    "endpoint-arn-account",
    "endpoint-short-wildcard",
    "endpoint-system-id-wildcard",
    "gateway-endpoint-principal",
    "invalid-action",
    "invalid-condition-value",
    "invalid-effect",
    "invalid-principal",
    "invalid-version",
    "json-syntax",
    "missing-action",
    "missing-effect",
    "missing-principal",
    "missing-resource",
    "missing-statement",
    "missing-version",
    "null-with-qualifier",
    "partial-wildcard-principal",
    "policy-too-large",
    "principal-and-not-principal",
    "principal-not-allowed",
    "rcp-allow",
    "rcp-not-action",
    "rcp-principal",
    "resource-and-not-resource",
    "resource-fits-no-action",
    "unknown-action",
    "unknown-condition-key",
    "unknown-element",
    "unknown-operator",
    "unknown-service",
    "variable-in-old-version",
    "variable-outside-resource-part",
    "variable-syntax",
    "wrong-type",
];

/// Whether `code` is a finding code Precedence reports.
pub fn is_known_code(code: &str) -> bool {
    KNOWN_CODES.binary_search(&code).is_ok()
}

/// The statement of `policy` whose text holds `span`, readable or left out: its index in the
/// `Statement` array and its `Sid`; `None` when the span is outside every statement (a finding
/// about the whole document, such as `missing-version`).
pub fn statement_at(policy: &Policy, span: Span) -> Option<(usize, Option<&str>)> {
    let inside = |outer: Span| outer.start <= span.start && span.end <= outer.end;
    let readable = policy
        .statements
        .iter()
        .filter(|statement| inside(statement.span))
        .map(|statement| (statement.span, statement.index, statement.sid.as_deref()));
    let left_out = policy
        .left_out
        .iter()
        .filter(|left| inside(left.span))
        .map(|left| (left.span, left.index, left.sid.as_deref()));
    // The innermost wins: a left-out `Statement` value that is not an object spans them all.
    readable
        .chain(left_out)
        .min_by_key(|(outer, _, _)| outer.end - outer.start)
        .map(|(_, index, sid)| (index, sid))
}

/// Whether a statement selector (`Sid`, or `#N` for index N) names the statement at `index`
/// with `sid`.
pub fn names_statement(selector: &str, index: usize, sid: Option<&str>) -> bool {
    match selector.strip_prefix('#') {
        Some(number) => number.parse::<usize>() == Ok(index),
        None => sid == Some(selector),
    }
}

/// Whether `suppression` names `policy`: no policy named, or its id, or the ARN it belongs to.
pub fn names_policy(suppression: &Suppression, policy: &LoadedPolicy) -> bool {
    suppression
        .policy
        .as_deref()
        .is_none_or(|named| policy.is_named(named))
}

/// Whether `suppression` allows `finding` of `policy`.
pub fn covers(suppression: &Suppression, policy: &LoadedPolicy, finding: &Finding) -> bool {
    if suppression.code != finding.code || !names_policy(suppression, policy) {
        return false;
    }
    let Some(selector) = &suppression.statement else {
        return true;
    };
    policy
        .policy
        .as_ref()
        .and_then(|parsed| statement_at(parsed, finding.span))
        .is_some_and(|(index, sid)| names_statement(selector, index, sid))
}

/// How a list of suppressions sorts the findings of a list of policies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sorted {
    /// For each policy, for each of its findings, the index of the first suppression that
    /// allows it (`None`: reported as usual).
    pub by: Vec<Vec<Option<usize>>>,
    /// Whether each suppression allows at least one finding.
    pub used: Vec<bool>,
}

impl Sorted {
    /// How many findings are suppressed.
    pub fn suppressed(&self) -> usize {
        self.by.iter().flatten().filter(|by| by.is_some()).count()
    }
}

/// Which suppression, if any, allows each finding of `policies`, and which suppressions allow
/// none.
pub fn sort(suppressions: &[Suppression], policies: &[LoadedPolicy]) -> Sorted {
    let mut used = vec![false; suppressions.len()];
    let by = policies
        .iter()
        .map(|policy| {
            policy
                .findings
                .iter()
                .map(|finding| {
                    let found = suppressions
                        .iter()
                        .position(|suppression| covers(suppression, policy, finding));
                    if let Some(slot) = found.and_then(|index| used.get_mut(index)) {
                        *slot = true;
                    }
                    found
                })
                .collect()
        })
        .collect();
    Sorted { by, used }
}

#[cfg(test)]
mod tests;
