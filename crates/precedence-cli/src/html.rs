//! `precedence render FILE --format html`: a self-contained static HTML fragment of the
//! scenario's requests, their decisions and traces, with the evaluation flowchart as inline
//! SVG. It is what the documentation element shows before its script starts, and what a docs
//! build can inline: one `<section class="precedence-scenario">`, a `<style>` whose selectors
//! all start with `.precedence-scenario`, no scripts, no external addresses, and every piece of
//! scenario text escaped.

mod flowchart;

use std::fmt::Write as _;
use std::path::Path;

use precedence::flowchart::path::{state_name, state_words, FlowPath};
use precedence::load::LoadedPolicy;
use precedence::policy::{Effect, PolicyType};
use precedence::scenario::Request;
use precedence::trace::{Stage, StageTrace};
use precedence::Evaluation;

use crate::input::{self, Loaded};
use crate::output::out;
use crate::{eval, render};

/// The fragment's stylesheet: every selector starts with `.precedence-scenario`.
const STYLE: &str = include_str!("html/style.css");

/// Render the requests of `path` (or only the one `request` names: its name, or its number
/// as the text output counts, from 1) as HTML on standard output; exit 2 for unusable input.
pub fn run(path: &Path, request: Option<&str>) -> u8 {
    match fragment(path, request) {
        Ok(html) => {
            out!("{html}");
            0
        }
        Err(message) => {
            eprintln!("{message}");
            2
        }
    }
}

fn fragment(path: &Path, request: Option<&str>) -> Result<String, String> {
    let loaded = input::load(path)?;
    let requests = &loaded.file.scenario.requests;
    let chosen: Vec<usize> = match request {
        Some(wanted) => {
            vec![choose(requests, wanted).ok_or_else(|| unknown(path, requests, wanted))?]
        }
        None => (0..requests.len()).collect(),
    };
    let mut evaluated = Vec::with_capacity(chosen.len());
    for index in chosen {
        let request = &requests[index];
        let prepared = loaded.engine.prepare(request).map_err(|error| {
            let label = render::request_label(index, request);
            eval::request_error(path, &loaded, index, &label, &error)
        })?;
        evaluated.push((index, loaded.engine.evaluate(&prepared)));
    }
    Ok(scenario(&loaded, &evaluated))
}

/// The request `wanted` names: its name first, else its number counted from 1.
fn choose(requests: &[Request], wanted: &str) -> Option<usize> {
    requests
        .iter()
        .position(|request| request.name.as_deref() == Some(wanted))
        .or_else(|| {
            wanted
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|number| (1..=requests.len()).contains(number))
                .map(|number| number - 1)
        })
}

/// The message for a `--request` that names no request, listing the ones there are.
fn unknown(path: &Path, requests: &[Request], wanted: &str) -> String {
    let listed: Vec<String> = requests
        .iter()
        .enumerate()
        .map(|(index, request)| match &request.name {
            Some(name) => format!("{} `{name}`", index + 1),
            None => format!("{} (no name)", index + 1),
        })
        .collect();
    let help = if listed.is_empty() {
        "the scenario has no requests".to_owned()
    } else {
        format!(
            "name a request by its name or its number: {}",
            listed.join(", ")
        )
    };
    format!(
        "{}: error: no request is named or numbered `{wanted}`\n  = help: {help}",
        path.display()
    )
}

/// Text made safe for HTML, in content and in quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A sentence of the engine's, escaped, with its quoted names (between backticks) as `<code>`.
fn prose(text: &str) -> String {
    if text.matches('`').count() % 2 == 1 {
        return escape(text);
    }
    text.split('`')
        .enumerate()
        .map(|(index, piece)| match index % 2 {
            0 => escape(piece),
            _ => format!("<code>{}</code>", escape(piece)),
        })
        .collect()
}

/// The whole fragment: the scenario's name, then each evaluated request.
fn scenario(loaded: &Loaded, evaluated: &[(usize, Evaluation)]) -> String {
    let scenario = &loaded.file.scenario;
    let name = scenario.name.trim();
    let label = if name.is_empty() {
        "Precedence scenario"
    } else {
        name
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<section class=\"precedence-scenario\" aria-label=\"{}\" data-requests=\"{}\">",
        escape(label),
        evaluated.len()
    );
    let _ = writeln!(out, "<style>\n{}</style>", STYLE);
    if !name.is_empty() {
        let _ = writeln!(out, "<p class=\"scenario-name\">{}</p>", escape(name));
    }
    if evaluated.is_empty() {
        out.push_str("<p class=\"note\">The scenario has no requests.</p>\n");
    }
    for (index, evaluation) in evaluated {
        request(
            &mut out,
            *index,
            &scenario.requests[*index],
            evaluation,
            loaded.engine.policies(),
        );
    }
    out.push_str("</section>\n");
    out
}

/// One request: what it asks, the decision with its explanation, the flowchart and the stages.
fn request(
    out: &mut String,
    index: usize,
    request: &Request,
    evaluation: &Evaluation,
    policies: &[LoadedPolicy],
) {
    let decision = evaluation.decision.name();
    let _ = writeln!(
        out,
        "<article class=\"request\" data-index=\"{}\" data-decision=\"{decision}\">",
        index + 1
    );
    let title = match &request.name {
        Some(name) => format!("Request {}: {name}", index + 1),
        None => format!("Request {}", index + 1),
    };
    let _ = writeln!(out, "<h3 class=\"request-title\">{}</h3>", escape(&title));
    fields(out, request);
    verdict(out, request, evaluation);
    let path = FlowPath::of(evaluation);
    out.push_str("<div class=\"layout\">\n<figure class=\"flowchart\">");
    out.push_str(&flowchart::svg(evaluation, &path));
    out.push_str("\n<figcaption><ol class=\"path\">");
    for step in &path.steps {
        let _ = write!(out, "<li>{}</li>", prose(&step.sentence));
    }
    out.push_str("</ol></figcaption></figure>\n<ol class=\"stages\">\n");
    for stage in &evaluation.stages {
        stage_item(out, stage, evaluation, &path, policies);
    }
    out.push_str("</ol>\n</div>\n</article>\n");
}

/// The request's principal, action, resource, endpoint and context.
fn fields(out: &mut String, request: &Request) {
    out.push_str("<dl class=\"request-fields\">");
    let mut field = |name: &str, value: &str| {
        let _ = write!(out, "<dt>{name}</dt><dd>{value}</dd>");
    };
    let code = |text: &str| format!("<code>{}</code>", escape(text));
    field("Principal", &code(&request.principal));
    field("Action", &code(&request.action));
    field("Resource", &code(&request.resource));
    if let Some(account) = &request.resource_account {
        field("Resource account", &code(account));
    }
    let endpoint = request
        .via_endpoint
        .as_deref()
        .map_or_else(|| "none".to_owned(), code);
    field("Endpoint", &endpoint);
    let context = if request.context.is_empty() {
        "none".to_owned()
    } else {
        let items: String = request
            .context
            .iter()
            .map(|(key, value)| {
                let value = serde_json::to_string(value).unwrap_or_default();
                format!("<li>{} = {}</li>", code(key), code(&value))
            })
            .collect();
        format!("<ul>{items}</ul>")
    };
    field("Context", &context);
    out.push_str("</dl>\n");
}

/// The decision, what blocked it, what the scenario expected, and the engine's explanation.
fn verdict(out: &mut String, request: &Request, evaluation: &Evaluation) {
    let decision = evaluation.decision;
    // A rule outside the policies that decided is named; the explanation says what it says.
    let rule = evaluation
        .rule
        .as_ref()
        .map(|rule| format!(" data-rule=\"{}\"", escape(rule.id)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<div class=\"decision\" data-decision=\"{}\"{rule}><span class=\"verdict\">{}</span>",
        decision.name(),
        flowchart::outcome_title(decision)
    );
    let blocked: Vec<&str> = evaluation.blocked_by.iter().map(Stage::name).collect();
    if !blocked.is_empty() {
        let _ = write!(
            out,
            " <span class=\"blocked\">blocked by {}</span>",
            blocked.join(", ")
        );
    }
    if let Some(expected) = request.expect {
        let held = if expected == decision {
            "as expected"
        } else {
            "not as expected"
        };
        let _ = write!(
            out,
            " <span class=\"expected\" data-expected=\"{}\">({held}: {})</span>",
            expected.name(),
            expected.name()
        );
    }
    let _ = write!(
        out,
        "<p class=\"explanation\">{}</p>",
        prose(&evaluation.explanation)
    );
    if !evaluation.invalid_policies.is_empty() {
        let named: Vec<String> = evaluation
            .invalid_policies
            .iter()
            .map(|invalid| format!("{} `{}`", invalid.stage.name(), invalid.policy_id))
            .collect();
        let _ = write!(
            out,
            "<p class=\"note\">This decision rests on policies AWS would refuse to save (MalformedPolicyDocument): {}.</p>",
            prose(&named.join(", "))
        );
    }
    if let Some(off) = evaluation.switched_off_list() {
        let _ = write!(
            out,
            "<p class=\"note switched-off\">Switched off (kept, not evaluated): {}.</p>",
            prose(&off)
        );
    }
    out.push_str("</div>\n");
}

/// A stage's row: its name, state and summary, and the statements that matched in it (for
/// the explicit-deny stage, the Deny statements that matched in any stage).
fn stage_item(
    out: &mut String,
    stage: &StageTrace,
    evaluation: &Evaluation,
    path: &FlowPath,
    policies: &[LoadedPolicy],
) {
    let decides = path.decider == Some(stage.stage);
    let _ = write!(
        out,
        "<li class=\"stage\" data-stage=\"{}\" data-state=\"{}\" data-blocks=\"{}\"{}>",
        stage.stage.name(),
        state_name(stage.status),
        stage.blocks,
        if decides {
            " data-decides=\"true\""
        } else {
            ""
        }
    );
    let mut state = state_words(stage.stage, stage.status).to_owned();
    if decides {
        state.push_str(" · decides");
    } else if stage.blocks {
        state.push_str(" · blocks too");
    }
    let _ = write!(
        out,
        "<span class=\"stage-name\">{}</span><span class=\"stage-state\">{}</span> <span class=\"summary\">{}</span>",
        stage.stage.name(),
        escape(&state),
        prose(
            stage
                .summary
                .strip_prefix("not applicable: ")
                .unwrap_or(&stage.summary)
        )
    );
    if let Some(note) = &stage.left_out_note {
        let _ = write!(out, "<p class=\"note\">{}</p>", prose(note));
    }
    let sources: Vec<&StageTrace> = match stage.stage {
        Stage::ExplicitDeny => evaluation
            .stages
            .iter()
            .filter(|s| s.stage != Stage::ExplicitDeny)
            .collect(),
        _ => vec![stage],
    };
    let mut items = String::new();
    for source in sources {
        let title = source
            .stage
            .policy_type()
            .map_or("policy", PolicyType::title);
        for policy in &source.policies {
            let loaded = policies.iter().find(|p| p.source == policy.source);
            for statement in policy.statements.iter().filter(|s| s.matched) {
                if stage.stage == Stage::ExplicitDeny && statement.effect != Effect::Deny {
                    continue;
                }
                let effect = format!("{:?}", statement.effect);
                let at = loaded
                    .map(|p| {
                        let position = p.position(statement.span);
                        format!(
                            " <span class=\"where\" data-line=\"{}\" data-column=\"{}\">at {}:{}</span>",
                            position.line, position.column, position.line, position.column
                        )
                    })
                    .unwrap_or_default();
                let _ = write!(
                    items,
                    "<li class=\"statement\" data-policy=\"{}\" data-statement=\"{}\" data-effect=\"{effect}\">\
                     <span class=\"effect-{effect}\">{effect}</span> statement <code>{}</code> of {title} <code>{}</code>{at}</li>",
                    escape(&policy.id),
                    escape(&statement.label),
                    escape(&statement.label),
                    escape(&policy.id)
                );
            }
        }
    }
    if !items.is_empty() {
        let _ = write!(out, "<ul class=\"statements\">{items}</ul>");
    }
    out.push_str("</li>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(names: &[Option<&str>]) -> Vec<Request> {
        names
            .iter()
            .map(|name| {
                let request = serde_json::json!({
                    "name": name,
                    "principal": "arn:aws:iam::111122223333:role/R",
                    "action": "s3:GetObject",
                    "resource": "*",
                });
                serde_json::from_value(request).unwrap_or_else(|e| panic!("a request: {e}"))
            })
            .collect()
    }

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn quoted_names_become_code_and_stay_escaped() {
        assert_eq!(
            prose("statement `<b>` of `P&Q` matches"),
            "statement <code>&lt;b&gt;</code> of <code>P&amp;Q</code> matches"
        );
        // An odd backtick is text, not an open `<code>`.
        assert_eq!(prose("a ` b <"), "a ` b &lt;");
    }

    #[test]
    fn a_request_is_chosen_by_name_first_then_by_number_from_one() {
        let requests = named(&[Some("get"), None, Some("1")]);
        assert_eq!(choose(&requests, "get"), Some(0));
        assert_eq!(choose(&requests, "2"), Some(1));
        // A name that looks like a number is still a name.
        assert_eq!(choose(&requests, "1"), Some(2));
        assert_eq!(choose(&requests, "0"), None);
        assert_eq!(choose(&requests, "4"), None);
        assert_eq!(choose(&requests, "put"), None);
        let message = unknown(Path::new("s.json"), &requests, "put");
        assert_eq!(
            message,
            "s.json: error: no request is named or numbered `put`\n  = help: name a request by its name or its number: 1 `get`, 2 (no name), 3 `1`"
        );
        assert!(unknown(Path::new("s.json"), &[], "1").ends_with("the scenario has no requests"));
    }
}
