//! The account model through the public API: each request meets its own principal's and
//! resource's policies, its accounts' SCP and RCP paths, and the keys the model derives; every
//! reference the model makes is checked and located.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail loudly on broken fixtures"
)]

use precedence::scenario::DocumentSource;
use precedence::{Decision, Engine, Evaluation, Scenario, ScenarioError, ScenarioFile};
use serde_json::{json, Value};

#[path = "support/policies.rs"]
mod support;
use support::{allow, deny, grant};

const ANALYST: &str = "arn:aws:iam::111122223333:role/Analyst";
const BUILDER: &str = "arn:aws:iam::111122223333:role/Builder";
const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
const READ_REPORTS: &str = "arn:aws:iam::111122223333:policy/ReadReports";
const ONLY_S3: &str = "arn:aws:iam::111122223333:policy/OnlyS3";

/// An account: two roles and a user with policies of their own, a group, two buckets with
/// bucket policies of their own, and an organization of two OUs.
fn account() -> Value {
    json!({
        "organization": {
            "id": "o-exampleorgid",
            "units": [
                {"id": "r-examplerootid111"},
                {"id": "ou-prod", "parent": "r-examplerootid111"},
                {"id": "ou-dev", "parent": "r-examplerootid111"}
            ],
            "accounts": [
                {"id": "111122223333", "unit": "ou-prod"},
                {"id": "444455556666", "unit": "ou-dev"}
            ]
        },
        "managed_policies": [
            {"arn": READ_REPORTS, "document": allow("s3:GetObject", "*")},
            {"arn": ONLY_S3, "document": allow("s3:*", "*")}
        ],
        "groups": [
            {"arn": "arn:aws:iam::111122223333:group/Readers", "attached_policies": [READ_REPORTS]}
        ],
        "principals": [
            {"arn": ANALYST, "attached_policies": [READ_REPORTS], "tags": {"team": "data"},
             "trust_policy": grant(json!({"AWS": "arn:aws:iam::111122223333:user/alice"}), "sts:AssumeRole")},
            {"arn": BUILDER, "inline_policies": [{"name": "Deploy", "document": allow("s3:PutObject", "*")}]},
            {"arn": ALICE, "groups": ["arn:aws:iam::111122223333:group/Readers"],
             "inline_policies": [{"name": "AssumeAny", "document": allow("sts:AssumeRole", "*")}],
             "permissions_boundary": ONLY_S3}
        ],
        "resources": [
            {"arn": "arn:aws:s3:::reports", "tags": {"classification": "internal"},
             "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*",
                "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*",
                "Condition": {"StringNotEquals": {"aws:PrincipalTag/team": "data"}}}]}},
            {"arn": "arn:aws:s3:::builds"}
        ],
        "policies": {
            "identity": [{"id": "EveryoneElse", "document": allow("*", "*")}],
            "scp": [
                {"id": "FullAWSAccess", "target": ["r-examplerootid111", "ou-prod", "ou-dev", "111122223333", "444455556666"],
                 "document": allow("*", "*")},
                {"id": "NoDeletesInProd", "target": "ou-prod", "document": deny("s3:DeleteObject")}
            ]
        },
        "requests": []
    })
}

/// The evaluation of `request` in the account (with `change` made to the account first).
fn decide_in(mut scenario: Value, request: Value) -> Evaluation {
    scenario["requests"] = json!([request]);
    support::evaluate(scenario)
}

fn decide(request: Value) -> Evaluation {
    decide_in(account(), request)
}

fn request(principal: &str, action: &str, resource: &str) -> Value {
    json!({"principal": principal, "action": action, "resource": resource})
}

fn blocked(evaluation: &Evaluation) -> Vec<&'static str> {
    evaluation.blocked_by.iter().map(|s| s.name()).collect()
}

#[test]
fn each_principal_meets_its_own_policies_not_the_scenario_wide_ones() {
    let analyst = decide(request(
        ANALYST,
        "s3:GetObject",
        "arn:aws:s3:::reports/q1.csv",
    ));
    assert_eq!(
        analyst.decision,
        Decision::Allowed,
        "{}",
        analyst.explanation
    );
    let builder = decide(request(
        BUILDER,
        "s3:GetObject",
        "arn:aws:s3:::builds/app.zip",
    ));
    assert_eq!(
        builder.decision,
        Decision::ImplicitDeny,
        "{}",
        builder.explanation
    );
    assert_eq!(blocked(&builder), ["identity"]);
    let identity = builder
        .stages
        .iter()
        .find(|s| s.stage.name() == "identity")
        .expect("identity stage");
    let ids: Vec<&str> = identity.policies.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["Deploy"],
        "the scenario-wide `EveryoneElse` is not the Builder's"
    );
    assert_eq!(identity.policies[0].owner.as_deref(), Some(BUILDER));
    assert_eq!(
        identity.policies[0].source,
        DocumentSource::PrincipalInline {
            principal: 1,
            index: 0
        }
    );
    // A caller the model does not hold still gets the scenario-wide policies, as before.
    let other = decide(request(
        "arn:aws:iam::111122223333:role/Other",
        "s3:GetObject",
        "arn:aws:s3:::builds/app.zip",
    ));
    assert_eq!(other.decision, Decision::Allowed, "{}", other.explanation);
}

#[test]
fn a_role_session_is_its_role_and_its_session_policies_and_tags_apply() {
    let session = "arn:aws:sts::111122223333:assumed-role/Analyst/nightly";
    let plain = decide(request(
        session,
        "s3:GetObject",
        "arn:aws:s3:::reports/q1.csv",
    ));
    assert_eq!(plain.decision, Decision::Allowed, "{}", plain.explanation);
    let tag = plain
        .context
        .entries()
        .iter()
        .find(|e| e.key == "aws:PrincipalTag/team")
        .expect("the role's tag is derived");
    assert!(tag.derived);
    assert_eq!(tag.values, ["data"]);

    // Session tags override the role's tag of the same key: the bucket policy now denies.
    let mut tagged = request(session, "s3:GetObject", "arn:aws:s3:::reports/q1.csv");
    tagged["session"] = json!({"tags": {"team": "web"}});
    let retagged = decide(tagged);
    assert_eq!(
        retagged.decision,
        Decision::ExplicitDeny,
        "{}",
        retagged.explanation
    );
    assert_eq!(blocked(&retagged), ["resource"]);

    // A session policy limits the session.
    let mut limited = request(session, "s3:GetObject", "arn:aws:s3:::reports/q1.csv");
    limited["session"] = json!({"policy": allow("s3:ListBucket", "*")});
    let limited = decide(limited);
    assert_eq!(
        limited.decision,
        Decision::ImplicitDeny,
        "{}",
        limited.explanation
    );
    assert_eq!(blocked(&limited), ["session"]);
    let mut managed = request(session, "s3:GetObject", "arn:aws:s3:::reports/q1.csv");
    managed["session"] = json!({"policy_arns": [ONLY_S3]});
    let managed = decide(managed);
    assert_eq!(
        managed.decision,
        Decision::Allowed,
        "{}",
        managed.explanation
    );
}

#[test]
fn a_user_gets_its_groups_policies_and_is_limited_by_its_boundary() {
    let read = decide(request(
        ALICE,
        "s3:GetObject",
        "arn:aws:s3:::builds/app.zip",
    ));
    assert_eq!(read.decision, Decision::Allowed, "{}", read.explanation);
    let identity = read
        .stages
        .iter()
        .find(|s| s.stage.name() == "identity")
        .expect("identity stage");
    assert!(identity
        .policies
        .iter()
        .any(|p| p.owner.as_deref() == Some(READ_REPORTS)));
    // Her inline policy allows sts:AssumeRole, but her boundary allows only S3.
    let assume = decide(request(ALICE, "sts:AssumeRole", BUILDER));
    assert_eq!(
        assume.decision,
        Decision::ImplicitDeny,
        "{}",
        assume.explanation
    );
    assert!(
        blocked(&assume).contains(&"boundary"),
        "{:?}",
        blocked(&assume)
    );
}

#[test]
fn a_roles_trust_policy_is_its_resource_policy_for_assume_role() {
    let mut scenario = account();
    // Without the boundary, the trust policy decides.
    scenario["principals"][2]
        .as_object_mut()
        .expect("alice")
        .remove("permissions_boundary");
    let trusted = decide_in(scenario.clone(), request(ALICE, "sts:AssumeRole", ANALYST));
    assert_eq!(
        trusted.decision,
        Decision::Allowed,
        "{}",
        trusted.explanation
    );
    let resource = trusted
        .stages
        .iter()
        .find(|s| s.stage.name() == "resource")
        .expect("resource stage");
    assert_eq!(resource.policies[0].id, "trust policy");
    assert_eq!(resource.policies[0].owner.as_deref(), Some(ANALYST));
    // The Builder role has no trust policy in the scenario: a trust policy must allow.
    let untrusted = decide_in(scenario, request(ALICE, "sts:AssumeRole", BUILDER));
    assert_eq!(untrusted.decision, Decision::ImplicitDeny);
    assert_eq!(blocked(&untrusted), ["resource"]);
    let summary = &untrusted
        .stages
        .iter()
        .find(|s| s.stage.name() == "resource")
        .expect("resource stage")
        .summary;
    assert!(
        summary.contains("has no trust policy in the scenario"),
        "{summary}"
    );
}

#[test]
fn a_bucket_policy_covers_the_buckets_objects_and_no_other_bucket() {
    let builder_reads_reports = decide(request(
        BUILDER,
        "s3:GetObject",
        "arn:aws:s3:::reports/q1.csv",
    ));
    assert_eq!(builder_reads_reports.decision, Decision::ExplicitDeny);
    assert_eq!(blocked(&builder_reads_reports), ["resource"]);
    let resource_tag = builder_reads_reports
        .context
        .entries()
        .iter()
        .find(|e| e.key == "aws:ResourceTag/classification")
        .expect("the bucket's tag is derived");
    assert_eq!(resource_tag.values, ["internal"]);
    let builds = decide(request(
        BUILDER,
        "s3:PutObject",
        "arn:aws:s3:::builds/app.zip",
    ));
    assert_eq!(builds.decision, Decision::Allowed, "{}", builds.explanation);
    let resource = builds
        .stages
        .iter()
        .find(|s| s.stage.name() == "resource")
        .expect("resource stage");
    assert!(resource
        .summary
        .contains("`arn:aws:s3:::builds` has no resource-based policy in the scenario"));
}

#[test]
fn an_accounts_scps_are_those_on_its_path_from_the_root() {
    let prod = decide(request(
        BUILDER,
        "s3:DeleteObject",
        "arn:aws:s3:::builds/app.zip",
    ));
    assert_eq!(
        prod.decision,
        Decision::ExplicitDeny,
        "{}",
        prod.explanation
    );
    assert_eq!(blocked(&prod), ["scp"]);
    let scp = prod
        .stages
        .iter()
        .find(|s| s.stage.name() == "scp")
        .expect("scp stage");
    let levels: Vec<Option<&str>> = scp.policies.iter().map(|p| p.level.as_deref()).collect();
    assert_eq!(
        levels,
        [
            Some("r-examplerootid111"),
            Some("ou-prod"),
            Some("ou-prod"),
            Some("111122223333")
        ]
    );
    let dev = decide(request(
        "arn:aws:iam::444455556666:role/Builder",
        "s3:DeleteObject",
        "arn:aws:s3:::dev-builds/app.zip",
    ));
    assert_eq!(dev.decision, Decision::Allowed, "{}", dev.explanation);

    // A level of the path with no SCP in the scenario is said, and taken to allow as AWS's
    // default FullAWSAccess does.
    let mut scenario = account();
    scenario["policies"]["scp"][0]["target"] =
        json!(["r-examplerootid111", "ou-prod", "111122223333"]);
    let bare = decide_in(
        scenario,
        request(
            "arn:aws:iam::444455556666:role/Builder",
            "s3:PutObject",
            "arn:aws:s3:::dev-builds/app.zip",
        ),
    );
    assert_eq!(bare.decision, Decision::Allowed, "{}", bare.explanation);
    let summary = &bare
        .stages
        .iter()
        .find(|s| s.stage.name() == "scp")
        .expect("scp stage")
        .summary;
    assert!(
        summary.contains("no SCP of the scenario is attached at `ou-dev`, `444455556666`"),
        "{summary}"
    );

    // An OU on the path without an Allow denies: every level must allow.
    let mut scenario = account();
    scenario["policies"]["scp"][0]["target"] = json!(["r-examplerootid111", "111122223333"]);
    let without = decide_in(
        scenario,
        request(BUILDER, "s3:PutObject", "arn:aws:s3:::builds/app.zip"),
    );
    assert_eq!(without.decision, Decision::ImplicitDeny);
    assert!(
        without.explanation.contains("ou-prod"),
        "{}",
        without.explanation
    );
}

#[test]
fn the_organizations_id_and_paths_are_derived_for_its_accounts() {
    let evaluation = decide(request(
        BUILDER,
        "s3:PutObject",
        "arn:aws:s3:::builds/app.zip",
    ));
    let value = |key: &str| {
        evaluation
            .context
            .entries()
            .iter()
            .find(|e| e.key == key)
            .map(|e| (e.values.clone(), e.derived))
    };
    assert_eq!(
        value("aws:PrincipalOrgID"),
        Some((vec!["o-exampleorgid".to_owned()], true))
    );
    assert_eq!(
        value("aws:PrincipalOrgPaths"),
        Some((
            vec!["o-exampleorgid/r-examplerootid111/ou-prod/".to_owned()],
            true
        ))
    );
    // The bucket names no account: its account is the caller's.
    assert_eq!(
        value("aws:ResourceOrgID"),
        Some((vec!["o-exampleorgid".to_owned()], true))
    );
    // An account the organization does not list gets none.
    let outsider = decide(request(
        "arn:aws:iam::777788889999:role/Partner",
        "s3:PutObject",
        "arn:aws:s3:::builds/app.zip",
    ));
    assert!(outsider
        .context
        .entries()
        .iter()
        .all(|e| e.key != "aws:PrincipalOrgID"));
    // A key the request gives is not replaced.
    let mut given = request(BUILDER, "s3:PutObject", "arn:aws:s3:::builds/app.zip");
    given["context"] = json!({"aws:PrincipalOrgID": "o-other"});
    let given = decide(given);
    let entry = given
        .context
        .entries()
        .iter()
        .find(|e| e.key == "aws:PrincipalOrgID")
        .expect("given");
    assert_eq!(
        (entry.values.clone(), entry.derived),
        (vec!["o-other".to_owned()], false)
    );
}

#[test]
fn rcps_follow_the_resource_accounts_path() {
    let mut scenario = account();
    scenario["policies"]["rcp"] = json!([{
        "id": "NoOutsideReads", "target": "ou-dev",
        "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*",
            "Action": "s3:GetObject", "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-exampleorgid"}}}]}
    }]);
    scenario["policies"]["resource"] =
        json!([{"id": "Open", "document": grant(json!("*"), "s3:GetObject")}]);
    let outsider = "arn:aws:iam::777788889999:role/Partner";
    let mut into_dev = request(outsider, "s3:GetObject", "arn:aws:s3:::dev-data/file");
    into_dev["resource_account"] = json!("444455556666");
    let denied = decide_in(scenario.clone(), into_dev);
    assert_eq!(
        denied.decision,
        Decision::ExplicitDeny,
        "{}",
        denied.explanation
    );
    assert_eq!(blocked(&denied), ["rcp"]);
    let mut into_other = request(outsider, "s3:GetObject", "arn:aws:s3:::other-data/file");
    into_other["resource_account"] = json!("555566667777");
    let elsewhere = decide_in(scenario, into_other);
    assert_ne!(blocked(&elsewhere), ["rcp"], "{}", elsewhere.explanation);
}

/// The error a scenario file gets, with its line, column and path.
fn file_error(scenario: &Value) -> (String, usize, usize, String) {
    let text = serde_json::to_string_pretty(scenario).expect("json");
    match ScenarioFile::from_text(&text) {
        Err(ScenarioError::Reference {
            path,
            position,
            message,
            ..
        }) => (path, position.line, position.column, message),
        other => panic!("expected a reference error, got {other:?}"),
    }
}

#[test]
fn references_to_what_the_scenario_does_not_hold_are_located_errors() {
    let text = serde_json::to_string_pretty(&account()).expect("json");
    assert!(
        ScenarioFile::from_text(&text).is_ok(),
        "the account is valid"
    );

    let mut misspelt = account();
    misspelt["principals"][0]["attached_policies"] =
        json!(["arn:aws:iam::111122223333:policy/ReadReport"]);
    let (path, line, column, message) = file_error(&misspelt);
    assert_eq!(path, "principals[0].attached_policies[0]");
    let text = serde_json::to_string_pretty(&misspelt).expect("json");
    let at = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.get(column - 1..))
        .unwrap_or_default();
    assert!(
        at.starts_with("\"arn:aws:iam::111122223333:policy/ReadReport\""),
        "{at}"
    );
    assert!(
        message.contains("it has `arn:aws:iam::111122223333:policy/ReadReports`"),
        "the nearest name first: {message}"
    );

    let cases = [
        (
            json!({"principals": [{"arn": BUILDER, "groups": ["arn:aws:iam::111122223333:group/Readers"]}]}),
            "principals[0].groups[0]",
            "only users",
        ),
        (
            json!({"principals": [{"arn": ALICE, "groups": ["arn:aws:iam::111122223333:group/Writers"]}]}),
            "principals[0].groups[0]",
            "no group",
        ),
        (
            json!({"principals": [{"arn": ALICE, "trust_policy": {"Statement": []}}]}),
            "principals[0].trust_policy",
            "only roles",
        ),
        (
            json!({"principals": [{"arn": "arn:aws:s3:::bucket"}]}),
            "principals[0].arn",
            "not the ARN of an IAM user or role",
        ),
        (
            json!({"principals": [{"arn": BUILDER}, {"arn": BUILDER}]}),
            "principals[1].arn",
            "defined twice",
        ),
        (
            json!({"organization": {"units": [{"id": "ou-a", "parent": "r-1"}, {"id": "ou-b", "parent": "ou-c"}]}}),
            "organization.units[1].parent",
            "no unit `ou-c`",
        ),
        (
            json!({"organization": {"units": [{"id": "ou-a", "parent": "r-1"}], "accounts": [{"id": "111122223333", "unit": "ou-b"}]}}),
            "organization.accounts[0].unit",
            "no unit `ou-b`",
        ),
        (
            json!({"organization": {"units": [{"id": "ou-a", "parent": "r-1"}]},
                "policies": {"scp": [{"id": "S", "target": ["r-1", "ou-z"], "document": {}}]}}),
            "policies.scp[0].target[1]",
            "no root, OU or account `ou-z`",
        ),
        (
            json!({"policies": {"scp": [{"id": "S", "target": "r-1", "level": "root", "document": {}}]}}),
            "policies.scp[0].target",
            "both a `level` and a `target`",
        ),
        (
            json!({"requests": [{"principal": BUILDER, "action": "s3:GetObject", "resource": "*",
                              "session": {"tags": {"a": "b"}}}]}),
            "requests[0].session",
            "not a role session",
        ),
    ];
    for (scenario, want_path, want_message) in cases {
        let (path, _, _, message) = file_error(&scenario);
        assert_eq!(path, want_path, "{scenario}");
        assert!(message.contains(want_message), "{path}: {message}");
    }
}

#[test]
fn a_model_document_with_errors_is_reported_where_it_is_in_the_file() {
    let mut scenario = account();
    scenario["principals"][1]["inline_policies"][0]["document"] = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Permit", "Action": "s3:PutObject", "Resource": "*"}]});
    let text = serde_json::to_string_pretty(&scenario).expect("json");
    let file = ScenarioFile::from_text(&text).expect("valid file");
    let engine = Engine::from_file(&file, &text);
    let policy = engine
        .policies()
        .iter()
        .find(|p| p.owner.as_deref() == Some(BUILDER))
        .expect("the Builder's inline policy");
    let finding = policy
        .findings
        .iter()
        .find(|f| f.code == "invalid-effect")
        .expect("the Permit is found");
    let position = policy.position(finding.span);
    let line = text.lines().nth(position.line - 1).unwrap_or_default();
    assert!(line.contains("\"Permit\""), "{line}");
    let scenario: Scenario = serde_json::from_str(&text).expect("scenario");
    assert!(scenario.reference_errors().is_empty());
}

#[test]
fn a_missing_allow_at_an_attached_level_is_suggested_there_and_checked() {
    let mut scenario = account();
    scenario["policies"]["scp"][0]["target"] = json!(["r-examplerootid111", "111122223333"]);
    scenario["requests"] = json!([request(
        BUILDER,
        "s3:PutObject",
        "arn:aws:s3:::builds/app.zip"
    )]);
    let scenario: Scenario = serde_json::from_value(scenario).expect("scenario");
    let engine = Engine::from_scenario(&scenario);
    let suggestions = engine.suggest(&scenario, 0).expect("suggestions");
    let first = suggestions.items.first().expect("a suggestion");
    assert!(
        first.title.contains("at level `ou-prod`"),
        "{}",
        first.title
    );
    let mut changed = scenario.clone();
    first.apply(&mut changed).expect("applies");
    let added = changed
        .policies
        .scp
        .iter()
        .find(|entry| !scenario.policies.scp.contains(entry))
        .expect("an SCP was edited or added");
    let attached_to_prod = added
        .target
        .as_ref()
        .is_some_and(|t| t.ids().iter().any(|id| id == "ou-prod"));
    assert!(attached_to_prod, "{added:?}");
    let engine = Engine::from_scenario(&changed);
    let prepared = engine.prepare(&changed.requests[0]).expect("prepares");
    assert_eq!(engine.decide(&prepared).decision, Decision::Allowed);
}

#[test]
fn when_only_the_models_policies_stand_in_the_way_the_suggestions_say_so() {
    let mut scenario = account();
    scenario["requests"] = json!([request(ALICE, "sts:AssumeRole", BUILDER)]);
    let scenario: Scenario = serde_json::from_value(scenario).expect("scenario");
    let engine = Engine::from_scenario(&scenario);
    let suggestions = engine.suggest(&scenario, 0).expect("suggestions");
    let unfixable = suggestions.unfixable.expect("nothing found");
    assert!(
        unfixable
            .message
            .contains(&format!("part of the account model (`{ONLY_S3}`")),
        "{}",
        unfixable.message
    );
}
