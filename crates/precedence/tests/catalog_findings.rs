//! The examples against AWS's service catalog: the only catalog findings are the mistakes the
//! examples were written to show.

use std::path::Path;

use precedence::catalog::Catalog;
use precedence::{Engine, ScenarioFile};

/// The catalog findings each example is meant to have, as `(policy id, code)`.
fn expected(stem: &str) -> Vec<(&'static str, &'static str)> {
    match stem {
        // Seed 001 compares the ARN-typed `aws:PrincipalArn` with a bare account id.
        "seed001-allow-from-account" => vec![("vpce-11aa22bb", "condition-value-never-matches")],
        _ => Vec::new(),
    }
}

#[test]
fn examples_have_only_the_catalog_findings_they_teach() {
    let catalog = Catalog::parse(include_str!("../data/catalog.txt")).expect("the catalog parses");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("examples/ is readable") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|ext| ext != "json") {
            continue;
        }
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let text = std::fs::read_to_string(&path).expect("readable");
        let file = ScenarioFile::from_text(&text).expect("a scenario");
        let plain = Engine::from_file(&file, &text);
        let mut engine = Engine::from_file(&file, &text);
        engine.check_with_catalog(&catalog);
        let mut added = Vec::new();
        for (with, without) in engine.policies().iter().zip(plain.policies()) {
            for finding in &with.findings {
                if !without.findings.contains(finding) {
                    added.push((with.id.clone(), finding.code));
                }
            }
        }
        let want: Vec<(String, &str)> = expected(&stem)
            .into_iter()
            .map(|(id, code)| (id.to_owned(), code))
            .collect();
        assert_eq!(added, want, "{stem}");
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} examples found");
}
