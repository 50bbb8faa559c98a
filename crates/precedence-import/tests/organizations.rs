//! AWS Organizations output imported into the account model, then evaluated.
//!
//! The fixtures (`tests/fixtures/organizations/`) are written in the shapes the AWS CLI
//! reference documents for `aws organizations describe-policy`, `list-targets-for-policy`,
//! `list-roots`, `list-organizational-units-for-parent` and `list-accounts-for-parent`
//! (<https://docs.aws.amazon.com/cli/latest/reference/organizations/>), with AWS's example ids.
//! They describe a small organization, each file named by the id it was listed for:
//!
//! ```text
//! r-examplerootid111 (Root)            FullAWSAccess, RCPFullAWSAccess, EnforceOrgIdentities (RCP)
//! ├── 111111111111 Management
//! └── ou-…-exampleouid111 Workloads    FullAWSAccess
//!     ├── 111122223333 Production      FullAWSAccess
//!     └── ou-…-exampleouid222 Sandbox  FullAWSAccess, DenyBucketDeletion (SCP)
//!         ├── 444455556666 Sandbox     FullAWSAccess
//!         └── 777788889999 Retired     (SUSPENDED)
//! ```

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use std::path::Path;

use precedence::scenario::{Account, Document, PolicyEntry, Targets};
use precedence::{Decision, Engine, PolicyType, Request, Scenario, Stage};
use precedence_import::{import, ImportError, ImportFile, ImportOptions, Imported};
use serde_json::json;

const TREE: [&str; 6] = [
    "roots.json",
    "r-examplerootid111.units.json",
    "ou-examplerootid111-exampleouid111.units.json",
    "r-examplerootid111.accounts.json",
    "ou-examplerootid111-exampleouid111.accounts.json",
    "ou-examplerootid111-exampleouid222.accounts.json",
];

const POLICIES: [&str; 8] = [
    "p-FullAWSAccess.policy.json",
    "p-FullAWSAccess.targets.json",
    "p-examplepolicyid111.policy.json",
    "p-examplepolicyid111.targets.json",
    "p-RCPFullAWSAccess.policy.json",
    "p-RCPFullAWSAccess.targets.json",
    "p-examplepolicyid222.policy.json",
    "p-examplepolicyid222.targets.json",
];

/// `(path, text)` of each fixture, the path as a user would give it.
fn fixtures(names: &[&str]) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/organizations");
    names
        .iter()
        .map(|name| {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            (path.display().to_string(), text)
        })
        .collect()
}

fn import_texts(files: &[(String, String)]) -> Result<Imported, ImportError> {
    let files: Vec<ImportFile<'_>> = files
        .iter()
        .map(|(name, text)| ImportFile { name, text })
        .collect();
    import(&files, &ImportOptions::default())
}

fn import_fixtures(names: &[&str]) -> Result<Imported, ImportError> {
    import_texts(&fixtures(names))
}

fn organization_files() -> Vec<&'static str> {
    TREE.iter().chain(POLICIES.iter()).copied().collect()
}

fn entry<'s>(scenario: &'s Scenario, policy_type: PolicyType, id: &str) -> &'s PolicyEntry {
    scenario
        .policies
        .of_type(policy_type)
        .iter()
        .find(|e| e.id == id)
        .unwrap()
}

fn decide(scenario: &Scenario, request: serde_json::Value) -> precedence::Outcome {
    let request: Request = serde_json::from_value(request).unwrap();
    let engine = Engine::from_scenario(scenario);
    engine.decide(&engine.prepare(&request).unwrap())
}

#[test]
fn the_tree_comes_from_the_listings_and_the_file_names() {
    let imported = import_fixtures(&organization_files()).unwrap();
    let organization = imported.scenario.organization.clone().unwrap();
    assert_eq!(organization.id.as_deref(), Some("o-exampleorgid"));
    assert_eq!(
        organization.management_account.as_deref(),
        Some("111111111111")
    );
    assert_eq!(organization.root(), Some("r-examplerootid111"));
    let parent = |id: &str| organization.unit(id).and_then(|u| u.parent.clone());
    assert_eq!(
        parent("ou-examplerootid111-exampleouid111").as_deref(),
        Some("r-examplerootid111")
    );
    assert_eq!(
        parent("ou-examplerootid111-exampleouid222").as_deref(),
        Some("ou-examplerootid111-exampleouid111")
    );
    assert_eq!(
        organization.path_of("444455556666").unwrap(),
        [
            "r-examplerootid111",
            "ou-examplerootid111-exampleouid111",
            "ou-examplerootid111-exampleouid222",
            "444455556666"
        ]
    );
    let ids: Vec<&str> = organization.accounts.iter().map(Account::id).collect();
    assert_eq!(
        ids,
        [
            "111111111111",
            "111122223333",
            "444455556666",
            "777788889999"
        ]
    );
    assert_eq!(imported.scenario.reference_errors(), []);
}

#[test]
fn policies_are_attached_where_their_targets_say_with_their_text_kept() {
    let files = fixtures(&organization_files());
    let imported = import_texts(&files).unwrap();
    let scenario = &imported.scenario;
    let full = entry(scenario, PolicyType::Scp, "FullAWSAccess");
    assert_eq!(full.target.as_ref().map(Targets::ids).unwrap().len(), 6);
    let deny = entry(scenario, PolicyType::Scp, "DenyBucketDeletion");
    assert_eq!(
        deny.target,
        Some(Targets::One("ou-examplerootid111-exampleouid222".into()))
    );
    let content = |name: &str| -> String {
        let (_, text) = files.iter().find(|(path, _)| path.ends_with(name)).unwrap();
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        value["Policy"]["Content"].as_str().unwrap().to_owned()
    };
    assert_eq!(
        deny.document,
        Document::Text(content("p-examplepolicyid111.policy.json"))
    );
    let rcp = entry(scenario, PolicyType::Rcp, "EnforceOrgIdentities");
    assert_eq!(rcp.target, Some(Targets::One("r-examplerootid111".into())));
    assert_eq!(scenario.policies.rcp.len(), 2);
}

#[test]
fn the_order_of_the_files_does_not_matter() {
    let forward = import_fixtures(&organization_files()).unwrap();
    let mut backward = organization_files();
    backward.reverse();
    let backward = import_fixtures(&backward).unwrap();
    let sorted = |scenario: &Scenario| {
        let mut scenario = scenario.clone();
        let organization = scenario.organization.as_mut().unwrap();
        organization.units.sort_by(|a, b| a.id.cmp(&b.id));
        organization.accounts.sort_by(|a, b| a.id().cmp(b.id()));
        for entries in [&mut scenario.policies.scp, &mut scenario.policies.rcp] {
            entries.sort_by(|a, b| a.id.cmp(&b.id));
            for entry in entries.iter_mut() {
                if let Some(Targets::Many(ids)) = &mut entry.target {
                    ids.sort();
                }
            }
        }
        scenario
    };
    assert_eq!(sorted(&forward.scenario), sorted(&backward.scenario));
    assert_eq!(backward.scenario.reference_errors(), []);
}

/// The imported organization with one scenario-wide identity policy allowing everything: what
/// is denied is denied by the organization's policies.
fn organization_allowing_everything() -> Scenario {
    let mut scenario = import_fixtures(&organization_files()).unwrap().scenario;
    scenario.policies.identity.push(PolicyEntry {
        id: "AllowEverything".into(),
        document: Document::Json(json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
        })),
        level: None,
        target: None,
        vpc: None,
        endpoint_type: None,
    });
    scenario
}

#[test]
fn the_deny_scp_of_one_ou_denies_its_accounts_and_no_others() {
    let scenario = organization_allowing_everything();
    let delete = |principal: &str| {
        decide(
            &scenario,
            json!({
                "principal": principal,
                "action": "s3:DeleteBucket",
                "resource": "arn:aws:s3:::amzn-s3-demo-bucket"
            }),
        )
    };
    let sandbox = delete("arn:aws:iam::444455556666:role/Developer");
    assert_eq!(sandbox.decision, Decision::ExplicitDeny);
    assert!(sandbox.blocked_by.contains(Stage::Scp));
    let production = delete("arn:aws:iam::111122223333:role/Developer");
    assert_eq!(production.decision, Decision::Allowed);
}

#[test]
fn the_rcp_on_the_root_keeps_out_principals_of_other_organizations() {
    let scenario = organization_allowing_everything();
    let get = |principal: &str| {
        decide(
            &scenario,
            json!({
                "principal": principal,
                "action": "s3:GetObject",
                "resource": "arn:aws:s3:::amzn-s3-demo-bucket/report.csv",
                "resource_account": "111122223333"
            }),
        )
    };
    let outsider = get("arn:aws:iam::123456789012:role/Auditor");
    assert_eq!(outsider.decision, Decision::ExplicitDeny);
    assert!(outsider.blocked_by.contains(Stage::Rcp));
    let insider = get("arn:aws:iam::111122223333:role/Auditor");
    assert_eq!(insider.decision, Decision::Allowed);
}

#[test]
fn the_report_names_each_kind_and_what_it_gave() {
    let imported = import_fixtures(&organization_files()).unwrap();
    let report = |name: &str| {
        imported
            .report
            .files
            .iter()
            .find(|f| f.name.ends_with(name))
            .unwrap()
    };
    let kinds: Vec<&str> = [
        "roots.json",
        "r-examplerootid111.units.json",
        "r-examplerootid111.accounts.json",
        "p-FullAWSAccess.policy.json",
        "p-FullAWSAccess.targets.json",
    ]
    .iter()
    .map(|name| report(name).kind.name())
    .collect();
    assert_eq!(
        kinds,
        [
            "organizations-roots",
            "organizations-units",
            "organizations-accounts",
            "organizations-policy",
            "organizations-targets"
        ]
    );
    assert_eq!(
        report("p-FullAWSAccess.targets.json").taken,
        [("targets".to_owned(), 6)]
    );
    assert_eq!(
        report("p-examplepolicyid222.policy.json").taken,
        [("resource control policies".to_owned(), 1)]
    );
    let suspended = report("ou-examplerootid111-exampleouid222.accounts.json");
    assert_eq!(suspended.taken, [("accounts".to_owned(), 2)]);
    assert_eq!(suspended.notes.len(), 1);
    assert_eq!(
        suspended.notes[0].path.as_deref(),
        Some("Accounts[1].Status")
    );
    assert!(suspended.notes[0].message.contains("SUSPENDED"));
}

#[test]
fn a_policy_of_another_type_is_noted_and_not_taken_in() {
    let imported = import_fixtures(&["tag-policy.json"]).unwrap();
    let file = &imported.report.files[0];
    assert_eq!(file.kind.name(), "organizations-policy");
    assert!(file.taken.is_empty());
    assert_eq!(
        file.notes[0].path.as_deref(),
        Some("Policy.PolicySummary.Type")
    );
    assert!(file.notes[0].message.contains("TAG_POLICY"));
    assert!(imported.scenario.policies.scp.is_empty());
    assert!(imported.scenario.organization.is_none());
}

#[test]
fn children_listed_without_their_parent_in_the_file_name_are_an_error() {
    let mut files = fixtures(&["r-examplerootid111.units.json"]);
    files[0].0 = "units.json".into();
    let error = import_texts(&files).unwrap_err();
    assert_eq!(error.path.as_deref(), Some("OrganizationalUnits"));
    assert_eq!(error.position.map(|p| (p.line, p.column)), Some((2, 28)));
    assert!(error.help.contains("--parent-id"), "{}", error.help);
    assert!(error
        .help
        .contains("ou-examplerootid111-exampleouid111.units.json"));

    let mut files = fixtures(&["ou-examplerootid111-exampleouid111.accounts.json"]);
    files[0].0 = "r-examplerootid111.ou-examplerootid111-exampleouid111.json".into();
    let error = import_texts(&files).unwrap_err();
    assert!(error.message.contains("several"), "{}", error.message);
}

#[test]
fn targets_whose_file_names_no_policy_go_to_the_one_policy_without_targets() {
    let mut files = fixtures(&[
        "p-examplepolicyid111.policy.json",
        "p-examplepolicyid111.targets.json",
    ]);
    files[1].0 = "targets.json".into();
    let imported = import_texts(&files).unwrap();
    let deny = entry(&imported.scenario, PolicyType::Scp, "DenyBucketDeletion");
    assert_eq!(
        deny.target,
        Some(Targets::One("ou-examplerootid111-exampleouid222".into()))
    );

    let mut files = fixtures(&[
        "p-examplepolicyid111.policy.json",
        "p-examplepolicyid222.policy.json",
        "p-examplepolicyid111.targets.json",
    ]);
    files[2].0 = "targets.json".into();
    let error = import_texts(&files).unwrap_err();
    assert_eq!(error.file, "targets.json");
    assert!(error.message.contains("2 policies"), "{}", error.message);
}

#[test]
fn malformed_entries_are_located_at_their_json_path() {
    let text = "{\n  \"Targets\": [\n    {\"TargetId\": \"r-examplerootid111\", \"Type\": \"ROOT\"},\n    {\"TargetId\": \"ou-examplerootid111-exampleouid111\", \"Type\": \"FOLDER\"}\n  ]\n}";
    let error = import(
        &[ImportFile {
            name: "p-examplepolicyid111.targets.json",
            text,
        }],
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(error.path.as_deref(), Some("Targets[1].Type"));
    assert_eq!(error.position.map(|p| (p.line, p.column)), Some((4, 64)));

    let text = r#"{"Accounts": [{"Id": "1111-2222-3333", "Name": "Typo"}]}"#;
    let error = import(
        &[ImportFile {
            name: "r-examplerootid111.accounts.json",
            text,
        }],
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(error.path.as_deref(), Some("Accounts[0].Id"));
    assert!(error.message.contains("`1111-2222-3333`"));
}

#[test]
fn a_root_without_rcps_enabled_says_so() {
    let text = r#"{"Roots": [{"Id": "r-examplerootid111", "Name": "Root",
        "Arn": "arn:aws:organizations::111111111111:root/o-exampleorgid/r-examplerootid111",
        "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}]}"#;
    let imported = import(
        &[ImportFile {
            name: "roots.json",
            text,
        }],
        &ImportOptions::default(),
    )
    .unwrap();
    let notes = &imported.report.files[0].notes;
    assert_eq!(notes.len(), 1);
    assert!(notes[0].message.contains("RESOURCE_CONTROL_POLICY"));
    assert_eq!(notes[0].path.as_deref(), Some("Roots[0].PolicyTypes"));
}
