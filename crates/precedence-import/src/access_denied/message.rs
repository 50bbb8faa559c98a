//! The AccessDenied message text AWS prints, read into who, what, on which resource, and the
//! policy type AWS named.
//!
//! The forms are those of "Troubleshoot access denied error messages"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html>):
//! `User: PRINCIPAL is not authorized to perform: ACTION on resource: RESOURCE because no TYPE
//! policy allows the ACTION action`, or `… with an explicit deny in a TYPE policy`, the latter
//! since 2026 followed by the denying policy's ARN
//! (<https://aws.amazon.com/blogs/security/enhanced-access-denied-error-messages-with-policy-arns>).
//! The CLI wraps it as `An error occurred (AccessDenied) when calling the GetObject
//! operation: …`.

use precedence::{Decision, Stage};

/// The marker every message of the documented form has.
const NOT_AUTHORIZED: &str = "is not authorized to perform";

/// One AccessDenied message, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Denial {
    /// The caller's ARN (`*` for an anonymous caller).
    pub(crate) principal: String,
    /// The action, `service:Action`.
    pub(crate) action: String,
    /// The resource, when the message names one.
    pub(crate) resource: Option<String>,
    /// Explicit or implicit, when the message says.
    pub(crate) decision: Option<Decision>,
    /// The stage of the policy type the message names.
    pub(crate) stage: Option<Stage>,
    /// The ARN of the denying policy, when the message gives it.
    pub(crate) policy_arn: Option<String>,
    /// The VPC endpoint the message names (`vpce-…`), if any.
    pub(crate) endpoint: Option<String>,
}

/// Whether `text` reads as an AccessDenied message (or an error that wraps one).
pub(crate) fn looks_like_one(text: &str) -> bool {
    text.contains(NOT_AUTHORIZED)
        || text.contains("AccessDenied")
        || text.contains("UnauthorizedOperation")
}

/// Every message of the documented form in `text`, in order: the text is read with its line
/// breaks as spaces, so a message wrapped by a terminal still reads as one.
pub(crate) fn denials(text: &str) -> Vec<Denial> {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let starts: Vec<usize> = flat.match_indices(NOT_AUTHORIZED).map(|(i, _)| i).collect();
    starts
        .iter()
        .enumerate()
        .filter_map(|(n, &at)| {
            let before = flat[..at].trim_end();
            let principal_start = before.rfind(' ').map_or(0, |space| space + 1);
            let principal = &before[principal_start..];
            let end = starts.get(n + 1).map_or(flat.len(), |&next| {
                flat[..next].trim_end().rfind(' ').unwrap_or(next)
            });
            let rest =
                flat[at + NOT_AUTHORIZED.len()..end.max(at + NOT_AUTHORIZED.len())].trim_end();
            // The next message's `User:` label is no part of this one.
            read_one(principal, rest.strip_suffix("User:").unwrap_or(rest))
        })
        .collect()
}

/// The text after `is not authorized to perform`, for `principal`.
fn read_one(principal: &str, rest: &str) -> Option<Denial> {
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
    let (action, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let action = action.trim_end_matches(['.', ',']);
    if !action.contains(':') {
        return None;
    }
    let (resource, reason) = match rest.strip_prefix("on resource:") {
        Some(after) => {
            let after = after.trim_start();
            let end = [" because ", " with an explicit deny"]
                .iter()
                .filter_map(|cut| after.find(cut))
                .min()
                .unwrap_or(after.len());
            let resource = after[..end]
                .trim()
                .trim_end_matches(['.', ','])
                .trim_matches('"');
            (Some(resource.to_owned()), &after[end..])
        }
        None => (None, rest),
    };
    let (decision, stage, policy_arn) = reason_of(reason);
    let principal = match principal.trim_end_matches(',') {
        "anonymous" => "*",
        other => other,
    };
    Some(Denial {
        principal: principal.to_owned(),
        action: action.to_owned(),
        resource: resource.filter(|r| !r.is_empty()),
        decision,
        stage,
        policy_arn,
        endpoint: endpoint_in(rest),
    })
}

/// The decision, stage and denying policy's ARN a message's reason gives.
fn reason_of(reason: &str) -> (Option<Decision>, Option<Stage>, Option<String>) {
    let reason = reason.trim();
    if let Some(after) = reason.strip_prefix("with an explicit deny in") {
        let (kind, arn) = after.split_once(':').map_or((after, None), |(kind, rest)| {
            let arn = rest.split_whitespace().next().map(str::to_owned);
            (kind, arn)
        });
        return (Some(Decision::ExplicitDeny), stage_named(kind), arn);
    }
    if let Some(after) = reason.strip_prefix("because no") {
        let kind = after.split(" allows").next().unwrap_or(after);
        return (Some(Decision::ImplicitDeny), stage_named(kind), None);
    }
    (None, None, None)
}

/// The stage of the policy type a message names (`a service control policy`,
/// `identity-based policy`, `VPC endpoint policy`, …).
fn stage_named(kind: &str) -> Option<Stage> {
    let kind = kind.to_ascii_lowercase();
    [
        ("identity-based", Stage::Identity),
        ("resource-based", Stage::Resource),
        ("permissions boundary", Stage::Boundary),
        ("session", Stage::Session),
        ("service control", Stage::Scp),
        ("resource control", Stage::Rcp),
        ("vpc endpoint", Stage::Endpoint),
    ]
    .into_iter()
    .find(|(name, _)| kind.contains(name))
    .map(|(_, stage)| stage)
}

/// The first VPC endpoint id (`vpce-` and hex digits) in `text`.
pub(crate) fn endpoint_in(text: &str) -> Option<String> {
    text.match_indices("vpce-").find_map(|(at, _)| {
        let id: String = text[at + 5..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        (id.len() >= 8).then(|| format!("vpce-{id}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_wrapped_by_the_cli_and_the_terminal_reads_as_one() {
        let text = "An error occurred (AccessDenied) when calling the GetObject operation: User:\n  arn:aws:iam::111122223333:user/alice is not authorized to perform: s3:GetObject on\n  resource: \"arn:aws:s3:::reports/q1.csv\" because no identity-based policy allows the s3:GetObject action";
        let denial = &denials(text)[0];
        assert_eq!(denial.principal, "arn:aws:iam::111122223333:user/alice");
        assert_eq!(denial.action, "s3:GetObject");
        assert_eq!(
            denial.resource.as_deref(),
            Some("arn:aws:s3:::reports/q1.csv")
        );
        assert_eq!(denial.stage, Some(Stage::Identity));
    }

    #[test]
    fn endpoint_ids_are_found_in_text() {
        assert_eq!(
            endpoint_in("through vpce-1a2b3c4d, denied").as_deref(),
            Some("vpce-1a2b3c4d")
        );
        assert_eq!(endpoint_in("vpce-xyz"), None);
    }
}
