//! What the editor says of the string under the pointer or the caret: an action's access
//! level and resource types, what a wildcard action expands to, a condition key's type, what
//! an operator compares. All from AWS's service catalog and the operators the evaluator knows.

use precedence::catalog::{AccessLevel, Catalog};
use precedence::condition::{Operator, OperatorError, SetQualifier, ValueType};

use super::tokens::{context_at, Grammar, Role, Slot};
use crate::assist;

/// How many of a wildcard's actions are named.
const NAMED: usize = 12;

/// What is known of a piece of the text: a title (the piece) and lines about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    /// The piece, as written.
    pub title: String,
    /// What is known of it, a sentence a line.
    pub lines: Vec<String>,
}

/// What is known of the string at byte `offset`, if it is an action, a condition operator or
/// a condition key (and, for actions and keys, the catalog is loaded), in a text of `grammar`.
pub fn describe(
    text: &str,
    offset: usize,
    grammar: Grammar,
    catalog: Option<&Catalog>,
) -> Option<Info> {
    let context = context_at(text, offset, grammar);
    let range = context.string?;
    let piece = text.get(range)?;
    if piece.is_empty() {
        return None;
    }
    let lines = match context.slot {
        Slot::Value(Role::Action) => action(catalog?, piece),
        Slot::Key(Role::Condition) => operator(piece),
        Slot::Key(Role::Operator) => condition_key(catalog?, piece),
        _ => return None,
    };
    Some(Info {
        title: piece.to_owned(),
        lines,
    })
}

/// An action or an action pattern.
fn action(catalog: &Catalog, pattern: &str) -> Vec<String> {
    if !pattern.contains(['*', '?']) {
        let Some(found) = catalog.action(pattern) else {
            return vec![assist::action_hint(catalog, pattern)
                .unwrap_or_else(|| "not an action: write `service:Action`".to_owned())];
        };
        let mut lines = vec![format!(
            "{} access · {}",
            found.access_level().label(),
            found.service().name()
        )];
        let types: Vec<String> = found
            .resource_types()
            .map(|t| {
                let required = if t.required { " (required)" } else { "" };
                format!("{}{required}", t.resource_type.name())
            })
            .collect();
        lines.push(if types.is_empty() {
            "resource types: none (only \"Resource\": \"*\")".to_owned()
        } else {
            format!("resource types: {}", types.join(", "))
        });
        let keys = found.condition_keys().count();
        if keys > 0 {
            lines.push(format!("{keys} condition keys of its own"));
        }
        return lines;
    }
    let expanded = assist::expand(catalog, pattern);
    if expanded.is_empty() {
        return vec!["matches no action of the catalog".to_owned()];
    }
    let mut levels: Vec<(AccessLevel, usize)> = Vec::new();
    for action in &expanded {
        match levels.iter_mut().find(|(level, _)| *level == action.level) {
            Some((_, count)) => *count += 1,
            None => levels.push((action.level, 1)),
        }
    }
    let by_level: Vec<String> = levels
        .iter()
        .map(|(level, count)| format!("{count} {}", level.label()))
        .collect();
    let named: Vec<&str> = expanded
        .iter()
        .take(NAMED)
        .map(|e| e.name.as_str())
        .collect();
    let more = expanded.len().saturating_sub(NAMED);
    let mut lines = vec![
        format!(
            "matches {} actions ({})",
            expanded.len(),
            by_level.join(", ")
        ),
        named.join(", "),
    ];
    if more > 0 {
        lines.push(format!("and {more} more"));
    }
    lines
}

/// What a value type is, in words.
fn compares(value_type: ValueType) -> &'static str {
    match value_type {
        ValueType::String => "text",
        ValueType::Numeric => "numbers",
        ValueType::Date => "dates (ISO 8601 or epoch seconds)",
        ValueType::Bool => "true or false",
        ValueType::Binary => "base64 binary values",
        ValueType::Ip => "IP addresses and CIDR ranges",
        ValueType::Arn => "ARNs, part by part",
        ValueType::Null => "whether the key is absent (true) or present (false)",
    }
}

/// A condition operator.
fn operator(name: &str) -> Vec<String> {
    let operator = match Operator::parse(name) {
        Ok(operator) => operator,
        Err(OperatorError::Unknown {
            suggestion: Some(suggestion),
        }) => {
            return vec![format!(
                "not a condition operator; did you mean `{suggestion}`?"
            )]
        }
        Err(_) => return vec!["not a condition operator".to_owned()],
    };
    let kind = operator.kind;
    let mut lines = vec![format!("compares {}", compares(kind.value_type()))];
    if kind.uses_wildcards() {
        lines.push("* and ? in its values are wildcards".to_owned());
    }
    if kind.is_negated() {
        lines.push("a negation: true when the key is absent".to_owned());
    }
    match operator.qualifier {
        Some(SetQualifier::ForAllValues) => lines.push(
            "ForAllValues: every value of the request's key must match (true when it has none)"
                .to_owned(),
        ),
        Some(SetQualifier::ForAnyValue) => {
            lines.push("ForAnyValue: at least one of the request's values must match".to_owned())
        }
        None => {}
    }
    if operator.if_exists {
        lines.push("IfExists: true when the request lacks the key".to_owned());
    }
    lines
}

/// A condition key.
fn condition_key(catalog: &Catalog, name: &str) -> Vec<String> {
    if let Some(key) = catalog.global_key(name) {
        return vec![format!("global condition key · {}", key.key_type())];
    }
    let service = name
        .split_once(':')
        .and_then(|(prefix, _)| catalog.service(prefix));
    match service.and_then(|service| service.condition_key(name).map(|key| (service, key))) {
        Some((service, key)) => vec![format!("{} · {}", service.name(), key.key_type())],
        None => vec!["not a condition key of the catalog".to_owned()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::test_catalog as catalog;

    const POLICY: &str = r#"{"Statement": [{"Effect": "Allow",
  "Action": ["dynamodb:GetItem", "dynamodb:Delete*"],
  "Resource": "*",
  "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:PrincipalTag/team": "x", "dynamodb:LeadingKeys": "y"}}}]}"#;

    fn at(piece: &str) -> Option<Info> {
        let offset = POLICY.find(piece).expect("present") + 1;
        describe(POLICY, offset, Grammar::Policy, Some(catalog()))
    }

    #[test]
    fn an_action_shows_its_access_level_and_resource_types() {
        let info = at("dynamodb:GetItem").expect("known");
        assert_eq!(info.title, "dynamodb:GetItem");
        assert!(info.lines[0].starts_with("Read access"), "{:?}", info.lines);
        assert!(info.lines[1].contains("table"), "{:?}", info.lines);
    }

    #[test]
    fn a_wildcard_shows_what_it_expands_to() {
        let info = at("dynamodb:Delete*").expect("known");
        assert!(info.lines[0].starts_with("matches "), "{:?}", info.lines);
        assert!(
            info.lines[1].contains("dynamodb:DeleteTable"),
            "{:?}",
            info.lines
        );
    }

    #[test]
    fn operators_and_keys_say_what_they_are() {
        let info = at("ForAnyValue:StringLike").expect("an operator");
        assert_eq!(info.lines[0], "compares text");
        assert!(info.lines.iter().any(|l| l.starts_with("ForAnyValue:")));
        assert!(info.lines.iter().any(|l| l.starts_with("IfExists:")));
        let info = at("aws:PrincipalTag").expect("a key");
        assert_eq!(info.lines, ["global condition key · String"]);
        let info = at("dynamodb:LeadingKeys").expect("a key");
        assert!(info.lines[0].contains("ArrayOfString"), "{:?}", info.lines);
        assert!(at("Allow").is_none(), "nothing to say of an effect");
        let typo = describe(
            "{\"Statement\": {\"Condition\": {\"StringEqual\": {}}}}",
            32,
            Grammar::Policy,
            None,
        )
        .expect("an operator");
        assert!(
            typo.lines[0].contains("did you mean `StringEquals`"),
            "{:?}",
            typo.lines
        );
    }
}
