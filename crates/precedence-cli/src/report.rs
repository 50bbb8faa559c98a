//! The findings of one run as data, each with its place in the file and whether a suppression
//! allows it: what the text, JSON, SARIF and GitHub renderings are made from.

use std::path::{Path, PathBuf};

use precedence::finding::{Finding, Severity, Subject};
use precedence::json::{self, Value};
use precedence::load::LoadedPolicy;
use precedence::policy::Repair;
use precedence::scenario::Suppression;
use precedence::span::{LineIndex, Position, Span};
use precedence::suppress;

use crate::input::Loaded;
use crate::render;

/// Code of the warning for a suppression of a code Precedence does not report.
pub const UNKNOWN_CODE: &str = "unknown-suppressed-code";
/// Code of the warning for a suppression that allows no finding.
pub const UNUSED: &str = "unused-suppression";

/// A range of a file: 1-based lines, columns counted in characters, the end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Where it starts.
    pub start: Position,
    /// The character after its end.
    pub end: Position,
}

/// Where a suppression was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// In the scenario's `suppressions`, at this index.
    InFile(usize),
    /// On the command line, as `--allow` with this value.
    CommandLine(String),
}

/// A suppression, with where it was written.
#[derive(Debug, Clone)]
pub struct Allowed {
    /// What it allows.
    pub suppression: Suppression,
    /// Where it comes from.
    pub origin: Origin,
}

impl Allowed {
    /// `suppressions[N]` or `--allow VALUE`, for messages.
    pub fn describe(&self) -> String {
        match &self.origin {
            Origin::InFile(index) => format!("`suppressions[{index}]`"),
            Origin::CommandLine(value) => format!("`--allow {value}`"),
        }
    }
}

/// An edit of the file that mends a finding, checked: the policy with it made has fewer
/// findings of that code.
#[derive(Debug, Clone)]
pub struct Fix {
    /// What it does (`write "Allow"`).
    pub summary: String,
    /// The text it replaces (empty to insert).
    pub region: Region,
    /// The text to put there, as it goes in the file.
    pub replacement: String,
}

/// One finding of a run, located in its file.
#[derive(Debug, Clone)]
pub struct Item {
    /// The policy's type name and id; `None` for a warning about a suppression.
    pub policy: Option<(&'static str, String)>,
    /// The finding code.
    pub code: String,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
    /// Where in the file (a policy written as a string: the whole string).
    pub region: Option<Region>,
    /// For a policy written as a string, the position inside its text.
    pub in_text: Option<Position>,
    /// The compiler-style line (`file:line:col: severity[code]: message …` and its help).
    pub text: String,
    /// The suppression that allows it, if one does.
    pub suppressed_by: Option<Allowed>,
    /// Checked edits that mend it.
    pub fixes: Vec<Fix>,
}

/// The findings of one file (or, without a path, of the command line).
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    /// The file; `None` for warnings about `--allow` values.
    pub path: Option<PathBuf>,
    /// Its findings: errors first, then the others in order.
    pub items: Vec<Item>,
}

impl FileReport {
    /// The findings no suppression allows.
    pub fn reported(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|item| item.suppressed_by.is_none())
    }

    /// The findings a suppression allows.
    pub fn suppressed(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|item| item.suppressed_by.is_some())
    }

    /// How many findings are reported, and how many of them are errors.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .reported()
            .filter(|item| item.severity == Severity::Error)
            .count();
        (self.reported().count(), errors)
    }
}

/// The suppressions that apply to a scenario file: its own, in written order, then `external`.
pub fn allowed_in(loaded: &Loaded, external: &[Allowed]) -> Vec<Allowed> {
    let own = loaded
        .file
        .scenario
        .suppressions
        .iter()
        .enumerate()
        .map(|(index, suppression)| Allowed {
            suppression: suppression.clone(),
            origin: Origin::InFile(index),
        });
    own.chain(external.iter().cloned()).collect()
}

/// Which of `allowed` allows each finding of `policies` (see [`suppress::sort`]).
pub fn sort(allowed: &[Allowed], policies: &[LoadedPolicy]) -> suppress::Sorted {
    let list: Vec<Suppression> = allowed.iter().map(|a| a.suppression.clone()).collect();
    suppress::sort(&list, policies)
}

/// The findings of a scenario file, with its own suppressions and `external` ones; marks in
/// `external_used` the external suppressions that allow something.
pub fn scenario(
    path: &Path,
    loaded: &Loaded,
    external: &[Allowed],
    external_used: &mut [bool],
) -> FileReport {
    let allowed = allowed_in(loaded, external);
    let own = allowed.len() - external.len();
    let policies = loaded.engine.policies();
    let sorted = sort(&allowed, policies);
    let file_index = LineIndex::new(&loaded.text);
    let mut items = Vec::new();
    for (number, policy) in policies.iter().enumerate() {
        let string_span = match policy.origin {
            Some(_) => None,
            None => loaded.file.document_spans.get(&policy.source).copied(),
        };
        let place = |span: Span| match string_span {
            Some(outer) => (
                region(&file_index, &loaded.text, outer),
                Some(policy.position(span)),
            ),
            None => (policy_region(policy, span), None),
        };
        let fixes = checked_fixes(policy, |repair, text| match string_span {
            Some(outer) => Some(Fix {
                summary: repair.summary.clone(),
                region: region(&file_index, &loaded.text, outer),
                replacement: serde_json::to_string(text).ok()?,
            }),
            None => Some(Fix {
                summary: repair.summary.clone(),
                region: policy_region(policy, repair.span),
                replacement: repair.replacement.clone(),
            }),
        });
        for (index, finding) in policy.findings.iter().enumerate() {
            let (found_region, in_text) = match (finding.subject, policy.id_range) {
                (Subject::Id, Some((start, end))) => (Region { start, end }, None),
                _ => place(finding.span),
            };
            let location = render::finding_location(path, loaded, number, finding);
            let by = sorted
                .by
                .get(number)
                .and_then(|b| b.get(index))
                .copied()
                .flatten();
            items.push(item(
                policy,
                finding,
                Some(found_region),
                in_text,
                &location,
                by.and_then(|by| allowed.get(by).cloned()),
                fixes.get(index).cloned().unwrap_or_default(),
            ));
        }
    }
    for (index, used) in sorted.used.iter().enumerate().skip(own) {
        if let Some(slot) = external_used.get_mut(index - own) {
            *slot |= used;
        }
    }
    // Errors first, as compilers print them.
    items.sort_by_key(|item| item.severity != Severity::Error);
    let spans = suppression_spans(&loaded.text);
    for (index, used) in sorted.used.iter().take(own).enumerate() {
        let span = spans.get(index).copied();
        let found_region = span.map(|span| region(&file_index, &loaded.text, span));
        let location = match found_region {
            Some(r) => format!("{}:{}:{}", path.display(), r.start.line, r.start.column),
            None => path.display().to_string(),
        };
        if let Some(warning) = suppression_warning(&allowed[index], *used, &location) {
            items.push(Item {
                region: found_region,
                ..warning
            });
        }
    }
    FileReport {
        path: Some(path.to_path_buf()),
        items,
    }
}

/// The findings of a plain policy file (its text is the policy's), with `external`
/// suppressions; marks in `external_used` those that allow something.
pub fn plain(
    path: &Path,
    policy: &LoadedPolicy,
    external: &[Allowed],
    external_used: &mut [bool],
) -> FileReport {
    let sorted = sort(external, std::slice::from_ref(policy));
    let fixes = checked_fixes(policy, |repair, _| {
        Some(Fix {
            summary: repair.summary.clone(),
            region: policy_region(policy, repair.span),
            replacement: repair.replacement.clone(),
        })
    });
    let items = policy
        .findings
        .iter()
        .enumerate()
        .map(|(index, finding)| {
            let position = policy.position(finding.span);
            let location = format!("{}:{}:{}", path.display(), position.line, position.column);
            let by = sorted
                .by
                .first()
                .and_then(|b| b.get(index))
                .copied()
                .flatten();
            item(
                policy,
                finding,
                Some(policy_region(policy, finding.span)),
                None,
                &location,
                by.and_then(|by| external.get(by).cloned()),
                fixes.get(index).cloned().unwrap_or_default(),
            )
        })
        .collect();
    for (slot, used) in external_used.iter_mut().zip(&sorted.used) {
        *slot |= used;
    }
    FileReport {
        path: Some(path.to_path_buf()),
        items,
    }
}

/// Warnings about `--allow` values: codes Precedence does not report, and values that
/// allowed nothing in any file.
pub fn command_line(external: &[Allowed], used: &[bool]) -> FileReport {
    let items = external
        .iter()
        .zip(used)
        .filter_map(|(allowed, used)| suppression_warning(allowed, *used, "precedence"))
        .collect();
    FileReport { path: None, items }
}

/// A warning about a suppression: its code is not a finding code, or it allows nothing.
fn suppression_warning(allowed: &Allowed, used: bool, location: &str) -> Option<Item> {
    let suppression = &allowed.suppression;
    let (code, message, help) = if !suppress::is_known_code(&suppression.code) {
        (
            UNKNOWN_CODE,
            format!(
                "{} allows `{}`, which is not a finding code",
                allowed.describe(),
                suppression.code
            ),
            "write a code as `precedence lint` prints it in brackets (`missing-version`)"
                .to_owned(),
        )
    } else if !used {
        let mut scope = String::new();
        if let Some(policy) = &suppression.policy {
            scope.push_str(&format!(" in policy `{policy}`"));
        }
        if let Some(statement) = &suppression.statement {
            scope.push_str(&format!(" in statement `{statement}`"));
        }
        (
            UNUSED,
            format!(
                "{} allows `{}`{scope}, but no finding there has that code",
                allowed.describe(),
                suppression.code
            ),
            "remove it, or correct its policy id or statement (a `Sid`, or `#N` for the statement at index N)"
                .to_owned(),
        )
    } else {
        return None;
    };
    let text = format!("{location}: warning[{code}]: {message}\n  = help: {help}");
    Some(Item {
        policy: None,
        code: code.to_owned(),
        severity: Severity::Warning,
        message,
        help,
        region: None,
        in_text: None,
        text,
        suppressed_by: None,
        fixes: Vec::new(),
    })
}

fn item(
    policy: &LoadedPolicy,
    finding: &Finding,
    region: Option<Region>,
    in_text: Option<Position>,
    location: &str,
    suppressed_by: Option<Allowed>,
    fixes: Vec<Fix>,
) -> Item {
    Item {
        policy: Some((policy.policy_type.name(), policy.id.clone())),
        code: finding.code.to_owned(),
        severity: finding.severity,
        message: finding.message.clone(),
        help: finding.help.clone(),
        region,
        in_text,
        text: render::finding(location, policy, finding),
        suppressed_by,
        fixes,
    }
}

/// The region of `span` of a policy's text, in the file (the policy's own positions).
fn policy_region(policy: &LoadedPolicy, span: Span) -> Region {
    Region {
        start: policy.position(span),
        end: policy.position(Span::new(span.end, span.end)),
    }
}

fn region(index: &LineIndex, text: &str, span: Span) -> Region {
    Region {
        start: index.position(text, span.start),
        end: index.position(text, span.end),
    }
}

/// For each finding of `policy`, the repairs of its left-out statement that mend it, made
/// into fixes by `fix` (given the repair and the whole repaired policy text). A repair is kept
/// when the policy with it made has fewer findings of the finding's code.
fn checked_fixes(
    policy: &LoadedPolicy,
    fix: impl Fn(&Repair, &str) -> Option<Fix>,
) -> Vec<Vec<Fix>> {
    let mut fixes = vec![Vec::new(); policy.findings.len()];
    let Some(parsed) = &policy.policy else {
        return fixes;
    };
    let count =
        |findings: &[Finding], code: &str| findings.iter().filter(|f| f.code == code).count();
    for left in &parsed.left_out {
        for repair in &left.repairs {
            let Some(text) = policy.repaired_text(&[repair]) else {
                continue;
            };
            let edited = policy.with_text(text.clone());
            let mended = left.reasons.iter().find(|reason| {
                count(&edited.findings, reason.code) < count(&policy.findings, reason.code)
            });
            let Some(reason) = mended else {
                continue;
            };
            let at = policy.findings.iter().position(|f| f == reason);
            if let (Some(at), Some(made)) = (at, fix(repair, &text)) {
                fixes[at].push(made);
            }
        }
    }
    fixes
}

/// The span of each entry of the scenario's top-level `suppressions`, in written order.
fn suppression_spans(text: &str) -> Vec<Span> {
    let Ok(tree) = json::parse(text) else {
        return Vec::new();
    };
    let Value::Object(members) = &tree.value else {
        return Vec::new();
    };
    members
        .iter()
        .find(|member| member.name == "suppressions")
        .and_then(|member| match &member.value.value {
            Value::Array(entries) => Some(entries.iter().map(|entry| entry.span).collect()),
            _ => None,
        })
        .unwrap_or_default()
}
