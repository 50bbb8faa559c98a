//! Findings as text: compiler-style lines, the suppressed ones counted (and listed when asked).

use std::fmt::Write as _;

use crate::report::FileReport;

/// The reported findings of a file compiler-style, then (with `show_suppressed`) the
/// suppressed ones, each with the suppression that allows it.
pub fn file(report: &FileReport, show_suppressed: bool) -> String {
    let mut out = String::new();
    for item in report.reported() {
        let _ = writeln!(out, "{}", item.text);
    }
    if show_suppressed {
        for item in report.suppressed() {
            let Some(allowed) = &item.suppressed_by else {
                continue;
            };
            let reason = if allowed.suppression.reason.is_empty() {
                String::new()
            } else {
                format!(": {}", allowed.suppression.reason)
            };
            let _ = writeln!(
                out,
                "suppressed {}\n  = suppressed by {}{reason}",
                item.text,
                allowed.describe()
            );
        }
    }
    out
}

/// `N finding(s) suppressed …`, or nothing when none is.
pub fn suppressed_line(suppressed: usize, show_suppressed: bool) -> Option<String> {
    (suppressed > 0).then(|| {
        let hint = if show_suppressed {
            "listed above"
        } else {
            "--show-suppressed lists them"
        };
        format!("{suppressed} suppressed ({hint})")
    })
}
