//! Applying a change to a scenario: statements added to or removed from a policy's text (kept
//! as written around the edit) or JSON value, and request fields set.

use thiserror::Error;

use crate::json::{self, Value};
use crate::policy::PolicyType;
use crate::scenario::{ContextValue, Document, PolicyEntry, Scalar, Scenario, Targets};

use super::Edit;

/// Why a change could not be applied to a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ApplyError {
    /// The request the change is for is not in the scenario.
    #[error("the scenario has no request at `requests[{0}]`")]
    NoRequest(usize),
    /// The policy the change is for is not in the scenario.
    #[error("the scenario has no policy at `policies.{}[{entry}]`", policy_type.name())]
    NoPolicy {
        /// The policy type.
        policy_type: PolicyType,
        /// The position among the scenario's policies of that type.
        entry: usize,
    },
    /// The policy text is not JSON, so no statement can be placed in it.
    #[error("the policy text is not valid JSON")]
    NotJson,
    /// The policy has no `Statement` array or object.
    #[error("the policy has no `Statement` array")]
    NoStatements,
    /// The statement to remove is not there.
    #[error("the policy has no statement at `Statement[{0}]`")]
    NoStatement(usize),
    /// The statement to add is not a JSON object.
    #[error("the statement to add is not a JSON object")]
    BadStatement,
    /// The policy to mend no longer reads as it did when the mend was worked out.
    #[error("the policy was edited since the mend was worked out")]
    Edited,
}

/// Whether `document` is the policy text `text`: the same text, or for a JSON value, the same
/// value (a file's inline document is kept as written, its value as parsed).
fn holds_text(document: &Document, text: &str) -> bool {
    match document {
        Document::Text(own) => own == text,
        Document::Json(value) => {
            serde_json::from_str::<serde_json::Value>(text).is_ok_and(|parsed| &parsed == value)
        }
    }
}

/// Whether `name` is the root, an OU or an account of the scenario's organization, or a target
/// some SCP or RCP is attached to.
fn is_in_tree(scenario: &Scenario, name: &str) -> bool {
    let organization = scenario.organization.as_ref();
    let placed = organization.is_some_and(|o| {
        o.unit(name).is_some()
            || o.root() == Some(name)
            || o.accounts.iter().any(|a| a.id() == name)
    });
    let attached = scenario
        .policies
        .scp
        .iter()
        .chain(&scenario.policies.rcp)
        .filter_map(|entry| entry.target.as_ref())
        .any(|targets| targets.ids().iter().any(|id| id == name));
    placed || attached
}

impl Edit {
    /// Apply the change to `scenario`. Changes of one suggestion are applied in order.
    pub fn apply(&self, scenario: &mut Scenario) -> Result<(), ApplyError> {
        match self {
            Edit::AddStatement {
                policy_type,
                policy_id,
                entry,
                level,
                statement,
            } => {
                // A level named for a place in the organization's tree is a target there.
                let targeted = level
                    .as_deref()
                    .is_some_and(|name| is_in_tree(scenario, name));
                let entries = scenario.policies.of_type_mut(*policy_type);
                match entry {
                    Some(entry) => {
                        let target = entries.get_mut(*entry).ok_or(ApplyError::NoPolicy {
                            policy_type: *policy_type,
                            entry: *entry,
                        })?;
                        target.document = add_to_document(&target.document, statement)?;
                    }
                    None => entries.push(PolicyEntry {
                        id: policy_id.clone(),
                        document: Document::Text(new_policy_text(statement)),
                        level: level.clone().filter(|_| !targeted),
                        vpc: None,
                        endpoint_type: None,
                        target: level.clone().filter(|_| targeted).map(Targets::One),
                    }),
                }
            }
            Edit::RemoveStatement {
                policy_type,
                entry,
                statement,
            } => {
                let target = policy_mut(scenario, *policy_type, *entry)?;
                target.document = remove_from_document(&target.document, statement.index)?;
            }
            Edit::RepairStatement {
                policy_type,
                entry,
                text,
                base,
                ..
            } => {
                let target = policy_mut(scenario, *policy_type, *entry)?;
                // A policy edited since the mend was worked out keeps its edits.
                if !holds_text(&target.document, base) {
                    return Err(ApplyError::Edited);
                }
                target.document = Document::Text(text.clone());
            }
            Edit::SetEndpoint { request, endpoint } => {
                request_mut(scenario, *request)?.via_endpoint = Some(endpoint.clone());
            }
            Edit::SetPrincipal { request, principal } => {
                request_mut(scenario, *request)?.principal = principal.clone();
            }
            Edit::SetContext {
                request,
                key,
                values,
                list,
            } => {
                let context = &mut request_mut(scenario, *request)?.context;
                context.retain(|existing, _| !existing.eq_ignore_ascii_case(key));
                let scalars = values.iter().map(|v| Scalar::Text(v.clone()));
                let value = match (list, values.as_slice()) {
                    (false, [one]) => ContextValue::One(Scalar::Text(one.clone())),
                    _ => ContextValue::List(scalars.collect()),
                };
                context.insert(key.clone(), value);
            }
            Edit::RemoveContext { request, key } => {
                request_mut(scenario, *request)?
                    .context
                    .retain(|existing, _| !existing.eq_ignore_ascii_case(key));
            }
        }
        Ok(())
    }
}

fn policy_mut(
    scenario: &mut Scenario,
    policy_type: PolicyType,
    entry: usize,
) -> Result<&mut PolicyEntry, ApplyError> {
    scenario
        .policies
        .of_type_mut(policy_type)
        .get_mut(entry)
        .ok_or(ApplyError::NoPolicy { policy_type, entry })
}

fn request_mut(
    scenario: &mut Scenario,
    index: usize,
) -> Result<&mut crate::scenario::Request, ApplyError> {
    scenario
        .requests
        .get_mut(index)
        .ok_or(ApplyError::NoRequest(index))
}

fn add_to_document(document: &Document, statement: &str) -> Result<Document, ApplyError> {
    match document {
        Document::Text(text) => Ok(Document::Text(add_statement_to_text(text, statement)?)),
        Document::Json(value) => {
            let added: serde_json::Value =
                serde_json::from_str(statement).map_err(|_| ApplyError::BadStatement)?;
            if !added.is_object() {
                return Err(ApplyError::BadStatement);
            }
            let mut value = value.clone();
            let policy = value.as_object_mut().ok_or(ApplyError::NoStatements)?;
            match policy.get_mut("Statement") {
                Some(serde_json::Value::Array(items)) => items.push(added),
                Some(single @ serde_json::Value::Object(_)) => {
                    let first = single.take();
                    *single = serde_json::Value::Array(vec![first, added]);
                }
                _ => return Err(ApplyError::NoStatements),
            }
            Ok(Document::Json(value))
        }
    }
}

fn remove_from_document(document: &Document, index: usize) -> Result<Document, ApplyError> {
    match document {
        Document::Text(text) => Ok(Document::Text(remove_statement_from_text(text, index)?)),
        Document::Json(value) => {
            let mut value = value.clone();
            let statements = value
                .as_object_mut()
                .and_then(|policy| policy.get_mut("Statement"))
                .ok_or(ApplyError::NoStatements)?;
            match statements {
                serde_json::Value::Array(items) if index < items.len() => {
                    items.remove(index);
                }
                serde_json::Value::Object(_) if index == 0 => {
                    *statements = serde_json::Value::Array(Vec::new());
                }
                serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                    return Err(ApplyError::NoStatement(index))
                }
                _ => return Err(ApplyError::NoStatements),
            }
            Ok(Document::Json(value))
        }
    }
}

/// The text of a new policy holding one statement (itself JSON text).
pub fn new_policy_text(statement: &str) -> String {
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {}\n  ]\n}}",
        indent(statement, "    ")
    )
}

/// `policy_text` with `statement` (JSON text of one statement object) appended to its
/// `Statement` array; everything else is kept exactly as written. A `Statement` that is a single
/// object becomes an array of it and the new statement.
pub fn add_statement_to_text(policy_text: &str, statement: &str) -> Result<String, ApplyError> {
    let tree = json::parse(policy_text).map_err(|_| ApplyError::NotJson)?;
    let statements = statement_node(&tree)?;
    let mut out = policy_text.to_owned();
    match &statements.value {
        Value::Array(items) => match (items.first(), items.last()) {
            (Some(first), Some(last)) => {
                let addition = match line_indent(policy_text, first.span.start) {
                    Some(prefix) => format!(",\n{prefix}{}", indent(statement, prefix)),
                    None => format!(", {}", indent(statement, "")),
                };
                out.insert_str(last.span.end, &addition);
            }
            _ => {
                let prefix = line_indent(policy_text, statements.span.start).unwrap_or_default();
                let array = format!(
                    "[\n{prefix}    {}\n{prefix}  ]",
                    indent(statement, &format!("{prefix}    "))
                );
                out.replace_range(statements.span.start..statements.span.end, &array);
            }
        },
        Value::Object(_) => {
            let single = &policy_text[statements.span.start..statements.span.end];
            out.replace_range(
                statements.span.start..statements.span.end,
                &format!("[{single}, {statement}]"),
            );
        }
        _ => return Err(ApplyError::NoStatements),
    }
    Ok(out)
}

/// `policy_text` without the statement at position `index` of its `Statement` array (and the
/// comma that separated it); everything else is kept exactly as written.
pub fn remove_statement_from_text(policy_text: &str, index: usize) -> Result<String, ApplyError> {
    let tree = json::parse(policy_text).map_err(|_| ApplyError::NotJson)?;
    let statements = statement_node(&tree)?;
    let range = match &statements.value {
        Value::Array(items) => {
            let item = items.get(index).ok_or(ApplyError::NoStatement(index))?;
            match (
                index.checked_sub(1).and_then(|i| items.get(i)),
                items.get(index + 1),
            ) {
                (_, Some(next)) => item.span.start..next.span.start,
                (Some(previous), None) => previous.span.end..item.span.end,
                (None, None) => item.span.start..item.span.end,
            }
        }
        Value::Object(_) if index == 0 => {
            let mut out = policy_text.to_owned();
            out.replace_range(statements.span.start..statements.span.end, "[]");
            return Ok(out);
        }
        Value::Object(_) => return Err(ApplyError::NoStatement(index)),
        _ => return Err(ApplyError::NoStatements),
    };
    let mut out = policy_text.to_owned();
    out.replace_range(range, "");
    Ok(out)
}

/// The policy's `Statement` value (the last one, as the policy parser reads duplicates).
fn statement_node<'n, 't>(tree: &'n json::Node<'t>) -> Result<&'n json::Node<'t>, ApplyError> {
    match &tree.value {
        Value::Object(members) => members
            .iter()
            .rev()
            .find(|member| member.name == "Statement")
            .map(|member| &member.value)
            .ok_or(ApplyError::NoStatements),
        _ => Err(ApplyError::NoStatements),
    }
}

/// The whitespace before `offset` on its line, when nothing else precedes it there.
fn line_indent(text: &str, offset: usize) -> Option<&str> {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[start..offset];
    prefix
        .chars()
        .all(|c| c == ' ' || c == '\t')
        .then_some(prefix)
}

/// Every line of `text` after the first, prefixed with `prefix`.
fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(number, line)| {
            if number == 0 {
                line.to_owned()
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_policy;

    const STATEMENT: &str =
        "{\n  \"Effect\": \"Allow\",\n  \"Action\": \"s3:GetObject\",\n  \"Resource\": \"*\"\n}";

    fn statements(text: &str) -> Vec<String> {
        let policy = parse_policy(text).policy.unwrap();
        policy.statements.iter().map(|s| s.label()).collect()
    }

    #[test]
    fn a_statement_is_appended_at_the_indentation_of_the_others() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Sid\": \"A\", \"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}\n  ]\n}";
        let added = add_statement_to_text(text, STATEMENT).unwrap();
        assert!(
            added.contains("\"Resource\": \"*\"},\n    {\n      \"Effect\": \"Allow\",\n"),
            "{added}"
        );
        assert!(added.ends_with("\n    }\n  ]\n}"), "{added}");
        assert_eq!(statements(&added), ["A", "#1"]);
        // Everything before the insertion is kept as written.
        assert!(added.starts_with(&text[..text.find("}\n  ]").unwrap()]));
    }

    #[test]
    fn one_line_arrays_empty_arrays_and_single_objects_take_a_statement() {
        let one_line = r#"{"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}"#;
        assert_eq!(
            statements(&add_statement_to_text(one_line, STATEMENT).unwrap()).len(),
            2
        );
        let empty = "{\n  \"Statement\": []\n}";
        let filled = add_statement_to_text(empty, STATEMENT).unwrap();
        assert_eq!(statements(&filled).len(), 1, "{filled}");
        let single = r#"{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}"#;
        assert_eq!(
            statements(&add_statement_to_text(single, STATEMENT).unwrap()).len(),
            2
        );
        assert_eq!(
            add_statement_to_text("{\"Statement\": [", STATEMENT),
            Err(ApplyError::NotJson)
        );
        assert_eq!(
            add_statement_to_text("{}", STATEMENT),
            Err(ApplyError::NoStatements)
        );
    }

    #[test]
    fn a_statement_is_removed_with_its_comma() {
        let text = r#"{"Statement": [{"Sid": "A", "Effect": "Deny", "Action": "*", "Resource": "*"}, {"Sid": "B", "Effect": "Allow", "Action": "*", "Resource": "*"}, {"Sid": "C", "Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
        assert_eq!(
            statements(&remove_statement_from_text(text, 0).unwrap()),
            ["B", "C"]
        );
        assert_eq!(
            statements(&remove_statement_from_text(text, 1).unwrap()),
            ["A", "C"]
        );
        assert_eq!(
            statements(&remove_statement_from_text(text, 2).unwrap()),
            ["A", "B"]
        );
        assert_eq!(
            remove_statement_from_text(text, 3),
            Err(ApplyError::NoStatement(3))
        );
        let single = r#"{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}"#;
        assert!(statements(&remove_statement_from_text(single, 0).unwrap()).is_empty());
    }

    #[test]
    fn a_new_policy_holds_the_statement() {
        let text = new_policy_text(STATEMENT);
        assert_eq!(statements(&text), ["#0"]);
        assert!(text.contains("\n    {\n      \"Effect\""), "{text}");
    }
}
