//! Text patterns as policies write them: `*` and `?` wildcards and `${…}` policy variables.
//!
//! Matching is linear in the text for a given pattern: the pattern is cut at each `*` into
//! segments, the first anchored at the start, the last at the end, and each middle segment taken
//! at its leftmost fit. There is no backtracking, so `*a*a*a*a*b` costs no more than `*b`.

use std::borrow::Cow;

/// What a pattern's text may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syntax {
    /// `*` and `?` are wildcards (otherwise they are plain characters).
    pub wildcards: bool,
    /// `${…}` is a policy variable (only in `2012-10-17` policies).
    pub variables: bool,
}

/// A policy variable reference `${key}` or `${key, 'default'}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// The key as written.
    pub key: String,
    /// The key lowercased, for look-up (condition keys are case-insensitive).
    pub key_lower: String,
    /// The value used when the request lacks the key.
    pub default: Option<String>,
}

/// A problem in a pattern's variables, found while parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariableProblem {
    /// `${` without a closing `}`: the text is taken literally.
    Unclosed,
    /// `${}`: no key.
    Empty,
    /// A default that is not in single quotes.
    BadDefault(String),
}

/// A resolved piece of a pattern: no variables left.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Text(String),
    AnyRun,
    AnyChar,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Fixed(Token),
    Variable(Variable),
}

/// Looks up single values of request keys for policy variables.
pub trait VariableSource {
    /// The value of `key_lower` if the request has exactly one.
    fn variable_value(&self, key_lower: &str) -> Option<&str>;
}

/// A parsed pattern; cheap to match when it has no variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pieces: Vec<Piece>,
    glob: Option<Glob>,
    problems: Vec<VariableProblem>,
}

impl Pattern {
    /// Parse `text` with the given syntax.
    pub fn parse(text: &str, syntax: Syntax) -> Self {
        let mut pieces = Vec::new();
        let mut problems = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(ch) = rest.chars().next() {
            if syntax.variables && rest.starts_with("${") {
                if let Some(close) = rest.find('}') {
                    let inner = &rest[2..close];
                    rest = &rest[close + 1..];
                    match inner.trim() {
                        "*" | "?" | "$" => literal.push_str(inner.trim()),
                        "" => {
                            problems.push(VariableProblem::Empty);
                            literal.push_str("${}");
                        }
                        reference => {
                            flush(&mut literal, &mut pieces);
                            let (variable, problem) = parse_variable(reference);
                            problems.extend(problem);
                            pieces.push(Piece::Variable(variable));
                        }
                    }
                    continue;
                }
                problems.push(VariableProblem::Unclosed);
            }
            rest = &rest[ch.len_utf8()..];
            match ch {
                '*' if syntax.wildcards => {
                    flush(&mut literal, &mut pieces);
                    pieces.push(Piece::Fixed(Token::AnyRun));
                }
                '?' if syntax.wildcards => {
                    flush(&mut literal, &mut pieces);
                    pieces.push(Piece::Fixed(Token::AnyChar));
                }
                _ => literal.push(ch),
            }
        }
        flush(&mut literal, &mut pieces);
        let glob = fixed_tokens(&pieces).map(|tokens| Glob::from_tokens(&tokens));
        Self {
            pieces,
            glob,
            problems,
        }
    }

    /// Problems with the pattern's `${…}` variables.
    pub fn problems(&self) -> &[VariableProblem] {
        &self.problems
    }

    /// The policy variables the pattern uses.
    pub fn variables(&self) -> impl Iterator<Item = &Variable> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Variable(variable) => Some(variable),
            _ => None,
        })
    }

    /// Whether the pattern has a wildcard.
    pub fn has_wildcard(&self) -> bool {
        self.pieces.iter().any(|piece| {
            matches!(
                piece,
                Piece::Fixed(Token::AnyRun) | Piece::Fixed(Token::AnyChar)
            )
        })
    }

    /// Whether the pattern is exactly `*`.
    pub fn is_match_all(&self) -> bool {
        self.pieces == [Piece::Fixed(Token::AnyRun)]
    }

    /// Whether `text` matches; a variable the request cannot fill matches nothing.
    pub fn is_match(&self, text: &str, source: &dyn VariableSource) -> bool {
        match &self.glob {
            Some(glob) => glob.is_match(text.as_bytes()),
            None => match self.resolve_tokens(source) {
                Some(tokens) => Glob::from_tokens(&tokens).is_match(text.as_bytes()),
                None => false,
            },
        }
    }

    /// The pattern's text with variables filled in and wildcards written back as `*`/`?`,
    /// or `None` when a variable cannot be filled.
    pub fn resolve(&self, source: &dyn VariableSource) -> Option<Cow<'_, str>> {
        match self.pieces.as_slice() {
            [] => return Some(Cow::Borrowed("")),
            [Piece::Fixed(Token::Text(text))] => return Some(Cow::Borrowed(text)),
            _ => {}
        }
        let tokens = self.resolve_tokens(source)?;
        let mut out = String::new();
        for token in &tokens {
            match token {
                Token::Text(text) => out.push_str(text),
                Token::AnyRun => out.push('*'),
                Token::AnyChar => out.push('?'),
            }
        }
        Some(Cow::Owned(out))
    }

    fn resolve_tokens(&self, source: &dyn VariableSource) -> Option<Vec<Token>> {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Variable(variable) => source
                    .variable_value(&variable.key_lower)
                    .map(str::to_owned)
                    .or_else(|| variable.default.clone())
                    .map(Token::Text),
                Piece::Fixed(token) => Some(token.clone()),
            })
            .collect()
    }
}

/// The pattern's tokens when it has no variables.
fn fixed_tokens(pieces: &[Piece]) -> Option<Vec<Token>> {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Fixed(token) => Some(token.clone()),
            Piece::Variable(_) => None,
        })
        .collect()
}

fn flush(literal: &mut String, pieces: &mut Vec<Piece>) {
    if !literal.is_empty() {
        pieces.push(Piece::Fixed(Token::Text(std::mem::take(literal))));
    }
}

fn parse_variable(reference: &str) -> (Variable, Option<VariableProblem>) {
    let (key, default, problem) = match reference.split_once(',') {
        None => (reference, None, None),
        Some((key, default)) => {
            let default = default.trim();
            match default
                .strip_prefix('\'')
                .and_then(|d| d.strip_suffix('\''))
            {
                Some(value) => (key, Some(value.to_owned()), None),
                None => (
                    key,
                    None,
                    Some(VariableProblem::BadDefault(default.to_owned())),
                ),
            }
        }
    };
    let key = key.trim().to_owned();
    let variable = Variable {
        key_lower: key.to_ascii_lowercase(),
        key,
        default,
    };
    (variable, problem)
}

/// One position of a segment: a literal byte or any one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Atom {
    Byte(u8),
    AnyChar,
}

/// A wildcard pattern cut at its `*`s.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Glob {
    /// Segments between stars; a pattern without stars has exactly one.
    segments: Vec<Vec<Atom>>,
}

impl Glob {
    fn from_tokens(tokens: &[Token]) -> Self {
        let mut segments = vec![Vec::new()];
        for token in tokens {
            match token {
                Token::AnyRun => segments.push(Vec::new()),
                Token::AnyChar => push_atom(&mut segments, Atom::AnyChar),
                Token::Text(text) => {
                    for byte in text.bytes() {
                        push_atom(&mut segments, Atom::Byte(byte));
                    }
                }
            }
        }
        Self { segments }
    }

    fn is_match(&self, text: &[u8]) -> bool {
        let (first, rest) = match self.segments.split_first() {
            Some(split) => split,
            None => return text.is_empty(),
        };
        let Some(mut position) = match_at(first, text, 0) else {
            return false;
        };
        let Some((last, middle)) = rest.split_last() else {
            return position == text.len();
        };
        for segment in middle {
            match find_leftmost(segment, text, position) {
                Some(end) => position = end,
                None => return false,
            }
        }
        // The last segment must end exactly at the end of the text and start at or after
        // `position`; it spans at most four bytes per atom.
        let earliest = position.max(text.len().saturating_sub(last.len() * 4));
        (earliest..=text.len())
            .filter(|&start| is_char_boundary(text, start))
            .any(|start| match_at(last, text, start) == Some(text.len()))
    }
}

fn push_atom(segments: &mut [Vec<Atom>], atom: Atom) {
    if let Some(last) = segments.last_mut() {
        last.push(atom);
    }
}

fn is_char_boundary(text: &[u8], index: usize) -> bool {
    text.get(index).is_none_or(|&byte| (byte as i8) >= -0x40)
}

fn utf8_width(first_byte: u8) -> usize {
    match first_byte {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Where `segment` ends when matched at `start`, if it matches there.
fn match_at(segment: &[Atom], text: &[u8], start: usize) -> Option<usize> {
    let mut index = start;
    for atom in segment {
        let &byte = text.get(index)?;
        index += match atom {
            Atom::Byte(expected) if *expected == byte => 1,
            Atom::Byte(_) => return None,
            Atom::AnyChar => utf8_width(byte),
        };
    }
    (index <= text.len()).then_some(index)
}

/// The end of the leftmost match of `segment` at or after `from`.
fn find_leftmost(segment: &[Atom], text: &[u8], from: usize) -> Option<usize> {
    (from..=text.len())
        .filter(|&start| is_char_boundary(text, start))
        .find_map(|start| match_at(segment, text, start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const GLOB: Syntax = Syntax {
        wildcards: true,
        variables: true,
    };

    struct Vars(HashMap<&'static str, &'static str>);
    impl VariableSource for Vars {
        fn variable_value(&self, key_lower: &str) -> Option<&str> {
            self.0.get(key_lower).copied()
        }
    }

    fn none() -> Vars {
        Vars(HashMap::new())
    }

    fn glob(pattern: &str, text: &str) -> bool {
        Pattern::parse(pattern, GLOB).is_match(text, &none())
    }

    #[test]
    fn stars_and_question_marks() {
        assert!(glob("*", ""));
        assert!(glob("*", "anything"));
        assert!(glob("dynamodb:Batch*", "dynamodb:BatchGetItem"));
        assert!(!glob("dynamodb:Batch*", "dynamodb:GetItem"));
        assert!(glob("a?c", "abc"));
        assert!(!glob("a?c", "ac"));
        assert!(glob("a?c", "aéc"));
        assert!(glob("*a*b", "xxaxxb"));
        assert!(!glob("*a*b", "xxbxxa"));
        assert!(!glob("ab*ba", "aba"));
        assert!(glob("ab*ba", "abba"));
        assert!(glob(
            "arn:aws:s3:::prod-*-starport-layer-bucket/*",
            "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/sha256/x"
        ));
    }

    #[test]
    fn matching_is_case_sensitive() {
        assert!(!glob("table/Stock*", "table/stockTable"));
    }

    #[test]
    fn no_backtracking_blow_up() {
        let text = "a".repeat(50_000);
        assert!(!glob("*a*a*a*a*a*a*a*a*b", &text));
    }

    #[test]
    fn variables_fill_from_the_request_or_default() {
        let vars = Vars(HashMap::from([("aws:username", "alice")]));
        let pattern = Pattern::parse("arn:aws:s3:::bucket/${aws:username}/*", GLOB);
        assert!(pattern.is_match("arn:aws:s3:::bucket/alice/x", &vars));
        assert!(!pattern.is_match("arn:aws:s3:::bucket/bob/x", &vars));
        assert!(!pattern.is_match("arn:aws:s3:::bucket/alice/x", &none()));
        let defaulted = Pattern::parse("team-${aws:PrincipalTag/team, 'none'}", GLOB);
        assert_eq!(defaulted.resolve(&none()).as_deref(), Some("team-none"));
    }

    #[test]
    fn escapes_are_literal_characters() {
        let pattern = Pattern::parse("a${*}b", GLOB);
        assert!(pattern.is_match("a*b", &none()));
        assert!(!pattern.is_match("axb", &none()));
        assert_eq!(
            Pattern::parse("${$}{x}", GLOB).resolve(&none()).as_deref(),
            Some("${x}")
        );
    }

    #[test]
    fn without_variable_syntax_the_text_is_literal() {
        let pattern = Pattern::parse(
            "home/${aws:username}",
            Syntax {
                wildcards: true,
                variables: false,
            },
        );
        assert!(pattern.is_match("home/${aws:username}", &none()));
    }

    #[test]
    fn variable_problems_are_reported() {
        assert_eq!(
            Pattern::parse("${aws:username", GLOB).problems(),
            &[VariableProblem::Unclosed]
        );
        assert_eq!(
            Pattern::parse("${k, nope}", GLOB).problems(),
            &[VariableProblem::BadDefault("nope".into())]
        );
    }
}
