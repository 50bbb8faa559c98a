//! `cargo xtask site`: the playground as a folder of static files, built with cargo alone.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{bindgen, page};

/// What to build and where.
pub struct Options {
    /// The folder the site is written to (emptied first).
    pub dist: PathBuf,
    /// The cargo profile of the wasm build.
    pub profile: String,
}

/// The repository root (this crate lives at `crates/xtask`).
fn repository() -> PathBuf {
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
    let wasm = build_wasm(&root, &app.manifest, &app.bin, &options.profile)?;
    eprintln!("   (wasm build: {:.1}s)", started.elapsed().as_secs_f64());

    let dist = &options.dist;
    empty_site_folder(dist)?;
    let started = Instant::now();
    bindgen::generate(&wasm, &app.bin, dist)?;
    eprintln!("   (wasm-bindgen: {:.1}s)", started.elapsed().as_secs_f64());
    for (from, name) in &page.copies {
        let from = root.join(from);
        std::fs::copy(&from, dist.join(name))
            .map_err(|error| format!("copying {}: {error}", from.display()))?;
    }
    let written = dist.join("index.html");
    std::fs::write(&written, &page.html)
        .map_err(|error| format!("{}: {error}", written.display()))?;
    eprintln!("   (site written to {})", dist.display());
    Ok(())
}

/// `cargo build` of the app for the browser; the path of the `.wasm` it wrote.
fn build_wasm(root: &Path, manifest: &str, bin: &str, profile: &str) -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--manifest-path", manifest])
        .args(["--target", "wasm32-unknown-unknown", "--profile", profile])
        .args(["--bin", bin])
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !status.success() {
        return Err(format!("the wasm build of {manifest} failed ({status})"));
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    // `dev` is the one profile whose folder is not its name.
    let folder = if profile == "dev" { "debug" } else { profile };
    Ok(target
        .join("wasm32-unknown-unknown")
        .join(folder)
        .join(format!("{bin}.wasm")))
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
