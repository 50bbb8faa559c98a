//! Switching off: a policy, a statement or a context key kept in the scenario but left out of
//! evaluation, and said in the trace. The examples are the teaching ones, so each test reads as
//! the lesson a learner would take from flipping that one thing.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use precedence::scenario::SwitchOff;
use precedence::trace::{SwitchedOff, WrittenStatement};
use precedence::{Decision, Engine, Evaluation, Scenario, Stage};
use serde_json::{json, Value};

fn example(stem: &str) -> Value {
    let path = format!("{}/../../examples/{stem}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("example is readable");
    serde_json::from_str(&text).expect("example is JSON")
}

fn scenario(value: Value) -> Scenario {
    serde_json::from_value(value).expect("scenario shape")
}

/// Request `index` of `scenario`, evaluated in full; checks the fast path agrees.
fn evaluate(scenario: &Scenario, index: usize) -> Evaluation {
    let engine = Engine::from_scenario(scenario);
    let prepared = engine
        .prepare(&scenario.requests[index])
        .expect("request prepares");
    let evaluation = engine.evaluate(&prepared);
    let outcome = engine.decide(&prepared);
    assert_eq!(
        (outcome.decision, outcome.blocked_by),
        (evaluation.decision, evaluation.blocked_by),
        "the fast and the traced path disagree"
    );
    evaluation
}

fn switch(policy: &str, statement: Option<&str>) -> SwitchOff {
    SwitchOff {
        policy: policy.to_owned(),
        statement: statement.map(str::to_owned),
    }
}

fn listed_policies(evaluation: &Evaluation, stage: Stage) -> Vec<String> {
    evaluation
        .stages
        .iter()
        .filter(|s| s.stage == stage)
        .flat_map(|s| &s.policies)
        .map(|p| p.id.clone())
        .collect()
}

#[test]
fn switching_off_the_scp_deny_turns_explicit_deny_into_allowed_and_says_so() {
    let mut outside = scenario(example("seed003-scp-deny-dynamodb-outside-vpc"));
    // Request 1: GetItem from outside any VPC.
    assert_eq!(evaluate(&outside, 1).decision, Decision::ExplicitDeny);
    outside
        .switched_off
        .push(switch("DenyDynamoDBOutsideVPC", None));
    let evaluation = evaluate(&outside, 1);
    assert_eq!(evaluation.decision, Decision::Allowed);
    assert_eq!(
        evaluation.switched_off,
        [SwitchedOff::Policy {
            stage: Stage::Scp,
            policy_id: "DenyDynamoDBOutsideVPC".into(),
            owner: None,
        }]
    );
    assert!(!listed_policies(&evaluation, Stage::Scp).contains(&"DenyDynamoDBOutsideVPC".into()));
    assert_eq!(
        evaluation.switched_off[0].describe(),
        "service control policy `DenyDynamoDBOutsideVPC`"
    );
}

#[test]
fn switching_off_a_levels_only_allow_leaves_the_level_without_one() {
    let mut scp = scenario(example("seed003-scp-deny-dynamodb-outside-vpc"));
    // Request 5: S3 read, allowed by every level's FullAWSAccess.
    assert_eq!(evaluate(&scp, 5).decision, Decision::Allowed);
    scp.switched_off.push(switch("FullAWSAccess-account", None));
    let evaluation = evaluate(&scp, 5);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    assert!(evaluation.blocked_by.contains(Stage::Scp));
}

#[test]
fn switching_off_a_statement_by_sid_or_index_keeps_it_in_the_trace_where_it_stands() {
    let mut deny_wins = scenario(example("teach-explicit-deny-wins"));
    // Request 1: DeleteObject, denied by the identity policy's NeverDeleteAuditObjects.
    assert_eq!(evaluate(&deny_wins, 1).decision, Decision::ExplicitDeny);
    for selector in ["NeverDeleteAuditObjects", "#1"] {
        deny_wins.switched_off = vec![switch("LogAdminPermissions", Some(selector))];
        let evaluation = evaluate(&deny_wins, 1);
        assert_eq!(evaluation.decision, Decision::Allowed, "{selector}");
        let identity = evaluation
            .stages
            .iter()
            .find(|s| s.stage == Stage::Identity)
            .expect("identity stage");
        let policy = &identity.policies[0];
        let written: Vec<(usize, bool)> = policy
            .in_written_order()
            .iter()
            .map(|item| match item {
                WrittenStatement::Evaluated(s) => (s.index, false),
                WrittenStatement::LeftOut(l) => (l.index, false),
                WrittenStatement::SwitchedOff(o) => (o.index, true),
            })
            .collect();
        assert_eq!(written, [(0, false), (1, true)], "{selector}");
        let off = &policy.switched_off_statements[0];
        assert_eq!(off.label, "NeverDeleteAuditObjects");
        assert!(
            off.position.line > 1,
            "a line in the scenario file: {:?}",
            off.position
        );
        assert!(matches!(
            &evaluation.switched_off[..],
            [SwitchedOff::Statement { stage: Stage::Identity, label, .. }] if label == "NeverDeleteAuditObjects"
        ));
    }
    // The other requests still meet the statement's neighbours as before.
    assert_eq!(evaluate(&deny_wins, 0).decision, Decision::Allowed);
}

#[test]
fn switching_off_a_derived_or_a_given_context_key_takes_it_out_of_the_request() {
    let mut vpc = scenario(example("seed003-scp-deny-dynamodb-outside-vpc"));
    // Request 0: GetItem from the production VPC: aws:SourceVpc is derived from the endpoint.
    assert_eq!(evaluate(&vpc, 0).decision, Decision::Allowed);
    vpc.requests[0].switched_off_context = vec!["aws:sourcevpc".into()];
    let evaluation = evaluate(&vpc, 0);
    assert_eq!(evaluation.decision, Decision::ExplicitDeny);
    assert!(evaluation.context.get("aws:sourcevpc").is_none());
    assert!(evaluation.context.get("aws:sourcevpce").is_some());
    assert_eq!(
        evaluation.switched_off,
        [SwitchedOff::ContextKey {
            key: "aws:sourcevpc".into()
        }]
    );

    let mut perimeter = scenario(example("teach-rcp-org-perimeter"));
    // Request 0: an organization role, aws:PrincipalOrgID given in the context.
    assert_eq!(evaluate(&perimeter, 0).decision, Decision::Allowed);
    perimeter.requests[0].switched_off_context = vec!["aws:PrincipalOrgID".into()];
    let evaluation = evaluate(&perimeter, 0);
    assert_eq!(evaluation.decision, Decision::ExplicitDeny);
    assert!(evaluation.blocked_by.contains(Stage::Rcp));
}

#[test]
fn switching_off_the_endpoints_policy_takes_the_endpoint_stage_out() {
    let mut endpoint = scenario(example("teach-endpoint-does-not-stop-outside-access"));
    // Request 1: CustomerTable through the endpoint, which allows only StockTable.
    let before = evaluate(&endpoint, 1);
    assert_eq!(before.decision, Decision::ImplicitDeny);
    assert!(before.blocked_by.contains(Stage::Endpoint));
    let id = endpoint.requests[1]
        .via_endpoint
        .clone()
        .expect("through an endpoint");
    endpoint.switched_off.push(switch(&id, None));
    let evaluation = evaluate(&endpoint, 1);
    assert_eq!(evaluation.decision, Decision::Allowed);
    let stage = evaluation
        .stages
        .iter()
        .find(|s| s.stage == Stage::Endpoint)
        .expect("endpoint stage");
    assert!(stage.summary.contains("switched off"), "{}", stage.summary);
    assert!(matches!(
        &evaluation.switched_off[..],
        [SwitchedOff::Policy { stage: Stage::Endpoint, policy_id, .. }] if *policy_id == id
    ));
    // The request still comes through the endpoint: its keys are still derived.
    assert!(evaluation.context.get("aws:sourcevpce").is_some());
}

#[test]
fn switching_off_every_identity_policy_leaves_nothing_to_allow() {
    let mut boundary = scenario(example("teach-permissions-boundary-limits"));
    assert_eq!(evaluate(&boundary, 0).decision, Decision::Allowed);
    let ids: Vec<String> = boundary
        .policies
        .identity
        .iter()
        .map(|p| p.id.clone())
        .collect();
    boundary.switched_off = ids.iter().map(|id| switch(id, None)).collect();
    let evaluation = evaluate(&boundary, 0);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    assert!(evaluation.blocked_by.contains(Stage::Identity));
}

#[test]
fn a_switch_that_names_nothing_is_said_with_where_it_is() {
    let mut deny_wins = scenario(example("teach-explicit-deny-wins"));
    deny_wins.switched_off = vec![
        switch("NoSuchPolicy", None),
        switch("LogAdminPermissions", Some("#7")),
        switch("LogAdminPermissions", Some("NeverDeleteAuditObjects")),
    ];
    let engine = Engine::from_scenario(&deny_wins);
    let said = engine.switches_naming_nothing();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said[0].starts_with("switched_off[0] names the policy `NoSuchPolicy`"),
        "{}",
        said[0]
    );
    assert!(
        said[1].starts_with("switched_off[1] names statement `#7`"),
        "{}",
        said[1]
    );
}

#[test]
fn switches_travel_in_the_scenario_format_and_survive_an_edit_of_the_text() {
    let value = json!({
        "policies": {"identity": [{"id": "App", "document": {"Version": "2012-10-17", "Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]}}]},
        "switched_off": [{"policy": "App", "statement": "NoDelete"}],
        "requests": [{"principal": "arn:aws:iam::111122223333:role/R", "action": "s3:DeleteObject",
            "resource": "arn:aws:s3:::b/k", "switched_off_context": ["aws:SourceIp"]}]
    });
    let read = scenario(value.clone());
    assert_eq!(serde_json::to_value(&read).expect("serializes"), value);
    let engine = Engine::from_scenario(&read);
    let policy = &engine.policies()[0];
    assert_eq!(policy.switched_off_statements.len(), 1);
    // An edited text (as a suggestion makes) keeps the statement switched off.
    let edited = policy.with_text(policy.text.replace("s3:GetObject", "s3:Get*"));
    assert_eq!(edited.switched_off_statements.len(), 1);
    assert_eq!(
        edited.policy.as_ref().map(|p| p.statements.len()),
        Some(1),
        "only Read is evaluated"
    );
}
