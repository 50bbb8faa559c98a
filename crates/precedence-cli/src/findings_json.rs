//! Findings as JSON: per file, each finding with its policy, code, severity, message, help,
//! range and, when allowed, its suppression.

use serde_json::{json, Value};

use crate::report::{Allowed, FileReport, Item, Origin, Region};

/// `{"files": [{"file", "findings": […]}], "findings", "errors", "suppressed"}`; findings that
/// are not about one file (a `--allow` value that allowed nothing) have `"file": null`.
pub fn document(reports: &[FileReport]) -> Value {
    let (mut total, mut errors, mut suppressed) = (0, 0, 0);
    let files: Vec<Value> = reports
        .iter()
        .map(|report| {
            let (found, found_errors) = report.counts();
            total += found;
            errors += found_errors;
            suppressed += report.suppressed().count();
            json!({
                "file": report.path.as_ref().map(|p| p.display().to_string()),
                "findings": report.items.iter().map(item).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "files": files, "findings": total, "errors": errors, "suppressed": suppressed })
}

fn position(region: Option<Region>, end: bool) -> Value {
    region.map_or(Value::Null, |region| {
        let at = if end { region.end } else { region.start };
        json!({ "line": at.line, "column": at.column })
    })
}

/// What allows a finding: `{"kind": "inSource"|"external", "by", "justification"}`.
pub fn suppression(allowed: &Allowed) -> Value {
    json!({
        "kind": match allowed.origin { Origin::InFile(_) => "inSource", Origin::CommandLine(_) => "external" },
        "by": allowed.describe(),
        "justification": allowed.suppression.reason,
    })
}

fn item(item: &Item) -> Value {
    json!({
        "policyType": item.policy.as_ref().map(|(kind, _)| kind),
        "policyId": item.policy.as_ref().map(|(_, id)| id),
        "code": item.code,
        "severity": item.severity,
        "message": item.message,
        "help": item.help,
        "start": position(item.region, false),
        "end": position(item.region, true),
        "policyTextPosition": item.in_text.map(|p| json!({ "line": p.line, "column": p.column })),
        "suppressed": item.suppressed_by.as_ref().map(suppression),
        "fixes": item.fixes.iter().map(|fix| json!({
            "description": fix.summary,
            "start": position(Some(fix.region), false),
            "end": position(Some(fix.region), true),
            "replacement": fix.replacement,
        })).collect::<Vec<_>>(),
    })
}
