//! Request values that would make a condition come out one way or the other: the policy's own
//! values made concrete, values of the key's type on the other side of a comparison, and the
//! key's absence. Each candidate is tried against the condition itself before it is offered.

use chrono::{SecondsFormat, TimeDelta};

use crate::condition::{Condition, ConditionContext, Operand, OperatorKind};
use crate::context::RequestContext;
use crate::pattern::{wildcard_match, VariableSource};

/// The request's context with one key replaced (or removed, with `values: None`).
pub(super) struct Override<'a> {
    /// The request's context.
    pub(super) base: &'a RequestContext,
    /// The key replaced, lowercased.
    pub(super) key_lower: &'a str,
    /// Its new values; `None` when the key is absent.
    pub(super) values: Option<&'a [String]>,
}

impl VariableSource for Override<'_> {
    fn variable_value(&self, key_lower: &str) -> Option<&str> {
        if key_lower != self.key_lower {
            return self.base.variable_value(key_lower);
        }
        match self.values {
            Some([one]) => Some(one),
            _ => None,
        }
    }
}

impl ConditionContext for Override<'_> {
    fn values(&self, key_lower: &str) -> Option<&[String]> {
        if key_lower == self.key_lower {
            self.values
        } else {
            self.base.values(key_lower)
        }
    }
}

/// Whether `condition` comes out as `want` when the request's `key` has `values`.
pub(super) fn comes_out(
    condition: &Condition,
    context: &RequestContext,
    values: Option<&[String]>,
    want: bool,
) -> bool {
    let overridden = Override {
        base: context,
        key_lower: &condition.key_lower,
        values,
    };
    condition.holds(&overridden) == want
}

/// Values to try for the condition's key, most natural first; `None` is the key's absence.
/// `reference` is the request's current value, used to fill in what a wildcard leaves open
/// (the account of `arn:aws:iam::*:role/x` becomes the caller's own).
pub(super) fn candidates(
    condition: &Condition,
    context: &RequestContext,
    reference: Option<&str>,
) -> Vec<Option<Vec<String>>> {
    let kind = condition.operator.kind;
    let mut values: Vec<String> = Vec::new();
    if kind != OperatorKind::Null {
        for (operand, text, _) in &condition.values {
            match operand {
                Operand::Text(pattern) => {
                    if let Some(resolved) = pattern.resolve(context) {
                        values.push(if kind.uses_wildcards() {
                            concrete(&resolved, reference)
                        } else {
                            resolved.into_owned()
                        });
                    }
                }
                Operand::Number(number) => {
                    values.push(text.trim().to_owned());
                    values.extend(whole_numbers_around(*number).map(|n| n.to_string()));
                }
                Operand::Date(date) => {
                    values.push(text.trim().to_owned());
                    for delta in [TimeDelta::days(1), TimeDelta::days(-1)] {
                        if let Some(moved) = date.checked_add_signed(delta) {
                            values.push(moved.to_rfc3339_opts(SecondsFormat::Secs, true));
                        }
                    }
                }
                Operand::Bool(value) => {
                    values.push(value.to_string());
                    values.push((!value).to_string());
                }
                Operand::Cidr(range) => {
                    values.push(range.network().to_string());
                    // Documentation addresses (RFC 5737, RFC 3849) for "somewhere else".
                    for outside in ["192.0.2.1", "2001:db8::1"] {
                        if outside
                            .parse::<std::net::IpAddr>()
                            .is_ok_and(|address| !range.contains(&address))
                        {
                            values.push(outside.to_owned());
                        }
                    }
                }
                Operand::Invalid => {}
            }
        }
    }
    let mut out: Vec<Option<Vec<String>>> = Vec::new();
    for value in values {
        let candidate = Some(vec![value]);
        if !out.contains(&candidate) {
            out.push(candidate);
        }
    }
    out.push(None);
    out
}

/// A value a wildcard pattern matches: for ARNs, field by field, keeping the reference's field
/// wherever the pattern allows it; elsewhere `*` matches nothing and `?` one character.
fn concrete(pattern: &str, reference: Option<&str>) -> String {
    if let Some(reference) = reference {
        let pattern_fields: Vec<&str> = pattern.splitn(6, ':').collect();
        let reference_fields: Vec<&str> = reference.splitn(6, ':').collect();
        if pattern_fields.len() == 6 && reference_fields.len() == 6 {
            let fields: Vec<String> = pattern_fields
                .iter()
                .zip(&reference_fields)
                .enumerate()
                .map(|(position, (field, kept))| {
                    if wildcard_match(field, kept) {
                        (*kept).to_owned()
                    } else {
                        // The fifth field is the account: fill it with digits.
                        fill(field, if position == 4 { '0' } else { 'x' })
                    }
                })
                .collect();
            return fields.join(":");
        }
    }
    fill(pattern, 'x')
}

fn fill(pattern: &str, one: char) -> String {
    pattern
        .chars()
        .filter(|c| *c != '*')
        .map(|c| if c == '?' { one } else { c })
        .collect()
}

/// The nearest whole numbers above and below `number` (one away when it is whole), for
/// numeric comparisons either way; none for numbers too large to be exact. Whole numbers keep
/// float formatting (and its size in the playground's wasm) out of the crate.
fn whole_numbers_around(number: f64) -> impl Iterator<Item = i64> {
    const EXACT: f64 = 1e15;
    let around = (number.abs() < EXACT).then(|| {
        // Both are within ±1e15 + 1, where f64 and i64 agree exactly.
        let above = number.floor() as i64 + 1;
        let below = number.ceil() as i64 - 1;
        [above, below]
    });
    around.into_iter().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(condition: &Condition, reference: Option<&str>, want: bool) -> Option<Vec<String>> {
        let context = RequestContext::default();
        candidates(condition, &context, reference)
            .into_iter()
            .find(|c| comes_out(condition, &context, c.as_deref(), want))
            .flatten()
    }

    #[test]
    fn a_wildcard_account_takes_the_callers_account() {
        let arn = Condition::from_texts(
            "ArnNotLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:role/your-emergency-role"],
        );
        assert_eq!(
            first(&arn, Some("arn:aws:iam::111122223333:role/AppRole"), false),
            Some(vec![
                "arn:aws:iam::111122223333:role/your-emergency-role".to_owned()
            ])
        );
        let prefix = Condition::from_texts(
            "StringNotLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:role/Ops*"],
        );
        assert_eq!(
            first(
                &prefix,
                Some("arn:aws:iam::111122223333:role/AppRole"),
                false
            ),
            Some(vec!["arn:aws:iam::111122223333:role/Ops".to_owned()])
        );
    }

    #[test]
    fn values_on_the_other_side_of_a_comparison() {
        let secure = Condition::from_texts("Bool", "aws:SecureTransport", &["false"]);
        assert_eq!(first(&secure, None, false), Some(vec!["true".to_owned()]));
        let age = Condition::from_texts("NumericLessThan", "aws:MultiFactorAuthAge", &["3600"]);
        assert_eq!(first(&age, None, true), Some(vec!["3599".to_owned()]));
        let range = Condition::from_texts("IpAddress", "aws:SourceIp", &["203.0.113.0/24"]);
        assert_eq!(
            first(&range, None, true),
            Some(vec!["203.0.113.0".to_owned()])
        );
        assert_eq!(
            first(&range, None, false),
            Some(vec!["192.0.2.1".to_owned()])
        );
        let before =
            Condition::from_texts("DateLessThan", "aws:CurrentTime", &["2030-01-01T00:00:00Z"]);
        assert_eq!(
            first(&before, None, true),
            Some(vec!["2029-12-31T00:00:00Z".to_owned()])
        );
    }

    #[test]
    fn a_negated_operator_is_made_false_by_its_own_value() {
        let vpc = Condition::from_texts("StringNotEquals", "aws:SourceVpc", &["vpc-xxxxxxxxx"]);
        assert_eq!(
            first(&vpc, None, false),
            Some(vec!["vpc-xxxxxxxxx".to_owned()])
        );
        // And true by leaving the key out.
        assert_eq!(first(&vpc, Some("vpc-1"), true), None);
    }

    #[test]
    fn the_override_replaces_one_key_only() {
        let context = RequestContext::from_given([
            ("a".to_owned(), vec!["1".to_owned()], false),
            ("b".to_owned(), vec!["2".to_owned()], false),
        ]);
        let values = ["3".to_owned()];
        let overridden = Override {
            base: &context,
            key_lower: "a",
            values: Some(&values),
        };
        assert_eq!(overridden.variable_value("a"), Some("3"));
        assert_eq!(overridden.variable_value("b"), Some("2"));
        let removed = Override {
            base: &context,
            key_lower: "a",
            values: None,
        };
        assert_eq!(removed.values("a"), None);
    }

    #[test]
    fn numbers_around_a_value_are_whole_and_on_either_side() {
        assert_eq!(whole_numbers_around(10.0).collect::<Vec<_>>(), [11, 9]);
        assert_eq!(whole_numbers_around(3.5).collect::<Vec<_>>(), [4, 3]);
        assert_eq!(whole_numbers_around(-0.25).collect::<Vec<_>>(), [0, -1]);
        assert_eq!(whole_numbers_around(1e16).count(), 0);
    }
}
