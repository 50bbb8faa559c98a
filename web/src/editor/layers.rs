//! What the layers under the editor's text area draw: the coloured text in chunks of lines
//! (so a keystroke re-renders the chunk it is in, not the whole policy), and the marks
//! (findings' underlines, the matching bracket) over text that is there only to place them.

use std::ops::Range;

use super::tokens::Token;

/// At most this many lines make a chunk.
const MOST_LINES: usize = 64;

/// Lines of the text drawn together: bytes `start..end` (whole lines, with their newlines),
/// their pieces (offsets from `start`) and a key that stays while their text does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// First byte.
    pub start: usize,
    /// Byte after the last.
    pub end: usize,
    /// The pieces in it, their offsets from `start`.
    pub tokens: Vec<Token>,
    /// A key for the chunk among its neighbours: a hash of its text and how many chunks
    /// before it had the same.
    pub key: String,
}

/// A line's hash (FNV-1a), which also decides where chunks end.
fn line_hash(line: &[u8]) -> u64 {
    line.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Split `text` into chunks of lines. Where a chunk ends depends on the lines' own text (a
/// line whose hash ends in five zero bits ends one, or the 64th line), so a keystroke changes
/// the chunk it is in, and a new line does not move every later chunk's boundaries.
pub fn chunks(text: &str, tokens: &[Token]) -> Vec<Chunk> {
    let mut found = Vec::new();
    let mut seen = std::collections::HashMap::<u64, usize>::new();
    let mut start = 0;
    let mut lines = 0;
    let mut hash = 0u64;
    let mut next_token = 0;
    let bytes = text.as_bytes();
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end = bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |at| line_start + at + 1);
        let line = line_hash(&bytes[line_start..line_end]);
        hash = hash.rotate_left(7) ^ line;
        lines += 1;
        line_start = line_end;
        if line & 31 == 0 || lines == MOST_LINES || line_end == bytes.len() {
            let end = line_end;
            let first = next_token;
            while tokens.get(next_token).is_some_and(|t| t.start < end) {
                next_token += 1;
            }
            let count = seen.entry(hash).or_default();
            found.push(Chunk {
                start,
                end,
                tokens: tokens[first..next_token]
                    .iter()
                    .map(|t| Token {
                        start: t.start - start,
                        end: t.end.min(end) - start,
                        class: t.class,
                    })
                    .collect(),
                key: format!("{hash:x}-{count}"),
            });
            *count += 1;
            start = end;
            lines = 0;
            hash = 0;
        }
    }
    found
}

/// A mark over part of the text: its range (bytes) and CSS class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The bytes it covers.
    pub range: Range<usize>,
    /// How it is drawn (`error`, `warning`, `bracket-match`, …).
    pub class: &'static str,
}

/// A piece of the marks layer: text that only places what follows, or a mark over text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text drawn invisibly.
    Plain(String),
    /// A mark over this text.
    Mark(String, &'static str),
}

/// The marks layer for `text`: each mark over its text, in order; a mark that overlaps the
/// one before starts where that one ends, and an empty one covers the character at its start
/// (or before it, at a line's end). Between marks, the lines before the next mark's line are
/// kept as their newlines alone: only the line a mark is on places it across.
pub fn segments(text: &str, marks: &[Mark]) -> Vec<Segment> {
    let mut sorted: Vec<Mark> = marks
        .iter()
        .filter_map(|mark| widened(text, mark))
        .collect();
    sorted.sort_by_key(|mark| (mark.range.start, mark.range.end));
    let mut found = Vec::with_capacity(sorted.len() * 2);
    let mut at = 0;
    for mark in sorted {
        let start = mark.range.start.max(at);
        if start >= mark.range.end {
            continue;
        }
        let gap = &text[at..start];
        match gap.rfind('\n') {
            Some(last) => {
                let newlines = gap.matches('\n').count();
                let mut plain = "\n".repeat(newlines);
                plain.push_str(&gap[last + 1..]);
                found.push(Segment::Plain(plain));
            }
            None if !gap.is_empty() => found.push(Segment::Plain(gap.to_owned())),
            None => {}
        }
        found.push(Segment::Mark(
            text[start..mark.range.end].to_owned(),
            mark.class,
        ));
        at = mark.range.end;
    }
    found
}

/// `mark` clamped to `text` on character boundaries, an empty one widened to a character.
fn widened(text: &str, mark: &Mark) -> Option<Mark> {
    let floor = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let mut start = floor(mark.range.start);
    let mut end = floor(mark.range.end.max(mark.range.start));
    if start == end {
        match text[start..].chars().next() {
            Some(ch) if ch != '\n' => end = start + ch.len_utf8(),
            _ => {
                let before = text[..start].chars().next_back()?;
                if before == '\n' {
                    return None;
                }
                start -= before.len_utf8();
            }
        }
    }
    Some(Mark {
        range: start..end,
        class: mark.class,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tokens::{tokenize, Grammar};
    use super::*;

    #[test]
    fn chunks_cover_the_text_and_hold_their_pieces() {
        let text: String = (0..300).map(|n| format!("  \"Sid{n}\": {n},\n")).collect();
        let tokens = tokenize(&text, Grammar::Policy);
        let found = chunks(&text, &tokens);
        assert!(found.len() > 4, "{} chunks", found.len());
        assert_eq!(found.first().map(|c| c.start), Some(0));
        assert_eq!(found.last().map(|c| c.end), Some(text.len()));
        for pair in found.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        let total: usize = found.iter().map(|c| c.tokens.len()).sum();
        assert_eq!(total, tokens.len());
        for chunk in &found {
            let length = chunk.end - chunk.start;
            assert!(chunk.tokens.iter().all(|t| t.end <= length));
        }
    }

    #[test]
    fn a_keystroke_changes_one_chunk_and_a_new_line_keeps_the_later_keys() {
        let text: String = (0..400).map(|n| format!("\"line {n}\",\n")).collect();
        let keys = |text: &str| -> Vec<String> {
            chunks(text, &tokenize(text, Grammar::Policy))
                .into_iter()
                .map(|c| c.key)
                .collect()
        };
        let before = keys(&text);
        let at = text.find("line 200").expect("present");
        let typed = format!("{}x{}", &text[..at], &text[at..]);
        let after = keys(&typed);
        let changed = before.iter().filter(|key| !after.contains(key)).count();
        assert_eq!(changed, 1, "one chunk changed");
        let newline = format!("{}\n{}", &text[..at], &text[at..]);
        let after = keys(&newline);
        let kept = before.iter().filter(|key| after.contains(key)).count();
        assert!(kept >= before.len() - 2, "{kept} of {} kept", before.len());
    }

    #[test]
    fn marks_keep_only_the_lines_that_place_them() {
        let text = "one\ntwo three\nfour";
        let marks = [
            Mark {
                range: 8..13,
                class: "error",
            },
            Mark {
                range: 14..14,
                class: "warning",
            },
        ];
        assert_eq!(
            segments(text, &marks),
            vec![
                Segment::Plain("\ntwo ".to_owned()),
                Segment::Mark("three".to_owned(), "error"),
                Segment::Plain("\n".to_owned()),
                Segment::Mark("f".to_owned(), "warning"),
            ]
        );
    }

    #[test]
    fn overlapping_empty_and_out_of_range_marks_are_placed_safely() {
        let text = "ab€\n";
        let marks = [
            Mark {
                range: 0..2,
                class: "error",
            },
            // inside the one before, and ending inside a character
            Mark {
                range: 1..3,
                class: "warning",
            },
            // at the end of the line: the character before
            Mark {
                range: 5..5,
                class: "suggestion",
            },
            Mark {
                range: 40..50,
                class: "error",
            },
        ];
        assert_eq!(
            segments(text, &marks),
            vec![
                Segment::Mark("ab".to_owned(), "error"),
                Segment::Mark("€".to_owned(), "suggestion"),
            ]
        );
    }
}
