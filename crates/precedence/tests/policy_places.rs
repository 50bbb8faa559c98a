//! Policies are found by their place in the scenario, never by their id: the explanation, the
//! suggestions and every line number point into the policy that decided, even when two
//! policies share an id or a stage lists policies the scenario-wide lists do not hold.

#![expect(clippy::expect_used, reason = "tests fail loudly on broken fixtures")]

use precedence::{Decision, Engine, ScenarioFile};

fn engine_of(text: &str) -> (ScenarioFile, Engine) {
    let file = ScenarioFile::from_text(text).expect("valid scenario");
    let engine = Engine::from_file(&file, text);
    (file, engine)
}

fn explanation(text: &str) -> String {
    let (file, engine) = engine_of(text);
    let prepared = engine
        .prepare(&file.scenario.requests[0])
        .expect("the request reads");
    engine.evaluate(&prepared).explanation
}

const READER: &str = r#""principal": "arn:aws:iam::111122223333:role/R", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k""#;

#[test]
fn the_explanation_names_each_statements_own_policy_type_when_ids_repeat() {
    let text = format!(
        r#"{{"policies": {{
            "identity": [{{"id": "App", "document": {{"Version": "2012-10-17", "Statement": [
                {{"Sid": "Grant", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}]}}}}],
            "boundary": [{{"id": "App", "document": {{"Version": "2012-10-17", "Statement": [
                {{"Sid": "Ceiling", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}}]}}}}]}},
          "requests": [{{{READER}}}]}}"#
    );
    let said = explanation(&text);
    assert!(
        said.contains("statement `Grant` of identity-based policy `App`"),
        "{said}"
    );
    assert!(
        said.contains("statement `Ceiling` of permissions boundary `App`"),
        "the boundary's statement is the boundary's, not the first policy named `App`: {said}"
    );
}

#[test]
fn two_policies_with_one_id_and_the_same_text_are_both_named() {
    let deny = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}"#;
    let text = format!(
        r#"{{"policies": {{"identity": [
            {{"id": "App", "document": {deny}}},
            {{"id": "App", "document": {deny}}}]}},
          "requests": [{{{READER}}}]}}"#
    );
    let (file, engine) = engine_of(&text);
    let prepared = engine
        .prepare(&file.scenario.requests[0])
        .expect("the request reads");
    let evaluation = engine.evaluate(&prepared);
    assert_eq!(evaluation.decision, Decision::ExplicitDeny);
    let lines: Vec<usize> = evaluation
        .decisive
        .iter()
        .map(|statement| statement.position.line)
        .collect();
    assert_eq!(lines.len(), 2, "both Denies decide: {lines:?}");
    assert_eq!(lines, [2, 3], "each at its own place");
}

#[test]
fn a_deny_of_the_account_model_is_never_looked_up_in_the_scenario_wide_policies() {
    // The role meets its own inline policy; the scenario-wide `Wide` does not apply to it.
    let text = r#"{
  "principals": [
    { "arn": "arn:aws:iam::111122223333:role/R",
      "inline_policies": [ { "name": "Inline", "document": {
          "Version": "2012-10-17",
          "Statement": [
            { "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" },
            { "Sid": "DenyOutsideVpc", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*",
              "Condition": { "StringNotEquals": { "aws:SourceVpce": "vpce-1" } } }
          ] } } ] }
  ],
  "policies": {
    "identity": [
      { "id": "Wide", "document": {
          "Version": "2012-10-17",
          "Statement": [
            { "Sid": "A", "Effect": "Allow", "Action": "s3:*", "Resource": "*" },
            { "Sid": "B", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*" }
          ] } }
    ]
  },
  "requests": [
    { "principal": "arn:aws:iam::111122223333:role/R", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k" }
  ]
}"#;
    let (file, engine) = engine_of(text);
    let suggestions = engine.suggest(&file.scenario, 0).expect("suggestions");
    let said = serde_json::to_string(&suggestions).expect("serializable");
    assert!(
        !said.contains("`Wide`") && !said.contains("\"label\":\"B\""),
        "the Deny that decided is `DenyOutsideVpc` of the role's own policy: {said}"
    );
    for statement in suggestions
        .unfixable
        .iter()
        .flat_map(|unfixable| &unfixable.statements)
    {
        assert_eq!(statement.label, "DenyOutsideVpc", "{said}");
        assert_eq!(statement.position.line, 8, "{said}");
    }
}

#[test]
fn a_mend_after_a_removed_statement_is_located_where_the_scenario_writes_it() {
    // Removing the Deny at index 0 moves the left-out statement to index 0 of the rewritten
    // policy; the mend must still point at line 6 of this file, not into the rewritten text.
    let text = r#"{"policies": {"identity": [
  {"id": "App", "document": {
    "Version": "2012-10-17",
    "Statement": [
      {"Sid": "Stop", "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"},
      {"Sid": "Write", "Effect": "Permit", "Action": "s3:PutObject", "Resource": "*"}
    ]}}]},
  "requests": [{"principal": "arn:aws:iam::111122223333:role/R", "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k"}]}"#;
    let (file, engine) = engine_of(text);
    let suggestions = engine.suggest(&file.scenario, 0).expect("suggestions");
    let mends: Vec<(usize, usize)> = suggestions
        .items
        .iter()
        .flat_map(|suggestion| &suggestion.changes)
        .filter_map(|change| match &change.edit {
            precedence::suggest::Edit::RepairStatement { line, column, .. } => {
                Some((*line, *column))
            }
            _ => None,
        })
        .collect();
    assert!(!mends.is_empty(), "{suggestions:?}");
    assert!(mends.iter().all(|&at| at == (6, 7)), "{mends:?}");
}
