//! What may be written at the caret, for the completion popup: element names where elements
//! go, `Allow`/`Deny`, actions after a service prefix, condition operators, the condition keys
//! the statement's actions support (then the global ones), and the ARN formats of the
//! statement's actions' resource types.

use std::collections::BTreeSet;
use std::ops::Range;

use precedence::catalog::Catalog;
use precedence::condition::{Operator, ALL_KINDS};

use super::tokens::{context_at, elements_of, Grammar, Role, Slot};
use crate::assist;

/// How many candidates are offered at most.
const MOST: usize = 60;
/// How many of a statement's actions are looked at for keys and ARN formats.
const ACTIONS_LOOKED_AT: usize = 200;

/// One thing that may be written: its text and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// What goes in.
    pub text: String,
    /// What it is (an element, an access level, a key's type, …).
    pub detail: String,
}

/// The candidates at a caret, and the bytes a chosen one replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// What a candidate replaces: the string's contents, or nothing at the caret.
    pub range: Range<usize>,
    /// The candidates, best first.
    pub candidates: Vec<Candidate>,
}

/// What may be written at byte `caret` of `text`, a text of `grammar`; `None` when nothing is
/// known to fit.
pub fn offer(
    text: &str,
    caret: usize,
    grammar: Grammar,
    catalog: Option<&Catalog>,
) -> Option<Offer> {
    let context = context_at(text, caret, grammar);
    let Some(range) = context.string.clone() else {
        // Between members: an element's name, quoted, with its colon.
        let Slot::Key(role) = context.slot else {
            return None;
        };
        let candidates: Vec<Candidate> = elements_of(role)?
            .iter()
            .map(|name| Candidate {
                text: format!("\"{name}\": "),
                detail: "element".to_owned(),
            })
            .collect();
        return Some(Offer {
            range: caret..caret,
            candidates,
        });
    };
    let typed = text.get(range.start..caret.clamp(range.start, range.end))?;
    let lower = typed.to_ascii_lowercase();
    let starts = |name: &str| name.to_ascii_lowercase().starts_with(&lower);
    let simple = |names: &[&str], detail: &str| -> Vec<Candidate> {
        names
            .iter()
            .filter(|name| starts(name))
            .map(|name| Candidate {
                text: (*name).to_owned(),
                detail: detail.to_owned(),
            })
            .collect()
    };
    let actions = || -> Vec<&str> {
        context
            .statement_actions
            .iter()
            .filter_map(|r| text.get(r.clone()))
            .collect()
    };
    let mut candidates = match context.slot {
        Slot::Key(Role::Condition) => operators(typed),
        Slot::Key(Role::Operator) => keys(catalog?, &actions(), &lower),
        Slot::Key(role) => simple(elements_of(role)?, "element"),
        Slot::Value(Role::Effect) => simple(&["Allow", "Deny"], "effect"),
        Slot::Value(Role::Version) => simple(&["2012-10-17"], "the current version"),
        Slot::Value(Role::Action) => assist::completions(catalog?, typed)
            .into_iter()
            .map(|c| Candidate {
                text: c.text,
                detail: c.detail,
            })
            .collect(),
        Slot::Value(Role::Resource) => arn_formats(catalog?, &actions(), &lower),
        Slot::Value(_) => return None,
    };
    // What is already written in full is no news.
    candidates.retain(|c| c.text != typed);
    candidates.truncate(MOST);
    (!candidates.is_empty()).then_some(Offer { range, candidates })
}

/// Operators starting with `typed`: the comparisons (each also with `IfExists` once the
/// comparison is typed in full), and the set qualifiers.
fn operators(typed: &str) -> Vec<Candidate> {
    let (qualifier, rest) = match typed.split_once(':') {
        Some((qualifier, rest)) => (format!("{qualifier}:"), rest),
        None => (String::new(), typed),
    };
    let lower = rest.to_ascii_lowercase();
    let mut found = Vec::new();
    for kind in ALL_KINDS {
        let name = kind.name();
        for suffix in ["", "IfExists"] {
            let full = format!("{qualifier}{name}{suffix}");
            let written = format!("{name}{suffix}").to_ascii_lowercase();
            // `IfExists` is offered once the comparison's name is typed.
            let shown = suffix.is_empty() || lower.len() >= name.len();
            if shown && written.starts_with(&lower) && Operator::parse(&full).is_ok() {
                found.push(Candidate {
                    text: full,
                    detail: "operator".to_owned(),
                });
            }
        }
    }
    if qualifier.is_empty() {
        for set in ["ForAllValues:", "ForAnyValue:"] {
            if set.to_ascii_lowercase().starts_with(&lower) {
                found.push(Candidate {
                    text: set.to_owned(),
                    detail: "for keys with several values".to_owned(),
                });
            }
        }
    }
    found
}

/// The condition keys of the statement's actions (and their resource types), then the
/// global ones, whose names start with `lower`.
fn keys(catalog: &Catalog, patterns: &[&str], lower: &str) -> Vec<Candidate> {
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    let mut add = |name: &str, detail: String| {
        if name.to_ascii_lowercase().starts_with(lower) && seen.insert(name.to_owned()) {
            found.push(Candidate {
                text: name.to_owned(),
                detail,
            });
        }
    };
    for pattern in patterns {
        for action in catalog.expand(pattern).into_iter().take(ACTIONS_LOOKED_AT) {
            for key in action.condition_keys() {
                add(key.name(), key.key_type().to_string());
            }
            for resource in action.resource_types() {
                for key in resource.resource_type.condition_keys() {
                    add(key.name(), key.key_type().to_string());
                }
            }
        }
    }
    for key in catalog.global_keys() {
        add(key.name(), format!("global · {}", key.key_type()));
    }
    found
}

/// The ARN formats of the resource types of the statement's actions (the partition written
/// `aws`), and `*`, those starting with `lower`.
fn arn_formats(catalog: &Catalog, patterns: &[&str], lower: &str) -> Vec<Candidate> {
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    for pattern in patterns {
        for action in catalog.expand(pattern).into_iter().take(ACTIONS_LOOKED_AT) {
            for resource in action.resource_types() {
                let resource = resource.resource_type;
                for format in resource.arn_formats() {
                    let format = format.replace("${Partition}", "aws");
                    if format.to_ascii_lowercase().starts_with(lower) && seen.insert(format.clone())
                    {
                        found.push(Candidate {
                            text: format,
                            detail: format!("{} {}", resource.service().prefix(), resource.name()),
                        });
                    }
                }
            }
        }
    }
    if lower.is_empty() {
        found.push(Candidate {
            text: "*".to_owned(),
            detail: "every resource".to_owned(),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::test_catalog as catalog;

    /// The candidates' texts with the caret at `|` in `text`.
    fn texts(text: &str) -> Vec<String> {
        let caret = text.find('|').expect("a caret");
        let text = text.replacen('|', "", 1);
        offer(&text, caret, Grammar::Policy, Some(catalog()))
            .map(|o| o.candidates.into_iter().map(|c| c.text).collect())
            .unwrap_or_default()
    }

    #[test]
    fn offers_element_names_in_their_place() {
        assert_eq!(texts(r#"{"Statement": [{"Eff|"}]}"#), ["Effect"]);
        assert_eq!(
            texts(r#"{"Statement": [{"Not|"}]}"#),
            ["NotPrincipal", "NotAction", "NotResource"]
        );
        assert_eq!(texts(r#"{"Ver|"}"#), ["Version"]);
        assert_eq!(
            texts(r#"{"Statement": {"Principal": {"Ser|"}}}"#),
            ["Service"]
        );
        // between members, the name comes quoted with its colon
        let gap = texts("{\"Statement\": {\"Effect\": \"Allow\", | }}");
        assert!(gap.contains(&"\"Action\": ".to_owned()), "{gap:?}");
    }

    #[test]
    fn offers_effects_actions_and_operators() {
        assert_eq!(
            texts(r#"{"Statement": {"Effect": "|"}}"#),
            ["Allow", "Deny"]
        );
        assert_eq!(
            texts(r#"{"Statement": {"Action": "dynamodb:GetI|"}}"#),
            ["dynamodb:GetItem"]
        );
        let operators = texts(r#"{"Statement": {"Condition": {"StringEq|"}}}"#);
        assert_eq!(operators, ["StringEquals", "StringEqualsIgnoreCase"]);
        let if_exists = texts(r#"{"Statement": {"Condition": {"ForAnyValue:StringLike|"}}}"#);
        assert_eq!(if_exists, ["ForAnyValue:StringLikeIfExists"]);
        let sets = texts(r#"{"Statement": {"Condition": {"For|"}}}"#);
        assert_eq!(sets, ["ForAllValues:", "ForAnyValue:"]);
        assert!(texts(r#"{"Statement": {"Sid": "|"}}"#).is_empty());
    }

    #[test]
    fn offers_the_statements_condition_keys_before_the_global_ones() {
        let keys = texts(
            r#"{"Statement": {"Action": "dynamodb:GetItem", "Condition": {"StringEquals": {"|"}}}}"#,
        );
        let leading = keys.iter().position(|k| k == "dynamodb:LeadingKeys");
        let global = keys.iter().position(|k| k.starts_with("aws:"));
        assert!(leading.is_some() && global.is_some(), "{keys:?}");
        assert!(leading < global, "{keys:?}");
        let typed = texts(
            r#"{"Statement": {"Action": "s3:GetObject", "Condition": {"StringEquals": {"aws:PrincipalA|"}}}}"#,
        );
        assert!(typed.contains(&"aws:PrincipalArn".to_owned()), "{typed:?}");
        assert!(
            typed.iter().all(|k| k.starts_with("aws:PrincipalA")),
            "{typed:?}"
        );
    }

    #[test]
    fn offers_the_arn_formats_of_the_statements_actions() {
        let formats = texts(r#"{"Statement": {"Action": "dynamodb:GetItem", "Resource": "|"}}"#);
        assert!(
            formats
                .contains(&"arn:aws:dynamodb:${Region}:${Account}:table/${TableName}".to_owned()),
            "{formats:?}"
        );
        assert_eq!(formats.last().map(String::as_str), Some("*"));
    }
}
