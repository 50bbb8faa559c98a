//! `precedence lint`: findings, compiler-style.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use precedence::load::LoadedPolicy;
use precedence::policy::PolicyType;
use precedence::scenario::{Document, EndpointType, PolicyEntry};

use crate::output::{out, outln};
use crate::report::{self, Allowed, FileReport, Item};
use crate::{annotations, findings_json, findings_text, input, sarif};

/// The policy type of a plain policy file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlainType {
    /// Identity-based policy.
    Identity,
    /// Resource-based policy.
    Resource,
    /// Permissions boundary.
    Boundary,
    /// Session policy.
    Session,
    /// Service control policy.
    Scp,
    /// Resource control policy.
    Rcp,
    /// Gateway VPC endpoint policy.
    Endpoint,
    /// Interface VPC endpoint policy.
    InterfaceEndpoint,
}

impl PlainType {
    pub(crate) fn policy_type(self) -> (PolicyType, Option<EndpointType>) {
        match self {
            PlainType::Identity => (PolicyType::Identity, None),
            PlainType::Resource => (PolicyType::Resource, None),
            PlainType::Boundary => (PolicyType::Boundary, None),
            PlainType::Session => (PolicyType::Session, None),
            PlainType::Scp => (PolicyType::Scp, None),
            PlainType::Rcp => (PolicyType::Rcp, None),
            PlainType::Endpoint => (PolicyType::Endpoint, Some(EndpointType::Gateway)),
            PlainType::InterfaceEndpoint => (PolicyType::Endpoint, Some(EndpointType::Interface)),
        }
    }
}

/// How `precedence lint` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// Compiler-style lines (`file:line:col: severity[code]: message`).
    Text,
    /// The findings as JSON, per file.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub workflow annotations (`::error file=…,line=…::…`).
    Github,
}

/// What `precedence lint` reports, beside the files.
#[derive(Debug, Clone)]
pub struct Options {
    /// The policy type of plain policy files.
    pub plain_type: PlainType,
    /// How to print.
    pub format: LintFormat,
    /// Suppressions from the command line (`--allow`).
    pub allows: Vec<Allowed>,
    /// List the suppressed findings in text output.
    pub show_suppressed: bool,
}

/// Print every finding; exit 1 when any reported finding is an error, 2 when a file cannot
/// be read.
pub fn run(files: &[PathBuf], options: &Options) -> u8 {
    let mut unusable = false;
    let mut used = vec![false; options.allows.len()];
    let mut reports = Vec::new();
    for path in files {
        match lint_file(path, options, &mut used) {
            Ok(report) => {
                if options.format == LintFormat::Text {
                    out!("{}", findings_text::file(&report, options.show_suppressed));
                }
                reports.push(report);
            }
            Err(message) => {
                eprintln!("{message}");
                unusable = true;
            }
        }
    }
    let command_line = report::command_line(&options.allows, &used);
    if options.format == LintFormat::Text {
        out!("{}", findings_text::file(&command_line, false));
    }
    reports.push(command_line);
    let (total, errors) = reports.iter().fold((0, 0), |(total, errors), report| {
        let (t, e) = report.counts();
        (total + t, errors + e)
    });
    let suppressed: usize = reports.iter().map(|r| r.suppressed().count()).sum();
    match options.format {
        LintFormat::Text => {
            if let Some(line) = findings_text::suppressed_line(suppressed, options.show_suppressed)
            {
                outln!("{line}");
            }
            outln!("{total} findings, {errors} errors");
        }
        LintFormat::Json => outln!("{:#}", findings_json::document(&reports)),
        LintFormat::Sarif => outln!("{:#}", sarif::log(&reports)),
        LintFormat::Github => {
            for report in &reports {
                let file = report.path.as_ref().map(|p| p.display().to_string());
                for item in report.reported() {
                    outln!(
                        "{}",
                        annotations::line(
                            annotations::command(item.severity),
                            file.as_deref(),
                            item.region,
                            &item.code,
                            &annotation_message(item),
                        )
                    );
                }
            }
            if suppressed > 0 {
                outln!(
                    "{}",
                    annotations::line(
                        "notice",
                        None,
                        None,
                        "suppressed findings",
                        &format!("{suppressed} finding(s) suppressed; `precedence lint --show-suppressed` lists them"),
                    )
                );
            }
            outln!("{total} findings, {errors} errors");
        }
    }
    if unusable {
        2
    } else if errors > 0 {
        1
    } else {
        0
    }
}

/// An annotation's message: the finding, its policy and its help.
pub fn annotation_message(item: &Item) -> String {
    let policy = item
        .policy
        .as_ref()
        .map(|(kind, id)| format!(" (in {kind} `{id}`)"))
        .unwrap_or_default();
    let in_text = item
        .in_text
        .map(|p| format!(" at policy text line {}, column {}", p.line, p.column))
        .unwrap_or_default();
    format!("{}{policy}{in_text}\nhelp: {}", item.message, item.help)
}

/// Whether a file is a scenario (it has `policies` or `requests`) rather than a policy.
fn is_scenario(bytes: &[u8]) -> bool {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(value) => value.get("policies").is_some() || value.get("requests").is_some(),
        Err(_) => {
            let text = String::from_utf8_lossy(bytes);
            text.contains("\"policies\"") || text.contains("\"requests\"")
        }
    }
}

fn lint_file(path: &Path, options: &Options, used: &mut [bool]) -> Result<FileReport, String> {
    let bytes = input::read(path)?;
    if !is_scenario(&bytes) {
        return lint_plain(path, &bytes, options, used);
    }
    let loaded = input::load_with_catalog(path)?;
    Ok(report::scenario(path, &loaded, &options.allows, used))
}

fn lint_plain(
    path: &Path,
    bytes: &[u8],
    options: &Options,
    used: &mut [bool],
) -> Result<FileReport, String> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        format!(
            "{}: error: the file is not valid UTF-8 (after byte {})",
            path.display(),
            error.valid_up_to()
        )
    })?;
    let (policy_type, endpoint_type) = options.plain_type.policy_type();
    let entry = PolicyEntry {
        id: path
            .file_name()
            .map_or_else(|| "policy".into(), |n| n.to_string_lossy().into_owned()),
        document: Document::Text(text.to_owned()),
        level: None,
        vpc: None,
        endpoint_type,
        target: None,
    };
    let mut policy = LoadedPolicy::new(&entry, policy_type, text.to_owned(), None);
    if let Some(catalog) = input::catalog() {
        policy.check_with_catalog(catalog);
    }
    Ok(report::plain(path, &policy, &options.allows, used))
}
