//! `precedence access`: what one principal can do, action by action, grouped by service and
//! access level.

use std::collections::BTreeMap;
use std::path::Path;

use precedence::access::{AccessEntry, AccessMap, AccessQuery, Scope, Verdict};
use precedence::catalog::AccessLevel;

use crate::input;
use crate::output::{self, outln};

/// The question as the command line asks it.
pub struct Question {
    /// The principal's ARN.
    pub principal: String,
    /// Resources (ARNs or patterns).
    pub resources: Vec<String>,
    /// Service prefixes.
    pub services: Vec<String>,
    /// The endpoint the requests come through.
    pub via_endpoint: Option<String>,
    /// List every denied action too.
    pub all: bool,
}

/// Exit 0 with the map printed; 2 when the scenario or the question cannot be used.
pub fn run(path: &Path, question: Question, json: bool) -> u8 {
    let Some(catalog) = input::catalog() else {
        eprintln!("error: this `precedence` was built without AWS's service catalog\n  = help: build it with the `catalog` feature (the default)");
        return 2;
    };
    let loaded = match input::load(path) {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("{message}");
            return 2;
        }
    };
    let query = AccessQuery {
        principal: question.principal.clone(),
        resources: question.resources.clone(),
        services: question.services.clone(),
        via_endpoint: question.via_endpoint.clone(),
        context: BTreeMap::new(),
    };
    let map = match loaded.engine.access_map(catalog, &query) {
        Ok(map) => map,
        Err(error) => {
            eprintln!(
                "{}: error: the question cannot be asked: {}\n  = help: {}",
                path.display(),
                error,
                error.help
            );
            return 2;
        }
    };
    for service in &map.unknown_services {
        eprintln!("warning: the catalog has no service `{service}`: it was left out of the map");
    }
    if json {
        return output::json(&map, "the map");
    }
    outln!("{}", text(&map, &question));
    0
}

/// The map as text: a headline, then per service its counts by access level and the actions
/// that are allowed or conditional (every action with `all`).
fn text(map: &AccessMap, question: &Question) -> String {
    let mut lines = Vec::new();
    let count = |verdict: Verdict| {
        map.entries
            .iter()
            .filter(|e| e.answer.verdict == verdict)
            .count()
    };
    let via = question
        .via_endpoint
        .as_ref()
        .map(|id| format!(" through {id}"))
        .unwrap_or_default();
    lines.push(format!(
        "{}{via}: {} answers ({} services): {} allowed, {} conditional, {} denied explicitly, {} denied implicitly",
        map.principal,
        map.entries.len(),
        map.summary.len(),
        count(Verdict::Allowed),
        count(Verdict::Conditional),
        count(Verdict::ExplicitDeny),
        count(Verdict::ImplicitDeny),
    ));
    for service in &map.summary {
        let levels: Vec<String> = service
            .levels
            .iter()
            .map(|(level, counts)| {
                let total = counts.allowed
                    + counts.conditional
                    + counts.explicit_deny
                    + counts.implicit_deny;
                let conditional = if counts.conditional > 0 {
                    format!(" +{} conditional", counts.conditional)
                } else {
                    String::new()
                };
                format!("{level} {}{conditional} of {total}", counts.allowed)
            })
            .collect();
        let shown: Vec<&AccessEntry> = map
            .entries
            .iter()
            .filter(|e| e.service == service.service)
            .filter(|e| question.all || !is_denied(e))
            .collect();
        let any_granted = service
            .levels
            .iter()
            .any(|(_, c)| c.allowed + c.conditional > 0);
        if !any_granted && !question.all {
            continue;
        }
        lines.push(String::new());
        lines.push(format!(
            "{}  allowed: {}",
            service.service,
            levels.join(" · ")
        ));
        for entry in shown {
            lines.push(format!("  {}", entry_line(entry)));
        }
    }
    let denied_services = map
        .summary
        .iter()
        .filter(|s| s.levels.iter().all(|(_, c)| c.allowed + c.conditional == 0))
        .count();
    if denied_services > 0 && !question.all {
        lines.push(String::new());
        lines.push(format!(
            "{denied_services} services allow nothing to this principal (`--all` lists every action)"
        ));
    }
    lines.join("\n")
}

fn is_denied(entry: &AccessEntry) -> bool {
    matches!(
        entry.answer.verdict,
        Verdict::ExplicitDeny | Verdict::ImplicitDeny
    ) && entry
        .coverage
        .as_ref()
        .is_none_or(|c| c.scope == Scope::None)
}

fn entry_line(entry: &AccessEntry) -> String {
    let answer = &entry.answer;
    let level = level_tag(entry.access_level);
    let stages: Vec<&str> = answer.blocked_by.iter().map(|s| s.name()).collect();
    let detail = match answer.verdict {
        Verdict::Allowed => String::new(),
        Verdict::Conditional => format!(
            " — hangs on {}: {} without them, {} were their conditions to go the other way",
            answer
                .keys
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", "),
            answer.decision.name(),
            answer.otherwise.map_or("?", |d| d.name())
        ),
        Verdict::ExplicitDeny | Verdict::ImplicitDeny => format!(" (by {})", stages.join(", ")),
    };
    let coverage = entry.coverage.as_ref().map(|c| match c.scope {
        Scope::Every => format!(" — every resource of the {} asked about", c.samples),
        Scope::Some => format!(
            " — some: `{}` yes, `{}` no",
            c.allowed.as_deref().unwrap_or("?"),
            c.denied.as_deref().unwrap_or("?")
        ),
        Scope::None => " — none".to_owned(),
    });
    format!(
        "{:<12} {} on {} [{level}]{detail}{}",
        entry.answer.verdict.name(),
        entry.action,
        entry.resource,
        coverage.unwrap_or_default()
    )
}

fn level_tag(level: AccessLevel) -> &'static str {
    level.label()
}
