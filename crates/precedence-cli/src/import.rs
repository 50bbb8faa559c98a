//! `precedence import`: read AWS CLI, Organizations, Terraform and CloudTrail output into one
//! scenario of the account model, and say what each file was read as and what it gave.

use std::path::{Path, PathBuf};

use precedence_import::{import, ImportError, ImportFile, ImportOptions};

use crate::input;
use crate::output::outln;

/// Exit 0 with the scenario written (to `output`, else standard output) and the report on
/// standard error; 2 when a file cannot be read or imported.
pub fn run(files: &[PathBuf], output: Option<&Path>, resource: Option<String>, json: bool) -> u8 {
    let mut texts = Vec::with_capacity(files.len());
    for path in files {
        match input::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => texts.push((path.display().to_string(), text)),
                Err(error) => {
                    eprintln!(
                        "{}: error: the file is not UTF-8 text (byte {})\n  = help: import the file as the AWS CLI or Terraform wrote it",
                        path.display(),
                        error.utf8_error().valid_up_to()
                    );
                    return 2;
                }
            },
            Err(message) => {
                eprintln!("{message}");
                return 2;
            }
        }
    }
    let inputs: Vec<ImportFile<'_>> = texts
        .iter()
        .map(|(name, text)| ImportFile { name, text })
        .collect();
    let imported = match import(&inputs, &ImportOptions { resource }) {
        Ok(imported) => imported,
        Err(error) => {
            eprintln!("{}", describe(&error));
            return 2;
        }
    };
    let written = if json {
        serde_json::to_string_pretty(&serde_json::json!({
            "scenario": imported.scenario,
            "report": imported.report,
        }))
    } else {
        serde_json::to_string_pretty(&imported.scenario)
    };
    let written = match written {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: cannot write the scenario: {error}");
            return 2;
        }
    };
    match output {
        Some(path) => {
            if let Err(error) = std::fs::write(path, format!("{written}\n")) {
                eprintln!("{}: error: cannot write the file: {error}", path.display());
                return 2;
            }
            eprintln!("{}", imported.report.text());
            eprintln!("wrote {}", path.display());
        }
        None => {
            eprintln!("{}", imported.report.text());
            outln!("{written}");
        }
    }
    0
}

/// An import error, compiler-style, with its help line.
fn describe(error: &ImportError) -> String {
    format!(
        "{}: error: {}\n  = help: {}",
        location(error),
        message(error),
        error.help
    )
}

fn location(error: &ImportError) -> String {
    match error.position {
        Some(position) => format!("{}:{}:{}", error.file, position.line, position.column),
        None => error.file.clone(),
    }
}

fn message(error: &ImportError) -> String {
    match &error.path {
        Some(path) => format!("at `{path}`: {}", error.message),
        None => error.message.clone(),
    }
}
