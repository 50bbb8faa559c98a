//! `precedence render FILE --format html`: the static HTML fragment a documentation build
//! inlines. The real binary runs on the examples; its output is read back as XML (the fragment
//! is well-formed) to check each request's decision, the flowchart's deciding node, the
//! matched statements, the escaping of scenario text, the scoping of the styles, and the exits.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail loudly on broken fixtures"
)]

use std::io::Write as _;
use std::path::PathBuf;

use quick_xml::events::Event;

#[path = "support/cli_run.rs"]
mod cli_run;
use cli_run::{precedence as run, Run};

/// The stages in AWS's order, as `data-stage` names them.
const STAGES: [&str; 8] = [
    "explicitDeny",
    "rcp",
    "scp",
    "resource",
    "identity",
    "boundary",
    "session",
    "endpoint",
];

/// A scenario whose names, statement ids, resource and context value carry markup.
const MARKUP: &str = r#"{
  "name": "<script>alert('name')</script>",
  "policies": { "identity": [ { "id": "<script>alert(1)</script>", "document": {
    "Version": "2012-10-17",
    "Statement": [ { "Sid": "<script>sid</script>", "Effect": "Deny", "Action": "s3:GetObject",
      "Resource": "*" } ] } } ] },
  "requests": [
    { "name": "<b>get</b>", "principal": "arn:aws:iam::111122223333:role/AppRole",
      "action": "s3:GetObject", "resource": "arn:aws:s3:::b/<script>k",
      "context": { "aws:SourceIp": "\"><script>" } }
  ]
}"#;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example(stem: &str) -> String {
    workspace()
        .join("examples")
        .join(format!("{stem}.json"))
        .to_str()
        .expect("UTF-8 path")
        .to_owned()
}

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

/// An element of the fragment: its name, attributes, depth and the request it is inside.
#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    depth: usize,
    /// The `data-index` of the enclosing `<article class="request">`.
    request: Option<String>,
}

impl Element {
    fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn attr(&self, name: &str) -> &str {
        self.get(name)
            .unwrap_or_else(|| panic!("no `{name}` on {self:?}"))
    }

    fn has_class(&self, class: &str) -> bool {
        self.get("class")
            .is_some_and(|classes| classes.split(' ').any(|c| c == class))
    }
}

/// Every element of `html`, in document order; panics unless it is well-formed.
fn elements(html: &str) -> Vec<Element> {
    let mut reader = quick_xml::Reader::from_str(html);
    let mut found = Vec::new();
    let mut stack: Vec<Option<String>> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed ({e}):\n{html}"));
        let (tag, empty) = match &event {
            Event::Start(tag) => (tag.clone(), false),
            Event::Empty(tag) => (tag.clone(), true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let attrs: Vec<(String, String)> = tag
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .expect("escaped value")
                    .into_owned();
                (String::from_utf8_lossy(a.key.as_ref()).into_owned(), value)
            })
            .collect();
        let name = String::from_utf8_lossy(tag.name().as_ref()).into_owned();
        let mut element = Element {
            name,
            attrs,
            depth: stack.len(),
            request: stack.last().cloned().flatten(),
        };
        if element.name == "article" && element.has_class("request") {
            element.request = Some(element.attr("data-index").to_owned());
        }
        if !empty {
            stack.push(element.request.clone());
        }
        found.push(element);
    }
    assert!(stack.is_empty(), "unclosed elements");
    found
}

/// Render `args` and check what every fragment must be: exit 0, one root section holding a
/// scoped `<style>`, no scripts, no external addresses.
fn render(args: &[&str]) -> (Run, Vec<Element>) {
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "html"]);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = out.stdout.trim();
    assert!(
        html.starts_with("<section class=\"precedence-scenario\"") && html.ends_with("</section>"),
        "{html}"
    );
    let found = elements(html);
    let roots: Vec<&Element> = found.iter().filter(|e| e.depth == 0).collect();
    assert_eq!(roots.len(), 1, "one root element");
    assert_eq!(found.iter().filter(|e| e.name == "style").count(), 1);
    // Nothing loads or links anything: addresses the engine cites (AWS's pages) stay text.
    let lower = html.to_lowercase();
    for banned in [
        "<script", "<a ", "<img", "<link", "<iframe", "<object", "<use", "src=", "href=", "url(",
        "@import",
    ] {
        assert!(!lower.contains(banned), "`{banned}` in the fragment");
    }
    for element in &found {
        assert!(
            element.attrs.iter().all(|(key, _)| !key.starts_with("on")),
            "an event handler on {element:?}"
        );
    }
    (out, found)
}

fn requests(found: &[Element]) -> Vec<&Element> {
    found
        .iter()
        .filter(|e| e.name == "article" && e.has_class("request"))
        .collect()
}

/// The elements inside request `index` (counted from 1) that `keep` selects.
fn inside(found: &[Element], index: usize, keep: impl Fn(&Element) -> bool) -> Vec<&Element> {
    let index = index.to_string();
    found
        .iter()
        .filter(|e| e.request.as_deref() == Some(index.as_str()) && e.name != "article")
        .filter(|e| keep(e))
        .collect()
}

/// The flowchart's decision points of request `index`.
fn nodes(found: &[Element], index: usize) -> Vec<&Element> {
    inside(found, index, |e| e.name == "g" && e.has_class("node"))
}

#[test]
fn every_request_gets_its_decision_and_the_deny_stage_decides_the_explicit_denies() {
    let path = example("teach-explicit-deny-wins");
    let (_, found) = render(&[&path]);
    let decisions: Vec<&str> = requests(&found)
        .iter()
        .map(|r| r.attr("data-decision"))
        .collect();
    assert_eq!(
        decisions,
        ["allowed", "explicitDeny", "explicitDeny", "explicitDeny"]
    );
    // The scenario's own expectations agree.
    let text = std::fs::read_to_string(&path).expect("readable");
    let scenario: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let expected: Vec<&str> = scenario["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|r| r["expect"].as_str().expect("an expect"))
        .collect();
    assert_eq!(decisions, expected);

    for index in 1..=4 {
        // The chart's eight decision points, in AWS's order, each with its state.
        let chart = nodes(&found, index);
        let stages: Vec<&str> = chart.iter().map(|n| n.attr("data-stage")).collect();
        assert_eq!(stages, STAGES, "request {index}");
        for node in &chart {
            assert!(
                ["allows", "denies", "no-match", "not-applicable"]
                    .contains(&node.attr("data-state")),
                "{node:?}"
            );
        }
        // The stage list below, in the same order.
        let rows = inside(&found, index, |e| e.name == "li" && e.has_class("stage"));
        let listed: Vec<&str> = rows.iter().map(|r| r.attr("data-stage")).collect();
        assert_eq!(listed, STAGES);
        // The decision with its explanation.
        let decision = inside(&found, index, |e| e.has_class("decision"));
        assert_eq!(decision.len(), 1);
        assert_eq!(decision[0].attr("data-decision"), decisions[index - 1]);
        assert_eq!(
            inside(&found, index, |e| e.has_class("explanation")).len(),
            1
        );
    }

    // Allowed: no point decides, the path runs through all eight to "allowed".
    assert!(nodes(&found, 1)
        .iter()
        .all(|n| n.get("data-decides").is_none() && n.attr("data-lit") == "true"));
    let reached: Vec<&str> = inside(&found, 1, |e| e.get("data-reached") == Some("true"))
        .iter()
        .map(|e| e.attr("data-outcome"))
        .collect();
    assert_eq!(reached, ["allowed"]);

    // Each explicit deny: the first point decides, with state `denies`; nothing after it is
    // on the path; the outcome reached is the explicit deny.
    for index in 2..=4 {
        let deciding: Vec<&Element> = nodes(&found, index)
            .into_iter()
            .filter(|n| n.get("data-decides") == Some("true"))
            .collect();
        assert_eq!(deciding.len(), 1, "request {index}");
        assert_eq!(deciding[0].attr("data-stage"), "explicitDeny");
        assert_eq!(deciding[0].attr("data-state"), "denies");
        assert_eq!(deciding[0].attr("data-step"), "1");
        assert!(nodes(&found, index)[1..]
            .iter()
            .all(|n| n.attr("data-lit") == "false"));
        let reached: Vec<&str> = inside(&found, index, |e| e.get("data-reached") == Some("true"))
            .iter()
            .map(|e| e.attr("data-outcome"))
            .collect();
        assert_eq!(reached, ["explicitDeny"]);
    }

    // The stage that holds each Deny says so, and the Deny is listed with where it is written.
    let deny_stage = |index: usize| -> Vec<&str> {
        nodes(&found, index)
            .iter()
            .filter(|n| n.attr("data-state") == "denies" && n.attr("data-stage") != "explicitDeny")
            .map(|n| n.attr("data-stage"))
            .collect()
    };
    assert_eq!(deny_stage(2), ["identity"]);
    assert_eq!(deny_stage(3), ["resource"]);
    assert_eq!(deny_stage(4), ["scp"]);
    // Each Deny is listed under the explicit-deny stage and under its own stage.
    let denies = |index: usize| -> Vec<(&str, &str)> {
        inside(&found, index, |e| e.has_class("statement"))
            .iter()
            .filter(|s| s.attr("data-effect") == "Deny")
            .map(|s| (s.attr("data-policy"), s.attr("data-statement")))
            .collect()
    };
    let twice = |policy, statement| vec![(policy, statement); 2];
    assert_eq!(
        denies(2),
        twice("LogAdminPermissions", "NeverDeleteAuditObjects")
    );
    assert_eq!(
        denies(3),
        twice("AuditLogsBucketPolicy", "NobodyReadsRestricted")
    );
    assert_eq!(denies(4), twice("DenyBucketPolicyChanges", "#0"));
    // Line and column of the statement in the file, as `eval` gives them.
    let eval = run(&["eval", &path]);
    assert!(eval
        .stdout
        .contains("Deny `NeverDeleteAuditObjects` at 19:13"));
    let at: Vec<(&str, &str)> = inside(&found, 2, |e| e.has_class("where"))
        .iter()
        .map(|w| (w.attr("data-line"), w.attr("data-column")))
        .collect();
    assert!(at.contains(&("19", "13")), "{at:?}");
}

#[test]
fn an_implicit_deny_is_decided_by_the_stage_that_does_not_allow() {
    // seed000 request 3: GetItem through a read-only endpoint.
    let (_, found) = render(&[&example("seed000-read-only-endpoint"), "--request", "3"]);
    let deciding: Vec<&Element> = nodes(&found, 3)
        .into_iter()
        .filter(|n| n.get("data-decides") == Some("true"))
        .collect();
    assert_eq!(deciding.len(), 1);
    assert_eq!(deciding[0].attr("data-stage"), "endpoint");
    assert_eq!(deciding[0].attr("data-state"), "no-match");
    assert_eq!(requests(&found)[0].attr("data-decision"), "implicitDeny");
}

#[test]
fn a_rule_outside_the_policies_decides_without_passing_any_decision_point() {
    // GetCallerIdentity is allowed whatever the policies say.
    let (_, found) = render(&[&example("rule-get-caller-identity"), "--request", "1"]);
    let decision = inside(&found, 1, |e| e.has_class("decision"));
    assert_eq!(decision[0].attr("data-decision"), "allowed");
    assert_eq!(decision[0].attr("data-rule"), "get-caller-identity");
    assert!(nodes(&found, 1)
        .iter()
        .all(|n| n.attr("data-lit") == "false" && n.get("data-decides").is_none()));
    let reached: Vec<&str> = inside(&found, 1, |e| e.get("data-reached") == Some("true"))
        .iter()
        .map(|e| e.attr("data-outcome"))
        .collect();
    assert_eq!(reached, ["allowed"]);
}

#[test]
fn one_request_is_chosen_by_number_or_by_name() {
    let path = example("teach-explicit-deny-wins");
    let (out, found) = render(&[&path, "--request", "2"]);
    let chosen = requests(&found);
    assert_eq!(chosen.len(), 1);
    assert_eq!(chosen[0].attr("data-index"), "2");
    assert_eq!(chosen[0].attr("data-decision"), "explicitDeny");
    assert!(out
        .stdout
        .contains("DeleteObject: identity Deny beats the bucket policy Allow"));
    assert!(!out.stdout.contains("GetObject: every layer allows"));
    assert_eq!(nodes(&found, 2).len(), 8);

    let (_, found) = render(&[
        &path,
        "--request",
        "PutBucketPolicy: SCP Deny beats identity and bucket Allows",
    ]);
    let chosen = requests(&found);
    assert_eq!(chosen.len(), 1);
    assert_eq!(chosen[0].attr("data-index"), "4");
}

#[test]
fn scenario_text_is_escaped_everywhere() {
    let file = file_with(MARKUP);
    let (out, found) = render(&[path_of(&file)]);
    let html = &out.stdout;
    // `render` already refused any `<script`; the text is there, escaped.
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;sid&lt;/script&gt;"));
    assert!(html.contains("&lt;b&gt;get&lt;/b&gt;"));
    assert!(html.contains("arn:aws:s3:::b/&lt;script&gt;k"));
    assert!(!html.contains("<b>"));
    // In attributes too: read back, they hold the text as written.
    let statement = found
        .iter()
        .find(|e| e.has_class("statement"))
        .expect("the Deny is listed");
    assert_eq!(statement.attr("data-policy"), "<script>alert(1)</script>");
    assert_eq!(statement.attr("data-statement"), "<script>sid</script>");
    assert_eq!(
        found[0].attr("aria-label"),
        "<script>alert('name')</script>"
    );
    assert_eq!(requests(&found)[0].attr("data-decision"), "explicitDeny");
}

/// The selectors of `css`'s rules, at-rules' own preludes left out (their rules are read).
fn selectors(css: &str) -> Vec<String> {
    let mut text = css.to_owned();
    while let Some(start) = text.find("/*") {
        let end = text[start..]
            .find("*/")
            .map_or(text.len(), |e| start + e + 2);
        text.replace_range(start..end, "");
    }
    let mut found = Vec::new();
    let mut prelude = String::new();
    for c in text.chars() {
        match c {
            '{' => {
                let head = prelude.trim();
                if !head.starts_with('@') {
                    found.extend(head.split(',').map(|s| s.trim().to_owned()));
                }
                prelude.clear();
            }
            '}' | ';' => prelude.clear(),
            _ => prelude.push(c),
        }
    }
    found
}

#[test]
fn every_style_rule_is_scoped_to_the_fragment() {
    let (out, _) = render(&[&example("teach-explicit-deny-wins")]);
    let html = &out.stdout;
    let start = html.find("<style>").expect("a style") + "<style>".len();
    let end = html.find("</style>").expect("its end");
    let css = &html[start..end];
    let found = selectors(css);
    assert!(found.len() > 20, "{found:?}");
    for selector in &found {
        let rest = selector
            .strip_prefix(".precedence-scenario")
            .unwrap_or_else(|| panic!("`{selector}` is not scoped"));
        // `.precedence-scenario-x` would be another class.
        assert!(
            rest.is_empty() || rest.starts_with([' ', '.', '[', ':', '>', '+', '~']),
            "`{selector}`"
        );
    }
    // The selector reader sees through at-rules and comments.
    assert_eq!(
        selectors("/* a { */ @media (x) { .a b, .c { x: 1; } } .d{}"),
        [".a b", ".c", ".d"]
    );
}

#[test]
fn every_example_renders_as_a_well_formed_scoped_fragment() {
    let dir = workspace().join("examples");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("examples") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let (_, found) = render(&[path.to_str().expect("UTF-8")]);
            for request in requests(&found) {
                let index: usize = request.attr("data-index").parse().expect("a number");
                assert_eq!(nodes(&found, index).len(), 8, "{}", path.display());
            }
            count += 1;
        }
    }
    assert!(count >= 20, "{count} examples");
}

#[test]
fn unusable_input_exits_2_with_a_located_message() {
    let path = example("teach-explicit-deny-wins");
    for wanted in ["9", "0", "nope"] {
        let out = run(&["render", &path, "--format", "html", "--request", wanted]);
        assert_eq!(out.code, 2, "{wanted}");
        assert!(out.stdout.is_empty());
        assert!(
            out.stderr.contains(&format!(
                "error: no request is named or numbered `{wanted}`"
            )),
            "{}",
            out.stderr
        );
        for name in [
            "1 `GetObject: every layer allows`",
            "2 `DeleteObject: identity Deny beats the bucket policy Allow`",
            "3 `GetObject under restricted/: bucket policy Deny`",
            "4 `PutBucketPolicy: SCP Deny beats identity and bucket Allows`",
        ] {
            assert!(out.stderr.contains(name), "{}", out.stderr);
        }
    }

    // Not JSON: the line and column, as the other subcommands say it.
    let broken = file_with("{\n  \"requests\": [\n");
    let out = run(&["render", path_of(&broken), "--format", "html"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty());
    let eval = run(&["eval", path_of(&broken)]);
    let first = |text: &str| text.lines().next().unwrap_or_default().to_owned();
    assert_eq!(first(&out.stderr), first(&eval.stderr));
    assert!(
        out.stderr
            .starts_with(&format!("{}:2:15: error:", path_of(&broken))),
        "{}",
        out.stderr
    );

    // A request naming an endpoint the scenario lacks.
    let bad_request = file_with(
        r#"{ "requests": [ { "principal": "arn:aws:iam::111122223333:role/R",
            "action": "s3:GetObject", "resource": "*", "via_endpoint": "vpce-1a2b3c4d" } ] }"#,
    );
    let out = run(&["render", path_of(&bad_request), "--format", "html"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.starts_with(&format!(
            "{}:1:17: error: request 1:",
            path_of(&bad_request)
        )),
        "{}",
        out.stderr
    );

    // A file that is not there.
    let out = run(&["render", "no-such-file.json", "--format", "html"]);
    assert_eq!(out.code, 2);
    assert!(out
        .stderr
        .contains("no-such-file.json: error: cannot read the file"));
    // A format that does not exist is refused by the argument parser.
    assert_eq!(run(&["render", &path, "--format", "pdf"]).code, 2);
}
