//! Two statements of one policy with the same `Sid`. IAM requires a `Sid` to be unique within
//! a policy (IAM JSON policy elements: Sid), so in the policies IAM holds (identity-based
//! policies, boundaries, session policies and roles' trust policies) a repeat is an error AWS
//! refuses the policy for. Other policy types document no such rule, but the trace and
//! suppressions (`CODE@POLICY#SID`) name statements by their `Sid`: there a repeat is a warning.

use crate::finding::{Finding, Severity};
use crate::policy::{Policy, PolicyType};
use crate::scenario::DocumentSource;
use crate::span::{Position, Span};

/// AWS's page on the `Sid` element.
const SID_PAGE: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html";

/// A finding at the value of every `Sid` an earlier statement of `policy` has, naming where
/// the first is (`position_of` turns a span into the line and column shown); readable and
/// left-out statements alike.
pub fn check(
    policy: &Policy,
    policy_type: PolicyType,
    source: DocumentSource,
    position_of: impl Fn(Span) -> Position,
) -> Vec<Finding> {
    let mut written: Vec<(usize, &str, Span)> = policy
        .statements
        .iter()
        .filter_map(|s| Some((s.index, s.sid.as_deref()?, s.sid_span?)))
        .chain(
            policy
                .left_out
                .iter()
                .filter_map(|s| Some((s.index, s.sid.as_deref()?, s.sid_span?))),
        )
        .filter(|(_, sid, _)| !sid.is_empty())
        .collect();
    written.sort_by_key(|(index, _, _)| *index);
    let held_by_iam = matches!(
        policy_type,
        PolicyType::Identity | PolicyType::Boundary | PolicyType::Session
    ) || matches!(source, DocumentSource::Trust { .. });
    let mut findings = Vec::new();
    for (at, (_, sid, span)) in written.iter().enumerate() {
        let Some((_, _, first)) = written[..at].iter().find(|(_, other, _)| other == sid) else {
            continue;
        };
        let first = position_of(*first);
        let message = format!(
            "`{sid}` is the `Sid` of the statement at line {}, column {} too",
            first.line, first.column
        );
        let finding = if held_by_iam {
            Finding::new(
                "duplicate-sid",
                Severity::Error,
                message,
                format!("give each statement its own `Sid`: IAM requires a `Sid` to be unique within a policy and refuses this one ({SID_PAGE})"),
                *span,
            )
        } else {
            Finding::new(
                "duplicate-sid",
                Severity::Warning,
                message,
                format!("give each statement its own `Sid`: IAM requires a `Sid` to be unique within a policy ({SID_PAGE}); AWS documents no such rule for a {}, but the trace and suppressions (`CODE@POLICY#SID`) name statements by their `Sid`, so they cannot tell these two apart", policy_type.title()),
                *span,
            )
        };
        findings.push(finding);
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_policy;
    use crate::span::LineIndex;

    const REPEATED: &str = "{\"Version\": \"2012-10-17\", \"Statement\": [\n  {\"Sid\": \"Read\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"},\n  {\"Sid\": \"Other\", \"Effect\": \"Allow\", \"Action\": \"s3:ListBucket\", \"Resource\": \"*\"},\n  {\"Sid\": \"Read\", \"Effect\": \"Permit\", \"Action\": \"s3:PutObject\", \"Resource\": \"*\"}\n]}";

    fn found(policy_type: PolicyType, source: DocumentSource) -> Vec<Finding> {
        let policy = parse_policy(REPEATED).policy.unwrap();
        let lines = LineIndex::new(REPEATED);
        check(&policy, policy_type, source, |span| {
            lines.position(REPEATED, span.start)
        })
    }

    const WIDE: DocumentSource = DocumentSource::Policies {
        policy_type: PolicyType::Identity,
        entry: 0,
    };

    #[test]
    fn a_repeated_sid_is_found_at_its_value_naming_the_first_even_in_a_left_out_statement() {
        let findings = found(PolicyType::Identity, WIDE);
        assert_eq!(findings.len(), 1, "{findings:?}");
        let finding = &findings[0];
        assert_eq!(
            &REPEATED[finding.span.start..finding.span.end],
            "\"Read\"",
            "at the second `Sid`'s value"
        );
        assert_eq!(
            LineIndex::new(REPEATED)
                .position(REPEATED, finding.span.start)
                .line,
            4
        );
        assert_eq!(
            finding.message,
            "`Read` is the `Sid` of the statement at line 2, column 11 too"
        );
        assert_eq!(finding.severity, Severity::Error);
        assert!(finding.help.contains(SID_PAGE), "{}", finding.help);
    }

    #[test]
    fn iam_refuses_repeats_and_other_types_get_a_warning() {
        for policy_type in [
            PolicyType::Identity,
            PolicyType::Boundary,
            PolicyType::Session,
        ] {
            assert_eq!(found(policy_type, WIDE)[0].severity, Severity::Error);
        }
        let trust = DocumentSource::Trust { principal: 0 };
        assert_eq!(
            found(PolicyType::Resource, trust)[0].severity,
            Severity::Error
        );
        for policy_type in [
            PolicyType::Scp,
            PolicyType::Rcp,
            PolicyType::Endpoint,
            PolicyType::Resource,
        ] {
            let finding = &found(policy_type, WIDE)[0];
            assert_eq!(finding.severity, Severity::Warning, "{policy_type:?}");
            assert!(
                finding.help.contains(policy_type.title()),
                "{}",
                finding.help
            );
        }
    }

    #[test]
    fn distinct_and_absent_sids_are_fine() {
        let text = r#"{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Sid": "", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Sid": "", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Sid": "A", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#;
        let policy = parse_policy(text).policy.unwrap();
        assert!(check(&policy, PolicyType::Identity, WIDE, |_| Position {
            line: 1,
            column: 1
        })
        .is_empty());
    }
}
