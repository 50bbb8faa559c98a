//! AWS's evaluation rules, one scenario each, through the public API.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use precedence::{Decision, Engine, Scenario, ScenarioFile, StageStatus};
use serde_json::{json, Value};

#[path = "support/policies.rs"]
mod support;
use support::{allow, evaluate, grant};

const ACCOUNT: &str = "111122223333";
const ROLE: &str = "arn:aws:iam::111122223333:role/AppRole";
const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/AppRole/worker";
const USER: &str = "arn:aws:iam::111122223333:user/alice";
const BUCKET_OBJECT: &str = "arn:aws:s3:::app-data/report.csv";

/// Evaluate one request against policies; returns the decision and the blocking stages.
fn run(policies: Value, request: Value) -> (Decision, Vec<&'static str>) {
    let evaluation = evaluate(
        json!({"organization": {"management_account": "999988887777"}, "policies": policies, "requests": [request]}),
    );
    (
        evaluation.decision,
        evaluation.blocked_by.iter().map(|s| s.name()).collect(),
    )
}

fn request(principal: &str, action: &str, resource: &str) -> Value {
    json!({"principal": principal, "action": action, "resource": resource, "resource_account": ACCOUNT})
}

#[test]
fn nothing_allows_means_implicit_deny() {
    let (decision, blocked) = run(json!({}), request(ROLE, "s3:GetObject", BUCKET_OBJECT));
    assert_eq!(decision, Decision::ImplicitDeny);
    assert_eq!(blocked, ["identity"]);
}

#[test]
fn a_deny_beats_every_allow() {
    let deny = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]});
    let policies = json!({"identity": [{"id": "A", "document": allow("s3:*", "*")}, {"id": "D", "document": deny}],
        "resource": [{"id": "B", "document": grant(json!("*"), "s3:*")}]});
    let (decision, blocked) = run(policies, request(ROLE, "s3:GetObject", BUCKET_OBJECT));
    assert_eq!(decision, Decision::ExplicitDeny);
    assert_eq!(blocked, ["identity"]);
}

#[test]
fn actions_ignore_case_and_resources_do_not() {
    let policies = json!({"identity": [{"id": "A", "document": allow("S3:getobject", "arn:aws:s3:::app-data/*")}]});
    assert_eq!(
        run(
            policies.clone(),
            request(ROLE, "s3:GetObject", BUCKET_OBJECT)
        )
        .0,
        Decision::Allowed
    );
    assert_eq!(
        run(
            policies,
            request(ROLE, "s3:GetObject", "arn:aws:s3:::App-Data/report.csv")
        )
        .0,
        Decision::ImplicitDeny
    );
}

#[test]
fn every_scp_level_must_allow() {
    let full = allow("*", "*");
    let deny_only = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:*", "Resource": "*"}]});
    let policies = json!({"identity": [{"id": "A", "document": allow("s3:*", "*")}],
        "scp": [{"id": "Full", "level": "root", "document": full}, {"id": "NoEc2", "level": "ou-prod", "document": deny_only}]});
    let (decision, blocked) = run(
        policies.clone(),
        request(ROLE, "s3:GetObject", BUCKET_OBJECT),
    );
    assert_eq!((decision, blocked), (Decision::ImplicitDeny, vec!["scp"]));
    // The management account is not governed by SCPs.
    let management = json!({"principal": "arn:aws:iam::999988887777:role/Admin", "action": "s3:GetObject", "resource": BUCKET_OBJECT});
    assert_eq!(run(policies.clone(), management).0, Decision::Allowed);
    // Nor are service-linked roles.
    let linked = request(
        "arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
        "s3:GetObject",
        BUCKET_OBJECT,
    );
    assert_eq!(run(policies, linked).0, Decision::Allowed);
}

#[test]
fn rcps_only_deny_and_spare_the_management_account() {
    let perimeter = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
        "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"}}}]});
    let policies = json!({"resource": [{"id": "B", "document": grant(json!("*"), "s3:GetObject")}],
        "identity": [{"id": "A", "document": allow("s3:*", "*")}],
        "rcp": [{"id": "Perimeter", "level": "root", "document": perimeter}]});
    let outsider = json!({"principal": "arn:aws:iam::444455556666:role/Vendor", "action": "s3:GetObject", "resource": BUCKET_OBJECT,
        "resource_account": ACCOUNT, "context": {"aws:PrincipalOrgID": "o-other"}});
    assert_eq!(
        run(policies.clone(), outsider.clone()).0,
        Decision::ExplicitDeny
    );
    let mut insider = outsider.clone();
    insider["context"]["aws:PrincipalOrgID"] = json!("o-abc");
    assert_eq!(run(policies.clone(), insider).0, Decision::Allowed);
    let mut exempt = outsider;
    exempt["resource_account"] = json!("999988887777");
    assert_eq!(run(policies, exempt).0, Decision::Allowed);
}

#[test]
fn listed_member_accounts_limit_scps_to_their_principals_and_rcps_to_their_resources() {
    let deny_all = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]});
    let scp_only = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]});
    let outsider = "arn:aws:iam::555566667777:role/Vendor";
    let run_in = |organization: Value, policies: Value, request: Value| {
        let scenario: Scenario = serde_json::from_value(
            json!({"organization": organization, "policies": policies, "requests": [request]}),
        )
        .expect("scenario shape");
        let engine = Engine::from_scenario(&scenario);
        engine
            .decide(&engine.prepare(&scenario.requests[0]).expect("prepares"))
            .decision
    };
    let listed = json!({"management_account": "999988887777", "accounts": [ACCOUNT]});
    let unlisted = json!({"management_account": "999988887777"});
    // The org's SCPs do not reach a caller from outside it, whose own account allows the call.
    let scps = json!({"identity": [{"id": "A", "document": allow("s3:*", "*")}],
        "scp": [{"id": "DenyAll", "level": "root", "document": scp_only}]});
    let from_outside = json!({"principal": outsider, "action": "s3:GetObject", "resource": BUCKET_OBJECT, "resource_account": "555566667777"});
    assert_eq!(
        run_in(listed.clone(), scps.clone(), from_outside.clone()),
        Decision::Allowed
    );
    assert_eq!(
        run_in(unlisted.clone(), scps.clone(), from_outside),
        Decision::ExplicitDeny
    );
    assert_eq!(
        run_in(
            listed.clone(),
            scps,
            request(ROLE, "s3:GetObject", BUCKET_OBJECT)
        ),
        Decision::ExplicitDeny
    );
    // The org's RCPs do not reach a resource outside it.
    let rcps = json!({"identity": [{"id": "A", "document": allow("s3:*", "*")}],
        "rcp": [{"id": "DenyAll", "level": "root", "document": deny_all}]});
    let mut elsewhere = request(ROLE, "s3:GetObject", BUCKET_OBJECT);
    elsewhere["resource_account"] = json!("555566667777");
    let bucket_policy =
        json!([{"id": "B", "document": grant(json!({"AWS": ROLE}), "s3:GetObject")}]);
    let mut with_grant = rcps.clone();
    with_grant["resource"] = bucket_policy;
    assert_eq!(
        run_in(listed.clone(), with_grant.clone(), elsewhere.clone()),
        Decision::Allowed
    );
    assert_eq!(
        run_in(unlisted, with_grant, elsewhere),
        Decision::ExplicitDeny
    );
    assert_eq!(
        run_in(
            listed.clone(),
            rcps.clone(),
            request(ROLE, "s3:GetObject", BUCKET_OBJECT)
        ),
        Decision::ExplicitDeny
    );
    // An anonymous call on a bucket whose account is not known is not ruled out of the org.
    let mut public = rcps;
    public["resource"] = json!([{"id": "Public", "document": grant(json!("*"), "s3:GetObject")}]);
    let anonymous = json!({"principal": "*", "action": "s3:GetObject", "resource": BUCKET_OBJECT});
    assert_eq!(run_in(listed, public, anonymous), Decision::ExplicitDeny);
}

#[test]
fn rcps_govern_only_the_services_that_support_them() {
    let deny_all = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]});
    let policies = json!({"identity": [{"id": "A", "document": allow("*", "*")}],
        "rcp": [{"id": "DenyAll", "level": "root", "document": deny_all}]});
    let function = "arn:aws:lambda:us-east-1:111122223333:function:app";
    assert_eq!(
        run(
            policies.clone(),
            request(ROLE, "lambda:InvokeFunction", function)
        ),
        (Decision::Allowed, vec![])
    );
    for (action, resource) in [
        ("s3:GetObject", BUCKET_OBJECT),
        (
            "dynamodb:GetItem",
            "arn:aws:dynamodb:us-east-1:111122223333:table/T",
        ),
        (
            "ecr:BatchGetImage",
            "arn:aws:ecr:us-east-1:111122223333:repository/r",
        ),
    ] {
        assert_eq!(
            run(policies.clone(), request(ROLE, action, resource)),
            (Decision::ExplicitDeny, vec!["rcp"]),
            "{action}"
        );
    }
}

#[test]
fn same_account_resource_grants_stand_alone_unless_they_name_the_account() {
    for (principal, caller, expected) in [
        (json!({"AWS": ROLE}), SESSION, Decision::Allowed),
        (json!({"AWS": SESSION}), SESSION, Decision::Allowed),
        (json!({"AWS": USER}), USER, Decision::Allowed),
        (json!("*"), USER, Decision::Allowed),
        (json!({"AWS": ACCOUNT}), USER, Decision::ImplicitDeny),
        (
            json!({"AWS": "arn:aws:iam::111122223333:root"}),
            ROLE,
            Decision::ImplicitDeny,
        ),
    ] {
        let policies = json!({"resource": [{"id": "B", "document": grant(principal.clone(), "s3:GetObject")}]});
        let (decision, blocked) = run(policies, request(caller, "s3:GetObject", BUCKET_OBJECT));
        assert_eq!(decision, expected, "{principal} for {caller}");
        if expected == Decision::ImplicitDeny {
            assert_eq!(blocked, ["identity"]);
        }
    }
}

#[test]
fn key_policies_and_trust_policies_must_allow_even_within_one_account() {
    let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let identity = json!([{"id": "A", "document": allow("kms:*", "*")}]);
    let key_policy =
        |principal: Value| json!([{"id": "KeyPolicy", "document": grant(principal, "kms:*")}]);
    // The key policy names someone else: the identity-based policy alone is not enough.
    let other = key_policy(json!({"AWS": "arn:aws:iam::111122223333:role/KeyAdmin"}));
    assert_eq!(
        run(
            json!({"identity": identity, "resource": other}),
            request(ROLE, "kms:Decrypt", key)
        ),
        (Decision::ImplicitDeny, vec!["resource"])
    );
    // Naming the account lets IAM policies decide; naming the role grants on its own.
    let account = key_policy(json!({"AWS": "arn:aws:iam::111122223333:root"}));
    assert_eq!(
        run(
            json!({"identity": identity, "resource": account.clone()}),
            request(ROLE, "kms:Decrypt", key)
        )
        .0,
        Decision::Allowed
    );
    assert_eq!(
        run(
            json!({"resource": account}),
            request(ROLE, "kms:Decrypt", key)
        ),
        (Decision::ImplicitDeny, vec!["identity"])
    );
    assert_eq!(
        run(
            json!({"resource": key_policy(json!({"AWS": ROLE}))}),
            request(ROLE, "kms:Decrypt", key)
        )
        .0,
        Decision::Allowed
    );
    // Every key has a key policy: a scenario without one gives the key none that allows.
    assert_eq!(
        run(
            json!({"identity": identity}),
            request(ROLE, "kms:Decrypt", key)
        ),
        (Decision::ImplicitDeny, vec!["resource"])
    );

    // A trust policy, written as AWS writes them (no `Resource`), must name who may assume.
    let role = "arn:aws:iam::111122223333:role/Deploy";
    let trust = |principal: &str| {
        json!([{"id": "Trust", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]}}])
    };
    let assume = json!([{"id": "A", "document": allow("sts:AssumeRole", "*")}]);
    assert_eq!(
        run(
            json!({"identity": assume, "resource": trust("arn:aws:iam::111122223333:user/bob")}),
            request(USER, "sts:AssumeRole", role)
        ),
        (Decision::ImplicitDeny, vec!["resource"])
    );
    assert_eq!(
        run(
            json!({"resource": trust(USER)}),
            request(USER, "sts:AssumeRole", role)
        )
        .0,
        Decision::Allowed
    );
}

#[test]
fn cross_account_needs_both_sides() {
    let outsider = "arn:aws:iam::444455556666:role/Partner";
    let resource =
        json!([{"id": "B", "document": grant(json!({"AWS": "444455556666"}), "s3:GetObject")}]);
    let identity = json!([{"id": "A", "document": allow("s3:GetObject", "*")}]);
    let req = request(outsider, "s3:GetObject", BUCKET_OBJECT);
    assert_eq!(
        run(
            json!({"resource": resource, "identity": identity}),
            req.clone()
        )
        .0,
        Decision::Allowed
    );
    assert_eq!(
        run(json!({"resource": resource}), req.clone()),
        (Decision::ImplicitDeny, vec!["identity"])
    );
    assert_eq!(
        run(json!({"identity": identity}), req),
        (Decision::ImplicitDeny, vec!["resource"])
    );
}

#[test]
fn a_missing_resource_policy_that_blocks_is_no_match_not_not_applicable() {
    let scenario: Scenario = serde_json::from_value(json!({
        "policies": {"identity": [{"id": "A", "document": allow("iam:GetRole", "*")}]},
        "requests": [{"principal": "arn:aws:iam::444455556666:role/Auditor", "action": "iam:GetRole",
            "resource": "arn:aws:iam::111122223333:role/AppRole"}]}))
    .expect("scenario shape");
    let engine = Engine::from_scenario(&scenario);
    let evaluation = engine.evaluate(&engine.prepare(&scenario.requests[0]).expect("prepares"));
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    let resource = evaluation
        .stages
        .iter()
        .find(|s| s.stage.name() == "resource")
        .expect("resource stage");
    assert!(resource.blocks);
    assert_eq!(resource.status, StageStatus::NoMatch);
    assert!(
        resource.summary.contains("no resource-based policy"),
        "{}",
        resource.summary
    );
    assert!(
        !resource.summary.starts_with("not applicable"),
        "{}",
        resource.summary
    );
}

#[test]
fn boundary_limits_identity_and_role_arn_grants_but_not_user_or_session_grants() {
    let boundary = json!([{"id": "Boundary", "document": allow("dynamodb:*", "*")}]);
    let identity = json!([{"id": "A", "document": allow("s3:*", "*")}]);
    // Identity allows S3 but the boundary only DynamoDB.
    let (decision, blocked) = run(
        json!({"identity": identity, "boundary": boundary}),
        request(ROLE, "s3:GetObject", BUCKET_OBJECT),
    );
    assert_eq!(
        (decision, blocked),
        (Decision::ImplicitDeny, vec!["boundary"])
    );
    for (principal, caller, expected) in [
        (json!({"AWS": USER}), USER, Decision::Allowed),
        (json!({"AWS": SESSION}), SESSION, Decision::Allowed),
        (json!({"AWS": ROLE}), SESSION, Decision::ImplicitDeny),
    ] {
        let policies = json!({"boundary": boundary, "resource": [{"id": "B", "document": grant(principal.clone(), "s3:GetObject")}]});
        assert_eq!(
            run(policies, request(caller, "s3:GetObject", BUCKET_OBJECT)).0,
            expected,
            "{principal}"
        );
    }
}

#[test]
fn a_federated_user_session_is_limited_by_its_users_boundary() {
    // GetFederationToken: the session has the IAM user's permissions, boundary included (and
    // the session policy it was given: without one it would have none).
    let federated = "arn:aws:sts::111122223333:federated-user/bob";
    let identity = json!([{"id": "A", "document": allow("s3:*", "*")}]);
    let session = json!([{"id": "Session", "document": allow("s3:*", "*")}]);
    let boundary = json!([{"id": "Boundary", "document": allow("dynamodb:*", "*")}]);
    assert_eq!(
        run(
            json!({"identity": identity, "session": session, "boundary": boundary}),
            request(federated, "s3:GetObject", BUCKET_OBJECT)
        ),
        (Decision::ImplicitDeny, vec!["boundary"])
    );
    let denying = json!([{"id": "Boundary", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}}]);
    assert_eq!(
        run(
            json!({"identity": identity, "session": session, "boundary": denying}),
            request(federated, "s3:GetObject", BUCKET_OBJECT)
        ),
        (Decision::ExplicitDeny, vec!["boundary"])
    );
}

#[test]
fn a_not_principal_deny_applies_to_every_principal_with_a_boundary() {
    // AWS: "The NotPrincipal element with a Deny effect will always deny any IAM principal that
    // has a permissions boundary policy attached, regardless of the values specified".
    // (It lists alice's account too: without it, the Deny would not leave her out.)
    let not_alice = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": [USER, ACCOUNT]},
        "Action": "s3:*", "Resource": "*"}]});
    let policies = json!({"identity": [{"id": "A", "document": allow("s3:*", "*")}],
        "resource": [{"id": "B", "document": not_alice}]});
    let alice = request(USER, "s3:GetObject", BUCKET_OBJECT);
    assert_eq!(run(policies.clone(), alice.clone()).0, Decision::Allowed);
    let mut bounded = policies.clone();
    bounded["boundary"] = json!([{"id": "Boundary", "document": allow("*", "*")}]);
    assert_eq!(
        run(bounded.clone(), alice.clone()),
        (Decision::ExplicitDeny, vec!["resource"])
    );
    // The trace says why the listed user is denied.
    let scenario: Scenario =
        serde_json::from_value(json!({"policies": bounded, "requests": [alice]}))
            .expect("scenario shape");
    let engine = Engine::from_scenario(&scenario);
    let evaluation = engine.evaluate(&engine.prepare(&scenario.requests[0]).expect("prepares"));
    let statement = &evaluation
        .stages
        .iter()
        .find(|s| s.stage.name() == "resource")
        .expect("resource stage")
        .policies[0]
        .statements[0];
    let principal = statement.principal.as_ref().expect("NotPrincipal traced");
    assert!(principal.matched);
    assert_eq!(principal.by.as_deref(), Some(USER));
    assert!(principal
        .note
        .is_some_and(|note| note.contains("permissions boundary")));
    // Only a Deny: a NotPrincipal Allow (which AWS does not support) still leaves out whom it
    // lists.
    let allow_others = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": USER},
        "Action": "s3:*", "Resource": "*"}]});
    let policies = json!({"resource": [{"id": "B", "document": allow_others}],
        "boundary": [{"id": "Boundary", "document": allow("*", "*")}]});
    assert_eq!(run(policies, alice).0, Decision::ImplicitDeny);
}

#[test]
fn session_policies_limit_role_arn_grants_but_not_session_grants() {
    let session = json!([{"id": "Session", "document": allow("dynamodb:*", "*")}]);
    let identity = json!([{"id": "A", "document": allow("s3:*", "*")}]);
    assert_eq!(
        run(
            json!({"identity": identity, "session": session}),
            request(SESSION, "s3:GetObject", BUCKET_OBJECT)
        )
        .1,
        ["session"]
    );
    let by_role = json!({"session": session, "resource": [{"id": "B", "document": grant(json!({"AWS": ROLE}), "s3:GetObject")}]});
    assert_eq!(
        run(by_role, request(SESSION, "s3:GetObject", BUCKET_OBJECT)).1,
        ["session"]
    );
    let by_session = json!({"session": session, "resource": [{"id": "B", "document": grant(json!({"AWS": SESSION}), "s3:GetObject")}]});
    assert_eq!(
        run(by_session, request(SESSION, "s3:GetObject", BUCKET_OBJECT)).0,
        Decision::Allowed
    );
}

#[test]
fn endpoint_policy_gates_but_never_grants() {
    let endpoint =
        json!([{"id": "vpce-1", "vpc": "vpc-1", "document": grant(json!("*"), "dynamodb:*")}]);
    let table = "arn:aws:dynamodb:us-east-1:111122223333:table/StockTable";
    let mut through = request(ROLE, "dynamodb:GetItem", table);
    through["via_endpoint"] = json!("vpce-1");
    assert_eq!(
        run(json!({"endpoint": endpoint}), through.clone()).1,
        ["identity"]
    );
    let identity = json!([{"id": "A", "document": allow("*", "*")}]);
    assert_eq!(
        run(
            json!({"endpoint": endpoint, "identity": identity}),
            through.clone()
        )
        .0,
        Decision::Allowed
    );
    through["action"] = json!("s3:GetObject");
    assert_eq!(
        run(json!({"endpoint": endpoint, "identity": identity}), through).1,
        ["endpoint"]
    );
    // Not through the endpoint: its policy does not apply at all.
    assert_eq!(
        run(
            json!({"endpoint": endpoint, "identity": identity}),
            request(ROLE, "s3:GetObject", BUCKET_OBJECT)
        )
        .0,
        Decision::Allowed
    );
}

#[test]
fn gateway_endpoints_read_account_principals_as_the_root_user() {
    for (kind, caller, expected) in [
        ("gateway", ROLE, Decision::ImplicitDeny),
        (
            "gateway",
            "arn:aws:iam::111122223333:root",
            Decision::Allowed,
        ),
        ("interface", ROLE, Decision::Allowed),
    ] {
        let endpoint = json!([{"id": "vpce-1", "type": kind, "document": grant(json!({"AWS": ACCOUNT}), "*")}]);
        let identity = json!([{"id": "A", "document": allow("*", "*")}]);
        let mut req = request(caller, "s3:GetObject", BUCKET_OBJECT);
        req["via_endpoint"] = json!("vpce-1");
        assert_eq!(
            run(json!({"endpoint": endpoint, "identity": identity}), req).0,
            expected,
            "{kind} {caller}"
        );
    }
}

#[test]
fn the_seed_source_vpce_deny_uses_a_derived_key_case_insensitively() {
    let deny = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "dynamodb:*", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/*",
         "Condition": {"StringNotEquals": {"aws:sourceVpce": "vpce-11aa22bb"}}}]});
    let endpoint =
        json!([{"id": "vpce-11aa22bb", "vpc": "vpc-1", "document": grant(json!("*"), "*")}]);
    let policies = json!({"identity": [{"id": "A", "document": deny}], "endpoint": endpoint});
    let table = "arn:aws:dynamodb:us-east-1:111122223333:table/StockTable";
    let mut through = request(ROLE, "dynamodb:GetItem", table);
    assert_eq!(
        run(policies.clone(), through.clone()).0,
        Decision::ExplicitDeny
    );
    through["via_endpoint"] = json!("vpce-11aa22bb");
    assert_eq!(run(policies, through).0, Decision::Allowed);
}

#[test]
fn policy_variables_fill_from_the_request() {
    let home = allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*");
    let policies = json!({"identity": [{"id": "A", "document": home}]});
    assert_eq!(
        run(
            policies.clone(),
            request(USER, "s3:GetObject", "arn:aws:s3:::home/alice/x")
        )
        .0,
        Decision::Allowed
    );
    assert_eq!(
        run(
            policies.clone(),
            request(USER, "s3:GetObject", "arn:aws:s3:::home/bob/x")
        )
        .0,
        Decision::ImplicitDeny
    );
    // Roles have no aws:username: the resource matches nothing.
    assert_eq!(
        run(
            policies,
            request(ROLE, "s3:GetObject", "arn:aws:s3:::home/AppRole/x")
        )
        .0,
        Decision::ImplicitDeny
    );
}

#[test]
fn unresolved_variables_satisfy_negated_operators() {
    let deny = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*",
         "Condition": {"StringNotEquals": {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}}}]});
    let policies = json!({"identity": [{"id": "A", "document": deny}]});
    let mut req = request(ROLE, "s3:GetObject", BUCKET_OBJECT);
    req["context"] = json!({"s3:ExistingObjectTag/Team": "blue"});
    assert_eq!(run(policies.clone(), req.clone()).0, Decision::ExplicitDeny);
    req["context"]["aws:PrincipalTag/Team"] = json!("blue");
    assert_eq!(run(policies, req).0, Decision::Allowed);
}

#[test]
fn a_policy_that_does_not_parse_is_left_out_and_said_to_be() {
    let text = r#"{"policies": {"identity": [{"id": "Broken", "document": "{\"Statement\": ["},
        {"id": "Good", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}]},
        "requests": [{"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "*"}]}"#;
    let file = ScenarioFile::from_text(text).expect("scenario loads even with a broken policy");
    let engine = Engine::from_file(&file, text);
    assert_eq!(engine.policies()[0].findings[0].code, "json-syntax");
    let evaluation = engine.evaluate(
        &engine
            .prepare(&file.scenario.requests[0])
            .expect("prepares"),
    );
    assert_eq!(evaluation.decision, Decision::Allowed);
    let identity = evaluation
        .stages
        .iter()
        .find(|s| s.stage.name() == "identity")
        .expect("identity stage");
    assert_eq!(identity.status, StageStatus::Allow);
    assert!(identity
        .policies
        .iter()
        .any(|p| p.id == "Broken" && p.left_out));
}

#[test]
fn a_statement_whose_condition_cannot_be_read_never_applies() {
    // A misspelt operator must not turn a conditional Allow or Deny into an unconditional one.
    let conditional = |effect: &str, operator: &str| {
        json!({"Version": "2012-10-17", "Statement": [{"Effect": effect, "Action": "s3:*", "Resource": "*",
            "Condition": {operator: {"aws:PrincipalTag/team": "a"}}}]})
    };
    let mut tagged = request(ROLE, "s3:GetObject", BUCKET_OBJECT);
    tagged["context"] = json!({"aws:PrincipalTag/team": "b"});
    for operator in ["StringEqualz", "stringequals"] {
        let allow_only =
            json!({"identity": [{"id": "A", "document": conditional("Allow", operator)}]});
        assert_eq!(
            run(allow_only, tagged.clone()).0,
            Decision::ImplicitDeny,
            "{operator}"
        );
        let deny_too = json!({"identity": [{"id": "A", "document": allow("s3:*", "*")},
            {"id": "D", "document": conditional("Deny", operator)}]});
        assert_eq!(
            run(deny_too, tagged.clone()).0,
            Decision::Allowed,
            "{operator}"
        );
    }
    // Spelt right, the same condition decides.
    let allow_only =
        json!({"identity": [{"id": "A", "document": conditional("Allow", "StringEquals")}]});
    assert_eq!(run(allow_only, tagged.clone()).0, Decision::ImplicitDeny);
    tagged["context"] = json!({"aws:PrincipalTag/team": "a"});
    let allow_only =
        json!({"identity": [{"id": "A", "document": conditional("Allow", "StringEquals")}]});
    assert_eq!(run(allow_only, tagged).0, Decision::Allowed);
}

#[test]
fn a_request_needs_a_resource_arn_a_real_account_and_each_key_once() {
    let scenario = |request: Value| -> Scenario {
        serde_json::from_value(json!({"policies": {}, "requests": [request]}))
            .expect("scenario shape")
    };
    for (resource, account, field) in [
        ("", None, "resource"),
        ("my-bucket", None, "resource"),
        ("arn:aws:s3", None, "resource"),
        (BUCKET_OBJECT, Some("abc"), "resource_account"),
        (BUCKET_OBJECT, Some("1111222233334"), "resource_account"),
    ] {
        let mut request =
            json!({"principal": ROLE, "action": "s3:GetObject", "resource": resource});
        if let Some(account) = account {
            request["resource_account"] = json!(account);
        }
        let scenario = scenario(request);
        let error = Engine::from_scenario(&scenario)
            .prepare(&scenario.requests[0])
            .expect_err("an unusable request");
        assert_eq!(error.field, field, "{resource:?} {account:?}");
    }
    let mut twice = json!({"principal": ROLE, "action": "s3:GetObject", "resource": BUCKET_OBJECT});
    twice["context"] = json!({"aws:TagKeys": ["a", "b"], "aws:tagkeys": "zzz"});
    let scenario_twice = scenario(twice);
    let error = Engine::from_scenario(&scenario_twice)
        .prepare(&scenario_twice.requests[0])
        .expect_err("a key given twice");
    assert_eq!(error.field, "context");
    assert!(error.message.contains("ignore case"), "{}", error.message);
    for resource in ["*", BUCKET_OBJECT, "arn:aws:iam::111122223333:role/AppRole"] {
        let scenario =
            scenario(json!({"principal": ROLE, "action": "s3:GetObject", "resource": resource}));
        assert!(
            Engine::from_scenario(&scenario)
                .prepare(&scenario.requests[0])
                .is_ok(),
            "{resource}"
        );
    }
}

#[test]
fn trace_marks_derived_values_and_missing_keys() {
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT, "aws:PrincipalOrgID": "o-abc"}}}]});
    let scenario: Scenario = serde_json::from_value(
        json!({"policies": {"identity": [{"id": "A", "document": policy}]},
        "requests": [request(ROLE, "s3:GetObject", BUCKET_OBJECT)]}),
    )
    .expect("shape");
    let engine = Engine::from_scenario(&scenario);
    let evaluation = engine.evaluate(&engine.prepare(&scenario.requests[0]).expect("prepares"));
    let statement = &evaluation
        .stages
        .iter()
        .find(|s| s.stage.name() == "identity")
        .expect("stage")
        .policies[0]
        .statements[0];
    let account = &statement.conditions[0];
    assert!(account.holds && account.derived && account.present);
    assert_eq!(account.request_values, [ACCOUNT]);
    let org = &statement.conditions[1];
    assert!(!org.holds && !org.present);
    assert_eq!(evaluation.missing_keys, ["aws:PrincipalOrgID"]);
    assert!(
        evaluation.explanation.starts_with("Denied implicitly"),
        "{}",
        evaluation.explanation
    );
}

#[test]
fn anonymous_and_service_callers_need_a_resource_policy_grant() {
    let public = json!({"resource": [{"id": "B", "document": grant(json!("*"), "s3:GetObject")}]});
    let anonymous = json!({"principal": "*", "action": "s3:GetObject", "resource": BUCKET_OBJECT, "resource_account": ACCOUNT});
    assert_eq!(run(public.clone(), anonymous.clone()).0, Decision::Allowed);
    assert_eq!(
        run(json!({}), anonymous),
        (Decision::ImplicitDeny, vec!["resource"])
    );
    let trail = json!({"resource": [{"id": "B", "document": grant(json!({"Service": "cloudtrail.amazonaws.com"}), "s3:PutObject")}]});
    let service = json!({"principal": "cloudtrail.amazonaws.com", "action": "s3:PutObject", "resource": BUCKET_OBJECT, "resource_account": ACCOUNT});
    assert_eq!(run(trail, service.clone()).0, Decision::Allowed);
    assert_eq!(run(public, service).1, ["resource"]);
}
