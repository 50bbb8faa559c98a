//! Embeds every scenario of `examples/` in the bundle, minified, seed patterns first.

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

/// Writes `examples.rs`. An example that cannot be read fails the build: the gallery would
/// otherwise show a button that loads nothing.
fn main() -> Result<(), String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    println!("cargo:rerun-if-changed={}", dir.display());
    let entries = std::fs::read_dir(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let mut files: Vec<_> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
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
    std::fs::write(&target, out).map_err(|error| format!("{}: {error}", target.display()))
}
