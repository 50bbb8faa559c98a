//! `*`/`?` matching of [`Pattern`] and `ArnLike` against a regex oracle.
//!
//! The oracle turns a pattern into an anchored regex — `*` is `(?s).*`, `?` is `(?s).` and every
//! other character is escaped — and the properties check that the linear matcher agrees with it.

use precedence::condition::{arn_like, NoVariables};
use precedence::pattern::{Pattern, Syntax};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use regex::Regex;

const GLOB: Syntax = Syntax {
    wildcards: true,
    variables: false,
};

/// The pattern as an anchored regex.
fn oracle_regex(pattern: &str) -> Result<Regex, TestCaseError> {
    let mut source = String::from(r"\A(?:");
    let mut buffer = [0u8; 4];
    for ch in pattern.chars() {
        match ch {
            '*' => source.push_str("(?s:.*)"),
            '?' => source.push_str("(?s:.)"),
            other => source.push_str(&regex::escape(other.encode_utf8(&mut buffer))),
        }
    }
    source.push_str(r")\z");
    Regex::new(&source).map_err(|error| TestCaseError::fail(format!("oracle regex: {error}")))
}

/// Whether `text` matches `pattern` by the regex oracle.
fn oracle(pattern: &str, text: &str) -> Result<bool, TestCaseError> {
    Ok(oracle_regex(pattern)?.is_match(text))
}

/// Whether `text` matches `pattern` by the library.
fn library(pattern: &str, text: &str) -> bool {
    Pattern::parse(pattern, GLOB).is_match(text, &NoVariables)
}

/// `ArnLike` by the oracle: six colon-separated fields, each a glob of its own.
fn arn_oracle(pattern: &str, arn: &str) -> Result<bool, TestCaseError> {
    let pattern_fields: Vec<&str> = pattern.splitn(6, ':').collect();
    let arn_fields: Vec<&str> = arn.splitn(6, ':').collect();
    if pattern_fields.len() != 6 || arn_fields.len() != 6 {
        return Ok(false);
    }
    for (field_pattern, field) in pattern_fields.iter().zip(&arn_fields) {
        if !oracle(field_pattern, field)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn string_of(alphabet: &'static [char], max_len: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(alphabet), 0..=max_len)
        .prop_map(|chars| chars.into_iter().collect())
}

/// Patterns over a small alphabet, so that matches happen.
fn small_pattern() -> impl Strategy<Value = String> {
    string_of(&['a', 'b', '*', '?', 'é'], 12)
}

/// Texts over the same small alphabet (with a multi-byte character and a 4-byte one).
fn small_text() -> impl Strategy<Value = String> {
    string_of(&['a', 'b', 'é', '𝄞'], 16)
}

/// A pattern and a text built to match it: each `*` filled with a run, each `?` with a character.
fn matching_pair() -> impl Strategy<Value = (String, String)> {
    small_pattern().prop_flat_map(|pattern| {
        let fills: Vec<BoxedStrategy<String>> = pattern
            .chars()
            .map(|ch| match ch {
                '*' => string_of(&['a', 'b', 'é', '*', '?'], 4).boxed(),
                '?' => prop::sample::select(&['a', 'b', 'é', '𝄞', '?'][..])
                    .prop_map(String::from)
                    .boxed(),
                other => Just(other.to_string()).boxed(),
            })
            .collect();
        (Just(pattern), fills).prop_map(|(pattern, fills)| (pattern, fills.concat()))
    })
}

/// ARN-ish patterns: few characters, but colons and wildcards.
fn arn_pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        string_of(&['a', ':', '*', '?', 'é'], 14),
        (
            prop::sample::select(&["arn", "*", "a*", "ar?"][..]),
            prop::sample::select(&["aws", "*", "aws*"][..]),
            prop::sample::select(&["s3", "iam", "*", "s?", ""][..]),
            prop::sample::select(&["", "*", "us-east-1", "us-*"][..]),
            prop::sample::select(&["", "*", "111122223333", "1111*"][..]),
            string_of(&['a', 'b', '/', ':', '*', '?'], 8),
        )
            .prop_map(|(a, b, c, d, e, f)| format!("{a}:{b}:{c}:{d}:{e}:{f}")),
    ]
}

/// ARN-ish texts.
fn arn_text() -> impl Strategy<Value = String> {
    prop_oneof![
        string_of(&['a', ':', 'é'], 14),
        (
            prop::sample::select(&["arn", "ar", "arnn"][..]),
            prop::sample::select(&["aws", "aws-cn"][..]),
            prop::sample::select(&["s3", "iam", "sq", ""][..]),
            prop::sample::select(&["", "us-east-1"][..]),
            prop::sample::select(&["", "111122223333", "11112222"][..]),
            string_of(&['a', 'b', '/', ':'], 8),
        )
            .prop_map(|(a, b, c, d, e, f)| format!("{a}:{b}:{c}:{d}:{e}:{f}")),
    ]
}

proptest! {

    #[test]
    fn glob_agrees_with_regex_on_small_alphabets(pattern in small_pattern(), text in small_text()) {
        prop_assert_eq!(library(&pattern, &text), oracle(&pattern, &text)?,
            "pattern {:?} text {:?}", pattern, text);
    }

    #[test]
    fn glob_agrees_with_regex_on_matching_texts((pattern, text) in matching_pair()) {
        prop_assert!(oracle(&pattern, &text)?, "oracle: {:?} should match {:?}", pattern, text);
        prop_assert!(library(&pattern, &text), "pattern {:?} should match {:?}", pattern, text);
    }

    #[test]
    fn glob_agrees_with_regex_on_arbitrary_strings(pattern in any::<String>(), text in any::<String>()) {
        prop_assert_eq!(library(&pattern, &text), oracle(&pattern, &text)?,
            "pattern {:?} text {:?}", pattern, text);
    }

    #[test]
    fn glob_agrees_with_regex_on_arbitrary_texts(pattern in small_pattern(), text in "\\PC{0,12}") {
        prop_assert_eq!(library(&pattern, &text), oracle(&pattern, &text)?,
            "pattern {:?} text {:?}", pattern, text);
    }

    #[test]
    fn pattern_matches_its_own_text_when_it_has_no_wildcards(text in any::<String>()) {
        let literal: String = text.chars().filter(|ch| !matches!(ch, '*' | '?')).collect();
        prop_assert!(library(&literal, &literal), "{:?} should match itself", literal);
    }

    #[test]
    fn arn_like_agrees_with_per_field_oracle(pattern in arn_pattern(), arn in arn_text()) {
        prop_assert_eq!(arn_like(&pattern, &arn), arn_oracle(&pattern, &arn)?,
            "pattern {:?} arn {:?}", pattern, arn);
    }

    #[test]
    fn arn_like_agrees_with_per_field_oracle_on_arbitrary_strings(
        pattern in any::<String>(),
        arn in any::<String>(),
    ) {
        prop_assert_eq!(arn_like(&pattern, &arn), arn_oracle(&pattern, &arn)?,
            "pattern {:?} arn {:?}", pattern, arn);
    }
}

#[test]
fn pathological_pattern_does_not_match_a_long_run() {
    let text = "a".repeat(20_000);
    assert!(!library("*a*a*a*a*a*a*a*a*a*b", &text));
    assert!(library("*a*a*a*a*a*a*a*a*a*a", &text));
}
