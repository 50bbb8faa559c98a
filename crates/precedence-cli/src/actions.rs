//! `precedence actions`: the actions that action patterns match, with their access levels, from
//! AWS's service catalog built into the program.

use std::collections::{BTreeMap, BTreeSet};

use precedence::catalog::{AccessLevel, Action, Catalog};
use precedence::finding::did_you_mean;
use serde_json::json;

use crate::output::outln;

/// How many "did you mean" suggestions to give for a pattern that matches nothing.
const SUGGESTIONS: usize = 3;

/// Print the actions the patterns match. Exit 0 when every pattern matches some action, 1 when
/// one matches none (with "did you mean"), 2 when the catalog is not available.
pub fn run(patterns: &[String], as_json: bool) -> u8 {
    let catalog = match catalog() {
        Ok(catalog) => catalog,
        Err(message) => {
            eprintln!("{message}");
            return 2;
        }
    };
    let expansions: Vec<Expansion<'_>> = patterns
        .iter()
        .map(|pattern| Expansion::new(catalog, pattern))
        .collect();
    let actions: BTreeSet<Action<'_>> = expansions
        .iter()
        .flat_map(|expansion| expansion.actions.iter().copied())
        .collect();
    if as_json {
        outln!("{:#}", to_json(catalog, &expansions, &actions));
    } else {
        print_text(&actions);
    }
    for expansion in expansions.iter().filter(|e| e.actions.is_empty()) {
        eprintln!("error: `{}` matches no action", expansion.pattern);
        if let Some(help) = did_you_mean(&expansion.suggestions) {
            eprintln!("  = help: {help}");
        }
    }
    u8::from(expansions.iter().any(|e| e.actions.is_empty()))
}

#[cfg(feature = "catalog")]
fn catalog() -> Result<&'static Catalog, String> {
    Catalog::embedded()
        .map_err(|error| format!("error: the built-in service catalog cannot be read: {error}"))
}

#[cfg(not(feature = "catalog"))]
fn catalog() -> Result<&'static Catalog, String> {
    Err(
        "error: this `precedence` was built without AWS's service catalog\n  \
         = help: build it with the `catalog` feature (on by default)"
            .to_owned(),
    )
}

/// One pattern and what it matches, or what was probably meant.
struct Expansion<'c> {
    pattern: &'c str,
    actions: Vec<Action<'c>>,
    suggestions: Vec<String>,
}

impl<'c> Expansion<'c> {
    fn new(catalog: &'c Catalog, pattern: &'c str) -> Self {
        let actions = catalog.expand(pattern);
        let suggestions = if actions.is_empty() {
            catalog.did_you_mean(pattern, SUGGESTIONS)
        } else {
            Vec::new()
        };
        Expansion {
            pattern,
            actions,
            suggestions,
        }
    }
}

/// One action a line, its access level in an aligned column, then the count by level.
fn print_text(actions: &BTreeSet<Action<'_>>) {
    let names: Vec<String> = actions.iter().map(ToString::to_string).collect();
    let width = names.iter().map(String::len).max().unwrap_or(0);
    for (name, action) in names.iter().zip(actions) {
        outln!("{name:<width$}  {}", action.access_level());
    }
    let mut counts: BTreeMap<AccessLevel, usize> = BTreeMap::new();
    for action in actions {
        *counts.entry(action.access_level()).or_default() += 1;
    }
    let by_level: Vec<String> = counts
        .iter()
        .map(|(level, count)| format!("{level} {count}"))
        .collect();
    let noun = if actions.len() == 1 {
        "action"
    } else {
        "actions"
    };
    if by_level.is_empty() {
        outln!("{} {noun}", actions.len());
    } else {
        outln!("{} {noun} ({})", actions.len(), by_level.join(", "));
    }
}

fn to_json(
    catalog: &Catalog,
    expansions: &[Expansion<'_>],
    actions: &BTreeSet<Action<'_>>,
) -> serde_json::Value {
    let patterns: Vec<serde_json::Value> = expansions
        .iter()
        .map(|expansion| {
            json!({
                "pattern": expansion.pattern,
                "actions": expansion.actions.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "didYouMean": expansion.suggestions,
            })
        })
        .collect();
    let actions: Vec<serde_json::Value> = actions
        .iter()
        .map(|action| {
            let resource_types: Vec<serde_json::Value> = action
                .resource_types()
                .map(|used| {
                    json!({
                        "name": used.resource_type.name(),
                        "required": used.required,
                        "arnFormats": used.resource_type.arn_formats().collect::<Vec<_>>(),
                    })
                })
                .collect();
            let condition_keys: Vec<serde_json::Value> = action
                .condition_keys()
                .map(|key| json!({ "name": key.name(), "type": key.key_type() }))
                .collect();
            json!({
                "action": action.to_string(),
                "service": action.service().prefix(),
                "name": action.name(),
                "accessLevel": action.access_level(),
                "resourceTypes": resource_types,
                "conditionKeys": condition_keys,
            })
        })
        .collect();
    json!({
        "catalog": { "package": catalog.package(), "version": catalog.version() },
        "patterns": patterns,
        "count": actions.len(),
        "actions": actions,
    })
}
