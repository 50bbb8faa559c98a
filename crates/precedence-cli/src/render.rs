//! Text output: findings compiler-style, traces as an indented outline.

use std::fmt::Write as _;
use std::path::Path;

use precedence::dependence::Dependence;
use precedence::finding::{Finding, Subject};
use precedence::load::LoadedPolicy;
use precedence::policy::PolicyType;
use precedence::scenario::Request;
use precedence::scenario::{Decision, DocumentSource};
use precedence::span::LineIndex;
use precedence::suggest::{ChangeKind, Edit, Suggestions};
use precedence::trace::{
    ConditionTrace, ElementTrace, Evaluation, LeftOutTrace, PolicyTrace, RuleStep, StageStatus,
    StatementTrace, WrittenStatement,
};

use crate::input::Loaded;

/// `file:line:col` of a finding: in the file for inline documents; for string documents, the
/// string's place in the file and the position inside the policy text.
pub fn finding_location(
    path: &Path,
    loaded: &Loaded,
    policy_number: usize,
    finding: &Finding,
) -> String {
    let policies = loaded.engine.policies();
    let policy = &policies[policy_number];
    if let (Subject::Id, Some((start, _))) = (finding.subject, policy.id_range) {
        return format!("{}:{}:{}", path.display(), start.line, start.column);
    }
    if policy.origin.is_some() {
        let position = policy.position(finding.span);
        return format!("{}:{}:{}", path.display(), position.line, position.column);
    }
    let inner = policy.position(finding.span);
    match loaded.file.document_spans.get(&policy.source) {
        Some(span) => {
            let outer = LineIndex::new(&loaded.text).position(&loaded.text, span.start);
            format!(
                "{}:{}:{} (policy text line {}, column {})",
                path.display(),
                outer.line,
                outer.column,
                inner.line,
                inner.column
            )
        }
        None => format!("{}:{}:{}", path.display(), inner.line, inner.column),
    }
}

/// A statement whose conditions the decision hangs on: `depends on: `aws:SourceVpce` (given)
/// — statement `S` of identity-based policy `P`; were its conditions false: explicitDeny`.
fn dependence_line(dependence: &Dependence) -> String {
    let keys: Vec<String> = dependence
        .keys
        .iter()
        .zip(&dependence.present)
        .map(|(key, present)| {
            let state = if *present {
                "in the request"
            } else {
                "not in the request"
            };
            format!("`{key}` ({state})")
        })
        .collect();
    let title = dependence
        .stage
        .policy_type()
        .map_or("policy", PolicyType::title);
    format!(
        "depends on {}: statement `{}` of {title} `{}`; were its conditions {}, the decision would be {}",
        keys.join(", "),
        dependence.statement,
        dependence.policy_id,
        if dependence.holds { "false" } else { "true" },
        dependence.otherwise.name()
    )
}

/// Where a policy of the account model comes from: ` — arn:…` for a managed policy, ` — of
/// arn:…` for one that is part of a user, group, role or resource; nothing for the others.
fn owner_note(policy: &PolicyTrace) -> String {
    match (&policy.owner, policy.source) {
        (Some(arn), DocumentSource::Managed { .. }) => format!(" — {arn}"),
        (Some(arn), _) => format!(" — of {arn}"),
        (None, _) => String::new(),
    }
}

/// One finding, compiler-style, with its help line.
pub fn finding(location: &str, policy: &LoadedPolicy, finding: &Finding) -> String {
    format!(
        "{location}: {}[{}]: {} (in {} `{}`)\n  = help: {}",
        finding.severity.label(),
        finding.code,
        finding.message,
        policy.policy_type.name(),
        policy.id,
        finding.help
    )
}

/// A label for a request: its name or its number.
pub fn request_label(index: usize, request: &Request) -> String {
    match &request.name {
        Some(name) => format!("request {} \"{name}\"", index + 1),
        None => format!("request {}", index + 1),
    }
}

fn mark(matched: bool) -> &'static str {
    if matched {
        "✓"
    } else {
        "✗"
    }
}

fn status_word(status: StageStatus) -> &'static str {
    match status {
        StageStatus::Allow => "allow",
        StageStatus::Deny => "DENY",
        StageStatus::NoMatch => "no match",
        StageStatus::NotApplicable => "n/a",
    }
}

/// The decision, the explanation and the stages with their statements.
pub fn trace(request: &Request, evaluation: &Evaluation, policies: &[LoadedPolicy]) -> String {
    trace_with_suggestions(request, evaluation, policies, None)
}

/// The trace, with "What would allow this" under the decision when there are suggestions.
pub fn trace_with_suggestions(
    request: &Request,
    evaluation: &Evaluation,
    policies: &[LoadedPolicy],
    suggestions: Option<&Suggestions>,
) -> String {
    let mut out = String::new();
    // What a wildcard action pattern covered: the request's action, as the catalog names it.
    let action = match crate::input::catalog().and_then(|c| c.action(&request.action)) {
        Some(found) => format!("`{found}` ({})", found.access_level()),
        None => format!("`{}`", request.action),
    };
    let via = request
        .via_endpoint
        .as_ref()
        .map(|id| format!(" via {id}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  {} → {} on {}{via}",
        request.principal, request.action, request.resource
    );
    let blocked: Vec<&str> = evaluation.blocked_by.iter().map(|s| s.name()).collect();
    let _ = write!(out, "  decision: {}", evaluation.decision.name());
    if !blocked.is_empty() {
        let _ = write!(out, "   blocked by: {}", blocked.join(", "));
    }
    if let Some(expected) = request.expect {
        let _ = write!(out, "   expected: {}", expected.name());
    }
    let _ = writeln!(out, "\n  {}", evaluation.explanation);
    if !evaluation.invalid_policies.is_empty() {
        let _ = writeln!(out, "  {}", invalid_note(evaluation));
    }
    if let Some(off) = evaluation.switched_off_list() {
        let _ = writeln!(out, "  ○ switched off (kept, not evaluated): {off}");
    }
    for dependence in &evaluation.depends_on {
        let _ = writeln!(out, "  {}", dependence_line(dependence));
    }
    if let Some(suggestions) = suggestions {
        suggestion_lines(&mut out, suggestions);
    }
    // A rule outside the policies is its own step: one that allows comes before the stages and
    // one that denies after them, as AWS checks them; one that works within a stage, under it.
    let rule = evaluation.rule.as_ref();
    if let Some(rule) =
        rule.filter(|rule| rule.within.is_none() && rule.decision == Decision::Allowed)
    {
        rule_line(&mut out, rule);
    }
    for stage in &evaluation.stages {
        let _ = writeln!(
            out,
            "  {} {:<13} {:<8} {}",
            if stage.blocks { "▶" } else { " " },
            stage.stage.name(),
            status_word(stage.status),
            stage.summary
        );
        if let Some(note) = &stage.left_out_note {
            let _ = writeln!(out, "                  ⚠ {note}");
        }
        for policy in &stage.policies {
            let title =
                PolicyType::from_name(stage.stage.name()).map_or("policy", PolicyType::title);
            let level = policy
                .level
                .as_ref()
                .map(|l| format!(" (level {l})"))
                .unwrap_or_default();
            let owner = owner_note(policy);
            let level = format!("{level}{owner}");
            let loaded = policies.iter().find(|p| p.source == policy.source);
            if policy.left_out {
                let _ = writeln!(
                    out,
                    "        {title} `{}`{level}: left out, its text is not a policy",
                    policy.id
                );
            } else {
                let _ = writeln!(out, "        {title} `{}`{level}", policy.id);
            }
            policy_lines(&mut out, policy, loaded, &action);
        }
        if let Some(rule) = rule.filter(|rule| rule.within == Some(stage.stage)) {
            rule_line(&mut out, rule);
        }
    }
    if let Some(rule) =
        rule.filter(|rule| rule.within.is_none() && rule.decision != Decision::Allowed)
    {
        rule_line(&mut out, rule);
    }
    if !evaluation.missing_keys.is_empty() {
        let _ = writeln!(
            out,
            "  keys the conditions asked for that the request lacks: {}",
            evaluation.missing_keys.join(", ")
        );
    }
    out
}

/// The line saying the decision rests on policies AWS would refuse.
fn invalid_note(evaluation: &Evaluation) -> String {
    let named: Vec<String> = evaluation
        .invalid_policies
        .iter()
        .map(|invalid| {
            let left = if invalid.left_out {
                "left out whole".to_owned()
            } else {
                format!("{} statement(s) left out", invalid.left_out_statements)
            };
            format!(
                "{} `{}` ({} error(s), {left})",
                invalid.stage.name(),
                invalid.policy_id,
                invalid.errors
            )
        })
        .collect();
    format!(
        "⚠ this decision rests on invalid policies, which AWS would refuse to save (MalformedPolicyDocument): {}",
        named.join(", ")
    )
}

/// A policy's statements in written order, the left-out ones among them, then the errors no
/// left-out statement accounts for (a text that is not JSON, a missing `Statement`, …).
fn policy_lines(
    out: &mut String,
    policy: &PolicyTrace,
    loaded: Option<&LoadedPolicy>,
    action: &str,
) {
    for item in policy.in_written_order() {
        match item {
            WrittenStatement::Evaluated(statement) => {
                statement_lines(out, statement, loaded, action);
            }
            WrittenStatement::LeftOut(left) => left_out_lines(out, left),
            WrittenStatement::SwitchedOff(off) => {
                let effect = off.effect.map_or("?".to_owned(), |e| format!("{e:?}"));
                let _ = writeln!(
                    out,
                    "          ○ {effect} `{}` at {}:{}: switched off, not evaluated",
                    off.label, off.position.line, off.position.column
                );
            }
        }
    }
    for error in policy.other_errors() {
        let _ = writeln!(
            out,
            "          ! error[{}] at {}:{}: {}",
            error.code, error.position.line, error.position.column, error.message
        );
    }
}

fn left_out_lines(out: &mut String, left: &LeftOutTrace) {
    let effect = left.effect.map_or("?".to_owned(), |e| format!("{e:?}"));
    let _ = writeln!(
        out,
        "          ⊘ {effect} `{}` at {}:{}: left out of evaluation for an error",
        left.label, left.position.line, left.position.column
    );
    for reason in &left.reasons {
        let _ = writeln!(
            out,
            "              error[{}] at {}:{}: {}",
            reason.code, reason.position.line, reason.position.column, reason.message
        );
    }
    if let Some(change) = &left.would_change {
        let stage = if change.stage_blocks {
            "its stage would stop the request"
        } else {
            "its stage would let the request through"
        };
        let _ = writeln!(
            out,
            "              → mended ({}): {stage}, and the request is {}",
            change.repair,
            precedence::left_out::verb(change.decision)
        );
    }
}

/// The step of a rule AWS applies outside any policy: its id, what it says, its page.
fn rule_line(out: &mut String, rule: &RuleStep) {
    let word = match rule.decision {
        Decision::Allowed => "allow",
        _ => "DENY",
    };
    let _ = writeln!(
        out,
        "  ▶ {:<13} {word:<8} `{}`: {}\n                         see {}",
        "awsRule", rule.id, rule.says, rule.source
    );
}

fn statement_lines(
    out: &mut String,
    statement: &StatementTrace,
    policy: Option<&LoadedPolicy>,
    action: &str,
) {
    let position = policy
        .map(|p| {
            let pos = p.position(statement.span);
            format!(" at {}:{}", pos.line, pos.column)
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "          {} {:?} `{}`{position}: {}",
        mark(statement.matched),
        statement.effect,
        statement.label,
        std::iter::once(action_element(&statement.action, action))
            .chain(
                [Some(&statement.resource), statement.principal.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(element)
            )
            .collect::<Vec<_>>()
            .join(", ")
    );
    for condition in &statement.conditions {
        let _ = writeln!(
            out,
            "              {} {}",
            mark(condition.holds),
            condition_line(condition)
        );
    }
}

/// The `Action` element; a wildcard pattern that matched says which action it covered
/// (`action`, written out).
fn action_element(trace: &ElementTrace, action: &str) -> String {
    match &trace.by {
        Some(by) if trace.matched && by.contains(['*', '?']) => {
            format!("{} {} (`{by}` covers {action})", trace.element, mark(true))
        }
        _ => element(trace),
    }
}

fn element(trace: &ElementTrace) -> String {
    match (&trace.by, trace.note) {
        (Some(by), Some(note)) => format!(
            "{} {} (`{by}` is listed, but {note})",
            trace.element,
            mark(trace.matched)
        ),
        (Some(by), None) => format!("{} {} (`{by}`)", trace.element, mark(trace.matched)),
        (None, _) => format!("{} {}", trace.element, mark(trace.matched)),
    }
}

fn condition_line(condition: &ConditionTrace) -> String {
    let policy: Vec<String> = condition
        .policy_values
        .iter()
        .map(|v| v.clone().unwrap_or_else(|| "(unresolved variable)".into()))
        .collect();
    let request = if condition.present {
        format!(
            "{:?}{}",
            condition.request_values,
            if condition.derived { " (derived)" } else { "" }
        )
    } else {
        "absent".to_owned()
    };
    format!(
        "{} {}: policy {:?}, request {request}",
        condition.operator, condition.key, policy
    )
}

/// "What would allow this": each suggestion with its kind, why it works and its changes as
/// they apply to the scenario file; then what only an edit gets past.
fn suggestion_lines(out: &mut String, suggestions: &Suggestions) {
    if suggestions.items.is_empty() && suggestions.unfixable.is_none() {
        return;
    }
    let _ = writeln!(out, "  What would allow this:");
    for (number, suggestion) in suggestions.items.iter().enumerate() {
        let kinds: Vec<&str> = suggestion
            .kinds
            .iter()
            .map(|kind| match kind {
                ChangeKind::Policy => "policy change",
                ChangeKind::Request => "request change",
            })
            .collect();
        let _ = writeln!(
            out,
            "    {}. {} [{}]",
            number + 1,
            suggestion.title,
            kinds.join(" + ")
        );
        let _ = writeln!(out, "       {}", suggestion.explanation);
        for change in &suggestion.changes {
            let _ = writeln!(out, "       → {}", edit_line(&change.edit));
            if let Edit::AddStatement { statement, .. } = &change.edit {
                for line in statement.lines() {
                    let _ = writeln!(out, "           {line}");
                }
            }
        }
    }
    if let Some(unfixable) = &suggestions.unfixable {
        let _ = writeln!(out, "    {}", unfixable.message);
    }
}

/// An edit as it applies to the scenario file.
fn edit_line(edit: &Edit) -> String {
    match edit {
        Edit::AddStatement {
            policy_type,
            policy_id,
            entry: Some(entry),
            ..
        } => format!(
            "add to the `Statement` array of `policies.{}[{entry}]` (`{policy_id}`):",
            policy_type.name()
        ),
        Edit::AddStatement {
            policy_type,
            policy_id,
            entry: None,
            level,
            ..
        } => {
            let level = level
                .as_ref()
                .map(|l| format!(" at level `{l}`"))
                .unwrap_or_default();
            format!(
                "add a new policy `{policy_id}` to `policies.{}`{level}, with the statement:",
                policy_type.name()
            )
        }
        Edit::RemoveStatement {
            policy_type,
            entry,
            statement,
        } => format!(
            "remove `Statement[{}]` (`{}`, at {}:{}) from `policies.{}[{entry}]` (`{}`)",
            statement.index,
            statement.label,
            statement.position.line,
            statement.position.column,
            policy_type.name(),
            statement.policy_id
        ),
        Edit::RepairStatement {
            policy_type,
            entry,
            policy_id,
            label,
            line,
            column,
            repair,
            ..
        } => format!(
            "in `policies.{}[{entry}]` (`{policy_id}`), mend statement `{label}` at {line}:{column}: {repair}",
            policy_type.name()
        ),
        Edit::SetEndpoint { request, endpoint } => {
            format!("set `requests[{request}].via_endpoint` to `{endpoint}`")
        }
        Edit::SetContext {
            request,
            key,
            values,
            list,
        } => {
            let shown = match (list, values.as_slice()) {
                (false, [one]) => format!("{one:?}"),
                _ => format!("{values:?}"),
            };
            format!("set `requests[{request}].context.{key}` to {shown}")
        }
        Edit::RemoveContext { request, key } => {
            format!("remove `requests[{request}].context.{key}`")
        }
        Edit::SetPrincipal { request, principal } => {
            format!("set `requests[{request}].principal` to `{principal}`")
        }
    }
}
