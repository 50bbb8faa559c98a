//! Embeds every scenario of `examples/` in the bundle, minified, seed patterns first; and the
//! teaching course of `examples/lessons/`, in the order of their file names (`NN-slug.json`).

use std::fmt::Write as _;
use std::path::Path;

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// An example's JSON without the whitespace between its tokens (the page parses it; its policy
/// texts are laid out again when loaded), and its `name`, read here so the page need not parse
/// every example to list them. Keys keep their order (`preserve_order`).
fn minified_and_title(path: &Path) -> Result<(String, String), String> {
    let located = |error: &dyn std::fmt::Display| format!("{}: {error}", path.display());
    let text = std::fs::read_to_string(path).map_err(|error| located(&error))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|error| located(&error))?;
    let title = value.get("name").and_then(|name| name.as_str());
    let title = title.map_or_else(|| stem(path), str::to_owned);
    Ok((value.to_string(), title))
}

/// The `.json` files of `dir` (none when there is no such folder).
fn json_files(dir: &Path, required: bool) -> Result<Vec<std::path::PathBuf>, String> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(_) if !required => return Ok(Vec::new()),
        Err(error) => return Err(format!("{}: {error}", dir.display())),
    };
    Ok(entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect())
}

/// Writes `lessons.rs`: the course in file-name order. A lesson without its `lesson` block
/// fails the build: the lesson bar would have no question to ask.
fn write_lessons(out_dir: &Path) -> Result<(), String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/lessons");
    let mut files = json_files(&dir, false)?;
    files.sort_by_key(|path| stem(path));
    let mut out = String::from(
        "/// Every lesson, in course order: (file stem, title, scenario JSON).\npub const LESSONS: &[(&str, &str, &str)] = &[\n",
    );
    for path in &files {
        let (json, title) = minified_and_title(path)?;
        let has_lesson = serde_json::from_str::<serde_json::Value>(&json)
            .ok()
            .is_some_and(|value| value.get("lesson").is_some_and(|l| l.is_object()));
        if !has_lesson {
            return Err(format!(
                "{}: a lesson needs a `lesson` block",
                path.display()
            ));
        }
        let _ = writeln!(out, "    ({:?}, {:?}, {:?}),", stem(path), title, json);
    }
    out.push_str("];\n");
    let target = out_dir.join("lessons.rs");
    std::fs::write(&target, out).map_err(|error| format!("{}: {error}", target.display()))
}

/// Writes `examples.rs` and `lessons.rs`. An example that cannot be read fails the build: the
/// gallery would otherwise show a button that loads nothing.
fn main() -> Result<(), String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut files = json_files(&dir, true)?;
    // Seed examples first, then the teaching ones, each alphabetically.
    files.sort_by_key(|path| {
        let stem = stem(path);
        (!stem.starts_with("seed"), stem)
    });
    let mut out = String::from(
        "/// Every example: (file stem, title, scenario JSON).\npub const EXAMPLES: &[(&str, &str, &str)] = &[\n",
    );
    for path in &files {
        let (json, title) = minified_and_title(path)?;
        let _ = writeln!(out, "    ({:?}, {:?}, {:?}),", stem(path), title, json);
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").map_err(|error| format!("OUT_DIR: {error}"))?;
    let target = Path::new(&out_dir).join("examples.rs");
    std::fs::write(&target, out).map_err(|error| format!("{}: {error}", target.display()))?;
    write_lessons(Path::new(&out_dir))
}
