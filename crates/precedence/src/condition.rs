//! Condition operators: their names, how their values parse, and how they compare.

use std::net::IpAddr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use ipnet::IpNet;
use serde::Serialize;

use crate::pattern::{wildcard_match, Pattern, Syntax, VariableSource};
use crate::span::Span;

/// The comparison an operator makes, without its `IfExists` suffix or set qualifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[expect(missing_docs, reason = "variants are AWS's operator names")]
pub enum OperatorKind {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// What type of value an operator compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ValueType {
    /// Text.
    String,
    /// Integers and decimals.
    Numeric,
    /// ISO 8601 dates or epoch seconds.
    Date,
    /// `true` / `false`.
    Bool,
    /// Base64 text.
    Binary,
    /// IPv4/IPv6 addresses and CIDR ranges.
    Ip,
    /// ARNs compared field by field.
    Arn,
    /// Presence of the key.
    Null,
}

use OperatorKind as K;

/// Every comparison, in AWS's documentation's order (for editors that offer them).
pub const ALL_KINDS: [OperatorKind; 27] = [
    K::StringEquals,
    K::StringNotEquals,
    K::StringEqualsIgnoreCase,
    K::StringNotEqualsIgnoreCase,
    K::StringLike,
    K::StringNotLike,
    K::NumericEquals,
    K::NumericNotEquals,
    K::NumericLessThan,
    K::NumericLessThanEquals,
    K::NumericGreaterThan,
    K::NumericGreaterThanEquals,
    K::DateEquals,
    K::DateNotEquals,
    K::DateLessThan,
    K::DateLessThanEquals,
    K::DateGreaterThan,
    K::DateGreaterThanEquals,
    K::Bool,
    K::BinaryEquals,
    K::IpAddress,
    K::NotIpAddress,
    K::ArnEquals,
    K::ArnLike,
    K::ArnNotEquals,
    K::ArnNotLike,
    K::Null,
];

impl OperatorKind {
    /// AWS's name for the operator.
    pub fn name(self) -> &'static str {
        match self {
            K::StringEquals => "StringEquals",
            K::StringNotEquals => "StringNotEquals",
            K::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            K::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            K::StringLike => "StringLike",
            K::StringNotLike => "StringNotLike",
            K::NumericEquals => "NumericEquals",
            K::NumericNotEquals => "NumericNotEquals",
            K::NumericLessThan => "NumericLessThan",
            K::NumericLessThanEquals => "NumericLessThanEquals",
            K::NumericGreaterThan => "NumericGreaterThan",
            K::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            K::DateEquals => "DateEquals",
            K::DateNotEquals => "DateNotEquals",
            K::DateLessThan => "DateLessThan",
            K::DateLessThanEquals => "DateLessThanEquals",
            K::DateGreaterThan => "DateGreaterThan",
            K::DateGreaterThanEquals => "DateGreaterThanEquals",
            K::Bool => "Bool",
            K::BinaryEquals => "BinaryEquals",
            K::IpAddress => "IpAddress",
            K::NotIpAddress => "NotIpAddress",
            K::ArnEquals => "ArnEquals",
            K::ArnLike => "ArnLike",
            K::ArnNotEquals => "ArnNotEquals",
            K::ArnNotLike => "ArnNotLike",
            K::Null => "Null",
        }
    }

    /// The operator named `name` (case-sensitive, as AWS requires).
    pub fn from_name(name: &str) -> Option<Self> {
        ALL_KINDS.into_iter().find(|kind| kind.name() == name)
    }

    /// The operator `name` was most likely meant to be, for "did you mean" help: the one with
    /// the same name in another case, else the nearest within a few edits.
    pub fn nearest(name: &str) -> Option<Self> {
        ALL_KINDS
            .into_iter()
            .find(|kind| kind.name().eq_ignore_ascii_case(name))
            .or_else(|| {
                let lowered: Vec<(OperatorKind, String)> = ALL_KINDS
                    .into_iter()
                    .map(|kind| (kind, kind.name().to_ascii_lowercase()))
                    .collect();
                let near = crate::catalog::closest(
                    lowered.iter().map(|(kind, name)| (*kind, name.as_str())),
                    name,
                    1,
                );
                near.first().copied()
            })
    }

    /// What the operator compares.
    pub fn value_type(self) -> ValueType {
        match self {
            K::StringEquals
            | K::StringNotEquals
            | K::StringEqualsIgnoreCase
            | K::StringNotEqualsIgnoreCase
            | K::StringLike
            | K::StringNotLike => ValueType::String,
            K::NumericEquals
            | K::NumericNotEquals
            | K::NumericLessThan
            | K::NumericLessThanEquals
            | K::NumericGreaterThan
            | K::NumericGreaterThanEquals => ValueType::Numeric,
            K::DateEquals
            | K::DateNotEquals
            | K::DateLessThan
            | K::DateLessThanEquals
            | K::DateGreaterThan
            | K::DateGreaterThanEquals => ValueType::Date,
            K::Bool => ValueType::Bool,
            K::BinaryEquals => ValueType::Binary,
            K::IpAddress | K::NotIpAddress => ValueType::Ip,
            K::ArnEquals | K::ArnLike | K::ArnNotEquals | K::ArnNotLike => ValueType::Arn,
            K::Null => ValueType::Null,
        }
    }

    /// Whether the operator is the negation of a positive one (true when the key is absent).
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            K::StringNotEquals
                | K::StringNotEqualsIgnoreCase
                | K::StringNotLike
                | K::NumericNotEquals
                | K::DateNotEquals
                | K::NotIpAddress
                | K::ArnNotEquals
                | K::ArnNotLike
        )
    }

    /// Whether `*` and `?` in the policy's values are wildcards.
    pub fn uses_wildcards(self) -> bool {
        matches!(
            self,
            K::StringLike
                | K::StringNotLike
                | K::ArnEquals
                | K::ArnLike
                | K::ArnNotEquals
                | K::ArnNotLike
        )
    }
}

/// `ForAllValues:` or `ForAnyValue:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SetQualifier {
    /// Every request value must satisfy the operator (true when there are none).
    ForAllValues,
    /// At least one request value must satisfy the operator (false when there are none).
    ForAnyValue,
}

/// A full condition operator: qualifier, comparison and `IfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Operator {
    /// The set qualifier, if any.
    pub qualifier: Option<SetQualifier>,
    /// The comparison.
    pub kind: OperatorKind,
    /// Whether the `IfExists` suffix is present.
    pub if_exists: bool,
}

/// Why an operator name could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorError {
    /// Not an operator; perhaps a misspelt one.
    Unknown {
        /// The operator, as it would be written in full (qualifier and `IfExists` kept), that
        /// the name was most likely meant to be, if any.
        suggestion: Option<String>,
    },
    /// A qualifier prefix other than `ForAllValues:`/`ForAnyValue:`.
    UnknownQualifier(String),
}

impl Operator {
    /// Parse an operator as written, e.g. `ForAnyValue:StringLikeIfExists`.
    pub fn parse(text: &str) -> Result<Self, OperatorError> {
        let (qualifier, rest) = match text.split_once(':') {
            Some(("ForAllValues", rest)) => (Some(SetQualifier::ForAllValues), rest),
            Some(("ForAnyValue", rest)) => (Some(SetQualifier::ForAnyValue), rest),
            Some((other, _)) => return Err(OperatorError::UnknownQualifier(other.to_owned())),
            None => (None, text),
        };
        let (base, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        match OperatorKind::from_name(base) {
            Some(kind) if !(if_exists && kind == K::Null) => Ok(Self {
                qualifier,
                kind,
                if_exists,
            }),
            _ => Err(OperatorError::Unknown {
                suggestion: OperatorKind::nearest(base)
                    .filter(|kind| !(if_exists && *kind == K::Null))
                    .map(|kind| {
                        let prefix = &text[..text.len() - rest.len()];
                        let suffix = if if_exists { "IfExists" } else { "" };
                        format!("{prefix}{}{suffix}", kind.name())
                    }),
            }),
        }
    }
}

/// A policy value parsed for its operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// Text (string, binary and ARN operators), possibly with wildcards and variables.
    Text(Pattern),
    /// A number.
    Number(f64),
    /// A point in time.
    Date(DateTime<Utc>),
    /// `true`/`false` (also `Null`'s value).
    Bool(bool),
    /// An address range.
    Cidr(IpNet),
    /// A value that cannot be read for this operator: it never matches.
    Invalid,
}

impl Operand {
    /// Parse `text` as a value of `kind`; `variables` says whether `${…}` is substituted.
    pub fn parse(kind: OperatorKind, text: &str, variables: bool) -> Self {
        // Policy variables work only with string and ARN operators.
        let syntax = Syntax {
            wildcards: kind.uses_wildcards(),
            variables: variables && matches!(kind.value_type(), ValueType::String | ValueType::Arn),
        };
        let parsed = match kind.value_type() {
            ValueType::String | ValueType::Arn | ValueType::Binary => {
                Some(Operand::Text(Pattern::parse(text, syntax)))
            }
            ValueType::Numeric => parse_number(text).map(Operand::Number),
            ValueType::Date => parse_date(text).map(Operand::Date),
            ValueType::Bool | ValueType::Null => parse_bool(text).map(Operand::Bool),
            ValueType::Ip => parse_cidr(text).map(Operand::Cidr),
        };
        parsed.unwrap_or(Operand::Invalid)
    }
}

/// Parse a number as numeric operators read it.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let plausible = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'));
    plausible
        .then(|| text.parse::<f64>().ok())
        .flatten()
        .filter(|n| n.is_finite())
}

/// Parse a date: ISO 8601 (date, date-time with or without seconds and zone) or epoch seconds.
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<i64>()
            .ok()
            .and_then(|secs| DateTime::from_timestamp(secs, 0));
    }
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M%#z", "%Y-%m-%dT%H:%M:%S%.f%#z"] {
        if let Ok(date) = DateTime::parse_from_str(text, format) {
            return Some(date.with_timezone(&Utc));
        }
    }
    let naive = text.strip_suffix('Z').unwrap_or(text);
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(date) = NaiveDateTime::parse_from_str(naive, format) {
            return Some(date.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|date| date.and_utc())
}

/// Parse `true`/`false`, ignoring case.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim() {
        t if t.eq_ignore_ascii_case("true") => Some(true),
        t if t.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Parse an address or CIDR range.
pub fn parse_cidr(text: &str) -> Option<IpNet> {
    let text = text.trim();
    text.parse::<IpNet>()
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
}

/// One condition: an operator, a key and the values it is compared with.
#[derive(Debug, Clone)]
pub struct Condition {
    /// The operator.
    pub operator: Operator,
    /// The operator as written.
    pub operator_text: String,
    /// The key as written.
    pub key: String,
    /// The key lowercased: condition keys are case-insensitive.
    pub key_lower: String,
    /// The values, parsed for the operator, with their text and spans.
    pub values: Vec<(Operand, String, Span)>,
    /// The span of the key and its values.
    pub span: Span,
}

/// The request's values of a key, as conditions see them.
pub trait ConditionContext: VariableSource {
    /// The values of `key_lower`, or `None` when the request lacks the key.
    fn values(&self, key_lower: &str) -> Option<&[String]>;
}

impl Condition {
    /// Whether the condition holds for the request.
    pub fn holds(&self, context: &dyn ConditionContext) -> bool {
        let request_values = context.values(&self.key_lower).unwrap_or(&[]);
        let operator = self.operator;
        if operator.kind == K::Null {
            let absent = request_values.is_empty();
            return self
                .values
                .iter()
                .any(|(operand, _, _)| *operand == Operand::Bool(absent));
        }
        if request_values.is_empty() {
            if operator.if_exists {
                return true;
            }
            return match operator.qualifier {
                Some(SetQualifier::ForAllValues) => true,
                Some(SetQualifier::ForAnyValue) => false,
                None => operator.kind.is_negated(),
            };
        }
        let negated = operator.kind.is_negated();
        let satisfies = |value: &String| self.matches_any(value, context) != negated;
        match operator.qualifier {
            Some(SetQualifier::ForAllValues) => request_values.iter().all(satisfies),
            Some(SetQualifier::ForAnyValue) => request_values.iter().any(satisfies),
            None => request_values.iter().any(|v| self.matches_any(v, context)) != negated,
        }
    }

    /// Whether one request value matches any policy value under the positive form of the
    /// operator (`StringNotEquals` compares as `StringEquals`; the caller negates).
    fn matches_any(&self, request_value: &str, context: &dyn ConditionContext) -> bool {
        self.values
            .iter()
            .any(|(operand, _, _)| compare(self.operator.kind, operand, request_value, context))
    }
}

fn compare(kind: OperatorKind, operand: &Operand, value: &str, vars: &dyn VariableSource) -> bool {
    match (kind.value_type(), operand) {
        (ValueType::String, Operand::Text(pattern)) => match kind {
            K::StringLike | K::StringNotLike => pattern.is_match(value, vars),
            K::StringEqualsIgnoreCase | K::StringNotEqualsIgnoreCase => pattern
                .resolve(vars)
                .is_some_and(|expected| equal_ignoring_case(&expected, value)),
            _ => pattern
                .resolve(vars)
                .is_some_and(|expected| expected == value),
        },
        (ValueType::Binary, Operand::Text(pattern)) => pattern
            .resolve(vars)
            .is_some_and(|expected| expected == value),
        (ValueType::Arn, Operand::Text(pattern)) => pattern
            .resolve(vars)
            .is_some_and(|expected| arn_like(&expected, value)),
        (ValueType::Numeric, Operand::Number(expected)) => {
            parse_number(value).is_some_and(|actual| ordered(kind, actual.partial_cmp(expected)))
        }
        (ValueType::Date, Operand::Date(expected)) => {
            parse_date(value).is_some_and(|actual| ordered(kind, Some(actual.cmp(expected))))
        }
        (ValueType::Bool, Operand::Bool(expected)) => parse_bool(value) == Some(*expected),
        (ValueType::Ip, Operand::Cidr(range)) => {
            parse_cidr(value).is_some_and(|actual| range.contains(&actual))
        }
        _ => false,
    }
}

fn equal_ignoring_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// How a numeric or date operator reads an ordering of request value to policy value.
fn ordered(kind: OperatorKind, ordering: Option<std::cmp::Ordering>) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match (kind, ordering) {
        (_, None) => false,
        (K::NumericEquals | K::NumericNotEquals | K::DateEquals | K::DateNotEquals, Some(o)) => {
            o == Equal
        }
        (K::NumericLessThan | K::DateLessThan, Some(o)) => o == Less,
        (K::NumericLessThanEquals | K::DateLessThanEquals, Some(o)) => o != Greater,
        (K::NumericGreaterThan | K::DateGreaterThan, Some(o)) => o == Greater,
        (K::NumericGreaterThanEquals | K::DateGreaterThanEquals, Some(o)) => o != Less,
        _ => false,
    }
}

/// ARN comparison as `ArnEquals`/`ArnLike` make it: the six colon-separated fields are matched
/// one by one, each with `*`/`?` wildcards that cannot cross a colon between fields.
pub fn arn_like(pattern: &str, arn: &str) -> bool {
    let pattern_fields: Vec<&str> = pattern.splitn(6, ':').collect();
    let arn_fields: Vec<&str> = arn.splitn(6, ':').collect();
    if pattern_fields.len() != 6 || arn_fields.len() != 6 {
        return false;
    }
    pattern_fields
        .iter()
        .zip(&arn_fields)
        .all(|(p, a)| wildcard_match(p, a))
}

/// A variable source with no values.
pub struct NoVariables;

impl VariableSource for NoVariables {
    fn variable_value(&self, _key_lower: &str) -> Option<&str> {
        None
    }
}

#[cfg(test)]
impl Condition {
    /// A condition as a policy would write it, for tests: `operator` must be known.
    pub(crate) fn from_texts(operator: &str, key: &str, values: &[&str]) -> Condition {
        let parsed = Operator::parse(operator).unwrap();
        Condition {
            operator: parsed,
            operator_text: operator.into(),
            key: key.into(),
            key_lower: key.to_lowercase(),
            values: values
                .iter()
                .map(|v| {
                    (
                        Operand::parse(parsed.kind, v, true),
                        (*v).to_owned(),
                        Span::default(),
                    )
                })
                .collect(),
            span: Span::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Ctx(HashMap<String, Vec<String>>);

    impl VariableSource for Ctx {
        fn variable_value(&self, key_lower: &str) -> Option<&str> {
            match self.0.get(key_lower).map(Vec::as_slice) {
                Some([one]) => Some(one),
                _ => None,
            }
        }
    }

    impl ConditionContext for Ctx {
        fn values(&self, key_lower: &str) -> Option<&[String]> {
            self.0.get(key_lower).map(Vec::as_slice)
        }
    }

    fn ctx(pairs: &[(&str, &[&str])]) -> Ctx {
        Ctx(pairs
            .iter()
            .map(|(k, v)| (k.to_lowercase(), v.iter().map(|s| s.to_string()).collect()))
            .collect())
    }

    fn holds(operator: &str, key: &str, values: &[&str], request: &[(&str, &[&str])]) -> bool {
        Condition::from_texts(operator, key, values).holds(&ctx(request))
    }

    #[test]
    fn operator_names_parse_with_qualifiers_and_if_exists() {
        let op = Operator::parse("ForAnyValue:StringLikeIfExists").unwrap();
        assert_eq!(op.qualifier, Some(SetQualifier::ForAnyValue));
        assert_eq!(op.kind, K::StringLike);
        assert!(op.if_exists);
        assert!(Operator::parse("NullIfExists").is_err());
        assert_eq!(
            Operator::parse("stringequals"),
            Err(OperatorError::Unknown {
                suggestion: Some("StringEquals".into())
            })
        );
        // A misspelling is answered with the nearest operator, qualifier and suffix kept.
        assert_eq!(
            Operator::parse("ForAnyValue:StringEqualzIfExists"),
            Err(OperatorError::Unknown {
                suggestion: Some("ForAnyValue:StringEqualsIfExists".into())
            })
        );
        assert_eq!(
            Operator::parse("Frobnicate"),
            Err(OperatorError::Unknown { suggestion: None })
        );
        assert_eq!(
            Operator::parse("ForEach:StringEquals"),
            Err(OperatorError::UnknownQualifier("ForEach".into()))
        );
    }

    #[test]
    fn string_operators() {
        let k = "aws:PrincipalTag/team";
        assert!(holds("StringEquals", k, &["blue", "red"], &[(k, &["red"])]));
        assert!(!holds("StringEquals", k, &["blue"], &[(k, &["Blue"])]));
        assert!(!holds("StringEquals", k, &["b*"], &[(k, &["blue"])]));
        assert!(holds(
            "StringEqualsIgnoreCase",
            k,
            &["BLUE"],
            &[(k, &["blue"])]
        ));
        assert!(holds(
            "StringNotEqualsIgnoreCase",
            k,
            &["green"],
            &[(k, &["blue"])]
        ));
        assert!(holds("StringLike", k, &["bl?e*"], &[(k, &["blue-team"])]));
        assert!(!holds("StringNotLike", k, &["bl*"], &[(k, &["blue"])]));
        // Negated operators NOR their values.
        assert!(!holds(
            "StringNotEquals",
            k,
            &["blue", "red"],
            &[(k, &["red"])]
        ));
    }

    #[test]
    fn missing_keys_fail_positive_operators_and_satisfy_negated_ones() {
        for (operator, value) in [
            ("StringNotEquals", "x"),
            ("StringNotLike", "x*"),
            ("ArnNotLike", "arn:aws:iam::*:role/x"),
            ("ArnNotEquals", "arn:aws:iam::1:role/x"),
            ("NotIpAddress", "10.0.0.0/8"),
            ("NumericNotEquals", "1"),
            ("DateNotEquals", "2020-01-01"),
            ("StringNotEqualsIgnoreCase", "x"),
        ] {
            assert!(holds(operator, "k", &[value], &[]), "{operator}");
        }
        for (operator, value) in [
            ("StringEquals", "x"),
            ("StringLike", "*"),
            ("ArnLike", "arn:*:*:*:*:*"),
            ("IpAddress", "0.0.0.0/0"),
            ("NumericLessThan", "5"),
            ("DateGreaterThan", "2020-01-01"),
            ("Bool", "false"),
            ("BinaryEquals", "QmluYXJ5"),
        ] {
            assert!(!holds(operator, "k", &[value], &[]), "{operator}");
            assert!(
                holds(&format!("{operator}IfExists"), "k", &[value], &[]),
                "{operator}IfExists"
            );
        }
    }

    #[test]
    fn numeric_and_date_operators_compare_values() {
        assert!(holds("NumericLessThan", "n", &["10"], &[("n", &["9.5"])]));
        assert!(!holds("NumericLessThan", "n", &["10"], &[("n", &["10"])]));
        assert!(holds(
            "NumericLessThanEquals",
            "n",
            &["10"],
            &[("n", &["10"])]
        ));
        assert!(holds(
            "NumericGreaterThanEquals",
            "n",
            &["1e1"],
            &[("n", &["10"])]
        ));
        assert!(!holds("NumericEquals", "n", &["10"], &[("n", &["ten"])]));
        let t = "aws:CurrentTime";
        assert!(holds(
            "DateLessThan",
            t,
            &["2026-12-01T00:00:00Z"],
            &[(t, &["2026-11-23T16:00:00Z"])]
        ));
        assert!(holds(
            "DateGreaterThan",
            t,
            &["2026-11-23"],
            &[(t, &["2026-11-23T00:00:01+00:00"])]
        ));
        assert!(holds(
            "DateEquals",
            t,
            &["1700000000"],
            &[(t, &["2023-11-14T22:13:20Z"])]
        ));
        assert!(holds(
            "DateLessThanEquals",
            t,
            &["2026-11-23T10:00+02:00"],
            &[(t, &["2026-11-23T08:00:00Z"])]
        ));
    }

    #[test]
    fn bool_binary_ip_and_null() {
        assert!(holds(
            "Bool",
            "aws:SecureTransport",
            &["false"],
            &[("aws:SecureTransport", &["FALSE"])]
        ));
        assert!(holds(
            "BinaryEquals",
            "b",
            &["QmluYXJ5"],
            &[("b", &["QmluYXJ5"])]
        ));
        assert!(holds(
            "IpAddress",
            "aws:SourceIp",
            &["203.0.113.0/24"],
            &[("aws:SourceIp", &["203.0.113.7"])]
        ));
        assert!(holds(
            "IpAddress",
            "aws:SourceIp",
            &["2001:db8::/32"],
            &[("aws:SourceIp", &["2001:db8::1"])]
        ));
        assert!(holds(
            "IpAddress",
            "aws:SourceIp",
            &["203.0.113.7"],
            &[("aws:SourceIp", &["203.0.113.7"])]
        ));
        assert!(holds(
            "NotIpAddress",
            "aws:SourceIp",
            &["10.0.0.0/8"],
            &[("aws:SourceIp", &["203.0.113.7"])]
        ));
        assert!(holds("Null", "k", &["true"], &[]));
        assert!(!holds("Null", "k", &["true"], &[("k", &["v"])]));
        assert!(holds("Null", "k", &["false"], &[("k", &["v"])]));
    }

    #[test]
    fn arn_operators_match_field_by_field() {
        let k = "aws:PrincipalArn";
        assert!(holds(
            "ArnLike",
            k,
            &["arn:aws:iam::*:role/your-emergency-role"],
            &[(k, &["arn:aws:iam::111122223333:role/your-emergency-role"])]
        ));
        assert!(holds(
            "ArnEquals",
            k,
            &["arn:aws:iam::*:role/*"],
            &[(k, &["arn:aws:iam::111122223333:role/a/b"])]
        ));
        // AWS's example: a `*` in one field does not reach across a colon into the next.
        let pattern = "arn:aws:someservice:*:111122223333:finance/*";
        let value = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
        assert!(!holds("ArnLike", k, &[pattern], &[(k, &[value])]));
        assert!(holds("StringLike", k, &[pattern], &[(k, &[value])]));
        // Seed 001: an ARN-typed key compared with a bare account id never matches.
        assert!(!holds(
            "StringEquals",
            k,
            &["111122223333"],
            &[(k, &["arn:aws:iam::111122223333:role/AppRole"])]
        ));
    }

    #[test]
    fn set_qualifiers() {
        let k = "aws:TagKeys";
        assert!(holds(
            "ForAllValues:StringEquals",
            k,
            &["team", "env"],
            &[(k, &["team", "env"])]
        ));
        assert!(!holds(
            "ForAllValues:StringEquals",
            k,
            &["team"],
            &[(k, &["team", "env"])]
        ));
        assert!(holds("ForAllValues:StringEquals", k, &["team"], &[]));
        assert!(holds(
            "ForAnyValue:StringEquals",
            k,
            &["env"],
            &[(k, &["team", "env"])]
        ));
        assert!(!holds("ForAnyValue:StringEquals", k, &["env"], &[]));
        assert!(holds(
            "ForAnyValue:StringNotEquals",
            k,
            &["team"],
            &[(k, &["team", "env"])]
        ));
        assert!(!holds(
            "ForAllValues:StringNotEquals",
            k,
            &["team"],
            &[(k, &["team", "env"])]
        ));
    }

    #[test]
    fn values_that_cannot_be_read_never_match() {
        assert_eq!(
            Operand::parse(K::IpAddress, "10.0.0.0/33", true),
            Operand::Invalid
        );
        assert_eq!(
            Operand::parse(K::NumericEquals, "NaN", true),
            Operand::Invalid
        );
        assert_eq!(
            Operand::parse(K::DateEquals, "yesterday", true),
            Operand::Invalid
        );
        assert!(!holds("NumericEquals", "n", &["x"], &[("n", &["1"])]));
    }
}
