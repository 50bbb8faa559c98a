//! Import speed: reading a large `aws iam get-account-authorization-details` file (3,000 roles,
//! 1,000 users, 50 groups, 2,000 managed policies of two versions each, five statements to a
//! document, documents both as JSON objects and URL-encoded: 26.6 MB as generated), loading
//! the model it makes into an engine, and deciding one request in that model against the same
//! request in a model of one role — a principal's policies are found by look-up, so the two
//! should cost about the same.
//!
//! The file is generated in memory. Run with
//! `cargo bench -p precedence-import --bench import -- --warm-up-time 1 --measurement-time 5 --sample-size 10`.

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly on broken fixtures"
)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use precedence::{Engine, Request, Scenario};
use precedence_import::{import, ImportFile, ImportOptions};
use serde_json::{json, Value};

const ACCOUNT: &str = "111122223333";
const ROLES: usize = 3_000;
const USERS: usize = 1_000;
const POLICIES: usize = 2_000;
const GROUPS: usize = 50;
/// Of the managed policies, how many are AWS managed.
const AWS_MANAGED: usize = 20;

/// A document with several statements of the kinds real policies have: service actions on
/// ARNs, wildcards, a condition, a deny.
fn document(seed: usize) -> Value {
    let table = format!("arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/Table{seed}");
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": format!("ReadTable{seed}"),
                "Effect": "Allow",
                "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem"],
                "Resource": [table.clone(), format!("{table}/index/*")]
            },
            {
                "Sid": "WriteOwnItems",
                "Effect": "Allow",
                "Action": ["dynamodb:PutItem", "dynamodb:UpdateItem"],
                "Resource": table,
                "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:PrincipalTag/team}"]}}
            },
            {
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                "Resource": [format!("arn:aws:s3:::amzn-s3-demo-bucket-{seed}"), format!("arn:aws:s3:::amzn-s3-demo-bucket-{seed}/*")],
                "Condition": {"Bool": {"aws:SecureTransport": "true"}}
            },
            {
                "Effect": "Allow",
                "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
                "Resource": format!("arn:aws:sqs:us-east-1:{ACCOUNT}:queue-{seed}")
            },
            {
                "Sid": "NoKeyDeletion",
                "Effect": "Deny",
                "Action": ["kms:ScheduleKeyDeletion", "kms:DisableKey"],
                "Resource": "*"
            }
        ]
    })
}

/// The document as the CLI prints it (an object) or as the API returns it (URL-encoded).
fn written(document: Value, encoded: bool) -> Value {
    if encoded {
        Value::String(utf8_percent_encode(&document.to_string(), NON_ALPHANUMERIC).to_string())
    } else {
        document
    }
}

fn policy_arn(index: usize) -> String {
    if index < AWS_MANAGED {
        format!("arn:aws:iam::aws:policy/AwsManaged{index}")
    } else {
        format!("arn:aws:iam::{ACCOUNT}:policy/Policy{index}")
    }
}

fn attachments(seed: usize, count: usize) -> Vec<Value> {
    (0..count)
        .map(|n| {
            let index = (seed * 7 + n * 13) % POLICIES;
            json!({"PolicyName": format!("Policy{index}"), "PolicyArn": policy_arn(index)})
        })
        .collect()
}

/// An authorization-details file of the sizes above.
fn large_file() -> String {
    let policies: Vec<Value> = (0..POLICIES)
        .map(|index| {
            let encoded = index % 2 == 1;
            json!({
                "PolicyName": format!("Policy{index}"),
                "Arn": policy_arn(index),
                "Path": "/",
                "DefaultVersionId": "v2",
                "AttachmentCount": 3,
                "IsAttachable": true,
                "PolicyVersionList": [
                    {"Document": written(document(index + 10_000), encoded), "VersionId": "v1", "IsDefaultVersion": false},
                    {"Document": written(document(index), encoded), "VersionId": "v2", "IsDefaultVersion": true}
                ]
            })
        })
        .collect();
    let groups: Vec<Value> = (0..GROUPS)
        .map(|index| {
            json!({
                "GroupName": format!("Group{index}"),
                "Arn": format!("arn:aws:iam::{ACCOUNT}:group/Group{index}"),
                "GroupPolicyList": [{"PolicyName": "GroupInline", "PolicyDocument": document(index + 20_000)}],
                "AttachedManagedPolicies": attachments(index + 5_000, 2)
            })
        })
        .collect();
    let users: Vec<Value> = (0..USERS)
        .map(|index| {
            json!({
                "UserName": format!("user{index}"),
                "Arn": format!("arn:aws:iam::{ACCOUNT}:user/people/user{index}"),
                "Path": "/people/",
                "UserPolicyList": [{"PolicyName": "Own", "PolicyDocument": written(document(index + 30_000), index % 2 == 1)}],
                "GroupList": [format!("Group{}", index % GROUPS), format!("Group{}", (index + 1) % GROUPS)],
                "AttachedManagedPolicies": attachments(index + 3_000, 1),
                "Tags": [{"Key": "team", "Value": format!("team{}", index % 20)}]
            })
        })
        .collect();
    let roles: Vec<Value> = (0..ROLES)
        .map(|index| {
            let encoded = index % 2 == 1;
            let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
            let mut role = json!({
                "RoleName": format!("Role{index}"),
                "Arn": format!("arn:aws:iam::{ACCOUNT}:role/Role{index}"),
                "Path": "/",
                "AssumeRolePolicyDocument": written(trust, encoded),
                "RolePolicyList": [
                    {"PolicyName": "InlineA", "PolicyDocument": written(document(index + 40_000), encoded)},
                    {"PolicyName": "InlineB", "PolicyDocument": written(document(index + 50_000), encoded)}
                ],
                "AttachedManagedPolicies": attachments(index, 3),
                "InstanceProfileList": [],
                "Tags": [{"Key": "project", "Value": format!("p{}", index % 40)}]
            });
            if index % 10 == 0 {
                role["PermissionsBoundary"] = json!({"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": policy_arn(AWS_MANAGED + index % 100)});
            }
            role
        })
        .collect();
    let file = json!({
        "UserDetailList": users,
        "GroupDetailList": groups,
        "RoleDetailList": roles,
        "Policies": policies,
        "IsTruncated": false
    });
    serde_json::to_string_pretty(&file).expect("the generated file serializes")
}

/// The same kind of file with one role and its policies.
fn tiny_file() -> String {
    let attached = attachments(1_234, 3);
    let policies: Vec<Value> = attached
        .iter()
        .map(|a| {
            let arn = a["PolicyArn"].as_str().expect("an ARN").to_owned();
            let index: usize = arn
                .rsplit("Policy")
                .next()
                .and_then(|n| n.parse().ok())
                .expect("a generated policy ARN ends in its index");
            json!({"Arn": arn, "DefaultVersionId": "v1", "PolicyVersionList": [
                {"Document": document(index), "VersionId": "v1", "IsDefaultVersion": true}
            ]})
        })
        .collect();
    json!({
        "RoleDetailList": [{
            "RoleName": "Role1234",
            "Arn": format!("arn:aws:iam::{ACCOUNT}:role/Role1234"),
            "RolePolicyList": [{"PolicyName": "InlineA", "PolicyDocument": document(1_234 + 40_000)}],
            "AttachedManagedPolicies": attached
        }],
        "Policies": policies
    })
    .to_string()
}

fn imported(name: &str, text: &str) -> Scenario {
    import(&[ImportFile { name, text }], &ImportOptions::default())
        .expect("the generated file imports")
        .scenario
}

fn request() -> Request {
    serde_json::from_value(json!({
        "principal": format!("arn:aws:iam::{ACCOUNT}:role/Role1234"),
        "action": "dynamodb:Query",
        "resource": format!("arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/Table41234")
    }))
    .expect("a request")
}

fn bench_import(c: &mut Criterion) {
    let text = large_file();
    eprintln!("generated authorization details: {} bytes", text.len());
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("authorization-details", |b| {
        b.iter(|| {
            import(
                &[ImportFile {
                    name: "large.json",
                    text: black_box(&text),
                }],
                &ImportOptions::default(),
            )
        });
    });
    group.finish();
}

fn bench_decide(c: &mut Criterion) {
    let large = imported("large.json", &large_file());
    let tiny = imported("tiny.json", &tiny_file());
    let request = request();
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    group.bench_function("from-large-import", |b| {
        b.iter(|| Engine::from_scenario(black_box(&large)));
    });
    group.finish();
    let mut group = c.benchmark_group("decide");
    for (name, scenario) in [("in-large-model", &large), ("in-one-role-model", &tiny)] {
        let engine = Engine::from_scenario(scenario);
        let outcome = engine.decide(&engine.prepare(&request).expect("the request prepares"));
        assert_eq!(outcome.decision, precedence::Decision::Allowed, "{name}");
        group.bench_function(name, |b| {
            b.iter(|| {
                let prepared = engine
                    .prepare(black_box(&request))
                    .expect("the request prepares");
                engine.decide(&prepared)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_import, bench_decide);
criterion_main!(benches);
