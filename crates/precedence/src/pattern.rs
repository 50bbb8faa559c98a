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

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    repr: Repr,
    problems: Vec<VariableProblem>,
}

/// Most patterns have no `${…}`: they are kept as written and matched in place.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Repr {
    /// Text without variables or escapes; `*`/`?` are wildcards when `wildcards` is set.
    Plain { text: Box<str>, wildcards: bool },
    /// Text with variables or escapes, resolved for each request.
    Template(Vec<Piece>),
}

impl Pattern {
    /// Parse `text` with the given syntax.
    pub fn parse(text: &str, syntax: Syntax) -> Self {
        if !(syntax.variables && text.contains("${")) {
            return Self::plain(text.into(), syntax.wildcards);
        }
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
        Self {
            repr: Repr::Template(pieces),
            problems,
        }
    }

    /// A pattern without variables from text already owned (no copy).
    pub fn without_variables(text: String, wildcards: bool) -> Self {
        Self::plain(text.into_boxed_str(), wildcards)
    }

    fn plain(text: Box<str>, wildcards: bool) -> Self {
        Self {
            repr: Repr::Plain { text, wildcards },
            problems: Vec::new(),
        }
    }

    /// Problems with the pattern's `${…}` variables.
    pub fn problems(&self) -> &[VariableProblem] {
        &self.problems
    }

    /// The policy variables the pattern uses.
    pub fn variables(&self) -> impl Iterator<Item = &Variable> {
        let pieces: &[Piece] = match &self.repr {
            Repr::Plain { .. } => &[],
            Repr::Template(pieces) => pieces,
        };
        pieces.iter().filter_map(|piece| match piece {
            Piece::Variable(variable) => Some(variable),
            Piece::Fixed(_) => None,
        })
    }

    /// Whether the pattern has a wildcard.
    pub fn has_wildcard(&self) -> bool {
        match &self.repr {
            Repr::Plain { text, wildcards } => *wildcards && text.contains(['*', '?']),
            Repr::Template(pieces) => pieces.iter().any(|piece| {
                matches!(
                    piece,
                    Piece::Fixed(Token::AnyRun) | Piece::Fixed(Token::AnyChar)
                )
            }),
        }
    }

    /// Whether the pattern is exactly `*`.
    pub fn is_match_all(&self) -> bool {
        match &self.repr {
            Repr::Plain { text, wildcards } => *wildcards && &**text == "*",
            Repr::Template(pieces) => pieces.as_slice() == [Piece::Fixed(Token::AnyRun)],
        }
    }

    /// Whether `text` matches; a variable the request cannot fill matches nothing.
    pub fn is_match(&self, text: &str, source: &dyn VariableSource) -> bool {
        match &self.repr {
            Repr::Plain {
                text: pattern,
                wildcards: false,
            } => **pattern == *text,
            Repr::Plain {
                text: pattern,
                wildcards: true,
            } => wildcard_match(pattern, text),
            Repr::Template(_) => match self.resolve_tokens(source) {
                Some(tokens) => glob_match(
                    tokens
                        .split(|token| *token == Token::AnyRun)
                        .map(TokenSegment),
                    text,
                ),
                None => false,
            },
        }
    }

    /// The pattern's text with variables filled in and wildcards written back as `*`/`?`,
    /// or `None` when a variable cannot be filled.
    pub fn resolve(&self, source: &dyn VariableSource) -> Option<Cow<'_, str>> {
        if let Repr::Plain { text, .. } = &self.repr {
            return Some(Cow::Borrowed(text));
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
        let Repr::Template(pieces) = &self.repr else {
            return None;
        };
        pieces
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

/// Whether `text` matches `pattern`, where `*` is any run of characters and `?` any one.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    glob_match(pattern.split('*').map(PlainSegment), text)
}

/// A stretch of a pattern between two `*`s.
trait Segment: Copy {
    /// Where the segment ends when matched at `start`, if it matches there.
    fn match_at(self, text: &str, start: usize) -> Option<usize>;

    /// Where the segment would have to start to end exactly at the end of `text`.
    fn suffix_start(self, text: &str) -> Option<usize>;

    /// The end of the leftmost match at or after `from`.
    fn find_from(self, text: &str, from: usize) -> Option<usize> {
        (from..=text.len())
            .filter(|&start| text.is_char_boundary(start))
            .find_map(|start| self.match_at(text, start))
    }
}

/// Match `text` against a pattern given as its `*`-separated segments: the first anchored at
/// the start, the last at the end, each middle one at its leftmost fit. Linear in the text for
/// a given pattern; no backtracking.
fn glob_match<S: Segment>(mut segments: impl Iterator<Item = S>, text: &str) -> bool {
    let Some(first) = segments.next() else {
        return text.is_empty();
    };
    let Some(mut position) = first.match_at(text, 0) else {
        return false;
    };
    let mut segments = segments.peekable();
    if segments.peek().is_none() {
        return position == text.len();
    }
    while let Some(segment) = segments.next() {
        if segments.peek().is_none() {
            return segment.suffix_start(text).is_some_and(|start| {
                start >= position && segment.match_at(text, start) == Some(text.len())
            });
        }
        match segment.find_from(text, position) {
            Some(end) => position = end,
            None => return false,
        }
    }
    false
}

/// A segment of plain pattern text, where `?` stands for any one character.
#[derive(Clone, Copy)]
struct PlainSegment<'a>(&'a str);

impl Segment for PlainSegment<'_> {
    fn match_at(self, text: &str, start: usize) -> Option<usize> {
        let rest = text.get(start..)?;
        if !self.0.contains('?') {
            return rest.starts_with(self.0).then(|| start + self.0.len());
        }
        let mut position = start;
        for ch in self.0.chars() {
            let next = text.get(position..)?.chars().next()?;
            if ch != '?' && ch != next {
                return None;
            }
            position += next.len_utf8();
        }
        Some(position)
    }

    fn suffix_start(self, text: &str) -> Option<usize> {
        if !self.0.contains('?') {
            return text.len().checked_sub(self.0.len());
        }
        // Every character of the segment, `?` included, matches exactly one character.
        match self.0.chars().count() {
            0 => Some(text.len()),
            count => text.char_indices().rev().nth(count - 1).map(|(i, _)| i),
        }
    }

    fn find_from(self, text: &str, from: usize) -> Option<usize> {
        if self.0.contains('?') {
            return (from..=text.len())
                .filter(|&start| text.is_char_boundary(start))
                .find_map(|start| self.match_at(text, start));
        }
        text.get(from..)?
            .find(self.0)
            .map(|index| from + index + self.0.len())
    }
}

/// A segment of a resolved template: literal texts and single-character wildcards.
#[derive(Clone, Copy)]
struct TokenSegment<'a>(&'a [Token]);

impl Segment for TokenSegment<'_> {
    fn match_at(self, text: &str, start: usize) -> Option<usize> {
        let mut position = start;
        for token in self.0 {
            let rest = text.get(position..)?;
            position += match token {
                Token::Text(literal) if rest.starts_with(literal.as_str()) => literal.len(),
                Token::AnyChar => rest.chars().next()?.len_utf8(),
                _ => return None,
            };
        }
        Some(position)
    }

    fn suffix_start(self, text: &str) -> Option<usize> {
        let mut position = text.len();
        for token in self.0.iter().rev() {
            position = match token {
                Token::Text(literal) => position.checked_sub(literal.len())?,
                Token::AnyChar => text.get(..position)?.char_indices().next_back()?.0,
                Token::AnyRun => return None,
            };
        }
        Some(position)
    }
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
