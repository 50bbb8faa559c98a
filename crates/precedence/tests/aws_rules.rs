//! The rules AWS applies outside any policy (`precedence::aws_rules`), one scenario each,
//! through the public API. Each test has a request the rule decides and one beside it that it
//! does not, so it fails without the rule.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use precedence::{Decision, Evaluation, StageStatus};
use serde_json::{json, Value};

#[path = "support/policies.rs"]
mod support;
use support::{allow, deny, evaluate, grant};

const ACCOUNT: &str = "111122223333";
const OTHER_ACCOUNT: &str = "444455556666";
const ROOT: &str = "arn:aws:iam::111122223333:root";
const USER: &str = "arn:aws:iam::111122223333:user/alice";
const ROLE: &str = "arn:aws:iam::111122223333:role/AppRole";
const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/AppRole/worker";
const FEDERATED: &str = "arn:aws:sts::111122223333:federated-user/bob";
const TARGET_ROLE: &str = "arn:aws:iam::111122223333:role/DeployRole";
const BUCKET_OBJECT: &str = "arn:aws:s3:::app-data/report.csv";

fn request(principal: &str, action: &str, resource: &str) -> Value {
    json!({"principal": principal, "action": action, "resource": resource})
}

fn run(policies: Value, request: Value) -> Evaluation {
    evaluate(json!({"policies": policies, "requests": [request]}))
}

/// The decision and the id of the rule that decided, if one did.
fn decided(evaluation: &Evaluation) -> (Decision, Option<&'static str>) {
    (
        evaluation.decision,
        evaluation.rule.as_ref().map(|rule| rule.id),
    )
}

#[test]
fn get_caller_identity_is_allowed_whatever_the_policies_say() {
    // No policy at all: anything else would be an implicit deny.
    let bare = run(json!({}), request(ROLE, "sts:GetCallerIdentity", "*"));
    assert_eq!(
        decided(&bare),
        (Decision::Allowed, Some("get-caller-identity"))
    );
    // Denied in an identity-based policy and an SCP: still allowed, and the trace says why.
    let denied = evaluate(json!({
        "organization": {"management_account": "999988887777"},
        "policies": {"identity": [{"id": "NoSts", "document": deny("sts:*")}],
                     "scp": [{"id": "FullAccess", "document": allow("*", "*")}, {"id": "NoSts", "document": deny("sts:*")}]},
        "requests": [request(SESSION, "sts:GetCallerIdentity", "*")]}));
    assert_eq!(
        decided(&denied),
        (Decision::Allowed, Some("get-caller-identity"))
    );
    assert!(denied.blocked_by.is_empty());
    let step = denied.rule.as_ref().expect("a rule step");
    assert_eq!(
        step.source,
        "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html"
    );
    assert!(denied.explanation.contains("`get-caller-identity`"));
    assert!(denied.stages[0]
        .summary
        .contains("does not stop this request"));
    assert!(!denied.stages.iter().any(|stage| stage.blocks));
    // Another STS action under the same Deny is denied explicitly.
    let other = run(
        json!({"identity": [{"id": "A", "document": allow("*", "*")}, {"id": "NoSts", "document": deny("sts:*")}]}),
        request(SESSION, "sts:GetSessionToken", "*"),
    );
    assert_eq!(other.decision, Decision::ExplicitDeny);
    // An unauthenticated caller is not covered: it has no identity to ask about.
    assert_eq!(
        decided(&run(json!({}), request("*", "sts:GetCallerIdentity", "*"))),
        (Decision::ImplicitDeny, None)
    );
}

#[test]
fn the_rule_step_is_serialized_camel_case_with_its_source() {
    let evaluation = run(json!({}), request(USER, "sts:GetCallerIdentity", "*"));
    let value = serde_json::to_value(&evaluation).expect("serializes");
    assert_eq!(value["rule"]["id"], "get-caller-identity");
    assert_eq!(value["rule"]["decision"], "allowed");
    assert!(value["rule"]["says"]
        .as_str()
        .is_some_and(|says| says.contains("sts:GetCallerIdentity")));
    assert!(value["rule"]["source"]
        .as_str()
        .is_some_and(|source| source.starts_with("https://docs.aws.amazon.com/")));
    assert!(
        value["rule"].get("within").is_none(),
        "it decides on its own"
    );
    // No rule, no field.
    let plain = run(json!({}), request(USER, "s3:GetObject", BUCKET_OBJECT));
    let value = serde_json::to_value(&plain).expect("serializes");
    assert!(value.get("rule").is_none());
}

#[test]
fn the_root_user_cannot_assume_a_role() {
    let trust =
        json!([{"id": "Trust", "document": grant(json!({"AWS": ACCOUNT}), "sts:AssumeRole")}]);
    let identity = json!([{"id": "A", "document": allow("sts:AssumeRole", "*")}]);
    let policies = json!({"resource": trust, "identity": identity});
    let root = run(
        policies.clone(),
        request(ROOT, "sts:AssumeRole", TARGET_ROLE),
    );
    assert_eq!(
        decided(&root),
        (Decision::ImplicitDeny, Some("root-cannot-assume-role"))
    );
    assert!(root.blocked_by.is_empty(), "every policy allows it");
    assert!(root.explanation.contains("outside any policy"));
    // The same trust policy lets a user of the account in.
    assert_eq!(
        decided(&run(policies, request(USER, "sts:AssumeRole", TARGET_ROLE))),
        (Decision::Allowed, None)
    );
    // Nor can the root user call AssumeRoot.
    assert_eq!(
        decided(&run(json!({}), request(ROOT, "sts:AssumeRoot", "*"))),
        (Decision::ImplicitDeny, Some("root-cannot-assume-root"))
    );
}

#[test]
fn a_role_session_cannot_get_federation_or_session_tokens() {
    let policies = json!({"identity": [{"id": "A", "document": allow("sts:*", "*")}]});
    for action in ["sts:GetSessionToken", "sts:GetFederationToken"] {
        assert_eq!(
            decided(&run(policies.clone(), request(SESSION, action, "*"))),
            (
                Decision::ImplicitDeny,
                Some("role-session-cannot-get-tokens")
            ),
            "{action}"
        );
        assert_eq!(
            decided(&run(policies.clone(), request(ROLE, action, "*"))).1,
            Some("role-session-cannot-get-tokens")
        );
        // An IAM user may.
        assert_eq!(
            decided(&run(policies.clone(), request(USER, action, "*"))),
            (Decision::Allowed, None),
            "{action}"
        );
    }
}

#[test]
fn a_federated_user_session_cannot_call_iam_nor_sts_but_get_caller_identity() {
    let everything = json!([{"id": "All", "document": allow("*", "*")}]);
    let policies = json!({"identity": everything, "session": everything});
    assert_eq!(
        decided(&run(
            policies.clone(),
            request(FEDERATED, "iam:ListUsers", "*")
        )),
        (Decision::ImplicitDeny, Some("federated-user-no-iam"))
    );
    assert_eq!(
        decided(&run(
            policies.clone(),
            request(FEDERATED, "sts:AssumeRole", TARGET_ROLE)
        )),
        (Decision::ImplicitDeny, Some("federated-user-no-sts"))
    );
    assert_eq!(
        decided(&run(
            policies.clone(),
            request(FEDERATED, "sts:GetCallerIdentity", "*")
        )),
        (Decision::Allowed, Some("get-caller-identity"))
    );
    assert_eq!(
        decided(&run(
            policies.clone(),
            request(FEDERATED, "s3:GetObject", BUCKET_OBJECT)
        )),
        (Decision::Allowed, None)
    );
    // A user with the same policies may call IAM.
    assert_eq!(
        decided(&run(policies, request(USER, "iam:ListUsers", "*"))),
        (Decision::Allowed, None)
    );
}

#[test]
fn a_federated_user_session_without_a_session_policy_has_no_permissions() {
    let identity = json!([{"id": "A", "document": allow("s3:*", "*")}]);
    let bare = run(
        json!({"identity": identity}),
        request(FEDERATED, "s3:GetObject", BUCKET_OBJECT),
    );
    assert_eq!(
        decided(&bare),
        (
            Decision::ImplicitDeny,
            Some("federated-user-without-session-policy")
        )
    );
    assert_eq!(
        bare.blocked_by.iter().map(|s| s.name()).collect::<Vec<_>>(),
        ["session"]
    );
    let session = bare
        .stages
        .iter()
        .find(|s| s.stage.name() == "session")
        .expect("session stage");
    assert_eq!(session.status, StageStatus::NoMatch);
    assert!(session.summary.contains("without a session policy"));
    let value = serde_json::to_value(&bare).expect("serializes");
    assert_eq!(value["rule"]["within"], "session");
    // With a session policy that allows it, it is allowed.
    assert_eq!(
        decided(&run(
            json!({"identity": identity, "session": [{"id": "S", "document": allow("s3:GetObject", "*")}]}),
            request(FEDERATED, "s3:GetObject", BUCKET_OBJECT)
        )),
        (Decision::Allowed, None)
    );
    // A bucket policy that names the session lets it in without one.
    let named = run(
        json!({"resource": [{"id": "B", "document": grant(json!({"AWS": FEDERATED}), "s3:GetObject")}]}),
        json!({"principal": FEDERATED, "action": "s3:GetObject", "resource": BUCKET_OBJECT, "resource_account": ACCOUNT}),
    );
    assert_eq!(decided(&named), (Decision::Allowed, None));
    // A role session without a session policy is not limited.
    assert_eq!(
        decided(&run(
            json!({"identity": identity}),
            request(SESSION, "s3:GetObject", BUCKET_OBJECT)
        )),
        (Decision::Allowed, None)
    );
}

#[test]
fn aws_managed_policies_cannot_be_changed() {
    let policies = json!({"identity": [{"id": "Admin", "document": allow("iam:*", "*")}]});
    for action in [
        "iam:CreatePolicyVersion",
        "iam:SetDefaultPolicyVersion",
        "iam:DeletePolicy",
        "iam:TagPolicy",
    ] {
        assert_eq!(
            decided(&run(
                policies.clone(),
                request(USER, action, "arn:aws:iam::aws:policy/AdministratorAccess")
            )),
            (Decision::ImplicitDeny, Some("aws-managed-policy")),
            "{action}"
        );
    }
    // A customer managed policy of the same name is the customer's.
    assert_eq!(
        decided(&run(
            policies.clone(),
            request(
                USER,
                "iam:CreatePolicyVersion",
                "arn:aws:iam::111122223333:policy/AdministratorAccess"
            )
        )),
        (Decision::Allowed, None)
    );
    // Reading an AWS managed policy is fine.
    assert_eq!(
        decided(&run(
            policies,
            request(
                USER,
                "iam:GetPolicyVersion",
                "arn:aws:iam::aws:policy/AdministratorAccess"
            )
        )),
        (Decision::Allowed, None)
    );
}

#[test]
fn service_linked_and_identity_center_roles_are_changed_only_by_their_service() {
    let policies = json!({"identity": [{"id": "Admin", "document": allow("iam:*", "*")}]});
    let service_linked =
        "arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS";
    let identity_center = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef";
    for action in [
        "iam:UpdateAssumeRolePolicy",
        "iam:PutRolePolicy",
        "iam:AttachRolePolicy",
        "iam:DeleteRole",
    ] {
        assert_eq!(
            decided(&run(
                policies.clone(),
                request(ROLE, action, service_linked)
            )),
            (Decision::ImplicitDeny, Some("service-linked-role")),
            "{action}"
        );
        assert_eq!(
            decided(&run(
                policies.clone(),
                request(ROLE, action, identity_center)
            )),
            (Decision::ImplicitDeny, Some("identity-center-role")),
            "{action}"
        );
        assert_eq!(
            decided(&run(policies.clone(), request(ROLE, action, TARGET_ROLE))),
            (Decision::Allowed, None),
            "{action}"
        );
    }
    // The description of a service-linked role can be edited.
    assert_eq!(
        decided(&run(
            policies,
            request(ROLE, "iam:UpdateRoleDescription", service_linked)
        )),
        (Decision::Allowed, None)
    );
}

#[test]
fn aws_managed_keys_and_their_aliases_are_aws_s() {
    let key_policy =
        json!([{"id": "KeyPolicy", "document": grant(json!({"AWS": ACCOUNT}), "kms:*")}]);
    let policies = json!({"identity": [{"id": "Admin", "document": allow("kms:*", "*")}], "resource": key_policy});
    let managed_alias = "arn:aws:kms:eu-west-1:111122223333:alias/aws/s3";
    assert_eq!(
        decided(&run(
            policies.clone(),
            request(ROLE, "kms:CreateAlias", managed_alias)
        )),
        (Decision::ImplicitDeny, Some("aws-managed-key-alias"))
    );
    assert_eq!(
        decided(&run(
            policies.clone(),
            request(ROLE, "kms:PutKeyPolicy", managed_alias)
        )),
        (Decision::ImplicitDeny, Some("aws-managed-key"))
    );
    assert_eq!(
        decided(&run(
            policies.clone(),
            request(
                ROLE,
                "kms:CreateAlias",
                "arn:aws:kms:eu-west-1:111122223333:alias/app"
            )
        )),
        (Decision::Allowed, None)
    );
    // Using an AWS managed key through its alias is fine.
    assert_eq!(
        decided(&run(policies, request(ROLE, "kms:Decrypt", managed_alias))),
        (Decision::Allowed, None)
    );
}

#[test]
fn only_some_kms_operations_work_across_accounts() {
    let key = "arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let policies = json!({"identity": [{"id": "Admin", "document": allow("kms:*", "*")}],
        "resource": [{"id": "KeyPolicy", "document": grant(json!({"AWS": ACCOUNT}), "kms:*")}]});
    assert_eq!(
        decided(&run(policies.clone(), request(ROLE, "kms:Decrypt", key))),
        (Decision::Allowed, None)
    );
    assert_eq!(
        decided(&run(
            policies.clone(),
            request(ROLE, "kms:DescribeKey", key)
        )),
        (Decision::Allowed, None)
    );
    for action in [
        "kms:ScheduleKeyDeletion",
        "kms:PutKeyPolicy",
        "kms:EnableKeyRotation",
    ] {
        assert_eq!(
            decided(&run(policies.clone(), request(ROLE, action, key))),
            (Decision::ImplicitDeny, Some("kms-cross-account")),
            "{action}"
        );
    }
    // Within the key's own account, the policies decide.
    let own = json!({"identity": [{"id": "Admin", "document": allow("kms:*", "*")}],
        "resource": [{"id": "KeyPolicy", "document": grant(json!({"AWS": OTHER_ACCOUNT}), "kms:*")}]});
    assert_eq!(
        decided(&run(
            own,
            request(
                "arn:aws:iam::444455556666:role/KeyAdmin",
                "kms:ScheduleKeyDeletion",
                key
            )
        )),
        (Decision::Allowed, None)
    );
}

/// A bucket policy that allows the account and denies everyone `NotPrincipal` lists.
fn not_principal_policies(listed: &[&str]) -> Value {
    let document = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Account", "Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "s3:*", "Resource": "*"},
        {"Sid": "OnlyListed", "Effect": "Deny", "NotPrincipal": {"AWS": listed}, "Action": "s3:*", "Resource": "*"}]});
    json!({"identity": [{"id": "A", "document": allow("s3:*", "*")}], "resource": [{"id": "B", "document": document}]})
}

#[test]
fn a_not_principal_deny_leaves_out_only_callers_it_names_at_every_level() {
    let get = |caller: &str| request(caller, "s3:GetObject", BUCKET_OBJECT);
    // The account alone leaves out its root user, not its other principals.
    let account = not_principal_policies(&[ACCOUNT]);
    assert_eq!(run(account.clone(), get(ROOT)).decision, Decision::Allowed);
    assert_eq!(
        run(account.clone(), get(USER)).decision,
        Decision::ExplicitDeny
    );
    assert_eq!(run(account, get(SESSION)).decision, Decision::ExplicitDeny);
    // A user with its account.
    let user = not_principal_policies(&[USER, ROOT]);
    assert_eq!(run(user, get(USER)).decision, Decision::Allowed);
    // A user without its account is not left out.
    let denied = run(not_principal_policies(&[USER]), get(USER));
    assert_eq!(denied.decision, Decision::ExplicitDeny);
    let principal = denied
        .stages
        .iter()
        .find(|s| s.stage.name() == "resource")
        .and_then(|s| s.policies[0].statements.get(1))
        .and_then(|s| s.principal.as_ref())
        .expect("the NotPrincipal traced");
    assert!(principal
        .note
        .is_some_and(|note| note.contains("not-principal-deny")));
    // The role ARN and the account do not leave out the role's sessions …
    let role = not_principal_policies(&[ROLE, ACCOUNT]);
    assert_eq!(run(role, get(SESSION)).decision, Decision::ExplicitDeny);
    // … the session's assumed-role ARN with them does.
    let session = not_principal_policies(&[SESSION, ROLE, ACCOUNT]);
    assert_eq!(
        run(session.clone(), get(SESSION)).decision,
        Decision::Allowed
    );
    // And only that session.
    let other_session = "arn:aws:sts::111122223333:assumed-role/AppRole/other";
    assert_eq!(
        run(session, get(other_session)).decision,
        Decision::ExplicitDeny
    );
}

#[test]
fn a_trust_policy_that_names_a_user_is_not_limited_by_its_boundary() {
    let boundary = json!([{"id": "Boundary", "document": allow("s3:*", "*")}]);
    let identity = json!([{"id": "A", "document": allow("sts:AssumeRole", "*")}]);
    let names_user = json!({"identity": identity, "boundary": boundary,
        "resource": [{"id": "Trust", "document": grant(json!({"AWS": USER}), "sts:AssumeRole")}]});
    let allowed = run(names_user, request(USER, "sts:AssumeRole", TARGET_ROLE));
    assert_eq!(
        decided(&allowed),
        (Decision::Allowed, Some("trust-policy-names-user"))
    );
    assert!(allowed.explanation.contains("trust-policy-names-user"));
    // Naming the account delegates to the user's policies: the boundary must allow it.
    let names_account = json!({"identity": identity, "boundary": boundary,
        "resource": [{"id": "Trust", "document": grant(json!({"AWS": ACCOUNT}), "sts:AssumeRole")}]});
    let denied = run(names_account, request(USER, "sts:AssumeRole", TARGET_ROLE));
    assert_eq!(decided(&denied), (Decision::ImplicitDeny, None));
    assert_eq!(
        denied
            .blocked_by
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>(),
        ["boundary"]
    );
}

#[test]
fn rcps_do_not_cover_aws_managed_keys_nor_retire_grant() {
    let rcp = json!([{"id": "NoKms", "level": "root", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*"}]}}]);
    let scenario = |action: &str, resource: &str| {
        json!({"organization": {"management_account": "999988887777"},
            "policies": {"rcp": rcp, "identity": [{"id": "A", "document": allow("kms:*", "*")}],
                "resource": [{"id": "KeyPolicy", "document": grant(json!({"AWS": ACCOUNT}), "kms:*")}]},
            "requests": [request(ROLE, action, resource)]})
    };
    let key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    assert_eq!(
        evaluate(scenario("kms:Decrypt", key)).decision,
        Decision::ExplicitDeny
    );
    let managed = evaluate(scenario(
        "kms:Decrypt",
        "arn:aws:kms:eu-west-1:111122223333:alias/aws/s3",
    ));
    assert_eq!(managed.decision, Decision::Allowed);
    let rcp_stage = managed
        .stages
        .iter()
        .find(|s| s.stage.name() == "rcp")
        .expect("rcp stage");
    assert_eq!(rcp_stage.status, StageStatus::NotApplicable);
    assert!(rcp_stage.summary.contains("AWS managed keys"));
    assert_eq!(
        evaluate(scenario("kms:RetireGrant", key)).decision,
        Decision::Allowed
    );
}

#[test]
fn every_action_the_rules_name_is_an_action_of_aws() {
    use precedence::aws_rules::{Actions, RULES};
    let catalog = precedence::Catalog::parse(include_str!("../data/catalog.txt"))
        .expect("the catalog parses");
    assert!(catalog.action("kms:notanaction").is_none());
    for rule in RULES {
        let listed: &[&str] = match rule.actions {
            Actions::Only(list) | Actions::ServiceExcept(_, list) => list,
            Actions::Any | Actions::Service(_) => &[],
        };
        for action in listed {
            assert!(
                catalog.action(action).is_some(),
                "rule `{}` names `{action}`, which AWS's catalog does not have",
                rule.id
            );
        }
    }
}
