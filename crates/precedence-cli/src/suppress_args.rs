//! `--allow` values: `CODE`, `CODE@POLICY` or `CODE@POLICY#STATEMENT`.
//!
//! The code comes before the first `@` (codes never hold one), the policy id (or the ARN of the
//! managed policy, user, group, role or resource the policy belongs to) up to the first `#`
//! after it (IAM names and ARNs never hold one), and the statement after it: a `Sid`, or `#N`
//! for the statement at index N, as in a scenario's `suppressions` (`invalid-effect@App##0`).

use precedence::scenario::Suppression;

use crate::report::{Allowed, Origin};

/// Read one `--allow` value, or say what is wrong with it.
pub fn parse(value: &str) -> Result<Allowed, String> {
    let (code, scope) = match value.split_once('@') {
        Some((code, scope)) => (code, Some(scope)),
        None => (value, None),
    };
    if code.is_empty() {
        return Err(format!(
            "`{value}` names no finding code: write `CODE`, `CODE@POLICY` or `CODE@POLICY#STATEMENT`"
        ));
    }
    let (policy, statement) = match scope.map(|scope| scope.split_once('#').unwrap_or((scope, ""))) {
        None => (None, None),
        Some(("", _)) => {
            return Err(format!(
                "`{value}` has `@` but no policy id after it: write `{code}@POLICY`, or `{code}` for every policy"
            ))
        }
        Some((policy, "")) if !value.ends_with('#') => (Some(policy), None),
        Some((_, "")) => {
            return Err(format!(
                "`{value}` has `#` but no statement after it: write its `Sid`, or `#N` for the statement at index N"
            ))
        }
        Some((policy, statement)) => (Some(policy), Some(statement)),
    };
    if let Some(number) = statement.and_then(|s| s.strip_prefix('#')) {
        if number.parse::<usize>().is_err() {
            return Err(format!(
                "`{value}`: `#{number}` is not a statement index: write `#N` with N a number from 0"
            ));
        }
    }
    Ok(Allowed {
        suppression: Suppression {
            code: code.to_owned(),
            policy: policy.map(str::to_owned),
            statement: statement.map(str::to_owned),
            reason: String::new(),
        },
        origin: Origin::CommandLine(value.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(value: &str) -> (String, Option<String>, Option<String>) {
        match parse(value) {
            Ok(allowed) => (
                allowed.suppression.code,
                allowed.suppression.policy,
                allowed.suppression.statement,
            ),
            Err(message) => panic!("`{value}` should parse: {message}"),
        }
    }

    #[test]
    fn a_code_a_policy_and_a_statement() {
        let owned = |s: &str| Some(s.to_owned());
        assert_eq!(
            parts("missing-version"),
            ("missing-version".into(), None, None)
        );
        assert_eq!(
            parts("missing-version@App"),
            ("missing-version".into(), owned("App"), None)
        );
        assert_eq!(
            parts("invalid-effect@App#Read"),
            ("invalid-effect".into(), owned("App"), owned("Read"))
        );
        assert_eq!(
            parts("invalid-effect@App##2"),
            ("invalid-effect".into(), owned("App"), owned("#2"))
        );
        // IAM names may hold `@`; only the first one ends the code.
        assert_eq!(
            parts("missing-version@arn:aws:iam::111122223333:user/ana@example.com"),
            (
                "missing-version".into(),
                owned("arn:aws:iam::111122223333:user/ana@example.com"),
                None
            )
        );
    }

    #[test]
    fn empty_parts_are_refused_with_what_to_write() {
        for (value, says) in [
            ("", "names no finding code"),
            ("@App", "names no finding code"),
            ("missing-version@", "no policy id"),
            ("missing-version@#Read", "no policy id"),
            ("invalid-effect@App#", "no statement"),
            ("invalid-effect@App##x", "not a statement index"),
        ] {
            match parse(value) {
                Ok(_) => panic!("`{value}` should be refused"),
                Err(message) => assert!(message.contains(says), "`{value}`: {message}"),
            }
        }
    }
}
