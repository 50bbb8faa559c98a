//! JUnit XML for `precedence test`: a testsuite per file, a testcase per request with an
//! expectation, a failure for each mismatch (with the trace) and an error for each request or
//! file that cannot be used.

use std::fmt::Write as _;

use crate::test::FileResult;

/// The `<testsuites>` document of `results`.
pub fn document(results: &[FileResult]) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for result in results {
        let (suite, counts) = suite(result);
        suites.push_str(&suite);
        tests += counts.0;
        failures += counts.1;
        errors += counts.2;
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"precedence test\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{suites}</testsuites>\n"
    )
}

/// One file's testsuite, and its counts of tests, failures and errors.
fn suite(result: &FileResult) -> (String, (usize, usize, usize)) {
    let file = escape(&result.path.display().to_string());
    let mut cases = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    if let Some(message) = &result.load_error {
        tests += 1;
        errors += 1;
        let _ = writeln!(
            cases,
            "    <testcase name=\"load\" classname=\"{file}\" file=\"{file}\">\n      <error message=\"{}\" type=\"unusable-file\">{}</error>\n    </testcase>",
            escape(first_line(message)),
            escape(message)
        );
    }
    if let Some((message, items)) = &result.invalid {
        tests += 1;
        failures += 1;
        let listed: Vec<&str> = items.iter().map(|item| item.text.as_str()).collect();
        let _ = writeln!(
            cases,
            "    <testcase name=\"policies are valid\" classname=\"{file}\" file=\"{file}\">\n      <failure message=\"{}\" type=\"invalid-policies\">{}</failure>\n    </testcase>",
            escape(message),
            escape(&listed.join("\n"))
        );
    }
    for checked in &result.checked {
        tests += 1;
        let line = checked
            .region
            .map(|r| format!(" line=\"{}\"", r.start.line))
            .unwrap_or_default();
        let _ = write!(
            cases,
            "    <testcase name=\"{}\" classname=\"{file}\" file=\"{file}\"{line}",
            escape(&checked.label)
        );
        if checked.passed {
            cases.push_str("/>\n");
        } else {
            failures += 1;
            let _ = writeln!(
                cases,
                ">\n      <failure message=\"expected {}, got {}\" type=\"decision\">{}</failure>\n    </testcase>",
                escape(&checked.expected),
                escape(&checked.got),
                escape(checked.trace.as_deref().unwrap_or(""))
            );
        }
    }
    for request in &result.unusable {
        tests += 1;
        errors += 1;
        let line = request
            .region
            .map(|r| format!(" line=\"{}\"", r.start.line))
            .unwrap_or_default();
        let _ = writeln!(
            cases,
            "    <testcase name=\"{}\" classname=\"{file}\" file=\"{file}\"{line}>\n      <error message=\"{}\" type=\"unusable-request\">{}</error>\n    </testcase>",
            escape(&request.label),
            escape(first_line(&request.message)),
            escape(&request.message)
        );
    }
    let suite = format!(
        "  <testsuite name=\"{file}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\">\n{cases}  </testsuite>\n"
    );
    (suite, (tests, failures, errors))
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

/// Text for an XML attribute or element: markup characters as entities, and the control
/// characters XML 1.0 cannot hold left out.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1b}[0m\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;[0m\n"
        );
    }
}
