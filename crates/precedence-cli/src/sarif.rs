//! SARIF 2.1.0: the findings of a run as one run of the `precedence` tool, for code scanning.

use std::collections::BTreeMap;
use std::path::Path;

use precedence::finding::Severity;
use serde_json::{json, Value};

use crate::report::{Allowed, FileReport, Fix, Item, Origin, Region};

/// The schema the log follows: SARIF 2.1.0 with its approved errata.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF log of `reports`: rules from the finding codes that occur, one result per finding
/// (suppressed ones with their `suppressions`), checked repairs as `fixes`.
pub fn log(reports: &[FileReport]) -> Value {
    let mut rules: BTreeMap<&str, &Item> = BTreeMap::new();
    for item in reports.iter().flat_map(|r| &r.items) {
        rules.entry(item.code.as_str()).or_insert(item);
    }
    let index: BTreeMap<&str, usize> = rules
        .keys()
        .enumerate()
        .map(|(i, code)| (*code, i))
        .collect();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|report| {
            let index = &index;
            let uri = report.path.as_deref().map(uri);
            report.items.iter().map(move |item| {
                result(item, uri.as_deref(), index.get(item.code.as_str()).copied())
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "precedence",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.values().map(|item| rule(item)).collect::<Vec<_>>(),
            } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::SecurityWarning | Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

/// A rule for a code, described by its first finding: the code in words, and its help.
fn rule(item: &Item) -> Value {
    let words = item.code.replace('-', " ");
    let title = words
        .char_indices()
        .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
        .collect::<String>();
    let mut properties = json!({ "precedenceSeverity": item.severity.label() });
    if item.severity == Severity::SecurityWarning {
        properties["tags"] = json!(["security"]);
    }
    json!({
        "id": item.code,
        "shortDescription": { "text": title },
        "help": { "text": item.help },
        "defaultConfiguration": { "level": level(item.severity) },
        "properties": properties,
    })
}

fn result(item: &Item, uri: Option<&str>, rule_index: Option<usize>) -> Value {
    let message = match &item.policy {
        Some((kind, id)) => format!("{} (in {kind} `{id}`)", item.message),
        None => item.message.clone(),
    };
    let mut result = json!({
        "ruleId": item.code,
        "level": level(item.severity),
        "message": { "text": message },
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if let Some(uri) = uri {
        let mut physical = json!({ "artifactLocation": { "uri": uri } });
        if let Some(region) = item.region {
            physical["region"] = sarif_region(region);
        }
        result["locations"] = json!([{ "physicalLocation": physical }]);
    }
    let mut properties = json!({ "help": item.help, "severity": item.severity.label() });
    if let Some((kind, id)) = &item.policy {
        properties["policyType"] = json!(kind);
        properties["policyId"] = json!(id);
    }
    if let Some(position) = item.in_text {
        properties["policyTextLine"] = json!(position.line);
        properties["policyTextColumn"] = json!(position.column);
    }
    result["properties"] = properties;
    if let Some(allowed) = &item.suppressed_by {
        result["suppressions"] = json!([suppression(allowed)]);
    }
    if let (Some(uri), false) = (uri, item.fixes.is_empty()) {
        result["fixes"] = item.fixes.iter().map(|fix| sarif_fix(fix, uri)).collect();
    }
    result
}

fn suppression(allowed: &Allowed) -> Value {
    let kind = match allowed.origin {
        Origin::InFile(_) => "inSource",
        Origin::CommandLine(_) => "external",
    };
    let justification = if allowed.suppression.reason.is_empty() {
        format!("allowed by {}", allowed.describe())
    } else {
        allowed.suppression.reason.clone()
    };
    json!({ "kind": kind, "status": "accepted", "justification": justification })
}

fn sarif_fix(fix: &Fix, uri: &str) -> Value {
    json!({
        "description": { "text": fix.summary },
        "artifactChanges": [{
            "artifactLocation": { "uri": uri },
            "replacements": [{
                "deletedRegion": sarif_region(fix.region),
                "insertedContent": { "text": fix.replacement },
            }],
        }],
    })
}

fn sarif_region(region: Region) -> Value {
    json!({
        "startLine": region.start.line,
        "startColumn": region.start.column,
        "endLine": region.end.line,
        "endColumn": region.end.column,
    })
}

/// A file's path as a URI reference: relative paths stay relative, absolute ones become
/// `file://` URIs; characters outside the unreserved set are percent-encoded.
pub fn uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    if path.is_absolute() {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri(Path::new("examples/a b.json")), "examples/a%20b.json");
        assert_eq!(uri(Path::new("/tmp/x#1.json")), "file:///tmp/x%231.json");
    }
}
