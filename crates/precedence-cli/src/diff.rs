//! `precedence diff OLD NEW`: the requests two versions decide differently — a CI gate that
//! fails when a change grants new access.

use std::path::Path;

use precedence::diff::{diff, Change, Diff};
use precedence::scenario::{Document, EndpointType, PolicyEntry, Request};
use precedence::{Engine, PolicyType, Scenario, ScenarioFile};

use crate::input;
use crate::output::{self, outln};
use crate::render;

/// The caller of the requests that compare two plain policies.
const HOLDER: &str = "arn:aws:sts::111122223333:assumed-role/PolicyHolder/diff";
/// The endpoint two plain endpoint policies are compared on.
const ENDPOINT: &str = "vpce-0diff0000";

/// Exit 1 when the new version grants access the old did not (unless `allow_new_access`),
/// 0 otherwise, 2 when an input cannot be used.
pub fn run(
    old: &Path,
    new: &Path,
    policy_type: Option<(PolicyType, Option<EndpointType>)>,
    allow_new_access: bool,
    json: bool,
) -> u8 {
    let Some(catalog) = input::catalog() else {
        eprintln!("error: this `precedence` was built without AWS's service catalog\n  = help: build it with the `catalog` feature (the default)");
        return 2;
    };
    let read = |path: &Path| match policy_type {
        Some((policy_type, endpoint_type)) => plain_policy(path, policy_type, endpoint_type),
        None => input::load(path).map(|loaded| (loaded.file.scenario, loaded.engine)),
    };
    let (old_scenario, old_engine) = match read(old) {
        Ok(read) => read,
        Err(message) => {
            eprintln!("{message}");
            return 2;
        }
    };
    let (new_scenario, new_engine) = match read(new) {
        Ok(read) => read,
        Err(message) => {
            eprintln!("{message}");
            return 2;
        }
    };
    let found = diff(
        catalog,
        (&old_scenario, &old_engine),
        (&new_scenario, &new_engine),
    );
    if json {
        let status = output::json(&found, "the diff");
        if status != 0 {
            return status;
        }
    } else {
        outln!("{}", text(&found, &old_engine, &new_engine));
    }
    if found.gains.is_empty() || allow_new_access {
        0
    } else {
        1
    }
}

/// A scenario holding one plain policy of `policy_type`, with what lets that policy alone
/// decide: an identity-based policy that allows everything (for the types that limit one),
/// an endpoint for an endpoint policy, and a request of a role session.
fn plain_policy(
    path: &Path,
    policy_type: PolicyType,
    endpoint_type: Option<EndpointType>,
) -> Result<(Scenario, Engine), String> {
    let bytes = input::read(path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{}: error: the file is not UTF-8 text", path.display()))?;
    let entry = |id: &str, document: Document| PolicyEntry {
        id: id.to_owned(),
        document,
        level: None,
        vpc: None,
        endpoint_type: None,
        target: None,
    };
    let mut scenario = Scenario::default();
    let id = if policy_type == PolicyType::Endpoint {
        ENDPOINT.to_owned()
    } else {
        path.file_stem()
            .map_or("policy".to_owned(), |s| s.to_string_lossy().into_owned())
    };
    let mut written = entry(&id, Document::Text(text));
    written.endpoint_type = endpoint_type;
    scenario.policies.of_type_mut(policy_type).push(written);
    if policy_type != PolicyType::Identity {
        let everything = serde_json::json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        scenario
            .policies
            .identity
            .push(entry("AllowsEverything", Document::Json(everything)));
    }
    scenario.requests.push(Request {
        name: Some("the policy's holder".into()),
        ..Request::new(HOLDER, "sts:GetCallerIdentity", "*")
    });
    let written =
        serde_json::to_string(&scenario).map_err(|e| format!("{}: error: {e}", path.display()))?;
    let file =
        ScenarioFile::from_text(&written).map_err(|e| format!("{}: error: {e}", path.display()))?;
    let engine = Engine::from_scenario(&file.scenario);
    Ok((file.scenario, engine))
}

fn text(found: &Diff, old: &Engine, new: &Engine) -> String {
    let mut lines = Vec::new();
    for (title, changes) in [
        ("gains access", &found.gains),
        ("loses access", &found.losses),
    ] {
        if changes.is_empty() {
            continue;
        }
        lines.push(format!("{} request(s) {title}:", changes.len()));
        for change in changes.iter() {
            lines.push(change_lines(change, old, new));
        }
    }
    if found.gains.is_empty() && found.losses.is_empty() {
        lines.push("no request is decided differently: no new access, none lost".into());
    }
    let coverage = &found.coverage;
    lines.push(coverage.summary());
    for note in &coverage.not_covered {
        lines.push(format!("  not covered: {note}"));
    }
    lines.join("\n")
}

fn change_lines(change: &Change, old: &Engine, new: &Engine) -> String {
    let request = &change.request;
    let stages = |stages: &[precedence::Stage]| {
        if stages.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = stages.iter().map(|s| s.name()).collect();
            format!(" ({})", names.join(", "))
        }
    };
    let mut out = format!(
        "  {} {} → {} on {}{}: {}{} → {}{}{}",
        if change.after == precedence::Decision::Allowed {
            "+"
        } else {
            "-"
        },
        request.principal,
        request.action,
        request.resource,
        request
            .via_endpoint
            .as_ref()
            .map(|id| format!(" via {id}"))
            .unwrap_or_default(),
        change.before.name(),
        stages(&change.before_blocked_by),
        change.after.name(),
        stages(&change.after_blocked_by),
        if change.given {
            " [a request of the scenario]"
        } else {
            ""
        }
    );
    for (label, engine) in [("before", old), ("after", new)] {
        if let Ok(prepared) = engine.prepare(request) {
            out.push_str(&format!("\n    {label}:\n"));
            let trace = render::trace(request, &engine.evaluate(&prepared), engine.policies());
            for line in trace.lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
    }
    out.trim_end().to_owned()
}
