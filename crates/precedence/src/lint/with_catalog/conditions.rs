//! Condition keys nobody defines, operators that do not fit a key's type, and values a key can
//! never hold.

use crate::catalog::{closest, Action, Catalog, KeyType, ScalarType};
use crate::condition::{Condition, Operand, OperatorKind, ValueType};
use crate::finding::{did_you_mean, Finding, Severity};
use crate::policy::Statement;
use crate::principal::is_account_id;
use crate::span::Span;

use super::ActionScope;

/// Check each condition of the statement.
pub fn check(
    statement: &Statement,
    scope: &ActionScope<'_>,
    catalog: &Catalog,
    findings: &mut Vec<Finding>,
) {
    for condition in &statement.conditions {
        match key_type(&condition.key, scope, catalog) {
            Lookup::Found(key_type) => {
                operator_fits(condition, key_type, findings);
                values_fit(condition, key_type, findings);
            }
            Lookup::Unknown { candidates } => unknown_key(condition, &candidates, findings),
            Lookup::NotKnowable => {}
        }
    }
}

/// What the catalog says of a key where a statement uses it.
enum Lookup {
    /// The key and its type.
    Found(KeyType),
    /// Neither the global keys nor the statement's services define it; the keys it might
    /// have meant to be.
    Unknown { candidates: Vec<String> },
    /// The key may belong to a service the catalog does not know: say nothing.
    NotKnowable,
}

fn key_type(key: &str, scope: &ActionScope<'_>, catalog: &Catalog) -> Lookup {
    if let Some(global) = catalog.global_key(key) {
        return Lookup::Found(global.key_type());
    }
    let Some((prefix, _)) = key.split_once(':') else {
        return Lookup::Unknown {
            candidates: Vec::new(),
        };
    };
    match scope {
        ActionScope::UnknownService => Lookup::NotKnowable,
        ActionScope::Known { actions, services } => {
            if let Some(found) = services
                .iter()
                .find_map(|service| service.condition_key(key))
            {
                return Lookup::Found(found.key_type());
            }
            if is_oidc_claim_key(key) && actions.iter().any(is_assume_role_with_web_identity) {
                return Lookup::Found(KeyType {
                    scalar: ScalarType::String,
                    is_array: false,
                });
            }
            let mut candidates: Vec<String> = services
                .iter()
                .flat_map(|service| service.condition_keys().map(|k| k.name().to_owned()))
                .collect();
            candidates.extend(catalog.global_keys().map(|k| k.name().to_owned()));
            Lookup::Unknown { candidates }
        }
        // Any service's actions: the key belongs to the service its prefix names.
        ActionScope::AnyService => {
            if prefix.eq_ignore_ascii_case("aws") {
                return Lookup::Unknown {
                    candidates: catalog.global_keys().map(|k| k.name().to_owned()).collect(),
                };
            }
            let Some(service) = catalog.service(prefix) else {
                return Lookup::NotKnowable;
            };
            match service.condition_key(key) {
                Some(found) => Lookup::Found(found.key_type()),
                None => Lookup::Unknown {
                    candidates: service
                        .condition_keys()
                        .map(|k| k.name().to_owned())
                        .collect(),
                },
            }
        }
    }
}

/// The claims of an OIDC token that `sts:AssumeRoleWithWebIdentity` passes on as keys named
/// after any provider's URL, not only the providers the catalog lists: IAM User Guide,
/// "Available keys for AWS OIDC federation"
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>),
/// and the trust policies of "Create a role for OpenID Connect federation"
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html>).
const OIDC_CLAIMS: [&str; 5] = ["aud", "sub", "amr", "oaud", "email"];

/// Whether `key` is `PROVIDER-URL:CLAIM`, the URL without `https://`
/// (`token.actions.githubusercontent.com:sub`,
/// `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:aud`) and the claim one of [`OIDC_CLAIMS`].
fn is_oidc_claim_key(key: &str) -> bool {
    let Some((url, claim)) = key.split_once(':') else {
        return false;
    };
    let host = url.split('/').next().unwrap_or_default();
    host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !url.contains(|c: char| c.is_whitespace() || matches!(c, '$' | '{' | '}' | '*' | '?'))
        && OIDC_CLAIMS
            .iter()
            .any(|known| claim.eq_ignore_ascii_case(known))
}

fn is_assume_role_with_web_identity(action: &Action<'_>) -> bool {
    action.service().prefix().eq_ignore_ascii_case("sts")
        && action
            .name()
            .eq_ignore_ascii_case("AssumeRoleWithWebIdentity")
}

/// Where the key is written: the start of the condition's span, quotes included.
fn key_span(condition: &Condition) -> Span {
    let end = (condition.span.start + condition.key.len() + 2).min(condition.span.end);
    Span::new(condition.span.start, end)
}

fn unknown_key(condition: &Condition, candidates: &[String], findings: &mut Vec<Finding>) {
    let key = &condition.key;
    let near = closest_keys(key, candidates);
    findings.push(Finding::new(
        "unknown-condition-key",
        Severity::Warning,
        format!(
            "neither the global condition keys nor the services of this statement's actions define `{key}`, so requests never carry it"
        ),
        did_you_mean(&near).unwrap_or_else(|| {
            "check the key's spelling and prefix against AWS's global condition keys and the service's own keys".to_owned()
        }),
        key_span(condition),
    ));
}

/// Up to three of `candidates` closest to `key` (templates such as `aws:ResourceTag/${TagKey}`
/// left out: they are no spelling to suggest), each once.
fn closest_keys(key: &str, candidates: &[String]) -> Vec<String> {
    // Each name once, whatever its case (`closest` orders them).
    let mut named: Vec<(&String, String)> = Vec::new();
    for candidate in candidates {
        let lower = candidate.to_ascii_lowercase();
        if !candidate.contains("${")
            && !candidate.contains('<')
            && !named.iter().any(|(_, seen)| *seen == lower)
        {
            named.push((candidate, lower));
        }
    }
    closest(
        named.iter().map(|(name, lower)| (*name, lower.as_str())),
        key,
        3,
    )
    .into_iter()
    .cloned()
    .collect()
}

/// Whether the operator compares the kind of value the key holds.
fn operator_fits(condition: &Condition, key_type: KeyType, findings: &mut Vec<Finding>) {
    let operator = condition.operator.kind;
    let fits = match (key_type.scalar, operator.value_type()) {
        (_, ValueType::Null | ValueType::Binary) => true,
        // ARN operators on text keys are left alone: several keys typed String hold ARNs.
        (ScalarType::String, ValueType::String | ValueType::Arn | ValueType::Bool) => true,
        (ScalarType::Arn, ValueType::String | ValueType::Arn) => true,
        (ScalarType::Bool, ValueType::Bool) => true,
        (ScalarType::Numeric, ValueType::Numeric) => true,
        (ScalarType::Date, ValueType::Date) => true,
        (ScalarType::IpAddress, ValueType::Ip) => true,
        _ => false,
    };
    if fits {
        return;
    }
    findings.push(Finding::new(
        "condition-operator-mismatch",
        Severity::Warning,
        format!(
            "`{}` {}, but `{}` holds {}",
            condition.operator_text,
            compares(operator.value_type()),
            condition.key,
            holds(key_type.scalar),
        ),
        format!(
            "use {} for `{}`",
            operators_for(key_type.scalar),
            condition.key
        ),
        key_span(condition),
    ));
}

fn compares(value_type: ValueType) -> &'static str {
    match value_type {
        ValueType::String | ValueType::Binary | ValueType::Null => "compares text",
        ValueType::Numeric => "compares numbers",
        ValueType::Date => "compares dates",
        ValueType::Bool => "compares `true`/`false`",
        ValueType::Ip => "compares IP addresses",
        ValueType::Arn => "compares ARNs",
    }
}

fn holds(scalar: ScalarType) -> &'static str {
    match scalar {
        ScalarType::String => "text",
        ScalarType::Arn => "ARNs",
        ScalarType::Bool => "`true` or `false`",
        ScalarType::Numeric => "numbers",
        ScalarType::Date => "dates",
        ScalarType::IpAddress => "IP addresses",
    }
}

fn operators_for(scalar: ScalarType) -> &'static str {
    match scalar {
        ScalarType::String => "a String operator (`StringEquals`, `StringLike`…)",
        ScalarType::Arn => "an ARN operator (`ArnEquals`, `ArnLike`…)",
        ScalarType::Bool => "`Bool`",
        ScalarType::Numeric => "a Numeric operator (`NumericEquals`, `NumericLessThan`…)",
        ScalarType::Date => "a Date operator (`DateGreaterThan`, `DateLessThan`…)",
        ScalarType::IpAddress => "`IpAddress` or `NotIpAddress`",
    }
}

/// Values an ARN-typed key can never equal or be like: text that is no ARN.
fn values_fit(condition: &Condition, key_type: KeyType, findings: &mut Vec<Finding>) {
    let operator = condition.operator.kind;
    if key_type.scalar != ScalarType::Arn
        || !matches!(operator.value_type(), ValueType::String | ValueType::Arn)
    {
        return;
    }
    for (operand, text, span) in &condition.values {
        let Operand::Text(_) = operand else {
            continue;
        };
        if could_be_arn(text, operator) {
            continue;
        }
        let outcome = if operator.is_negated() {
            "this condition is true for every request"
        } else {
            "this condition is never true"
        };
        findings.push(Finding::new(
            "condition-value-never-matches",
            Severity::Warning,
            format!(
                "`{}` holds ARNs, which start with `arn:`, so it never matches `{text}`: {outcome}",
                condition.key
            ),
            better_key(&condition.key, text),
            *span,
        ));
    }
}

/// Whether some ARN could be `text` under `operator`: its start reads `arn:`, where a
/// wildcard (for operators that take them) stands for anything and a policy variable for
/// whatever it turns out to be.
fn could_be_arn(text: &str, operator: OperatorKind) -> bool {
    let wildcards = operator.uses_wildcards();
    let mut chars = text.chars();
    for expected in "arn:".chars() {
        match chars.next() {
            Some('*') if wildcards => return true,
            Some('?') if wildcards => {}
            Some('$') if chars.as_str().starts_with('{') => return true,
            Some(found) if found.eq_ignore_ascii_case(&expected) => {}
            _ => return false,
        }
    }
    true
}

/// Advice for a non-ARN value: the key that holds what the value is.
fn better_key(key: &str, value: &str) -> String {
    let is_account = is_account_id(value);
    let account_key = match key.to_ascii_lowercase().as_str() {
        "aws:principalarn" => Some("aws:PrincipalAccount"),
        "aws:sourcearn" => Some("aws:SourceAccount"),
        _ => None,
    };
    match (is_account, account_key) {
        (true, Some(account_key)) => format!(
            "to match the account {value}, compare `{account_key}` instead: \"{account_key}\": \"{value}\""
        ),
        (true, None) => format!(
            "write a full ARN, e.g. with `ArnLike` and `arn:aws:*:*:{value}:*`"
        ),
        _ => "write a full ARN such as `arn:aws:iam::111122223333:role/name`, with wildcards and `ArnLike` where parts vary".to_owned(),
    }
}
