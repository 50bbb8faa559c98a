//! The evaluator's sentences on the page: its explanations, findings and suggestions quote names
//! between backticks (`s3:GetObject`), which the page shows as code rather than as backticks.

use yew::prelude::*;

/// A piece of a sentence: plain words, or a name quoted between backticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Words, shown as they are.
    Text(&'a str),
    /// A quoted name, without its backticks.
    Code(&'a str),
}

/// Split `text` at its backticks. A backtick without a partner is kept as text, so nothing of
/// the sentence is lost.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(length) = rest[open + 1..].find('`') else {
            break;
        };
        if open > 0 {
            pieces.push(Piece::Text(&rest[..open]));
        }
        pieces.push(Piece::Code(&rest[open + 1..open + 1 + length]));
        rest = &rest[open + 2 + length..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

/// `text` with its quoted names as `<code>`.
pub fn prose(text: &str) -> Html {
    pieces(text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(words) => html! { { words.to_owned() } },
            Piece::Code(name) => html! { <code>{ name.to_owned() }</code> },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Piece::{Code, Text};
    use super::*;

    #[test]
    fn quoted_names_become_code() {
        assert_eq!(
            pieces("Allowed: nothing denies `role/App` calling `s3:GetObject`."),
            [
                Text("Allowed: nothing denies "),
                Code("role/App"),
                Text(" calling "),
                Code("s3:GetObject"),
                Text("."),
            ]
        );
    }

    #[test]
    fn a_sentence_without_backticks_is_one_piece() {
        assert_eq!(pieces("no match"), [Text("no match")]);
        assert_eq!(pieces(""), []);
    }

    #[test]
    fn names_at_either_end_and_empty_quotes() {
        assert_eq!(pieces("`a` and `b`"), [Code("a"), Text(" and "), Code("b")]);
        assert_eq!(pieces("``"), [Code("")]);
    }

    #[test]
    fn an_unpaired_backtick_stays_as_text() {
        assert_eq!(
            pieces("`a` then ` alone"),
            [Code("a"), Text(" then ` alone")]
        );
        assert_eq!(pieces("`"), [Text("`")]);
    }

    #[test]
    fn multibyte_text_around_quotes_is_kept_whole() {
        assert_eq!(pieces("→ `é` — ok"), [Text("→ "), Code("é"), Text(" — ok")]);
    }
}
