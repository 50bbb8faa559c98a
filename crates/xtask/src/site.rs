//! `cargo xtask site`: the playground as a folder of static files, built with cargo alone.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{bindgen, package, page};

/// What to build and where.
pub struct Options {
    /// The folder the site is written to (emptied first).
    pub dist: PathBuf,
    /// The cargo profile of the wasm build.
    pub profile: String,
}

/// The repository root (this crate lives at `crates/xtask`).
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Builds the site: the wasm app, its glue, the page and the files it names.
pub fn build(options: &Options) -> Result<(), String> {
    let root = repository();
    let index = root.join("index.html");
    let source =
        std::fs::read_to_string(&index).map_err(|error| format!("{}: {error}", index.display()))?;
    let page = page::read(&source).map_err(|error| error.to_string())?;
    let Some(app) = &page.app else {
        return Err("index.html names no Rust app (`<link data-trunk rel=\"rust\" …>`)".into());
    };

    let started = Instant::now();
    let wasm = build_wasm(
        &root,
        &["--manifest-path", &app.manifest, "--bin", &app.bin],
        &options.profile,
        &app.bin,
    )?;
    eprintln!("   (wasm build: {:.1}s)", started.elapsed().as_secs_f64());

    let dist = &options.dist;
    empty_site_folder(dist)?;
    let started = Instant::now();
    bindgen::generate(&wasm, &app.bin, dist, bindgen::Target::Web, false)?;
    eprintln!("   (wasm-bindgen: {:.1}s)", started.elapsed().as_secs_f64());
    for (from, name) in &page.copies {
        let from = root.join(from);
        std::fs::copy(&from, dist.join(name))
            .map_err(|error| format!("copying {}: {error}", from.display()))?;
    }
    let written = dist.join("index.html");
    std::fs::write(&written, &page.html)
        .map_err(|error| format!("{}: {error}", written.display()))?;

    let started = Instant::now();
    let api = build_wasm(
        &root,
        &["-p", "precedence-wasm", "--lib"],
        &options.profile,
        "precedence_wasm",
    )?;
    package::write(&root, &api, &dist.join("element"))?;
    sample_page(&root, dist)?;
    eprintln!(
        "   (element package and sample page: {:.1}s)",
        started.elapsed().as_secs_f64()
    );
    eprintln!("   (site written to {})", dist.display());
    Ok(())
}

/// The element's sample page, `docs/element-sample.html`, at the same place in the site, with
/// the example files its elements name (`src="examples/NAME.json"`) beside it.
fn sample_page(root: &Path, dist: &Path) -> Result<(), String> {
    let from = root.join(SAMPLE);
    let html =
        std::fs::read_to_string(&from).map_err(|error| format!("{}: {error}", from.display()))?;
    let docs = dist.join("docs");
    std::fs::create_dir_all(docs.join("examples"))
        .map_err(|error| format!("{}: {error}", docs.display()))?;
    std::fs::write(docs.join("element-sample.html"), &html)
        .map_err(|error| format!("{}: {error}", docs.display()))?;
    for name in example_files(&html) {
        let example = root.join("examples").join(name);
        std::fs::copy(&example, docs.join("examples").join(name))
            .map_err(|error| format!("{SAMPLE} names {}: {error}", example.display()))?;
    }
    Ok(())
}

/// The sample page, in the repository and in the site.
const SAMPLE: &str = "docs/element-sample.html";

/// The example file names of the `src="examples/NAME.json"` attributes of a page.
fn example_files(html: &str) -> Vec<&str> {
    let marker = "src=\"examples/";
    let mut names: Vec<&str> = html
        .match_indices(marker)
        .filter_map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            let name = &rest[..rest.find('"')?];
            let plain = name.ends_with(".json")
                && !name.contains('/')
                && !name.contains("..")
                && !name.is_empty();
            plain.then_some(name)
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// `cargo build` for the browser of what `selection` names (`--bin app`, `-p crate --lib`);
/// the path of the `<artifact>.wasm` it wrote.
pub fn build_wasm(
    root: &Path,
    selection: &[&str],
    profile: &str,
    artifact: &str,
) -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .arg("build")
        .args(selection)
        .args(["--target", "wasm32-unknown-unknown", "--profile", profile])
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !status.success() {
        return Err(format!(
            "the wasm build of `{}` failed ({status})",
            selection.join(" ")
        ));
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    // `dev` is the one profile whose folder is not its name.
    let folder = if profile == "dev" { "debug" } else { profile };
    Ok(target
        .join("wasm32-unknown-unknown")
        .join(folder)
        .join(format!("{artifact}.wasm")))
}

/// Makes `dist` an empty folder, refusing one that holds files but no built site: a mistyped
/// `--dist` must not delete someone's work.
fn empty_site_folder(dist: &Path) -> Result<(), String> {
    let shown = dist.display();
    if dist.exists() {
        let mut entries = std::fs::read_dir(dist).map_err(|error| format!("{shown}: {error}"))?;
        let is_empty = entries.next().is_none();
        if !is_empty && !dist.join("index.html").exists() {
            return Err(format!(
                "{shown} holds files but no index.html: not a site this task wrote; choose another --dist"
            ));
        }
        std::fs::remove_dir_all(dist).map_err(|error| format!("emptying {shown}: {error}"))?;
    }
    std::fs::create_dir_all(dist).map_err(|error| format!("{shown}: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn the_sample_page_names_example_files_that_exist() {
        let root = repository();
        let html = std::fs::read_to_string(root.join(SAMPLE)).unwrap();
        let names = example_files(&html);
        assert!(!names.is_empty());
        for name in names {
            assert!(root.join("examples").join(name).is_file(), "{name}");
        }
        assert_eq!(
            example_files(
                r#"<x src="examples/a.json"> <y src="examples/../b.json"> <z src="examples/a.json">"#
            ),
            ["a.json"]
        );
    }

    #[test]
    fn a_folder_of_other_files_is_never_emptied() {
        let dir = scratch("other");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("notes.txt"), "keep").unwrap();
        let refused = empty_site_folder(&dir).unwrap_err();
        assert!(refused.contains("no index.html"), "{refused}");
        assert!(dir.join("notes.txt").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_earlier_site_and_a_missing_folder_become_an_empty_folder() {
        let dir = scratch("site");
        empty_site_folder(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "old").unwrap();
        std::fs::write(dir.join("old.js"), "old").unwrap();
        empty_site_folder(&dir).unwrap();
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
