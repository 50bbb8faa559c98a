//! Between byte offsets and the (line, column) a monospace text area draws them at, both
//! counted from 0 and columns in characters: for a pointer's place and a popup's.

/// The line and column of byte `offset` (clamped to the text).
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count();
    (line, before[line_start..].chars().count())
}

/// The byte offset of the character at `line` and `column`, or `None` past the line's end or
/// the last line.
pub fn offset_at(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line == 0 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 1)
            .map(|(at, _)| at + 1)?
    };
    let rest = &text[line_start..];
    let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
    line_text
        .char_indices()
        .nth(column)
        .map(|(at, _)| line_start + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_places_agree() {
        let text = "ab\n€x\n\nlast";
        assert_eq!(line_column(text, 0), (0, 0));
        assert_eq!(line_column(text, 3), (1, 0));
        assert_eq!(line_column(text, 6), (1, 1)); // after '€'
        assert_eq!(line_column(text, 4), (1, 0)); // inside '€': its start
        assert_eq!(offset_at(text, 1, 1), Some(6));
        assert_eq!(offset_at(text, 1, 2), None, "past the line's end");
        assert_eq!(offset_at(text, 2, 0), None, "an empty line");
        assert_eq!(offset_at(text, 3, 3), Some(text.len() - 1));
        assert_eq!(offset_at(text, 9, 0), None);
        for offset in [0, 3, 6, 9, text.len() - 1] {
            let (line, column) = line_column(text, offset);
            assert_eq!(offset_at(text, line, column), Some(offset));
        }
    }
}
