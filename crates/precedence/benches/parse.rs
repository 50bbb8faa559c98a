//! Parsing speed: policy text to the policy model (`parse_policy`), parse plus the identity
//! policy checks (`LoadedPolicy::new`) on a realistic 6 KB policy, and loading whole scenario
//! files from `examples/` (`ScenarioFile::from_text` and `Engine::from_file`).
//!
//! Run with `cargo bench -p precedence --bench parse`; add a filter after `--` to run a subset,
//! e.g. `cargo bench -p precedence --bench parse -- parse+lint`.

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly on broken fixtures"
)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use precedence::json;
use precedence::load::{load_file_policies, LoadedPolicy};
use precedence::parse::parse_policy;
use precedence::scenario::{Document, PolicyEntry};
use precedence::{Engine, PolicyType, ScenarioFile, Severity};

/// The size the generated identity policy grows to, in bytes.
const TARGET_POLICY_BYTES: usize = 6 * 1024;

/// The text of every example scenario file, in name order.
fn example_files() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the examples directory is readable")
        .map(|entry| entry.expect("a directory entry is readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| std::fs::read_to_string(path).expect("an example is readable"))
        .collect()
}

/// One statement of the generated policy, written the way the console formats policies. The
/// kinds rotate so the policy mixes action lists, resource lists, `NotAction` and conditions
/// with string, ARN, IP address, boolean, date, numeric, null and set operators.
fn statement(i: usize) -> String {
    let account = "111122223333";
    match i % 6 {
        0 => format!(
            r#"    {{
      "Sid": "ReadAppBucket{i}",
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:GetObjectVersion",
        "s3:GetObjectTagging",
        "s3:ListBucket"
      ],
      "Resource": [
        "arn:aws:s3:::app-data-{i}",
        "arn:aws:s3:::app-data-{i}/*"
      ],
      "Condition": {{
        "StringEquals": {{ "aws:PrincipalTag/team": "analytics" }},
        "IpAddress": {{ "aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"] }}
      }}
    }}"#
        ),
        1 => format!(
            r#"    {{
      "Sid": "WriteTables{i}",
      "Effect": "Allow",
      "Action": [
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem"
      ],
      "Resource": "arn:aws:dynamodb:us-east-1:{account}:table/Orders-{i}*",
      "Condition": {{
        "ForAllValues:StringEquals": {{
          "dynamodb:Attributes": ["id", "status", "updatedAt", "total"]
        }},
        "StringEqualsIfExists": {{ "aws:RequestedRegion": "us-east-1" }}
      }}
    }}"#
        ),
        2 => format!(
            r#"    {{
      "Sid": "DenyInsecureTransport{i}",
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "arn:aws:s3:::app-data-{i}/*",
      "Condition": {{
        "Bool": {{ "aws:SecureTransport": "false" }}
      }}
    }}"#
        ),
        3 => format!(
            r#"    {{
      "Sid": "AssumeDeployRole{i}",
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Resource": "arn:aws:iam::{account}:role/deploy-*",
      "Condition": {{
        "ArnLike": {{ "aws:SourceArn": "arn:aws:codebuild:us-east-1:{account}:project/app-{i}-*" }},
        "DateLessThan": {{ "aws:CurrentTime": "2030-01-01T00:00:00Z" }},
        "NumericLessThanEquals": {{ "aws:MultiFactorAuthAge": "3600" }}
      }}
    }}"#
        ),
        4 => format!(
            r#"    {{
      "Sid": "KeysForBucket{i}",
      "Effect": "Allow",
      "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
      "Resource": "arn:aws:kms:us-east-1:{account}:key/*",
      "Condition": {{
        "StringLike": {{ "kms:ViaService": "s3.*.amazonaws.com" }},
        "Null": {{ "aws:ResourceTag/env": "false" }}
      }}
    }}"#
        ),
        _ => format!(
            r#"    {{
      "Sid": "DenyOutsideVpc{i}",
      "Effect": "Deny",
      "NotAction": ["iam:*", "sts:GetCallerIdentity"],
      "Resource": "*",
      "Condition": {{
        "StringNotEqualsIfExists": {{ "aws:SourceVpc": "vpc-12345678" }},
        "ForAnyValue:StringLike": {{ "aws:CalledVia": ["cloudformation.*"] }}
      }}
    }}"#
        ),
    }
}

/// A realistic identity policy of about [`TARGET_POLICY_BYTES`].
fn identity_policy() -> String {
    let mut statements: Vec<String> = Vec::new();
    let mut size = 0;
    while size < TARGET_POLICY_BYTES - 300 {
        let next = statement(statements.len());
        size += next.len() + 2;
        statements.push(next);
    }
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n{}\n  ]\n}}\n",
        statements.join(",\n")
    )
}

fn bench_identity_policy(criterion: &mut Criterion) {
    let text = identity_policy();
    let entry = PolicyEntry {
        id: "AppPolicy".to_owned(),
        document: Document::Text(text.clone()),
        level: None,
        vpc: None,
        endpoint_type: None,
        target: None,
    };
    let loaded = LoadedPolicy::new(&entry, PolicyType::Identity, text.clone(), None);
    let statements = loaded
        .policy
        .as_ref()
        .expect("the generated policy parses")
        .statements
        .len();
    let errors: Vec<_> = loaded
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .map(|finding| finding.code)
        .collect();
    assert!(
        errors.is_empty(),
        "the generated policy has errors: {errors:?}"
    );
    eprintln!(
        "parse+lint/6KB-identity-policy: {} bytes, {statements} statements, {} findings",
        text.len(),
        loaded.findings.len()
    );

    let mut group = configured_group(criterion, "parse+lint");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("6KB-identity-policy", |b| {
        // `LoadedPolicy::new` takes the text by value: the timing includes a 6 KB copy (well
        // under a microsecond) and dropping the result, as a lint run pays both.
        b.iter(|| LoadedPolicy::new(black_box(&entry), PolicyType::Identity, text.clone(), None));
    });
    group.finish();

    // The same policy through the stages below `LoadedPolicy::new`, to show where its time goes.
    let mut group = configured_group(criterion, "stages");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("json-tree/6KB-identity-policy", |b| {
        b.iter(|| json::parse(black_box(&text)).is_ok());
    });
    group.bench_function("parse/6KB-identity-policy", |b| {
        b.iter(|| parse_policy(black_box(&text)));
    });
    group.finish();
}

fn bench_examples(criterion: &mut Criterion) {
    let files = example_files();
    let documents: Vec<String> = files
        .iter()
        .flat_map(|text| {
            let file = ScenarioFile::from_text(text).expect("an example is a valid scenario");
            load_file_policies(&file, text)
                .into_iter()
                .map(|policy| policy.text)
        })
        .collect();
    let document_bytes: usize = documents.iter().map(String::len).sum();
    let file_bytes: usize = files.iter().map(String::len).sum();
    eprintln!(
        "examples: {} files ({file_bytes} bytes), {} policy documents ({document_bytes} bytes)",
        files.len(),
        documents.len()
    );

    let mut group = configured_group(criterion, "parse");
    group.throughput(Throughput::Bytes(document_bytes as u64));
    group.bench_function("examples", |b| {
        b.iter(|| {
            let mut statements = 0;
            for document in black_box(&documents) {
                let parsed = parse_policy(document);
                statements += parsed.policy.map_or(0, |policy| policy.statements.len());
            }
            statements
        });
    });
    group.finish();

    let mut group = configured_group(criterion, "scenario-load");
    group.throughput(Throughput::Bytes(file_bytes as u64));
    group.bench_function("examples", |b| {
        b.iter(|| {
            let mut policies = 0;
            for text in black_box(&files) {
                let file = ScenarioFile::from_text(text).expect("an example is a valid scenario");
                policies += Engine::from_file(&file, text).policies().len();
            }
            policies
        });
    });
    group.finish();
}

/// A benchmark group with the settings every benchmark here shares: short enough for a
/// 2-core machine, long enough to be stable.
fn configured_group<'a>(criterion: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = criterion.benchmark_group(name);
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    group
}

criterion_group!(benches, bench_identity_policy, bench_examples);
criterion_main!(benches);
