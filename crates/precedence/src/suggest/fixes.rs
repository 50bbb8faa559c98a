//! The changes that might get a request past one blocker: a Deny to avoid or remove, or a
//! stage that lacks an Allow. They are only candidates: the search applies and checks them.

use serde_json::{json, Map, Value as JsonValue};

use super::values::{candidates, comes_out};
use super::{policy_at, statement_phrase, Attempt, Change, ChangeKind, ConditionRef, Edit, Search};
use crate::condition::Condition;
use crate::context::RequestContext;
use crate::load::LoadedPolicy;
use crate::policy::{Effect, Policy, PolicyType, Statement};
use crate::principal::{Caller, CallerKind};
use crate::scenario::{DocumentSource, Request};
use crate::trace::{PolicyTrace, Stage, StageStatus, StageTrace, StatementRef};

/// Keys that describe who calls or what is called: no change to the request's circumstances
/// sets them (those about the principal are changed by changing the principal).
const FIXED_KEYS: [&str; 10] = [
    "aws:principaltype",
    "aws:principalisawsservice",
    "aws:principalservicename",
    "aws:principalservicenameslist",
    "aws:username",
    "aws:userid",
    "aws:resourceaccount",
    "aws:resourceorgid",
    "aws:resourceorgpaths",
    "s3:resourceaccount",
];

/// The statement a change to the request is about.
struct About<'a> {
    stage: Stage,
    statement: &'a StatementRef,
    policy_title: &'static str,
}

/// A Deny statement that applies to the request.
pub(super) struct Deny {
    pub(super) stage: Stage,
    pub(super) policy_type: PolicyType,
    pub(super) entry: usize,
    pub(super) statement: Statement,
    pub(super) reference: StatementRef,
    pub(super) unconditional: bool,
}

/// The first Deny statement that applies, in evaluation order.
pub(super) fn first_deny(search: &Search, attempt: &Attempt) -> Option<Deny> {
    for stage in &attempt.evaluation.stages {
        let Some(policy_type) = stage.stage.policy_type() else {
            continue;
        };
        if stage.status != StageStatus::Deny {
            continue;
        }
        for policy_trace in &stage.policies {
            let Some(entry) = entry_of(policy_trace) else {
                continue;
            };
            for trace in &policy_trace.statements {
                if !(trace.matched && trace.effect == Effect::Deny) {
                    continue;
                }
                let Some((reference, statement)) = locate(
                    search,
                    attempt,
                    stage.stage,
                    policy_type,
                    entry,
                    trace.index,
                ) else {
                    continue;
                };
                return Some(Deny {
                    stage: stage.stage,
                    policy_type,
                    entry,
                    unconditional: statement.conditions.is_empty(),
                    statement: statement.clone(),
                    reference,
                });
            }
        }
    }
    None
}

/// Changes to the request that make the Deny not apply: one of its conditions false, or (for
/// an endpoint policy's Deny) another endpoint.
pub(super) fn avoid_deny(search: &Search, attempt: &Attempt, deny: &Deny) -> Vec<Change> {
    let phrase = statement_phrase(&deny.reference, deny.policy_type.title());
    let mut options: Vec<Change> = Vec::new();
    for condition in &deny.statement.conditions {
        let about = About {
            stage: deny.stage,
            statement: &deny.reference,
            policy_title: deny.policy_type.title(),
        };
        if let Some(change) = request_change(search, attempt, &about, condition, false) {
            push_new(&mut options, change);
        }
    }
    if deny.stage == Stage::Endpoint {
        let current = current_endpoint(search, attempt).unwrap_or_default();
        for endpoint in endpoints_that_allow(search, attempt) {
            push_new(
                &mut options,
                Change {
                    kind: ChangeKind::Request,
                    stage: Stage::Endpoint,
                    summary: format!("Send it through endpoint `{endpoint}`"),
                    reason: format!(
                        "{} is in the policy of endpoint `{current}`; through endpoint `{endpoint}` the request meets that endpoint's policy instead, and it allows the request.",
                        capitalized(&phrase)
                    ),
                    statement: Some(deny.reference.clone()),
                    condition: None,
                    edit: Edit::SetEndpoint {
                        request: search.index,
                        endpoint,
                    },
                },
            );
        }
    }
    options
}

/// Removing the Deny statement: the way past it when nothing else is.
pub(super) fn remove_deny(deny: &Deny) -> Change {
    let reference = &deny.reference;
    let condition = if deny.unconditional {
        "has no condition"
    } else {
        "has no condition that a change to the request gets past"
    };
    Change {
        kind: ChangeKind::Policy,
        stage: deny.stage,
        summary: format!(
            "Remove the Deny statement `{}` from {} `{}`",
            reference.label,
            deny.policy_type.title(),
            reference.policy_id
        ),
        reason: format!(
            "{} {condition}; an explicit Deny overrides every Allow, so only an edit to it lets the request through.",
            capitalized(&statement_phrase(reference, deny.policy_type.title()))
        ),
        statement: Some(reference.clone()),
        condition: None,
        edit: Edit::RemoveStatement {
            policy_type: deny.policy_type,
            entry: deny.entry,
            statement: reference.clone(),
        },
    }
}

/// Ways past the first stage that blocks for want of an Allow: the Allow added, the
/// conditions of an Allow already there met by the request, or another endpoint.
pub(super) fn allow_first_blocked_stage(search: &Search, attempt: &Attempt) -> Vec<Vec<Change>> {
    let Some(stage) = attempt.evaluation.blocked_by.iter().next() else {
        return Vec::new();
    };
    let Some(trace) = attempt.evaluation.stages.iter().find(|s| s.stage == stage) else {
        return Vec::new();
    };
    let mut options = Vec::new();
    options.extend(add_allow(search, attempt, trace));
    options.extend(meet_conditions(search, attempt, trace));
    if stage == Stage::Endpoint {
        let current = current_endpoint(search, attempt).unwrap_or_default();
        for endpoint in endpoints_that_allow(search, attempt) {
            options.push(vec![Change {
                kind: ChangeKind::Request,
                stage,
                summary: format!("Send it through endpoint `{endpoint}`"),
                reason: format!(
                    "The policy of endpoint `{current}` does not allow the request; the policy of endpoint `{endpoint}` does."
                ),
                statement: None,
                condition: None,
                edit: Edit::SetEndpoint {
                    request: search.index,
                    endpoint,
                },
            }]);
        }
    }
    options
}

/// An Allow for exactly the request's action and resource, in the policy the stage needs it in
/// (for SCPs, at every level that lacks one).
fn add_allow(search: &Search, attempt: &Attempt, trace: &StageTrace) -> Option<Vec<Change>> {
    let engine = attempt.engine(search.original);
    let stage_reason = match trace.summary.strip_prefix("not applicable: ") {
        Some(absent) => format!(
            "{}, and here one must allow the request.",
            capitalized(absent)
        ),
        None => format!("{}.", capitalized(&trace.summary)),
    };
    let first_parsed = |policy_type: PolicyType| {
        of_type(engine, policy_type).find(|(_, policy)| policy.policy.is_some())
    };
    // Where an Allow is added to one of several policies, one that already allows things.
    let granting = |policy_type: PolicyType| {
        of_type(engine, policy_type).find(|(_, policy)| has_allow(policy))
    };
    let change = |policy_type, target, level: Option<String>, reason: String| {
        add_change(
            search,
            attempt,
            trace.stage,
            policy_type,
            target,
            level,
            reason,
        )
    };
    match trace.stage {
        Stage::Scp => {
            // The levels, in order, and whether any of their statements allows the request.
            let mut levels: Vec<(Option<String>, bool)> = Vec::new();
            for policy in &trace.policies {
                let allows = policy
                    .statements
                    .iter()
                    .any(|s| s.matched && s.effect == Effect::Allow);
                match levels.iter_mut().find(|(level, _)| *level == policy.level) {
                    Some((_, any)) => *any |= allows,
                    None => levels.push((policy.level.clone(), allows)),
                }
            }
            let changes: Option<Vec<Change>> = levels
                .into_iter()
                .filter(|(_, allows)| !allows)
                .map(|(level, _)| {
                    // An Allow among a level's Denies would read as one of them: it goes
                    // into an SCP of the level that allows things, or a new one there.
                    let target = of_type(engine, PolicyType::Scp)
                        .find(|(_, p)| {
                            let attached_there = level
                                .as_ref()
                                .is_some_and(|name| p.targets.contains(name));
                            let at_level = p.targets.is_empty() && p.level == level;
                            (at_level || attached_there) && has_allow(p)
                        });
                    let reason = format!(
                        "No SCP at level {} allows the request, and every level from the root down to the account must.",
                        level_name(level.as_deref())
                    );
                    change(PolicyType::Scp, target, level, reason)
                })
                .collect();
            changes.filter(|c| !c.is_empty())
        }
        Stage::Identity => Some(vec![change(
            PolicyType::Identity,
            granting(PolicyType::Identity).or_else(|| first_parsed(PolicyType::Identity)),
            None,
            stage_reason,
        )?]),
        // The resource's own policy, if the scenario has one; a bucket or table policy cannot
        // name another bucket's or table's resources.
        Stage::Resource => {
            let request = attempt.scenario.requests.get(search.index)?;
            let context = attempt.prepared.context();
            let target = of_type(engine, PolicyType::Resource).find(|(_, policy)| {
                policy
                    .policy
                    .as_ref()
                    .is_some_and(|p| is_policy_of(p, &request.resource, context))
            });
            Some(vec![change(
                PolicyType::Resource,
                target,
                None,
                stage_reason,
            )?])
        }
        // A caller has one boundary and one session: the Allow goes into what is there.
        Stage::Boundary | Stage::Session => {
            let policy_type = trace.stage.policy_type()?;
            let target = first_parsed(policy_type)?;
            Some(vec![change(policy_type, Some(target), None, stage_reason)?])
        }
        Stage::Endpoint => {
            let entry = current_entry(search, attempt)?;
            let target = policy_at(engine, PolicyType::Endpoint, entry)?;
            target.policy.as_ref()?;
            Some(vec![change(
                PolicyType::Endpoint,
                Some((entry, target)),
                None,
                stage_reason,
            )?])
        }
        Stage::ExplicitDeny | Stage::Rcp => None,
    }
}

fn has_allow(policy: &LoadedPolicy) -> bool {
    policy
        .policy
        .as_ref()
        .is_some_and(|p| p.statements.iter().any(|s| s.effect == Effect::Allow))
}

/// Whether a resource-based policy is the policy of `resource`: one of its statements names it
/// or what contains it (`arn:aws:s3:::bucket` for `arn:aws:s3:::bucket/key`).
fn is_policy_of(policy: &Policy, resource: &str, context: &RequestContext) -> bool {
    let mut names = vec![resource];
    let mut rest = resource;
    while let Some(cut) = rest.rfind('/') {
        rest = &rest[..cut];
        names.push(rest);
    }
    policy
        .statements
        .iter()
        .filter_map(|statement| statement.resource.as_ref())
        .filter(|list| !list.negated)
        .flat_map(|list| &list.patterns)
        .any(|pattern| {
            names
                .iter()
                .any(|name| pattern.value.is_match(name, context))
        })
}

fn add_change(
    search: &Search,
    attempt: &Attempt,
    stage: Stage,
    policy_type: PolicyType,
    target: Option<(usize, &LoadedPolicy)>,
    level: Option<String>,
    reason: String,
) -> Option<Change> {
    let request = attempt.scenario.requests.get(search.index)?;
    let name = allow_name(&request.action);
    let (principal, scope) = match policy_type {
        PolicyType::Resource => (
            Some(resource_principal(attempt)),
            ", naming the caller as its `Principal`",
        ),
        PolicyType::Endpoint => (
            Some(json!("*")),
            " for every principal (`\"Principal\": \"*\"`); the caller's own policies still decide what it may do",
        ),
        _ => (None, ""),
    };
    let (policy_id, entry, sids) = match target {
        Some((entry, policy)) => {
            let sids: Vec<String> = policy
                .policy
                .iter()
                .flat_map(|p| &p.statements)
                .filter_map(|s| s.sid.clone())
                .collect();
            (policy.id.clone(), Some(entry), sids)
        }
        None => {
            let ids: Vec<String> = attempt
                .scenario
                .policies
                .of_type(policy_type)
                .iter()
                .map(|e| e.id.clone())
                .collect();
            (unique(&name, &ids), None, Vec::new())
        }
    };
    let statement = statement_text(&unique(&name, &sids), principal, request, policy_type);
    let at_level = match (&level, policy_type) {
        (level, PolicyType::Scp) => format!(" at level {}", level_name(level.as_deref())),
        _ => String::new(),
    };
    let place = match entry {
        Some(_) => format!("{} `{policy_id}`{at_level}", policy_type.title()),
        None => format!("a new {} `{policy_id}`{at_level}", policy_type.title()),
    };
    Some(Change {
        kind: ChangeKind::Policy,
        stage,
        summary: format!(
            "Allow `{}` on `{}` in {place}",
            request.action, request.resource
        ),
        reason: format!(
            "{reason} The statement allows exactly this action on this resource{scope}."
        ),
        statement: None,
        condition: None,
        edit: Edit::AddStatement {
            policy_type,
            policy_id,
            entry,
            level: level.filter(|_| policy_type == PolicyType::Scp),
            statement,
        },
    })
}

/// The statement's JSON text, pretty, keys in the order people write them.
fn statement_text(
    sid: &str,
    principal: Option<JsonValue>,
    request: &Request,
    policy_type: PolicyType,
) -> String {
    let mut statement = Map::new();
    statement.insert("Sid".into(), sid.into());
    statement.insert("Effect".into(), "Allow".into());
    if let (Some(principal), true) = (principal, policy_type.takes_principal()) {
        statement.insert("Principal".into(), principal);
    }
    statement.insert("Action".into(), request.action.as_str().into());
    statement.insert("Resource".into(), request.resource.as_str().into());
    format!("{:#}", JsonValue::Object(statement))
}

/// `Principal` naming the caller as a resource-based policy does: the role (not the session)
/// of a role session, `*` for anonymous callers, `Federated` for identity providers.
fn resource_principal(attempt: &Attempt) -> JsonValue {
    let caller = attempt.prepared.caller();
    match caller.kind {
        CallerKind::Anonymous => json!("*"),
        CallerKind::Service => json!({ "Service": caller.arn }),
        CallerKind::WebIdentity { .. } | CallerKind::Saml { .. } => {
            json!({ "Federated": caller.arn })
        }
        CallerKind::AssumedRole { .. } => {
            let role = attempt
                .prepared
                .context()
                .get("aws:principalarn")
                .and_then(|entry| entry.values.first().cloned())
                .unwrap_or_else(|| caller.principal_arn());
            json!({ "AWS": role })
        }
        _ => json!({ "AWS": caller.arn }),
    }
}

/// Changes to the request that meet every failing condition of an Allow of the stage whose
/// action, resource and principal already fit.
fn meet_conditions(search: &Search, attempt: &Attempt, trace: &StageTrace) -> Option<Vec<Change>> {
    let policy_type = trace.stage.policy_type()?;
    let context = attempt.prepared.context();
    for policy_trace in &trace.policies {
        let Some(entry) = entry_of(policy_trace) else {
            continue;
        };
        for statement_trace in &policy_trace.statements {
            let fits = statement_trace.effect == Effect::Allow
                && !statement_trace.matched
                && statement_trace.action.matched
                && statement_trace.resource.matched
                && statement_trace.principal.as_ref().is_none_or(|p| p.matched);
            if !fits {
                continue;
            }
            let Some((reference, statement)) = locate(
                search,
                attempt,
                trace.stage,
                policy_type,
                entry,
                statement_trace.index,
            ) else {
                continue;
            };
            let about = About {
                stage: trace.stage,
                statement: &reference,
                policy_title: policy_type.title(),
            };
            let changes: Option<Vec<Change>> = statement
                .conditions
                .iter()
                .filter(|condition| !condition.holds(context))
                .map(|condition| request_change(search, attempt, &about, condition, true))
                .collect();
            if let Some(changes) = changes.filter(|c| !c.is_empty()) {
                return Some(changes);
            }
        }
    }
    None
}

/// A change to the request after which `condition` comes out as `want`: another endpoint for
/// `aws:SourceVpce`/`aws:SourceVpc`, another principal for `aws:PrincipalArn` and
/// `aws:PrincipalAccount`, a context key for the rest (never for keys that say who calls or
/// what is called).
fn request_change(
    search: &Search,
    attempt: &Attempt,
    about: &About,
    condition: &Condition,
    want: bool,
) -> Option<Change> {
    let context = attempt.prepared.context();
    let request = attempt.scenario.requests.get(search.index)?;
    let index = search.index;
    let key = condition.key_lower.as_str();
    let entry = context.get(key);
    let given = entry.is_some_and(|e| !e.derived);
    let reference = entry.and_then(|e| e.values.first()).map(String::as_str);
    let works = |value: &str| comes_out(condition, context, Some(&[value.to_owned()]), want);
    let mut note = "";
    let (edit, consequence) = match key {
        _ if FIXED_KEYS.contains(&key) => return None,
        "aws:sourcevpce" | "aws:sourcevpc" if !given => {
            let through = attempt
                .scenario
                .policies
                .endpoint
                .iter()
                .filter(|e| Some(&e.id) != request.via_endpoint.as_ref())
                .find_map(|e| {
                    let value = if key == "aws:sourcevpce" {
                        e.id.clone()
                    } else {
                        e.vpc.clone()?
                    };
                    works(&value).then_some((e, value))
                });
            match through {
                Some((endpoint, value)) => (
                    Edit::SetEndpoint {
                        request: index,
                        endpoint: endpoint.id.clone(),
                    },
                    format!(
                        "through endpoint `{}` (where `{}` is `{value}`)",
                        endpoint.id, condition.key
                    ),
                ),
                None if request.via_endpoint.is_none() => {
                    note = " AWS sets the key on requests that come through a VPC endpoint; the scenario has no endpoint with that value, so the request carries the key itself.";
                    context_change(request, index, condition, context, reference, want)?
                }
                None => return None,
            }
        }
        "aws:principalarn" | "aws:principalaccount" if !given => {
            let principal = candidates(condition, context, reference)
                .into_iter()
                .flatten()
                .find_map(|values| {
                    let [value] = values.as_slice() else {
                        return None;
                    };
                    let principal = if key == "aws:principalarn" {
                        value.clone()
                    } else {
                        with_account(&request.principal, value)?
                    };
                    let caller = Caller::parse(&principal).ok()?;
                    let derived = if key == "aws:principalarn" {
                        caller.principal_arn()
                    } else {
                        caller.account.clone()?
                    };
                    (derived == *value && works(value)).then_some(principal)
                })?;
            note = " In this scenario the same identity-based policies apply to that principal.";
            (
                Edit::SetPrincipal {
                    request: index,
                    principal: principal.clone(),
                },
                format!("made as `{principal}`"),
            )
        }
        _ => context_change(request, index, condition, context, reference, want)?,
    };
    let summary = match &edit {
        Edit::SetEndpoint { endpoint, .. } => format!("Send it through endpoint `{endpoint}`"),
        Edit::SetPrincipal { principal, .. } => {
            let written: Vec<String> = condition.values.iter().map(|(_, t, _)| t.clone()).collect();
            if written.contains(principal) {
                format!("Make the request as `{principal}`")
            } else {
                format!(
                    "Make the request as `{principal}`, a principal matching {}",
                    show_values(&written)
                )
            }
        }
        Edit::SetContext { key, values, .. } => context_summary(key, values),
        Edit::RemoveContext { key, .. } => format!("Send it without `{key}`"),
        Edit::AddStatement { .. } | Edit::RemoveStatement { .. } | Edit::RepairStatement { .. } => {
            return None
        }
    };
    let (applies, outcome) = if want {
        ("allows the request only when", "it does")
    } else {
        ("applies only while", "it does not")
    };
    let phrase = statement_phrase(about.statement, about.policy_title);
    Some(Change {
        kind: ChangeKind::Request,
        stage: about.stage,
        summary,
        reason: format!(
            "{} {applies} `{}` holds, and {outcome} for a request {consequence}.{note}",
            capitalized(&phrase),
            condition_text(condition)
        ),
        statement: Some(about.statement.clone()),
        condition: Some(ConditionRef {
            operator: condition.operator_text.clone(),
            key: condition.key.clone(),
            values: condition.values.iter().map(|(_, t, _)| t.clone()).collect(),
            span: condition.span,
        }),
        edit,
    })
}

/// Set (or take out) the key in the request's context.
fn context_change(
    request: &Request,
    index: usize,
    condition: &Condition,
    context: &RequestContext,
    reference: Option<&str>,
    want: bool,
) -> Option<(Edit, String)> {
    let written = request
        .context
        .keys()
        .find(|k| k.eq_ignore_ascii_case(&condition.key))
        .cloned();
    for candidate in candidates(condition, context, reference) {
        if !comes_out(condition, context, candidate.as_deref(), want) {
            continue;
        }
        match candidate {
            Some(values) => {
                let key = written.clone().unwrap_or_else(|| condition.key.clone());
                let shown = show_values(&values);
                return Some((
                    Edit::SetContext {
                        request: index,
                        key: key.clone(),
                        values,
                        list: condition.operator.qualifier.is_some(),
                    },
                    format!("with `{key}` = {shown}"),
                ));
            }
            None => {
                if let Some(key) = written {
                    return Some((
                        Edit::RemoveContext {
                            request: index,
                            key: key.clone(),
                        },
                        format!("without `{key}`"),
                    ));
                }
            }
        }
    }
    None
}

/// A title for setting a context key, in the words of what the key means where it is common.
fn context_summary(key: &str, values: &[String]) -> String {
    let shown = show_values(values);
    let lower = key.to_ascii_lowercase();
    match lower.as_str() {
        "aws:sourcevpc" => format!("Send it from VPC {shown}"),
        "aws:sourcevpce" => format!("Send it through VPC endpoint {shown}"),
        "aws:sourceip" => format!("Send it from IP address {shown}"),
        "aws:principalorgid" => format!("Make the request as a principal of organization {shown}"),
        _ => match lower.strip_prefix("aws:principaltag/") {
            Some(_) => format!(
                "Make the request as a principal tagged `{}` = {shown}",
                &key["aws:PrincipalTag/".len()..]
            ),
            None => format!("Send it with `{key}` = {shown}"),
        },
    }
}

fn show_values(values: &[String]) -> String {
    match values {
        [one] => format!("`{one}`"),
        many => format!(
            "[{}]",
            many.iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `StringNotEquals aws:SourceVpc vpc-1`, as the policy writes it.
fn condition_text(condition: &Condition) -> String {
    let values: Vec<&str> = condition
        .values
        .iter()
        .map(|(_, text, _)| text.as_str())
        .collect();
    let shown = match values.as_slice() {
        [one] => (*one).to_owned(),
        many => format!("[{}]", many.join(", ")),
    };
    format!("{} {} {shown}", condition.operator_text, condition.key)
}

/// `principal` with its account field replaced, when it is an ARN.
fn with_account(principal: &str, account: &str) -> Option<String> {
    let mut fields: Vec<&str> = principal.splitn(6, ':').collect();
    let field = fields.get_mut(4)?;
    *field = account;
    Some(fields.join(":"))
}

/// The scenario's other endpoints whose policy allows the request sent through them.
fn endpoints_that_allow(search: &Search, attempt: &Attempt) -> Vec<String> {
    let engine = attempt.engine(search.original);
    let Some(request) = attempt.scenario.requests.get(search.index) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = Vec::new();
    for endpoint in &attempt.scenario.policies.endpoint {
        if Some(&endpoint.id) == request.via_endpoint.as_ref() || ids.contains(&endpoint.id) {
            continue;
        }
        let mut moved = request.clone();
        moved.via_endpoint = Some(endpoint.id.clone());
        let Ok(prepared) = engine.prepare(&moved) else {
            continue;
        };
        let allows = engine
            .evaluate_unweighed(&prepared)
            .stages
            .iter()
            .any(|s| s.stage == Stage::Endpoint && s.status == StageStatus::Allow);
        if allows {
            ids.push(endpoint.id.clone());
        }
    }
    ids
}

fn current_endpoint(search: &Search, attempt: &Attempt) -> Option<String> {
    attempt
        .scenario
        .requests
        .get(search.index)?
        .via_endpoint
        .clone()
}

/// The position of the request's endpoint among the scenario's endpoints.
fn current_entry(search: &Search, attempt: &Attempt) -> Option<usize> {
    let id = current_endpoint(search, attempt)?;
    attempt
        .scenario
        .policies
        .endpoint
        .iter()
        .position(|e| e.id == id)
}

/// Where the policy of a stage's trace sits among the scenario-wide policies of its type, read
/// from the place the trace gives it (never from its id, which two policies may share, nor from
/// its place in the stage, which lists a policy once per level and the account model's too);
/// `None` for a document of the account model, which suggestions do not edit.
fn entry_of(policy_trace: &PolicyTrace) -> Option<usize> {
    match policy_trace.source {
        DocumentSource::Policies { entry, .. } => Some(entry),
        _ => None,
    }
}

/// The scenario-wide policies of one type, each with its place in its list: the ones a
/// suggestion may edit (the account model's are left as they are).
fn of_type(
    engine: &crate::evaluate::Engine,
    policy_type: PolicyType,
) -> impl Iterator<Item = (usize, &LoadedPolicy)> {
    engine
        .policies()
        .iter()
        .filter_map(move |p| match p.source {
            DocumentSource::Policies {
                policy_type: of,
                entry,
            } if of == policy_type => Some((entry, p)),
            _ => None,
        })
}

/// The statement at `index` of the policy at `entry`, and where it is: in the scenario file
/// when its policy is unchanged (the original engine knows the file), else in the changed
/// policy's text. Spans of the statement and its conditions index the same text.
fn locate<'s>(
    search: &'s Search,
    attempt: &'s Attempt,
    stage: Stage,
    policy_type: PolicyType,
    entry: usize,
    index: usize,
) -> Option<(StatementRef, &'s Statement)> {
    let touched = attempt
        .changes
        .iter()
        .any(|c| c.edit.touches(policy_type, entry));
    let engine = if touched {
        attempt.engine(search.original)
    } else {
        search.original
    };
    let policy = policy_at(engine, policy_type, entry)?;
    let statement = policy
        .policy
        .as_ref()?
        .statements
        .iter()
        .find(|s| s.index == index)?;
    let reference = StatementRef {
        stage,
        policy_id: policy.id.clone(),
        label: statement.label(),
        index: statement.index,
        effect: statement.effect,
        span: statement.span,
        position: policy.position(statement.span),
    };
    Some((reference, statement))
}

/// `AllowGetItem` for `dynamodb:GetItem`: a Sid and a policy id.
fn allow_name(action: &str) -> String {
    let name = action.rsplit(':').next().unwrap_or(action);
    let letters: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("Allow{letters}")
}

/// `base`, or `base2`, `base3`, … whichever is not taken.
fn unique(base: &str, taken: &[String]) -> String {
    std::iter::once(base.to_owned())
        .chain((2..).map(|n| format!("{base}{n}")))
        .find(|name| !taken.contains(name))
        .unwrap_or_default()
}

fn level_name(level: Option<&str>) -> String {
    match level {
        Some(name) => format!("`{name}`"),
        None => "(unnamed)".to_owned(),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn push_new(options: &mut Vec<Change>, change: Change) {
    if !options.iter().any(|o| o.edit == change.edit) {
        options.push(change);
    }
}
