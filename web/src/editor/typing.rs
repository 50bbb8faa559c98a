//! What the editor's helping keys do to the text: Tab and Shift+Tab indent, Enter keeps the
//! indentation (one level more after an opening bracket), brackets and quotes come in pairs,
//! and a closing one typed before its twin steps over it. Each returns the edit to make (the
//! text area makes it as typing would, so undo takes it back), or `None` for the key's usual
//! effect.

/// One indentation level.
pub const INDENT: &str = "  ";

/// Replace bytes `start..end` with `insert`, then select `selection` (bytes of the new text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// First byte replaced.
    pub start: usize,
    /// Byte after the last replaced.
    pub end: usize,
    /// What goes in their place.
    pub insert: String,
    /// The selection afterwards, in the new text.
    pub selection: (usize, usize),
}

/// Tab (`outdent` false) or Shift+Tab on the selection `start..end`: with no selection, Tab
/// inserts one level at the caret; otherwise every line the selection touches moves a level.
pub fn indent(text: &str, start: usize, end: usize, outdent: bool) -> Option<Edit> {
    if start == end && !outdent {
        return Some(Edit {
            start,
            end,
            insert: INDENT.to_owned(),
            selection: (start + INDENT.len(), start + INDENT.len()),
        });
    }
    let first = text[..start].rfind('\n').map_or(0, |at| at + 1);
    // A selection ending at a line's start does not take that line.
    let last_end = if end > start && text[..end].ends_with('\n') {
        end - 1
    } else {
        end
    };
    let last = text[last_end..]
        .find('\n')
        .map_or(text.len(), |at| last_end + at);
    let lines = &text[first..last];
    let mut insert = String::with_capacity(lines.len() + 16);
    let mut shift_first = 0isize;
    let mut shift_total = 0isize;
    for (index, line) in lines.split('\n').enumerate() {
        if index > 0 {
            insert.push('\n');
        }
        let change = if outdent {
            let removed = line.len() - line.trim_start_matches(' ').len();
            let removed = removed.min(INDENT.len());
            insert.push_str(&line[removed..]);
            -(removed as isize)
        } else if line.is_empty() {
            0
        } else {
            insert.push_str(INDENT);
            insert.push_str(line);
            INDENT.len() as isize
        };
        if outdent && change == 0 {
            insert.push_str(line);
        }
        if index == 0 {
            shift_first = change;
        }
        shift_total += change;
    }
    if shift_total == 0 {
        return None;
    }
    let moved = |at: usize, by: isize| at.saturating_add_signed(by).max(first);
    Some(Edit {
        start: first,
        end: last,
        insert,
        selection: (moved(start, shift_first), moved(end, shift_total)),
    })
}

/// Enter at the caret: a new line indented as the caret's line; one level more after `{` or
/// `[`, and when the caret sits between a pair, the closing one on a line of its own.
pub fn enter(text: &str, caret: usize) -> Edit {
    let line_start = text[..caret].rfind('\n').map_or(0, |at| at + 1);
    let line = &text[line_start..caret];
    let indentation: String = line.chars().take_while(|c| *c == ' ').collect();
    let before = text[..caret]
        .trim_end_matches([' ', '\t'])
        .chars()
        .next_back();
    let after = text[caret..].trim_start_matches([' ', '\t']).chars().next();
    let opens = matches!(before, Some('{' | '['));
    let mut insert = format!("\n{indentation}");
    if opens {
        insert.push_str(INDENT);
    }
    let at = caret + insert.len();
    if opens
        && matches!(
            (before, after),
            (Some('{'), Some('}')) | (Some('['), Some(']'))
        )
    {
        insert.push('\n');
        insert.push_str(&indentation);
    }
    Edit {
        start: caret,
        end: caret,
        insert,
        selection: (at, at),
    }
}

/// Whether the caret is inside a string on its line (an odd number of unescaped quotes
/// before it).
fn in_string(text: &str, caret: usize) -> bool {
    let line_start = text[..caret].rfind('\n').map_or(0, |at| at + 1);
    let mut inside = false;
    let mut escaped = false;
    for byte in text[line_start..caret].bytes() {
        match byte {
            _ if escaped => escaped = false,
            b'\\' if inside => escaped = true,
            b'"' => inside = !inside,
            _ => {}
        }
    }
    inside
}

/// A character typed with no selection: `{`, `[` and `"` get their partner where nothing
/// would stick to it; `}`, `]` and a closing `"` step over a twin right after the caret.
pub fn typed(text: &str, caret: usize, ch: char) -> Option<Edit> {
    let next = text[caret..].chars().next();
    let free = next.is_none_or(|c| c.is_whitespace() || matches!(c, '}' | ']' | ',' | ':'));
    let step_over = || Edit {
        start: caret,
        end: caret,
        insert: String::new(),
        selection: (caret + 1, caret + 1),
    };
    let pair = |open: char, close: char| Edit {
        start: caret,
        end: caret,
        insert: format!("{open}{close}"),
        selection: (caret + 1, caret + 1),
    };
    let inside = in_string(text, caret);
    match ch {
        '{' | '[' if !inside && free => Some(pair(ch, if ch == '{' { '}' } else { ']' })),
        '}' | ']' if !inside && next == Some(ch) => Some(step_over()),
        // A quote closing the string steps over the one after the caret only when that one
        // closes it too (what follows it is not another string's text).
        '"' if inside && next == Some('"') && closes_after(text, caret + 1) => Some(step_over()),
        '"' if !inside && free => Some(pair('"', '"')),
        _ => None,
    }
}

/// Whether what follows byte `at` is what follows a closing quote: the end, blanks or
/// punctuation.
fn closes_after(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || matches!(c, ',' | ':' | '}' | ']'))
}

/// Backspace with no selection between an empty pair (`{}`, `[]`, `""`): both go.
pub fn backspace(text: &str, caret: usize) -> Option<Edit> {
    let before = text[..caret].chars().next_back()?;
    let after = text[caret..].chars().next()?;
    let pair = matches!((before, after), ('{', '}') | ('[', ']') | ('"', '"'));
    (pair && !(before == '"' && in_string(text, caret - 1))).then(|| Edit {
        start: caret - 1,
        end: caret + 1,
        insert: String::new(),
        selection: (caret - 1, caret - 1),
    })
}

/// The text with `edit` made.
pub fn apply(text: &str, edit: &Edit) -> String {
    let mut out = String::with_capacity(text.len() + edit.insert.len());
    out.push_str(&text[..edit.start]);
    out.push_str(&edit.insert);
    out.push_str(&text[edit.end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with `|` as the caret: the text without it, and where it was.
    fn at(text: &str) -> (String, usize) {
        let caret = text.find('|').expect("a caret");
        (text.replacen('|', "", 1), caret)
    }

    /// The edit's result with its caret drawn as `|`.
    fn shown(text: &str, edit: &Edit) -> String {
        let mut out = apply(text, edit);
        out.insert(edit.selection.1, '|');
        out
    }

    #[test]
    fn enter_keeps_the_indentation_and_opens_a_pair() {
        let (text, caret) = at("{\n  \"a\": 1,|\n}");
        assert_eq!(shown(&text, &enter(&text, caret)), "{\n  \"a\": 1,\n  |\n}");
        let (text, caret) = at("  \"b\": {|}");
        assert_eq!(shown(&text, &enter(&text, caret)), "  \"b\": {\n    |\n  }");
        let (text, caret) = at("[|");
        assert_eq!(shown(&text, &enter(&text, caret)), "[\n  |");
    }

    #[test]
    fn tab_indents_at_the_caret_or_the_selected_lines_and_shift_tab_outdents() {
        let (text, caret) = at("a|b");
        let edit = indent(&text, caret, caret, false).expect("an edit");
        assert_eq!(shown(&text, &edit), "a  |b");
        let text = "one\n  two\nthree\n";
        let edit = indent(text, 1, 7, false).expect("an edit");
        assert_eq!(apply(text, &edit), "  one\n    two\nthree\n");
        assert_eq!(edit.selection, (3, 11));
        let edit = indent(text, 5, 5, true).expect("an edit");
        assert_eq!(apply(text, &edit), "one\ntwo\nthree\n");
        assert_eq!(edit.selection, (4, 4));
        assert_eq!(indent("one", 1, 1, true), None, "nothing to outdent");
        // a selection ending at a line's start leaves that line
        let edit = indent(text, 0, 4, false).expect("an edit");
        assert_eq!(apply(text, &edit), "  one\n  two\nthree\n");
    }

    #[test]
    fn brackets_and_quotes_pair_only_where_nothing_sticks() {
        let (text, caret) = at("\"A\": |");
        assert_eq!(
            shown(&text, &typed(&text, caret, '[').expect("pairs")),
            "\"A\": [|]"
        );
        assert_eq!(
            shown(&text, &typed(&text, caret, '"').expect("pairs")),
            "\"A\": \"|\""
        );
        // before a word, no pair
        let (text, caret) = at("|abc");
        assert_eq!(typed(&text, caret, '"'), None);
        // inside a string, a quote closes it as typed
        let (text, caret) = at("\"Effect\": \"Allow|,");
        assert_eq!(typed(&text, caret, '"'), None);
        assert_eq!(typed(&text, caret, '{'), None);
        // a closing one steps over its twin
        let (text, caret) = at("[1|]");
        assert_eq!(
            shown(&text, &typed(&text, caret, ']').expect("steps")),
            "[1]|"
        );
        let (text, caret) = at("\"ab|\"");
        assert_eq!(
            shown(&text, &typed(&text, caret, '"').expect("steps")),
            "\"ab\"|"
        );
        // not over the opening quote of the next string
        let (text, caret) = at("\"Effect|\"Colour\"");
        assert_eq!(typed(&text, caret, '"'), None);
    }

    #[test]
    fn backspace_takes_an_empty_pair() {
        let (text, caret) = at("[{|}]");
        assert_eq!(shown(&text, &backspace(&text, caret).expect("both")), "[|]");
        let (text, caret) = at("\"a\"|\"");
        assert_eq!(
            backspace(&text, caret),
            None,
            "a closing quote, then an opening one"
        );
        let (text, caret) = at("x|y");
        assert_eq!(backspace(&text, caret), None);
    }
}
