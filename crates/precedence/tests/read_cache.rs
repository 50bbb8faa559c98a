//! Loading the next version of a scenario with a [`ReadCache`]: what it gives is exactly what
//! loading from scratch gives, for every example, and only the policies that changed are read
//! again.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use precedence::load::{load_policies, load_policies_reusing, LoadedPolicy, ReadCache};
use precedence::scenario::Document;
use precedence::{PolicyType, Scenario};

fn examples() -> Vec<(String, Scenario)> {
    let dir = format!("{}/../../examples", env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("examples/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).expect("example is readable");
            let scenario: Scenario = serde_json::from_str(&text).expect("scenario shape");
            found.push((path.display().to_string(), scenario));
        }
    }
    assert!(found.len() > 20, "the examples are there");
    found
}

/// Everything a loaded policy holds (but its line index, filled in when first asked for), as
/// text: two loads agree when these are equal.
fn described(policies: &[LoadedPolicy]) -> Vec<String> {
    policies
        .iter()
        .map(|p| {
            format!(
                "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}\n{:?}\n{:?}",
                p.id,
                p.policy_type,
                p.source,
                p.owner,
                p.level,
                p.targets,
                p.vpc,
                p.endpoint_type,
                p.origin,
                p.text,
                p.policy,
                p.findings,
            )
        })
        .collect()
}

#[test]
fn every_example_loads_the_same_with_an_empty_cache_a_full_one_and_none() {
    for (name, scenario) in examples() {
        let fresh = described(&load_policies(&scenario));
        let mut cache = ReadCache::new();
        let first = described(&load_policies_reusing(&scenario, &mut cache));
        assert_eq!(first, fresh, "{name}: first load with a cache");
        let again = described(&load_policies_reusing(&scenario, &mut cache));
        assert_eq!(again, fresh, "{name}: load from a full cache");
    }
}

#[test]
fn an_edited_policy_is_read_again_and_the_others_are_reused() {
    let (name, mut scenario) = examples()
        .into_iter()
        .find(|(_, s)| s.policies.of_type(PolicyType::Identity).len() >= 2)
        .expect("an example with two identity policies");
    let mut cache = ReadCache::new();
    let before = load_policies_reusing(&scenario, &mut cache);
    let read = cache.len();
    assert!(read >= 2, "{name}: the cache holds what the load read");

    // Break the first identity policy's text: its findings change, nothing else does.
    let first = &mut scenario.policies.identity[0];
    first.document = Document::Text(format!("{} ,", first.document.text()));
    let after = load_policies_reusing(&scenario, &mut cache);
    assert_eq!(
        described(&after),
        described(&load_policies(&scenario)),
        "{name}"
    );
    let edited = after
        .iter()
        .position(|p| p.policy_type == PolicyType::Identity)
        .expect("an identity policy");
    assert!(
        after[edited].is_invalid() && !before[edited].is_invalid(),
        "{name}: the edit is read"
    );
    // The cache keeps what this load read: the edited text in place of the old one.
    assert_eq!(cache.len(), read, "{name}");
}
