//! Results CI can read: `precedence lint --format json|sarif|github`, `precedence test --format
//! json|junit|github`, and suppressions (`--allow` and a scenario's `suppressions`) reported as
//! suppressed. The SARIF output is validated against the official SARIF 2.1.0 JSON schema
//! (`tests/schemas/`), the JUnit output parsed and checked against the shape CI readers take.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail loudly on broken fixtures"
)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use serde_json::Value;

/// An identity policy whose `Read` statement says `Permit` (left out, mended by "Allow"), and
/// a string document whose statement says `Alow`; both without a `Version`. The first
/// suppression allows `missing-version` in `App`, the second names a code that does not exist,
/// the third matches nothing.
const TYPO: &str = r#"{
  "policies": {
    "identity": [
      { "id": "App", "document": {
        "Statement": [
          { "Sid": "Read", "Effect": "Permit", "Action": "s3:GetObject", "Resource": "*" }
        ] } },
      { "id": "Text", "document": "{\"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"s3:ListBucket\", \"Resource\": \"*\"}]}" }
    ]
  },
  "suppressions": [
    { "code": "missing-version", "policy": "App", "reason": "written before 2012" },
    { "code": "missing-verson" },
    { "code": "unknown-operator", "policy": "App" }
  ],
  "requests": [
    { "name": "read", "principal": "arn:aws:iam::111122223333:role/AppRole", "action": "s3:GetObject",
      "resource": "arn:aws:s3:::b/k", "expect": "allowed" }
  ]
}
"#;

/// A valid policy and three requests: one passes, one fails, one is unusable.
const MIXED: &str = r#"{
  "policies": { "identity": [ { "id": "Read", "document": { "Version": "2012-10-17",
    "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] } } ] },
  "requests": [
    { "name": "get", "principal": "arn:aws:iam::111122223333:role/AppRole", "action": "s3:GetObject",
      "resource": "arn:aws:s3:::b/k", "expect": "allowed" },
    { "name": "put", "principal": "arn:aws:iam::111122223333:role/AppRole", "action": "s3:PutObject",
      "resource": "arn:aws:s3:::b/k", "expect": "allowed" },
    { "name": "bad", "principal": "arn:aws:iam::111122223333:role/AppRole", "action": "s3:GetObject",
      "resource": "arn:aws:s3:::b/k", "via_endpoint": "vpce-1a2b3c4d", "expect": "allowed" }
  ]
}
"#;

#[path = "support/cli_run.rs"]
mod cli_run;
use cli_run::{precedence as run, Run};

fn file_with(text: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new()
        .suffix(".json")
        .tempfile()
        .expect("temp file");
    file.write_all(text.as_bytes()).expect("written");
    file
}

fn path_of(file: &tempfile::NamedTempFile) -> &str {
    file.path().to_str().expect("UTF-8 temp path")
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout))
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn examples() -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(workspace().join("examples"))
        .expect("examples")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| path.display().to_string())
        .collect();
    found.sort();
    found
}

fn sarif_errors(log: &Value) -> Vec<String> {
    let text = std::fs::read_to_string(workspace().join("tests/schemas/sarif-schema-2.1.0.json"))
        .expect("schema vendored");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    validator
        .iter_errors(log)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect()
}

/// The 1-based line of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .map(|index| index + 1)
        .unwrap_or_else(|| panic!("`{needle}` not in the fixture"))
}

/// The byte offset of a 1-based line and a column counted in characters.
fn offset(text: &str, line: u64, column: u64) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(usize::try_from(line).expect("line") - 1)
        .map(str::len)
        .sum();
    let rest = &text[start..];
    rest.char_indices()
        .nth(usize::try_from(column).expect("column") - 1)
        .map_or(text.len(), |(i, _)| start + i)
}

/// `text` with one SARIF replacement made.
fn replaced(text: &str, replacement: &Value) -> String {
    let region = &replacement["deletedRegion"];
    let at = |line: &str, column: &str| {
        offset(
            text,
            region[line].as_u64().expect("line"),
            region[column].as_u64().expect("column"),
        )
    };
    let (start, end) = (at("startLine", "startColumn"), at("endLine", "endColumn"));
    let inserted = replacement["insertedContent"]["text"]
        .as_str()
        .expect("text");
    format!("{}{inserted}{}", &text[..start], &text[end..])
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

#[test]
fn sarif_of_every_example_and_of_broken_policies_follows_the_schema() {
    let typo = file_with(TYPO);
    let mut args = vec!["lint", "--format", "sarif"];
    let files = examples();
    args.extend(files.iter().map(String::as_str));
    args.push(path_of(&typo));
    let out = run(&args);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let log = json_of(&out);
    assert_eq!(sarif_errors(&log), Vec::<String>::new());
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"].as_array().map(Vec::len), Some(1));
    // Every result's rule is among the driver's rules, at its index.
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    for result in results(&log) {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex");
        let rule = &rules[usize::try_from(index).expect("index")];
        assert_eq!(rule["id"], result["ruleId"]);
        assert!(rule["help"]["text"].as_str().is_some_and(|h| !h.is_empty()));
    }
    // The schema really checks: a log without a result's message is refused.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .expect("a result")
        .remove("message");
    assert!(!sarif_errors(&broken).is_empty());
}

#[test]
fn sarif_results_have_their_range_and_their_suppressions() {
    let typo = file_with(TYPO);
    let out = run(&[
        "lint",
        "--format",
        "sarif",
        "--allow",
        "invalid-effect@Text",
        path_of(&typo),
    ]);
    let log = json_of(&out);
    let find = |code: &str, policy: &str| {
        results(&log)
            .iter()
            .find(|r| r["ruleId"] == code && r["properties"]["policyId"] == policy)
            .unwrap_or_else(|| panic!("no {code} in {policy}"))
            .clone()
    };
    let permit = find("invalid-effect", "App");
    let region = &permit["locations"][0]["physicalLocation"]["region"];
    let line = line_of(TYPO, "\"Permit\"");
    let column = TYPO
        .lines()
        .nth(line - 1)
        .expect("line")
        .find("\"Permit\"")
        .expect("col")
        + 1;
    assert_eq!(region["startLine"], line);
    assert_eq!(region["startColumn"], column);
    assert_eq!(region["endColumn"], column + "\"Permit\"".len());
    assert!(permit.get("suppressions").is_none());

    let in_source = find("missing-version", "App");
    assert_eq!(in_source["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        in_source["suppressions"][0]["justification"],
        "written before 2012"
    );
    let external = find("invalid-effect", "Text");
    assert_eq!(external["suppressions"][0]["kind"], "external");
    // Not suppressed: `missing-version` in `Text` (the suppression names `App`).
    assert!(find("missing-version", "Text")
        .get("suppressions")
        .is_none());
    // The suppressions' own warnings, at their lines.
    let unknown = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "unknown-suppressed-code")
        .expect("unknown code reported");
    assert_eq!(
        unknown["locations"][0]["physicalLocation"]["region"]["startLine"],
        line_of(TYPO, "missing-verson")
    );
    assert!(results(&log)
        .iter()
        .any(|r| r["ruleId"] == "unused-suppression"
            && r["message"]["text"]
                .as_str()
                .is_some_and(|m| m.contains("unknown-operator"))));
}

#[test]
fn sarif_fixes_mend_the_error_when_made() {
    let typo = file_with(TYPO);
    let log = json_of(&run(&["lint", "--format", "sarif", path_of(&typo)]));
    for policy in ["App", "Text"] {
        let result = results(&log)
            .iter()
            .find(|r| r["ruleId"] == "invalid-effect" && r["properties"]["policyId"] == policy)
            .expect("the invalid effect");
        let fixes = result["fixes"].as_array().expect("fixes");
        assert!(!fixes.is_empty(), "{policy}");
        for fix in fixes {
            let change = &fix["artifactChanges"][0];
            assert_eq!(
                change["artifactLocation"],
                result["locations"][0]["physicalLocation"]["artifactLocation"]
            );
            let mended = replaced(TYPO, &change["replacements"][0]);
            let again = file_with(&mended);
            let after = json_of(&run(&["lint", "--format", "json", path_of(&again)]));
            let left: Vec<&Value> = after["files"][0]["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .filter(|f| f["code"] == "invalid-effect")
                .collect();
            assert_eq!(
                left.len(),
                1,
                "{policy}: {} mends only its own error",
                fix["description"]
            );
            assert_ne!(left[0]["policyId"], policy);
        }
    }
}

#[test]
fn json_findings_have_their_policy_code_and_range() {
    let typo = file_with(TYPO);
    let out = run(&["lint", "--format", "json", path_of(&typo)]);
    assert_eq!(out.code, 1);
    let document = json_of(&out);
    assert_eq!(document["errors"], 2);
    assert_eq!(document["suppressed"], 1);
    let findings = document["files"][0]["findings"]
        .as_array()
        .expect("findings");
    let permit = findings
        .iter()
        .find(|f| f["code"] == "invalid-effect" && f["policyId"] == "App")
        .expect("found");
    assert_eq!(permit["policyType"], "identity");
    assert_eq!(permit["severity"], "error");
    assert_eq!(permit["start"]["line"], line_of(TYPO, "\"Permit\""));
    assert_eq!(permit["end"]["line"], line_of(TYPO, "\"Permit\""));
    assert!(permit["help"].as_str().is_some_and(|h| h.contains("Allow")));
    // The string document: its place in the file, and the position inside its text.
    let alow = findings
        .iter()
        .find(|f| f["code"] == "invalid-effect" && f["policyId"] == "Text")
        .expect("found");
    assert_eq!(alow["start"]["line"], line_of(TYPO, "Alow"));
    assert_eq!(alow["policyTextPosition"]["line"], 1);
    let suppressed: Vec<&Value> = findings
        .iter()
        .filter(|f| !f["suppressed"].is_null())
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["suppressed"]["by"], "`suppressions[0]`");
}

#[test]
fn github_annotations_sit_at_the_findings() {
    let typo = file_with(TYPO);
    let out = run(&["lint", "--format", "github", path_of(&typo)]);
    assert_eq!(out.code, 1);
    let line = line_of(TYPO, "\"Permit\"");
    let expected = format!("::error file={},line={line},col=", path_of(&typo));
    let permit = out
        .stdout
        .lines()
        .find(|l| l.contains("title=invalid-effect") && l.contains("Permit"))
        .expect("an annotation");
    assert!(permit.starts_with(&expected), "{permit}");
    assert!(permit.contains(&format!(",endLine={line},")), "{permit}");
    // Lower severities are warnings and notices; suppressed findings are counted, not shown.
    assert!(out
        .stdout
        .lines()
        .any(|l| l.starts_with("::notice ") && l.contains("title=missing-version")));
    assert!(out
        .stdout
        .lines()
        .any(|l| l.starts_with("::warning ") && l.contains("title=unused-suppression")));
    assert!(out
        .stdout
        .contains("::notice title=suppressed findings::1 finding(s) suppressed"));
    assert_eq!(out.stdout.matches("title=missing-version").count(), 1);
}

#[test]
fn text_stays_the_default_and_counts_what_is_suppressed() {
    let files = examples();
    let mut plain = vec!["lint"];
    plain.extend(files.iter().map(String::as_str));
    let mut text = vec!["lint", "--format", "text"];
    text.extend(files.iter().map(String::as_str));
    let (plain, text) = (run(&plain), run(&text));
    assert_eq!(plain.stdout, text.stdout);
    assert!(!plain.stdout.contains("suppressed"));

    let typo = file_with(TYPO);
    let out = run(&["lint", path_of(&typo)]);
    assert!(
        out.stdout
            .contains("1 suppressed (--show-suppressed lists them)\n"),
        "{}",
        out.stdout
    );
    assert!(!out
        .stdout
        .contains("(in identity `App`)\n  = help: add \"Version\""));
    let shown = run(&["lint", "--show-suppressed", path_of(&typo)]);
    assert!(
        shown
            .stdout
            .contains("= suppressed by `suppressions[0]`: written before 2012"),
        "{}",
        shown.stdout
    );
}

#[test]
fn allow_suppresses_by_code_policy_and_statement_and_errors_stop_failing() {
    let typo = file_with(TYPO);
    let path = path_of(&typo);
    // Both errors allowed: lint exits 0, and says so.
    let both = run(&["lint", "--allow", "invalid-effect", path]);
    assert_eq!(both.code, 0, "{}", both.stdout);
    assert!(both.stdout.contains("3 suppressed"), "{}", both.stdout);
    // One statement by Sid, or by index.
    for value in ["invalid-effect@App#Read", "invalid-effect@App##0"] {
        let one = run(&["lint", "--format", "json", "--allow", value, path]);
        assert_eq!(one.code, 1, "{value}");
        assert_eq!(json_of(&one)["errors"], 1, "{value}");
    }
    // A statement that is not there allows nothing, and is reported as unused.
    let wrong = run(&["lint", "--allow", "invalid-effect@App#Write", path]);
    assert!(
        wrong.stdout.contains(
            "precedence: warning[unused-suppression]: `--allow invalid-effect@App#Write`"
        ),
        "{}",
        wrong.stdout
    );
    let unknown = run(&["lint", "--allow", "invalid-efect", path]);
    assert!(
        unknown.stdout.contains(
            "warning[unknown-suppressed-code]: `--allow invalid-efect` allows `invalid-efect`"
        ),
        "{}",
        unknown.stdout
    );
    // A malformed value is refused with what to write.
    let malformed = run(&["lint", "--allow", "invalid-effect@", path]);
    assert_eq!(malformed.code, 2);
    assert!(
        malformed.stderr.contains("no policy id after it"),
        "{}",
        malformed.stderr
    );
}

#[test]
fn eval_honours_suppressions_as_lint_and_test_do() {
    let typo = file_with(TYPO);
    let path = path_of(&typo);
    // The file's own suppression: `missing-version` in `App` is counted, not printed; the
    // suppressions that allow nothing are warned about, as `lint` warns.
    let out = run(&["eval", path]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let app_version = "(in identity `App`)\n  = help: add \"Version\"";
    assert!(!out.stdout.contains(app_version), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("1 suppressed (--show-suppressed lists them)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("warning[unknown-suppressed-code]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("warning[unused-suppression]"),
        "{}",
        out.stdout
    );
    // The trace still says the statement is left out: a suppression hides a finding, not the
    // policy's error from AWS.
    assert!(
        out.stdout.contains("left out of evaluation"),
        "{}",
        out.stdout
    );
    let shown = run(&["eval", "--show-suppressed", path]);
    assert!(
        shown
            .stdout
            .contains("= suppressed by `suppressions[0]`: written before 2012"),
        "{}",
        shown.stdout
    );
    // `--allow` on the command line, and one that allows nothing anywhere.
    let allowed = run(&[
        "eval",
        "--allow",
        "invalid-effect",
        "--allow",
        "wrong-type",
        path,
    ]);
    // (The trace still names the error of the statement it leaves out.)
    assert!(
        !allowed.stdout.contains(": error[invalid-effect]:"),
        "{}",
        allowed.stdout
    );
    assert!(
        allowed.stdout.contains("3 suppressed"),
        "{}",
        allowed.stdout
    );
    assert!(
        allowed.stdout.contains(
            "precedence: warning[unused-suppression]: `--allow wrong-type` allows `wrong-type`"
        ),
        "{}",
        allowed.stdout
    );
    // JSON: every finding is there, the suppressed ones saying by what.
    let json = json_of(&run(&[
        "eval",
        "--format",
        "json",
        "--allow",
        "invalid-effect@App",
        path,
    ]));
    let findings = json[0]["findings"].as_array().expect("findings");
    let by = |code: &str, policy: &str| {
        findings
            .iter()
            .find(|f| f["code"] == code && f["policy"] == policy)
            .map(|f| f["suppressed"].clone())
            .unwrap_or_else(|| panic!("`{code}` of `{policy}` is listed: {findings:?}"))
    };
    assert_eq!(by("missing-version", "App")["by"], "`suppressions[0]`");
    assert_eq!(by("missing-version", "App")["kind"], "inSource");
    assert_eq!(
        by("invalid-effect", "App")["by"],
        "`--allow invalid-effect@App`"
    );
    assert_eq!(by("invalid-effect", "App")["kind"], "external");
    assert_eq!(by("invalid-effect", "Text"), Value::Null);
    assert_eq!(json[0]["suppressed"], 2);
    assert!(
        findings
            .iter()
            .any(|f| f["code"] == "unused-suppression" && f["policy"].is_null()),
        "{findings:?}"
    );
    // A malformed value is refused, as `lint` refuses it.
    assert_eq!(run(&["eval", "--allow", "invalid-effect@", path]).code, 2);
}

/// The attributes of an XML start tag.
fn attributes(tag: &quick_xml::events::BytesStart<'_>) -> Vec<(String, String)> {
    tag.attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .expect("escaped value")
                .into_owned();
            (String::from_utf8_lossy(a.key.as_ref()).into_owned(), value)
        })
        .collect()
}

fn attribute<'a>(attributes: &'a [(String, String)], name: &str) -> &'a str {
    attributes
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .unwrap_or_else(|| panic!("no `{name}` in {attributes:?}"))
}

/// A testcase as read back: its name, line and what it holds (`failure`/`error` with message).
#[derive(Debug, Default)]
struct Case {
    name: String,
    line: Option<String>,
    outcome: Option<(String, String)>,
}

/// Parse JUnit XML, check its shape (testsuites › testsuite › testcase › failure|error, with
/// the attributes CI readers need and counts that agree) and return each suite's cases.
fn junit(xml: &str) -> Vec<(String, Vec<Case>)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut suites: Vec<(String, Vec<Case>, [usize; 3])> = Vec::new();
    let mut totals = [0usize; 3];
    let mut counted = [0usize; 3];
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (tag, empty) = match &event {
            Event::Start(tag) => (Some(tag.clone()), false),
            Event::Empty(tag) => (Some(tag.clone()), true),
            _ => (None, false),
        };
        if let Some(tag) = tag {
            let name = String::from_utf8_lossy(tag.name().as_ref()).into_owned();
            let parent = stack.last().map(String::as_str);
            let attrs = attributes(&tag);
            let number = |key: &str| attribute(&attrs, key).parse::<usize>().expect("a count");
            match (parent, name.as_str()) {
                (None, "testsuites") => {
                    totals = [number("tests"), number("failures"), number("errors")];
                }
                (Some("testsuites"), "testsuite") => suites.push((
                    attribute(&attrs, "name").to_owned(),
                    Vec::new(),
                    [number("tests"), number("failures"), number("errors")],
                )),
                (Some("testsuite"), "testcase") => {
                    attribute(&attrs, "classname");
                    let suite = suites.last_mut().expect("in a suite");
                    suite.1.push(Case {
                        name: attribute(&attrs, "name").to_owned(),
                        line: attrs
                            .iter()
                            .find(|(k, _)| k == "line")
                            .map(|(_, v)| v.clone()),
                        outcome: None,
                    });
                }
                (Some("testcase"), "failure" | "error") => {
                    let case = suites
                        .last_mut()
                        .and_then(|s| s.1.last_mut())
                        .expect("in a case");
                    assert!(case.outcome.is_none(), "one failure or error per case");
                    case.outcome = Some((name.clone(), attribute(&attrs, "message").to_owned()));
                }
                other => panic!("unexpected element {other:?}"),
            }
            if !empty {
                stack.push(name);
            }
        }
        match event {
            Event::End(_) => {
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (name, cases, [tests, failures, errors]) in suites {
        let count = |kind: &str| {
            cases
                .iter()
                .filter(|c| c.outcome.as_ref().is_some_and(|(k, _)| k == kind))
                .count()
        };
        assert_eq!(tests, cases.len(), "{name}: tests");
        assert_eq!(failures, count("failure"), "{name}: failures");
        assert_eq!(errors, count("error"), "{name}: errors");
        counted[0] += tests;
        counted[1] += failures;
        counted[2] += errors;
        out.push((name, cases));
    }
    assert_eq!(totals, counted, "testsuites counts");
    out
}

#[test]
fn junit_has_a_suite_per_file_and_a_case_per_request() {
    let mixed = file_with(MIXED);
    let typo = file_with(TYPO);
    let out = run(&["test", "--format", "junit", path_of(&mixed), path_of(&typo)]);
    assert_eq!(out.code, 2, "an unusable request");
    let suites = junit(&out.stdout);
    assert_eq!(suites.len(), 2);
    let (name, cases) = &suites[0];
    assert_eq!(name, path_of(&mixed));
    let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "request 1 \"get\"",
            "request 2 \"put\"",
            "request 3 \"bad\""
        ]
    );
    assert!(cases[0].outcome.is_none());
    assert_eq!(
        cases[1].outcome,
        Some((
            "failure".into(),
            "expected allowed, got implicitDeny".into()
        ))
    );
    assert_eq!(
        cases[1].line.as_deref(),
        Some(line_of(MIXED, "\"put\"").to_string().as_str())
    );
    assert!(cases[2]
        .outcome
        .as_ref()
        .is_some_and(|(kind, m)| kind == "error" && m.contains("vpce-1a2b3c4d")));
    // The failure's text is the trace.
    assert!(out
        .stdout
        .contains("decision: implicitDeny   blocked by: identity"));
    // A file with invalid policies fails as a case of its own.
    let (_, typo_cases) = &suites[1];
    assert!(typo_cases[0]
        .outcome
        .as_ref()
        .is_some_and(|(kind, m)| kind == "failure" && m.contains("MalformedPolicyDocument")));
}

#[test]
fn junit_of_the_examples_is_all_passes() {
    let examples = workspace().join("examples");
    let out = run(&[
        "test",
        "--format",
        "junit",
        examples.to_str().expect("path"),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let suites = junit(&out.stdout);
    assert!(suites.len() >= 40);
    let cases: usize = suites.iter().map(|(_, c)| c.len()).sum();
    assert!(cases > 100, "{cases}");
    assert!(suites
        .iter()
        .flat_map(|(_, c)| c)
        .all(|c| c.outcome.is_none()));
}

#[test]
fn test_json_gives_each_request_its_expectation_and_result() {
    let mixed = file_with(MIXED);
    let out = run(&["test", "--format", "json", path_of(&mixed)]);
    let document = json_of(&out);
    assert_eq!(document["passed"], 1);
    assert_eq!(document["failed"], 1);
    let requests = document["requests"].as_array().expect("requests");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1]["name"], "request 2 \"put\"");
    assert_eq!(requests[1]["expected"], "allowed");
    assert_eq!(requests[1]["got"], "implicitDeny");
    assert_eq!(requests[1]["blockedBy"], serde_json::json!(["identity"]));
    assert_eq!(requests[1]["passed"], false);
    assert_eq!(requests[1]["file"], path_of(&mixed));
    assert_eq!(document["unusable"][0]["name"], "request 3 \"bad\"");
}

#[test]
fn test_github_annotates_each_failure_at_its_request() {
    let mixed = file_with(MIXED);
    let out = run(&["test", "--format", "github", path_of(&mixed)]);
    let put = line_of(MIXED, "\"put\"");
    let expected = format!("::error file={},line={put},col=5,", path_of(&mixed));
    let failure = out
        .stdout
        .lines()
        .find(|l| l.contains("title=precedence test"))
        .expect("an annotation");
    assert!(failure.starts_with(&expected), "{failure}");
    assert!(failure.ends_with("::request 2 \"put\": expected allowed, got implicitDeny"));
    assert_eq!(out.stdout.matches("title=precedence test").count(), 1);
    assert!(out
        .stdout
        .contains(&format!("line={},", line_of(MIXED, "\"bad\""))));
    assert!(out.stdout.ends_with("1 passed, 1 failed\n"));
}

/// Two identity policies named `App`, the first with two statements named `Read`.
const REPEATS: &str = r#"{
  "policies": {
    "identity": [
      { "id": "App", "document": { "Version": "2012-10-17", "Statement": [
        { "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" },
        { "Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*" } ] } },
      { "id": "App", "document": { "Version": "2012-10-17", "Statement": [
        { "Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*" } ] } }
    ]
  }
}
"#;

#[test]
fn repeated_ids_and_sids_are_findings_at_the_repeat_with_rules_and_suppressions() {
    let repeats = file_with(REPEATS);
    let path = path_of(&repeats);
    let second_read = line_of(REPEATS, "s3:ListBucket");
    let second_app = line_of(REPEATS, "\"Write\"") - 1;
    let text = run(&["lint", path]);
    assert_eq!(
        text.code, 1,
        "IAM refuses the repeated Sid: {}",
        text.stdout
    );
    let sid_column = REPEATS
        .lines()
        .nth(second_read - 1)
        .expect("line")
        .find("\"Read\"")
        .expect("Sid")
        + 1;
    assert!(
        text.stdout.contains(&format!(
            "{path}:{second_read}:{sid_column}: error[duplicate-sid]: `Read` is the `Sid` of the statement at line {}, column {sid_column} too",
            second_read - 1
        )),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains(&format!(
            "{path}:{second_app}:15: warning[duplicate-policy-id]: `App` is the id of `policies.identity[0]` (line 4, column 15) too"
        )),
        "{}",
        text.stdout
    );
    // SARIF: a rule for each code, results at the repeats, the schema followed.
    let sarif = json_of(&run(&["lint", "--format", "sarif", path]));
    assert_eq!(sarif_errors(&sarif), Vec::<String>::new());
    let rules: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|rule| rule["id"].as_str())
        .collect();
    assert_eq!(rules, ["duplicate-policy-id", "duplicate-sid"]);
    let regions: Vec<(String, u64, u64)> = results(&sarif)
        .iter()
        .map(|result| {
            let region = &result["locations"][0]["physicalLocation"]["region"];
            (
                result["ruleId"].as_str().expect("rule").to_owned(),
                region["startLine"].as_u64().expect("line"),
                region["startColumn"].as_u64().expect("column"),
            )
        })
        .collect();
    assert!(
        regions.contains(&(
            "duplicate-sid".into(),
            second_read as u64,
            sid_column as u64
        )),
        "{regions:?}"
    );
    assert!(
        regions.contains(&("duplicate-policy-id".into(), second_app as u64, 15)),
        "{regions:?}"
    );
    // Each is suppressed like any finding: the Sid by policy and statement, the id by policy.
    let allowed = run(&[
        "lint",
        "--allow",
        "duplicate-sid@App#Read",
        "--allow",
        "duplicate-policy-id@App",
        path,
    ]);
    assert_eq!(allowed.code, 0, "{}", allowed.stdout);
    assert!(
        allowed.stdout.contains("2 suppressed"),
        "{}",
        allowed.stdout
    );
}
