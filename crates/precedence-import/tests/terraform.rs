//! Terraform plans (`terraform show -json PLANFILE`) read into scenarios.
//!
//! The fixture `fixtures/terraform/plan.json` is written by hand in the shape of HashiCorp's
//! "JSON Output Format" (<https://developer.hashicorp.com/terraform/internals/json-format>):
//! a role with a trust policy, a customer managed policy attached by reference, an AWS managed
//! policy attached by ARN, two inline role policies (one unknown until apply), a bucket policy
//! on a bucket named by reference, a gateway VPC endpoint, an SCP attached to an account, and
//! a child module with a user and its inline policy.

#![expect(
    clippy::unwrap_used,
    reason = "the fixtures are known to be valid: helpers fail loudly"
)]

use precedence::{Decision, Engine, ScenarioFile, Stage};
use precedence_import::{import, ImportFile, ImportOptions, Imported};
use serde_json::{json, Value};

const PLAN: &str = include_str!("fixtures/terraform/plan.json");

fn read(text: &str) -> Imported {
    import(
        &[ImportFile {
            name: "plan.json",
            text,
        }],
        &ImportOptions::default(),
    )
    .unwrap()
}

fn notes_at<'a>(imported: &'a Imported, address: &str) -> Vec<&'a str> {
    imported.report.files[0]
        .notes
        .iter()
        .filter(|n| n.path.as_deref() == Some(address))
        .map(|n| n.message.as_str())
        .collect()
}

#[test]
fn the_plan_is_counted_by_what_it_gave() {
    let imported = read(PLAN);
    let file = &imported.report.files[0];
    assert_eq!(file.kind.name(), "terraform-plan");
    let taken: Vec<(&str, usize)> = file.taken.iter().map(|(w, n)| (w.as_str(), *n)).collect();
    for expected in [
        ("roles", 1),
        ("managed policies", 1),
        ("policy attachments", 1),
        ("inline policies", 2),
        ("bucket policies", 1),
        ("VPC endpoints", 1),
        ("organization policies", 1),
        ("organization policy attachments", 1),
        ("users", 1),
    ] {
        assert!(taken.contains(&expected), "{expected:?} in {taken:?}");
    }
    assert!(imported.scenario.reference_errors().is_empty());
    // The S3 bucket itself holds no policy: it is counted among the others.
    assert!(file
        .notes
        .iter()
        .any(|n| n.path.is_none() && n.message.starts_with("1 resource(s) of other types")));
}

#[test]
fn references_are_followed_to_what_the_plan_knows() {
    let scenario = read(PLAN).scenario;
    let app = scenario
        .principals
        .iter()
        .find(|p| p.arn == "arn:aws:iam::111122223333:role/App")
        .unwrap();
    // `policy_arn = aws_iam_policy.read.arn`, unknown until apply, is built from the policy's
    // path and name and the account of `data.aws_caller_identity.current`.
    assert_eq!(
        app.attached_policies,
        ["arn:aws:iam::111122223333:policy/app/AppRead"]
    );
    assert_eq!(
        scenario.managed_policies[0].arn,
        "arn:aws:iam::111122223333:policy/app/AppRead"
    );
    let inline: Vec<&str> = app
        .inline_policies
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(inline, ["WriteLogs"]);
    assert!(app.trust_policy.is_some());
    assert_eq!(
        app.tags.get("managed-by").map(String::as_str),
        Some("terraform")
    );
    // `bucket = aws_s3_bucket.reports.id`, unknown until apply, is the bucket's name.
    assert_eq!(scenario.resources[0].arn, "arn:aws:s3:::example-reports");
    let endpoint = &scenario.policies.endpoint[0];
    assert_eq!(endpoint.id, "vpce-tf-aws_vpc_endpoint.s3");
    assert_eq!(endpoint.vpc.as_deref(), Some("vpc-1a2b3c4d"));
    let scps: Vec<(&str, Vec<String>)> = scenario
        .policies
        .scp
        .iter()
        .map(|e| (e.id.as_str(), e.target.as_ref().unwrap().ids().to_vec()))
        .collect();
    assert_eq!(
        scps,
        [
            ("DenyBucketDeletion", vec!["111122223333".to_owned()]),
            ("FullAWSAccess", vec!["111122223333".to_owned()])
        ]
    );
    let auditor = scenario
        .principals
        .iter()
        .find(|p| p.arn == "arn:aws:iam::111122223333:user/audit/auditor")
        .unwrap();
    assert_eq!(auditor.inline_policies[0].name, "LookupEvents");
}

#[test]
fn what_is_unknown_until_apply_is_said_where_it_is() {
    let imported = read(PLAN);
    let queue = notes_at(&imported, "aws_iam_role_policy.queue");
    assert!(
        queue
            .iter()
            .any(|n| n.contains("`policy` is unknown until apply")),
        "{queue:?}"
    );
    let policy = notes_at(&imported, "aws_iam_policy.read");
    assert!(
        policy
            .iter()
            .any(|n| n.contains("assigned at apply") && n.contains("policy/app/AppRead")),
        "{policy:?}"
    );
    let endpoint = notes_at(&imported, "aws_vpc_endpoint.s3");
    assert!(
        endpoint
            .iter()
            .any(|n| n.contains("`vpce-tf-aws_vpc_endpoint.s3`")),
        "{endpoint:?}"
    );
    let ssm = notes_at(&imported, "aws_iam_role_policy_attachment.ssm");
    assert!(
        ssm.iter()
            .any(|n| n.contains("AmazonSSMManagedInstanceCore")
                && n.contains("get-account-authorization-details")),
        "{ssm:?}"
    );
    let attachment = notes_at(&imported, "aws_organizations_policy_attachment.workloads");
    assert!(
        attachment.iter().any(|n| n.contains("FullAWSAccess")),
        "{attachment:?}"
    );
}

#[test]
fn without_the_account_arns_carry_a_marked_placeholder() {
    let mut plan: Value = serde_json::from_str(PLAN).unwrap();
    plan.as_object_mut().unwrap().remove("prior_state");
    let imported = read(&plan.to_string());
    let arns: Vec<&str> = imported
        .scenario
        .principals
        .iter()
        .map(|p| p.arn.as_str())
        .collect();
    assert!(
        arns.contains(&"arn:aws:iam::000000000000:role/App"),
        "{arns:?}"
    );
    assert!(imported.report.files[0]
        .notes
        .iter()
        .any(|n| n.path.is_none() && n.message.contains("placeholder account `000000000000`")));
    assert!(imported.scenario.reference_errors().is_empty());
}

#[test]
fn the_imported_plan_decides_after_a_round_trip_through_a_file() {
    let mut scenario = serde_json::to_value(read(PLAN).scenario).unwrap();
    let session = "arn:aws:sts::111122223333:assumed-role/App/i-0123456789abcdef0";
    let request = |action: &str, resource: &str, secure: &str| {
        json!({
            "principal": session, "action": action, "resource": resource,
            "via_endpoint": "vpce-tf-aws_vpc_endpoint.s3",
            "context": {"aws:SecureTransport": secure}
        })
    };
    scenario["requests"] = json!([
        request("s3:GetObject", "arn:aws:s3:::example-reports/q1.csv", "true"),
        request("s3:GetObject", "arn:aws:s3:::example-reports/q1.csv", "false"),
        request("s3:DeleteBucket", "arn:aws:s3:::example-reports", "true"),
        request("s3:PutObject", "arn:aws:s3:::example-reports/q1.csv", "true"),
        {"principal": session, "action": "logs:PutLogEvents",
         "resource": "arn:aws:logs:us-east-1:111122223333:log-group:/app/web:log-stream:1"},
        {"principal": "arn:aws:iam::111122223333:user/audit/auditor",
         "action": "cloudtrail:LookupEvents", "resource": "*"},
    ]);
    let text = serde_json::to_string_pretty(&scenario).unwrap();
    let file = ScenarioFile::from_text(&text).unwrap();
    let engine = Engine::from_file(&file, &text);
    let outcomes: Vec<(Decision, Vec<Stage>)> = file
        .scenario
        .requests
        .iter()
        .map(|r| {
            let outcome = engine.decide(&engine.prepare(r).unwrap());
            (outcome.decision, outcome.blocked_by.iter().collect())
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            (Decision::Allowed, vec![]),
            (Decision::ExplicitDeny, vec![Stage::Resource]),
            (Decision::ExplicitDeny, vec![Stage::Scp]),
            (
                Decision::ImplicitDeny,
                vec![Stage::Identity, Stage::Endpoint]
            ),
            (Decision::Allowed, vec![]),
            (Decision::Allowed, vec![]),
        ]
    );
}

#[test]
fn a_plan_of_another_format_or_shape_is_refused_where_it_is_wrong() {
    let error = import(
        &[ImportFile {
            name: "plan.json",
            text: "{\n  \"format_version\": \"2.0\",\n  \"planned_values\": {}\n}",
        }],
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(error.path.as_deref(), Some("format_version"));
    assert_eq!(error.position.map(|p| (p.line, p.column)), Some((2, 21)));
    assert!(error.message.contains("`2.0`"), "{}", error.message);

    let text = r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": {}}}}"#;
    let error = import(
        &[ImportFile {
            name: "plan.json",
            text,
        }],
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        error.path.as_deref(),
        Some("planned_values.root_module.resources")
    );
    assert!(error.message.contains("not an array"), "{}", error.message);

    let text = r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
        {"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p",
         "values": {"name": "P", "policy": 7}}]}}}"#;
    let error = import(
        &[ImportFile {
            name: "plan.json",
            text,
        }],
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        error.path.as_deref(),
        Some("planned_values.root_module.resources[0].values.policy")
    );
    assert_eq!(error.position.map(|p| p.line), Some(3));
}
