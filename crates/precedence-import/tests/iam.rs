//! `aws iam get-account-authorization-details` read through the public `import`: what is
//! taken, which version of a managed policy is the policy, documents in both forms, several
//! accounts merged, what is noted, what is an error, and the imported model evaluated.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use precedence::scenario::Document;
use precedence::{Decision, Engine, Request, Scenario, ScenarioFile, Stage};
use precedence_import::{import, ImportError, ImportFile, ImportOptions, Imported, Note};
use serde_json::{json, Value};

const CLI: &str = include_str!("fixtures/iam/account-111122223333.cli.json");
const API: &str = include_str!("fixtures/iam/account-111122223333.api.json");
const OTHER_ACCOUNT: &str = include_str!("fixtures/iam/account-444455556666.cli.json");
const LOCAL_ONLY: &str = include_str!("fixtures/iam/account-111122223333.local-only.json");
const PAGE: &str = include_str!("fixtures/iam/account-111122223333.page-1.json");

fn read_all(files: &[(&str, &str)]) -> Result<Imported, ImportError> {
    let files: Vec<ImportFile<'_>> = files
        .iter()
        .map(|&(name, text)| ImportFile { name, text })
        .collect();
    import(&files, &ImportOptions::default())
}

fn read(name: &str, text: &str) -> Imported {
    read_all(&[(name, text)]).expect("the fixture imports")
}

fn taken(imported: &Imported, file: usize) -> Vec<(&str, usize)> {
    imported.report.files[file]
        .taken
        .iter()
        .map(|(what, count)| (what.as_str(), *count))
        .collect()
}

/// A document as JSON, whichever form it was given in.
fn json_of(document: &Document) -> Value {
    match document {
        Document::Json(value) => value.clone(),
        Document::Text(text) => serde_json::from_str(text).expect("the document is JSON text"),
    }
}

fn managed<'s>(scenario: &'s Scenario, arn: &str) -> &'s Document {
    &scenario
        .managed_policies
        .iter()
        .find(|m| m.arn == arn)
        .expect("the managed policy was imported")
        .document
}

fn principal<'s>(scenario: &'s Scenario, arn: &str) -> &'s precedence::scenario::Principal {
    scenario
        .principals
        .iter()
        .find(|p| p.arn == arn)
        .expect("the principal was imported")
}

fn notes_at<'i>(imported: &'i Imported, path: &str) -> Vec<&'i Note> {
    imported
        .report
        .files
        .iter()
        .flat_map(|file| &file.notes)
        .filter(|note| note.path.as_deref() == Some(path))
        .collect()
}

#[test]
fn the_report_counts_what_the_file_gave() {
    let imported = read("cli.json", CLI);
    assert_eq!(
        imported.report.files[0].kind.name(),
        "iam-authorization-details"
    );
    assert_eq!(
        taken(&imported, 0),
        [
            ("managed policies", 4),
            ("inline policies", 3),
            ("groups", 1),
            ("users", 2),
            ("roles", 3)
        ]
    );
    assert!(imported.report.files[0].notes.is_empty());
    let scenario = &imported.scenario;
    assert_eq!(scenario.managed_policies.len(), 4);
    assert_eq!(scenario.groups.len(), 1);
    assert_eq!(scenario.principals.len(), 5);
    assert_eq!(scenario.reference_errors(), []);
}

#[test]
fn users_roles_and_groups_keep_their_policies_boundary_tags_and_trust() {
    let scenario = read("cli.json", CLI).scenario;
    let alice = principal(&scenario, "arn:aws:iam::111122223333:user/alice");
    assert_eq!(alice.groups, ["arn:aws:iam::111122223333:group/Developers"]);
    assert_eq!(alice.tags.get("team").map(String::as_str), Some("payments"));
    assert!(alice.trust_policy.is_none());
    let bob = principal(&scenario, "arn:aws:iam::111122223333:user/ops/bob");
    assert_eq!(bob.inline_policies[0].name, "ReadOwnUser");
    let writer = principal(
        &scenario,
        "arn:aws:iam::111122223333:role/service-role/StockWriter",
    );
    assert_eq!(
        writer.permissions_boundary.as_deref(),
        Some("arn:aws:iam::111122223333:policy/StockReadBoundary")
    );
    assert_eq!(
        writer.attached_policies,
        ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    );
    let app = principal(&scenario, "arn:aws:iam::111122223333:role/AppRole");
    assert_eq!(app.tags.len(), 2);
    let trust = json_of(
        app.trust_policy
            .as_ref()
            .expect("a role has its trust policy"),
    );
    assert_eq!(
        trust["Statement"][0]["Principal"]["Service"],
        "ec2.amazonaws.com"
    );
    let group = &scenario.groups[0];
    assert_eq!(group.inline_policies[0].name, "DevBucketRead");
    assert_eq!(
        group.attached_policies,
        ["arn:aws:iam::111122223333:policy/DeveloperTools"]
    );
}

#[test]
fn a_managed_policy_is_its_default_version() {
    let scenario = read("cli.json", CLI).scenario;
    let app = json_of(managed(
        &scenario,
        "arn:aws:iam::111122223333:policy/AppStockRead",
    ));
    assert_eq!(app["Statement"][0]["Sid"], "ReadStock");
    let tools = json_of(managed(
        &scenario,
        "arn:aws:iam::111122223333:policy/DeveloperTools",
    ));
    assert_eq!(
        tools["Statement"][0]["Action"],
        json!(["codecommit:GitPull", "codecommit:GitPush"])
    );
}

#[test]
fn without_is_default_version_the_default_version_id_names_it() {
    let text = json!({"Policies": [{
        "Arn": "arn:aws:iam::111122223333:policy/Named",
        "DefaultVersionId": "v2",
        "PolicyVersionList": [
            {"VersionId": "v1", "Document": {"Statement": [{"Sid": "One", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}},
            {"VersionId": "v2", "Document": {"Statement": [{"Sid": "Two", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}
        ]
    }]})
    .to_string();
    let scenario = read("named.json", &text).scenario;
    let document = json_of(managed(&scenario, "arn:aws:iam::111122223333:policy/Named"));
    assert_eq!(document["Statement"][0]["Sid"], "Two");
}

#[test]
fn url_encoded_documents_read_as_the_cli_printed_them() {
    let from_cli = read("cli.json", CLI).scenario;
    let from_api = read("api.json", API).scenario;
    let writer = "arn:aws:iam::111122223333:role/service-role/StockWriter";
    let encoded = &principal(&from_api, writer).inline_policies[0].document;
    let Document::Text(text) = encoded else {
        panic!("a URL-encoded document is kept as the text it decodes to, got {encoded:?}");
    };
    assert!(text.starts_with("{\"Version\":\"2012-10-17\""), "{text}");
    assert_eq!(
        json_of(encoded),
        json_of(&principal(&from_cli, writer).inline_policies[0].document)
    );
    assert_eq!(
        from_api.managed_policies.len(),
        from_cli.managed_policies.len()
    );
    for (api, cli) in from_api
        .managed_policies
        .iter()
        .zip(&from_cli.managed_policies)
    {
        assert_eq!(api.arn, cli.arn);
        assert_eq!(json_of(&api.document), json_of(&cli.document));
    }
    for (api, cli) in from_api.principals.iter().zip(&from_cli.principals) {
        let trust = |p: &precedence::scenario::Principal| p.trust_policy.as_ref().map(json_of);
        assert_eq!(trust(api), trust(cli), "{}", api.arn);
        assert_eq!(api.attached_policies, cli.attached_policies);
        assert_eq!(api.groups, cli.groups);
    }
}

#[test]
fn two_accounts_merge_by_arn() {
    let imported = read_all(&[("a.json", CLI), ("b.json", OTHER_ACCOUNT)]).expect("both import");
    let scenario = &imported.scenario;
    assert_eq!(taken(&imported, 1)[0], ("managed policies", 2));
    // ReadOnlyAccess is in both files with the same document: defined once, no note.
    assert_eq!(scenario.managed_policies.len(), 5);
    assert!(
        imported.report.notes.is_empty(),
        "{:?}",
        imported.report.notes
    );
    assert_eq!(scenario.principals.len(), 7);
    let carol = principal(scenario, "arn:aws:iam::444455556666:user/carol");
    assert_eq!(
        carol.attached_policies,
        ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    );
    assert!(scenario
        .managed_policies
        .iter()
        .any(|m| m.arn == "arn:aws:iam::444455556666:policy/ReportsWrite"));
    assert_eq!(scenario.reference_errors(), []);

    let again = read_all(&[("a.json", CLI), ("a-api.json", API)]).expect("both import");
    assert_eq!(again.scenario.principals.len(), 5);
    assert_eq!(again.scenario.groups.len(), 1);
}

#[test]
fn what_a_filtered_file_lacks_is_noted_and_left_out() {
    let imported = read("local-only.json", LOCAL_ONLY);
    let scenario = &imported.scenario;
    let audit = principal(scenario, "arn:aws:iam::111122223333:role/AuditRole");
    assert_eq!(
        audit.attached_policies,
        ["arn:aws:iam::111122223333:policy/AuditNotes"]
    );
    assert_eq!(audit.permissions_boundary, None);
    let aws_managed = notes_at(&imported, "RoleDetailList[0].AttachedManagedPolicies[0]");
    assert_eq!(aws_managed.len(), 1);
    assert!(aws_managed[0]
        .message
        .contains("AWS managed policy `arn:aws:iam::aws:policy/ReadOnlyAccess` is attached but its document is not in the file"));
    assert!(aws_managed[0].message.contains("without --filter"));
    let boundary = notes_at(&imported, "RoleDetailList[0].PermissionsBoundary");
    assert_eq!(boundary.len(), 1);
    assert!(boundary[0].message.contains("PowerUserAccess"));
    assert!(boundary[0].message.contains("without a boundary"));
    let alice = principal(scenario, "arn:aws:iam::111122223333:user/alice");
    assert!(alice.groups.is_empty());
    let group = notes_at(&imported, "UserDetailList[0].GroupList[0]");
    assert_eq!(group.len(), 1);
    assert!(group[0]
        .message
        .contains("`arn:aws:iam::111122223333:group/Developers`"));
    assert_eq!(imported.report.files[0].notes.len(), 3);
    assert_eq!(scenario.reference_errors(), []);
}

#[test]
fn a_truncated_file_is_noted_as_one_page() {
    let imported = read("page-1.json", PAGE);
    let notes = notes_at(&imported, "IsTruncated");
    assert_eq!(notes.len(), 1);
    assert!(notes[0].message.contains("one page"));
    assert!(notes[0]
        .message
        .contains("EXAMPLEMARKERdGhlIG5leHQgcGFnZQ=="));
    assert!(notes[0].message.contains("import every page"));
    assert!(notes_at(&read("cli.json", CLI), "IsTruncated").is_empty());

    let cli_page =
        json!({"UserDetailList": [], "NextToken": "eyJNYXJrZXIiOiBudWxsfQ=="}).to_string();
    let imported = read("max-items.json", &cli_page);
    let notes = notes_at(&imported, "NextToken");
    assert_eq!(notes.len(), 1);
    assert!(notes[0].message.contains("--max-items"));
}

/// `CLI` with the text `from` replaced by `to` (once).
fn edited(from: &str, to: &str) -> String {
    assert_eq!(
        CLI.matches(from).count(),
        1,
        "`{from}` is in the fixture once"
    );
    CLI.replacen(from, to, 1)
}

#[test]
fn malformed_entries_are_errors_at_their_json_path() {
    let without_arn = edited(r#""Arn": "arn:aws:iam::111122223333:role/AuditRole","#, "");
    let error = read_all(&[("cli.json", &without_arn)]).expect_err("a role needs its Arn");
    assert_eq!(error.path.as_deref(), Some("RoleDetailList[2]"));
    assert!(error.message.contains("`Arn`"), "{}", error.message);
    let position = error.position.expect("the error is located");
    let line_of_entry = CLI
        .lines()
        .position(|line| line.contains(r#""RoleName": "AuditRole""#))
        .expect("the fixture has AuditRole");
    // `line_of_entry` counts from 0: the entry's `{` is two lines above, at line `line_of_entry - 1`.
    assert_eq!(position.line, line_of_entry - 1);

    let numeric = edited(
        r#""PolicyName": "ReadOwnUser",
                    "PolicyDocument": {"#,
        r#""PolicyName": "ReadOwnUser",
                    "PolicyDocument": 7, "Was": {"#,
    );
    let error = read_all(&[("cli.json", &numeric)]).expect_err("a document is not a number");
    assert_eq!(
        error.path.as_deref(),
        Some("UserDetailList[1].UserPolicyList[0].PolicyDocument")
    );
    assert!(!error.help.is_empty());
    let line = numeric
        .lines()
        .position(|line| line.contains(r#""PolicyDocument": 7"#))
        .expect("the edit is there");
    assert_eq!(error.position.map(|p| p.line), Some(line + 1));

    let bad_arn = edited(
        "arn:aws:iam::111122223333:user/alice",
        "arn:aws:iam::111122223333:alice",
    );
    let error = read_all(&[("cli.json", &bad_arn)]).expect_err("not a user's ARN");
    assert_eq!(error.path.as_deref(), Some("UserDetailList[0].Arn"));

    let group_list = edited(
        r#""Developers"
            ],"#,
        "7\n            ],",
    );
    let error = read_all(&[("cli.json", &group_list)]).expect_err("a group is named");
    assert_eq!(
        error.path.as_deref(),
        Some("UserDetailList[0].GroupList[0]")
    );
}

/// The imported scenario with `requests` added, written out and read back as a scenario
/// file, each request decided.
fn decisions(imported: Scenario, requests: &[Value]) -> Vec<precedence::Outcome> {
    let mut scenario = imported;
    scenario.requests = requests
        .iter()
        .map(|r| serde_json::from_value::<Request>(r.clone()).expect("a request"))
        .collect();
    let text = serde_json::to_string_pretty(&scenario).expect("a scenario serializes");
    let file = ScenarioFile::from_text(&text).expect("the imported scenario reads back");
    assert_eq!(file.scenario, scenario);
    let engine = Engine::from_file(&file, &text);
    file.scenario
        .requests
        .iter()
        .map(|request| engine.decide(&engine.prepare(request).expect("the request prepares")))
        .collect()
}

#[test]
fn the_imported_model_decides_requests_after_a_round_trip() {
    const TABLE: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/StockTable";
    const APP: &str = "arn:aws:iam::111122223333:role/AppRole";
    const WRITER: &str = "arn:aws:iam::111122223333:role/service-role/StockWriter";
    const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
    let request = |principal: &str, action: &str, resource: &str| json!({"principal": principal, "action": action, "resource": resource});
    let requests = [
        // Allowed by the attached managed policy's default version (v3)…
        request(APP, "dynamodb:GetItem", TABLE),
        // …which, unlike v1 and v2, does not allow deleting items.
        request(APP, "dynamodb:DeleteItem", TABLE),
        // Alice is allowed through her group's inline policy and its attached policy.
        request(
            ALICE,
            "s3:GetObject",
            "arn:aws:s3:::amzn-s3-demo-bucket/report.csv",
        ),
        request(
            ALICE,
            "codecommit:GitPush",
            "arn:aws:codecommit:us-east-1:111122223333:app",
        ),
        // Bob is in no group.
        request(
            "arn:aws:iam::111122223333:user/ops/bob",
            "s3:GetObject",
            "arn:aws:s3:::amzn-s3-demo-bucket/report.csv",
        ),
        // The boundary allows reads only: the inline policy's PutItem is denied by it.
        request(WRITER, "dynamodb:PutItem", TABLE),
        request(WRITER, "dynamodb:GetItem", TABLE),
    ];
    for (name, text) in [("cli.json", CLI), ("api.json", API)] {
        let outcomes = decisions(read(name, text).scenario, &requests);
        let got: Vec<Decision> = outcomes.iter().map(|o| o.decision).collect();
        assert_eq!(
            got,
            [
                Decision::Allowed,
                Decision::ImplicitDeny,
                Decision::Allowed,
                Decision::Allowed,
                Decision::ImplicitDeny,
                Decision::ImplicitDeny,
                Decision::Allowed,
            ],
            "{name}"
        );
        assert!(outcomes[5].blocked_by.contains(Stage::Boundary), "{name}");
        assert!(!outcomes[5].blocked_by.contains(Stage::Identity), "{name}");
        assert!(outcomes[1].blocked_by.contains(Stage::Identity), "{name}");
    }
}
