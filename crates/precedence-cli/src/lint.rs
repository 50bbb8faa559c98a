//! `precedence lint`: findings, compiler-style.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use precedence::finding::Severity;
use precedence::load::LoadedPolicy;
use precedence::policy::PolicyType;
use precedence::scenario::{Document, EndpointType, PolicyEntry};

use crate::input;
use crate::output::{out, outln};
use crate::render;

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
    fn policy_type(self) -> (PolicyType, Option<EndpointType>) {
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

/// Print every finding; exit 1 when any is an error, 2 when a file cannot be read.
pub fn run(files: &[PathBuf], plain_type: PlainType) -> u8 {
    let mut errors = 0usize;
    let mut total = 0usize;
    let mut unusable = false;
    for path in files {
        match lint_file(path, plain_type) {
            Ok((found, found_errors)) => {
                total += found;
                errors += found_errors;
            }
            Err(message) => {
                eprintln!("{message}");
                unusable = true;
            }
        }
    }
    outln!("{total} findings, {errors} errors");
    if unusable {
        2
    } else if errors > 0 {
        1
    } else {
        0
    }
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

fn lint_file(path: &Path, plain_type: PlainType) -> Result<(usize, usize), String> {
    let bytes = input::read(path)?;
    if !is_scenario(&bytes) {
        return lint_plain(path, &bytes, plain_type);
    }
    let loaded = input::load_with_catalog(path)?;
    let (text, total, errors) = render::scenario_findings(path, &loaded);
    out!("{text}");
    Ok((total, errors))
}

fn lint_plain(path: &Path, bytes: &[u8], plain_type: PlainType) -> Result<(usize, usize), String> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        format!(
            "{}: error: the file is not valid UTF-8 (after byte {})",
            path.display(),
            error.valid_up_to()
        )
    })?;
    let (policy_type, endpoint_type) = plain_type.policy_type();
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
    let mut errors = 0;
    for finding in &policy.findings {
        let position = policy.position(finding.span);
        let location = format!("{}:{}:{}", path.display(), position.line, position.column);
        outln!("{}", render::finding(&location, &policy, finding));
        errors += usize::from(finding.severity == Severity::Error);
    }
    Ok((policy.findings.len(), errors))
}
