//! The evaluator's sentences on the page: its explanations, findings and suggestions quote names
//! between backticks (`s3:GetObject`), which the page shows as code rather than as backticks.
//! Web addresses in a sentence (the sources a scenario's description cites) become links.

use yew::prelude::*;

/// A piece of a sentence: plain words, a name quoted between backticks, or a web address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Words, shown as they are.
    Text(&'a str),
    /// A quoted name, without its backticks.
    Code(&'a str),
    /// An `https://` address, without the punctuation that ends the sentence around it.
    Link(&'a str),
}

/// Split `text` at its backticks, then the words outside them at their web addresses. A
/// backtick without a partner is kept as text, so nothing of the sentence is lost.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(length) = rest[open + 1..].find('`') else {
            break;
        };
        push_words(&mut pieces, &rest[..open]);
        pieces.push(Piece::Code(&rest[open + 1..open + 1 + length]));
        rest = &rest[open + 2 + length..];
    }
    push_words(&mut pieces, rest);
    pieces
}

/// Where an address starts. Only `https://` addresses are linked, so the text of a shared link
/// can never make a link of another scheme (`javascript:`, `data:`, `file:`).
const ADDRESS_START: &str = "https://";

/// Push `words` as text and links, skipping empty text.
fn push_words<'a>(pieces: &mut Vec<Piece<'a>>, words: &'a str) {
    let mut text_start = 0;
    let mut search_from = 0;
    while let Some(found) = words[search_from..].find(ADDRESS_START) {
        let start = search_from + found;
        let length = words[start..]
            .find(char::is_whitespace)
            .unwrap_or(words.len() - start);
        // Punctuation closing the sentence or a list is not part of the address.
        let address = words[start..start + length]
            .trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '\'', '"']);
        if address.len() == ADDRESS_START.len() {
            search_from = start + address.len();
            continue;
        }
        push_text(pieces, &words[text_start..start]);
        pieces.push(Piece::Link(address));
        text_start = start + address.len();
        search_from = text_start;
    }
    push_text(pieces, &words[text_start..]);
}

/// Push `text` unless it is empty.
fn push_text<'a>(pieces: &mut Vec<Piece<'a>>, text: &'a str) {
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
}

/// `text` with its quoted names as `<code>` and its addresses as links that open in a new tab.
pub fn prose(text: &str) -> Html {
    pieces(text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(words) => html! { { words.to_owned() } },
            Piece::Code(name) => html! { <code>{ name.to_owned() }</code> },
            Piece::Link(address) => html! {
                <a href={address.to_owned()} target="_blank" rel="noopener noreferrer">{ address.to_owned() }</a>
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Piece::{Code, Link, Text};
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

    #[test]
    fn web_addresses_become_links_without_the_punctuation_after_them() {
        assert_eq!(
            pieces(
                "Sources: https://a.example/x.html, https://b.example/y and https://c.example/z."
            ),
            [
                Text("Sources: "),
                Link("https://a.example/x.html"),
                Text(", "),
                Link("https://b.example/y"),
                Text(" and "),
                Link("https://c.example/z"),
                Text("."),
            ]
        );
        assert_eq!(
            pieces("(see https://a.example/p)"),
            [Text("(see "), Link("https://a.example/p"), Text(")")]
        );
    }

    #[test]
    fn only_https_addresses_are_links_and_quoted_ones_stay_code() {
        assert_eq!(
            pieces("javascript:alert(1) http://a.example `https://b.example`"),
            [
                Text("javascript:alert(1) http://a.example "),
                Code("https://b.example")
            ]
        );
        assert_eq!(pieces("https:// alone"), [Text("https:// alone")]);
    }
}
