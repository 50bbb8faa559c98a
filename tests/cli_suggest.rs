//! `precedence eval` says what would allow each request that is not allowed: in the text
//! trace under the decision, and as a `suggestions` list in `--format json`.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn precedence() -> Command {
    Command::cargo_bin("precedence").expect("binary built")
}

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

fn stdout(command: &mut Command) -> String {
    let output = command.output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The text printed for request `number` (1-based) of a file.
fn request_text(all: &str, number: usize) -> &str {
    let marker = format!(": request {number} ");
    let start = all.find(&marker).expect("the request is printed");
    let rest = &all[start..];
    let end = rest[1..]
        .find(": request ")
        .map_or(rest.len(), |i| rest[..i + 1].rfind('\n').unwrap_or(i));
    &rest[..end]
}

#[test]
fn text_output_says_what_would_allow_a_denied_request_under_the_decision() {
    let out = stdout(
        precedence()
            .arg("eval")
            .arg(example("seed000-read-only-endpoint.json")),
    );
    let denied = request_text(&out, 3);
    let section = denied
        .find("  What would allow this:\n")
        .expect("a section for the denied request");
    // Under the decision and its explanation, before the stages.
    assert!(denied.find("decision: implicitDeny").expect("decision") < section);
    assert!(section < denied.find("explicitDeny  no match").expect("stages"));
    assert!(
        denied.contains(
            "    1. Allow `dynamodb:GetItem` on `arn:aws:dynamodb:us-east-1:111122223333:table/StockTable` in VPC endpoint policy `vpce-11aa22bb` [policy change]\n"
        ),
        "{denied}"
    );
    assert!(denied.contains(
        "       → add to the `Statement` array of `policies.endpoint[0]` (`vpce-11aa22bb`):\n           {\n             \"Sid\": \"AllowGetItem\",\n             \"Effect\": \"Allow\",\n             \"Principal\": \"*\","
    ), "{denied}");
    // Allowed requests get no section.
    assert!(!request_text(&out, 1).contains("What would allow this"));
}

#[test]
fn text_output_marks_request_changes_and_says_when_only_an_edit_helps() {
    let out = stdout(
        precedence()
            .arg("eval")
            .arg(example("seed003-scp-break-glass-exception.json")),
    );
    let denied = request_text(&out, 3);
    assert!(
        denied.contains(
            "    1. Send it through endpoint `vpce-0aa11bb22cc33dd44` [request change]\n"
        ),
        "{denied}"
    );
    assert!(
        denied.contains("       → set `requests[2].via_endpoint` to `vpce-0aa11bb22cc33dd44`\n")
    );
    assert!(denied.contains(
        "    2. Make the request as `arn:aws:iam::111122223333:role/BreakGlassRole`, a principal matching `arn:aws:iam::*:role/BreakGlassRole` [request change]\n"
    ), "{denied}");

    let out = stdout(
        precedence()
            .arg("eval")
            .arg(example("teach-explicit-deny-wins.json")),
    );
    let denied = request_text(&out, 4);
    assert!(
        denied.contains("    Nothing short of removing or editing the Deny statement `#0` of service control policy `DenyBucketPolicyChanges`"),
        "{denied}"
    );
    assert!(denied.contains("→ remove `Statement[0]` (`#0`, at 94:13) from `policies.scp[1]` (`DenyBucketPolicyChanges`)"), "{denied}");
}

#[test]
fn json_output_has_a_suggestions_list_for_each_denied_request() {
    let out = stdout(
        precedence()
            .args(["eval", "--format", "json"])
            .arg(example("seed003-scp-break-glass-exception.json")),
    );
    let reports: Value = serde_json::from_str(&out).expect("JSON");
    let requests = reports[0]["requests"].as_array().expect("requests");
    assert!(requests[0].get("suggestions").is_none(), "allowed");
    let suggestions = &requests[2]["suggestions"];
    assert_eq!(suggestions["unfixable"], Value::Null);
    let items = suggestions["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["kinds"], serde_json::json!(["request"]));
    let change = &items[0]["changes"][0];
    assert_eq!(change["kind"], "request");
    assert_eq!(change["stage"], "scp");
    assert_eq!(
        change["edit"],
        serde_json::json!({ "type": "setEndpoint", "request": 2, "endpoint": "vpce-0aa11bb22cc33dd44" })
    );
    assert_eq!(
        items[1]["changes"][0]["edit"]["principal"],
        "arn:aws:iam::111122223333:role/BreakGlassRole"
    );

    let out = stdout(
        precedence()
            .args(["eval", "--format", "json"])
            .arg(example("seed000-read-only-endpoint.json")),
    );
    let reports: Value = serde_json::from_str(&out).expect("JSON");
    let edit = &reports[0]["requests"][2]["suggestions"]["items"][0]["changes"][0]["edit"];
    assert_eq!(edit["type"], "addStatement");
    assert_eq!(edit["policyType"], "endpoint");
    assert_eq!(edit["policyId"], "vpce-11aa22bb");
    assert_eq!(edit["entry"], 0);
    let statement: Value =
        serde_json::from_str(edit["statement"].as_str().expect("text")).expect("JSON text");
    assert_eq!(statement["Action"], "dynamodb:GetItem");
}
