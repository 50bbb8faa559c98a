//! `precedence eval`: every request's decision with its trace.

use std::path::{Path, PathBuf};

use precedence::Decision;
use serde_json::json;

use crate::input;
use crate::output::{out, outln};
use crate::render;

/// Evaluate every request of every file; exit 2 if any input cannot be used.
pub fn run(files: &[PathBuf], as_json: bool) -> u8 {
    let mut status = 0;
    let mut reports = Vec::new();
    for path in files {
        match eval_file(path, as_json) {
            Ok((text, report)) => {
                if as_json {
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
    if as_json {
        let output = serde_json::to_string_pretty(&reports)
            .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
        outln!("{output}");
    }
    status
}

fn eval_file(path: &Path, as_json: bool) -> Result<(String, serde_json::Value), String> {
    let loaded = input::load_with_catalog(path)?;
    // The policies' findings come before the requests they affect.
    let (mut text, _, _) = render::scenario_findings(path, &loaded);
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
    let findings: Vec<serde_json::Value> = loaded
        .engine
        .policies()
        .iter()
        .enumerate()
        .flat_map(|(number, policy)| {
            let loaded = &loaded;
            policy.findings.iter().map(move |finding| {
                let position = policy.finding_position(finding);
                json!({
                    "policy": policy.id, "policyType": policy.policy_type, "code": finding.code,
                    "severity": finding.severity, "message": finding.message, "help": finding.help,
                    "start": finding.span.start, "end": finding.span.end,
                    "line": position.line, "column": position.column,
                    "location": render::finding_location(path, loaded, number, finding),
                })
            })
        })
        .collect();
    let report = json!({ "file": path.display().to_string(), "name": loaded.file.scenario.name, "requests": requests, "findings": findings });
    Ok((text, report))
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
