//! The breadth questions' speed: the access map of one principal over every action of the
//! service catalog and three resources, and who-can over a model of 5,000 principals.
//!
//! Run with `cargo bench -p precedence --bench breadth --features catalog`.

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly on broken fixtures"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use precedence::access::AccessQuery;
use precedence::{Catalog, Engine, Scenario};
use serde_json::json;

const ROLE: &str = "arn:aws:iam::111122223333:role/AppRole";

/// The seed-000 shape: an identity policy over DynamoDB and S3, a read-only endpoint policy
/// and a bucket policy that denies requests from outside the endpoint.
fn seed_scenario() -> Scenario {
    serde_json::from_value(json!({
        "policies": {
            "identity": [{"id": "App", "document": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["dynamodb:*", "s3:Get*", "s3:List*"], "Resource": "*"},
                {"Effect": "Deny", "Action": "dynamodb:Delete*", "Resource": "*",
                 "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-11aa22bb"}}}]}}],
            "resource": [{"id": "Bucket", "document": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*",
                 "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-11aa22bb"}}}]}}]
        }
    }))
    .expect("scenario")
}

fn access_map(criterion: &mut Criterion) {
    let catalog = Catalog::embedded().expect("catalog");
    let scenario = seed_scenario();
    let engine = Engine::from_scenario(&scenario);
    let query = AccessQuery {
        principal: ROLE.into(),
        resources: vec![
            "arn:aws:dynamodb:us-east-1:111122223333:table/StockTable".into(),
            "arn:aws:s3:::reports/q1.csv".into(),
            "arn:aws:s3:::reports".into(),
        ],
        ..AccessQuery::default()
    };
    let mut group = criterion.benchmark_group("access-map");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("every-action-three-resources", |b| {
        b.iter(|| {
            engine
                .access_map(catalog, black_box(&query))
                .expect("map")
                .entries
                .len()
        })
    });
    group.finish();
}

/// 5,000 roles, each with its own inline policy, and a bucket policy naming ten accounts.
fn large_model() -> Scenario {
    let principals: Vec<_> = (0..5000)
        .map(|n| {
            json!({"arn": format!("arn:aws:iam::111122223333:role/Role{n}"),
                   "inline_policies": [{"name": "Own", "document": {"Version": "2012-10-17", "Statement": [
                       {"Effect": "Allow", "Action": if n % 2 == 0 { "s3:GetObject" } else { "s3:PutObject" },
                        "Resource": "arn:aws:s3:::reports/*"}]}}]})
        })
        .collect();
    let accounts: Vec<String> = (0..10).map(|n| format!("44445555{n:04}")).collect();
    serde_json::from_value(json!({
        "principals": principals,
        "resources": [{"arn": "arn:aws:s3:::reports", "policy": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": accounts}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}}]
    }))
    .expect("scenario")
}

fn who_can(criterion: &mut Criterion) {
    let scenario = large_model();
    let engine = Engine::from_scenario(&scenario);
    let mut group = criterion.benchmark_group("who-can");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("5000-principals", |b| {
        b.iter(|| {
            engine
                .who_can(
                    &scenario,
                    "s3:GetObject",
                    black_box("arn:aws:s3:::reports/q1.csv"),
                    None,
                )
                .expect("answer")
                .entries
                .len()
        })
    });
    group.finish();
}

/// 50 roles with their own policies under an SCP of 20 statements; `widened` drops the
/// condition of one of its Denies.
fn scp_model(widened: bool) -> Scenario {
    let services = [
        "s3", "dynamodb", "kms", "sqs", "sns", "lambda", "ec2", "iam", "logs", "rds",
    ];
    let mut statements = vec![json!({"Effect": "Allow", "Action": "*", "Resource": "*"})];
    for n in 0..19 {
        let service = services[n % services.len()];
        let mut statement = json!({"Sid": format!("Deny{n}"), "Effect": "Deny",
            "Action": format!("{service}:Delete*"), "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:PrincipalTag/team": "platform"}}});
        if widened && n == 3 {
            statement["Condition"] =
                json!({"StringNotEquals": {"aws:PrincipalTag/team": "anyone"}});
        }
        statements.push(statement);
    }
    let principals: Vec<_> = (0..50)
        .map(|n| json!({"arn": format!("arn:aws:iam::111122223333:role/Role{n}"),
            "tags": {"team": if n % 5 == 0 { "platform" } else { "apps" }},
            "inline_policies": [{"name": "Own", "document": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": format!("{}:*", services[n % services.len()]), "Resource": "*"}]}}]}))
        .collect();
    serde_json::from_value(json!({
        "principals": principals,
        "policies": {"scp": [{"id": "Guardrails", "document": {"Version": "2012-10-17", "Statement": statements}}]}
    }))
    .expect("scenario")
}

fn diff(criterion: &mut Criterion) {
    let catalog = Catalog::embedded().expect("catalog");
    let (old, new) = (scp_model(false), scp_model(true));
    let (old_engine, new_engine) = (Engine::from_scenario(&old), Engine::from_scenario(&new));
    let mut group = criterion.benchmark_group("diff");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("20-statement-scps-50-principals", |b| {
        b.iter(|| {
            precedence::diff::diff(catalog, (black_box(&old), &old_engine), (&new, &new_engine))
                .coverage
                .generated
        })
    });
    group.finish();
}

criterion_group!(benches, access_map, who_can, diff);
criterion_main!(benches);
