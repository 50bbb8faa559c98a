//! The check at the end of an import: each request made from an AccessDenied is evaluated
//! against the imported scenario, and where Precedence decides otherwise than AWS did, a note
//! says so and which input is likely missing.

use precedence::scenario::Principal;
use precedence::{Decision, Engine, Outcome, Request, Scenario, Stage};

use crate::report::Note;

/// Add a note for every AccessDenied request the scenario decides otherwise than AWS did.
pub(crate) fn check(scenario: &Scenario, denied: &[usize], notes: &mut Vec<Note>) {
    let denied: Vec<(usize, &Request)> = denied
        .iter()
        .filter_map(|&index| Some((index, scenario.requests.get(index)?)))
        .collect();
    if denied.is_empty() {
        return;
    }
    let engine = Engine::from_scenario(scenario);
    for (index, request) in denied {
        let message = match engine.prepare(request) {
            Err(error) if error.field == "via_endpoint" => {
                let id = request.via_endpoint.as_deref().unwrap_or_default();
                format!(
                    "AWS {}, but the scenario has no endpoint `{id}`: import `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids {id}`",
                    said(request)
                )
            }
            Err(error) => format!("the request cannot be evaluated: {error}; {}", error.help),
            Ok(prepared) => {
                let outcome = engine.decide(&prepared);
                let met = match request.expect {
                    Some(_) => request.expectation_met(&outcome) == Some(true),
                    None => outcome.decision != Decision::Allowed,
                };
                if met {
                    continue;
                }
                format!(
                    "AWS {}, but the scenario {}: {}",
                    said(request),
                    got(&outcome),
                    missing(scenario, request)
                )
            }
        };
        notes.push(Note {
            file: String::new(),
            path: Some(format!("requests[{index}]")),
            message,
        });
    }
}

/// What AWS said of the request, as a clause.
fn said(request: &Request) -> String {
    let kind = request.expect_stage.map(policy_kind);
    match (request.expect, kind) {
        (Some(Decision::ExplicitDeny), Some(kind)) => {
            format!("denied it with an explicit deny in {kind}")
        }
        (Some(Decision::ImplicitDeny), Some(kind)) => {
            format!(
                "said no {} allows it",
                kind.trim_start_matches("a ").trim_start_matches("an ")
            )
        }
        (Some(Decision::ExplicitDeny), None) => "denied it with an explicit deny".to_owned(),
        _ => "denied it".to_owned(),
    }
}

/// How the scenario decides, as a clause.
fn got(outcome: &Outcome) -> String {
    let stages: Vec<&str> = outcome.blocked_by.iter().map(Stage::name).collect();
    match outcome.decision {
        Decision::Allowed => "allows it".to_owned(),
        Decision::ExplicitDeny => format!("denies it explicitly at {}", stages.join(", ")),
        Decision::ImplicitDeny => format!("denies it implicitly at {}", stages.join(", ")),
    }
}

/// The policy type of a stage, as AccessDenied messages name it.
fn policy_kind(stage: Stage) -> &'static str {
    match stage {
        Stage::ExplicitDeny => "a policy",
        Stage::Rcp => "a resource control policy",
        Stage::Scp => "a service control policy",
        Stage::Resource => "a resource-based policy",
        Stage::Identity => "an identity-based policy",
        Stage::Boundary => "a permissions boundary",
        Stage::Session => "a session policy",
        Stage::Endpoint => "a VPC endpoint policy",
    }
}

/// The input that would likely explain AWS's decision, for the stage AWS named.
fn missing(scenario: &Scenario, request: &Request) -> String {
    let principal = model_principal(scenario, &request.principal);
    let caller = &request.principal;
    match request.expect_stage {
        Some(Stage::Endpoint) => match &request.via_endpoint {
            None => "the request names no endpoint: set its `via_endpoint` to the `vpcEndpointId` CloudTrail logged, and import `aws ec2 describe-vpc-endpoints`".to_owned(),
            Some(id) => format!("the scenario's policy of `{id}` allows it: import its current policy (`aws ec2 describe-vpc-endpoints --vpc-endpoint-ids {id}`)"),
        },
        Some(Stage::Scp) if scenario.policies.scp.is_empty() => {
            "the scenario has no SCPs: import the organization's policies (`aws organizations describe-policy`, `list-targets-for-policy`)".to_owned()
        }
        Some(Stage::Rcp) if scenario.policies.rcp.is_empty() => {
            "the scenario has no RCPs: import the organization's policies (`aws organizations describe-policy`, `list-targets-for-policy`)".to_owned()
        }
        Some(Stage::Scp | Stage::Rcp) => "the organization's policies on the account's path are not all in the scenario: import the tree (`list-roots`, `list-organizational-units-for-parent`, `list-accounts-for-parent`) and each policy's targets".to_owned(),
        Some(Stage::Identity) | None if principal.is_none() && scenario.policies.identity.is_empty() => {
            format!("the scenario has no policies for `{caller}`: import `aws iam get-account-authorization-details`")
        }
        Some(Stage::Boundary) if principal.is_none_or(|p| p.permissions_boundary.is_none()) => {
            format!("the scenario has no permissions boundary for `{caller}`: import `aws iam get-account-authorization-details`")
        }
        Some(Stage::Resource) if !has_resource_policy(scenario, &request.resource) => format!(
            "the scenario has no resource-based policy for `{}`: import it (`aws s3api get-bucket-policy`, `aws kms get-key-policy`, …)",
            request.resource
        ),
        Some(Stage::Session) if request.session.is_none() => "the session's policies are not in the scenario: add them to the request's `session` (the AssumeRole event that made the session holds them)".to_owned(),
        Some(stage) => format!(
            "the scenario's {} may be out of date, or a condition depends on context the AccessDenied does not give: import them again and add the request's context keys",
            plural(stage)
        ),
        None => "the message does not say which policy type denied it: import the caller's policies (`aws iam get-account-authorization-details`), the resource's policy and the organization's SCPs".to_owned(),
    }
}

/// What the policies of a stage are called, in the plural.
fn plural(stage: Stage) -> &'static str {
    match stage {
        Stage::Identity | Stage::ExplicitDeny => "identity-based policies",
        Stage::Resource => "resource-based policies",
        Stage::Boundary => "permissions boundaries",
        Stage::Session => "session policies",
        Stage::Scp => "SCPs",
        Stage::Rcp => "RCPs",
        Stage::Endpoint => "endpoint policies",
    }
}

/// The user or role of the model the caller is (a role session by its role).
fn model_principal<'s>(scenario: &'s Scenario, caller: &str) -> Option<&'s Principal> {
    if let Some(found) = scenario.principals.iter().find(|p| p.arn == caller) {
        return Some(found);
    }
    let session = caller.strip_prefix("arn:aws:sts::")?;
    let (account, rest) = session.split_once(':')?;
    let role = rest.strip_prefix("assumed-role/")?.split('/').next()?;
    let prefix = format!("arn:aws:iam::{account}:role/");
    scenario.principals.iter().find(|p| {
        p.arn
            .strip_prefix(&prefix)
            .is_some_and(|path| path.rsplit('/').next() == Some(role))
    })
}

/// Whether the scenario holds a resource-based policy for `resource` (or a resource above it).
fn has_resource_policy(scenario: &Scenario, resource: &str) -> bool {
    !scenario.policies.resource.is_empty()
        || scenario.resources.iter().any(|r| {
            r.policy.is_some()
                && (resource == r.arn || resource.starts_with(&format!("{}/", r.arn)))
        })
}
