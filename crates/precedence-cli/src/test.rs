//! `precedence test`: check every request's `expect`, print each mismatch with its trace.

use std::path::PathBuf;

use crate::eval::request_error;
use crate::input;
use crate::output::{out, outln};
use crate::render;

/// Exit 0 when every expectation holds, 1 when one does not, 2 when an input cannot be used.
pub fn run(paths: &[PathBuf]) -> u8 {
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
    for path in &files {
        let loaded = match input::load(path) {
            Ok(loaded) => loaded,
            Err(message) => {
                eprintln!("{message}");
                unusable = true;
                continue;
            }
        };
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
            if outcome.decision == expected {
                passed += 1;
            } else {
                failed += 1;
                let evaluation = loaded.engine.evaluate(&prepared);
                outln!(
                    "FAIL {}: {label}: expected {}, got {}",
                    path.display(),
                    expected.name(),
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
    outln!("{passed} passed, {failed} failed");
    if unusable {
        2
    } else if failed > 0 {
        1
    } else {
        0
    }
}
