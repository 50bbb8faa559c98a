//! The scenario's JSON view read back: the scenario its text holds, read as the CLI and the
//! Import button read a scenario file ([`ScenarioFile::from_text`]), or the finding that says
//! where the text goes wrong and what to do, at the piece of text the error points at.

use precedence::scenario::ScenarioError;
use precedence::span::{Position, Span};
use precedence::{Finding, Scenario, ScenarioFile, Severity};

use crate::components::finding_list::Located;
use crate::editor::tokens::{self, Grammar};

/// The scenario `text` holds, or the one finding about why it holds none.
pub fn read(text: &str) -> Result<Scenario, Located> {
    ScenarioFile::from_text(text)
        .map(|file| file.scenario)
        .map_err(|error| located(text, &error))
}

/// `error` as a finding of `text`: at the piece of text (a string, a number, a bracket) that
/// starts where the error is, or at the character there.
fn located(text: &str, error: &ScenarioError) -> Located {
    let (code, message) = match error {
        ScenarioError::Syntax { message, .. } => ("scenario-syntax", message.clone()),
        ScenarioError::Shape { message, path, .. } => {
            ("scenario-shape", format!("at `{path}`: {message}"))
        }
        ScenarioError::Reference { message, path, .. } => {
            ("scenario-reference", format!("at `{path}`: {message}"))
        }
        other => ("scenario-unreadable", other.to_string()),
    };
    let position = error.position().unwrap_or(Position { line: 1, column: 1 });
    let start = offset_of(text, position);
    let end = tokens::tokenize(text, Grammar::Scenario)
        .into_iter()
        .find(|token| token.start <= start && start < token.end)
        .map_or(start, |token| token.end);
    let help = format!(
        "{}; then Apply (or Discard my JSON edits to go back to the scenario)",
        error.help()
    );
    Located {
        position,
        finding: Finding::new(code, Severity::Error, message, help, Span::new(start, end)),
    }
}

/// The byte offset of a 1-based line and column (in characters); past a line's end, its end.
fn offset_of(text: &str, position: Position) -> usize {
    let line_start = match position.line {
        0 | 1 => 0,
        line => match text.match_indices('\n').nth(line - 2) {
            Some((at, _)) => at + 1,
            None => return text.len(),
        },
    };
    let rest = text.get(line_start..).unwrap_or_default();
    let line = rest.split('\n').next().unwrap_or_default();
    line.char_indices()
        .nth(position.column.saturating_sub(1))
        .map_or(line_start + line.len(), |(at, _)| line_start + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(text: &str) -> Located {
        read(text).expect_err("an error")
    }

    /// The text a finding underlines.
    fn underlined<'t>(text: &'t str, located: &Located) -> &'t str {
        &text[located.finding.span.start..located.finding.span.end]
    }

    #[test]
    fn a_scenario_reads_back_as_the_playground_writes_it() {
        let scenario = crate::examples::load("seed003-scp-break-glass-exception").unwrap();
        let text = crate::share::scenario_json(&scenario, true).unwrap();
        assert_eq!(read(&text).unwrap(), scenario);
    }

    #[test]
    fn a_syntax_error_is_underlined_at_the_piece_it_stops_at() {
        // A comma missing between two members: the second member's name is where it stops.
        let text = "{\n  \"name\": \"x\"\n  \"requests\": []\n}";
        let located = finding(text);
        assert_eq!(located.finding.code, "scenario-syntax");
        assert_eq!(located.finding.severity, Severity::Error);
        assert_eq!(located.position, Position { line: 3, column: 3 });
        assert_eq!(underlined(text, &located), "\"requests\"");
        assert!(
            located.finding.help.contains("fix the JSON syntax"),
            "{}",
            located.finding.help
        );
        assert!(located.finding.help.contains("Apply"));
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_underlined_with_its_path() {
        let text = r#"{"requests": [{"principal": 5, "action": "s3:GetObject", "resource": "*"}]}"#;
        let located = finding(text);
        assert_eq!(located.finding.code, "scenario-shape");
        assert!(
            located
                .finding
                .message
                .starts_with("at `requests[0].principal`: "),
            "{}",
            located.finding.message
        );
        assert_eq!(underlined(text, &located), "5");
        assert_eq!(located.position.line, 1);
    }

    #[test]
    fn an_unknown_member_and_a_cut_off_text_say_where_without_panicking() {
        let text = "{\n  \"nmae\": \"x\"\n}";
        let located = finding(text);
        assert_eq!(located.finding.code, "scenario-shape");
        assert!(
            located.finding.message.contains("nmae"),
            "{}",
            located.finding.message
        );
        // Cut off at the end: the finding sits at the end of the text.
        for cut in ["{\n  \"name\": ", "", "[", "{\"name\": \"é"] {
            let located = finding(cut);
            assert!(located.finding.span.start <= cut.len(), "{cut:?}");
            assert!(located.finding.span.end <= cut.len(), "{cut:?}");
        }
        let not_object = finding("[1, 2]");
        assert!(
            not_object
                .finding
                .message
                .contains("a scenario is a JSON object"),
            "{}",
            not_object.finding.message
        );
    }

    #[test]
    fn positions_past_a_line_or_the_text_fall_back_to_its_end() {
        let text = "ab\ncé\nx";
        assert_eq!(offset_of(text, Position { line: 2, column: 2 }), 4);
        assert_eq!(offset_of(text, Position { line: 2, column: 9 }), 6);
        assert_eq!(offset_of(text, Position { line: 9, column: 1 }), text.len());
        assert_eq!(offset_of(text, Position { line: 1, column: 1 }), 0);
    }
}
