//! Source positions: byte ranges into a policy's text, and their line/column form.

use serde::Serialize;

/// A byte range into the text a node was parsed from.
///
/// Spans are carried by parsed nodes so that findings and trace entries can point back at the
/// text the user wrote. Equality of nodes never depends on spans.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The same range moved `by` bytes further into a larger text.
    pub fn shifted(self, by: usize) -> Self {
        Self::new(self.start + by, self.end + by)
    }
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Maps byte offsets of one text to line/column positions. Build it once per text; it keeps
/// only where lines start, so the text is passed again to each look-up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { line_starts }
    }

    /// The byte offset of a 1-based line and a column counted in bytes from the line's start,
    /// as serde_json reports positions (clamped to the lines indexed).
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let last = self.line_starts.len().saturating_sub(1);
        let start = self
            .line_starts
            .get(line.saturating_sub(1).min(last))
            .copied()
            .unwrap_or_default();
        start + column
    }

    /// The line and column of byte `offset` of `text`, the text this index was built from
    /// (clamped to it).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .max(1);
        let line_start = self
            .line_starts
            .get(line - 1)
            .copied()
            .unwrap_or(0)
            .min(offset);
        let column = text
            .get(line_start..offset)
            .map_or(offset - line_start, |prefix| prefix.chars().count())
            + 1;
        Position { line, column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "ab\ncé\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 3), Position { line: 2, column: 1 });
        // 'é' is two bytes; the byte after it is column 3.
        assert_eq!(index.position(text, 6), Position { line: 2, column: 3 });
        assert_eq!(index.position(text, 7), Position { line: 3, column: 1 });
        assert_eq!(index.position(text, 99), Position { line: 3, column: 2 });
    }
}
