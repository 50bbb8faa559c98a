//! Who can do this, through the public API: the model's principals, the requests' callers and
//! whoever a resource policy names, allowed first, the others with the stages that stop them.

use precedence::access::Verdict;
use precedence::who_can::Origin;
use precedence::{Engine, Scenario};
use serde_json::json;

#[test]
fn principals_of_the_model_and_those_a_bucket_policy_names_are_each_answered() {
    let scenario: Scenario = serde_json::from_value(json!({
        "managed_policies": [{"arn": "arn:aws:iam::111122223333:policy/Read", "document":
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}],
        "principals": [
            {"arn": "arn:aws:iam::111122223333:role/Reader", "attached_policies": ["arn:aws:iam::111122223333:policy/Read"]},
            {"arn": "arn:aws:iam::111122223333:role/Writer"}
        ],
        "resources": [{"arn": "arn:aws:s3:::reports", "policy": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "444455556666", "Service": "cloudtrail.amazonaws.com"},
             "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}}],
        "requests": [{"principal": "arn:aws:iam::777788889999:role/Stranger", "action": "s3:GetObject", "resource": "arn:aws:s3:::reports/a"}]
    }))
    .expect("scenario");
    let engine = Engine::from_scenario(&scenario);
    let answer = engine
        .who_can(&scenario, "s3:GetObject", "arn:aws:s3:::reports/a", None)
        .expect("answer");
    let verdict = |principal: &str| {
        answer
            .entries
            .iter()
            .find(|e| e.principal == principal)
            .map(|e| (e.answer.verdict, e.origin))
    };
    assert_eq!(
        verdict("arn:aws:iam::111122223333:role/Reader"),
        Some((Verdict::Allowed, Origin::Model))
    );
    assert_eq!(
        verdict("arn:aws:iam::111122223333:role/Writer"),
        Some((Verdict::ImplicitDeny, Origin::Model))
    );
    // The bucket policy names an account (its root user is asked) and a service principal.
    assert_eq!(
        verdict("arn:aws:iam::444455556666:root"),
        Some((Verdict::Allowed, Origin::Named))
    );
    assert_eq!(
        verdict("cloudtrail.amazonaws.com"),
        Some((Verdict::Allowed, Origin::Named))
    );
    let stranger = answer
        .entries
        .iter()
        .find(|e| e.origin == Origin::Request)
        .expect("the request's caller");
    // An S3 ARN names no account, so the bucket is taken to be the caller's: its own
    // account's identity policies, which it has none of, stop it.
    assert_eq!(stranger.answer.verdict, Verdict::ImplicitDeny);
    let stages: Vec<&str> = stranger
        .answer
        .blocked_by
        .iter()
        .map(|s| s.name())
        .collect();
    assert_eq!(stages, ["identity"]);
    // Allowed first.
    let first_denied = answer
        .entries
        .iter()
        .position(|e| e.answer.verdict != Verdict::Allowed)
        .expect("some are denied");
    assert!(answer.entries[first_denied..]
        .iter()
        .all(|e| e.answer.verdict != Verdict::Allowed));
}
