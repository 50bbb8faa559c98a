//! The evaluator's sentences on the page: its explanations, findings and suggestions quote names
//! between backticks (`s3:GetObject`), which the page shows as code rather than as backticks. In
//! a scenario's description, the addresses of the pages it cites also become links.

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

/// Split `text` at its backticks. A backtick without a partner is kept as text, so nothing of
/// the sentence is lost.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    split(text, false)
}

/// Split `text` at its backticks, then the words outside them at their `https://` addresses.
fn pieces_with_links(text: &str) -> Vec<Piece<'_>> {
    split(text, true)
}

fn split(text: &str, links: bool) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(length) = rest[open + 1..].find('`') else {
            break;
        };
        push_words(&mut pieces, &rest[..open], links);
        pieces.push(Piece::Code(&rest[open + 1..open + 1 + length]));
        rest = &rest[open + 2 + length..];
    }
    push_words(&mut pieces, rest, links);
    pieces
}

/// Where an address starts. Only `https://` addresses are linked, so a description can never
/// make a link of another scheme (`javascript:`, `data:`, `file:`).
const ADDRESS_START: &str = "https://";

/// The characters an address may hold (RFC 3986, ASCII only): a look-alike letter, an invisible
/// one or a direction mark ends the address instead of hiding in it.
fn is_address_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

/// The address that starts `text` (just after [`ADDRESS_START`] is known to be there), or
/// `None` when there is none worth linking: no host, or a user name before the host
/// (`https://docs.aws.amazon.com@elsewhere.example` goes to elsewhere).
fn address_at(text: &str) -> Option<&str> {
    let end = text.find(|c| !is_address_char(c)).unwrap_or(text.len());
    // A host cut short by a letter of another script (`https://exаmple.com`, with a Cyrillic
    // `а`) would link somewhere else than it reads: no link.
    let in_host = !text[ADDRESS_START.len()..end].contains(['/', '?', '#']);
    if in_host && text[end..].starts_with(|c: char| !c.is_ascii() && !c.is_whitespace()) {
        return None;
    }
    let mut address = &text[..end];
    // Punctuation closing the sentence, a list or a bracket around the address is not part of
    // it; a closing bracket is, when the address opened it.
    loop {
        let unbalanced = |open, close| {
            address.ends_with(close)
                && address.matches(open).count() < address.matches(close).count()
        };
        if address.ends_with(['.', ',', ';', ':', '!', '?', '\'', '"'])
            || unbalanced('(', ')')
            || unbalanced('[', ']')
        {
            address = &address[..address.len() - 1];
        } else {
            break;
        }
    }
    let host = address[ADDRESS_START.len()..]
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    (!host.is_empty() && !host.contains('@')).then_some(address)
}

/// Push `words` as text, with its addresses as links if `links`; empty text is skipped. An
/// address starts a word: at the start, or after a space or an opening bracket or quote.
fn push_words<'a>(pieces: &mut Vec<Piece<'a>>, words: &'a str, links: bool) {
    let mut text_start = 0;
    let mut search_from = 0;
    while let Some(found) = words[search_from..].find(ADDRESS_START).filter(|_| links) {
        let start = search_from + found;
        search_from = start + ADDRESS_START.len();
        let starts_word = words[..start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "([<\"'".contains(c));
        let Some(address) = address_at(&words[start..]).filter(|_| starts_word) else {
            continue;
        };
        if start > text_start {
            pieces.push(Piece::Text(&words[text_start..start]));
        }
        pieces.push(Piece::Link(address));
        text_start = start + address.len();
        search_from = text_start;
    }
    if text_start < words.len() {
        pieces.push(Piece::Text(&words[text_start..]));
    }
}

fn render(pieces: Vec<Piece<'_>>) -> Html {
    pieces
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(words) => html! { { words.to_owned() } },
            Piece::Code(name) => html! { <code>{ name.to_owned() }</code> },
            // `dir`: the address reads left to right whatever direction marks the text around it
            // holds, so the link shows where it goes.
            Piece::Link(address) => html! {
                <a href={address.to_owned()} dir="ltr" target="_blank" rel="noopener noreferrer">{ address.to_owned() }</a>
            },
        })
        .collect()
}

/// `text` with its quoted names as `<code>`.
pub fn prose(text: &str) -> Html {
    render(pieces(text))
}

/// `text` with its quoted names as `<code>` and its `https://` addresses as links that open in a
/// new tab: for a scenario's description, never for messages that quote what a user typed.
pub fn prose_with_links(text: &str) -> Html {
    render(pieces_with_links(text))
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
            pieces_with_links(
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
            pieces_with_links("(see https://a.example/p) and <https://b.example/q>"),
            [
                Text("(see "),
                Link("https://a.example/p"),
                Text(") and <"),
                Link("https://b.example/q"),
                Text(">"),
            ]
        );
        assert_eq!(
            pieces_with_links("https://w.example/wiki/Foo_(bar)."),
            [Link("https://w.example/wiki/Foo_(bar)"), Text(".")]
        );
    }

    #[test]
    fn only_https_addresses_that_start_a_word_are_links_and_quoted_ones_stay_code() {
        assert_eq!(
            pieces_with_links("javascript:alert(1) http://a.example `https://b.example`"),
            [
                Text("javascript:alert(1) http://a.example "),
                Code("https://b.example")
            ]
        );
        assert_eq!(
            pieces_with_links("https:// alone, xhttps://a.example, http://x/?u=https://y"),
            [Text(
                "https:// alone, xhttps://a.example, http://x/?u=https://y"
            )]
        );
    }

    #[test]
    fn addresses_that_would_hide_where_they_go_are_not_links() {
        // A user name before the host: the link would go to elsewhere.example.
        let user = "see https://docs.aws.amazon.com@elsewhere.example/x";
        assert_eq!(pieces_with_links(user), [Text(user)]);
        // A look-alike letter in the host: no link at all, not a link to the part before it.
        let look_alike = "see https://ex\u{430}mple.com/x";
        assert_eq!(pieces_with_links(look_alike), [Text(look_alike)]);
        // After the host, a letter of another script ends the address like punctuation.
        assert_eq!(
            pieces_with_links("see https://a.example/x\u{2019}s page"),
            [
                Text("see "),
                Link("https://a.example/x"),
                Text("\u{2019}s page")
            ]
        );
        // Invisible or look-alike characters end the address; direction marks are not in it.
        assert_eq!(
            pieces_with_links("https://a.example/\u{200b}b \u{202e}https://c.example"),
            [
                Link("https://a.example/"),
                Text("\u{200b}b \u{202e}https://c.example"),
            ]
        );
    }

    #[test]
    fn messages_never_get_links() {
        assert_eq!(
            pieces("unknown field `a` - open https://elsewhere.example `b`"),
            [
                Text("unknown field "),
                Code("a"),
                Text(" - open https://elsewhere.example "),
                Code("b"),
            ]
        );
    }
}
