//! Two scenario-wide policies of one type with the same id: the trace, the explanation and
//! suppressions name policies by id, and a request's `via_endpoint` names its endpoint by id,
//! so the second cannot be told from the first. Each repeat is a warning at its own id, naming
//! the first.

use crate::finding::{Finding, Severity};
use crate::load::LoadedPolicy;
use crate::policy::PolicyType;
use crate::scenario::DocumentSource;

/// Add the finding to every scenario-wide policy whose id an earlier one of its type has.
/// Policies of different types may share an id (one managed policy used as an identity-based
/// policy and as a boundary is named the same in both lists).
pub(super) fn add_findings(policies: &mut [LoadedPolicy]) {
    let mut found = Vec::new();
    for (at, policy) in policies.iter().enumerate() {
        let DocumentSource::Policies { policy_type, entry } = policy.source else {
            continue;
        };
        let first = policies[..at]
            .iter()
            .find_map(|earlier| match earlier.source {
                DocumentSource::Policies {
                    policy_type: of,
                    entry: first,
                } if of == policy_type && earlier.id == policy.id => Some((first, earlier)),
                _ => None,
            });
        if let Some((first, earlier)) = first {
            found.push((at, finding(policy_type, &policy.id, first, entry, earlier)));
        }
    }
    for (at, finding) in found {
        policies[at].add_findings([finding]);
    }
}

fn finding(
    policy_type: PolicyType,
    id: &str,
    first: usize,
    entry: usize,
    earlier: &LoadedPolicy,
) -> Finding {
    let list = format!("policies.{}", policy_type.name());
    let place = earlier
        .id_range
        .map(|(start, _)| format!(" (line {}, column {})", start.line, start.column))
        .unwrap_or_default();
    let help = if policy_type == PolicyType::Endpoint {
        format!("rename one of them: a request's `via_endpoint` names an endpoint by its id, so requests through `{id}` meet only the first, and the trace and suppressions cannot tell the two apart")
    } else {
        format!("rename one of them: the trace, the explanation and suppressions (`--allow CODE@{id}`) name a policy by its id, so they cannot tell the two apart")
    };
    Finding::about_id(
        "duplicate-policy-id",
        Severity::Warning,
        format!(
            "`{id}` is the id of `{list}[{first}]`{place} too: `{list}[{entry}]` is a second {} named the same",
            policy_type.title()
        ),
        help,
    )
}

#[cfg(test)]
mod tests {
    use crate::finding::Subject;
    use crate::load::{load_file_policies, load_policies};
    use crate::scenario::ScenarioFile;

    const TWO_APPS: &str = r#"{"policies": {
  "identity": [
    {"id": "App", "document": {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}},
    {"id": "App", "document": {"Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}}
  ],
  "boundary": [{"id": "App", "document": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}],
  "endpoint": [
    {"id": "vpce-1", "document": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}},
    {"id": "vpce-1", "document": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}}
  ]}}"#;

    fn duplicates(policies: &[crate::load::LoadedPolicy]) -> Vec<(usize, &crate::Finding)> {
        policies
            .iter()
            .enumerate()
            .flat_map(|(at, p)| p.findings.iter().map(move |f| (at, f)))
            .filter(|(_, f)| f.code == "duplicate-policy-id")
            .collect()
    }

    #[test]
    fn the_second_of_two_ids_of_one_type_is_found_at_its_id_naming_the_first() {
        let file = ScenarioFile::from_text(TWO_APPS).unwrap();
        let policies = load_file_policies(&file, TWO_APPS);
        let found = duplicates(&policies);
        // The second identity policy and the second endpoint; not the boundary named `App`.
        let owners: Vec<String> = found
            .iter()
            .map(|(at, _)| policies[*at].source.path())
            .collect();
        assert_eq!(
            owners,
            [
                "policies.identity[1].document",
                "policies.endpoint[1].document"
            ]
        );
        let (at, finding) = found[0];
        assert_eq!(finding.subject, Subject::Id);
        assert_eq!(finding.severity, crate::Severity::Warning);
        let position = policies[at].finding_position(finding);
        assert_eq!(
            (position.line, position.column),
            (4, 12),
            "the second `\"App\"`"
        );
        assert!(
            finding
                .message
                .contains("`App` is the id of `policies.identity[0]` (line 3, column 12) too"),
            "{}",
            finding.message
        );
        assert!(
            found[1].1.help.contains("via_endpoint"),
            "{}",
            found[1].1.help
        );
    }

    #[test]
    fn a_scenario_without_a_file_names_the_first_by_its_path() {
        let file = ScenarioFile::from_text(TWO_APPS).unwrap();
        let policies = load_policies(&file.scenario);
        let found = duplicates(&policies);
        assert_eq!(found.len(), 2);
        let (at, finding) = found[0];
        assert!(
            finding
                .message
                .starts_with("`App` is the id of `policies.identity[0]` too"),
            "{}",
            finding.message
        );
        // No file: the finding sits at the start of the text, where an editor shows it.
        let position = policies[at].finding_position(finding);
        assert_eq!((position.line, position.column), (1, 1));
    }
}
