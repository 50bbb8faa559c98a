//! `cargo xtask package`: the JavaScript API and the `<precedence-scenario>` element as a folder
//! `npm pack` and `npm publish` take as it is.
//!
//! ```text
//! package.json              name, version (the workspace's), exports, types, files, license
//! web/precedence_wasm.js    the JS API for browsers (`--target web`): `await init()` first
//! node/precedence_wasm.js   the JS API for Node (`--target experimental-nodejs-module`)
//! precedence-scenario.js    the custom element, loading web/ once for every element on a page
//!   (and its .d.ts)
//! catalog.txt               the service catalog for `loadCatalog`, and its licence
//! LICENSE, README.md
//! ```

use std::path::{Path, PathBuf};

use crate::bindgen::{self, Target};
use crate::site::{build_wasm, repository};

/// The package's name on npm.
pub const NAME: &str = "precedence-playground";

/// The crate whose wasm is the JS API, and the stem of its files.
const CRATE: &str = "precedence-wasm";
const STEM: &str = "precedence_wasm";

/// What to build and where.
pub struct Options {
    /// The folder the package is written to (emptied first).
    pub out: PathBuf,
    /// The cargo profile of the wasm build.
    pub profile: String,
}

/// Builds the JS API for wasm and writes the package into `options.out`.
pub fn build(options: &Options) -> Result<(), String> {
    let root = repository();
    let wasm = build_wasm(&root, &["-p", CRATE, "--lib"], &options.profile, STEM)?;
    write(&root, &wasm, &options.out)?;
    eprintln!("   (package written to {})", options.out.display());
    Ok(())
}

/// Writes the package of the JS API built as `wasm` into `out`.
pub fn write(root: &Path, wasm: &Path, out: &Path) -> Result<(), String> {
    empty_package_folder(out)?;
    bindgen::generate(wasm, STEM, &out.join("web"), Target::Web, true)?;
    bindgen::generate(wasm, STEM, &out.join("node"), Target::Node, true)?;
    let copies = [
        (
            "crates/precedence-wasm/js/precedence-scenario.js",
            "precedence-scenario.js",
        ),
        ("crates/precedence/data/catalog.txt", "catalog.txt"),
        (
            "crates/precedence/data/catalog-LICENSE.txt",
            "catalog-LICENSE.txt",
        ),
        (
            "crates/precedence-wasm/js/precedence-scenario.d.ts",
            "precedence-scenario.d.ts",
        ),
        ("LICENSE", "LICENSE"),
    ];
    for (from, name) in copies {
        let from = root.join(from);
        std::fs::copy(&from, out.join(name))
            .map_err(|error| format!("copying {}: {error}", from.display()))?;
    }
    write_file(
        &out.join("package.json"),
        &manifest(env!("CARGO_PKG_VERSION")),
    )?;
    write_file(&out.join("README.md"), README)
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|error| format!("{}: {error}", path.display()))
}

/// `package.json`: the browser build for bundlers and pages, the Node build under the `node`
/// condition, and the element as its own entry.
pub fn manifest(version: &str) -> String {
    format!(
        r#"{{
  "name": "{NAME}",
  "version": "{version}",
  "description": "Precedence's AWS policy evaluator as a JavaScript API (WebAssembly, browser and Node) and the <precedence-scenario> element for documentation",
  "license": "MIT",
  "type": "module",
  "main": "./node/{STEM}.js",
  "module": "./web/{STEM}.js",
  "types": "./web/{STEM}.d.ts",
  "exports": {{
    ".": {{
      "node": {{
        "types": "./node/{STEM}.d.ts",
        "default": "./node/{STEM}.js"
      }},
      "browser": {{
        "types": "./web/{STEM}.d.ts",
        "default": "./web/{STEM}.js"
      }},
      "default": {{
        "types": "./web/{STEM}.d.ts",
        "default": "./web/{STEM}.js"
      }}
    }},
    "./precedence-scenario.js": {{
      "types": "./precedence-scenario.d.ts",
      "default": "./precedence-scenario.js"
    }},
    "./web/{STEM}_bg.wasm": "./web/{STEM}_bg.wasm",
    "./catalog.txt": "./catalog.txt",
    "./package.json": "./package.json"
  }},
  "files": [
    "web/",
    "node/",
    "precedence-scenario.js",
    "precedence-scenario.d.ts",
    "catalog.txt",
    "catalog-LICENSE.txt",
    "LICENSE",
    "README.md"
  ],
  "sideEffects": [
    "./precedence-scenario.js"
  ]
}}
"#
    )
}

/// The package's own README.
const README: &str = r#"# precedence-playground

Precedence's AWS policy evaluator (explicit Deny, RCPs, SCPs, resource, identity, boundary,
session and endpoint policies) compiled to WebAssembly, with the `<precedence-scenario>` element
for documentation pages. MIT licensed; `catalog.txt` (the service catalog for `loadCatalog`) is
under its own MIT licence, `catalog-LICENSE.txt`.

## In a documentation page

```html
<script type="module" src="/node_modules/precedence-playground/precedence-scenario.js"></script>
<precedence-scenario src="scenario.json"></precedence-scenario>
```

## The JavaScript API

```js
// Browser (and bundlers): fetch the .wasm first.
import init, { evaluate } from "precedence-playground";
await init();
// Node: ready when imported.
import { evaluate } from "precedence-playground";

const { requests } = evaluate(scenario);
console.log(requests[0].evaluation.decision); // "allowed", "explicitDeny" or "implicitDeny"
```

Nothing throws: a scenario that cannot be read comes back as `{ error: { message, help, line,
column } }`. The types are in `web/precedence_wasm.d.ts`.
"#;

/// Makes `out` an empty folder, refusing one that holds files but not this package: a mistyped
/// `--out` must not delete someone's work.
fn empty_package_folder(out: &Path) -> Result<(), String> {
    let shown = out.display();
    if out.exists() {
        let mut entries = std::fs::read_dir(out).map_err(|error| format!("{shown}: {error}"))?;
        let is_empty = entries.next().is_none();
        let ours = std::fs::read_to_string(out.join("package.json"))
            .is_ok_and(|text| text.contains(&format!("\"name\": \"{NAME}\"")));
        if !is_empty && !ours {
            return Err(format!(
                "{shown} holds files but not the {NAME} package: choose another --out"
            ));
        }
        std::fs::remove_dir_all(out).map_err(|error| format!("emptying {shown}: {error}"))?;
    }
    std::fs::create_dir_all(out).map_err(|error| format!("{shown}: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_is_json_naming_the_workspace_version_and_every_entry() {
        let text = manifest("1.2.3");
        assert!(text.contains("\"version\": \"1.2.3\""));
        assert!(text.contains("\"license\": \"MIT\""));
        for entry in [
            "./web/precedence_wasm.js",
            "./node/precedence_wasm.js",
            "./web/precedence_wasm.d.ts",
            "./precedence-scenario.js",
        ] {
            assert!(text.contains(entry), "{entry}");
        }
    }

    #[test]
    fn a_folder_of_other_files_is_never_emptied() {
        let dir = std::env::temp_dir().join(format!("xtask-package-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("notes.txt"), "keep").unwrap();
        let refused = empty_package_folder(&dir).unwrap_err();
        assert!(refused.contains("not the"), "{refused}");
        assert!(dir.join("notes.txt").exists());
        std::fs::write(dir.join("package.json"), manifest("0.0.1")).unwrap();
        empty_package_folder(&dir).unwrap();
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
