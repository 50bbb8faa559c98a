//! What `importFiles` returns, built natively: the scenario the files make with the report of
//! what was read, or the located error of the first file that could not be read. The reading
//! itself is `precedence_import::import`, the same the CLI's `precedence import` calls.

use precedence::Scenario;
use precedence_import::{import, ImportError, ImportFile, ImportOptions, ImportReport, Note};
use serde::{Deserialize, Serialize};

use crate::api::{ApiError, ErrorResult};

/// One file handed over from JavaScript: `{ name, text }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileInput {
    /// The file's name, as messages call it.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// The options handed over from JavaScript: `{ resource? }`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionsInput {
    /// The ARN of the resource a bare resource-policy file belongs to.
    #[serde(default)]
    pub resource: Option<String>,
}

/// What was taken from a file: `{ what, count }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TakenOutput {
    /// What was counted (`roles`, `managed policies`).
    pub what: String,
    /// How many.
    pub count: usize,
}

/// Something said about the import, at a JSON path of a file if about one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteOutput {
    /// The file it is about.
    pub file: String,
    /// The JSON path in the file, or `null`.
    pub path: Option<String>,
    /// What it says.
    pub message: String,
}

/// One file of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileOutput {
    /// The file's name as given.
    pub name: String,
    /// The kind it was read as (`iam-authorization-details`, `s3-bucket-policy`, …).
    pub kind: &'static str,
    /// The command whose output that kind is.
    pub command: &'static str,
    /// What it gave, counted, in the order read.
    pub taken: Vec<TakenOutput>,
    /// What was left out or cannot be known.
    pub notes: Vec<NoteOutput>,
}

/// The report of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportOutput {
    /// Each file, in the order given.
    pub files: Vec<FileOutput>,
    /// What merging the files said.
    pub notes: Vec<NoteOutput>,
    /// The policy types the scenario has no policy of yet.
    pub lacks: Vec<&'static str>,
    /// The report as the CLI prints it.
    pub text: String,
}

/// The files read: `{ scenario, report }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportOutput {
    /// The scenario, in the scenario format `evaluate` takes.
    pub scenario: Scenario,
    /// What was read.
    pub report: ReportOutput,
}

/// Why a file could not be imported: which file, where in it, what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportErrorOutput {
    /// The file's name as given.
    pub file: String,
    /// The 1-based line, when the problem is at a place.
    pub line: Option<usize>,
    /// The 1-based column (in characters).
    pub column: Option<usize>,
    /// The JSON path of the value at fault (`RoleDetailList[3].RoleName`), or `null`.
    pub path: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

/// `{ error }` of a file that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportFailure {
    /// What is wrong, where.
    pub error: ImportErrorOutput,
}

/// What `importFiles` returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ImportResult {
    /// The files were read.
    Imported(Box<ImportOutput>),
    /// A file could not be read.
    Failed(ImportFailure),
    /// The arguments are not files.
    Arguments(ErrorResult),
}

/// Import the files given as the JSON text of `[{name, text}]`, with options as the JSON text of
/// `{resource?}` (or none).
pub fn import_files(files_json: &str, options_json: Option<&str>) -> ImportResult {
    let files: Vec<FileInput> = match serde_json::from_str(files_json) {
        Ok(files) => files,
        Err(error) => {
            return ImportResult::Arguments(ErrorResult::from(ApiError::argument(
                "files",
                format!("the files are not a list of `{{name, text}}`: {error}"),
                "pass an array of `{ name: string, text: string }`, e.g. `[{ name: file.name, text: await file.text() }]`",
            )))
        }
    };
    let options: OptionsInput = match options_json.map(serde_json::from_str).transpose() {
        Ok(options) => options.unwrap_or_default(),
        Err(error) => {
            return ImportResult::Arguments(ErrorResult::from(ApiError::argument(
                "options",
                format!("the options are not `{{resource?}}`: {error}"),
                "pass `{ resource: \"arn:…\" }` or leave the options out",
            )))
        }
    };
    let given: Vec<ImportFile<'_>> = files
        .iter()
        .map(|file| ImportFile {
            name: &file.name,
            text: &file.text,
        })
        .collect();
    let options = ImportOptions {
        resource: options
            .resource
            .map(|arn| arn.trim().to_owned())
            .filter(|arn| !arn.is_empty()),
    };
    match import(&given, &options) {
        Ok(imported) => ImportResult::Imported(Box::new(ImportOutput {
            report: report_output(&imported.report),
            scenario: imported.scenario,
        })),
        Err(error) => ImportResult::Failed(ImportFailure {
            error: error_output(error),
        }),
    }
}

/// The report as JavaScript objects.
pub fn report_output(report: &ImportReport) -> ReportOutput {
    ReportOutput {
        files: report
            .files
            .iter()
            .map(|file| FileOutput {
                name: file.name.clone(),
                kind: file.kind.name(),
                command: file.kind.describe(),
                taken: file
                    .taken
                    .iter()
                    .map(|(what, count)| TakenOutput {
                        what: what.clone(),
                        count: *count,
                    })
                    .collect(),
                notes: file.notes.iter().map(note_output).collect(),
            })
            .collect(),
        notes: report.notes.iter().map(note_output).collect(),
        lacks: report.lacks.iter().map(|t| t.name()).collect(),
        text: report.text(),
    }
}

fn note_output(note: &Note) -> NoteOutput {
    NoteOutput {
        file: note.file.clone(),
        path: note.path.clone(),
        message: note.message.clone(),
    }
}

fn error_output(error: ImportError) -> ImportErrorOutput {
    ImportErrorOutput {
        line: error.position.map(|p| p.line),
        column: error.position.map(|p| p.column),
        file: error.file,
        path: error.path,
        message: error.message,
        help: error.help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn run(files: Value, options: Option<Value>) -> Value {
        let options = options.map(|o| o.to_string());
        serde_json::to_value(import_files(&files.to_string(), options.as_deref())).unwrap()
    }

    #[test]
    fn a_file_that_is_no_kind_is_an_error_naming_the_file_and_its_place() {
        let out = run(
            json!([{ "name": "notes.txt", "text": "hello\n{ not json" }]),
            None,
        );
        let error = &out["error"];
        assert_eq!(error["file"], "notes.txt");
        assert_eq!(error["line"], 1);
        assert!(error["column"].as_u64().is_some(), "{out}");
        assert!(
            error["message"].as_str().unwrap().contains("neither JSON"),
            "{out}"
        );
        assert!(!error["help"].as_str().unwrap().is_empty());
    }

    #[test]
    fn a_scenario_file_is_refused_with_a_hint_to_open_it() {
        let out = run(
            json!([{ "name": "scenario.json", "text": "{\"policies\": {}, \"requests\": []}" }]),
            None,
        );
        assert!(
            out["error"]["message"]
                .as_str()
                .unwrap()
                .contains("scenario"),
            "{out}"
        );
    }

    #[test]
    fn arguments_of_the_wrong_shape_name_the_argument() {
        let out = run(json!({ "name": "a" }), None);
        assert_eq!(out["error"]["path"], "files");
        let out = run(json!([{ "name": "a" }]), None);
        assert_eq!(out["error"]["path"], "files", "a file without text");
        let out = run(json!([]), Some(json!({ "resourse": "arn:aws:s3:::b" })));
        assert_eq!(out["error"]["path"], "options");
        assert!(out["error"]["message"]
            .as_str()
            .unwrap()
            .contains("resourse"));
    }

    /// `aws s3api get-bucket-policy` output: the policy as a string under `Policy`
    /// (<https://docs.aws.amazon.com/cli/latest/reference/s3api/get-bucket-policy.html>).
    fn bucket_policy() -> Value {
        let policy = json!({"Version": "2012-10-17", "Statement": [{"Sid": "AnalystReads",
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Analyst"},
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]});
        json!({ "name": "bucket-policy.json", "text": json!({ "Policy": policy.to_string() }).to_string() })
    }

    /// `aws kms get-key-policy` output: a key policy names no key (`"Resource": "*"`)
    /// (<https://docs.aws.amazon.com/cli/latest/reference/kms/get-key-policy.html>).
    fn key_policy() -> Value {
        let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]});
        json!({ "name": "key-policy.json", "text": json!({ "Policy": policy.to_string(), "PolicyName": "default" }).to_string() })
    }

    const KEY: &str = "arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    #[test]
    fn a_bucket_policy_becomes_a_resource_with_its_report() {
        let out = run(json!([bucket_policy()]), None);
        assert_eq!(
            out["scenario"]["resources"][0]["arn"], "arn:aws:s3:::amzn-s3-demo-bucket",
            "{out}"
        );
        let file = &out["report"]["files"][0];
        assert_eq!(file["kind"], "s3-bucket-policy");
        assert_eq!(file["command"], "aws s3api get-bucket-policy");
        assert!(file["taken"][0]["count"].as_u64() >= Some(1), "{out}");
        let lacks: Vec<&str> = out["report"]["lacks"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(
            lacks.contains(&"identity") && !lacks.contains(&"resource"),
            "{lacks:?}"
        );
        // The scenario is one `evaluate` takes.
        let scenario = out["scenario"].to_string();
        assert!(matches!(
            crate::api::evaluate(crate::api::ScenarioInput::Object(&scenario)),
            crate::api::EvaluateResult::Ok(_)
        ));
    }

    #[test]
    fn a_key_policy_needs_its_resource_and_imports_with_it() {
        let out = run(json!([key_policy()]), None);
        assert_eq!(out["error"]["file"], "key-policy.json", "{out}");
        let said = format!("{} {}", out["error"]["message"], out["error"]["help"]);
        assert!(said.contains("resource"), "{said}");
        let out = run(json!([key_policy()]), Some(json!({ "resource": KEY })));
        assert_eq!(out["scenario"]["resources"][0]["arn"], KEY, "{out}");
        assert_eq!(out["report"]["files"][0]["kind"], "kms-key-policy");
    }

    #[test]
    fn no_files_make_an_empty_scenario_lacking_every_type() {
        let out = run(json!([]), Some(json!({})));
        assert_eq!(out["report"]["files"], json!([]));
        assert_eq!(
            out["report"]["lacks"].as_array().map(Vec::len),
            Some(precedence::PolicyType::ALL.len())
        );
        assert!(out["scenario"].is_object(), "{out}");
    }

    /// Every object key in `value`.
    fn keys(value: &Value, found: &mut std::collections::BTreeSet<String>) {
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    found.insert(key.clone());
                    keys(member, found);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| keys(item, found)),
            _ => {}
        }
    }

    #[test]
    fn the_typescript_types_name_every_field_of_the_import_output() {
        let types = include_str!("../precedence.d.ts");
        let mut found = std::collections::BTreeSet::new();
        keys(&run(json!([]), None), &mut found);
        keys(&run(json!([bucket_policy()]), None), &mut found);
        keys(
            &run(json!([key_policy()]), Some(json!({ "resource": KEY }))),
            &mut found,
        );
        keys(
            &run(json!([{ "name": "x.txt", "text": "not json" }]), None),
            &mut found,
        );
        for key in [
            "scenario",
            "report",
            "lacks",
            "file",
            "line",
            "help",
            "taken",
            "what",
            "command",
            "resources",
            "arn",
        ] {
            assert!(found.contains(key), "no import output shows `{key}`");
        }
        for key in &found {
            assert!(
                types.contains(&format!("  {key}: ")) || types.contains(&format!("  {key}?: ")),
                "precedence.d.ts lacks the import output field `{key}`"
            );
        }
    }
}
