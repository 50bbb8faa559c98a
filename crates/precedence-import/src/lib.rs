//! Imports: the files people already have — `aws iam get-account-authorization-details`,
//! AWS Organizations output, resource policies as the CLI prints them, Terraform plans, an
//! AccessDenied as they met it — read into one [`Scenario`] of the account model, with a
//! report of what each file was read as, what was taken in and what the result still lacks.
//!
//! Everything happens in memory: no file is read here (callers pass the text) and nothing is
//! sent anywhere.
//!
//! ```
//! use precedence_import::{import, ImportFile, ImportOptions};
//!
//! let policy = r#"{"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::reports/*\"}]}"}"#;
//! let options = ImportOptions { resource: Some("arn:aws:s3:::reports".into()) };
//! let imported = import(&[ImportFile { name: "bucket-policy.json", text: policy }], &options).unwrap();
//! assert_eq!(imported.scenario.resources[0].arn, "arn:aws:s3:::reports");
//! assert_eq!(imported.report.files[0].kind.name(), "s3-bucket-policy");
//! ```

mod builder;
mod detect;
mod document;
mod error;
mod report;

mod access_denied;
mod iam;
mod organizations;
mod resource_policies;
mod terraform;

pub use builder::{Builder, Built};
pub use detect::Kind;
pub use error::ImportError;
pub use report::{FileReport, ImportReport, Note};

use precedence::Scenario;

/// One file to import: a name for messages (its path, or what the user dropped) and its text.
#[derive(Debug, Clone, Copy)]
pub struct ImportFile<'a> {
    /// The file's name, as messages should call it.
    pub name: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// What the files themselves may not say.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The ARN of the resource a resource-policy file belongs to, when the file does not name
    /// it (`get-bucket-policy`, `get-key-policy` and `get-queue-attributes` print the policy
    /// alone).
    pub resource: Option<String>,
}

/// The scenario the files make, and the report of what was read.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The scenario: the account model, with requests for AccessDenied files.
    pub scenario: Scenario,
    /// What each file was read as and what it gave; what the scenario still lacks.
    pub report: ImportReport,
}

/// Read every file into one scenario. Files merge: several accounts' authorization details, an
/// organization's policies with their targets, resource policies of several resources. The
/// first file that cannot be read stops the import with an error that names the file, where in
/// it (line:column and JSON path) and what to do.
pub fn import(files: &[ImportFile<'_>], options: &ImportOptions) -> Result<Imported, ImportError> {
    let mut builder = Builder::default();
    let mut reports = Vec::with_capacity(files.len());
    for file in files {
        reports.push(detect::read(file, options, &mut builder)?);
    }
    let Built {
        scenario,
        mut notes,
        denied,
    } = builder.finish()?;
    access_denied::check_expectations(&scenario, &denied, &mut notes);
    let report = ImportReport::new(reports, notes, &scenario);
    Ok(Imported { scenario, report })
}
