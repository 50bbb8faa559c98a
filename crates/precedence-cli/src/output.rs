//! Standard output that a reader who stops reading (`precedence eval … | head`) does not turn
//! into a panic.

use std::fmt::Arguments;
use std::io::{self, Write};

/// The status a shell reports for a program stopped by a closed pipe (128 + SIGPIPE), as other
/// command-line tools end in that case.
const CLOSED_PIPE_STATUS: i32 = 141;

/// Writes to standard output. When the reader has gone, the program ends quietly with
/// [`CLOSED_PIPE_STATUS`]; any other write error ends it with a message and status 2.
pub fn write(text: Arguments) {
    let Err(error) = io::stdout().lock().write_fmt(text) else {
        return;
    };
    if error.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(CLOSED_PIPE_STATUS);
    }
    eprintln!("error: cannot write the output: {error}");
    std::process::exit(2);
}

/// `print!` through [`write`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::write(format_args!($($arg)*))
    };
}

/// `println!` through [`write`].
macro_rules! outln {
    () => {
        $crate::output::write(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::write(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {out, outln};

/// Print `value` as pretty JSON: the exit status, 0, or 2 with a message naming `what` when
/// it cannot be written.
pub fn json(value: &impl serde::Serialize, what: &str) -> u8 {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            write(format_args!("{text}\n"));
            0
        }
        Err(error) => {
            eprintln!("error: cannot write {what}: {error}");
            2
        }
    }
}
