//! Running the real `precedence` binary from a test: its exit code and both outputs, with a
//! check that it never panicked. Included by each CLI test file that uses it
//! (`#[path = "support/cli_run.rs"] mod cli_run;`).

use assert_cmd::Command;

/// What a run of the binary gave.
pub struct Run {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Run `precedence` with `args`.
pub fn precedence(args: &[&str]) -> Run {
    let output = Command::cargo_bin("precedence")
        .expect("binary built")
        .args(args)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
    }
}
