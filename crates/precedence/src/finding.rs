//! Findings: positioned messages about a policy, in the spirit of IAM Access Analyzer's policy
//! validation.

use serde::Serialize;

use crate::span::Span;

/// How serious a finding is, from AWS rejecting the policy to a matter of style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// AWS would reject the policy, or the evaluator had to leave part of it out.
    Error,
    /// The policy is accepted but grants or exposes more than it seems to.
    SecurityWarning,
    /// The policy is accepted but probably does not do what was meant.
    Warning,
    /// A better way to write the same thing.
    Suggestion,
}

impl Severity {
    /// The lowercase name used in compiler-style output.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::SecurityWarning => "security-warning",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        }
    }
}

/// What of a policy a finding is about: its text (at the finding's span), or the id the
/// scenario gives it, which is written outside the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Subject {
    /// The policy text, at the finding's span.
    #[default]
    Text,
    /// The policy's id (`policies.TYPE[N].id`); the span is the text's start, for views that
    /// show only the text.
    Id,
}

impl Subject {
    /// Whether the finding is about the policy text.
    pub fn is_text(&self) -> bool {
        *self == Subject::Text
    }
}

/// One finding about a policy: a stable code, a message, advice, and where it applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable kebab-case identifier, e.g. `unknown-operator`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, lowercase, user input in backticks.
    pub message: String,
    /// What to do about it.
    pub help: String,
    /// Where in the policy text it applies.
    pub span: Span,
    /// What it is about: the text (almost always) or the policy's id.
    #[serde(skip_serializing_if = "Subject::is_text")]
    pub subject: Subject,
}

impl Finding {
    /// A finding with the given code, severity, message, help and span.
    pub fn new(
        code: &'static str,
        severity: Severity,
        message: impl Into<String>,
        help: impl Into<String>,
        span: Span,
    ) -> Self {
        Self {
            code,
            severity,
            message: message.into(),
            help: help.into(),
            span,
            subject: Subject::Text,
        }
    }

    /// A finding about the policy's id rather than its text.
    pub fn about_id(
        code: &'static str,
        severity: Severity,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Self {
            subject: Subject::Id,
            ..Self::new(code, severity, message, help, Span::new(0, 0))
        }
    }
}

/// Put `findings` in order of position in the policy text; findings at the same position keep
/// their order. (One function for every list of findings, so the sort is compiled once.)
pub fn sort_by_position(findings: &mut [Finding]) {
    findings.sort_by_key(|finding| finding.span.start);
}

/// `did you mean `a`?` or `did you mean `a`, `b` or `c`?` for the names closest to a mistyped
/// one, as help text; `None` when there are none.
pub fn did_you_mean(names: &[String]) -> Option<String> {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    let (last, rest) = quoted.split_last()?;
    Some(if rest.is_empty() {
        format!("did you mean {last}?")
    } else {
        format!("did you mean {} or {last}?", rest.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_lists_names_as_a_sentence() {
        let names = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(did_you_mean(&[]), None);
        assert_eq!(
            did_you_mean(&names(&["a"])).as_deref(),
            Some("did you mean `a`?")
        );
        assert_eq!(
            did_you_mean(&names(&["a", "b", "c"])).as_deref(),
            Some("did you mean `a`, `b` or `c`?")
        );
    }
}
