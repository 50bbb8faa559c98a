//! Help with what is under the cursor: the action pattern there, what it expands to, and how
//! a half-typed service prefix or action name could go on. Pure text logic, tested natively.

use precedence::catalog::{AccessLevel, Catalog};
use precedence::finding::did_you_mean;

/// How many completions are offered at most.
pub const MAX_COMPLETIONS: usize = 8;

/// A JSON string in the text: where its contents are (byte offsets, quotes excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StringAt {
    /// First byte of the contents.
    pub start: usize,
    /// Byte after the contents.
    pub end: usize,
}

/// A way to go on from what was typed: the text that replaces it and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The full replacement (`dynamodb:GetItem`, or `dynamodb:` for a service).
    pub text: String,
    /// The access level of an action, or the service's name.
    pub detail: String,
}

/// One action a pattern matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    /// `service:Action`, as AWS writes it.
    pub name: String,
    /// Its access level.
    pub level: AccessLevel,
}

/// The JSON string the cursor (a byte offset) is in, looking no further than its line.
pub fn string_at(text: &str, cursor: usize) -> Option<StringAt> {
    let cursor = cursor.min(text.len());
    let line_start = text[..cursor].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[cursor..]
        .find('\n')
        .map_or(text.len(), |at| cursor + at);
    // Walk the line's strings from its start, honouring escapes, until one holds the cursor.
    let line = &text[line_start..line_end];
    let mut open: Option<usize> = None;
    let mut escaped = false;
    for (offset, ch) in line.char_indices() {
        let at = line_start + offset;
        match (open, ch) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(start), '"') => {
                if (start..=at).contains(&cursor) {
                    return Some(StringAt { start, end: at });
                }
                open = None;
            }
            (None, '"') => open = Some(at + 1),
            _ => {}
        }
    }
    // An unfinished string runs to the end of the line (the user is typing it).
    open.filter(|&start| cursor >= start).map(|start| StringAt {
        start,
        end: line_end,
    })
}

/// Whether the string starting at `start` is a value of `Action` or `NotAction`: the last
/// member name written before it is one of those.
pub fn is_action_value(text: &str, start: usize) -> bool {
    const ELEMENTS: [&str; 12] = [
        "\"Action\"",
        "\"NotAction\"",
        "\"Resource\"",
        "\"NotResource\"",
        "\"Principal\"",
        "\"NotPrincipal\"",
        "\"Condition\"",
        "\"Effect\"",
        "\"Sid\"",
        "\"Statement\"",
        "\"Version\"",
        "\"Id\"",
    ];
    let before = &text[..start.min(text.len())];
    ELEMENTS
        .iter()
        .filter_map(|element| before.rfind(element).map(|at| (at, *element)))
        .max_by_key(|(at, _)| *at)
        .is_some_and(|(_, element)| element == "\"Action\"" || element == "\"NotAction\"")
}

/// Ways to go on from `typed`: service prefixes while no `:` is typed, then the service's
/// actions whose names start with what follows it. Nothing when `typed` is already whole.
pub fn completions(catalog: &Catalog, typed: &str) -> Vec<Completion> {
    if typed.contains(['*', '?']) {
        return Vec::new();
    }
    let typed_lower = typed.to_ascii_lowercase();
    let found: Vec<Completion> = match typed_lower.split_once(':') {
        Some((prefix, name)) => {
            let Some(service) = catalog.service(prefix) else {
                return Vec::new();
            };
            service
                .actions()
                .filter(|action| action.name().to_ascii_lowercase().starts_with(name))
                .take(MAX_COMPLETIONS)
                .map(|action| Completion {
                    text: action.to_string(),
                    detail: action.access_level().label().to_owned(),
                })
                .collect()
        }
        None => catalog
            .services()
            .filter(|service| service.prefix().starts_with(&typed_lower))
            .take(MAX_COMPLETIONS)
            .map(|service| Completion {
                text: format!("{}:", service.prefix()),
                detail: service.name().to_owned(),
            })
            .collect(),
    };
    let whole = matches!(found.as_slice(), [only] if only.text.eq_ignore_ascii_case(typed));
    if whole {
        Vec::new()
    } else {
        found
    }
}

/// What the catalog says of a request's action: its access level and service, or why it
/// names no action (with the closest names). `None` when there is nothing to say yet.
pub fn action_hint(catalog: &Catalog, action: &str) -> Option<String> {
    let (prefix, name) = action.split_once(':')?;
    if name.is_empty() {
        return None;
    }
    let Some(service) = catalog.service(prefix) else {
        return Some(format!("no AWS service has the prefix `{prefix}`"));
    };
    if let Some(found) = service.action(name) {
        return Some(format!(
            "{found} · {} · {}",
            found.access_level().label(),
            service.name()
        ));
    }
    let missing = format!("{} has no action `{name}`", service.name());
    Some(match did_you_mean(&catalog.did_you_mean(action, 3)) {
        Some(suggestion) => format!("{missing}; {suggestion}"),
        None => missing,
    })
}

/// The actions an action pattern (`dynamodb:Delete*`) matches, by service and name.
pub fn expand(catalog: &Catalog, pattern: &str) -> Vec<Expanded> {
    if !pattern.contains(':') && pattern != "*" {
        return Vec::new();
    }
    catalog
        .expand(pattern)
        .into_iter()
        .map(|action| Expanded {
            name: action.to_string(),
            level: action.access_level(),
        })
        .collect()
}

/// The byte offset of a UTF-16 offset (what text fields report) in `text`.
pub fn byte_offset(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (at, ch) in text.char_indices() {
        if units >= utf16 {
            return at;
        }
        units += ch.len_utf16();
    }
    text.len()
}

/// The UTF-16 offset of a byte offset in `text`.
pub fn utf16_offset(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())]
        .chars()
        .map(char::len_utf16)
        .sum()
}

/// The committed catalog file, read once: for the web crate's native tests.
#[cfg(test)]
pub fn test_catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::parse(include_str!("../../crates/precedence/data/catalog.txt"))
            .expect("the catalog parses")
    })
}

#[cfg(test)]
mod tests {
    use super::test_catalog as catalog;
    use super::*;

    #[test]
    fn finds_the_string_under_the_cursor() {
        let text =
            "{\n  \"Action\": [\"dynamodb:Get*\", \"s3:Put\\\"x\"],\n  \"Resource\": \"*\"\n}";
        let at = text.find("Get*").expect("present");
        let found = string_at(text, at + 2).expect("in a string");
        assert_eq!(&text[found.start..found.end], "dynamodb:Get*");
        // An escaped quote does not end the string.
        let at = text.find("Put").expect("present");
        let found = string_at(text, at).expect("in a string");
        assert_eq!(&text[found.start..found.end], "s3:Put\\\"x");
        // Between strings there is none.
        let comma = text.find("\", \"").expect("present") + 2;
        assert_eq!(string_at(text, comma), None);
    }

    #[test]
    fn an_unfinished_string_runs_to_the_end_of_its_line() {
        let text = "\"Action\": \"dynamodb:Ge\n}";
        let found = string_at(text, 22).expect("in a string");
        assert_eq!(&text[found.start..found.end], "dynamodb:Ge");
    }

    #[test]
    fn knows_action_values_from_other_values() {
        let text = r#"{"Action": ["s3:Get*"], "Resource": ["arn:aws:s3:::b"], "Condition": {"StringEquals": {"s3:prefix": "x"}}}"#;
        let action = text.find("s3:Get*").expect("present");
        let resource = text.find("arn:aws").expect("present");
        let key = text.find("s3:prefix").expect("present");
        assert!(is_action_value(text, action));
        assert!(!is_action_value(text, resource));
        assert!(!is_action_value(text, key));
    }

    #[test]
    fn completes_service_prefixes_then_action_names() {
        let services = completions(catalog(), "dynam");
        assert_eq!(services.first().map(|c| c.text.as_str()), Some("dynamodb:"));
        let actions = completions(catalog(), "dynamodb:GetI");
        assert_eq!(
            actions.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
            ["dynamodb:GetItem"]
        );
        assert_eq!(actions[0].detail, "Read");
        assert!(
            completions(catalog(), "dynamodb:GetItem").is_empty(),
            "already whole"
        );
        assert!(
            completions(catalog(), "dynamodb:Get*").is_empty(),
            "a pattern"
        );
        assert!(completions(catalog(), "nosuchservice:Get").is_empty());
        assert!(completions(catalog(), "dynamodb:").len() == MAX_COMPLETIONS);
    }

    #[test]
    fn hints_at_the_requests_action() {
        let known = action_hint(catalog(), "dynamodb:getitem").expect("a hint");
        assert_eq!(known, "dynamodb:GetItem · Read · Amazon DynamoDB");
        let typo = action_hint(catalog(), "dynamodb:GetItems").expect("a hint");
        assert!(typo.contains("did you mean `dynamodb:GetItem`"), "{typo}");
        let service = action_hint(catalog(), "dynamo:GetItem").expect("a hint");
        assert!(service.contains("`dynamo`"), "{service}");
        assert_eq!(action_hint(catalog(), "dynamodb:"), None);
    }

    #[test]
    fn expands_patterns_with_access_levels() {
        let deletes = expand(catalog(), "dynamodb:Delete*");
        assert!(deletes
            .iter()
            .any(|e| e.name == "dynamodb:DeleteTable" && e.level == AccessLevel::Write));
        assert!(expand(catalog(), "dynamodb:GetItems").is_empty());
        assert!(expand(catalog(), "not an action").is_empty());
    }

    #[test]
    fn converts_between_utf16_and_byte_offsets() {
        let text = "a€😀b";
        assert_eq!(byte_offset(text, 0), 0);
        assert_eq!(byte_offset(text, 2), 4); // after '€' (1 unit, 3 bytes)
        assert_eq!(byte_offset(text, 4), 8); // after the emoji (2 units, 4 bytes)
        assert_eq!(byte_offset(text, 99), text.len());
        assert_eq!(utf16_offset(text, 8), 4);
        assert_eq!(utf16_offset(text, 0), 0);
    }
}
