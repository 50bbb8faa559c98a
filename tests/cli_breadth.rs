//! The breadth questions from the outside: `precedence diff` as a CI gate (exit 1 when a change
//! grants new access, 0 when it does not or `--allow-new-access`, 2 for unusable input),
//! `precedence access` and `precedence who-can` on the examples.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use std::path::{Path, PathBuf};

use serde_json::Value;

#[path = "support/cli_run.rs"]
mod cli_run;
use cli_run::precedence;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

/// Seed 003's break-glass SCP with its exception widened from `BreakGlassRole` to every role.
fn widened(dir: &tempfile::TempDir) -> PathBuf {
    let text = std::fs::read_to_string(example("seed003-scp-break-glass-exception.json"))
        .expect("example");
    let mut scenario: Value = serde_json::from_str(&text).expect("JSON");
    for scp in scenario["policies"]["scp"].as_array_mut().expect("scps") {
        if scp["id"] == "DenyDynamoDBOutsideVPC" {
            scp["document"]["Statement"][0]["Condition"]["StringNotLike"]["aws:PrincipalArn"] =
                "arn:aws:iam::*:role/*".into();
        }
    }
    let path = dir.path().join("widened.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&scenario).expect("JSON"),
    )
    .expect("write");
    path
}

#[test]
fn widening_the_break_glass_exception_opens_dynamodb_outside_the_vpc_and_fails_the_gate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = example("seed003-scp-break-glass-exception.json");
    let new = widened(&dir);
    let (old, new) = (old.display().to_string(), new.display().to_string());
    let run = precedence(&["diff", &old, &new]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("request(s) gains access:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("+ arn:aws:iam::111122223333:role/AppRole → dynamodb:GetItem"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("explicitDeny (scp) → allowed"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("compared "), "the coverage is said");
    assert_eq!(
        precedence(&["diff", "--allow-new-access", &old, &new]).code,
        0
    );
    // The other way round the change loses access and grants none.
    let back = precedence(&["diff", "--format", "json", &new, &old]);
    assert_eq!(back.code, 0, "{}", back.stderr);
    let diff: Value = serde_json::from_str(&back.stdout).expect("JSON");
    assert!(diff["gains"].as_array().is_some_and(Vec::is_empty));
    assert!(diff["losses"].as_array().is_some_and(|l| !l.is_empty()));
    // A version against itself changes nothing.
    let same = precedence(&["diff", &old, &old]);
    assert_eq!(same.code, 0);
    assert!(same.stdout.contains("no request is decided differently"));
}

#[test]
fn two_plain_scps_are_compared_with_type() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = dir.path().join("old.json");
    let new = dir.path().join("new.json");
    std::fs::write(&old, r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#).expect("write");
    std::fs::write(&new, r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:Delete*","Resource":"*"}]}"#).expect("write");
    let run = precedence(&[
        "diff",
        "--type",
        "scp",
        &old.display().to_string(),
        &new.display().to_string(),
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("s3:GetObject"), "{}", run.stdout);
    assert!(
        !run.stdout.contains(
            "+ arn:aws:sts::111122223333:assumed-role/PolicyHolder/diff → s3:DeleteBucket"
        ),
        "{}",
        run.stdout
    );
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{ not json").expect("write");
    let unusable = precedence(&[
        "diff",
        &bad.display().to_string(),
        &new.display().to_string(),
    ]);
    assert_eq!(unusable.code, 2, "{}", unusable.stderr);
}

#[test]
fn access_and_who_can_answer_on_the_examples() {
    let run = precedence(&[
        "access",
        &example("seed000-read-only-endpoint.json")
            .display()
            .to_string(),
        "--principal",
        "arn:aws:iam::111122223333:role/AppRole",
        "--resource",
        "arn:aws:dynamodb:us-east-1:111122223333:table/StockTable",
        "--via-endpoint",
        "vpce-11aa22bb",
        "--service",
        "dynamodb",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("2 allowed"), "{}", run.stdout);
    assert!(
        run.stdout.contains("allowed      dynamodb:DescribeTable"),
        "{}",
        run.stdout
    );
    let unknown = precedence(&[
        "access",
        &example("seed000-read-only-endpoint.json")
            .display()
            .to_string(),
        "--principal",
        "arn:aws:iam::111122223333:role/AppRole",
        "--via-endpoint",
        "vpce-nope",
    ]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("no endpoint `vpce-nope`"),
        "{}",
        unknown.stderr
    );
    let who = precedence(&[
        "who-can",
        "--format",
        "json",
        &example("account-two-roles-two-buckets-two-ous.json")
            .display()
            .to_string(),
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::amzn-s3-demo-bucket-reports/report.csv",
    ]);
    assert_eq!(who.code, 0, "{}", who.stderr);
    let answer: Value = serde_json::from_str(&who.stdout).expect("JSON");
    let first = &answer["entries"][0];
    assert_eq!(first["answer"]["verdict"], "allowed");
    assert_eq!(
        first["principal"],
        "arn:aws:iam::111122223333:role/ReportsReader"
    );
}
