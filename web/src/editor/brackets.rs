//! The bracket that matches the one beside the caret, skipping brackets inside strings.

use super::tokens::{Class, Token};

/// The byte offsets of the bracket beside `caret` (the one before it first, else the one
/// after) and of its partner, when it has one of its kind.
pub fn matching(text: &str, tokens: &[Token], caret: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let brackets: Vec<usize> = tokens
        .iter()
        .filter(|token| token.class == Class::Bracket)
        .flat_map(|token| token.start..token.end)
        .collect();
    let here = [caret.checked_sub(1), Some(caret)]
        .into_iter()
        .flatten()
        .find(|at| brackets.binary_search(at).is_ok())?;
    let partner = |open: u8| match open {
        b'{' => b'}',
        b'[' => b']',
        b'}' => b'{',
        _ => b'[',
    };
    let mine = *bytes.get(here)?;
    let opening = matches!(mine, b'{' | b'[');
    let index = brackets.binary_search(&here).ok()?;
    let mut depth = 0usize;
    let candidates: Box<dyn Iterator<Item = &usize>> = if opening {
        Box::new(brackets[index + 1..].iter())
    } else {
        Box::new(brackets[..index].iter().rev())
    };
    for &at in candidates {
        let byte = bytes[at];
        let same_way = matches!(byte, b'{' | b'[') == opening;
        if same_way {
            depth += 1;
        } else if depth > 0 {
            depth -= 1;
        } else {
            return (byte == partner(mine)).then_some((here, at));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::tokens::{tokenize, Grammar};
    use super::*;

    fn at(text: &str, caret: usize) -> Option<(usize, usize)> {
        matching(text, &tokenize(text, Grammar::Policy), caret)
    }

    #[test]
    fn finds_the_partner_either_way_past_nested_ones_and_strings() {
        let text = r#"{"a": [1, {"b": "}]"}], "c": {}}"#;
        assert_eq!(at(text, 0), Some((0, text.len() - 1)));
        assert_eq!(at(text, text.len()), Some((text.len() - 1, 0)));
        let open = text.find('[').expect("present");
        let close = text.rfind(']').expect("present");
        assert_eq!(at(text, open + 1), Some((open, close)));
        assert_eq!(at(text, close + 1), Some((close, open)));
    }

    #[test]
    fn no_match_for_a_mismatched_or_lone_bracket_or_away_from_brackets() {
        assert_eq!(at("[1}", 0), None);
        assert_eq!(at("{\"a\": 1", 0), None);
        assert_eq!(at("{\"a\": 1}", 3), None);
        assert_eq!(at("\"{\"", 1), None);
    }
}
