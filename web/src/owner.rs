//! How a policy of the account model meets a request, said in words for the trace: "attached to
//! arn:…:role/Analyst", "inline in arn:…:group/Readers", "bucket policy of arn:aws:s3:::reports".

use precedence::scenario::{DocumentSource, Principal, Scenario};

/// The principal of the scenario a request's principal ARN is: the user or role itself, or the
/// role a session `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION` belongs to.
pub fn principal_of<'s>(scenario: &'s Scenario, arn: &str) -> Option<&'s Principal> {
    if let Some(found) = scenario.principals.iter().find(|p| p.arn == arn) {
        return Some(found);
    }
    let rest = arn.strip_prefix("arn:")?;
    let mut parts = rest.splitn(5, ':');
    let (partition, _sts, _region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let (name, _session) = resource.strip_prefix("assumed-role/")?.split_once('/')?;
    let prefix = format!("arn:{partition}:iam::{account}:role/");
    scenario.principals.iter().find(|p| {
        p.arn
            .strip_prefix(&prefix)
            .is_some_and(|path| path.rsplit('/').next() == Some(name))
    })
}

/// How the policy at `source`, owned by `owner`, meets a request of `request_principal`.
pub fn describe(
    scenario: &Scenario,
    request_principal: &str,
    source: DocumentSource,
    owner: &str,
) -> String {
    match source {
        DocumentSource::Managed { .. } => {
            let Some(principal) = principal_of(scenario, request_principal) else {
                return format!("managed policy {owner}");
            };
            if principal.attached_policies.iter().any(|a| a == owner) {
                return format!("attached to {}", principal.arn);
            }
            if principal.permissions_boundary.as_deref() == Some(owner) {
                return format!("permissions boundary of {}", principal.arn);
            }
            let group = principal.groups.iter().find(|g| {
                scenario.groups.iter().any(|group| {
                    group.arn == **g && group.attached_policies.iter().any(|a| a == owner)
                })
            });
            match group {
                Some(group) => format!("attached to {group}, a group of {}", principal.arn),
                None => format!("managed policy {owner}"),
            }
        }
        DocumentSource::PrincipalInline { .. } | DocumentSource::GroupInline { .. } => {
            format!("inline in {owner}")
        }
        DocumentSource::Trust { .. } => format!("trust policy of {owner}"),
        DocumentSource::Resource { .. } => format!("resource policy of {owner}"),
        DocumentSource::Session { .. } => format!("session policy of {owner}"),
        DocumentSource::Policies { .. } => format!("of {owner}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        serde_json::from_str(
            r#"{"managed_policies": [
                    {"arn": "arn:aws:iam::111122223333:policy/ReadReports", "document": {}},
                    {"arn": "arn:aws:iam::111122223333:policy/Team", "document": {}},
                    {"arn": "arn:aws:iam::111122223333:policy/Ceiling", "document": {}}],
                "groups": [{"arn": "arn:aws:iam::111122223333:group/Readers",
                    "attached_policies": ["arn:aws:iam::111122223333:policy/Team"]}],
                "principals": [
                    {"arn": "arn:aws:iam::111122223333:role/data/Analyst",
                     "attached_policies": ["arn:aws:iam::111122223333:policy/ReadReports"],
                     "permissions_boundary": "arn:aws:iam::111122223333:policy/Ceiling"},
                    {"arn": "arn:aws:iam::111122223333:user/alice",
                     "groups": ["arn:aws:iam::111122223333:group/Readers"]}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_managed_policy_says_how_it_reaches_the_caller() {
        let s = scenario();
        let managed = DocumentSource::Managed { index: 0 };
        let session = "arn:aws:sts::111122223333:assumed-role/Analyst/s1";
        assert_eq!(
            describe(
                &s,
                session,
                managed,
                "arn:aws:iam::111122223333:policy/ReadReports"
            ),
            "attached to arn:aws:iam::111122223333:role/data/Analyst"
        );
        assert_eq!(
            describe(
                &s,
                session,
                managed,
                "arn:aws:iam::111122223333:policy/Ceiling"
            ),
            "permissions boundary of arn:aws:iam::111122223333:role/data/Analyst"
        );
        assert_eq!(
            describe(&s, "arn:aws:iam::111122223333:user/alice", managed, "arn:aws:iam::111122223333:policy/Team"),
            "attached to arn:aws:iam::111122223333:group/Readers, a group of arn:aws:iam::111122223333:user/alice"
        );
        // A session of another account's role of the same name is not this role.
        assert!(principal_of(&s, "arn:aws:sts::444455556666:assumed-role/Analyst/s1").is_none());
    }

    #[test]
    fn other_documents_name_their_owner() {
        let s = scenario();
        let bucket = "arn:aws:s3:::reports";
        assert_eq!(
            describe(&s, "x", DocumentSource::Resource { resource: 0 }, bucket),
            "resource policy of arn:aws:s3:::reports"
        );
        assert_eq!(
            describe(
                &s,
                "x",
                DocumentSource::GroupInline { group: 0, index: 0 },
                "g"
            ),
            "inline in g"
        );
    }
}
