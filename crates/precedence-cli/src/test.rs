//! `precedence test`: check every request's `expect`, print each mismatch with its trace (or
//! the results as JSON, JUnit XML or GitHub annotations).

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use precedence::span::LineIndex;
use precedence::Stage;

use crate::eval::request_error;
use crate::input::{self, Loaded};
use crate::output::{out, outln};
use crate::report::{self, Allowed, Region};
use crate::{annotations, findings_text, junit, render};

/// How `precedence test` prints its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// Each mismatch with its trace, then `N passed, M failed`.
    Text,
    /// Every checked request as JSON.
    Json,
    /// JUnit XML: a testsuite per file, a testcase per request.
    Junit,
    /// GitHub workflow annotations at the failing requests' lines.
    Github,
}

/// What `precedence test` does, beside the paths.
#[derive(Debug, Clone)]
pub struct Options {
    /// Evaluate what is left of policies with errors instead of failing their file.
    pub allow_invalid_policies: bool,
    /// How to print.
    pub format: TestFormat,
    /// Suppressions from the command line (`--allow`): they hide findings from the report,
    /// not a policy's errors from AWS.
    pub allows: Vec<Allowed>,
    /// List the suppressed findings (text output).
    pub show_suppressed: bool,
}

/// One request checked against its `expect`.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Its index in `requests`.
    pub index: usize,
    /// `request N "name"`.
    pub label: String,
    /// Where its object is in the file.
    pub region: Option<Region>,
    /// `allowed`, or `explicitDeny by scp` with an expected stage.
    pub expected: String,
    /// The decision, with the stages that deny when a stage was expected.
    pub got: String,
    /// The decision alone.
    pub decision: &'static str,
    /// The stages that deny it.
    pub blocked_by: Vec<&'static str>,
    /// Whether the expectation holds.
    pub passed: bool,
    /// For a failure, the trace.
    pub trace: Option<String>,
}

/// A request that could not be evaluated.
#[derive(Debug, Clone)]
pub struct Unusable {
    /// `request N "name"`.
    pub label: String,
    /// Where its object is in the file.
    pub region: Option<Region>,
    /// What is wrong, located.
    pub message: String,
}

/// What one file's test came to.
#[derive(Debug, Clone, Default)]
pub struct FileResult {
    /// The file.
    pub path: PathBuf,
    /// Why it could not be loaded at all.
    pub load_error: Option<String>,
    /// Why its policies fail it (AWS would refuse them), with their errors.
    pub invalid: Option<(String, Vec<report::Item>)>,
    /// The requests with an expectation.
    pub checked: Vec<Checked>,
    /// The requests that could not be evaluated.
    pub unusable: Vec<Unusable>,
}

/// Exit 0 when every expectation holds, 1 when one does not or a file has a policy AWS would
/// refuse (unless `allow_invalid_policies`), 2 when an input cannot be used.
pub fn run(paths: &[PathBuf], options: &Options) -> u8 {
    let text = options.format == TestFormat::Text;
    let mut unusable = false;
    let mut files = Vec::new();
    for path in paths {
        match input::expand(path) {
            Ok(found) => files.extend(found),
            Err(message) => {
                eprintln!("{message}");
                unusable = true;
            }
        }
    }
    let mut used = vec![false; options.allows.len()];
    let mut results = Vec::new();
    for path in &files {
        let result = match input::load_with_catalog(path) {
            Ok(loaded) => test_file(path, &loaded, options, &mut used),
            Err(message) => {
                eprintln!("{message}");
                FileResult {
                    path: path.clone(),
                    load_error: Some(message),
                    ..FileResult::default()
                }
            }
        };
        unusable |= result.load_error.is_some() || !result.unusable.is_empty();
        results.push(result);
    }
    let command_line = report::command_line(&options.allows, &used);
    if text {
        out!("{}", findings_text::file(&command_line, false));
    } else {
        for item in command_line.reported() {
            eprintln!("{}", item.text);
        }
    }
    let passed = results
        .iter()
        .flat_map(|r| &r.checked)
        .filter(|c| c.passed)
        .count();
    let failed = results
        .iter()
        .flat_map(|r| &r.checked)
        .filter(|c| !c.passed)
        .count();
    let invalid_files = results.iter().filter(|r| r.invalid.is_some()).count();
    match options.format {
        TestFormat::Text => {
            if invalid_files > 0 {
                outln!("{invalid_files} file(s) with invalid policies");
            }
            outln!("{passed} passed, {failed} failed");
        }
        TestFormat::Json => outln!("{:#}", json(&results, passed, failed)),
        TestFormat::Junit => out!("{}", junit::document(&results)),
        TestFormat::Github => {
            for result in &results {
                github(result);
            }
            outln!("{passed} passed, {failed} failed");
        }
    }
    if unusable {
        2
    } else if failed > 0 || invalid_files > 0 {
        1
    } else {
        0
    }
}

/// Test one loaded file; in text format, print as it goes.
fn test_file(path: &Path, loaded: &Loaded, options: &Options, used: &mut [bool]) -> FileResult {
    let text = options.format == TestFormat::Text;
    let mut result = FileResult {
        path: path.to_path_buf(),
        ..FileResult::default()
    };
    // The policies' findings come before the requests they affect.
    let findings = report::scenario(path, loaded, &options.allows, used);
    if text {
        out!(
            "{}",
            findings_text::file(&findings, options.show_suppressed)
        );
        let suppressed = findings.suppressed().count();
        if let Some(line) = findings_text::suppressed_line(suppressed, options.show_suppressed) {
            outln!("{}: {line}", path.display());
        }
    }
    // A suppressed error still makes AWS refuse the policy: the file fails all the same.
    let errors: Vec<report::Item> = findings
        .items
        .iter()
        .filter(|item| item.policy.is_some() && item.severity == precedence::Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        let invalid: Vec<String> = loaded
            .engine
            .policies()
            .iter()
            .filter(|policy| policy.is_invalid())
            .map(|policy| {
                let left = match &policy.policy {
                    None => "left out whole".to_owned(),
                    Some(parsed) if parsed.left_out.is_empty() => "evaluated as written".to_owned(),
                    Some(parsed) => format!("{} statement(s) left out", parsed.left_out.len()),
                };
                format!("{} `{}` ({left})", policy.policy_type.name(), policy.id)
            })
            .collect();
        if options.allow_invalid_policies {
            if text {
                outln!(
                    "note {}: {} has errors; evaluating what is left of it (--allow-invalid-policies)",
                    path.display(),
                    invalid.join(", ")
                );
            }
        } else {
            let count = errors.len();
            let message = format!(
                "{} {} {count} error(s): AWS would refuse to save {} (MalformedPolicyDocument)",
                invalid.join(", "),
                if invalid.len() == 1 { "has" } else { "have" },
                if invalid.len() == 1 { "it" } else { "them" },
            );
            if text {
                outln!(
                    "FAIL {}: {message}\n  = help: fix the errors above, or pass --allow-invalid-policies to test what is left\n",
                    path.display(),
                );
            }
            result.invalid = Some((message, errors));
        }
    }
    let index = LineIndex::new(&loaded.text);
    for (number, request) in loaded.file.scenario.requests.iter().enumerate() {
        let Some(expected) = request.expect else {
            continue;
        };
        let label = render::request_label(number, request);
        let region = loaded.file.request_spans.get(number).map(|span| Region {
            start: index.position(&loaded.text, span.start),
            end: index.position(&loaded.text, span.end),
        });
        let prepared = match loaded.engine.prepare(request) {
            Ok(prepared) => prepared,
            Err(error) => {
                let message = request_error(path, loaded, number, &label, &error);
                eprintln!("{message}");
                result.unusable.push(Unusable {
                    label,
                    region,
                    message,
                });
                continue;
            }
        };
        let outcome = loaded.engine.decide(&prepared);
        let passed = request.expectation_met(&outcome) == Some(true);
        let stage =
            |stage: Option<Stage>| stage.map_or(String::new(), |s| format!(" by {}", s.name()));
        let blocked_by: Vec<&'static str> = outcome.blocked_by.iter().map(|s| s.name()).collect();
        let got_by = if request.expect_stage.is_some() && !blocked_by.is_empty() {
            format!(" by {}", blocked_by.join(", "))
        } else {
            String::new()
        };
        let mut checked = Checked {
            index: number,
            label,
            region,
            expected: format!("{}{}", expected.name(), stage(request.expect_stage)),
            got: format!("{}{got_by}", outcome.decision.name()),
            decision: outcome.decision.name(),
            blocked_by,
            passed,
            trace: None,
        };
        if !passed {
            let evaluation = loaded.engine.evaluate(&prepared);
            let trace = render::trace(request, &evaluation, loaded.engine.policies());
            if text {
                outln!(
                    "FAIL {}: {}: expected {}, got {}",
                    path.display(),
                    checked.label,
                    checked.expected,
                    checked.got
                );
                out!("{trace}");
                outln!();
            }
            checked.trace = Some(trace);
        }
        result.checked.push(checked);
    }
    result
}

/// Every checked request, the unusable ones and the files that fail for invalid policies.
fn json(results: &[FileResult], passed: usize, failed: usize) -> serde_json::Value {
    let file = |r: &FileResult| r.path.display().to_string();
    let position = |region: Option<Region>| {
        region.map(|r| serde_json::json!({ "line": r.start.line, "column": r.start.column }))
    };
    let requests: Vec<serde_json::Value> = results
        .iter()
        .flat_map(|r| r.checked.iter().map(move |c| (r, c)))
        .map(|(r, c)| {
            serde_json::json!({
                "file": file(r),
                "index": c.index,
                "name": c.label,
                "at": position(c.region),
                "expected": c.expected,
                "got": c.got,
                "decision": c.decision,
                "blockedBy": c.blocked_by,
                "passed": c.passed,
            })
        })
        .collect();
    let unusable: Vec<serde_json::Value> = results
        .iter()
        .flat_map(|r| {
            let load = r.load_error.iter().map(move |m| (r, None, None, m));
            let requests = r
                .unusable
                .iter()
                .map(move |u| (r, Some(&u.label), u.region, &u.message));
            load.chain(requests)
        })
        .map(|(r, name, region, message)| {
            serde_json::json!({ "file": file(r), "name": name, "at": position(region), "message": message })
        })
        .collect();
    let invalid: Vec<serde_json::Value> = results
        .iter()
        .filter_map(|r| {
            let (message, errors) = r.invalid.as_ref()?;
            let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
            Some(serde_json::json!({ "file": file(r), "message": message, "errors": codes }))
        })
        .collect();
    serde_json::json!({
        "requests": requests,
        "unusable": unusable,
        "invalidPolicies": invalid,
        "passed": passed,
        "failed": failed,
    })
}

/// Annotations for one file: each failing or unusable request at its line, each error of a
/// policy that fails the file at its place.
fn github(result: &FileResult) {
    let file = result.path.display().to_string();
    if let Some(message) = &result.load_error {
        outln!(
            "{}",
            annotations::line("error", Some(&file), None, "unusable file", message)
        );
    }
    if let Some((message, errors)) = &result.invalid {
        outln!(
            "{}",
            annotations::line("error", Some(&file), None, "invalid policies", message)
        );
        for item in errors.iter().filter(|item| item.suppressed_by.is_none()) {
            outln!(
                "{}",
                annotations::line(
                    "error",
                    Some(&file),
                    item.region,
                    &item.code,
                    &crate::lint::annotation_message(item)
                )
            );
        }
    }
    for checked in result.checked.iter().filter(|c| !c.passed) {
        let message = format!(
            "{}: expected {}, got {}",
            checked.label, checked.expected, checked.got
        );
        outln!(
            "{}",
            annotations::line(
                "error",
                Some(&file),
                checked.region,
                "precedence test",
                &message
            )
        );
    }
    for request in &result.unusable {
        outln!(
            "{}",
            annotations::line(
                "error",
                Some(&file),
                request.region,
                "unusable request",
                &request.message
            )
        );
    }
}
