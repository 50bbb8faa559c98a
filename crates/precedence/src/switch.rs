//! Switching off: a scenario's [`SwitchOff`] entries keep a policy or a statement as written
//! but leave it out of every evaluation, so a learner can see what a decision owes it
//! ("switching off SCP `DenyOutsideVpc` turns explicitDeny into allowed"). What is switched
//! off is said in every trace ([`crate::trace::SwitchedOff`]), never dropped in silence.
//!
//! A switch names its policy as a suppression does (the id the trace gives it, or the ARN it
//! belongs to) and its statement by `Sid` or `#N`; see [`crate::suppress::names_statement`].

use crate::load::LoadedPolicy;
use crate::policy::{statement_label, Effect};
use crate::scenario::SwitchOff;
use crate::span::Span;
use crate::suppress::names_statement;

/// A statement switched off, where it stands in its policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwitchedOffStatement {
    /// Its index in the `Statement` array.
    pub index: usize,
    /// `Sid` if present, else `#index`.
    pub label: String,
    /// Its effect, when it can be read.
    pub effect: Option<Effect>,
    /// Where it is in the policy text.
    pub span: Span,
}

impl LoadedPolicy {
    /// Take the statements `selector` names (`Sid` or `#N`) out of evaluation, readable or
    /// left out for an error; whether it named any.
    pub fn switch_off_statement(&mut self, selector: &str) -> bool {
        let Some(policy) = &mut self.policy else {
            return false;
        };
        let before = self.switched_off_statements.len();
        let (off, kept) = std::mem::take(&mut policy.statements)
            .into_iter()
            .partition(|s| names_statement(selector, s.index, s.sid.as_deref()));
        policy.statements = kept;
        let off: Vec<_> = off;
        self.switched_off_statements
            .extend(off.into_iter().map(|s| SwitchedOffStatement {
                index: s.index,
                label: s.label(),
                effect: Some(s.effect),
                span: s.span,
            }));
        let (off, kept) = std::mem::take(&mut policy.left_out)
            .into_iter()
            .partition(|s| names_statement(selector, s.index, s.sid.as_deref()));
        policy.left_out = kept;
        let off: Vec<_> = off;
        self.switched_off_statements
            .extend(off.into_iter().map(|s| SwitchedOffStatement {
                index: s.index,
                label: statement_label(s.sid.as_deref(), s.index),
                effect: s.effect,
                span: s.span,
            }));
        self.switched_off_statements.sort_by_key(|s| s.index);
        self.switched_off_statements.len() > before
    }

    /// Whether the policy is `named` by a switch or a suppression: its id, or the ARN of what
    /// it belongs to.
    pub fn is_named(&self, named: &str) -> bool {
        self.id == named || self.owner.as_deref() == Some(named)
    }
}

/// Apply `switches` to `policies`; for each switch, whether it named anything (a policy, or a
/// statement of one).
pub fn apply(switches: &[SwitchOff], policies: &mut [LoadedPolicy]) -> Vec<bool> {
    switches
        .iter()
        .map(|switch| {
            let mut named = false;
            for policy in policies.iter_mut().filter(|p| p.is_named(&switch.policy)) {
                named |= match &switch.statement {
                    None => {
                        policy.switched_off = true;
                        true
                    }
                    Some(selector) => policy.switch_off_statement(selector),
                };
            }
            named
        })
        .collect()
}

/// What switch `index` of the scenario says when it names nothing: the policy or statement it
/// names is not in the scenario.
pub fn names_nothing(index: usize, switch: &SwitchOff) -> String {
    match &switch.statement {
        None => format!(
            "switched_off[{index}] names the policy `{}`, which the scenario does not have: use a policy's id (or the ARN it belongs to)",
            switch.policy
        ),
        Some(statement) => format!(
            "switched_off[{index}] names statement `{statement}` of `{}`, which it does not have: use the statement's Sid or #N, its index in the Statement array",
            switch.policy
        ),
    }
}
