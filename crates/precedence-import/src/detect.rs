//! What kind of file this is, told from its content, and the reading of it by its kind.

use serde::Serialize;
use serde_json::Value as Json;

use precedence::json::{self, Node, Value};
use precedence::span::LineIndex;

use crate::report::FileReport;
use crate::{
    access_denied, iam, organizations, resource_policies, terraform, Builder, ImportError,
    ImportFile, ImportOptions,
};

/// The kinds of file an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// `aws iam get-account-authorization-details`.
    IamAuthorizationDetails,
    /// `aws organizations describe-policy`.
    OrganizationsPolicy,
    /// `aws organizations list-targets-for-policy`.
    OrganizationsTargets,
    /// `aws organizations list-roots`.
    OrganizationsRoots,
    /// `aws organizations list-organizational-units-for-parent`.
    OrganizationsUnits,
    /// `aws organizations list-accounts-for-parent`.
    OrganizationsAccounts,
    /// `aws s3api get-bucket-policy`.
    S3BucketPolicy,
    /// `aws kms get-key-policy`.
    KmsKeyPolicy,
    /// `aws ec2 describe-vpc-endpoints`.
    Ec2VpcEndpoints,
    /// `aws sqs get-queue-attributes`.
    SqsQueueAttributes,
    /// `aws dynamodb get-resource-policy`.
    DynamodbResourcePolicy,
    /// `aws secretsmanager get-resource-policy`.
    SecretsmanagerResourcePolicy,
    /// `terraform show -json PLAN`.
    TerraformPlan,
    /// A CloudTrail event (or a file of `Records`) with an AccessDenied error.
    CloudtrailEvent,
    /// The AccessDenied message text AWS prints.
    AccessDeniedMessage,
}

impl Kind {
    /// The kind's name, as the report and `--format json` write it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::IamAuthorizationDetails => "iam-authorization-details",
            Kind::OrganizationsPolicy => "organizations-policy",
            Kind::OrganizationsTargets => "organizations-targets",
            Kind::OrganizationsRoots => "organizations-roots",
            Kind::OrganizationsUnits => "organizations-units",
            Kind::OrganizationsAccounts => "organizations-accounts",
            Kind::S3BucketPolicy => "s3-bucket-policy",
            Kind::KmsKeyPolicy => "kms-key-policy",
            Kind::Ec2VpcEndpoints => "ec2-vpc-endpoints",
            Kind::SqsQueueAttributes => "sqs-queue-attributes",
            Kind::DynamodbResourcePolicy => "dynamodb-resource-policy",
            Kind::SecretsmanagerResourcePolicy => "secretsmanager-resource-policy",
            Kind::TerraformPlan => "terraform-plan",
            Kind::CloudtrailEvent => "cloudtrail-event",
            Kind::AccessDeniedMessage => "access-denied-message",
        }
    }

    /// The command (or source) whose output this kind is.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::IamAuthorizationDetails => "aws iam get-account-authorization-details",
            Kind::OrganizationsPolicy => "aws organizations describe-policy",
            Kind::OrganizationsTargets => "aws organizations list-targets-for-policy",
            Kind::OrganizationsRoots => "aws organizations list-roots",
            Kind::OrganizationsUnits => "aws organizations list-organizational-units-for-parent",
            Kind::OrganizationsAccounts => "aws organizations list-accounts-for-parent",
            Kind::S3BucketPolicy => "aws s3api get-bucket-policy",
            Kind::KmsKeyPolicy => "aws kms get-key-policy",
            Kind::Ec2VpcEndpoints => "aws ec2 describe-vpc-endpoints",
            Kind::SqsQueueAttributes => "aws sqs get-queue-attributes",
            Kind::DynamodbResourcePolicy => "aws dynamodb get-resource-policy",
            Kind::SecretsmanagerResourcePolicy => "aws secretsmanager get-resource-policy",
            Kind::TerraformPlan => "terraform show -json",
            Kind::CloudtrailEvent => "a CloudTrail event",
            Kind::AccessDeniedMessage => "an AccessDenied error message",
        }
    }
}

/// One file being read: where its parts go and what it has given so far.
pub(crate) struct Reading<'r> {
    /// The file.
    pub(crate) file: ImportFile<'r>,
    /// What the user said the files do not.
    pub(crate) options: &'r ImportOptions,
    /// The scenario being built from every file.
    pub(crate) builder: &'r mut Builder,
    /// What this file gave.
    pub(crate) report: FileReport,
}

impl Reading<'_> {
    /// An error at `path` of this file (`RoleDetailList[3].RoleName`; `.` for the whole file),
    /// located at its line and column.
    pub(crate) fn error(
        &self,
        path: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> ImportError {
        ImportError {
            file: self.file.name.to_owned(),
            position: locate(self.file.text, path),
            path: (path != ".").then(|| path.to_owned()),
            message: message.into(),
            help: help.into(),
        }
    }

    /// Count `count` more of `what` taken from the file.
    pub(crate) fn took(&mut self, what: &str, count: usize) {
        self.report.took(what, count);
    }

    /// Say something about the file at `path` (`None`: the whole file).
    pub(crate) fn note(&mut self, path: Option<&str>, message: impl Into<String>) {
        self.report.note(path.map(str::to_owned), message);
    }
}

/// Read `file` into `builder` by the kind its content shows.
pub(crate) fn read(
    file: &ImportFile<'_>,
    options: &ImportOptions,
    builder: &mut Builder,
) -> Result<FileReport, ImportError> {
    let value: Json = match serde_json::from_str(file.text) {
        Ok(value) => value,
        Err(error) => {
            if access_denied::is_message(file.text) {
                let mut reading = Reading {
                    file: *file,
                    options,
                    builder,
                    report: FileReport::new(file.name, Kind::AccessDeniedMessage),
                };
                access_denied::read_message(file.text, &mut reading)?;
                return Ok(reading.report);
            }
            return Err(ImportError {
                file: file.name.to_owned(),
                position: Some(precedence::span::Position {
                    line: error.line(),
                    column: error.column(),
                }),
                path: None,
                message: format!("the file is neither JSON nor an AccessDenied message: {error}"),
                help: "import the JSON the AWS CLI or Terraform printed, or the text of an AccessDenied error as AWS gave it".into(),
            });
        }
    };
    let Some(kind) = kind_of(&value, options) else {
        return Err(ImportError {
            file: file.name.to_owned(),
            position: Some(precedence::span::Position { line: 1, column: 1 }),
            path: None,
            message: format!("this JSON is none of the kinds an import reads{}", shape_hint(&value)),
            help: "import the output of `aws iam get-account-authorization-details`, `aws organizations describe-policy`/`list-targets-for-policy`/`list-roots`/`list-organizational-units-for-parent`/`list-accounts-for-parent`, `aws s3api get-bucket-policy`, `aws kms get-key-policy`, `aws ec2 describe-vpc-endpoints`, `aws sqs get-queue-attributes`, `aws dynamodb get-resource-policy`, `aws secretsmanager get-resource-policy`, `terraform show -json`, or a CloudTrail event; a scenario file is opened, not imported".into(),
        });
    };
    let mut reading = Reading {
        file: *file,
        options,
        builder,
        report: FileReport::new(file.name, kind),
    };
    match kind {
        Kind::IamAuthorizationDetails => iam::read(&value, &mut reading)?,
        Kind::OrganizationsPolicy
        | Kind::OrganizationsTargets
        | Kind::OrganizationsRoots
        | Kind::OrganizationsUnits
        | Kind::OrganizationsAccounts => organizations::read(kind, &value, &mut reading)?,
        Kind::S3BucketPolicy
        | Kind::KmsKeyPolicy
        | Kind::Ec2VpcEndpoints
        | Kind::SqsQueueAttributes
        | Kind::DynamodbResourcePolicy
        | Kind::SecretsmanagerResourcePolicy => {
            resource_policies::read(kind, &value, &mut reading)?
        }
        Kind::TerraformPlan => terraform::read(&value, &mut reading)?,
        Kind::CloudtrailEvent => access_denied::read_event(&value, &mut reading)?,
        Kind::AccessDeniedMessage => access_denied::read_message(file.text, &mut reading)?,
    }
    Ok(reading.report)
}

/// The kind a JSON value's top-level shape shows.
fn kind_of(value: &Json, options: &ImportOptions) -> Option<Kind> {
    let object = value.as_object()?;
    let has = |key: &str| object.contains_key(key);
    if ["UserDetailList", "GroupDetailList", "RoleDetailList"]
        .iter()
        .any(|key| has(key))
        || (has("Policies") && object.get("Policies").is_some_and(Json::is_array))
    {
        return Some(Kind::IamAuthorizationDetails);
    }
    if let Some(kind) = organizations::kind_of(object) {
        return Some(kind);
    }
    if has("format_version") && (has("planned_values") || has("resource_changes")) {
        return Some(Kind::TerraformPlan);
    }
    if access_denied::is_event(object) {
        return Some(Kind::CloudtrailEvent);
    }
    resource_policies::kind_of(object, options)
}

/// A hint at what the JSON is, when it is none of the kinds: a policy document or a scenario.
fn shape_hint(value: &Json) -> &'static str {
    let Some(object) = value.as_object() else {
        return "";
    };
    if object.contains_key("Statement") {
        "; it is a policy document: paste it into a policy of the scenario (or give the resource policy with `--resource ARN` as the AWS CLI prints it)"
    } else if object.contains_key("policies") || object.contains_key("requests") {
        "; it is a Precedence scenario: open it rather than import it"
    } else {
        ""
    }
}

/// The line and column of the value at `path` (`A[3].B`; `.` for the root) in `text`. Only
/// called for an error: the located parse costs a second read of the file.
fn locate(text: &str, path: &str) -> Option<precedence::span::Position> {
    let tree = json::parse(text).ok()?;
    let mut node: &Node<'_> = &tree;
    for step in steps(path) {
        let next = match (&step, &node.value) {
            (Step::Key(name), Value::Object(members)) => {
                members.iter().find(|m| m.name == *name).map(|m| &m.value)
            }
            (Step::Index(index), Value::Array(items)) => items.get(*index),
            _ => None,
        };
        match next {
            Some(inner) => node = inner,
            None => break,
        }
    }
    Some(LineIndex::new(text).position(text, node.span.start))
}

enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// `A[3].B` as steps `A`, `3`, `B`.
fn steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if !name.is_empty() {
            steps.push(Step::Key(name));
        }
        for index in rest.split('[') {
            if let Ok(index) = index.trim_end_matches(']').parse() {
                steps.push(Step::Index(index));
            }
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_located_at_its_value() {
        let text = "{\n  \"A\": [\n    {\"B\": 1},\n    {\"B\": 2}\n  ]\n}";
        let at = |path| locate(text, path).map(|p| (p.line, p.column));
        assert_eq!(at("A[1].B"), Some((4, 11)));
        assert_eq!(at("."), Some((1, 1)));
    }
}
