//! What an import read: each file's kind and what it gave, what was said along the way, and
//! which policy types the scenario still lacks.

use serde::Serialize;

use precedence::{PolicyType, Scenario};

use crate::detect::Kind;

/// What was read, file by file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// Each file, in the order given.
    pub files: Vec<FileReport>,
    /// What merging the files said (a policy two files define differently, targets without
    /// their policy).
    pub notes: Vec<Note>,
    /// The policy types the scenario has no policy of: what a trace cannot show yet.
    pub lacks: Vec<PolicyType>,
}

/// One file: what it was read as and what it gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileReport {
    /// The file's name as given.
    pub name: String,
    /// What it was read as.
    pub kind: Kind,
    /// What it gave, counted: `("roles", 12)`, `("managed policies", 30)`.
    pub taken: Vec<(String, usize)>,
    /// What was left out or cannot be known, where.
    pub notes: Vec<Note>,
}

/// Something said about an import: what was left out, or cannot be known, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    /// The file it is about.
    pub file: String,
    /// The JSON path in the file, if it is about one place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// What it says.
    pub message: String,
}

impl FileReport {
    /// A report for `name` read as `kind`, nothing taken yet.
    pub fn new(name: &str, kind: Kind) -> Self {
        Self {
            name: name.to_owned(),
            kind,
            taken: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Count `count` more of `what`.
    pub fn took(&mut self, what: &str, count: usize) {
        if count == 0 {
            return;
        }
        match self.taken.iter_mut().find(|(name, _)| name == what) {
            Some((_, total)) => *total += count,
            None => self.taken.push((what.to_owned(), count)),
        }
    }

    /// Say something about the file, at `path` if given.
    pub fn note(&mut self, path: Option<String>, message: impl Into<String>) {
        self.notes.push(Note {
            file: self.name.clone(),
            path,
            message: message.into(),
        });
    }
}

impl ImportReport {
    /// The report of `files` merged into `scenario`.
    pub fn new(files: Vec<FileReport>, notes: Vec<Note>, scenario: &Scenario) -> Self {
        let lacks = PolicyType::ALL
            .into_iter()
            .filter(|&policy_type| !has_policies_of(scenario, policy_type))
            .collect();
        Self {
            files,
            notes,
            lacks,
        }
    }

    /// The report as text: one line per file, then the notes, then what is lacking.
    pub fn text(&self) -> String {
        let mut lines = Vec::new();
        for file in &self.files {
            let taken: Vec<String> = file
                .taken
                .iter()
                .map(|(what, count)| counted(*count, what))
                .collect();
            let taken = if taken.is_empty() {
                "nothing".to_owned()
            } else {
                taken.join(", ")
            };
            lines.push(format!(
                "{}: read as {} ({}): {taken}",
                file.name,
                file.kind.name(),
                file.kind.describe()
            ));
            for note in &file.notes {
                lines.push(format!("  note: {}", note.text()));
            }
        }
        for note in &self.notes {
            lines.push(format!("note: {}", note.text()));
        }
        if !self.lacks.is_empty() {
            let names: Vec<&str> = self.lacks.iter().map(|t| t.name()).collect();
            lines.push(format!(
                "the scenario has no policy of these types yet: {}",
                names.join(", ")
            ));
        }
        lines.join("\n")
    }
}

impl Note {
    /// The note as one line: `at PATH: MESSAGE`.
    pub fn text(&self) -> String {
        match &self.path {
            Some(path) => format!("at `{path}`: {}", self.message),
            None => self.message.clone(),
        }
    }
}

/// `3 roles`, `1 role`, `1 managed policy`: a count with its noun, plural as given.
fn counted(count: usize, plural: &str) -> String {
    if count != 1 {
        return format!("{count} {plural}");
    }
    let one = match plural.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => plural.strip_suffix('s').unwrap_or(plural).to_owned(),
    };
    format!("1 {one}")
}

/// Whether the scenario holds a policy of `policy_type`, scenario-wide or in its model.
fn has_policies_of(scenario: &Scenario, policy_type: PolicyType) -> bool {
    if !scenario.policies.of_type(policy_type).is_empty() {
        return true;
    }
    match policy_type {
        PolicyType::Identity => {
            scenario
                .principals
                .iter()
                .any(|p| !p.inline_policies.is_empty() || !p.attached_policies.is_empty())
                || scenario
                    .groups
                    .iter()
                    .any(|g| !g.inline_policies.is_empty() || !g.attached_policies.is_empty())
        }
        PolicyType::Resource => {
            scenario.resources.iter().any(|r| r.policy.is_some())
                || scenario.principals.iter().any(|p| p.trust_policy.is_some())
        }
        PolicyType::Boundary => scenario
            .principals
            .iter()
            .any(|p| p.permissions_boundary.is_some()),
        PolicyType::Session => scenario
            .requests
            .iter()
            .any(|r| r.session.as_ref().is_some_and(|s| s.has_policies())),
        PolicyType::Scp | PolicyType::Rcp | PolicyType::Endpoint => false,
    }
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn one_of_a_kind_is_singular() {
        assert_eq!(counted(1, "roles"), "1 role");
        assert_eq!(counted(1, "managed policies"), "1 managed policy");
        assert_eq!(counted(2, "managed policies"), "2 managed policies");
        assert_eq!(counted(0, "users"), "0 users");
    }
}
