//! `*`/`?` matching of `Pattern` against a plain recursive matcher with a memo.
//!
//! The input is `pattern NUL text` (no NUL: the whole input is the pattern and the text is
//! empty). Parsing with variables on, `resolve` and `ArnLike` run too, for panics only.

#![no_main]

use libfuzzer_sys::fuzz_target;
use precedence::condition::{arn_like, NoVariables};
use precedence::pattern::{Pattern, Syntax};

/// Above this many (pattern, text) position pairs the oracle is skipped; the matcher still runs.
const MAX_ORACLE_CELLS: usize = 1 << 20;
/// The oracle recurses once per character of pattern and text: keep the stack shallow.
const MAX_ORACLE_CHARS: usize = 8192;

/// Whether `text[t..]` matches `pattern[p..]`; `memo` holds answers already found.
fn oracle_from(
    pattern: &[char],
    text: &[char],
    p: usize,
    t: usize,
    memo: &mut [Option<bool>],
) -> bool {
    let cell = p * (text.len() + 1) + t;
    if let Some(known) = memo[cell] {
        return known;
    }
    let result = match pattern.get(p) {
        None => t == text.len(),
        // `*`: match nothing here, or eat one character and stay on the `*`.
        Some('*') => {
            oracle_from(pattern, text, p + 1, t, memo)
                || (t < text.len() && oracle_from(pattern, text, p, t + 1, memo))
        }
        Some('?') => t < text.len() && oracle_from(pattern, text, p + 1, t + 1, memo),
        Some(&literal) => {
            text.get(t) == Some(&literal) && oracle_from(pattern, text, p + 1, t + 1, memo)
        }
    };
    memo[cell] = Some(result);
    result
}

fn oracle(pattern: &str, text: &str) -> Option<bool> {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let cells = (pattern.len() + 1).checked_mul(text.len() + 1)?;
    if cells > MAX_ORACLE_CELLS || pattern.len() + text.len() > MAX_ORACLE_CHARS {
        return None;
    }
    let mut memo = vec![None; cells];
    Some(oracle_from(&pattern, &text, 0, 0, &mut memo))
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (pattern, text) = input.split_once('\0').unwrap_or((input, ""));

    let glob = Pattern::parse(
        pattern,
        Syntax {
            wildcards: true,
            variables: false,
        },
    );
    let matched = glob.is_match(text, &NoVariables);
    if let Some(expected) = oracle(pattern, text) {
        assert_eq!(
            matched, expected,
            "pattern {pattern:?} on text {text:?}: Pattern says {matched}, the oracle {expected}"
        );
    }

    let with_variables = Pattern::parse(
        pattern,
        Syntax {
            wildcards: true,
            variables: true,
        },
    );
    let _ = with_variables.is_match(text, &NoVariables);
    let _ = with_variables.resolve(&NoVariables);
    let _ = with_variables.problems();
    let _ = arn_like(pattern, text);
});
