//! `precedence test`: check every request's `expect`, print each mismatch with its trace.

use std::path::PathBuf;

use crate::eval::request_error;
use crate::input;
use crate::output::{out, outln};
use crate::render;
use precedence::Stage;

/// Exit 0 when every expectation holds, 1 when one does not or a file has a policy AWS would
/// refuse (unless `allow_invalid_policies`), 2 when an input cannot be used.
pub fn run(paths: &[PathBuf], allow_invalid_policies: bool) -> u8 {
    let mut passed = 0usize;
    let mut failed = 0usize;
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
    let mut invalid_files = 0usize;
    for path in &files {
        let loaded = match input::load_with_catalog(path) {
            Ok(loaded) => loaded,
            Err(message) => {
                eprintln!("{message}");
                unusable = true;
                continue;
            }
        };
        // The policies' findings come before the requests they affect.
        let (findings, _, errors) = render::scenario_findings(path, &loaded);
        out!("{findings}");
        if errors > 0 {
            let invalid: Vec<String> = loaded
                .engine
                .policies()
                .iter()
                .filter(|policy| policy.is_invalid())
                .map(|policy| {
                    let left = match &policy.policy {
                        None => "left out whole".to_owned(),
                        Some(parsed) if parsed.left_out.is_empty() => {
                            "evaluated as written".to_owned()
                        }
                        Some(parsed) => format!("{} statement(s) left out", parsed.left_out.len()),
                    };
                    format!("{} `{}` ({left})", policy.policy_type.name(), policy.id)
                })
                .collect();
            if allow_invalid_policies {
                outln!(
                    "note {}: {} has errors; evaluating what is left of it (--allow-invalid-policies)",
                    path.display(),
                    invalid.join(", ")
                );
            } else {
                invalid_files += 1;
                outln!(
                    "FAIL {}: {} {} {errors} error(s): AWS would refuse to save {} (MalformedPolicyDocument)\n  = help: fix the errors above, or pass --allow-invalid-policies to test what is left\n",
                    path.display(),
                    invalid.join(", "),
                    if invalid.len() == 1 { "has" } else { "have" },
                    if invalid.len() == 1 { "it" } else { "them" },
                );
            }
        }
        for (index, request) in loaded.file.scenario.requests.iter().enumerate() {
            let Some(expected) = request.expect else {
                continue;
            };
            let label = render::request_label(index, request);
            let prepared = match loaded.engine.prepare(request) {
                Ok(prepared) => prepared,
                Err(error) => {
                    eprintln!("{}", request_error(path, &loaded, index, &label, &error));
                    unusable = true;
                    continue;
                }
            };
            let outcome = loaded.engine.decide(&prepared);
            if request.expectation_met(&outcome) == Some(true) {
                passed += 1;
            } else {
                failed += 1;
                let evaluation = loaded.engine.evaluate(&prepared);
                let stage = |stage: Option<Stage>| {
                    stage.map_or(String::new(), |s| format!(" by {}", s.name()))
                };
                let got_stages: Vec<&str> = outcome.blocked_by.iter().map(|s| s.name()).collect();
                let got_by = if request.expect_stage.is_some() && !got_stages.is_empty() {
                    format!(" by {}", got_stages.join(", "))
                } else {
                    String::new()
                };
                outln!(
                    "FAIL {}: {label}: expected {}{}, got {}{got_by}",
                    path.display(),
                    expected.name(),
                    stage(request.expect_stage),
                    outcome.decision.name()
                );
                out!(
                    "{}",
                    render::trace(request, &evaluation, loaded.engine.policies())
                );
                outln!();
            }
        }
    }
    if invalid_files > 0 {
        outln!("{invalid_files} file(s) with invalid policies");
    }
    outln!("{passed} passed, {failed} failed");
    if unusable {
        2
    } else if failed > 0 || invalid_files > 0 {
        1
    } else {
        0
    }
}
