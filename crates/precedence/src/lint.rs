//! Findings that depend on the policy's type: where `Principal` belongs and the rules AWS
//! documents for RCPs and VPC endpoint policies; each policy's size limit ([`size`]) and
//! repeated `Sid`s ([`duplicate_sids`]) depend on where it sits too.

pub mod duplicate_sids;
pub mod size;
pub mod with_catalog;

use crate::condition::{Operand, ValueType};
use crate::finding::{sort_by_position, Finding, Severity};
use crate::policy::{Effect, MatchList, Policy, PolicyType, PolicyVersion, Statement};
use crate::scenario::EndpointType;
use crate::span::Span;

/// Keys whose values are identifiers AWS generates; endpoint policies may not match them with
/// wildcards or numeric operators.
const SYSTEM_ID_KEYS: [&str; 10] = [
    "aws:principalaccount",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:resourceaccount",
    "aws:principalorgid",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:resourceorgid",
    "aws:vpceaccount",
    "aws:vpceorgid",
];

/// Check a parsed policy against the rules of its type.
pub fn check(
    policy: &Policy,
    policy_type: PolicyType,
    endpoint_type: EndpointType,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    // AWS's own endpoint policies (the default one included) are written without a Version.
    if policy.version == PolicyVersion::Absent && policy_type != PolicyType::Endpoint {
        findings.push(Finding::new(
            "missing-version",
            Severity::Suggestion,
            "the policy has no `Version`, so it is read as the 2008-10-17 language, where policy variables such as `${aws:username}` are plain text",
            "add \"Version\": \"2012-10-17\" at the top of the policy",
            Span::new(policy.span.start, policy.span.start + 1),
        ));
    }
    for statement in &policy.statements {
        // Only a role's trust policy (a resource-based policy) may leave `Resource` out.
        if statement.resource.is_none() && policy_type != PolicyType::Resource {
            findings.push(Finding::new(
                "missing-resource",
                Severity::Error,
                format!("statement `{}` has no `Resource` or `NotResource`", statement.label()),
                "add \"Resource\"; only a role's trust policy leaves it out, and Precedence reads this statement as applying to every resource",
                Span::new(statement.span.start, statement.span.start + 1),
            ));
        }
        principal_placement(statement, policy_type, endpoint_type, &mut findings);
        negations_with_allow(statement, &mut findings);
        null_with_qualifier(statement, &mut findings);
        match policy_type {
            PolicyType::Rcp => rcp_rules(statement, &mut findings),
            PolicyType::Endpoint => endpoint_rules(statement, &mut findings),
            _ => {}
        }
    }
    sort_by_position(&mut findings);
    findings
}

fn principal_placement(
    statement: &Statement,
    policy_type: PolicyType,
    endpoint_type: EndpointType,
    findings: &mut Vec<Finding>,
) {
    let label = statement.label();
    match (&statement.principal, policy_type.takes_principal()) {
        (Some(principal), false) => findings.push(Finding::new(
            "principal-not-allowed",
            Severity::Error,
            format!(
                "statement `{label}` has a `{}` element, which a {} cannot have",
                if principal.negated { "NotPrincipal" } else { "Principal" },
                policy_type.title()
            ),
            "remove it: the policy applies to the principal it is attached to; AWS rejects it, and Precedence ignores it",
            principal.span,
        )),
        (None, true) => findings.push(missing_principal(&label, policy_type, statement.span)),
        (Some(principal), true)
            if policy_type == PolicyType::Endpoint
                && endpoint_type == EndpointType::Gateway
                && !is_everyone(principal) =>
        {
            findings.push(Finding::new(
                "gateway-endpoint-principal",
                Severity::Warning,
                format!("statement `{label}` names specific principals, but a gateway endpoint policy must use \"Principal\": \"*\""),
                "write \"Principal\": \"*\" and restrict callers with a condition on `aws:PrincipalArn` (AWS PrivateLink guide, endpoint policies); Precedence evaluates the principals as written",
                principal.span,
            ));
        }
        _ => {}
    }
}

/// The finding for statement `label` (at `span`) of a policy of `policy_type`, which needs a
/// `Principal`, written without one.
pub(crate) fn missing_principal(label: &str, policy_type: PolicyType, span: Span) -> Finding {
    Finding::new(
        "missing-principal",
        Severity::Error,
        format!(
            "statement `{label}` has no `Principal`, which a {} requires",
            policy_type.title()
        ),
        "add \"Principal\": \"*\" and narrow it with conditions; this statement is left out of evaluation",
        Span::new(span.start, span.start + 1),
    )
}

fn is_everyone(principal: &crate::policy::PrincipalSet) -> bool {
    !principal.negated && principal.ids.iter().all(|id| id.value == "*")
}

fn negations_with_allow(statement: &Statement, findings: &mut Vec<Finding>) {
    if statement.effect != Effect::Allow {
        return;
    }
    if let Some(principal) = statement.principal.as_ref().filter(|p| p.negated) {
        findings.push(Finding::new(
            "allow-with-not-principal",
            Severity::SecurityWarning,
            format!("statement `{}` allows everyone except the listed principals", statement.label()),
            "name the principals to allow in `Principal` instead; `NotPrincipal` with `Allow` grants access to anyone not listed, anonymous callers included",
            principal.span,
        ));
    }
    if let Some(resource) = statement.resource.as_ref().filter(|r| r.negated) {
        findings.push(Finding::new(
            "allow-with-not-resource",
            Severity::SecurityWarning,
            format!("statement `{}` allows every resource except the listed ones", statement.label()),
            "list the resources to allow in `Resource` instead; `NotResource` with `Allow` also grants resources created later",
            resource.span,
        ));
    }
}

fn null_with_qualifier(statement: &Statement, findings: &mut Vec<Finding>) {
    for condition in &statement.conditions {
        if condition.operator.kind.value_type() == ValueType::Null
            && condition.operator.qualifier.is_some()
        {
            findings.push(Finding::new(
                "null-with-qualifier",
                Severity::Warning,
                format!(
                    "`{}` tests only whether the key is present; the set qualifier has no effect",
                    condition.operator_text
                ),
                "write plain `Null`",
                condition.span,
            ));
        }
    }
}

fn rcp_rules(statement: &Statement, findings: &mut Vec<Finding>) {
    let label = statement.label();
    if let Some(principal) = &statement.principal {
        if principal.negated || !is_everyone(principal) {
            findings.push(Finding::new(
                "rcp-principal",
                Severity::Error,
                format!("statement `{label}`: an RCP must use \"Principal\": \"*\""),
                "write \"Principal\": \"*\" and restrict principals with conditions such as `aws:PrincipalOrgID`",
                principal.span,
            ));
        }
    }
    if statement.action.negated {
        findings.push(Finding::new(
            "rcp-not-action",
            Severity::Error,
            format!("statement `{label}`: RCPs do not support `NotAction`"),
            "list the actions in `Action`",
            statement.action.span,
        ));
    }
    if statement.effect == Effect::Allow && !is_rcp_full_aws_access(statement) {
        findings.push(Finding::new(
            "rcp-allow",
            Severity::Warning,
            format!("statement `{label}` allows, but only AWS's RCPFullAWSAccess may use `Allow` in an RCP"),
            "RCPs only restrict: write `Deny` statements; RCPFullAWSAccess is always attached, so an Allow here changes nothing",
            Span::new(statement.span.start, statement.span.start + 1),
        ));
    }
}

/// Whether the statement is RCPFullAWSAccess's own: Allow `*` to `*` on `*`, unconditionally
/// (AWS attaches it everywhere; written out in a scenario, it changes nothing and is no mistake).
fn is_rcp_full_aws_access(statement: &Statement) -> bool {
    let everything = |list: &MatchList| {
        !list.negated && list.patterns.len() == 1 && list.patterns[0].value.is_match_all()
    };
    let everyone = statement
        .principal
        .as_ref()
        .is_some_and(|set| !set.negated && set.ids.len() == 1 && set.ids[0].value == "*");
    everything(&statement.action)
        && statement.resource.as_ref().is_some_and(everything)
        && everyone
        && statement.conditions.is_empty()
}

fn endpoint_rules(statement: &Statement, findings: &mut Vec<Finding>) {
    for condition in &statement.conditions {
        let numeric = condition.operator.kind.value_type() == ValueType::Numeric;
        for (operand, text, span) in &condition.values {
            let wildcard = matches!(operand, Operand::Text(p) if p.has_wildcard());
            if SYSTEM_ID_KEYS.contains(&condition.key_lower.as_str()) && (wildcard || numeric) {
                findings.push(Finding::new(
                    "endpoint-system-id-wildcard",
                    Severity::Error,
                    format!("`{}` holds an identifier AWS generates; an endpoint policy cannot match it with {}", condition.key, if numeric { "a numeric operator" } else { "wildcards" }),
                    "list the exact identifiers with StringEquals",
                    *span,
                ));
            } else if wildcard
                && condition.operator.kind.value_type() == ValueType::String
                && !has_six_characters_around_each_wildcard(text)
            {
                findings.push(Finding::new(
                    "endpoint-short-wildcard",
                    Severity::Error,
                    format!("`{text}`: in an endpoint policy each wildcard needs at least six consecutive characters before or after it"),
                    "spell out more of the value around the wildcard",
                    *span,
                ));
            }
            if condition.operator.kind.value_type() == ValueType::Arn || text.starts_with("arn:") {
                arn_account_rule(text, *span, findings);
            }
        }
    }
    if let Some(resource) = &statement.resource {
        for pattern in &resource.patterns {
            arn_account_rule(&pattern.text, pattern.span, findings);
        }
    }
}

/// Whether every `*`/`?` has a run of at least six non-wildcard characters on one side.
fn has_six_characters_around_each_wildcard(text: &str) -> bool {
    if text == "*" {
        return true;
    }
    let chars: Vec<char> = text.chars().collect();
    let is_wild = |c: &char| *c == '*' || *c == '?';
    chars
        .iter()
        .enumerate()
        .filter(|(_, c)| is_wild(c))
        .all(|(i, _)| {
            let before = chars[..i].iter().rev().take_while(|c| !is_wild(c)).count();
            let after = chars[i + 1..].iter().take_while(|c| !is_wild(c)).count();
            before >= 6 || after >= 6
        })
}

fn arn_account_rule(text: &str, span: Span, findings: &mut Vec<Finding>) {
    let Some(account) = text.split(':').nth(4) else {
        return;
    };
    let has_wildcard = account.contains(['*', '?']);
    let has_digit = account.bytes().any(|b| b.is_ascii_digit());
    if has_wildcard && has_digit {
        findings.push(Finding::new(
            "endpoint-arn-account",
            Severity::Error,
            format!(
                "the account field `{account}` of `{text}` mixes an account id with a wildcard"
            ),
            "in an endpoint policy, write either the full 12-digit account id or `*`",
            span,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_policy;

    fn codes(
        text: &str,
        policy_type: PolicyType,
        endpoint_type: EndpointType,
    ) -> Vec<&'static str> {
        let policy = parse_policy(text).policy.unwrap();
        check(&policy, policy_type, endpoint_type)
            .iter()
            .map(|f| f.code)
            .collect()
    }

    const GATEWAY: EndpointType = EndpointType::Gateway;

    #[test]
    fn only_a_trust_policy_leaves_out_resource() {
        let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}"#;
        assert!(codes(trust, PolicyType::Resource, GATEWAY).is_empty());
        assert!(codes(trust, PolicyType::Rcp, GATEWAY).contains(&"missing-resource"));
        assert_eq!(
            codes(trust, PolicyType::Identity, GATEWAY),
            ["missing-resource", "principal-not-allowed"]
        );
    }

    #[test]
    fn principal_belongs_only_to_some_types() {
        let with = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#;
        let without = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
        assert_eq!(
            codes(with, PolicyType::Scp, GATEWAY),
            ["principal-not-allowed"]
        );
        assert_eq!(
            codes(without, PolicyType::Resource, GATEWAY),
            ["missing-principal"]
        );
        assert!(codes(with, PolicyType::Endpoint, GATEWAY).is_empty());
        assert!(codes(without, PolicyType::Identity, GATEWAY).is_empty());
    }

    #[test]
    fn gateway_endpoints_want_principal_star() {
        let named = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:role/AppRole"]},"Action":"s3:*","Resource":"*"}]}"#;
        assert_eq!(
            codes(named, PolicyType::Endpoint, GATEWAY),
            ["gateway-endpoint-principal"]
        );
        assert!(codes(named, PolicyType::Endpoint, EndpointType::Interface).is_empty());
    }

    #[test]
    fn endpoint_condition_rules() {
        let policy = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:us-east-1:1111*:x",
            "Condition":{"StringLike":{"aws:SourceVpc":"vpc-*","aws:PrincipalTag/team":"ab*"}}}]}"#;
        assert_eq!(
            codes(policy, PolicyType::Endpoint, GATEWAY),
            [
                "endpoint-arn-account",
                "endpoint-system-id-wildcard",
                "endpoint-short-wildcard"
            ]
        );
        assert!(has_six_characters_around_each_wildcard(
            "arn:aws:iam::*:role/your-emergency-role"
        ));
        assert!(!has_six_characters_around_each_wildcard("abc*def"));
    }

    #[test]
    fn rcp_rules_and_negations() {
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"NotAction":"s3:Get*","NotResource":"arn:aws:s3:::b/*"}]}"#;
        let found = codes(policy, PolicyType::Rcp, GATEWAY);
        let full = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
        assert!(
            !codes(full, PolicyType::Rcp, GATEWAY).contains(&"rcp-allow"),
            "RCPFullAWSAccess itself"
        );
        for code in [
            "rcp-principal",
            "rcp-not-action",
            "rcp-allow",
            "allow-with-not-principal",
            "allow-with-not-resource",
        ] {
            assert!(found.contains(&code), "{code} missing from {found:?}");
        }
    }
}
