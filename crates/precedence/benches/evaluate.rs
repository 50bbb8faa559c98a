//! Evaluation speed: how many requests per second the engine decides, with and without the
//! full trace, how the cost grows with the number of statements, and that wildcard matching
//! stays linear on a pathological pattern.
//!
//! The fixtures are the scenarios in `examples/`: their policies are loaded once and their
//! requests prepared once, outside the measured loop (except in `prepare+decide`).
//!
//! Run with `cargo bench -p precedence --bench evaluate`; add a filter after `--` to run a
//! subset, e.g. `cargo bench -p precedence --bench evaluate -- decide/`.

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly on broken fixtures"
)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, Throughput,
};
use precedence::condition::NoVariables;
use precedence::load::LoadedPolicy;
use precedence::pattern::{Pattern, Syntax};
use precedence::scenario::{Document, PolicyEntry};
use precedence::{Decision, Engine, PolicyType, PreparedRequest, Request, Scenario, ScenarioFile};

/// One example file: its scenario, its engine and its requests, raw and prepared.
struct Example {
    scenario: Scenario,
    engine: Engine,
    requests: Vec<Request>,
    prepared: Vec<PreparedRequest>,
}

fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Every example whose file name starts with `prefix` (all of them for `""`), in name order.
fn load_examples(prefix: &str) -> Vec<Example> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(examples_dir())
        .expect("the examples directory is readable")
        .map(|entry| entry.expect("a directory entry is readable").path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "json")
                && path
                    .file_name()
                    .and_then(|name| name.to_str())
                    .is_some_and(|name| name.starts_with(prefix))
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("an example is readable");
            let file = ScenarioFile::from_text(&text).expect("an example is a valid scenario");
            let engine = Engine::from_file(&file, &text);
            let requests = file.scenario.requests.clone();
            let prepared = requests
                .iter()
                .map(|request| {
                    engine
                        .prepare(request)
                        .expect("an example's requests are well-formed")
                })
                .collect();
            Example {
                scenario: file.scenario,
                engine,
                requests,
                prepared,
            }
        })
        .collect()
}

fn request_count(examples: &[Example]) -> u64 {
    examples
        .iter()
        .map(|example| example.prepared.len() as u64)
        .sum()
}

fn decide_all(examples: &[Example]) -> usize {
    let mut allowed = 0;
    for example in examples {
        for request in &example.prepared {
            let outcome = example.engine.decide(black_box(request));
            allowed += usize::from(outcome.decision == Decision::Allowed);
        }
    }
    allowed
}

fn bench_examples(criterion: &mut Criterion) {
    let seeds = load_examples("seed");
    let all = load_examples("");
    let seed_requests = request_count(&seeds);
    let all_requests = request_count(&all);
    assert!(seed_requests > 0, "no seed examples found");

    let mut group = configured_group(criterion, "decide");
    group.throughput(Throughput::Elements(seed_requests));
    group.bench_function("seed-examples", |b| {
        b.iter(|| decide_all(black_box(&seeds)))
    });
    group.throughput(Throughput::Elements(all_requests));
    group.bench_function("all-examples", |b| b.iter(|| decide_all(black_box(&all))));
    group.finish();

    let mut group = configured_group(criterion, "evaluate-trace");
    group.throughput(Throughput::Elements(seed_requests));
    group.bench_function("seed-examples", |b| {
        b.iter(|| {
            let mut explained = 0;
            for example in black_box(&seeds) {
                for request in &example.prepared {
                    let evaluation = example.engine.evaluate(black_box(request));
                    explained += evaluation.explanation.len();
                }
            }
            explained
        });
    });
    group.finish();

    // What would allow each seed request that is not allowed: every change tried is applied to
    // a copy of the scenario, which is loaded and evaluated again.
    let denied: Vec<(&Example, usize)> = seeds
        .iter()
        .flat_map(|example| {
            example
                .prepared
                .iter()
                .enumerate()
                .filter(|(_, request)| example.engine.decide(request).decision != Decision::Allowed)
                .map(move |(index, _)| (example, index))
        })
        .collect();
    let mut group = configured_group(criterion, "suggest");
    group.throughput(Throughput::Elements(denied.len() as u64));
    group.bench_function("seed-examples", |b| {
        b.iter(|| {
            let mut suggested = 0;
            for (example, index) in black_box(&denied) {
                let suggestions = example
                    .engine
                    .suggest(&example.scenario, *index)
                    .expect("an example's requests are well-formed");
                suggested += suggestions.items.len();
            }
            suggested
        });
    });
    group.finish();

    let mut group = configured_group(criterion, "prepare+decide");
    group.throughput(Throughput::Elements(seed_requests));
    group.bench_function("seed-examples", |b| {
        b.iter(|| {
            let mut allowed = 0;
            for example in black_box(&seeds) {
                for request in &example.requests {
                    let prepared = example
                        .engine
                        .prepare(black_box(request))
                        .expect("an example's requests are well-formed");
                    let outcome = example.engine.decide(&prepared);
                    allowed += usize::from(outcome.decision == Decision::Allowed);
                }
            }
            allowed
        });
    });
    group.finish();
}

/// An identity policy of `n` Allow statements for actions the request does not use, then one
/// that allows it: every statement must be looked at before the match.
fn statements_policy(n: usize) -> String {
    let mut statements: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"Sid":"S{i}","Effect":"Allow","Action":"s3:Action{i}","Resource":"arn:aws:s3:::bucket-{i}/*"}}"#
            )
        })
        .collect();
    statements.push(
        r#"{"Sid":"Match","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::target-bucket/*"}"#
            .to_owned(),
    );
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    )
}

/// The request the generated policies are asked about: `s3:GetObject` on the target bucket.
fn target_request() -> Request {
    Request {
        name: None,
        principal: "arn:aws:iam::111122223333:role/AppRole".to_owned(),
        action: "s3:GetObject".to_owned(),
        resource: "arn:aws:s3:::target-bucket/reports/2024.csv".to_owned(),
        resource_account: Some("111122223333".to_owned()),
        via_endpoint: None,
        session: None,
        context: Default::default(),
        expect: None,
        expect_stage: None,
        switched_off_context: Vec::new(),
    }
}

fn bench_statements(criterion: &mut Criterion) {
    let request = target_request();
    let mut group = configured_group(criterion, "decide");
    group.throughput(Throughput::Elements(1));
    for n in [10_usize, 100, 1000] {
        let text = statements_policy(n);
        let entry = PolicyEntry {
            id: format!("Generated{n}"),
            document: Document::Text(text.clone()),
            level: None,
            vpc: None,
            endpoint_type: None,
            target: None,
        };
        let policy = LoadedPolicy::new(&entry, PolicyType::Identity, text, None);
        assert!(policy.policy.is_some(), "the generated policy parses");
        let engine = Engine::new(vec![policy], &Scenario::default());
        let prepared = engine
            .prepare(&request)
            .expect("the generated request is well-formed");
        assert_eq!(
            engine.decide(&prepared).decision,
            Decision::Allowed,
            "the last statement allows the request"
        );
        group.bench_with_input(
            BenchmarkId::new("statements", n),
            &prepared,
            |b, prepared| {
                b.iter(|| engine.decide(black_box(prepared)));
            },
        );
    }
    group.finish();
}

/// The full trace of a request whose one matching statement is left out for an error (an
/// `Effect` of "Permit"), against the same policy written right: what weighing the repairs of a
/// left-out statement costs (each is the policy parsed again and the request decided again).
fn bench_left_out(criterion: &mut Criterion) {
    let request = target_request();
    let mut group = configured_group(criterion, "evaluate-left-out");
    group.throughput(Throughput::Elements(1));
    for n in [10_usize, 1000] {
        let valid = statements_policy(n);
        let typo = valid.replace(
            r#""Sid":"Match","Effect":"Allow""#,
            r#""Sid":"Match","Effect":"Permit""#,
        );
        for (name, text) in [("valid", valid), ("typo", typo)] {
            let entry = PolicyEntry {
                id: "Generated".to_owned(),
                document: Document::Text(text.clone()),
                level: None,
                vpc: None,
                endpoint_type: None,
                target: None,
            };
            let policy = LoadedPolicy::new(&entry, PolicyType::Identity, text, None);
            let engine = Engine::new(vec![policy], &Scenario::default());
            let prepared = engine
                .prepare(&request)
                .expect("the generated request is well-formed");
            let expected = if name == "valid" {
                Decision::Allowed
            } else {
                Decision::ImplicitDeny
            };
            assert_eq!(engine.decide(&prepared).decision, expected, "{name}");
            group.bench_with_input(BenchmarkId::new(name, n), &prepared, |b, prepared| {
                b.iter(|| engine.evaluate(black_box(prepared)));
            });
        }
    }
    group.finish();
}

fn bench_wildcard(criterion: &mut Criterion) {
    let syntax = Syntax {
        wildcards: true,
        variables: false,
    };
    // `pathological`: the issue's pattern; a backtracking matcher tries every way to place the
    // `a`s before failing on the missing `b`. `pathological-scan`: the same with a trailing `*`,
    // so `b` is a middle segment and is searched for across the whole text.
    // `near-miss-scan`: a long middle segment that fails only at its last byte at every start.
    let cases = [
        ("pathological", "*a*a*a*a*a*a*a*b"),
        ("pathological-scan", "*a*a*a*a*a*a*a*b*"),
        ("near-miss-scan", "*aaaaaaaaaaaaaaab*"),
    ];
    let mut group = configured_group(criterion, "wildcard");
    for (name, pattern) in cases {
        let pattern = Pattern::parse(pattern, syntax);
        for length in [10_000_usize, 100_000] {
            let text = "a".repeat(length);
            assert!(!pattern.is_match(&text, &NoVariables), "no `b` to match");
            group.throughput(Throughput::Bytes(length as u64));
            group.bench_with_input(BenchmarkId::new(name, length), &text, |b, text| {
                b.iter(|| pattern.is_match(black_box(text), &NoVariables))
            });
        }
    }
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

criterion_group!(
    benches,
    bench_examples,
    bench_statements,
    bench_left_out,
    bench_wildcard
);
criterion_main!(benches);
