//! `precedence import` from the outside: each kind of file it reads, imported by the real
//! binary into a scenario file, then that file given requests with the decisions its policies
//! call for and checked by `precedence test`; the report on standard error; located errors.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

/// The account the fixtures place in the Sandbox OU, where bucket deletion is denied.
const SANDBOX: &str = "444455556666";

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../precedence-import/tests/fixtures")
        .join(path)
}

#[path = "support/cli_run.rs"]
mod cli_run;
use cli_run::{precedence, Run};

/// Import `files` (with `extra` arguments) into a scenario file in `dir`; the report.
fn import(dir: &tempfile::TempDir, files: &[PathBuf], extra: &[&str]) -> (PathBuf, String) {
    let out = dir.path().join("imported.json");
    let mut args: Vec<String> = vec!["import".into()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend(["-o".into(), out.display().to_string()]);
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    let arguments: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = precedence(&arguments);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "the scenario went to the file");
    (out, run.stderr)
}

/// `scenario` with `requests` added, written back, checked by `precedence test`.
fn test_with(path: &Path, requests: Value) -> Run {
    let mut scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("written")).expect("JSON");
    let list = scenario["requests"].as_array_mut().expect("requests");
    list.extend(requests.as_array().cloned().unwrap_or_default());
    std::fs::write(path, serde_json::to_string_pretty(&scenario).expect("JSON")).expect("write");
    precedence(&["test", &path.display().to_string()])
}

fn passes(run: &Run, count: usize) {
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(&format!("{count} passed, 0 failed")),
        "{}",
        run.stdout
    );
}

#[test]
fn organizations_output_round_trips_through_test() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files: Vec<PathBuf> = std::fs::read_dir(fixture("organizations"))
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    let (path, report) = import(&dir, &files, &[]);
    assert!(report.contains("read as organizations-policy"), "{report}");
    assert!(report.contains("read as organizations-targets"), "{report}");
    let scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("written")).expect("JSON");
    let accounts = scenario["organization"]["accounts"]
        .as_array()
        .expect("accounts");
    assert!(accounts.len() >= 3, "{accounts:?}");
    let mut scenario = scenario.clone();
    let scps = scenario["policies"]["scp"].as_array().expect("scps");
    assert!(scps.iter().any(|p| p["id"] == "FullAWSAccess"), "{scps:?}");
    // Requests decided as the imported SCPs and RCP say, an identity policy allowing
    // everything: bucket deletion is denied in the Sandbox OU's account and not in Production's;
    // an outsider is denied by the RCP on the root.
    scenario["policies"]["identity"] = json!([{"id": "Admin", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]);
    scenario["policies"]["resource"] = json!([{"id": "Open", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}}]);
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&scenario).expect("JSON"),
    )
    .expect("write");
    let run = test_with(
        &path,
        json!([
            {"name": "sandbox deletes", "principal": format!("arn:aws:iam::{SANDBOX}:role/App"), "action": "s3:DeleteBucket",
             "resource": "arn:aws:s3:::sandbox-bucket", "expect": "explicitDeny", "expect_stage": "scp"},
            {"name": "production deletes", "principal": "arn:aws:iam::111122223333:role/App", "action": "s3:DeleteBucket",
             "resource": "arn:aws:s3:::prod-bucket", "expect": "allowed"},
            {"name": "outsider reads", "principal": "arn:aws:iam::123456789012:role/Partner", "action": "s3:GetObject",
             "resource": "arn:aws:s3:::prod-bucket/report.csv", "resource_account": "111122223333",
             "expect": "explicitDeny", "expect_stage": "rcp"}
        ]),
    );
    passes(&run, 3);
}

#[test]
fn authorization_details_of_two_accounts_round_trip_through_test() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, report) = import(
        &dir,
        &[
            fixture("iam/account-111122223333.cli.json"),
            fixture("iam/account-444455556666.cli.json"),
        ],
        &[],
    );
    assert!(
        report.contains("read as iam-authorization-details"),
        "{report}"
    );
    assert!(report.contains("3 roles"), "{report}");
    let table = "arn:aws:dynamodb:us-east-1:111122223333:table/StockTable";
    let run = test_with(
        &path,
        json!([
            {"name": "the app reads through its managed policy", "principal": "arn:aws:iam::111122223333:role/AppRole",
             "action": "dynamodb:GetItem", "resource": table, "expect": "allowed"},
            {"name": "the writer's boundary stops its inline Allow", "principal": "arn:aws:sts::111122223333:assumed-role/StockWriter/batch",
             "action": "dynamodb:PutItem", "resource": table, "expect": "implicitDeny", "expect_stage": "boundary"},
            {"name": "alice reads the bucket through her group", "principal": "arn:aws:iam::111122223333:user/alice",
             "action": "s3:GetObject", "resource": "arn:aws:s3:::amzn-s3-demo-bucket/notes.txt", "expect": "allowed"}
        ]),
    );
    passes(&run, 3);
}

#[test]
fn a_bucket_policy_round_trips_through_test() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, report) = import(
        &dir,
        &[
            fixture("resource/bucket-policy.json"),
            fixture("resource/vpc-endpoints.json"),
        ],
        &["--resource", "arn:aws:s3:::amzn-s3-demo-bucket"],
    );
    assert!(report.contains("read as s3-bucket-policy"), "{report}");
    assert!(report.contains("read as ec2-vpc-endpoints"), "{report}");
    assert!(
        report.contains("the scenario has no policy of these types yet"),
        "what is lacking is said: {report}"
    );
    let scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("written")).expect("JSON");
    let endpoint = scenario["policies"]["endpoint"][0]["id"]
        .as_str()
        .expect("an endpoint")
        .to_owned();
    let reader = "arn:aws:iam::111122223333:role/Reader";
    let run = test_with(
        &path,
        json!([
            {"name": "outside the endpoint", "principal": reader, "action": "s3:GetObject",
             "resource": "arn:aws:s3:::amzn-s3-demo-bucket/report.csv", "expect": "explicitDeny", "expect_stage": "resource"},
            {"name": "through it", "principal": reader, "action": "s3:GetObject",
             "resource": "arn:aws:s3:::amzn-s3-demo-bucket/report.csv", "via_endpoint": endpoint,
             "expect": "allowed"}
        ]),
    );
    passes(&run, 2);
}

#[test]
fn each_resource_policy_kind_round_trips_through_test() {
    let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let role = "arn:aws:iam::111122223333:role/App";
    let cases = [
        // The default key policy delegates to the account: the role's own policy decides, and
        // it has none here, so the key denies it implicitly; across accounts the key allows
        // nobody else.
        (
            "resource/key-policy.json",
            Some(key),
            "kms-key-policy",
            json!([{"principal": role, "action": "kms:Decrypt", "resource": key, "expect": "implicitDeny", "expect_stage": "identity"},
                {"principal": "arn:aws:iam::444455556666:role/Other", "action": "kms:Decrypt", "resource": key, "expect": "implicitDeny", "expect_stage": "resource"}]),
        ),
        (
            "resource/queue-attributes.json",
            None,
            "sqs-queue-attributes",
            json!([{"principal": "sns.amazonaws.com", "action": "sqs:SendMessage", "resource": "arn:aws:sqs:us-east-1:111122223333:MyQueue",
                 "context": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:MyTopic"}, "expect": "allowed"},
                {"principal": "sns.amazonaws.com", "action": "sqs:SendMessage", "resource": "arn:aws:sqs:us-east-1:111122223333:MyQueue",
                 "context": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:OtherTopic"}, "expect": "implicitDeny"}]),
        ),
        (
            "resource/secret-policy.json",
            None,
            "secretsmanager-resource-policy",
            json!([{"principal": "arn:aws:iam::444455556666:role/Other", "action": "secretsmanager:GetSecretValue",
                 "resource": "arn:aws:secretsmanager:us-west-2:111122223333:secret:MyTestDatabaseSecret-a1b2c3", "expect": "implicitDeny", "expect_stage": "resource"}]),
        ),
        (
            "resource/table-policy.json",
            Some("arn:aws:dynamodb:us-west-2:111122223333:table/Music"),
            "dynamodb-resource-policy",
            json!([{"principal": "arn:aws:iam::444455556666:role/Analytics", "action": "dynamodb:Query",
                 "resource": "arn:aws:dynamodb:us-west-2:111122223333:table/Music/index/ByArtist", "expect": "implicitDeny", "expect_stage": "identity"}]),
        ),
    ];
    for (file, resource, kind, requests) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let extra: Vec<&str> = resource
            .map(|arn| vec!["--resource", arn])
            .unwrap_or_default();
        let (path, report) = import(&dir, &[fixture(file)], &extra);
        assert!(report.contains(&format!("read as {kind}")), "{report}");
        let count = requests.as_array().map_or(0, Vec::len);
        passes(&test_with(&path, requests), count);
    }
}

#[test]
fn a_cloudtrail_file_becomes_requests_that_test_reads() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The denied call came through an endpoint: imported alone, the scenario would name an
    // endpoint it does not hold (the report says to import it), so the endpoints come too.
    let (path, report) = import(
        &dir,
        &[
            fixture("access_denied/cloudtrail-records.json"),
            fixture("resource/vpc-endpoints.json"),
        ],
        &[],
    );
    assert!(report.contains("read as cloudtrail-event"), "{report}");
    let scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("written")).expect("JSON");
    let requests = scenario["requests"].as_array().expect("requests");
    assert!(!requests.is_empty());
    assert!(
        requests.iter().all(|r| r["expect"] != "allowed"),
        "AccessDenied events only"
    );
    // `test` reads every request and checks what AWS said against what the scenario holds.
    let run = precedence(&["test", &path.display().to_string()]);
    assert_ne!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("passed,"), "{}", run.stdout);
}

#[test]
fn a_terraform_plan_round_trips_through_test() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, report) = import(&dir, &[fixture("terraform/plan.json")], &[]);
    assert!(report.contains("read as terraform-plan"), "{report}");
    let run = precedence(&["test", &path.display().to_string()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("written")).expect("JSON");
    assert!(
        !scenario["principals"]
            .as_array()
            .expect("principals")
            .is_empty(),
        "the plan's role is a principal"
    );
}

#[test]
fn an_access_denied_message_becomes_a_request_that_test_checks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let message = fixture("access_denied/cli-scp-deny.txt");
    let (path, report) = import(&dir, &[message], &[]);
    assert!(report.contains("read as access-denied-message"), "{report}");
    assert!(
        report.contains("no SCP") || report.contains("SCPs"),
        "the missing input is named: {report}"
    );
    // Alone, the scenario has none of the SCPs AWS named: `test` says the expectation fails.
    let run = precedence(&["test", &path.display().to_string()]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("expected explicitDeny by scp"),
        "{}",
        run.stdout
    );
    // With an SCP that denies it, the request passes.
    let mut scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("written")).expect("JSON");
    scenario["policies"]["scp"] = json!([{"id": "NoBucketDeletes", "document": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                      {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}}]);
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&scenario).expect("JSON"),
    )
    .expect("write");
    passes(&precedence(&["test", &path.display().to_string()]), 1);
}

#[test]
fn a_file_it_cannot_read_is_a_located_error_and_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\n  \"RoleDetailList\": [\n    {\"RoleName\": 3\n  ]\n}",
    )
    .expect("write");
    let run = precedence(&["import", &bad.display().to_string()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad.json:4:3: error:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("= help:"), "{}", run.stderr);
    let unknown = dir.path().join("unknown.json");
    std::fs::write(&unknown, r#"{"Hello": "world"}"#).expect("write");
    let run = precedence(&["import", &unknown.display().to_string()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("none of the kinds an import reads"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_output_carries_the_scenario_and_the_report() {
    let run = precedence(&[
        "import",
        "--format",
        "json",
        "--resource",
        "arn:aws:s3:::amzn-s3-demo-bucket",
        &fixture("resource/bucket-policy.json").display().to_string(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let output: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        output["scenario"]["resources"][0]["arn"],
        "arn:aws:s3:::amzn-s3-demo-bucket"
    );
    assert_eq!(output["report"]["files"][0]["kind"], "s3-bucket-policy");
    assert!(output["report"]["lacks"]
        .as_array()
        .is_some_and(|l| l.iter().any(|t| t == "identity")));
}
