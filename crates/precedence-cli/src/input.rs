//! Reading scenario files: every failure becomes a located message, never a panic.

use std::path::{Path, PathBuf};

use precedence::evaluate::Engine;
use precedence::scenario::{ScenarioError, ScenarioFile, MAX_SCENARIO_BYTES};

/// A scenario file read and loaded.
pub struct Loaded {
    /// The file's text.
    pub text: String,
    /// The scenario and where its parts are.
    pub file: ScenarioFile,
    /// Its policies, parsed and checked.
    pub engine: Engine,
}

/// Read and load a scenario file, or say (as `file:line:column: error: …`) why not.
pub fn load(path: &Path) -> Result<Loaded, String> {
    let bytes = read(path)?;
    let file = ScenarioFile::from_bytes(&bytes).map_err(|error| describe(path, &error))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let engine = Engine::from_file(&file, &text);
    // A switch that names nothing changes nothing: said, so a typo is not taken for a result.
    for message in engine.switches_naming_nothing() {
        eprintln!("{}: warning: {message}", path.display());
    }
    Ok(Loaded { text, file, engine })
}

/// Like [`load`], with the findings that need AWS's service catalog added when it is built in.
pub fn load_with_catalog(path: &Path) -> Result<Loaded, String> {
    let mut loaded = load(path)?;
    if let Some(catalog) = catalog() {
        loaded.engine.check_with_catalog(catalog);
    }
    Ok(loaded)
}

/// The service catalog built into the program (the `catalog` feature, on by default).
#[cfg(feature = "catalog")]
pub fn catalog() -> Option<&'static precedence::catalog::Catalog> {
    precedence::catalog::Catalog::embedded().ok()
}

/// Built without the `catalog` feature: no catalog, so no findings that need one.
#[cfg(not(feature = "catalog"))]
pub fn catalog() -> Option<&'static precedence::catalog::Catalog> {
    None
}

/// Read a file, refusing ones larger than a scenario may be.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path)
        .map_err(|error| format!("{}: error: cannot read the file: {error}", path.display()))?
        .len();
    if size > MAX_SCENARIO_BYTES as u64 {
        return Err(format!(
            "{}: error: the file is {size} bytes; at most 64 MiB is accepted\n  = help: split it into several files",
            path.display()
        ));
    }
    std::fs::read(path)
        .map_err(|error| format!("{}: error: cannot read the file: {error}", path.display()))
}

fn describe(path: &Path, error: &ScenarioError) -> String {
    let location = match error.position() {
        Some(position) => format!("{}:{}:{}", path.display(), position.line, position.column),
        None => path.display().to_string(),
    };
    let message = match error {
        ScenarioError::Syntax { message, .. } => message.clone(),
        ScenarioError::Shape { message, path, .. }
        | ScenarioError::Reference { message, path, .. } => format!("at `{path}`: {message}"),
        other => other.to_string(),
    };
    format!("{location}: error: {message}\n  = help: {}", error.help())
}

/// The files a path names: itself, or every `*.json` below a directory, sorted.
pub fn expand(path: &Path) -> Result<Vec<PathBuf>, String> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|error| {
            format!(
                "{}: error: cannot read the directory: {error}",
                dir.display()
            )
        })?;
        for entry in entries.flatten() {
            let entry_path = entry.path();
            if entry_path.is_dir() {
                pending.push(entry_path);
            } else if entry_path.extension().is_some_and(|ext| ext == "json") {
                found.push(entry_path);
            }
        }
    }
    found.sort();
    Ok(found)
}
