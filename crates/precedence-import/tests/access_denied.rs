//! AccessDenied messages and CloudTrail events read into requests, and the check that the
//! imported scenario decides them as AWS did.
//!
//! The messages follow "Troubleshoot access denied error messages"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html>); the
//! CloudTrail fixture follows "CloudTrail record contents"
//! (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html>)
//! with AWS's documented example ids.

#![expect(
    clippy::unwrap_used,
    reason = "the fixtures are known to be valid: helpers fail loudly"
)]

use precedence::scenario::{ContextValue, Scalar};
use precedence::{Decision, Engine, Stage};
use precedence_import::{import, ImportError, ImportFile, ImportOptions, Imported};
use serde_json::Value;

const RECORDS: &str = include_str!("fixtures/access_denied/cloudtrail-records.json");
const SCP_DENY: &str = include_str!("fixtures/access_denied/cli-scp-deny.txt");
const PLAN: &str = include_str!("fixtures/terraform/plan.json");

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/App/i-0123456789abcdef0";

fn import_all(files: &[(&str, &str)]) -> Result<Imported, ImportError> {
    let files: Vec<ImportFile> = files
        .iter()
        .map(|&(name, text)| ImportFile { name, text })
        .collect();
    import(&files, &ImportOptions::default())
}

fn message(text: &str) -> Imported {
    import_all(&[("denied.txt", text)]).unwrap()
}

/// The plan of `tests/terraform.rs`, with its VPC endpoint already applied as `vpce-1a2b3c4d`.
fn plan_with_applied_endpoint() -> String {
    let mut plan: Value = serde_json::from_str(PLAN).unwrap();
    let resources = plan["planned_values"]["root_module"]["resources"]
        .as_array_mut()
        .unwrap();
    let endpoint = resources
        .iter_mut()
        .find(|r| r["address"] == "aws_vpc_endpoint.s3")
        .unwrap();
    endpoint["values"]["id"] = "vpce-1a2b3c4d".into();
    plan.to_string()
}

#[test]
fn each_message_form_becomes_its_expectation() {
    let on = "on resource: arn:aws:s3:::example-reports/q1.csv";
    let cases = [
        (
            "because no VPC endpoint policy allows the s3:GetObject action",
            Decision::ImplicitDeny,
            Stage::Endpoint,
        ),
        (
            "because no identity-based policy allows the s3:GetObject action",
            Decision::ImplicitDeny,
            Stage::Identity,
        ),
        (
            "because no resource-based policy allows the s3:GetObject action",
            Decision::ImplicitDeny,
            Stage::Resource,
        ),
        (
            "because no permissions boundary allows the s3:GetObject action",
            Decision::ImplicitDeny,
            Stage::Boundary,
        ),
        (
            "because no session policy allows the s3:GetObject action",
            Decision::ImplicitDeny,
            Stage::Session,
        ),
        (
            "with an explicit deny in a service control policy",
            Decision::ExplicitDeny,
            Stage::Scp,
        ),
        (
            "with an explicit deny in a resource control policy",
            Decision::ExplicitDeny,
            Stage::Rcp,
        ),
        (
            "with an explicit deny in a resource-based policy",
            Decision::ExplicitDeny,
            Stage::Resource,
        ),
        (
            "with an explicit deny in an identity-based policy",
            Decision::ExplicitDeny,
            Stage::Identity,
        ),
        (
            "with an explicit deny in a VPC endpoint policy",
            Decision::ExplicitDeny,
            Stage::Endpoint,
        ),
        (
            "with an explicit deny in a permissions boundary policy",
            Decision::ExplicitDeny,
            Stage::Boundary,
        ),
    ];
    for (reason, decision, stage) in cases {
        let text =
            format!("User: {ALICE} is not authorized to perform: s3:GetObject {on} {reason}");
        let imported = message(&text);
        assert_eq!(
            imported.report.files[0].kind.name(),
            "access-denied-message"
        );
        let request = &imported.scenario.requests[0];
        assert_eq!(
            (
                request.principal.as_str(),
                request.action.as_str(),
                request.resource.as_str(),
                request.expect,
                request.expect_stage
            ),
            (
                ALICE,
                "s3:GetObject",
                "arn:aws:s3:::example-reports/q1.csv",
                Some(decision),
                Some(stage)
            ),
            "{reason}"
        );
        assert!(request.name.as_deref().unwrap().contains("message"));
    }
}

#[test]
fn a_cli_error_with_a_session_and_the_policy_arn_is_read() {
    let text = "An error occurred (AccessDeniedException) when calling the GetSecretValue operation: User: arn:aws:sts::111122223333:assumed-role/App/i-0123456789abcdef0 is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf with an explicit deny in a service control policy: arn:aws:organizations::444455556666:policy/o-exampleorgid/service_control_policy/p-examplepolicyid111";
    let imported = message(text);
    let request = &imported.scenario.requests[0];
    assert_eq!(request.principal, SESSION);
    assert_eq!(request.action, "secretsmanager:GetSecretValue");
    assert_eq!(
        request.resource,
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf"
    );
    assert_eq!(request.expect_stage, Some(Stage::Scp));
    assert!(imported.report.files[0].notes.iter().any(|n| n
        .message
        .contains("policy/o-exampleorgid/service_control_policy/p-examplepolicyid111")));
}

#[test]
fn a_message_that_names_no_reason_or_resource_says_so() {
    let imported = message(&format!(
        "User: {ALICE} is not authorized to perform: iam:ListRoles"
    ));
    let request = &imported.scenario.requests[0];
    assert_eq!((request.resource.as_str(), request.expect), ("*", None));
    let notes: Vec<&str> = imported.report.files[0]
        .notes
        .iter()
        .map(|n| n.message.as_str())
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("names no resource")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("expects no decision")),
        "{notes:?}"
    );
}

#[test]
fn each_message_of_a_file_is_a_request() {
    let imported = message(&format!(
        "User: {ALICE} is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::111122223333:role/\nUser: {SESSION} is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab with an explicit deny in a resource-based policy\n"
    ));
    let read: Vec<(&str, &str, &str, Option<Stage>)> = imported
        .scenario
        .requests
        .iter()
        .map(|r| {
            (
                r.name.as_deref().unwrap(),
                r.action.as_str(),
                r.resource.as_str(),
                r.expect_stage,
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                "AccessDenied message 1: iam:ListRoles",
                "iam:ListRoles",
                "arn:aws:iam::111122223333:role/",
                None
            ),
            (
                "AccessDenied message 2: kms:Decrypt",
                "kms:Decrypt",
                "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                Some(Stage::Resource)
            ),
        ]
    );
}

#[test]
fn an_access_denied_without_details_is_refused_with_what_to_do() {
    let error = import_all(&[(
        "denied.txt",
        "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied",
    )])
    .unwrap_err();
    assert!(
        error.message.contains("does not say who"),
        "{}",
        error.message
    );
    assert!(error.help.contains("lookup-events"), "{}", error.help);
    let encoded = import_all(&[(
        "denied.txt",
        "An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not authorized to perform this operation. Encoded authorization failure message: AbCdEf",
    )])
    .unwrap_err();
    assert!(
        encoded.help.contains("decode-authorization-message"),
        "{}",
        encoded.help
    );
}

#[test]
fn a_cloudtrail_file_gives_its_denied_event_and_counts_the_rest() {
    let imported = import_all(&[("events.json", RECORDS)]).unwrap();
    let file = &imported.report.files[0];
    assert_eq!(file.kind.name(), "cloudtrail-event");
    assert_eq!(file.taken, [("requests".to_owned(), 1)]);
    assert!(file.notes.iter().any(|n| n
        .message
        .starts_with("1 event(s) without an error were skipped")));
    assert!(file
        .notes
        .iter()
        .any(|n| n.path.as_deref() == Some("Records[0]")
            && n.message
                .contains("describe-vpc-endpoints --vpc-endpoint-ids vpce-1a2b3c4d")));
    let [request] = imported.scenario.requests.as_slice() else {
        panic!("{:?}", imported.scenario.requests)
    };
    assert_eq!(request.principal, SESSION);
    assert_eq!(request.action, "s3:PutObject");
    assert_eq!(request.resource, "arn:aws:s3:::example-reports/q1.csv");
    assert_eq!(request.via_endpoint.as_deref(), Some("vpce-1a2b3c4d"));
    assert_eq!(request.expect, Some(Decision::ImplicitDeny));
    assert_eq!(request.expect_stage, Some(Stage::Endpoint));
    assert_eq!(
        request.context.get("aws:SourceIp"),
        Some(&ContextValue::One(Scalar::Text("10.0.1.25".into())))
    );
    assert!(request
        .name
        .as_deref()
        .unwrap()
        .contains("2026-01-15T10:15:09Z"));
}

#[test]
fn lookup_events_output_is_read_like_a_log_file() {
    let records: Value = serde_json::from_str(RECORDS).unwrap();
    let events: Vec<Value> = records["Records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| serde_json::json!({"EventName": e["eventName"], "CloudTrailEvent": e.to_string()}))
        .collect();
    let text = serde_json::json!({ "Events": events }).to_string();
    let imported = import_all(&[("lookup.json", &text)]).unwrap();
    assert_eq!(imported.scenario.requests.len(), 1);
    assert_eq!(imported.scenario.requests[0].action, "s3:PutObject");
}

#[test]
fn alone_an_access_denied_says_what_the_scenario_lacks() {
    let imported = import_all(&[("events.json", RECORDS)]).unwrap();
    let notes: Vec<&str> = imported
        .report
        .notes
        .iter()
        .filter(|n| n.path.as_deref() == Some("requests[0]"))
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(
        notes,
        ["AWS said no VPC endpoint policy allows it, but the scenario has no endpoint `vpce-1a2b3c4d`: import `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids vpce-1a2b3c4d`"]
    );

    let imported = message(SCP_DENY);
    let notes: Vec<&str> = imported
        .report
        .notes
        .iter()
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("explicit deny in a service control policy")
            && notes[0].contains("the scenario has no SCPs: import the organization's policies"),
        "{notes:?}"
    );

    let imported = message(&format!(
        "User: {ALICE} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::example-reports/q1.csv because no identity-based policy allows the s3:GetObject action"
    ));
    // With no policies at all the scenario denies at identity as AWS did: nothing to say.
    assert!(
        imported.report.notes.is_empty(),
        "{:?}",
        imported.report.notes
    );
}

#[test]
fn with_the_policies_that_explain_it_precedence_decides_as_aws_did() {
    let plan = plan_with_applied_endpoint();
    let imported = import_all(&[
        ("plan.json", &plan),
        ("events.json", RECORDS),
        ("denied.txt", SCP_DENY),
    ])
    .unwrap();
    assert!(
        imported.report.notes.is_empty(),
        "{:?}",
        imported.report.notes
    );
    let scenario = &imported.scenario;
    let engine = Engine::from_scenario(scenario);
    let decided: Vec<(Decision, Vec<Stage>)> = scenario
        .requests
        .iter()
        .map(|r| {
            let outcome = engine.decide(&engine.prepare(r).unwrap());
            assert_eq!(r.expectation_met(&outcome), Some(true), "{r:?}");
            (outcome.decision, outcome.blocked_by.iter().collect())
        })
        .collect();
    assert_eq!(
        decided,
        [
            (
                Decision::ImplicitDeny,
                vec![Stage::Identity, Stage::Endpoint]
            ),
            (Decision::ExplicitDeny, vec![Stage::Scp]),
        ]
    );
}

#[test]
fn a_request_the_scenario_allows_is_a_mismatch_with_the_likely_cause() {
    // The plan's endpoint allows s3:GetObject and so does the role: AWS's "no VPC endpoint
    // policy allows" means the scenario's copy of the endpoint policy is not the one AWS used.
    let plan = plan_with_applied_endpoint();
    let text = format!(
        "User: {SESSION} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::example-reports/q1.csv because no VPC endpoint policy allows the s3:GetObject action (vpce-1a2b3c4d)"
    );
    let imported = import_all(&[("plan.json", &plan), ("denied.txt", &text)]).unwrap();
    let notes: Vec<&str> = imported
        .report
        .notes
        .iter()
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(
        notes,
        ["AWS said no VPC endpoint policy allows it, but the scenario allows it: the scenario's policy of `vpce-1a2b3c4d` allows it: import its current policy (`aws ec2 describe-vpc-endpoints --vpc-endpoint-ids vpce-1a2b3c4d`)"]
    );
}
