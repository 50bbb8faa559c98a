//! Import in the tab: the files a user picks or drops are read here (no network), shown as
//! being read, then turned into a scenario by `precedence_import`, the reader the CLI uses.

use std::rc::Rc;

use precedence_import::{import, ImportError, ImportFile, ImportOptions, ImportReport};
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::app::{edit, Dispatch};
use crate::browser;
use crate::state::Action;

/// The files of an import as read: `(name, text)`, kept to import again with a resource ARN.
pub type ReadFiles = Rc<Vec<(String, String)>>;

/// Where an import stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ImportStatus {
    /// No import yet, or its report dismissed.
    #[default]
    Idle,
    /// Files being read and imported.
    Reading {
        /// How many files.
        files: usize,
        /// Their size in bytes.
        bytes: f64,
    },
    /// The files were imported: what was read.
    Done(Rc<ImportReport>),
    /// A file could not be imported.
    Failed {
        /// Which file, where, what to do.
        error: ImportError,
        /// The files, to import again (with a resource ARN).
        files: ReadFiles,
    },
}

impl ImportStatus {
    /// The line shown while reading: `Reading 2 files (20.4 MB)…`.
    pub fn reading_text(files: usize, bytes: f64) -> String {
        let size = if bytes >= 1_000_000.0 {
            format!("{:.1} MB", bytes / 1_000_000.0)
        } else {
            format!("{:.0} KB", (bytes / 1000.0).ceil())
        };
        let count = if files == 1 {
            "1 file".to_owned()
        } else {
            format!("{files} files")
        };
        format!("Reading {count} ({size})…")
    }
}

/// What a file gave, counted: `1 role, 3 managed policies` (`nothing` for nothing).
pub fn taken_text(taken: &[(String, usize)]) -> String {
    if taken.is_empty() {
        return "nothing".to_owned();
    }
    let counted: Vec<String> = taken
        .iter()
        .map(|(plural, count)| {
            if *count != 1 {
                return format!("{count} {plural}");
            }
            let one = match plural.strip_suffix("ies") {
                Some(stem) => format!("{stem}y"),
                None => plural.strip_suffix('s').unwrap_or(plural).to_owned(),
            };
            format!("1 {one}")
        })
        .collect();
    counted.join(", ")
}

/// Import `files` into a scenario, as `precedence import FILE… [--resource ARN]` does.
pub fn run(files: &[(String, String)], resource: Option<&str>) -> ImportStatusResult {
    let given: Vec<ImportFile<'_>> = files
        .iter()
        .map(|(name, text)| ImportFile { name, text })
        .collect();
    let options = ImportOptions {
        resource: resource
            .map(str::trim)
            .filter(|arn| !arn.is_empty())
            .map(str::to_owned),
    };
    import(&given, &options).map(|imported| (imported.scenario, imported.report))
}

/// The scenario and report of an import, or its error.
pub type ImportStatusResult = Result<(precedence::Scenario, ImportReport), ImportError>;

/// The scenario of a single file that is a Precedence scenario (not AWS output to import).
fn scenario_file(files: &[(String, String)]) -> Option<precedence::Scenario> {
    match files {
        [(_, text)] => precedence::ScenarioFile::from_text(text)
            .ok()
            .map(|file| file.scenario),
        _ => None,
    }
}

/// Read the picked or dropped files in the tab, show that they are being read, then import them
/// (the scenario replaces the one on screen, which is offered back).
pub fn start(picked: Vec<web_sys::File>, status: UseStateHandle<ImportStatus>, dispatch: Dispatch) {
    if picked.is_empty() {
        return;
    }
    let bytes = picked.iter().map(|file| file.size()).sum();
    status.set(ImportStatus::Reading {
        files: picked.len(),
        bytes,
    });
    wasm_bindgen_futures::spawn_local(async move {
        let mut files = Vec::with_capacity(picked.len());
        for file in &picked {
            let text = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string());
            match text {
                Some(text) => files.push((file.name(), text)),
                None => {
                    status.set(ImportStatus::Failed {
                        error: ImportError {
                            file: file.name(),
                            position: None,
                            path: None,
                            message: "the browser could not read the file as text".into(),
                            help: "pick the file again; imports read text files (JSON or an AccessDenied message)".into(),
                        },
                        files: Rc::new(Vec::new()),
                    });
                    return;
                }
            }
        }
        finish(Rc::new(files), None, status, dispatch);
    });
}

/// Import files already read, after the "reading" state is on screen: a large file takes a
/// while and the page must say so rather than freeze silently.
pub fn finish(
    files: ReadFiles,
    resource: Option<String>,
    status: UseStateHandle<ImportStatus>,
    dispatch: Dispatch,
) {
    let bytes = files.iter().map(|(_, text)| text.len() as f64).sum();
    status.set(ImportStatus::Reading {
        files: files.len(),
        bytes,
    });
    browser::after_next_paint(move || match run(&files, resource.as_deref()) {
        Ok((scenario, report)) => {
            edit(&dispatch, Action::Load(Box::new(scenario)));
            status.set(ImportStatus::Done(Rc::new(report)));
        }
        // A Precedence scenario dropped or picked here is opened, as Import JSON opens it.
        Err(error) => match scenario_file(&files) {
            Some(scenario) => {
                edit(&dispatch, Action::Load(Box::new(scenario)));
                status.set(ImportStatus::Idle);
            }
            None => status.set(ImportStatus::Failed { error, files }),
        },
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reading_line_gives_the_count_and_size() {
        assert_eq!(
            ImportStatus::reading_text(1, 20_400_000.0),
            "Reading 1 file (20.4 MB)…"
        );
        assert_eq!(
            ImportStatus::reading_text(2, 1500.0),
            "Reading 2 files (2 KB)…"
        );
    }

    #[test]
    fn a_single_scenario_file_is_told_apart_from_aws_output() {
        let scenario = r#"{"policies": {}, "requests": [{"principal": "p", "action": "s3:GetObject", "resource": "*"}]}"#;
        let one = vec![("scenario.json".to_owned(), scenario.to_owned())];
        assert!(run(&one, None).is_err(), "a scenario is not imported");
        assert_eq!(scenario_file(&one).map(|s| s.requests.len()), Some(1));
        let two = vec![one[0].clone(), one[0].clone()];
        assert!(scenario_file(&two).is_none());
    }

    #[test]
    fn counts_of_one_are_singular() {
        let taken = [
            ("roles".to_owned(), 1),
            ("managed policies".to_owned(), 1),
            ("users".to_owned(), 2),
        ];
        assert_eq!(taken_text(&taken), "1 role, 1 managed policy, 2 users");
        assert_eq!(taken_text(&[]), "nothing");
    }

    #[test]
    fn a_file_that_is_no_kind_fails_with_its_name_and_place() {
        let files = vec![("denied.txt".to_owned(), "hello\n{ oops".to_owned())];
        let error = run(&files, None).expect_err("not an import");
        assert_eq!(error.file, "denied.txt");
        assert!(error.position.is_some());
    }

    #[test]
    fn the_e2e_fixtures_import_into_a_model_that_allows_the_analyst() {
        let files = vec![
            (
                "authorization-details.json".to_owned(),
                include_str!("../../tests/e2e/fixtures/authorization-details.json").to_owned(),
            ),
            (
                "bucket-policy.json".to_owned(),
                include_str!("../../tests/e2e/fixtures/bucket-policy.json").to_owned(),
            ),
        ];
        let (scenario, report) = run(&files, None).expect("the fixtures import");
        let kinds: Vec<&str> = report.files.iter().map(|f| f.kind.name()).collect();
        assert_eq!(kinds, ["iam-authorization-details", "s3-bucket-policy"]);
        assert!(scenario
            .principals
            .iter()
            .any(|p| p.arn == "arn:aws:iam::111122223333:role/Analyst"));
        let mut state = crate::state::PlaygroundState::from_scenario(&scenario);
        state.apply(crate::state::Action::AddRequest);
        let key = state.requests[0].key;
        for (field, value) in [
            (
                crate::state::RequestField::Principal,
                "arn:aws:iam::111122223333:role/Analyst",
            ),
            (crate::state::RequestField::Action, "s3:GetObject"),
            (
                crate::state::RequestField::Resource,
                "arn:aws:s3:::amzn-s3-demo-bucket/q1.csv",
            ),
        ] {
            state.apply(crate::state::Action::EditRequest(key, field, value.into()));
        }
        let scenario = state.to_scenario();
        let engine = precedence::Engine::from_scenario(&scenario);
        let request = engine
            .prepare(&scenario.requests[0])
            .expect("a usable request");
        assert_eq!(
            engine.decide(&request).decision,
            precedence::Decision::Allowed
        );
    }
}
