//! Nothing silently dropped: every policy error is printed compiler-style at its line, each
//! statement it leaves out is shown where it stands in the trace, `test` fails a file whose
//! policies AWS would refuse, and suggestions mend a left-out statement first.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use std::io::Write as _;

use assert_cmd::Command;

fn precedence() -> Command {
    Command::cargo_bin("precedence").expect("binary built")
}

struct Run {
    code: i32,
    stdout: String,
}

fn run(args: &[&str], file: &tempfile::NamedTempFile) -> Run {
    let output = precedence()
        .args(args)
        .arg(file.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    }
}

fn file_with(text: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new()
        .suffix(".json")
        .tempfile()
        .expect("temp file");
    file.write_all(text.as_bytes()).expect("written");
    file
}

/// A scenario whose identity policy `App` is `document` (JSON text, or a JSON string), with
/// an endpoint policy `endpoint` and one request for `s3:GetObject` expected to be allowed.
fn scenario(document: &str, endpoint: &str, via_endpoint: bool) -> String {
    let via = if via_endpoint {
        r#", "via_endpoint": "vpce-1""#
    } else {
        ""
    };
    format!(
        r#"{{
  "policies": {{
    "identity": [{{ "id": "App", "document": {document} }}],
    "endpoint": [{{ "id": "vpce-1", "document": {endpoint} }}]
  }},
  "requests": [{{ "principal": "arn:aws:iam::111122223333:role/R", "action": "s3:GetObject",
    "resource": "arn:aws:s3:::b/k"{via}, "expect": "allowed" }}]
}}"#
    )
}

const OPEN_ENDPOINT: &str =
    r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#;

/// `line:column` (1-based) of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> String {
    let at = text.find(needle).expect("needle in the scenario");
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |newline| newline + 1) + 1;
    format!("{line}:{column}")
}

/// Each mistake that leaves a statement or a policy out, the code of its one finding, and the
/// text the finding points at.
const MISTAKES: [(&str, &str, &str); 7] = [
    (
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"}]}"#,
        "invalid-effect",
        r#""Permit""#,
    ),
    (
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEqualz": {"aws:PrincipalAccount": "111122223333"}}}]}"#,
        "unknown-operator",
        r#""StringEqualz""#,
    ),
    (
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*"}]}"#,
        "action-and-not-action",
        r#"{"Sid": "Read""#,
    ),
    (
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Principal": "arn:aws:iam::111122223333:root"}]}"#,
        "invalid-principal",
        r#""arn:aws:iam::111122223333:root""#,
    ),
    (
        r#""{ \"Version\": \"2012-10-17\", \"Statement\": [ ""#,
        "json-syntax",
        r#""{ \"Version"#,
    ),
    (
        r#"{"Version": "2012-10-17"}"#,
        "missing-statement",
        r#"{"Version": "2012-10-17"}"#,
    ),
    (
        r#"{"Version": "2012-10-17", "Statement": 7}"#,
        "wrong-type",
        "7}",
    ),
];

#[test]
fn eval_prints_every_error_at_its_line_before_the_requests() {
    for (document, code, at) in MISTAKES {
        let text = scenario(document, OPEN_ENDPOINT, false);
        let file = file_with(&text);
        let out = run(&["eval"], &file).stdout;
        let expected = format!(
            "{}:{}: error[{code}]",
            file.path().display(),
            position_of(&text, at)
        );
        // A string document's findings are located at the string and inside its text.
        let located = out
            .lines()
            .find(|line| line.contains(&format!("error[{code}]")));
        let located = located.unwrap_or_else(|| panic!("{code} not printed:\n{out}"));
        if document.starts_with('"') {
            assert!(located.contains("(policy text line 1, column"), "{located}");
        } else {
            assert!(located.starts_with(&expected), "{code}: {located}\n{out}");
        }
        let finding_at = out.find(&format!("error[{code}]")).expect("finding");
        let request_at = out.find("request 1").expect("request");
        assert!(
            finding_at < request_at,
            "{code}: finding after the request:\n{out}"
        );
        assert!(
            out.contains("⚠ this decision rests on invalid policies"),
            "{out}"
        );
    }
}

#[test]
fn the_trace_shows_each_left_out_statement_where_it_stands() {
    for (document, code, _) in &MISTAKES[..4] {
        let text = scenario(document, OPEN_ENDPOINT, false);
        let out = run(&["eval"], &file_with(&text)).stdout;
        let statement_at = position_of(&text, r#"{"Sid": "Read""#);
        assert!(
            out.contains(&format!(
                "`Read` at {statement_at}: left out of evaluation for an error"
            )),
            "{code}:\n{out}"
        );
        assert!(
            out.contains(&format!("              error[{code}] at ")),
            "{out}"
        );
    }
    // Whole-policy errors are listed under the policy.
    for (document, code, _) in &MISTAKES[4..] {
        let out = run(
            &["eval"],
            &file_with(&scenario(document, OPEN_ENDPOINT, false)),
        )
        .stdout;
        assert!(
            out.contains(&format!("          ! error[{code}] at ")),
            "{code}:\n{out}"
        );
    }
}

#[test]
fn an_endpoint_statement_without_principal_is_left_out_and_said() {
    let allow = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#;
    let endpoint = r#"{"Statement": [{"Sid": "NoPrincipal", "Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
    let text = scenario(allow, endpoint, true);
    let file = file_with(&text);
    let out = run(&["eval"], &file).stdout;
    let at = position_of(&text, r#"{"Sid": "NoPrincipal""#);
    assert!(
        out.contains(&format!(
            "{}:{at}: error[missing-principal]",
            file.path().display()
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("`NoPrincipal` at {at}: left out")),
        "{out}"
    );
    assert!(
        out.contains("⚠ a statement left out for an error would have allowed this"),
        "{out}"
    );
    assert!(
        out.contains(r#"1. Mend statement `NoPrincipal` of VPC endpoint policy `vpce-1`: add "Principal": "*""#),
        "{out}"
    );
}

#[test]
fn test_fails_a_file_with_invalid_policies_unless_asked_to_evaluate_what_is_left() {
    // The request would be allowed by the other statement: only the error fails the file.
    let document = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Sid": "Typo", "Effect": "Permit", "Action": "s3:PutObject", "Resource": "*"}]}"#;
    let file = file_with(&scenario(document, OPEN_ENDPOINT, false));
    let strict = run(&["test"], &file);
    assert_eq!(strict.code, 1, "{}", strict.stdout);
    assert!(
        strict.stdout.contains("error[invalid-effect]"),
        "{}",
        strict.stdout
    );
    assert!(
        strict.stdout.contains(
            "identity `App` (1 statement(s) left out) has 1 error(s): AWS would refuse to save it (MalformedPolicyDocument)"
        ),
        "{}",
        strict.stdout
    );
    assert!(strict.stdout.contains("1 file(s) with invalid policies"));
    let lenient = run(&["test", "--allow-invalid-policies"], &file);
    assert_eq!(lenient.code, 0, "{}", lenient.stdout);
    assert!(
        lenient.stdout.contains("evaluating what is left"),
        "{}",
        lenient.stdout
    );
    assert!(
        lenient.stdout.contains("1 passed, 0 failed"),
        "{}",
        lenient.stdout
    );
}

#[test]
fn a_valid_file_passes_test_without_any_flag() {
    let document = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;
    let run = run(
        &["test"],
        &file_with(&scenario(document, OPEN_ENDPOINT, false)),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(!run.stdout.contains("invalid"), "{}", run.stdout);
}

#[test]
fn the_fix_of_the_finding_is_suggested_first_and_checked() {
    let (document, ..) = MISTAKES[0];
    let out = run(
        &["eval"],
        &file_with(&scenario(document, OPEN_ENDPOINT, false)),
    )
    .stdout;
    let first = out
        .lines()
        .find(|line| line.trim_start().starts_with("1. "))
        .expect("a suggestion");
    assert!(
        first.contains(r#"Mend statement `Read` of identity-based policy `App`: write "Allow""#),
        "{out}"
    );
    assert!(out.contains("(`invalid-effect`)"), "{out}");
    // A misspelt operator is mended to the operator AWS has.
    let (document, ..) = MISTAKES[1];
    let out = run(
        &["eval"],
        &file_with(&scenario(document, OPEN_ENDPOINT, false)),
    )
    .stdout;
    assert!(
        out.contains(
            "1. Mend statement `Read` of identity-based policy `App`: write `StringEquals`"
        ),
        "{out}"
    );
}

#[test]
fn json_output_carries_left_out_statements_and_invalid_policies() {
    let (document, ..) = MISTAKES[0];
    let text = scenario(document, OPEN_ENDPOINT, false);
    let out = run(&["eval", "--format", "json"], &file_with(&text)).stdout;
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    let evaluation = &report[0]["requests"][0]["evaluation"];
    assert_eq!(evaluation["invalidPolicies"][0]["policyId"], "App");
    let identity = evaluation["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .find(|stage| stage["stage"] == "identity")
        .expect("identity stage");
    let left = &identity["policies"][0]["leftOutStatements"][0];
    assert_eq!(left["label"], "Read");
    assert_eq!(left["reasons"][0]["code"], "invalid-effect");
    let at = position_of(&text, r#"{"Sid": "Read""#);
    assert_eq!(
        format!(
            "{}:{}",
            left["position"]["line"], left["position"]["column"]
        ),
        at
    );
    assert_eq!(left["wouldChange"]["decision"], "allowed");
    assert!(identity["leftOutNote"]
        .as_str()
        .expect("note")
        .contains("would have allowed this"));
    let suggestion = &report[0]["requests"][0]["suggestions"]["items"][0];
    assert_eq!(suggestion["changes"][0]["edit"]["type"], "repairStatement");
}
