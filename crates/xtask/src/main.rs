//! `cargo xtask`: the project's build tasks, written in Rust so that a newcomer needs nothing but
//! cargo to build and serve the playground.
//!
//! - `cargo xtask site [--dist DIR]` builds `web/` for wasm, generates its JavaScript glue with
//!   the `wasm-bindgen` library, and writes the static site (what Trunk wrote before; Trunk is
//!   now only needed for `scripts/serve --watch`), with the package below in `DIR/element/` and
//!   the element's sample page beside it.
//! - `cargo xtask package [--out DIR]` writes the JS API (for browsers and Node) and the
//!   `<precedence-scenario>` element as an npm-packable folder.

mod bindgen;
mod package;
mod page;
mod site;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The command line.
#[derive(Parser)]
#[command(name = "cargo xtask", about = "Precedence's build tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Build the playground into a folder of static files.
    Site {
        /// Where to write the site.
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        /// The cargo profile of the wasm build (`release-web`: smallest code).
        #[arg(long, default_value = "release-web")]
        profile: String,
    },
    /// Write the JS API and the `<precedence-scenario>` element as an npm package folder.
    Package {
        /// Where to write the package (emptied first).
        #[arg(long, default_value = "target/precedence-playground")]
        out: PathBuf,
        /// The cargo profile of the wasm build.
        #[arg(long, default_value = "release-web")]
        profile: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.task {
        Task::Site { dist, profile } => site::build(&site::Options { dist, profile }),
        Task::Package { out, profile } => package::build(&package::Options { out, profile }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}
