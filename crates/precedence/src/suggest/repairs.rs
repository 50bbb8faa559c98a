//! Mending what was left out: where a statement left out of evaluation for an error stands in
//! the way, its repair (the value AWS accepts) is offered before any new statement.

use crate::left_out::{describe, repair_sets, MAX_TRIES};
use crate::matching::{statement_applies, PrincipalRules};
use crate::policy::{Effect, PolicyType};
use crate::scenario::DocumentSource;
use crate::trace::Stage;

use super::{policy_at, Attempt, Change, ChangeKind, Edit, Search};

/// For each blocking stage, the repairs of its left-out statements that let them back into
/// evaluation: each one a change to try.
pub(super) fn mend_left_out(search: &Search, attempt: &Attempt) -> Vec<Change> {
    let engine = attempt.engine(search.original);
    let mut options = Vec::new();
    let mut tries = MAX_TRIES;
    for policy_type in PolicyType::ALL {
        let stage = Stage::of(policy_type);
        if !attempt.evaluation.blocked_by.contains(stage) {
            continue;
        }
        let of_type = engine.policies().iter().filter_map(|p| match p.source {
            DocumentSource::Policies {
                policy_type: of,
                entry,
            } if of == policy_type => Some((entry, p)),
            _ => None,
        });
        for (entry, policy) in of_type {
            let Some(parsed) = &policy.policy else {
                continue;
            };
            // Of the endpoints, only the one the request came through can stand in its way.
            if policy_type == PolicyType::Endpoint
                && attempt
                    .scenario
                    .requests
                    .get(search.index)
                    .and_then(|r| r.via_endpoint.as_ref())
                    != Some(&policy.id)
            {
                continue;
            }
            for left in &parsed.left_out {
                for repairs in repair_sets(left) {
                    let Some(left_tries) = tries.checked_sub(1) else {
                        return options;
                    };
                    tries = left_tries;
                    let Some(mended) = policy.mended_statement(left, &repairs) else {
                        continue;
                    };
                    // Only an Allow that, mended, applies to the request can stand in its way.
                    let rules = PrincipalRules::for_policy(policy_type, policy.endpoint_type);
                    if mended.effect != Effect::Allow
                        || statement_applies(&mended, rules, attempt.prepared.facts()).is_none()
                    {
                        continue;
                    }
                    let Some(text) = policy.repaired_text(&repairs) else {
                        continue;
                    };
                    let reasons: Vec<String> = left
                        .reasons
                        .iter()
                        .map(|f| format!("{} (`{}`)", f.message, f.code))
                        .collect();
                    let repair = describe(&repairs);
                    // Where the statement is in the scenario as given: the attempt may have
                    // removed statements before it, moving it to a lower index.
                    let index = original_index(attempt, policy_type, entry, left.index);
                    let original = policy_at(search.original, policy_type, entry)
                        .and_then(|p| Some((p, p.policy.as_ref()?)))
                        .and_then(|(p, parsed)| {
                            let same = parsed.left_out.iter().find(|o| o.index == index)?;
                            Some(p.position(same.span))
                        });
                    let position = original.unwrap_or_else(|| policy.position(left.span));
                    options.push(Change {
                        kind: ChangeKind::Policy,
                        stage,
                        summary: format!(
                            "Mend statement `{}` of {} `{}`: {repair}",
                            left.label(),
                            policy_type.title(),
                            policy.id
                        ),
                        reason: format!(
                            "The statement was left out of evaluation because {}; AWS would refuse the policy as written. With the error mended it is evaluated again.",
                            reasons.join(" and ")
                        ),
                        statement: None,
                        condition: None,
                        edit: Edit::RepairStatement {
                            policy_type,
                            entry,
                            policy_id: policy.id.clone(),
                            label: left.label(),
                            index: left.index,
                            line: position.line,
                            column: position.column,
                            repair,
                            edits: repairs.into_iter().cloned().collect(),
                            text,
                            base: policy.text.clone(),
                        },
                    });
                }
            }
        }
    }
    options
}

/// The index in the scenario as given of the statement at `index` of policy `entry` after the
/// attempt's changes: each statement the attempt removed before it moved it one place down.
fn original_index(attempt: &Attempt, policy_type: PolicyType, entry: usize, index: usize) -> usize {
    attempt
        .changes
        .iter()
        .rev()
        .fold(index, |at, change| match &change.edit {
            Edit::RemoveStatement {
                policy_type: of,
                entry: removed_from,
                statement,
            } if *of == policy_type && *removed_from == entry && statement.index <= at => at + 1,
            _ => at,
        })
}
