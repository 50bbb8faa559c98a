use super::*;
use crate::load::load_policies;
use crate::scenario::ScenarioFile;

/// Two identity policies: `App` with an invalid effect in `Read` (statement 0) and a Deny
/// without a Sid (statement 1), both without a `Version`; `Other` without a `Version`.
fn policies() -> Vec<LoadedPolicy> {
    let file = ScenarioFile::from_text(
        r#"{"policies": {"identity": [
          {"id": "App", "document": {"Statement": [
            {"Sid": "Read", "Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]}},
          {"id": "Other", "document": {"Statement": [
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}}]}}"#,
    );
    match file {
        Ok(file) => load_policies(&file.scenario),
        Err(error) => panic!("the test scenario does not load: {error}"),
    }
}

fn allow(code: &str, policy: Option<&str>, statement: Option<&str>) -> Suppression {
    Suppression {
        code: code.to_owned(),
        policy: policy.map(str::to_owned),
        statement: statement.map(str::to_owned),
        reason: String::new(),
    }
}

/// The codes of the findings of policy `number` that `suppression` allows.
fn allowed(suppression: &Suppression, number: usize) -> Vec<&'static str> {
    let policies = policies();
    let policy = &policies[number];
    policy
        .findings
        .iter()
        .filter(|finding| covers(suppression, policy, finding))
        .map(|finding| finding.code)
        .collect()
}

#[test]
fn the_test_policies_have_the_findings_the_tests_rely_on() {
    let policies = policies();
    let codes: Vec<Vec<&str>> = policies
        .iter()
        .map(|p| p.findings.iter().map(|f| f.code).collect())
        .collect();
    assert_eq!(
        codes,
        [
            vec!["missing-version", "invalid-effect"],
            vec!["missing-version"]
        ]
    );
}

#[test]
fn a_code_alone_allows_it_in_every_policy() {
    let everywhere = allow("missing-version", None, None);
    assert_eq!(allowed(&everywhere, 0), ["missing-version"]);
    assert_eq!(allowed(&everywhere, 1), ["missing-version"]);
    assert!(allowed(&allow("missing-principal", None, None), 0).is_empty());
}

#[test]
fn a_policy_id_limits_it_to_that_policy() {
    let in_other = allow("missing-version", Some("Other"), None);
    assert!(allowed(&in_other, 0).is_empty());
    assert_eq!(allowed(&in_other, 1), ["missing-version"]);
}

#[test]
fn a_statement_is_named_by_sid_or_by_index() {
    for selector in ["Read", "#0"] {
        let in_read = allow("invalid-effect", Some("App"), Some(selector));
        assert_eq!(allowed(&in_read, 0), ["invalid-effect"], "{selector}");
    }
    for selector in ["#1", "Write", "#x", "0"] {
        let elsewhere = allow("invalid-effect", Some("App"), Some(selector));
        assert!(allowed(&elsewhere, 0).is_empty(), "{selector}");
    }
}

#[test]
fn a_finding_outside_every_statement_is_not_in_a_named_one() {
    // `missing-version` is about the whole document, not a statement.
    assert!(allowed(&allow("missing-version", Some("App"), Some("#0")), 0).is_empty());
}

#[test]
fn statement_at_finds_left_out_and_readable_statements() {
    let policies = policies();
    let Some(parsed) = policies[0].policy.as_ref() else {
        panic!("`App` parses");
    };
    let left = &parsed.left_out[0];
    assert_eq!(statement_at(parsed, left.span), Some((0, Some("Read"))));
    let deny = &parsed.statements[0];
    let inside = Span::new(deny.span.start + 1, deny.span.end - 1);
    assert_eq!(statement_at(parsed, inside), Some((1, None)));
    assert_eq!(statement_at(parsed, Span::new(0, 1)), None);
}

#[test]
fn sort_marks_the_first_suppression_that_allows_each_finding_and_the_unused_ones() {
    let suppressions = [
        allow("missing-version", Some("Other"), None),
        allow("missing-version", None, None),
        allow("unknown-operator", None, None),
    ];
    let sorted = sort(&suppressions, &policies());
    assert_eq!(sorted.by, [vec![Some(1), None], vec![Some(0)]]);
    assert_eq!(sorted.used, [true, true, false]);
    assert_eq!(sorted.suppressed(), 2);
}

#[test]
fn known_codes_are_sorted_and_recognised() {
    assert!(KNOWN_CODES.windows(2).all(|pair| pair[0] < pair[1]));
    assert!(is_known_code("invalid-effect"));
    assert!(!is_known_code("invalid-efect"));
}

/// Every code the crate's source passes to a finding is listed in [`KNOWN_CODES`], and every
/// listed code is in the source: a finding code is written as a string literal alone on its
/// line (the style every `Finding::new` and `Parser::error` call follows).
#[test]
fn known_codes_are_the_codes_the_source_reports() {
    let mut found = std::collections::BTreeSet::new();
    let mut pending = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            panic!("cannot read {}", dir.display());
        };
        for path in entries.flatten().map(|entry| entry.path()) {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() {
                pending.push(path);
            } else if name.ends_with(".rs") && name != "tests.rs" && name != "aws_rules.rs" {
                let Ok(text) = std::fs::read_to_string(&path) else {
                    panic!("cannot read {}", path.display());
                };
                // Only the code above the file's unit tests.
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                for line in code.lines() {
                    let literal = line.trim().trim_end_matches(',');
                    let Some(inner) = literal.strip_prefix('"').and_then(|l| l.strip_suffix('"'))
                    else {
                        continue;
                    };
                    // A code starts with a letter: a lone "-" (a dash drawn in text) is not one.
                    let kebab = inner.starts_with(|c: char| c.is_ascii_lowercase())
                        && inner.contains('-')
                        && inner.chars().all(|c| c.is_ascii_lowercase() || c == '-');
                    if kebab && !path.ends_with("suppress.rs") {
                        found.insert(inner.to_owned());
                    }
                }
            }
        }
    }
    let known: std::collections::BTreeSet<String> =
        KNOWN_CODES.iter().map(|code| (*code).to_owned()).collect();
    assert_eq!(found, known);
}
