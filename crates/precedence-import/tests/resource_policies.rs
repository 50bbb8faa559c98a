//! Resource policies as the AWS CLI prints them, imported as the account model's resources and
//! the scenario's endpoints.
//!
//! The fixtures (`tests/fixtures/resource/`) follow the output shapes of the AWS CLI reference
//! (<https://docs.aws.amazon.com/cli/latest/reference/>): `s3api get-bucket-policy`
//! (`{"Policy"}`), `kms get-key-policy` (`{"Policy", "PolicyName"}`; older CLIs print only
//! `Policy`), `dynamodb get-resource-policy` (`{"Policy", "RevisionId"}`),
//! `secretsmanager get-resource-policy` (`{"ARN", "Name", "ResourcePolicy"}`),
//! `sqs get-queue-attributes` (`{"Attributes": {"Policy", "QueueArn"}}`) and
//! `ec2 describe-vpc-endpoints` (`{"VpcEndpoints": [...]}`, after its documented example).

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use std::path::Path;

use precedence::scenario::{Document, EndpointType};
use precedence::{Decision, Engine, Request, ScenarioFile, Stage};
use precedence_import::{import, ImportError, ImportFile, ImportOptions, Imported};
use serde_json::{json, Value as Json};

const BUCKET: &str = "arn:aws:s3:::amzn-s3-demo-bucket";
const KEY: &str = "arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TABLE: &str = "arn:aws:dynamodb:us-west-2:111122223333:table/Music";

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/resource")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn import_with(names: &[&str], resource: Option<&str>) -> Result<Imported, ImportError> {
    let texts: Vec<String> = names.iter().map(|name| fixture(name)).collect();
    let files: Vec<ImportFile<'_>> = names
        .iter()
        .zip(&texts)
        .map(|(name, text)| ImportFile { name, text })
        .collect();
    let options = ImportOptions {
        resource: resource.map(str::to_owned),
    };
    import(&files, &options)
}

/// The string at `pointer` of a fixture: the policy text as AWS gave it.
fn text_at(name: &str, pointer: &str) -> Document {
    let value: Json = serde_json::from_str(&fixture(name)).unwrap();
    Document::Text(value.pointer(pointer).unwrap().as_str().unwrap().to_owned())
}

/// The one resource imported: its kind's name, its ARN and its policy.
fn one_resource(imported: &Imported) -> (&'static str, &str, &Document) {
    assert_eq!(imported.scenario.resources.len(), 1);
    let resource = &imported.scenario.resources[0];
    (
        imported.report.files[0].kind.name(),
        resource.arn.as_str(),
        resource.policy.as_ref().unwrap(),
    )
}

#[test]
fn a_bucket_policy_takes_its_bucket_from_resource() {
    let imported = import_with(&["bucket-policy.json"], Some(BUCKET)).unwrap();
    let (kind, arn, policy) = one_resource(&imported);
    assert_eq!((kind, arn), ("s3-bucket-policy", BUCKET));
    assert_eq!(*policy, text_at("bucket-policy.json", "/Policy"));
    assert_eq!(
        imported.report.files[0].taken,
        [("resources".to_owned(), 1)]
    );
    assert!(imported.report.files[0].notes.is_empty());
}

#[test]
fn without_resource_a_policy_naming_one_bucket_is_that_buckets_with_a_note() {
    let imported = import_with(&["bucket-policy.json"], None).unwrap();
    let (kind, arn, _) = one_resource(&imported);
    assert_eq!((kind, arn), ("s3-bucket-policy", BUCKET));
    let notes = &imported.report.files[0].notes;
    assert_eq!(notes.len(), 1);
    assert!(notes[0].message.contains(BUCKET), "{}", notes[0].message);
}

#[test]
fn a_key_policy_is_told_by_its_policy_name_or_by_the_keys_arn() {
    for name in ["key-policy.json", "key-policy-older-cli.json"] {
        let imported = import_with(&[name], Some(KEY)).unwrap();
        let (kind, arn, policy) = one_resource(&imported);
        assert_eq!((kind, arn), ("kms-key-policy", KEY), "{name}");
        assert_eq!(*policy, text_at(name, "/Policy"));
    }
}

#[test]
fn a_key_policy_names_no_key_so_it_needs_resource() {
    let error = import_with(&["key-policy.json"], None).unwrap_err();
    assert_eq!(error.path.as_deref(), Some("PolicyName"));
    assert!(error.help.contains("--resource"), "{}", error.help);
    let error = import_with(&["key-policy-older-cli.json"], None).unwrap_err();
    assert_eq!(error.path.as_deref(), Some("Policy"));
    assert_eq!(error.position.map(|p| (p.line, p.column)), Some((2, 15)));
    assert!(error.help.contains("--resource ARN"), "{}", error.help);
}

#[test]
fn a_resource_of_another_service_than_the_file_is_an_error() {
    let error = import_with(&["key-policy.json"], Some(BUCKET)).unwrap_err();
    assert_eq!(error.path.as_deref(), Some("PolicyName"));
    assert!(error.message.contains(BUCKET), "{}", error.message);
    assert!(
        error.message.contains("get-key-policy"),
        "{}",
        error.message
    );
    assert!(error.help.contains("KMS key"), "{}", error.help);
    let queue = "arn:aws:sqs:us-east-1:111122223333:MyQueue";
    let error = import_with(&["bucket-policy.json"], Some(queue)).unwrap_err();
    assert!(
        error.help.contains("get-queue-attributes"),
        "{}",
        error.help
    );
    let object = "arn:aws:s3:::amzn-s3-demo-bucket/report.csv";
    let error = import_with(&["bucket-policy.json"], Some(object)).unwrap_err();
    assert!(error.help.contains("not an object"), "{}", error.help);
}

#[test]
fn a_dynamodb_policy_is_told_by_its_revision_id_and_names_its_table() {
    let imported = import_with(&["table-policy.json"], Some(TABLE)).unwrap();
    let (kind, arn, policy) = one_resource(&imported);
    assert_eq!((kind, arn), ("dynamodb-resource-policy", TABLE));
    assert_eq!(*policy, text_at("table-policy.json", "/Policy"));
    let guessed = import_with(&["table-policy.json"], None).unwrap();
    assert_eq!(
        one_resource(&guessed).1,
        TABLE,
        "the index lies in the table"
    );
}

#[test]
fn a_secret_and_a_queue_name_themselves() {
    let imported = import_with(&["secret-policy.json"], None).unwrap();
    let (kind, arn, policy) = one_resource(&imported);
    assert_eq!(kind, "secretsmanager-resource-policy");
    assert_eq!(
        arn,
        "arn:aws:secretsmanager:us-west-2:111122223333:secret:MyTestDatabaseSecret-a1b2c3"
    );
    assert_eq!(*policy, text_at("secret-policy.json", "/ResourcePolicy"));

    let queue = "arn:aws:sqs:us-east-1:111122223333:MyQueue";
    let imported = import_with(&["queue-attributes.json"], None).unwrap();
    let (kind, arn, policy) = one_resource(&imported);
    assert_eq!((kind, arn), ("sqs-queue-attributes", queue));
    assert_eq!(
        *policy,
        text_at("queue-attributes.json", "/Attributes/Policy")
    );
}

#[test]
fn queue_attributes_without_queue_arn_need_resource() {
    let error = import_with(&["queue-policy-only.json"], None).unwrap_err();
    assert_eq!(error.path.as_deref(), Some("Attributes"));
    assert!(error.help.contains("QueueArn"), "{}", error.help);
    let queue = "arn:aws:sqs:us-east-1:111122223333:MyQueue";
    let imported = import_with(&["queue-policy-only.json"], Some(queue)).unwrap();
    assert_eq!(one_resource(&imported).1, queue);
    let error = import_with(&["queue-policy-only.json"], Some(BUCKET)).unwrap_err();
    assert!(
        error.message.contains("not an SQS queue"),
        "{}",
        error.message
    );
}

#[test]
fn gateway_and_interface_endpoints_are_taken_in_and_others_noted() {
    let imported = import_with(&["vpc-endpoints.json"], None).unwrap();
    let endpoints = &imported.scenario.policies.endpoint;
    let read: Vec<(&str, Option<&str>, Option<EndpointType>)> = endpoints
        .iter()
        .map(|e| (e.id.as_str(), e.vpc.as_deref(), e.endpoint_type))
        .collect();
    assert_eq!(
        read,
        [
            (
                "vpce-1a2b3c4d",
                Some("vpc-aabb1122"),
                Some(EndpointType::Gateway)
            ),
            (
                "vpce-0f89a33420c1931d7",
                Some("vpc-1a2b3c4d"),
                Some(EndpointType::Interface)
            ),
        ]
    );
    assert_eq!(
        endpoints[1].document,
        text_at("vpc-endpoints.json", "/VpcEndpoints/1/PolicyDocument")
    );
    let file = &imported.report.files[0];
    assert_eq!(file.kind.name(), "ec2-vpc-endpoints");
    assert_eq!(file.taken, [("VPC endpoints".to_owned(), 2)]);
    assert_eq!(file.notes.len(), 1);
    assert_eq!(
        file.notes[0].path.as_deref(),
        Some("VpcEndpoints[2].VpcEndpointType")
    );
    assert!(file.notes[0].message.contains("GatewayLoadBalancer"));
}

#[test]
fn a_policy_that_is_no_policy_is_located() {
    let text = "{\n  \"VpcEndpoints\": [\n    {\"VpcEndpointId\": \"vpce-1a2b3c4d\", \"VpcEndpointType\": \"Gateway\", \"PolicyDocument\": 42}\n  ]\n}";
    let error = import(
        &[ImportFile {
            name: "endpoints.json",
            text,
        }],
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        error.path.as_deref(),
        Some("VpcEndpoints[0].PolicyDocument")
    );
    assert_eq!(error.position.map(|p| (p.line, p.column)), Some((3, 88)));
}

/// Import the bucket policy and the endpoints, write the scenario out with two requests, read
/// it back as a scenario file and evaluate it.
#[test]
fn an_imported_scenario_round_trips_and_decides_as_its_policies_say() {
    let imported = import_with(&["bucket-policy.json", "vpc-endpoints.json"], None).unwrap();
    let mut scenario = serde_json::to_value(&imported.scenario).unwrap();
    let request = |name: &str, via: Option<&str>| {
        let mut request = json!({
            "name": name,
            "principal": "arn:aws:iam::111122223333:role/Reader",
            "action": "s3:GetObject",
            "resource": "arn:aws:s3:::amzn-s3-demo-bucket/reports/q1.csv"
        });
        if let Some(via) = via {
            request["via_endpoint"] = json!(via);
        }
        request
    };
    scenario["requests"] = json!([
        request("through the endpoint", Some("vpce-1a2b3c4d")),
        request("from outside the VPC", None),
    ]);
    let text = serde_json::to_string_pretty(&scenario).unwrap();
    let file = ScenarioFile::from_text(&text).unwrap();
    assert_eq!(file.scenario.reference_errors(), []);
    let engine = Engine::from_file(&file, &text);
    let decide = |request: &Request| engine.decide(&engine.prepare(request).unwrap());
    let through = decide(&file.scenario.requests[0]);
    assert_eq!(through.decision, Decision::Allowed);
    let outside = decide(&file.scenario.requests[1]);
    assert_eq!(outside.decision, Decision::ExplicitDeny);
    assert!(outside.blocked_by.contains(Stage::Resource));
}
