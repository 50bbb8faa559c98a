//! GitHub workflow annotations (`::error file=…,line=…,col=…::message`), which a GitHub
//! Actions run shows on the lines of a pull request.

use precedence::finding::Severity;

use crate::report::Region;

/// The annotation command for a severity: `error`, `warning` or `notice`.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::SecurityWarning | Severity::Warning => "warning",
        Severity::Suggestion => "notice",
    }
}

/// One annotation line: `::COMMAND file=F,line=L,col=C,endLine=…,endColumn=…,title=T::MESSAGE`,
/// with the properties and the message escaped as the workflow commands require.
pub fn line(
    command: &str,
    file: Option<&str>,
    region: Option<Region>,
    title: &str,
    message: &str,
) -> String {
    let mut properties = Vec::new();
    if let Some(file) = file {
        properties.push(format!("file={}", property(file)));
        if let Some(region) = region {
            properties.push(format!("line={}", region.start.line));
            properties.push(format!("col={}", region.start.column));
            properties.push(format!("endLine={}", region.end.line));
            properties.push(format!("endColumn={}", region.end.column));
        }
    }
    properties.push(format!("title={}", property(title)));
    format!("::{command} {}::{}", properties.join(","), data(message))
}

/// A message: `%`, carriage returns and line feeds escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as a message, and `:` and `,` escaped too.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use precedence::span::Position;

    #[test]
    fn an_annotation_has_its_place_and_escapes_what_would_end_it() {
        let region = Region {
            start: Position { line: 3, column: 5 },
            end: Position { line: 4, column: 1 },
        };
        assert_eq!(
            line("error", Some("a,b:c.json"), Some(region), "x", "100% wrong\nsee: help"),
            "::error file=a%2Cb%3Ac.json,line=3,col=5,endLine=4,endColumn=1,title=x::100%25 wrong%0Asee: help"
        );
        assert_eq!(
            line("notice", None, Some(region), "t", "m"),
            "::notice title=t::m"
        );
        assert_eq!(command(Severity::SecurityWarning), "warning");
        assert_eq!(command(Severity::Suggestion), "notice");
    }
}
