//! An editor's line numbers, the lines with findings marked. Unmarked lines are drawn as runs
//! of text, one element per run, so that a long policy costs a few elements, not one per line,
//! and a keystroke that keeps the lines and their marks re-renders nothing here.

use std::rc::Rc;

use yew::prelude::*;

/// Props of [`Gutter`].
#[derive(Properties, PartialEq)]
pub struct GutterProps {
    /// How many lines the text has.
    pub line_count: usize,
    /// The marked lines in ascending order, each with its mark's class (the most severe
    /// finding's label).
    pub marks: Rc<Vec<(usize, &'static str)>>,
}

/// The runs a gutter draws: lines `first..=last` unmarked, or one marked line.
#[derive(Debug, PartialEq)]
enum Run {
    Plain { first: usize, last: usize },
    Marked { line: usize, class: &'static str },
}

/// Split lines `1..=line_count` into runs around the marked lines (marks beyond the last line
/// are dropped: they belong to text that is gone).
fn runs(line_count: usize, marks: &[(usize, &'static str)]) -> Vec<Run> {
    let mut runs = Vec::with_capacity(marks.len() * 2 + 1);
    let mut next = 1;
    for &(line, class) in marks
        .iter()
        .filter(|(line, _)| (1..=line_count).contains(line))
    {
        if line < next {
            continue;
        }
        if line > next {
            runs.push(Run::Plain {
                first: next,
                last: line - 1,
            });
        }
        runs.push(Run::Marked { line, class });
        next = line + 1;
    }
    if next <= line_count {
        runs.push(Run::Plain {
            first: next,
            last: line_count,
        });
    }
    runs
}

/// The numbers `first..=last`, one a line.
fn numbers(first: usize, last: usize) -> String {
    let mut text = String::with_capacity((last + 1 - first) * 6);
    for line in first..=last {
        if line > first {
            text.push('\n');
        }
        text.push_str(&line.to_string());
    }
    text
}

/// The line numbers beside an editor.
#[function_component(Gutter)]
pub fn gutter(props: &GutterProps) -> Html {
    let drawn = runs(props.line_count.max(1), &props.marks)
        .into_iter()
        .map(|run| match run {
            Run::Plain { first, last } => {
                html! { <div class="line-numbers">{ numbers(first, last) }</div> }
            }
            Run::Marked { line, class } => {
                html! { <div class={classes!("line-number", class)}>{ line }</div> }
            }
        });
    html! { <div class="gutter" aria-hidden="true">{ for drawn }</div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmarked_lines_form_runs_around_the_marked_ones() {
        assert_eq!(
            runs(6, &[(2, "error"), (3, "warning"), (6, "suggestion")]),
            vec![
                Run::Plain { first: 1, last: 1 },
                Run::Marked {
                    line: 2,
                    class: "error"
                },
                Run::Marked {
                    line: 3,
                    class: "warning"
                },
                Run::Plain { first: 4, last: 5 },
                Run::Marked {
                    line: 6,
                    class: "suggestion"
                },
            ]
        );
    }

    #[test]
    fn without_marks_one_run_holds_every_line() {
        assert_eq!(runs(3, &[]), vec![Run::Plain { first: 1, last: 3 }]);
        assert_eq!(numbers(1, 3), "1\n2\n3");
    }

    #[test]
    fn marks_past_the_last_line_or_repeated_are_dropped() {
        assert_eq!(
            runs(2, &[(1, "error"), (1, "warning"), (9, "error")]),
            vec![
                Run::Marked {
                    line: 1,
                    class: "error"
                },
                Run::Plain { first: 2, last: 2 },
            ]
        );
    }
}
