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
fn minified_and_title(path: &Path) -> (String, String) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(value) => {
            let title = value
                .get("name")
                .and_then(|name| name.as_str())
                .map(str::to_owned);
            let minified = serde_json::to_string(&value).unwrap_or(text);
            (minified, title.unwrap_or_else(|| stem(path)))
        }
        // Not JSON: embedded as it is, so the page reports the problem like any other.
        Err(_) => (text, stem(path)),
    }
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .collect()
        })
        .unwrap_or_default();
    // Seed examples first, then the teaching ones, each alphabetically.
    files.sort_by_key(|path| {
        let stem = stem(path);
        (!stem.starts_with("seed"), stem)
    });
    let mut out = String::from(
        "/// Every example: (file stem, title, scenario JSON).\npub const EXAMPLES: &[(&str, &str, &str)] = &[\n",
    );
    for path in &files {
        let (json, title) = minified_and_title(path);
        let _ = writeln!(out, "    ({:?}, {:?}, {:?}),", stem(path), title, json);
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("examples.rs");
    if let Err(error) = std::fs::write(&target, out) {
        println!("cargo:warning=cannot write {}: {error}", target.display());
    }
}
