//! "What would allow this", checked from the outside: every suggestion for every request of
//! `examples/` that is not allowed is applied to its own copy of the scenario and the request
//! evaluated again; and the suggestions the seed patterns call for are there.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

use std::path::PathBuf;

use precedence::scenario::Document;
use precedence::suggest::{ChangeKind, Edit, Suggestions};
use precedence::{Decision, Engine, PolicyType, Scenario, ScenarioFile, Stage};

fn examples() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("examples directory")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            (name, std::fs::read_to_string(&path).expect("readable"))
        })
        .collect();
    files.sort();
    files
}

fn example(name: &str) -> (ScenarioFile, Engine) {
    let (_, text) = examples()
        .into_iter()
        .find(|(file, _)| file == name)
        .unwrap_or_else(|| panic!("no example {name}"));
    let file = ScenarioFile::from_text(&text).expect("valid scenario");
    let engine = Engine::from_file(&file, &text);
    (file, engine)
}

fn decision(scenario: &Scenario, index: usize) -> Decision {
    let engine = Engine::from_scenario(scenario);
    let prepared = engine
        .prepare(&scenario.requests[index])
        .expect("the request still reads");
    engine.decide(&prepared).decision
}

/// The scenario as the playground holds it: every policy document as text.
fn as_text(scenario: &Scenario) -> Scenario {
    let mut copy = scenario.clone();
    for policy_type in PolicyType::ALL {
        for entry in copy.policies.of_type_mut(policy_type) {
            entry.document = Document::Text(entry.document.text());
        }
    }
    copy
}

#[test]
fn every_suggestion_for_every_example_allows_its_request() {
    let (mut denied, mut suggested, mut unfixable) = (0, 0, 0);
    for (name, text) in examples() {
        let file = ScenarioFile::from_text(&text).expect("valid scenario");
        let engine = Engine::from_file(&file, &text);
        let scenario = &file.scenario;
        for (index, request) in scenario.requests.iter().enumerate() {
            let prepared = engine.prepare(request).expect("well-formed request");
            let suggestions = engine.suggest(scenario, index).expect("suggestions");
            if engine.decide(&prepared).decision == Decision::Allowed {
                assert_eq!(suggestions, Suggestions::default(), "{name} #{index}");
                continue;
            }
            denied += 1;
            assert!(
                !suggestions.items.is_empty() || suggestions.unfixable.is_some(),
                "{name} #{index}: neither a suggestion nor a reason"
            );
            unfixable += usize::from(suggestions.unfixable.is_some());
            assert!(
                suggestions
                    .items
                    .windows(2)
                    .all(|pair| pair[0].changes.len() <= pair[1].changes.len()),
                "{name} #{index}: fewest changes first"
            );
            for suggestion in &suggestions.items {
                suggested += 1;
                // Each one on its own copy, with JSON documents and with text documents.
                for mut copy in [scenario.clone(), as_text(scenario)] {
                    suggestion
                        .apply(&mut copy)
                        .unwrap_or_else(|e| panic!("{name} #{index}: {e}"));
                    assert_eq!(
                        decision(&copy, index),
                        Decision::Allowed,
                        "{name} #{index}: `{}` does not allow it",
                        suggestion.title
                    );
                }
                assert!(!suggestion.changes.is_empty());
                let mut kinds: Vec<ChangeKind> =
                    suggestion.changes.iter().map(|c| c.edit.kind()).collect();
                kinds.sort();
                kinds.dedup();
                assert_eq!(kinds, suggestion.kinds, "{name} #{index}");
                assert!(suggestion.explanation.contains("Checked:"));
            }
        }
    }
    assert!(denied >= 70, "only {denied} requests are not allowed");
    assert!(suggested >= denied - unfixable, "{suggested} suggestions");
}

#[test]
fn a_suggestion_of_several_changes_needs_all_of_them() {
    // A PutObject into another account's layer bucket through an endpoint that allows only
    // GetObject: the bucket policy and the endpoint policy both block it.
    let (file, engine) = example("seed002-s3-ecr-layers-wildcard.json");
    let index = 3;
    let suggestions = engine.suggest(&file.scenario, index).expect("suggestions");
    let both = suggestions
        .items
        .iter()
        .find(|s| s.changes.len() == 2)
        .expect("a combined suggestion");
    let stages: Vec<Stage> = both.changes.iter().map(|c| c.stage).collect();
    assert_eq!(stages, [Stage::Resource, Stage::Endpoint]);
    for change in &both.changes {
        let mut copy = file.scenario.clone();
        change.edit.apply(&mut copy).expect("applies");
        assert_ne!(
            decision(&copy, index),
            Decision::Allowed,
            "{}",
            change.summary
        );
    }
}

#[test]
fn seed_003_the_deny_is_passed_from_the_vpc_or_as_the_emergency_role() {
    // Seed 003's SCP as written, with its placeholders.
    let text = r#"{
      "policies": {
        "identity": [{ "id": "App", "document": { "Version": "2012-10-17",
          "Statement": [{ "Effect": "Allow", "Action": "dynamodb:*", "Resource": "*" }] } }],
        "scp": [
          { "id": "FullAWSAccess", "level": "root", "document": { "Version": "2012-10-17",
            "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }] } },
          { "id": "DenyOutsideVPC", "level": "root", "document": { "Version": "2012-10-17",
            "Statement": [{ "Sid": "DenyDynamoDBOutsideVPC", "Effect": "Deny", "Action": "dynamodb:*",
              "Resource": "*", "Condition": {
                "StringNotEquals": { "aws:SourceVpc": "vpc-xxxxxxxxx" },
                "ArnNotLike": { "aws:PrincipalArn": "arn:aws:iam::*:role/your-emergency-role" } } }] } }
        ]
      },
      "requests": [{ "principal": "arn:aws:iam::111122223333:role/AppRole",
        "action": "dynamodb:GetItem",
        "resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Payments" }]
    }"#;
    let file = ScenarioFile::from_text(text).expect("valid");
    let engine = Engine::from_file(&file, text);
    let suggestions = engine.suggest(&file.scenario, 0).expect("suggestions");
    assert_eq!(suggestions.unfixable, None);
    let titles: Vec<&str> = suggestions.items.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Send it from VPC `vpc-xxxxxxxxx`",
            "Make the request as `arn:aws:iam::111122223333:role/your-emergency-role`, a principal matching `arn:aws:iam::*:role/your-emergency-role`"
        ]
    );
    assert!(suggestions
        .items
        .iter()
        .all(|s| s.kinds == [ChangeKind::Request]));
    assert_eq!(
        suggestions.items[0].changes[0].edit,
        Edit::SetContext {
            request: 0,
            key: "aws:SourceVpc".into(),
            values: vec!["vpc-xxxxxxxxx".into()],
            list: false,
        }
    );
    // The change names the Deny and the condition it gets past.
    let change = &suggestions.items[0].changes[0];
    let statement = change.statement.as_ref().expect("the Deny");
    assert_eq!(
        (statement.label.as_str(), statement.policy_id.as_str()),
        ("DenyDynamoDBOutsideVPC", "DenyOutsideVPC")
    );
    let condition = change.condition.as_ref().expect("the condition");
    assert_eq!(
        (condition.operator.as_str(), condition.key.as_str()),
        ("StringNotEquals", "aws:SourceVpc")
    );
    // Spans index the policy's text, as in the trace.
    let policy = engine
        .policies()
        .iter()
        .find(|p| p.id == "DenyOutsideVPC")
        .expect("the SCP");
    assert!(
        policy.text[condition.span.start..condition.span.end]
            .starts_with(r#""aws:SourceVpc": "vpc-xxxxxxxxx""#),
        "{}",
        &policy.text[condition.span.start..condition.span.end]
    );
    let reason = &suggestions.items[1].changes[0].reason;
    assert!(
        reason.contains(
            "`DenyDynamoDBOutsideVPC` of service control policy `DenyOutsideVPC` (line 9"
        ) && reason.contains("arn:aws:iam::*:role/your-emergency-role"),
        "{reason}"
    );
}

#[test]
fn seed_003_through_the_endpoint_in_the_vpc() {
    let (file, engine) = example("seed003-scp-break-glass-exception.json");
    let suggestions = engine.suggest(&file.scenario, 2).expect("suggestions");
    let edits: Vec<&Edit> = suggestions
        .items
        .iter()
        .map(|s| &s.changes[0].edit)
        .collect();
    assert_eq!(
        edits,
        [
            &Edit::SetEndpoint {
                request: 2,
                endpoint: "vpce-0aa11bb22cc33dd44".into()
            },
            &Edit::SetPrincipal {
                request: 2,
                principal: "arn:aws:iam::111122223333:role/BreakGlassRole".into()
            }
        ]
    );
    assert!(suggestions.items[0].changes[0]
        .reason
        .contains("`aws:SourceVpc` is `vpc-0a1b2c3d4e5f67890`"));
}

#[test]
fn seed_000_the_endpoint_statement_and_the_endpoint() {
    let (file, engine) = example("seed000-read-only-endpoint.json");
    let suggestions = engine.suggest(&file.scenario, 2).expect("suggestions");
    let [only] = suggestions.items.as_slice() else {
        panic!("{suggestions:#?}")
    };
    let Edit::AddStatement {
        policy_type,
        policy_id,
        entry,
        statement,
        ..
    } = &only.changes[0].edit
    else {
        panic!("{only:#?}")
    };
    assert_eq!(
        (*policy_type, policy_id.as_str(), *entry),
        (PolicyType::Endpoint, "vpce-11aa22bb", Some(0))
    );
    let statement: serde_json::Value = serde_json::from_str(statement).expect("JSON");
    assert_eq!(
        statement,
        serde_json::json!({
            "Sid": "AllowGetItem", "Effect": "Allow", "Principal": "*",
            "Action": "dynamodb:GetItem",
            "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/StockTable"
        })
    );

    // The identity policy's Deny unless aws:SourceVpce is the endpoint: send it through it.
    let (file, engine) = example("seed000-iam-sourcevpce-deny.json");
    let suggestions = engine.suggest(&file.scenario, 1).expect("suggestions");
    assert_eq!(suggestions.items.len(), 1, "{suggestions:#?}");
    assert_eq!(
        suggestions.items[0].title,
        "Send it through endpoint `vpce-11aa22bb`"
    );
    assert_eq!(suggestions.items[0].kinds, [ChangeKind::Request]);
}

#[test]
fn an_unconditional_deny_is_passed_only_by_editing_it() {
    let (file, engine) = example("teach-explicit-deny-wins.json");
    let suggestions = engine.suggest(&file.scenario, 1).expect("suggestions");
    let unfixable = suggestions.unfixable.expect("nothing else allows it");
    assert!(
        unfixable.message.starts_with(
            "Nothing short of removing or editing the Deny statement `NeverDeleteAuditObjects` of identity-based policy `LogAdminPermissions` (line 19, column 13) allows this request: it has no condition"
        ),
        "{}",
        unfixable.message
    );
    assert_eq!(unfixable.statements.len(), 1);
    assert_eq!(unfixable.statements[0].label, "NeverDeleteAuditObjects");
    // The one suggestion is the edit itself, and it is verified like any other.
    let [removal] = suggestions.items.as_slice() else {
        panic!("{:#?}", suggestions.items)
    };
    assert!(matches!(
        &removal.changes[0].edit,
        Edit::RemoveStatement { policy_type: PolicyType::Identity, statement, .. }
            if statement.label == "NeverDeleteAuditObjects"
    ));
}

#[test]
fn allowed_requests_get_nothing_and_unknown_requests_an_error() {
    let (file, engine) = example("seed000-read-only-endpoint.json");
    assert_eq!(
        engine.suggest(&file.scenario, 0).expect("allowed"),
        Suggestions::default()
    );
    let error = engine
        .suggest(&file.scenario, 9)
        .expect_err("no such request");
    assert_eq!(error.field, "requests");
}
