//! Robustness: parsing, evaluating, the catalog's findings and the suggestions never panic,
//! whatever the input, and the fast path (`decide`) always reaches the decision the traced path
//! (`evaluate`) reaches; every suggestion made for a mutated scenario still allows its request.
//!
//! Seeds are the scenario files in `examples/`; the properties mutate them character by
//! character (near-JSON) and value by value (still JSON, but no longer the policy it was).

use std::sync::OnceLock;

use precedence::catalog::Catalog;
use precedence::parse::parse_policy;
use precedence::scenario::Document;
use precedence::{Engine, PolicyType, Request, Scenario, ScenarioFile};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use serde_json::Value;

/// One example scenario file.
struct Example {
    name: String,
    text: String,
    scenario: Scenario,
}

/// Every example that reads as a scenario, in name order.
fn examples() -> &'static [Example] {
    static EXAMPLES: OnceLock<Vec<Example>> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        paths
            .into_iter()
            .filter_map(|path| {
                let text = std::fs::read_to_string(&path).ok()?;
                let scenario = ScenarioFile::from_text(&text).ok()?.scenario;
                Some(Example {
                    name: path.file_name()?.to_string_lossy().into_owned(),
                    text,
                    scenario,
                })
            })
            .collect()
    })
}

/// Every policy document text of every example.
fn policy_texts() -> &'static [String] {
    static TEXTS: OnceLock<Vec<String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        examples()
            .iter()
            .flat_map(|example| {
                PolicyType::ALL.into_iter().flat_map(|policy_type| {
                    example
                        .scenario
                        .policies
                        .of_type(policy_type)
                        .iter()
                        .map(|entry| entry.document.text())
                })
            })
            .collect()
    })
}

/// Where each policy of a scenario sits: its type and its position in that type's list.
fn policy_slots(scenario: &Scenario) -> Vec<(PolicyType, usize)> {
    PolicyType::ALL
        .into_iter()
        .flat_map(|policy_type| {
            (0..scenario.policies.of_type(policy_type).len())
                .map(move |position| (policy_type, position))
        })
        .collect()
}

/// One character-level edit; positions are taken modulo the length at the time.
#[derive(Debug, Clone)]
enum Edit {
    Delete(Index),
    Insert(Index, char),
    Replace(Index, char),
}

/// Characters that matter to JSON and to policies, and sometimes any character at all.
fn edit_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(
            &[
                '{', '}', '[', ']', '"', ':', ',', '\\', ' ', '\n', '*', '?', '$', '/', '0', '9',
                '-', '.', 'e', 'a', 'é', '\u{0}', '\u{feff}',
            ][..]
        ),
        1 => any::<char>(),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<Index>().prop_map(Edit::Delete),
        (any::<Index>(), edit_char()).prop_map(|(at, ch)| Edit::Insert(at, ch)),
        (any::<Index>(), edit_char()).prop_map(|(at, ch)| Edit::Replace(at, ch)),
    ]
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(edit(), 1..8)
}

/// `items` with the edits applied in turn.
fn apply_edits<T: Clone>(items: &mut Vec<T>, edits: &[Edit], item: impl Fn(char) -> Vec<T>) {
    for edit in edits {
        match edit {
            Edit::Delete(at) if !items.is_empty() => {
                items.remove(at.index(items.len()));
            }
            Edit::Delete(_) => {}
            Edit::Insert(at, ch) => {
                let at = at.index(items.len() + 1);
                items.splice(at..at, item(*ch));
            }
            Edit::Replace(at, ch) if !items.is_empty() => {
                let at = at.index(items.len());
                items.splice(at..=at, item(*ch));
            }
            Edit::Replace(_, ch) => items.extend(item(*ch)),
        }
    }
}

fn mutate_text(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    apply_edits(&mut chars, edits, |ch| vec![ch]);
    chars.into_iter().collect()
}

fn mutate_bytes(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    apply_edits(&mut bytes, edits, |ch| {
        let mut buffer = [0u8; 4];
        ch.encode_utf8(&mut buffer).as_bytes().to_vec()
    });
    bytes
}

/// A value-level edit of a JSON document.
#[derive(Debug, Clone)]
enum ValueEdit {
    /// Replace the value with another.
    Set(Value),
    /// Remove the value from its object or array.
    Remove,
    /// Rename the member holding the value.
    Rename(&'static str),
    /// Put the value in a one-element array.
    Wrap,
}

const STRINGS: &[&str] = &[
    "",
    "*",
    "?",
    "Allow",
    "Deny",
    "allow",
    "2012-10-17",
    "2008-10-17",
    "s3:*",
    "s3:Get*",
    "s3:GetObject",
    "dynamodb:*",
    "*:*",
    "arn:aws:s3:::*",
    "arn:aws:s3:::app-data/*",
    "arn:aws:iam::111122223333:root",
    "arn:aws:iam::111122223333:role/*",
    "arn:aws:sts::111122223333:assumed-role/AppRole/s",
    "arn:*:*:*:*:*",
    "111122223333",
    "999988887777",
    "o-a1b2c3d4e5",
    "vpce-11aa22bb",
    "vpc-12345678",
    "10.0.0.0/8",
    "::1/128",
    "true",
    "false",
    "42",
    "2024-06-01T00:00:00Z",
    "${aws:username}",
    "${aws:PrincipalTag/team, 'none'}",
    "${aws:username",
    "${}",
    "${*}",
    "é",
    "s3.amazonaws.com",
];

const NAMES: &[&str] = &[
    "Version",
    "Statement",
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
    "AWS",
    "Service",
    "Federated",
    "CanonicalUser",
    "StringEquals",
    "StringNotEqualsIfExists",
    "StringLike",
    "ArnLike",
    "ArnNotEquals",
    "ForAnyValue:StringEquals",
    "ForAllValues:StringLike",
    "Null",
    "Bool",
    "IpAddress",
    "NumericLessThan",
    "DateGreaterThan",
    "aws:SourceVpce",
    "aws:SourceVpc",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalAccount",
    "aws:ResourceAccount",
    "aws:PrincipalIsAWSService",
    "aws:username",
    "aws:TagKeys",
    "Bogus",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        6 => prop::sample::select(STRINGS).prop_map(Value::from),
        1 => any::<String>().prop_map(Value::from),
        1 => any::<i32>().prop_map(Value::from),
        1 => any::<f64>().prop_map(|number| {
            serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number)
        }),
        1 => any::<bool>().prop_map(Value::from),
        1 => Just(Value::Null),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(NAMES), inner), 0..3).prop_map(|members| {
                Value::Object(
                    members
                        .into_iter()
                        .map(|(name, value)| (name.to_owned(), value))
                        .collect(),
                )
            }),
        ]
    })
}

fn value_edit() -> impl Strategy<Value = ValueEdit> {
    prop_oneof![
        4 => json_value().prop_map(ValueEdit::Set),
        2 => Just(ValueEdit::Remove),
        2 => prop::sample::select(NAMES).prop_map(ValueEdit::Rename),
        1 => Just(ValueEdit::Wrap),
    ]
}

/// The JSON pointer of every value in `value`, the root first.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{index}"), out);
            }
        }
        Value::Object(members) => {
            for (name, member) in members {
                let escaped = name.replace('~', "~0").replace('/', "~1");
                pointers(member, format!("{at}/{escaped}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Apply `edit` to the value at `target` (an index into all of the document's values).
fn edit_value(document: &mut Value, target: Index, edit: &ValueEdit) {
    let mut all = Vec::new();
    pointers(document, String::new(), &mut all);
    let pointer = &all[target.index(all.len())];
    match edit {
        ValueEdit::Set(value) => {
            if let Some(slot) = document.pointer_mut(pointer) {
                *slot = value.clone();
            }
        }
        ValueEdit::Wrap => {
            if let Some(slot) = document.pointer_mut(pointer) {
                *slot = Value::Array(vec![slot.take()]);
            }
        }
        ValueEdit::Remove | ValueEdit::Rename(_) => {
            let Some((parent, last)) = pointer.rsplit_once('/') else {
                return;
            };
            let key = last.replace("~1", "/").replace("~0", "~");
            match document.pointer_mut(parent) {
                Some(Value::Object(members)) => {
                    if let Some(value) = members.remove(&key) {
                        if let ValueEdit::Rename(name) = edit {
                            members.insert((*name).to_owned(), value);
                        }
                    }
                }
                Some(Value::Array(items)) => {
                    if let Ok(index) = key.parse::<usize>() {
                        if index < items.len() && matches!(edit, ValueEdit::Remove) {
                            items.remove(index);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// Evaluate every request of `engine`'s scenario; decisions of both paths must agree.
/// The committed catalog file's text, and the catalog it reads as.
fn catalog_text() -> &'static str {
    include_str!("../data/catalog.txt")
}

fn catalog() -> Result<&'static Catalog, TestCaseError> {
    static CATALOG: OnceLock<Option<Catalog>> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::parse(catalog_text()).ok())
        .as_ref()
        .ok_or_else(|| TestCaseError::fail("the committed catalog does not parse"))
}

/// The catalog's findings and the suggestions for every request that is not allowed: no
/// panic, findings inside the policy text, and every suggestion allows its request.
fn check_catalog_and_suggestions(scenario: &Scenario) -> Result<(), TestCaseError> {
    let mut engine = Engine::from_scenario(scenario);
    engine.check_with_catalog(catalog()?);
    for policy in engine.policies() {
        for finding in &policy.findings {
            prop_assert!(finding.span.end <= policy.text.len(), "{finding:?}");
        }
    }
    for (index, request) in scenario.requests.iter().enumerate() {
        let Ok(prepared) = engine.prepare(request) else {
            continue;
        };
        if engine.decide(&prepared).decision == precedence::Decision::Allowed {
            continue;
        }
        let Ok(suggestions) = engine.suggest(scenario, index) else {
            continue;
        };
        for suggestion in &suggestions.items {
            let mut changed = scenario.clone();
            prop_assert!(suggestion.apply(&mut changed).is_ok(), "{suggestion:?}");
            let again = Engine::from_scenario(&changed);
            let prepared = again.prepare(&changed.requests[index]);
            prop_assert!(prepared.is_ok(), "{suggestion:?}");
            if let Ok(prepared) = prepared {
                prop_assert_eq!(
                    again.decide(&prepared).decision,
                    precedence::Decision::Allowed,
                    "{:?}",
                    suggestion
                );
            }
        }
    }
    Ok(())
}

fn check_requests(engine: &Engine, requests: &[Request]) -> Result<(), TestCaseError> {
    for request in requests {
        let Ok(prepared) = engine.prepare(request) else {
            continue;
        };
        let fast = engine.decide(&prepared);
        let traced = engine.evaluate(&prepared);
        prop_assert_eq!(
            fast.decision,
            traced.decision,
            "decide and evaluate disagree on {:?}",
            request
        );
        prop_assert_eq!(
            fast.blocked_by,
            traced.blocked_by,
            "decide and evaluate block differently on {:?}",
            request
        );
    }
    Ok(())
}

/// Findings point into the text they were found in.
fn check_spans(text: &str) -> Result<(), TestCaseError> {
    for finding in parse_policy(text).findings {
        prop_assert!(
            finding.span.start <= finding.span.end && finding.span.end <= text.len(),
            "finding {:?} outside text of {} bytes: {:?}",
            finding,
            text.len(),
            text
        );
    }
    Ok(())
}

fn example(at: Index) -> Result<&'static Example, TestCaseError> {
    let all = examples();
    if all.is_empty() {
        return Err(TestCaseError::fail("no examples found"));
    }
    Ok(&all[at.index(all.len())])
}

#[test]
fn every_example_reads_and_both_paths_agree() {
    assert!(examples().len() >= 10, "examples not found");
    for example in examples() {
        let engine = Engine::from_scenario(&example.scenario);
        let result = check_requests(&engine, &example.scenario.requests);
        assert!(result.is_ok(), "{}: {result:?}", example.name);
    }
}

proptest! {

    #[test]
    fn parse_policy_never_panics_on_arbitrary_strings(text in any::<String>()) {
        check_spans(&text)?;
    }

    #[test]
    fn parse_policy_never_panics_on_near_json(seed in any::<Index>(), edits in edits()) {
        let texts = policy_texts();
        prop_assume!(!texts.is_empty());
        let text = mutate_text(&texts[seed.index(texts.len())], &edits);
        check_spans(&text)?;
    }

    #[test]
    fn scenario_from_bytes_never_panics_on_arbitrary_bytes(bytes in any::<Vec<u8>>()) {
        let _ = ScenarioFile::from_bytes(&bytes);
    }

    #[test]
    fn mutated_scenario_files_read_and_evaluate_without_panics(
        seed in any::<Index>(),
        edits in edits(),
    ) {
        let example = example(seed)?;
        let bytes = mutate_bytes(example.text.as_bytes(), &edits);
        if let (Ok(file), Ok(text)) = (ScenarioFile::from_bytes(&bytes), std::str::from_utf8(&bytes)) {
            let engine = Engine::from_file(&file, text);
            check_requests(&engine, &file.scenario.requests)?;
        }
    }

    #[test]
    fn engine_never_panics_on_text_mutated_documents(
        seed in any::<Index>(),
        changes in prop::collection::vec((any::<Index>(), edits()), 1..4),
    ) {
        let example = example(seed)?;
        let mut scenario = example.scenario.clone();
        let slots = policy_slots(&scenario);
        prop_assume!(!slots.is_empty());
        for (target, edits) in &changes {
            let (policy_type, position) = slots[target.index(slots.len())];
            if let Some(entry) = scenario.policies.of_type_mut(policy_type).get_mut(position) {
                entry.document = Document::Text(mutate_text(&entry.document.text(), edits));
            }
        }
        let engine = Engine::from_scenario(&scenario);
        check_requests(&engine, &scenario.requests)?;
        check_catalog_and_suggestions(&scenario)?;
    }

    #[test]
    fn catalog_parse_never_panics_on_near_catalog_text(
        start in any::<Index>(),
        lines in 1usize..400,
        edits in edits(),
    ) {
        let text = catalog_text();
        let all: Vec<&str> = text.lines().collect();
        let from = start.index(all.len());
        let mut slice = all[..1].join("\n");
        for line in all.iter().skip(from.max(1)).take(lines) {
            slice.push('\n');
            slice.push_str(line);
        }
        if let Ok(catalog) = Catalog::parse(&mutate_text(&slice, &edits)) {
            // Whatever it read, looking things up in it does not panic either.
            for pattern in ["*", "s3:Get*", "dynamodb:GetItem", "a?:*"] {
                let _ = catalog.expand(pattern);
            }
            let _ = catalog.key_type("s3", "aws:ResourceTag/x");
        }
    }

    #[test]
    fn engine_never_panics_on_value_mutated_documents(
        seed in any::<Index>(),
        changes in prop::collection::vec((any::<Index>(), any::<Index>(), value_edit()), 1..6),
    ) {
        let example = example(seed)?;
        let mut scenario = example.scenario.clone();
        let slots = policy_slots(&scenario);
        prop_assume!(!slots.is_empty());
        for (policy, node, edit) in &changes {
            let (policy_type, position) = slots[policy.index(slots.len())];
            if let Some(entry) = scenario.policies.of_type_mut(policy_type).get_mut(position) {
                let mut document = match &entry.document {
                    Document::Json(value) => value.clone(),
                    Document::Text(text) => {
                        serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.clone()))
                    }
                };
                edit_value(&mut document, *node, edit);
                entry.document = Document::Json(document);
            }
        }
        let engine = Engine::from_scenario(&scenario);
        check_requests(&engine, &scenario.requests)?;
        check_catalog_and_suggestions(&scenario)?;
    }

    #[test]
    fn prepare_never_panics_on_odd_requests(
        seed in any::<Index>(),
        principal in prop_oneof![
            prop::sample::select(STRINGS).prop_map(str::to_owned),
            "arn:aws(-cn)?:(iam|sts)::[0-9]{0,12}:(root|user/a|role/R|assumed-role/R/s|[a-z/]{0,8})",
            any::<String>(),
        ],
        action in prop_oneof![
            prop::sample::select(STRINGS).prop_map(str::to_owned),
            any::<String>(),
        ],
        resource in prop_oneof![
            prop::sample::select(STRINGS).prop_map(str::to_owned),
            any::<String>(),
        ],
        context in prop::collection::btree_map(
            prop::sample::select(NAMES).prop_map(str::to_owned),
            prop::sample::select(STRINGS).prop_map(|text| {
                precedence::scenario::ContextValue::One(precedence::scenario::Scalar::Text(text.to_owned()))
            }),
            0..4,
        ),
    ) {
        let example = example(seed)?;
        let engine = Engine::from_scenario(&example.scenario);
        let requests: Vec<Request> = example
            .scenario
            .requests
            .iter()
            .map(|request| Request {
                principal: principal.clone(),
                action: action.clone(),
                resource: resource.clone(),
                session: None,
                context: context.clone(),
                ..request.clone()
            })
            .collect();
        check_requests(&engine, &requests)?;
    }
}
