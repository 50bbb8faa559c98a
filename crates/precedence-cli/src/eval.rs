//! `precedence eval`: every request's decision with its trace, after the findings of the
//! file's policies (suppressed ones counted, as `lint` and `test` count them).

use std::path::{Path, PathBuf};

use precedence::Decision;
use serde_json::json;

use crate::output::{out, outln};
use crate::report::{self, Allowed};
use crate::{findings_json, findings_text, input, render};

/// What `precedence eval` does, beside the files.
#[derive(Debug, Clone)]
pub struct Options {
    /// Print JSON instead of text.
    pub json: bool,
    /// Suppressions from the command line (`--allow`).
    pub allows: Vec<Allowed>,
    /// List the suppressed findings (text output).
    pub show_suppressed: bool,
}

/// Evaluate every request of every file; exit 2 if any input cannot be used.
pub fn run(files: &[PathBuf], options: &Options) -> u8 {
    let mut status = 0;
    let mut reports = Vec::new();
    let mut used = vec![false; options.allows.len()];
    for path in files {
        match eval_file(path, options, &mut used) {
            Ok((text, report)) => {
                if options.json {
                    reports.push(report);
                } else {
                    out!("{text}");
                }
            }
            Err(message) => {
                eprintln!("{message}");
                status = 2;
            }
        }
    }
    // `--allow` values that allowed nothing in any file, or name no finding code.
    let command_line = report::command_line(&options.allows, &used);
    if options.json {
        for item in command_line.reported() {
            eprintln!("{}", item.text);
        }
        let output = serde_json::to_string_pretty(&reports)
            .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
        outln!("{output}");
    } else {
        out!("{}", findings_text::file(&command_line, false));
    }
    status
}

fn eval_file(
    path: &Path,
    options: &Options,
    used: &mut [bool],
) -> Result<(String, serde_json::Value), String> {
    let as_json = options.json;
    let loaded = input::load_with_catalog(path)?;
    // The policies' findings come before the requests they affect.
    let findings = report::scenario(path, &loaded, &options.allows, used);
    let mut text = findings_text::file(&findings, options.show_suppressed);
    let suppressed = findings.suppressed().count();
    if let Some(line) = findings_text::suppressed_line(suppressed, options.show_suppressed) {
        text.push_str(&format!("{}: {line}\n", path.display()));
    }
    let mut requests = Vec::new();
    for (index, request) in loaded.file.scenario.requests.iter().enumerate() {
        let label = render::request_label(index, request);
        match loaded.engine.prepare(request) {
            Ok(prepared) => {
                let evaluation = loaded.engine.evaluate(&prepared);
                // Only requests that are not allowed get suggestions, and only here: they cost
                // an evaluation of a changed scenario per change tried.
                let suggestions = match evaluation.decision {
                    Decision::Allowed => None,
                    _ => match loaded.engine.suggest(&loaded.file.scenario, index) {
                        Ok(suggestions) => Some(suggestions),
                        Err(error) => {
                            return Err(request_error(path, &loaded, index, &label, &error))
                        }
                    },
                };
                if as_json {
                    let mut report = json!({ "index": index, "name": request.name, "request": request, "evaluation": evaluation });
                    if let (Some(suggestions), Some(fields)) =
                        (&suggestions, report.as_object_mut())
                    {
                        fields.insert("suggestions".into(), json!(suggestions));
                    }
                    requests.push(report);
                } else {
                    text.push_str(&format!("{}: {label}\n", path.display()));
                    text.push_str(&render::trace_with_suggestions(
                        request,
                        &evaluation,
                        loaded.engine.policies(),
                        suggestions.as_ref(),
                    ));
                    text.push('\n');
                }
            }
            Err(error) => return Err(request_error(path, &loaded, index, &label, &error)),
        }
    }
    let report = json!({
        "file": path.display().to_string(), "name": loaded.file.scenario.name,
        "requests": requests, "findings": findings_of(path, &loaded, &options.allows, &findings),
        "suppressed": suppressed,
    });
    Ok((text, report))
}

/// Every finding of the file's policies as JSON, each with what suppresses it (`null` when
/// nothing does), then the warnings about its suppressions (with `"policy": null`).
fn findings_of(
    path: &Path,
    loaded: &input::Loaded,
    external: &[Allowed],
    report: &report::FileReport,
) -> Vec<serde_json::Value> {
    let allowed = report::allowed_in(loaded, external);
    let sorted = report::sort(&allowed, loaded.engine.policies());
    let mut found = Vec::new();
    for (number, policy) in loaded.engine.policies().iter().enumerate() {
        for (index, finding) in policy.findings.iter().enumerate() {
            let position = policy.finding_position(finding);
            let suppressed = sorted
                .by
                .get(number)
                .and_then(|by| by.get(index).copied().flatten())
                .and_then(|by| allowed.get(by))
                .map(findings_json::suppression);
            found.push(json!({
                "policy": policy.id, "policyType": policy.policy_type, "code": finding.code,
                "severity": finding.severity, "message": finding.message, "help": finding.help,
                "start": finding.span.start, "end": finding.span.end,
                "line": position.line, "column": position.column,
                "location": render::finding_location(path, loaded, number, finding),
                "suppressed": suppressed,
            }));
        }
    }
    for warning in report.items.iter().filter(|item| item.policy.is_none()) {
        let start = warning.region.map(|region| region.start);
        found.push(json!({
            "policy": null, "policyType": null, "code": warning.code,
            "severity": warning.severity, "message": warning.message, "help": warning.help,
            "line": start.map(|p| p.line), "column": start.map(|p| p.column),
            "location": match start {
                Some(p) => format!("{}:{}:{}", path.display(), p.line, p.column),
                None => path.display().to_string(),
            },
            "suppressed": null,
        }));
    }
    found
}

/// A request that cannot be evaluated, located at the request in the file.
pub fn request_error(
    path: &Path,
    loaded: &input::Loaded,
    index: usize,
    label: &str,
    error: &precedence::evaluate::RequestError,
) -> String {
    let position = loaded.file.request_spans.get(index).map(|span| {
        precedence::span::LineIndex::new(&loaded.text).position(&loaded.text, span.start)
    });
    let location = match position {
        Some(p) => format!("{}:{}:{}", path.display(), p.line, p.column),
        None => path.display().to_string(),
    };
    format!(
        "{location}: error: {label}: at `requests[{index}].{}`: {}\n  = help: {}",
        error.field, error.message, error.help
    )
}
