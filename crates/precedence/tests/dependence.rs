//! What a decision depends on: the statements whose conditions, going the other way, would
//! change it, with their keys.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use precedence::Decision;
use serde_json::json;

#[path = "support/policies.rs"]
mod support;
use support::{allow, evaluate};

const ROLE: &str = "arn:aws:iam::111122223333:role/AppRole";

fn only_from_vpc() -> serde_json::Value {
    json!({"Version": "2012-10-17", "Statement": [{"Sid": "OnlyFromVpc", "Effect": "Deny",
        "Action": "s3:*", "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-12345678"}}}]})
}

#[test]
fn a_deny_whose_condition_decides_is_named_with_its_key_and_the_other_decision() {
    let evaluation = evaluate(json!({
        "policies": {"identity": [
            {"id": "Read", "document": allow("s3:GetObject", "*")},
            {"id": "Fence", "document": only_from_vpc()}
        ]},
        "requests": [{"principal": ROLE, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}]
    }));
    assert_eq!(evaluation.decision, Decision::ExplicitDeny);
    assert_eq!(
        evaluation.depends_on.len(),
        1,
        "{:?}",
        evaluation.depends_on
    );
    let dependence = &evaluation.depends_on[0];
    assert_eq!(dependence.keys, ["aws:SourceVpc"]);
    assert_eq!(dependence.present, [false]);
    assert_eq!(dependence.statement, "OnlyFromVpc");
    assert!(dependence.holds);
    assert_eq!(dependence.otherwise, Decision::Allowed);
}

#[test]
fn a_condition_that_cannot_change_the_decision_is_not_a_dependence() {
    // Two Allows: the conditional one is not needed, so its key changes nothing.
    let conditional = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]});
    let evaluation = evaluate(json!({
        "policies": {"identity": [
            {"id": "Plain", "document": allow("s3:GetObject", "*")},
            {"id": "Tls", "document": conditional}
        ]},
        "requests": [{"principal": ROLE, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}]
    }));
    assert_eq!(evaluation.decision, Decision::Allowed);
    assert!(
        evaluation.depends_on.is_empty(),
        "{:?}",
        evaluation.depends_on
    );

    // Nor is a conditional statement for another action.
    let evaluation = evaluate(json!({
        "policies": {"identity": [
            {"id": "Read", "document": allow("s3:GetObject", "*")},
            {"id": "Fence", "document": only_from_vpc()}
        ]},
        "requests": [{"principal": ROLE, "action": "dynamodb:GetItem", "resource": "*"}]
    }));
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    assert!(
        evaluation.depends_on.is_empty(),
        "{:?}",
        evaluation.depends_on
    );
}

#[test]
fn an_allow_that_needs_its_condition_is_a_dependence_when_the_key_is_given() {
    let conditional = json!({"Version": "2012-10-17", "Statement": [{"Sid": "FromOffice",
        "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]});
    let evaluation = evaluate(json!({
        "policies": {"identity": [{"id": "Office", "document": conditional}]},
        "requests": [{"principal": ROLE, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k",
                      "context": {"aws:SourceIp": "203.0.113.7"}}]
    }));
    assert_eq!(evaluation.decision, Decision::Allowed);
    let dependence = &evaluation.depends_on[0];
    assert_eq!(
        (
            dependence.present.as_slice(),
            dependence.holds,
            dependence.otherwise
        ),
        ([true].as_slice(), true, Decision::ImplicitDeny)
    );
}
