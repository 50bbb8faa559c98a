//! Web identity (OIDC) and SAML providers as callers of `sts:AssumeRoleWithWebIdentity` and
//! `sts:AssumeRoleWithSAML`, through the public API: only the role's trust policy can let them
//! in, and a `Federated` principal names exactly them.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use precedence::principal::CallerKind;
use precedence::{Decision, Engine, Scenario, StageStatus};
use serde_json::{json, Value};

const ROLE: &str = "arn:aws:iam::111122223333:role/Deploy";
const GITHUB: &str = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
const SAML: &str = "arn:aws:iam::111122223333:saml-provider/ExampleIdP";
const WEB: &str = "sts:AssumeRoleWithWebIdentity";

fn trust(principal: Value, action: &str, condition: Value) -> Value {
    json!([{"id": "Trust", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": principal, "Action": action, "Condition": condition}]}}])
}

fn github_trust() -> Value {
    trust(
        json!({"Federated": GITHUB}),
        WEB,
        json!({"StringEquals": {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"}}),
    )
}

fn main_branch() -> Value {
    json!({"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"})
}

fn request(principal: &str, action: &str, context: Value) -> Value {
    json!({"principal": principal, "action": action, "resource": ROLE, "context": context})
}

fn engine(scenario: Value) -> (Engine, Scenario) {
    let scenario: Scenario = serde_json::from_value(scenario).expect("scenario shape");
    (Engine::from_scenario(&scenario), scenario)
}

/// The decision, the blocking stages, and each stage's status by name.
fn run(
    organization: Value,
    policies: Value,
    request: Value,
) -> (
    Decision,
    Vec<&'static str>,
    Vec<(&'static str, StageStatus)>,
) {
    let (engine, scenario) =
        engine(json!({"organization": organization, "policies": policies, "requests": [request]}));
    let prepared = engine
        .prepare(&scenario.requests[0])
        .expect("request prepares");
    let evaluation = engine.evaluate(&prepared);
    assert_eq!(
        engine.decide(&prepared).decision,
        evaluation.decision,
        "fast and traced paths disagree"
    );
    (
        evaluation.decision,
        evaluation.blocked_by.iter().map(|s| s.name()).collect(),
        evaluation
            .stages
            .iter()
            .map(|stage| (stage.stage.name(), stage.status))
            .collect(),
    )
}

fn decide(policies: Value, request: Value) -> (Decision, Vec<&'static str>) {
    let (decision, blocked, _) = run(json!({}), policies, request);
    (decision, blocked)
}

fn allow_all() -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
}

fn deny(action: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": action, "Resource": "*"}]})
}

#[test]
fn the_trust_policy_alone_lets_a_web_identity_in_on_its_claims() {
    let policies = json!({"resource": github_trust()});
    assert_eq!(
        decide(policies.clone(), request(GITHUB, WEB, main_branch())),
        (Decision::Allowed, vec![])
    );
    let mut feature = main_branch();
    feature["token.actions.githubusercontent.com:sub"] =
        json!("repo:octo-org/octo-repo:ref:refs/heads/feature");
    assert_eq!(
        decide(policies.clone(), request(GITHUB, WEB, feature)),
        (Decision::ImplicitDeny, vec!["resource"])
    );
    let mut audience = main_branch();
    audience["token.actions.githubusercontent.com:aud"] = json!("https://example.com");
    assert_eq!(
        decide(policies.clone(), request(GITHUB, WEB, audience)),
        (Decision::ImplicitDeny, vec!["resource"])
    );
    // The claims come as given: a token without `sub` does not meet the condition.
    assert_eq!(
        decide(
            policies,
            request(
                GITHUB,
                WEB,
                json!({"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"})
            )
        ),
        (Decision::ImplicitDeny, vec!["resource"])
    );
}

#[test]
fn without_a_trust_policy_that_names_it_a_provider_gets_nowhere() {
    // No policy at all: the role's trust policy must allow.
    assert_eq!(
        decide(json!({}), request(GITHUB, WEB, main_branch())),
        (Decision::ImplicitDeny, vec!["resource"])
    );
    // Identity-based policies of the scenario belong to IAM principals, not to a provider.
    let (decision, blocked, stages) = run(
        json!({}),
        json!({"identity": [{"id": "Admin", "document": allow_all()}]}),
        request(GITHUB, WEB, main_branch()),
    );
    assert_eq!(
        (decision, blocked),
        (Decision::ImplicitDeny, vec!["resource"])
    );
    assert!(stages.contains(&("identity", StageStatus::NotApplicable)));
    // Another provider, or the same provider's URL in another account, is another provider.
    for other in [
        "accounts.google.com",
        "arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com",
        "arn:aws:iam::111122223333:oidc-provider/gitlab.com",
    ] {
        assert_eq!(
            decide(
                json!({"resource": github_trust()}),
                request(other, WEB, main_branch())
            ),
            (Decision::ImplicitDeny, vec!["resource"]),
            "{other}"
        );
    }
}

#[test]
fn built_in_providers_are_named_by_their_name() {
    for (provider, key, value) in [
        (
            "accounts.google.com",
            "accounts.google.com:aud",
            "client.apps.googleusercontent.com",
        ),
        (
            "graph.facebook.com",
            "graph.facebook.com:app_id",
            "1234567890",
        ),
        (
            "www.amazon.com",
            "www.amazon.com:app_id",
            "amzn1.application-oa2-client.1",
        ),
        (
            "cognito-identity.amazonaws.com",
            "cognito-identity.amazonaws.com:aud",
            "us-east-1:12345678-abcd-abcd-abcd-123456789012",
        ),
    ] {
        let policies = json!({"resource": trust(
            json!({"Federated": provider}),
            WEB,
            json!({"StringEquals": {key: value}}),
        )});
        assert_eq!(
            decide(
                policies.clone(),
                request(provider, WEB, json!({key: value}))
            ),
            (Decision::Allowed, vec![]),
            "{provider}"
        );
        assert_eq!(
            decide(
                policies,
                request(provider, WEB, json!({key: "someone else"}))
            ),
            (Decision::ImplicitDeny, vec!["resource"]),
            "{provider}"
        );
    }
}

#[test]
fn cognito_is_a_web_identity_provider_not_a_service_principal() {
    let (engine, scenario) = engine(json!({"requests": [
        request("cognito-identity.amazonaws.com", WEB, json!({}))]}));
    let prepared = engine
        .prepare(&scenario.requests[0])
        .expect("request prepares");
    assert_eq!(
        prepared.caller().kind,
        CallerKind::WebIdentity {
            provider: "cognito-identity.amazonaws.com".into()
        }
    );
    // A `Service` principal of the same name does not let the identity pool's users in.
    let service = trust(
        json!({"Service": "cognito-identity.amazonaws.com"}),
        WEB,
        json!({}),
    );
    assert_eq!(
        decide(
            json!({"resource": service}),
            request("cognito-identity.amazonaws.com", WEB, json!({}))
        ),
        (Decision::ImplicitDeny, vec!["resource"])
    );
    let amr = trust(
        json!({"Federated": "cognito-identity.amazonaws.com"}),
        WEB,
        json!({"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}),
    );
    assert_eq!(
        decide(
            json!({"resource": amr.clone()}),
            request(
                "cognito-identity.amazonaws.com",
                WEB,
                json!({"cognito-identity.amazonaws.com:amr": ["authenticated", "accounts.google.com"]})
            )
        )
        .0,
        Decision::Allowed
    );
    assert_eq!(
        decide(
            json!({"resource": amr}),
            request(
                "cognito-identity.amazonaws.com",
                WEB,
                json!({"cognito-identity.amazonaws.com:amr": ["unauthenticated"]})
            )
        )
        .0,
        Decision::ImplicitDeny
    );
}

#[test]
fn saml_callers_are_let_in_by_their_provider_and_assertion() {
    let policies = json!({"resource": trust(
        json!({"Federated": SAML}),
        "sts:AssumeRoleWithSAML",
        json!({"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}),
    )});
    let console = json!({"saml:aud": "https://signin.aws.amazon.com/saml", "saml:sub": "alice"});
    assert_eq!(
        decide(
            policies.clone(),
            request(SAML, "sts:AssumeRoleWithSAML", console.clone())
        ),
        (Decision::Allowed, vec![])
    );
    assert_eq!(
        decide(
            policies.clone(),
            request(
                SAML,
                "sts:AssumeRoleWithSAML",
                json!({"saml:aud": "https://app.example.com/acs"})
            )
        ),
        (Decision::ImplicitDeny, vec!["resource"])
    );
    assert_eq!(
        decide(
            policies,
            request(
                "arn:aws:iam::111122223333:saml-provider/OtherIdP",
                "sts:AssumeRoleWithSAML",
                console
            )
        ),
        (Decision::ImplicitDeny, vec!["resource"])
    );
}

#[test]
fn federated_and_iam_principals_do_not_name_each_other() {
    // A `Federated` grant does not let an IAM role in, even one of the provider's account.
    let federated =
        json!({"resource": trust(json!({"Federated": GITHUB}), "sts:AssumeRole", json!({}))});
    let (decision, blocked) = decide(
        federated,
        request(
            "arn:aws:iam::111122223333:role/Other",
            "sts:AssumeRole",
            json!({}),
        ),
    );
    assert_eq!(decision, Decision::ImplicitDeny);
    assert!(blocked.contains(&"resource"), "{blocked:?}");
    // An `AWS` grant to the provider's account, or to its ARN, does not let the provider in.
    for aws in ["111122223333", "arn:aws:iam::111122223333:root", GITHUB] {
        assert_eq!(
            decide(
                json!({"resource": trust(json!({"AWS": aws}), WEB, json!({}))}),
                request(GITHUB, WEB, main_branch())
            ),
            (Decision::ImplicitDeny, vec!["resource"]),
            "{aws}"
        );
    }
}

#[test]
fn scps_do_not_govern_a_provider_but_the_roles_rcps_do() {
    let organization = json!({"management_account": "999988887777"});
    // An SCP denying the call in the role's account does not reach the provider.
    let scps = json!([
        {"id": "FullAWSAccess", "level": "root", "document": allow_all()},
        {"id": "NoWebIdentity", "level": "root", "document": deny(WEB)}]);
    let (decision, blocked, stages) = run(
        organization.clone(),
        json!({"resource": github_trust(), "scp": scps}),
        request(GITHUB, WEB, main_branch()),
    );
    assert_eq!((decision, blocked), (Decision::Allowed, vec![]));
    assert!(stages.contains(&("scp", StageStatus::NotApplicable)));
    // An RCP of the role's account governs STS calls on the role, whoever makes them.
    let rcp = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": WEB, "Resource": "*"}]});
    let rcps = json!([{"id": "NoWebIdentity", "level": "root", "document": rcp}]);
    assert_eq!(
        run(
            organization,
            json!({"resource": github_trust(), "rcp": rcps}),
            request(GITHUB, WEB, main_branch())
        )
        .1,
        vec!["rcp"]
    );
}

#[test]
fn a_deny_in_the_trust_policy_wins() {
    let policies = json!({"resource": [{"id": "Trust", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Federated": SAML}, "Action": "sts:AssumeRoleWithSAML"},
        {"Effect": "Deny", "Principal": {"Federated": SAML}, "Action": "sts:AssumeRoleWithSAML",
            "Condition": {"StringEquals": {"saml:sub": "mallory"}}}]}}]});
    assert_eq!(
        decide(
            policies.clone(),
            request(SAML, "sts:AssumeRoleWithSAML", json!({"saml:sub": "alice"}))
        ),
        (Decision::Allowed, vec![])
    );
    assert_eq!(
        decide(
            policies,
            request(
                SAML,
                "sts:AssumeRoleWithSAML",
                json!({"saml:sub": "mallory"})
            )
        ),
        (Decision::ExplicitDeny, vec!["resource"])
    );
}

#[test]
fn a_provider_calls_only_its_own_action() {
    let (engine, scenario) = engine(json!({"requests": [
        request(GITHUB, "sts:AssumeRoleWithSAML", json!({})),
        request(SAML, "s3:GetObject", json!({})),
        request(SAML, "sts:assumerolewithsaml", json!({})),
    ]}));
    let error = engine
        .prepare(&scenario.requests[0])
        .expect_err("a web identity does not call AssumeRoleWithSAML");
    assert_eq!(error.field, "action");
    assert_eq!(
        error.message,
        format!(
            "`{GITHUB}` calls only `sts:AssumeRoleWithWebIdentity`, not `sts:AssumeRoleWithSAML`"
        )
    );
    assert!(engine.prepare(&scenario.requests[1]).is_err());
    // Actions ignore case.
    assert!(engine.prepare(&scenario.requests[2]).is_ok());
}

#[test]
fn no_principal_key_is_derived_for_an_unsigned_call() {
    let (engine, scenario) = engine(json!({"requests": [request(GITHUB, WEB, main_branch())]}));
    let prepared = engine
        .prepare(&scenario.requests[0])
        .expect("request prepares");
    for key in [
        "aws:principalarn",
        "aws:principaltype",
        "aws:principalaccount",
        "aws:principalisawsservice",
    ] {
        assert!(prepared.context().get(key).is_none(), "{key}");
    }
    let sub = prepared
        .context()
        .get("token.actions.githubusercontent.com:sub")
        .expect("given");
    assert!(!sub.derived);
}

#[test]
fn a_suggested_trust_statement_names_the_provider_as_federated() {
    let (engine, scenario) =
        engine(json!({"requests": [request(SAML, "sts:AssumeRoleWithSAML", json!({}))]}));
    let suggestions = engine.suggest(&scenario, 0).expect("suggestions");
    let statement = suggestions
        .items
        .iter()
        .flat_map(|suggestion| &suggestion.changes)
        .find_map(|change| match &change.edit {
            precedence::suggest::Edit::AddStatement { statement, .. } => Some(statement.clone()),
            _ => None,
        })
        .expect("a statement to add");
    let statement: Value = serde_json::from_str(&statement).expect("JSON");
    assert_eq!(statement["Principal"], json!({"Federated": SAML}));
    // Added, it lets the provider in.
    let mut copy = scenario.clone();
    suggestions.items[0].changes[0]
        .edit
        .apply(&mut copy)
        .expect("applies");
    let engine = Engine::from_scenario(&copy);
    let prepared = engine.prepare(&copy.requests[0]).expect("prepares");
    assert_eq!(engine.decide(&prepared).decision, Decision::Allowed);
}
