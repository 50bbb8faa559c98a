//! `precedence who-can`: which of the principals a scenario holds may call one action on one
//! resource, and for the others the stages that stop them.

use std::path::Path;

use precedence::access::Verdict;
use precedence::who_can::{Origin, WhoCan};

use crate::input;
use crate::output::{self, outln};

/// Exit 0 with the answer printed; 2 when the scenario or the question cannot be used.
pub fn run(
    path: &Path,
    action: &str,
    resource: &str,
    via_endpoint: Option<&str>,
    json: bool,
) -> u8 {
    let loaded = match input::load(path) {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("{message}");
            return 2;
        }
    };
    let answer = match loaded
        .engine
        .who_can(&loaded.file.scenario, action, resource, via_endpoint)
    {
        Ok(answer) => answer,
        Err(error) => {
            eprintln!(
                "{}: error: the question cannot be asked: {}\n  = help: {}",
                path.display(),
                error,
                error.help
            );
            return 2;
        }
    };
    if json {
        return output::json(&answer, "the answer");
    }
    outln!("{}", text(&answer));
    0
}

fn text(answer: &WhoCan) -> String {
    let allowed = answer
        .entries
        .iter()
        .filter(|e| e.answer.verdict == Verdict::Allowed)
        .count();
    let mut lines = vec![format!(
        "who can call {} on {}: {allowed} of {} principals",
        answer.action,
        answer.resource,
        answer.entries.len()
    )];
    for entry in &answer.entries {
        let origin = match entry.origin {
            Origin::Model => "principal of the model",
            Origin::Request => "caller of a request",
            Origin::Named => "named by a policy",
        };
        let stages: Vec<&str> = entry.answer.blocked_by.iter().map(|s| s.name()).collect();
        let detail = match entry.answer.verdict {
            Verdict::Allowed => String::new(),
            Verdict::Conditional => format!(
                " — hangs on {}: {} without them, {} otherwise",
                entry.answer.keys.join(", "),
                entry.answer.decision.name(),
                entry.answer.otherwise.map_or("?", |d| d.name())
            ),
            _ => format!(" — stopped by {}", stages.join(", ")),
        };
        let principal = if entry.principal == "*" {
            "* (anyone, anonymous included)"
        } else {
            entry.principal.as_str()
        };
        lines.push(format!(
            "  {:<12} {principal} ({origin}){detail}",
            entry.answer.verdict.name()
        ));
    }
    if !answer.skipped.is_empty() {
        lines.push(format!(
            "  not asked: {} (a pattern or canonical user names no one caller; an identity provider calls only its own action)",
            answer.skipped.join(", ")
        ));
    }
    lines.join("\n")
}
