//! Resources that do not fit the statement's actions: ARNs that are no resource type of any of
//! them, and actions that take only `"Resource": "*"` given specific ARNs.

use crate::catalog::{Action, ResourceType};
use crate::finding::{Finding, Severity};
use crate::policy::{MatchList, Statement};
use crate::span::Span;

use super::{has_wildcard, ActionScope};

/// Check the statement's `Resource` list against the actions it covers.
pub fn check(statement: &Statement, scope: &ActionScope<'_>, findings: &mut Vec<Finding>) {
    let ActionScope::Known { actions, .. } = scope else {
        return;
    };
    let Some(resources) = &statement.resource else {
        return;
    };
    if actions.is_empty()
        || resources.negated
        || resources.patterns.iter().any(|p| p.value.is_match_all())
    {
        return;
    }
    only_all_resources(statement, actions, findings);
    let types = resource_types(actions);
    let fits = |arn: &str| {
        types
            .iter()
            .any(|resource_type| resource_type.resource_pattern_can_match(arn))
    };
    if resources.patterns.iter().any(|p| fits(&p.text)) {
        return;
    }
    let listed = resources
        .patterns
        .iter()
        .map(|p| format!("`{}`", p.text))
        .collect::<Vec<_>>()
        .join(", ");
    let types = resource_type_names(&types);
    findings.push(Finding::new(
        "resource-fits-no-action",
        Severity::Warning,
        format!(
            "no action of this statement has a resource like {listed}, so the statement never applies"
        ),
        if types.is_empty() {
            "these actions take only `\"Resource\": \"*\"`".to_owned()
        } else {
            format!("its actions' resources are {types}; check the ARN's service, region, account and resource part")
        },
        values_span(resources),
    ));
}

/// From the first value of the list to the last (the list's own span is its key).
fn values_span(list: &MatchList) -> Span {
    match (list.patterns.first(), list.patterns.last()) {
        (Some(first), Some(last)) => Span::new(first.span.start, last.span.end),
        _ => list.span,
    }
}

/// Concrete actions that have no resource types, in a statement whose resources are specific.
fn only_all_resources(statement: &Statement, actions: &[Action<'_>], findings: &mut Vec<Finding>) {
    for pattern in &statement.action.patterns {
        if has_wildcard(&pattern.text) {
            continue;
        }
        let Some(action) = actions
            .iter()
            .find(|action| action.to_string().eq_ignore_ascii_case(&pattern.text))
        else {
            continue;
        };
        if action.resource_types().next().is_none() {
            findings.push(Finding::new(
                "action-needs-all-resources",
                Severity::Warning,
                format!(
                    "`{action}` works on no particular resource: only `\"Resource\": \"*\"` covers it, and this statement names specific resources"
                ),
                format!("move `{action}` to a statement of its own with `\"Resource\": \"*\"`"),
                pattern.span,
            ));
        }
    }
}

/// The resource types of `actions`, each once, in order of appearance.
fn resource_types<'c>(actions: &[Action<'c>]) -> Vec<ResourceType<'c>> {
    let mut types: Vec<ResourceType<'c>> = Vec::new();
    for action in actions {
        for used in action.resource_types() {
            let known = types.iter().any(|seen| {
                seen.name() == used.resource_type.name()
                    && seen.service().prefix() == used.resource_type.service().prefix()
            });
            if !known {
                types.push(used.resource_type);
            }
        }
    }
    types
}

/// Resource types as `service table, …`, the first few.
fn resource_type_names(types: &[ResourceType<'_>]) -> String {
    const SHOWN: usize = 6;
    let mut names: Vec<String> = types
        .iter()
        .take(SHOWN)
        .map(|resource_type| {
            format!(
                "{} `{}`",
                resource_type.service().prefix(),
                resource_type.name()
            )
        })
        .collect();
    if types.len() > SHOWN {
        names.push(format!("{} more", types.len() - SHOWN));
    }
    names.join(", ")
}
