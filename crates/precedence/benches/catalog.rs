//! Service catalog speed: reading the whole file (`Catalog::parse`), expanding action
//! patterns, looking up actions by name, and the catalog-aware lint of every example policy.
//!
//! Run with `cargo bench -p precedence --bench catalog --features catalog`; add a filter after
//! `--` to run a subset, e.g. `-- expand/`.

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly on broken fixtures"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use precedence::Catalog;

/// The catalog file the crate embeds.
const TEXT: &str = include_str!("../data/catalog.txt");

/// A group with this file's measurement settings.
fn configured_group<'c>(criterion: &'c mut Criterion, name: &str) -> BenchmarkGroup<'c, WallTime> {
    let mut group = criterion.benchmark_group(name);
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    group
}

fn parse(criterion: &mut Criterion) {
    let mut group = configured_group(criterion, "catalog-parse");
    group.throughput(Throughput::Bytes(TEXT.len() as u64));
    group.bench_function("whole-file", |b| {
        b.iter(|| Catalog::parse(black_box(TEXT)).expect("the catalog parses"))
    });
    group.finish();
}

fn expand(criterion: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded catalog parses");
    let mut group = configured_group(criterion, "expand");
    for pattern in ["dynamodb:*", "s3:Put*", "*:Get*", "dynamodb:GetItem"] {
        let count = catalog.expand(pattern).len();
        assert!(count > 0, "{pattern} matches actions");
        group.bench_function(pattern, |b| b.iter(|| catalog.expand(black_box(pattern))));
    }
    group.finish();
}

fn lookup(criterion: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded catalog parses");
    let names = [
        "dynamodb:GetItem",
        "s3:putobject",
        "ec2:RunInstances",
        "iam:PassRole",
        "sts:AssumeRole",
        "lambda:InvokeFunction",
        "kms:Decrypt",
        "dynamodb:GetItems",
    ];
    let mut group = configured_group(criterion, "action-lookup");
    group.throughput(Throughput::Elements(names.len() as u64));
    group.bench_function("8-names", |b| {
        b.iter(|| {
            names
                .iter()
                .filter(|name| catalog.action(black_box(name)).is_some())
                .count()
        })
    });
    group.finish();
}

/// Every policy of every scenario in `examples/`, parsed once.
fn example_policies() -> Vec<precedence::load::LoadedPolicy> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("examples/ is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).expect("readable");
            let file = precedence::ScenarioFile::from_text(&text).expect("a scenario");
            precedence::load::load_policies(&file.scenario)
        })
        .collect()
}

fn lint(criterion: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded catalog parses");
    let policies = example_policies();
    let parsed: Vec<_> = policies.iter().filter_map(|p| p.policy.as_ref()).collect();
    let mut group = configured_group(criterion, "catalog-lint");
    group.throughput(Throughput::Elements(parsed.len() as u64));
    group.bench_function("every-example-policy", |b| {
        b.iter(|| {
            parsed
                .iter()
                .map(|policy| {
                    precedence::lint::with_catalog::check(policy, black_box(catalog)).len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, parse, expand, lookup, lint);
criterion_main!(benches);
