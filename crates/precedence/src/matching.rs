//! Does a statement apply to a request? Element by element, fast or with a full trace; both
//! paths call the same matchers, so they cannot disagree.

use crate::condition::{Condition, Operand};
use crate::context::RequestContext;
use crate::pattern::VariableSource;
use crate::policy::{Effect, MatchList, PolicyType, PrincipalSet, Statement};
use crate::principal::{match_principal_id, Caller, CallerKind, PrincipalMatch};
use crate::scenario::EndpointType;
use crate::trace::{ConditionTrace, ElementTrace, StatementTrace};

/// The parts of a request that statements are matched against.
#[derive(Debug, Clone)]
pub struct RequestFacts {
    /// The caller.
    pub caller: Caller,
    /// The action as given.
    pub action: String,
    /// The action lowercased (actions match case-insensitively).
    pub action_lower: String,
    /// The resource ARN.
    pub resource: String,
    /// The request context.
    pub context: RequestContext,
    /// Whether the caller is an IAM user or role (or a session of one) with a permissions
    /// boundary: a `NotPrincipal` Deny then applies to it whatever the element lists.
    pub caller_has_boundary: bool,
}

/// How a policy's `Principal` elements are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalRules {
    /// Identity-based policies, boundaries, session policies, SCPs: `Principal` does not belong
    /// and is ignored.
    Ignored,
    /// Resource-based policies, RCPs, interface endpoint policies: identifiers as AWS reads
    /// them in resource-based policies.
    Named,
    /// Gateway endpoint policies: as `Named`, except that an account principal (`"AWS":
    /// "111122223333"` or `…:root`) admits only that account's root user.
    GatewayEndpoint,
}

impl PrincipalRules {
    /// The rules for a policy of `policy_type` (on an endpoint of `endpoint_type`).
    pub fn for_policy(policy_type: PolicyType, endpoint_type: EndpointType) -> Self {
        match (policy_type.takes_principal(), policy_type, endpoint_type) {
            (false, _, _) => PrincipalRules::Ignored,
            (true, PolicyType::Endpoint, EndpointType::Gateway) => PrincipalRules::GatewayEndpoint,
            (true, _, _) => PrincipalRules::Named,
        }
    }
}

/// Which pattern of a list matched `text`, and whether the element lets the statement apply.
fn list_match(list: &MatchList, text: &str, vars: &dyn VariableSource) -> (bool, Option<usize>) {
    let hit = list
        .patterns
        .iter()
        .position(|pattern| pattern.value.is_match(text, vars));
    (hit.is_some() != list.negated, hit)
}

/// What a `NotPrincipal` Deny must list to leave the caller out: every level AWS checks, the
/// account first, then the role, then the session (`aws_rules::NOT_PRINCIPAL_DENY`). `None`
/// when only `*` can: a session known only by its role's ARN, an anonymous caller.
fn levels_to_list(kind: &CallerKind) -> Option<&'static [PrincipalMatch]> {
    use PrincipalMatch::{Account, Other, RoleArn, SessionArn, UserArn};
    match kind {
        CallerKind::Root => Some(&[Account]),
        CallerKind::User { .. } => Some(&[Account, UserArn]),
        CallerKind::AssumedRole { .. } => Some(&[Account, RoleArn, SessionArn]),
        CallerKind::FederatedUser { .. } => Some(&[Account, Other]),
        // A service or an identity provider is named by its one identifier.
        CallerKind::Service | CallerKind::WebIdentity { .. } | CallerKind::Saml { .. } => {
            Some(&[Other])
        }
        CallerKind::Role { .. } | CallerKind::Anonymous => None,
    }
}

/// How a `Principal`/`NotPrincipal` element names the caller, and which identifier did.
fn principal_match(
    set: &PrincipalSet,
    effect: Effect,
    request: &RequestFacts,
    rules: PrincipalRules,
) -> (Option<PrincipalMatch>, Option<usize>) {
    let caller = &request.caller;
    let mut best: Option<(PrincipalMatch, usize)> = None;
    let mut listed: Vec<PrincipalMatch> = Vec::new();
    for (index, id) in set.ids.iter().enumerate() {
        let Some(kind) = match_principal_id(id, caller) else {
            continue;
        };
        listed.push(kind);
        // In a gateway endpoint policy an account principal means that account's root user.
        if rules == PrincipalRules::GatewayEndpoint
            && kind == PrincipalMatch::Account
            && caller.kind != CallerKind::Root
        {
            continue;
        }
        if best.is_none_or(|(found, _)| kind > found) {
            best = Some((kind, index));
        }
    }
    // A `NotPrincipal` Deny leaves the caller out only when it lists every level of it.
    let left_out = effect != Effect::Deny
        || listed.contains(&PrincipalMatch::Everyone)
        || levels_to_list(&caller.kind)
            .is_some_and(|levels| levels.iter().all(|level| listed.contains(level)));
    match (set.negated, best) {
        (false, Some((kind, index))) => (Some(kind), Some(index)),
        (false, None) => (None, None),
        // A `NotPrincipal` Deny applies to every principal with a permissions boundary.
        (true, Some((_, index)))
            if left_out && !(effect == Effect::Deny && request.caller_has_boundary) =>
        {
            (None, Some(index))
        }
        (true, listed) => (
            Some(PrincipalMatch::Everyone),
            listed.map(|(_, index)| index),
        ),
    }
}

/// Whether `statement` applies to the request; for principal-taking policy types, how its
/// `Principal` named the caller. Statements of those types without a `Principal` never apply.
pub fn statement_applies(
    statement: &Statement,
    rules: PrincipalRules,
    request: &RequestFacts,
) -> Option<PrincipalMatch> {
    let named = elements_match(statement, rules, request)?;
    statement
        .conditions
        .iter()
        .all(|condition| condition.holds(&request.context))
        .then_some(named)
}

/// Whether the statement's `Action`, `Resource` and `Principal` (or their `Not…` forms) match
/// the request, conditions aside: how it names the caller when they do.
pub fn elements_match(
    statement: &Statement,
    rules: PrincipalRules,
    request: &RequestFacts,
) -> Option<PrincipalMatch> {
    let vars = &request.context;
    if !list_match(&statement.action, &request.action_lower, vars).0 {
        return None;
    }
    if let Some(resource) = &statement.resource {
        if !list_match(resource, &request.resource, vars).0 {
            return None;
        }
    }
    let named = if rules != PrincipalRules::Ignored {
        principal_match(
            statement.principal.as_ref()?,
            statement.effect,
            request,
            rules,
        )
        .0?
    } else {
        PrincipalMatch::Everyone
    };
    Some(named)
}

/// The full trace of `statement` against the request, and what [`statement_applies`] returns.
pub fn trace_statement(
    statement: &Statement,
    rules: PrincipalRules,
    request: &RequestFacts,
) -> (StatementTrace, Option<PrincipalMatch>) {
    let vars = &request.context;
    let action = element_trace(&statement.action, &request.action_lower, vars, "Action");
    let resource = match &statement.resource {
        Some(list) => element_trace(list, &request.resource, vars, "Resource"),
        None => ElementTrace {
            element: "Resource",
            matched: true,
            by: None,
            principal_match: None,
            note: None,
        },
    };
    let (principal, named) = if rules != PrincipalRules::Ignored {
        match &statement.principal {
            Some(set) => {
                let (named, index) = principal_match(set, statement.effect, request, rules);
                let overridden = set.negated && named.is_some() && index.is_some();
                let note = if !overridden {
                    None
                } else if request.caller_has_boundary && statement.effect == Effect::Deny {
                    Some("a `NotPrincipal` Deny applies to every principal with a permissions boundary, whatever it lists")
                } else {
                    Some("a `NotPrincipal` Deny leaves a caller out only when it lists the caller's account and, for a user, the user, for a role session, the role and the session (rule `not-principal-deny`)")
                };
                let trace = ElementTrace {
                    element: if set.negated {
                        "NotPrincipal"
                    } else {
                        "Principal"
                    },
                    matched: named.is_some(),
                    by: index.map(|i| set.ids[i].value.clone()),
                    principal_match: named,
                    note,
                };
                (Some(trace), named)
            }
            None => (
                Some(ElementTrace {
                    element: "Principal",
                    matched: false,
                    by: None,
                    principal_match: None,
                    note: None,
                }),
                None,
            ),
        }
    } else {
        (None, Some(PrincipalMatch::Everyone))
    };
    let conditions: Vec<ConditionTrace> = statement
        .conditions
        .iter()
        .map(|condition| trace_condition(condition, &request.context))
        .collect();
    let matched = action.matched
        && resource.matched
        && named.is_some()
        && conditions.iter().all(|condition| condition.holds);
    let trace = StatementTrace {
        label: statement.label(),
        index: statement.index,
        effect: statement.effect,
        matched,
        span: statement.span,
        action,
        resource,
        principal,
        conditions,
    };
    (trace, named.filter(|_| matched))
}

fn element_trace(
    list: &MatchList,
    text: &str,
    vars: &dyn VariableSource,
    positive_name: &'static str,
) -> ElementTrace {
    let (matched, index) = list_match(list, text, vars);
    let element = match (positive_name, list.negated) {
        ("Action", true) => "NotAction",
        ("Resource", true) => "NotResource",
        (name, _) => name,
    };
    ElementTrace {
        element,
        matched,
        by: index.map(|i| list.patterns[i].text.clone()),
        principal_match: None,
        note: None,
    }
}

fn trace_condition(condition: &Condition, context: &RequestContext) -> ConditionTrace {
    let entry = context.get(&condition.key_lower);
    ConditionTrace {
        operator: condition.operator_text.clone(),
        key: condition.key.clone(),
        policy_values: condition
            .values
            .iter()
            .map(|(operand, text, _)| match operand {
                Operand::Text(pattern) => pattern.resolve(context).map(|v| v.into_owned()),
                _ => Some(text.clone()),
            })
            .collect(),
        request_values: entry.map(|e| e.values.clone()).unwrap_or_default(),
        present: entry.is_some(),
        derived: entry.is_some_and(|e| e.derived),
        holds: condition.holds(context),
        span: condition.span,
    }
}
