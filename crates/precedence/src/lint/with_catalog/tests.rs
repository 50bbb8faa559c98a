//! One small policy per finding code, and policies that must stay free of findings.

use std::sync::OnceLock;

use super::check;
use crate::catalog::Catalog;
use crate::parse::parse_policy;

/// The committed data file, read once.
fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::parse(include_str!("../../../data/catalog.txt")).expect("the data file parses")
    })
}

/// A policy with one statement of `body` (JSON members after `"Effect"`).
fn policy(body: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", {body}}}]}}"#)
}

/// `(code, the text the finding points at, message, help)` for each finding.
fn findings(text: &str) -> Vec<(&'static str, String, String, String)> {
    let parsed = parse_policy(text);
    let policy = parsed.policy.expect("the policy parses");
    check(&policy, catalog())
        .into_iter()
        .map(|finding| {
            let at = text[finding.span.start..finding.span.end].to_owned();
            (finding.code, at, finding.message, finding.help)
        })
        .collect()
}

fn codes(text: &str) -> Vec<(&'static str, String)> {
    findings(text)
        .into_iter()
        .map(|(code, at, _, _)| (code, at))
        .collect()
}

/// The one finding `text` has, as `(code, at, message, help)`.
fn only_finding(text: &str) -> (&'static str, String, String, String) {
    let mut found = findings(text);
    assert_eq!(found.len(), 1, "{found:?}");
    found.remove(0)
}

#[test]
fn known_actions_and_patterns_are_fine() {
    let text = policy(
        r#""Action": ["dynamodb:GetItem", "dynamodb:batch*", "s3:?etObject", "*:Describe*", "*"], "Resource": "*""#,
    );
    assert_eq!(codes(&text), []);
}

#[test]
fn an_unknown_service_prefix_is_reported_with_the_closest_prefixes() {
    let text = policy(r#""Action": "dynamo:GetItem", "Resource": "*""#);
    let (code, at, message, help) = only_finding(&text);
    assert_eq!(
        (code, at.as_str()),
        ("unknown-service", "\"dynamo:GetItem\"")
    );
    assert!(message.contains("`dynamo`"), "{message}");
    assert!(help.contains("`dynamodb:GetItem`"), "{help}");
}

#[test]
fn an_unknown_action_is_reported_with_the_closest_names() {
    let text = policy(r#""Action": ["dynamodb:GetItems"], "Resource": "*""#);
    let (code, at, _, help) = only_finding(&text);
    assert_eq!(
        (code, at.as_str()),
        ("unknown-action", "\"dynamodb:GetItems\"")
    );
    assert!(help.contains("`dynamodb:GetItem`"), "{help}");
}

#[test]
fn a_pattern_that_matches_nothing_is_reported() {
    let text = policy(r#""Action": ["dynamodb:Gett*", "nosuch*:Get*"], "Resource": "*""#);
    let found = codes(&text);
    assert_eq!(
        found,
        [
            ("action-matches-nothing", "\"dynamodb:Gett*\"".to_owned()),
            ("action-matches-nothing", "\"nosuch*:Get*\"".to_owned()),
        ]
    );
}

#[test]
fn not_action_typos_are_reported_too() {
    let text = policy(r#""NotAction": "s3:GetObjekt", "Resource": "*""#);
    assert_eq!(
        codes(&text),
        [("unknown-action", "\"s3:GetObjekt\"".to_owned())]
    );
}

#[test]
fn resources_that_no_action_has_are_reported() {
    // DynamoDB actions on an S3 bucket: no DynamoDB resource type looks like that.
    let text = policy(r#""Action": "dynamodb:GetItem", "Resource": "arn:aws:s3:::my-bucket/*""#);
    let (code, at, _, help) = only_finding(&text);
    assert_eq!(
        (code, at.as_str()),
        ("resource-fits-no-action", "\"arn:aws:s3:::my-bucket/*\"")
    );
    assert!(help.contains("dynamodb `table`"), "{help}");
}

#[test]
fn one_fitting_resource_is_enough() {
    let text = policy(
        r#""Action": "dynamodb:GetItem", "Resource": ["arn:aws:s3:::b", "arn:aws:dynamodb:*:*:table/${aws:username}"]"#,
    );
    assert_eq!(codes(&text), []);
}

#[test]
fn an_action_without_resource_types_given_specific_arns_is_reported() {
    let text = policy(
        r#""Action": ["s3:ListAllMyBuckets", "s3:GetObject"], "Resource": "arn:aws:s3:::bucket/*""#,
    );
    assert_eq!(
        codes(&text),
        [(
            "action-needs-all-resources",
            "\"s3:ListAllMyBuckets\"".to_owned()
        )]
    );
}

#[test]
fn condition_keys_nobody_defines_are_reported() {
    let text = policy(
        r#""Action": "dynamodb:GetItem", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpcId": "vpc-1", "s3:prefix": "home/"}}"#,
    );
    let found = findings(&text);
    let summary: Vec<(&str, &str)> = found
        .iter()
        .map(|(code, at, _, _)| (*code, at.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("unknown-condition-key", "\"aws:SourceVpcId\""),
            ("unknown-condition-key", "\"s3:prefix\""),
        ]
    );
    assert!(found[0].3.contains("`aws:SourceVpc`"), "{}", found[0].3);
}

#[test]
fn service_keys_are_known_where_the_statement_uses_the_service_or_any_service() {
    let own = policy(
        r#""Action": "dynamodb:Query", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["a"], "aws:ResourceTag/team": "x"}}"#,
    );
    assert_eq!(codes(&own), []);
    let any = policy(
        r#""Action": "*", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*", "ec2:ResourceTag/env": "prod"}}"#,
    );
    assert_eq!(codes(&any), []);
    let misspelt = policy(
        r#""Action": "*", "Resource": "*", "Condition": {"StringLike": {"s3:prefixx": "home/*"}}"#,
    );
    assert_eq!(
        codes(&misspelt),
        [("unknown-condition-key", "\"s3:prefixx\"".to_owned())]
    );
}

#[test]
fn keys_of_services_the_catalog_does_not_know_are_left_alone() {
    let text = policy(
        r#""Action": "*", "Resource": "*", "Condition": {"StringEquals": {"madeupservice:Key": "x"}}"#,
    );
    assert_eq!(codes(&text), []);
}

#[test]
fn operators_that_do_not_fit_the_key_type_are_reported() {
    let text = policy(
        r#""Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:CurrentTime": "2026-01-01"}, "StringLike": {"aws:MultiFactorAuthAge": "3*"}, "NumericLessThan": {"aws:SourceVpc": "3"}}"#,
    );
    let found = findings(&text);
    let summary: Vec<(&str, &str)> = found
        .iter()
        .map(|(code, at, _, _)| (*code, at.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("condition-operator-mismatch", "\"aws:CurrentTime\""),
            ("condition-operator-mismatch", "\"aws:MultiFactorAuthAge\""),
            ("condition-operator-mismatch", "\"aws:SourceVpc\""),
        ]
    );
    assert!(found[0].2.contains("holds dates"), "{}", found[0].2);
    assert!(found[0].3.contains("DateGreaterThan"), "{}", found[0].3);
}

#[test]
fn fitting_operators_are_fine() {
    let text = policy(
        r#""Action": "*", "Resource": "*", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2026-01-01"}, "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}, "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}, "StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:root"}, "Bool": {"aws:SecureTransport": "true"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, "Null": {"aws:CurrentTime": "false"}}"#,
    );
    assert_eq!(codes(&text), []);
}

#[test]
fn an_account_id_compared_with_principal_arn_never_matches() {
    // Seed 001's "AllowAccessFromAccount".
    let text = policy(
        r#""Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalArn": "111122223333"}}"#,
    );
    let (code, at, message, help) = only_finding(&text);
    assert_eq!(
        (code, at.as_str()),
        ("condition-value-never-matches", "\"111122223333\"")
    );
    assert!(message.contains("never true"), "{message}");
    assert!(help.contains("`aws:PrincipalAccount`"), "{help}");
}

#[test]
fn a_negated_condition_with_a_value_that_never_matches_is_always_true() {
    let text = policy(
        r#""Action": "*", "Resource": "*", "Condition": {"ArnNotLike": {"aws:SourceArn": "111122223333"}}"#,
    );
    let found = findings(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].2.contains("true for every request"),
        "{}",
        found[0].2
    );
    assert!(found[0].3.contains("`aws:SourceAccount`"), "{}", found[0].3);
}

#[test]
fn values_that_could_be_arns_are_fine() {
    let text = policy(
        r#""Action": "*", "Resource": "*", "Condition": {"ArnLike": {"aws:PrincipalArn": ["*:role/x", "a?n:aws:*", "${aws:SourceArn}", "ARN:aws:iam::1:root"]}}"#,
    );
    assert_eq!(codes(&text), []);
    let literal_wildcard = policy(
        r#""Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalArn": "*"}}"#,
    );
    assert_eq!(
        codes(&literal_wildcard),
        [("condition-value-never-matches", "\"*\"".to_owned())]
    );
}

/// A trust policy statement (no `Resource`, as AWS writes them) letting `federated` assume the
/// role with `action`, under `conditions`.
fn trust(federated: &str, action: &str, conditions: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Federated": "{federated}"}}, "Action": "{action}", "Condition": {conditions}}}]}}"#
    )
}

#[test]
fn web_identity_and_saml_keys_in_trust_policies_are_known() {
    let web = "sts:AssumeRoleWithWebIdentity";
    for (federated, conditions) in [
        (
            "accounts.google.com",
            r#"{"StringEquals": {"accounts.google.com:aud": "1234.apps.googleusercontent.com", "accounts.google.com:sub": "110000000000000000001", "accounts.google.com:oaud": "x"}}"#,
        ),
        (
            "cognito-identity.amazonaws.com",
            r#"{"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}"#,
        ),
        (
            "graph.facebook.com",
            r#"{"StringEquals": {"graph.facebook.com:app_id": "1234"}}"#,
        ),
        (
            "www.amazon.com",
            r#"{"StringEquals": {"www.amazon.com:app_id": "amzn1.application-oa2-client.1"}}"#,
        ),
        // IAM OIDC providers: the provider's URL is the keys' prefix, whatever the provider.
        (
            "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
            r#"{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*"}}"#,
        ),
        (
            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
            r#"{"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com", "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:default:app"}}"#,
        ),
        (
            "arn:aws:iam::111122223333:oidc-provider/idp.example.com/tenant",
            r#"{"StringEquals": {"idp.example.com/tenant:aud": "app", "idp.example.com/tenant:email": "a@example.com"}, "ForAnyValue:StringEquals": {"idp.example.com/tenant:amr": "mfa"}}"#,
        ),
    ] {
        assert_eq!(codes(&trust(federated, web, conditions)), [], "{federated}");
    }
    let saml = trust(
        "arn:aws:iam::111122223333:saml-provider/ExampleIdP",
        "sts:AssumeRoleWithSAML",
        r#"{"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml", "saml:iss": "https://idp.example.com/", "saml:sub": "alice", "saml:sub_type": "persistent"}}"#,
    );
    assert_eq!(codes(&saml), []);
}

#[test]
fn misspelt_or_misplaced_provider_keys_are_still_reported() {
    // A claim AWS does not pass on, under a provider's URL.
    let github = trust(
        "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
        "sts:AssumeRoleWithWebIdentity",
        r#"{"StringEquals": {"token.actions.githubusercontent.com:repositoryy": "octo-org/octo-repo"}}"#,
    );
    let (code, at, _, help) = only_finding(&github);
    assert_eq!(
        (code, at.as_str()),
        (
            "unknown-condition-key",
            "\"token.actions.githubusercontent.com:repositoryy\""
        )
    );
    assert!(
        help.contains("`token.actions.githubusercontent.com:repository`"),
        "{help}"
    );
    let saml = trust(
        "arn:aws:iam::111122223333:saml-provider/ExampleIdP",
        "sts:AssumeRoleWithSAML",
        r#"{"StringEquals": {"saml:audience": "https://signin.aws.amazon.com/saml"}}"#,
    );
    assert_eq!(
        codes(&saml),
        [("unknown-condition-key", "\"saml:audience\"".to_owned())]
    );
    // The token's claims are keys of the call that presents it, not of other actions.
    let elsewhere = policy(
        r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"}}"#,
    );
    assert_eq!(
        codes(&elsewhere),
        [(
            "unknown-condition-key",
            "\"token.actions.githubusercontent.com:sub\"".to_owned()
        )]
    );
}
