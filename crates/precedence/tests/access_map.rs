//! The access map through the public API, over the embedded service catalog: what a principal
//! may do, action by action, `conditional` where it hangs on keys the question left open, and
//! resource patterns answered as every, some or none.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail loudly on broken fixtures"
)]

use precedence::access::{AccessMap, AccessQuery, Scope, Verdict};
use precedence::{Catalog, Decision, Engine, Scenario};
use serde_json::json;

const ROLE: &str = "arn:aws:iam::111122223333:role/AppRole";
const TABLE: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/StockTable";

fn map(scenario: serde_json::Value, query: AccessQuery) -> AccessMap {
    let scenario: Scenario = serde_json::from_value(scenario).expect("scenario");
    let catalog = Catalog::embedded().expect("catalog");
    Engine::from_scenario(&scenario)
        .access_map(catalog, &query)
        .expect("map")
}

fn verdict(map: &AccessMap, action: &str, resource: &str) -> Verdict {
    map.entries
        .iter()
        .find(|e| e.action == action && e.resource == resource)
        .unwrap_or_else(|| panic!("no entry for {action} on {resource}"))
        .answer
        .verdict
}

#[test]
fn the_read_only_endpoint_limits_what_the_role_can_do_through_it() {
    let scenario = json!({
        "policies": {
            "identity": [{"id": "AppDynamo", "document": {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]}}],
            "endpoint": [{"id": "vpce-11aa22bb", "vpc": "vpc-12345678", "document": {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": "*",
                    "Action": ["dynamodb:DescribeTable", "dynamodb:ListTables"], "Resource": "*"}]}}]
        }
    });
    let query = AccessQuery {
        principal: ROLE.into(),
        resources: vec![TABLE.into()],
        services: vec!["dynamodb".into()],
        via_endpoint: Some("vpce-11aa22bb".into()),
        ..AccessQuery::default()
    };
    let through = map(scenario.clone(), query.clone());
    let allowed: Vec<&str> = through
        .entries
        .iter()
        .filter(|e| e.answer.verdict == Verdict::Allowed)
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(allowed, ["dynamodb:DescribeTable", "dynamodb:ListTables"]);
    let get = through
        .entries
        .iter()
        .find(|e| e.action == "dynamodb:GetItem")
        .expect("GetItem applies to a table");
    assert_eq!(
        get.answer
            .blocked_by
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>(),
        ["endpoint"]
    );
    // ListTables takes no resource: asked once, on `*`.
    assert_eq!(
        verdict(&through, "dynamodb:ListTables", "*"),
        Verdict::Allowed
    );
    // Not through the endpoint, the identity policy alone decides.
    let outside = map(
        scenario,
        AccessQuery {
            via_endpoint: None,
            ..query
        },
    );
    assert_eq!(
        verdict(&outside, "dynamodb:GetItem", TABLE),
        Verdict::Allowed
    );
    let summary = &outside.summary[0];
    assert_eq!(summary.service, "dynamodb");
    let total: usize = summary.levels.iter().map(|(_, c)| c.allowed).sum();
    assert_eq!(total, outside.entries.len(), "everything allowed outside");
}

#[test]
fn a_condition_on_a_key_the_question_leaves_open_is_conditional() {
    let scenario = json!({"policies": {"identity": [
        {"id": "Read", "document": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Sid": "OnlyFromVpc", "Effect": "Deny", "Action": "s3:*", "Resource": "*",
             "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-12345678"}}}]}}]}});
    let result = map(
        scenario,
        AccessQuery {
            principal: ROLE.into(),
            resources: vec!["arn:aws:s3:::reports/q1.csv".into()],
            services: vec!["s3".into()],
            ..AccessQuery::default()
        },
    );
    let entry = result
        .entries
        .iter()
        .find(|e| e.action == "s3:GetObject")
        .expect("GetObject");
    assert_eq!(entry.answer.verdict, Verdict::Conditional);
    assert_eq!(entry.answer.keys, ["aws:SourceVpc"]);
    assert_eq!(entry.answer.decision, Decision::ExplicitDeny);
    assert_eq!(entry.answer.otherwise, Some(Decision::Allowed));
    // PutObject is denied the same way, but no Allow lets it in either way: not conditional.
    assert_eq!(
        verdict(&result, "s3:PutObject", "arn:aws:s3:::reports/q1.csv"),
        Verdict::ExplicitDeny
    );
}

#[test]
fn a_resource_pattern_is_answered_as_every_some_or_none() {
    let scenario = json!({"policies": {"identity": [
        {"id": "Public", "document": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/public/*"},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::reports/*"}]}}]}});
    let result = map(
        scenario,
        AccessQuery {
            principal: ROLE.into(),
            resources: vec!["arn:aws:s3:::reports/*".into()],
            services: vec!["s3".into()],
            ..AccessQuery::default()
        },
    );
    let coverage = |action: &str| {
        result
            .entries
            .iter()
            .find(|e| e.action == action)
            .and_then(|e| e.coverage.clone())
            .expect("a pattern's coverage")
    };
    let get = coverage("s3:GetObject");
    assert_eq!(get.scope, Scope::Some);
    assert_eq!(
        get.allowed.as_deref(),
        Some("arn:aws:s3:::reports/public/x")
    );
    assert!(get.denied.is_some());
    assert_eq!(coverage("s3:PutObject").scope, Scope::Every);
    assert_eq!(coverage("s3:DeleteObject").scope, Scope::None);
}
