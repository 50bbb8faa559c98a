//! The `precedence` binary: output formats, exit codes, and located errors for bad input.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use std::io::Write as _;
use std::path::Path;

use assert_cmd::Command;

fn precedence() -> Command {
    Command::cargo_bin("precedence").expect("binary built")
}

fn file_with(contents: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new()
        .suffix(".json")
        .tempfile()
        .expect("temp file");
    file.write_all(contents).expect("written");
    file
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(command: &mut Command) -> Run {
    let output = command.output().expect("runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

const SCENARIO: &str = r#"{
  "policies": {
    "identity": [{ "id": "AppDynamo", "document": {
      "Version": "2012-10-17",
      "Statement": [{ "Sid": "All", "Effect": "Allow", "Action": "dynamodb:*", "Resource": "*" }] } }],
    "endpoint": [{ "id": "vpce-11aa22bb", "vpc": "vpc-12345678", "document": {
      "Statement": [{ "Sid": "ReadOnly", "Effect": "Allow", "Principal": "*",
        "Action": ["dynamodb:DescribeTable", "dynamodb:ListTables"], "Resource": "*" }] } }]
  },
  "requests": [{
    "name": "GetItem through the read-only endpoint",
    "principal": "arn:aws:iam::111122223333:role/AppRole",
    "action": "dynamodb:GetItem",
    "resource": "arn:aws:dynamodb:us-east-1:111122223333:table/StockTable",
    "via_endpoint": "vpce-11aa22bb",
    "expect": "allowed"
  }]
}"#;

#[test]
fn eval_prints_the_decision_and_the_trace() {
    let file = file_with(SCENARIO.as_bytes());
    let out = run(precedence().arg("eval").arg(file.path()));
    assert_eq!(out.code, 0);
    assert!(
        out.stdout
            .contains("decision: implicitDeny   blocked by: endpoint"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("✗ Allow `ReadOnly` at 7:21"),
        "{}",
        out.stdout
    );
}

#[test]
fn eval_json_has_the_structured_trace() {
    let file = file_with(SCENARIO.as_bytes());
    let out = run(precedence()
        .args(["eval", "--format", "json"])
        .arg(file.path()));
    assert_eq!(out.code, 0);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON output");
    let evaluation = &value[0]["requests"][0]["evaluation"];
    assert_eq!(evaluation["decision"], "implicitDeny");
    assert_eq!(evaluation["blockedBy"], serde_json::json!(["endpoint"]));
    assert_eq!(evaluation["stages"].as_array().map(Vec::len), Some(8));
    assert_eq!(evaluation["stages"][7]["stage"], "endpoint");
    assert!(value[0]["findings"].is_array());
}

#[test]
fn test_reports_mismatches_with_their_trace_and_exits_1() {
    let file = file_with(SCENARIO.as_bytes());
    let out = run(precedence().arg("test").arg(file.path()));
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("FAIL"), "{}", out.stdout);
    assert!(
        out.stdout.contains("expected allowed, got implicitDeny"),
        "{}",
        out.stdout
    );
    assert_eq!(out.stdout.lines().last(), Some("0 passed, 1 failed"));
}

fn assert_unusable(contents: &[u8], expected: &[&str]) {
    let file = file_with(contents);
    let out = run(precedence().arg("test").arg(file.path()));
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    let name = file.path().display().to_string();
    assert!(out.stderr.starts_with(&name), "{}", out.stderr);
    for part in expected {
        assert!(
            out.stderr.contains(part),
            "missing {part:?} in {}",
            out.stderr
        );
    }
}

#[test]
fn unusable_inputs_exit_2_with_a_location() {
    assert_unusable(
        b"{\n  \"requests\": [\n",
        &[":2:15: error: unterminated array"],
    );
    assert_unusable(
        b"{\"requests\": [{\"principal\": 5}]}",
        &[":1:29: error: at `requests[0].principal`", "help:"],
    );
    assert_unusable(b"{\"polices\": {}}", &["unknown field `polices`"]);
    assert_unusable(b"{\n\"name\": \"\xff\"}", &[":2:", "not valid UTF-8"]);
    let deep = format!(
        "{{\"name\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_unusable(deep.as_bytes(), &["error:"]);
    assert_unusable(
        br#"{"requests": [{"principal": "arn:aws:iam::111122223333:role/R", "action": "s3:GetObject", "resource": "*", "via_endpoint": "vpce-x", "expect": "allowed"}]}"#,
        &[":1:15: error:", "requests[0].via_endpoint", "no endpoint `vpce-x`"],
    );
    assert_unusable(
        br#"{"requests": [{"principal": "bob", "action": "s3:GetObject", "resource": "*", "expect": "allowed"}]}"#,
        &["requests[0].principal", "help:"],
    );
}

#[test]
fn oversized_files_are_refused_before_reading() {
    let file = file_with(&vec![b' '; 64 * 1024 * 1024 + 1]);
    let out = run(precedence().arg("test").arg(file.path()));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("at most 64 MiB"), "{}", out.stderr);
}

#[test]
fn missing_files_exit_2() {
    let out = run(precedence()
        .arg("test")
        .arg(Path::new("/nonexistent/scenario.json")));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot read"), "{}", out.stderr);
}

#[test]
fn lint_reports_compiler_style_and_exits_1_on_errors() {
    let scenario = br#"{"policies": {"scp": [{"id": "Bad", "document": {
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
                {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEqual": {"aws:SourceVpc": "vpc-1"}}}]}}]}}"#;
    let file = file_with(scenario);
    let out = run(precedence().arg("lint").arg(file.path()));
    assert_eq!(out.code, 1, "{}", out.stdout);
    let name = file.path().display().to_string();
    assert!(
        out.stdout
            .contains(&format!("{name}:3:50: error[principal-not-allowed]")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains(&format!("{name}:4:86: error[unknown-operator]")),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("= help:"), "{}", out.stdout);
}

#[test]
fn lint_reads_plain_policy_files_with_their_type() {
    let policy = b"{\n  \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111111111111:role/AppRole\"}, \"Action\": \"s3:*\", \"Resource\": \"*\"}]\n}";
    let file = file_with(policy);
    let out = run(precedence()
        .args(["lint", "--type", "endpoint"])
        .arg(file.path()));
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout.contains("warning[gateway-endpoint-principal]"),
        "{}",
        out.stdout
    );
    let broken = file_with(b"{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",,}\n  ]\n}");
    let out = run(precedence().arg("lint").arg(broken.path()));
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains(":3:24: error[json-syntax]"),
        "{}",
        out.stdout
    );
}

#[test]
fn string_documents_are_located_in_the_file_and_in_their_text() {
    let scenario = br#"{"policies": {"identity": [{"id": "Pasted", "document": "{\n \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}"}]}}"#;
    let file = file_with(scenario);
    let out = run(precedence().arg("lint").arg(file.path()));
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains(":1:57 (policy text line 2, column 27): error[invalid-effect]"),
        "{}",
        out.stdout
    );
}

#[test]
fn lint_adds_the_catalogs_findings_with_did_you_mean() {
    let policy = file_with(
        br#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": ["dynamodb:GetItems", "dynamodb:Delete*"], "Resource": "*",
  "Condition": {"StringEquals": {"aws:PrincipalArn": "111122223333"}}}]}"#,
    );
    let out = run(precedence().arg("lint").arg(policy.path()));
    assert_eq!(out.code, 0, "warnings only: {}", out.stdout);
    assert!(
        out.stdout.contains(":2:14: warning[unknown-action]: "),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("did you mean `dynamodb:GetItem`?"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains(":3:54: warning[condition-value-never-matches]: "),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("`aws:PrincipalAccount`"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("2 findings, 0 errors"),
        "{}",
        out.stdout
    );
}

#[test]
fn eval_says_which_action_a_wildcard_pattern_covered() {
    let out = run(precedence().arg("eval").arg(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/seed000-read-only-endpoint.json"),
    ));
    assert!(
        out.stdout
            .contains("Action ✓ (`dynamodb:*` covers `dynamodb:DeleteTable` (Write))"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_reader_that_stops_reading_ends_the_output_quietly() {
    // `precedence eval … | head`: the pipe closes with hundreds of KB still to be written, more
    // than a pipe holds, so a write fails whenever the close comes.
    let examples: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples"))
            .expect("examples directory")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .collect();
    for format in ["text", "json"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("precedence"))
            .args(["eval", "--format", format])
            .args(&examples)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("starts");
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("ends");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.is_empty(), "{format}: {stderr}");
        assert_eq!(output.status.code(), Some(141), "{format}");
    }
}

#[test]
fn eval_names_an_identity_provider_caller_and_why_only_the_trust_policy_counts() {
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/federated-saml-trust.json");
    let out = run(precedence().arg("eval").arg(example));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "arn:aws:iam::111122223333:saml-provider/ExampleIdP → sts:AssumeRoleWithSAML on arn:aws:iam::111122223333:role/SamlAdmins"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("identity      n/a      not applicable: a web identity or SAML provider is no IAM principal"),
        "{}",
        out.stdout
    );
    // A provider calls only its own action: anything else is an unusable request.
    let file = file_with(
        br#"{"requests": [{"principal": "accounts.google.com", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}]}"#,
    );
    let out = run(precedence().arg("eval").arg(file.path()));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains(
            "`accounts.google.com` calls only `sts:AssumeRoleWithWebIdentity`, not `s3:GetObject`"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn eval_shows_a_rule_outside_the_policies_as_its_own_step() {
    let scenario = br#"{
  "policies": {
    "identity": [{ "id": "NoSts", "document": {
      "Version": "2012-10-17",
      "Statement": [{ "Effect": "Deny", "Action": "sts:*", "Resource": "*" }] } }]
  },
  "requests": [
    { "principal": "arn:aws:iam::111122223333:role/AppRole", "action": "sts:GetCallerIdentity", "resource": "*" },
    { "principal": "arn:aws:iam::111122223333:root", "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/DeployRole" },
    { "principal": "arn:aws:sts::111122223333:federated-user/bob", "action": "s3:GetObject", "resource": "arn:aws:s3:::app-data/report.csv" }
  ]
}"#;
    let file = file_with(scenario);
    let out = run(precedence().arg("eval").arg(file.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let allowed = out
        .stdout
        .find("awsRule       allow    `get-caller-identity`")
        .expect("the allowing rule's step");
    // It comes before the stages it overrides.
    let first_stage = out.stdout.find("explicitDeny").expect("the stages");
    assert!(allowed < first_stage, "{}", out.stdout);
    assert!(out.stdout.contains(
        "see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html"
    ));
    assert!(
        out.stdout
            .contains("awsRule       DENY     `root-cannot-assume-role`"),
        "{}",
        out.stdout
    );
    // A rule that works within a stage shows under that stage.
    let third = &out.stdout[out.stdout.find("request 3").expect("a third request")..];
    let session = third.find("▶ session").expect("the session stage blocks");
    let within = third
        .find("awsRule       DENY     `federated-user-without-session-policy`")
        .expect("the rule's step");
    let endpoint = third.find("    endpoint").expect("the endpoint stage");
    assert!(session < within && within < endpoint, "{third}");
}

#[test]
fn switched_off_policies_and_statements_are_said_in_every_output_and_a_stray_switch_warns() {
    let switched = SCENARIO.replacen(
        r#""requests": ["#,
        r#""switched_off": [{ "policy": "vpce-11aa22bb" }, { "policy": "AppDynamo", "statement": "Nope" }],
  "requests": ["#,
        1,
    );
    let file = file_with(switched.as_bytes());
    let text = run(precedence().arg("eval").arg(file.path()));
    assert_eq!(text.code, 0, "{}{}", text.stdout, text.stderr);
    // With the read-only endpoint's policy switched off, nothing stops GetItem.
    assert!(text.stdout.contains("decision: allowed"), "{}", text.stdout);
    assert!(
        text.stdout
            .contains("○ switched off (kept, not evaluated): VPC endpoint policy `vpce-11aa22bb`"),
        "{}",
        text.stdout
    );
    assert!(
        text.stderr
            .contains("warning: switched_off[1] names statement `Nope` of `AppDynamo`"),
        "{}",
        text.stderr
    );
    let json = run(precedence()
        .args(["eval", "--format", "json"])
        .arg(file.path()));
    let json: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON output");
    assert_eq!(
        json[0]["requests"][0]["evaluation"]["switchedOff"],
        serde_json::json!([{"kind": "policy", "stage": "endpoint", "policyId": "vpce-11aa22bb"}])
    );
    let html = run(precedence().arg("render").arg(file.path()));
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(
        html.stdout.contains(
            "Switched off (kept, not evaluated): VPC endpoint policy <code>vpce-11aa22bb</code>."
        ),
        "{}",
        html.stdout
    );
}
