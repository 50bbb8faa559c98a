//! Statements left out for errors: their repairs mend them (alone and together), what mending
//! them would change is said, and no repair opens a policy wider than was meant.

#![expect(clippy::unwrap_used, reason = "test fixtures are known to be valid")]

use precedence::load::LoadedPolicy;
use precedence::policy::PolicyType;
use precedence::scenario::{Document, PolicyEntry};
use precedence::suggest::Edit;
use precedence::{Decision, Engine, ScenarioFile};

fn loaded(policy_type: PolicyType, text: &str) -> LoadedPolicy {
    let entry = PolicyEntry {
        id: "P".into(),
        document: Document::Text(text.into()),
        level: None,
        vpc: None,
        endpoint_type: None,
        target: None,
    };
    LoadedPolicy::new(&entry, policy_type, text.into(), None)
}

/// Whether some set of the left-out statement's repairs (each alone, or the first of each
/// mistake together) lets statement 0 back in.
fn mendable(text: &str) -> bool {
    mendable_as(PolicyType::Identity, text)
}

fn mendable_as(policy_type: PolicyType, text: &str) -> bool {
    let policy = loaded(policy_type, text);
    let left = &policy.policy.as_ref().unwrap().left_out[0];
    let mut sets: Vec<Vec<&precedence::policy::Repair>> =
        left.repairs.iter().map(|r| vec![r]).collect();
    let mut firsts: Vec<&precedence::policy::Repair> = Vec::new();
    for repair in &left.repairs {
        if !firsts.iter().any(|other| other.mistake == repair.mistake) {
            firsts.push(repair);
        }
    }
    sets.push(firsts);
    sets.iter()
        .any(|set| policy.mended_statement(left, set).is_some())
}

#[test]
fn a_doubled_element_with_another_mistake_is_mended_together() {
    assert!(mendable(
        r#"{"Statement":[{"Effect":"allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}]}"#
    ));
}

#[test]
fn repairs_at_the_same_place_are_made_in_an_order_that_keeps_both() {
    // The missing `Effect` is inserted where the misspelt `action` starts.
    assert!(mendable(
        r#"{"Statement":[{"action":"s3:*","Resource":"*"}]}"#
    ));
}

#[test]
fn a_misspelt_element_leaves_its_statement_out_with_the_right_name_as_repair() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#;
    let policy = loaded(PolicyType::Identity, text);
    let parsed = policy.policy.as_ref().unwrap();
    assert!(
        parsed.statements.is_empty(),
        "an Allow without its condition would grant more"
    );
    let left = &parsed.left_out[0];
    assert_eq!(left.repairs[0].summary, "write `Condition`");
    let mended = policy.mended_statement(left, &[&left.repairs[0]]).unwrap();
    assert_eq!(mended.conditions.len(), 1);
    // The mended text reads back whole, the statement in it.
    let text = policy.repaired_text(&[&left.repairs[0]]).unwrap();
    assert_eq!(
        loaded(PolicyType::Identity, &text)
            .policy
            .unwrap()
            .statements
            .len(),
        1
    );
}

#[test]
fn an_allow_of_a_resource_policy_is_not_mended_by_opening_it_to_everyone() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;
    let policy = loaded(PolicyType::Resource, text);
    let left = &policy.policy.as_ref().unwrap().left_out[0];
    assert_eq!(left.reasons[0].code, "missing-principal");
    assert!(left.repairs.is_empty(), "{:?}", left.repairs);
    // In an endpoint policy `"Principal": "*"` is what AWS writes.
    let policy = loaded(PolicyType::Endpoint, text);
    let left = &policy.policy.as_ref().unwrap().left_out[0];
    assert_eq!(left.repairs[0].summary, r#"add "Principal": "*""#);
}

const CROSS_ACCOUNT_BUCKET: &str = r#"{
  "policies": {
    "identity": [{ "id": "App", "document": { "Version": "2012-10-17", "Statement": [
      { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] } }],
    "resource": [{ "id": "Bucket", "document": { "Version": "2012-10-17", "Statement": [
      { "Sid": "NoPrincipal", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }] } }]
  },
  "requests": [{ "principal": "arn:aws:iam::111122223333:role/R", "action": "s3:GetObject",
    "resource": "arn:aws:s3:::b/k", "resource_account": "444455556666" }]
}"#;

#[test]
fn no_suggestion_makes_a_bucket_public_to_mend_a_missing_principal() {
    let file = ScenarioFile::from_text(CROSS_ACCOUNT_BUCKET).unwrap();
    let engine = Engine::from_scenario(&file.scenario);
    let suggestions = engine.suggest(&file.scenario, 0).unwrap();
    assert!(!suggestions.items.is_empty());
    for suggestion in &suggestions.items {
        for change in &suggestion.changes {
            if let Edit::RepairStatement { text, .. } = &change.edit {
                panic!("a mend that opens the bucket: {text}");
            }
            if let Edit::AddStatement { statement, .. } = &change.edit {
                assert!(!statement.contains(r#""Principal": "*""#), "{statement}");
            }
        }
    }
}

#[test]
fn a_mend_that_a_rule_outside_the_policies_still_stops_says_so() {
    // Another account's key: the key policy allows, the identity policy's Allow is left out
    // for a typo, and AWS does not let ScheduleKeyDeletion be allowed across accounts.
    let text = r#"{
  "policies": {
    "identity": [{ "id": "App", "document": { "Version": "2012-10-17", "Statement": [
      { "Sid": "Typo", "Effect": "Permit", "Action": "kms:ScheduleKeyDeletion", "Resource": "*" }] } }],
    "resource": [{ "id": "KeyPolicy", "document": { "Version": "2012-10-17", "Statement": [
      { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" }] } }]
  },
  "requests": [{ "principal": "arn:aws:iam::111122223333:role/R", "action": "kms:ScheduleKeyDeletion",
    "resource": "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab" }]
}"#;
    let file = ScenarioFile::from_text(text).unwrap();
    let engine = Engine::from_scenario(&file.scenario);
    let prepared = engine.prepare(&file.scenario.requests[0]).unwrap();
    let evaluation = engine.evaluate(&prepared);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    let identity = evaluation
        .stages
        .iter()
        .find(|s| s.stage.name() == "identity")
        .unwrap();
    let note = identity.left_out_note.as_deref().unwrap();
    assert!(
        note.ends_with("stopped by a rule AWS applies outside the policies"),
        "{note}"
    );
}

#[test]
fn a_mend_worked_out_before_an_edit_does_not_overwrite_it() {
    let text = r#"{
  "policies": { "identity": [{ "id": "App", "document": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Permit\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}" }] },
  "requests": [{ "principal": "arn:aws:iam::111122223333:role/R", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k" }]
}"#;
    let file = ScenarioFile::from_text(text).unwrap();
    let engine = Engine::from_scenario(&file.scenario);
    let mend = engine.suggest(&file.scenario, 0).unwrap().items[0].clone();
    assert!(matches!(mend.changes[0].edit, Edit::RepairStatement { .. }));
    // As worked out, it applies.
    let mut fresh = file.scenario.clone();
    mend.apply(&mut fresh).unwrap();
    // After the policy is edited, it does not, and the edit is kept.
    let mut edited = file.scenario.clone();
    let typed = r#"{"Version": "2012-10-17", "Statement": []}"#;
    edited.policies.identity[0].document = Document::Text(typed.into());
    assert!(mend.apply(&mut edited).is_err());
    assert_eq!(
        edited.policies.identity[0].document,
        Document::Text(typed.into())
    );
}

#[test]
fn an_endpoint_statement_with_a_typo_and_no_principal_is_mended_whole() {
    let text = r#"{"Statement":[{"Effect":"Permit","Action":"*","Resource":"*"}]}"#;
    let policy = loaded(PolicyType::Endpoint, text);
    let left = &policy.policy.as_ref().unwrap().left_out[0];
    let codes: Vec<&str> = left.reasons.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["invalid-effect", "missing-principal"]);
    assert!(policy
        .findings
        .iter()
        .any(|f| f.code == "missing-principal"));
    assert!(mendable_as(PolicyType::Endpoint, text));
    // A statement that is not an object has its one finding only.
    let policy = loaded(PolicyType::Endpoint, r#"{"Statement":[5]}"#);
    let codes: Vec<&str> = policy.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["wrong-type"]);
}

#[test]
fn among_many_typos_the_one_that_applies_is_weighed() {
    // Sixty left-out Allows for other actions, then the one for the request's.
    let mut statements: Vec<String> = (0..60)
        .map(|i| {
            format!(r#"{{"Sid":"S{i}","Effect":"allow","Action":"s3:Other{i}","Resource":"*"}}"#)
        })
        .collect();
    statements
        .push(r#"{"Sid":"Wanted","Effect":"allow","Action":"s3:GetObject","Resource":"*"}"#.into());
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    );
    let file = serde_json::json!({
        "policies": { "identity": [{ "id": "App", "document": policy }] },
        "requests": [{ "principal": "arn:aws:iam::111122223333:role/R",
            "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k" }]
    });
    let file = ScenarioFile::from_text(&file.to_string()).unwrap();
    let engine = Engine::from_scenario(&file.scenario);
    let prepared = engine.prepare(&file.scenario.requests[0]).unwrap();
    let evaluation = engine.evaluate(&prepared);
    let identity = evaluation
        .stages
        .iter()
        .find(|s| s.stage.name() == "identity")
        .unwrap();
    let left = &identity.policies[0].left_out_statements;
    assert_eq!(left.len(), 61);
    let weighed: Vec<&str> = left
        .iter()
        .filter(|l| l.would_change.is_some())
        .map(|l| l.label.as_str())
        .collect();
    assert_eq!(weighed, ["Wanted"]);
    assert_eq!(
        left[60].would_change.as_ref().unwrap().decision,
        Decision::Allowed
    );
}
