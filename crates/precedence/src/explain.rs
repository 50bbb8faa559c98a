//! Plain-language sentences for the trace: one per stage, and a paragraph for the decision.

use crate::aws_rules::{AwsRule, RuleEffect};
use crate::evaluate::{StageScan, Verdict};
use crate::load::LoadedPolicy;
use crate::matching::RequestFacts;
use crate::policy::PolicyType;
use crate::principal::PrincipalMatch;
use crate::scenario::Decision;
use crate::trace::{Stage, StatementRef};

fn level_names(levels: &[Option<String>]) -> String {
    let names: Vec<String> = levels
        .iter()
        .map(|level| match level {
            Some(name) => format!("`{name}`"),
            None => "(unnamed)".to_owned(),
        })
        .collect();
    names.join(", ")
}

fn grant_phrase(grant: PrincipalMatch) -> &'static str {
    match grant {
        PrincipalMatch::Account => "names the caller's account, which delegates the decision to the account's identity-based policies",
        PrincipalMatch::RoleArn => "names the caller's role ARN",
        PrincipalMatch::Everyone => "allows everyone (`*`)",
        PrincipalMatch::Other => "names the caller",
        PrincipalMatch::UserArn => "names the caller's IAM user ARN",
        PrincipalMatch::SessionArn => "names the caller's role session ARN",
    }
}

/// How a sentence names a rule: its id and its page.
fn rule_reference(rule: &AwsRule) -> String {
    format!("rule `{}`, {}", rule.id, rule.source)
}

/// One sentence on the explicit-deny stage.
pub(crate) fn explicit_deny_summary(verdict: &Verdict) -> String {
    let allowing_rule = verdict
        .rule
        .filter(|rule| rule.effect == RuleEffect::Allows);
    if let Some(rule) = allowing_rule.filter(|_| verdict.scans.iter().any(|scan| scan.deny)) {
        format!(
            "a Deny statement matches, but it does not stop this request: {} ({})",
            rule.says,
            rule_reference(rule)
        )
    } else if verdict.decision == Decision::ExplicitDeny {
        let stages: Vec<&str> = verdict.blocked_by.iter().map(Stage::name).collect();
        format!(
            "a Deny statement matches (in: {}); an explicit deny overrides every Allow",
            stages.join(", ")
        )
    } else {
        "no Deny statement in any applicable policy matches the request".to_owned()
    }
}

/// One sentence on how a stage came out.
pub(crate) fn stage_summary(stage: Stage, scan: &StageScan, verdict: &Verdict) -> String {
    if let Some(reason) = scan.absent_in_model.as_deref().or(scan.not_applicable) {
        if !verdict.blocked_by.contains(stage) {
            return format!("not applicable: {reason}");
        }
        // No policy of this type, where one had to allow the request.
        return match (stage, verdict.resource_must_allow) {
            (Stage::Resource, Some(kind)) => {
                format!("{reason}, and {kind} must allow the request, even within one account")
            }
            (Stage::Resource, None) => format!("{reason}, and a request from another account, or from a caller that belongs to none, needs one that allows it"),
            _ => format!("{reason}, and this request needs one that allows it"),
        };
    }
    if scan.deny {
        return "a Deny statement matches".to_owned();
    }
    if let Some(rule) = scan.rule {
        match (stage, scan.waived) {
            (Stage::Session, None) => return format!("the session was created without a session policy, so it has no permissions of its own ({})", rule_reference(rule)),
            (Stage::Session, Some(waived)) => return format!("the session was created without a session policy and has no permissions of its own, but {waived} ({})", rule_reference(rule)),
            (_, Some(waived)) => return format!("the permissions boundary does not allow the request, but {waived} ({})", rule_reference(rule)),
            _ => {}
        }
    }
    match stage {
        Stage::Rcp => "RCPFullAWSAccess allows everything at every level, and no RCP Deny matches".to_owned(),
        Stage::Scp if scan.allow => "every level of the organization has an SCP that allows the request".to_owned(),
        Stage::Scp => format!(
            "no SCP allows the request at level {}; every level from the root down to the account must allow it",
            level_names(&scan.levels_without_allow)
        ),
        Stage::Resource => match scan.grant {
            Some(grant) => format!("a statement allows the request and {}", grant_phrase(grant)),
            None if !verdict.same_account => "no statement allows the request; across accounts the resource-based policy must allow it".to_owned(),
            None => match verdict.resource_must_allow {
                Some(kind) => format!("no statement allows the request; {kind} must allow it, whatever the identity-based policies allow"),
                None => "no statement allows the request; within one account that alone does not deny".to_owned(),
            },
        },
        Stage::Identity => match (scan.allow, scan.waived) {
            (true, Some(waived)) => format!("allowed without an identity-based policy: {waived}"),
            (true, None) => "an identity-based policy allows the request".to_owned(),
            (false, Some(waived)) => format!("nothing allows the request here, but none is needed: {waived}"),
            (false, None) => "no identity-based policy allows the request".to_owned(),
        },
        Stage::Boundary | Stage::Session => {
            let what = if stage == Stage::Boundary { "permissions boundary" } else { "session policy" };
            match (scan.allow, scan.waived) {
                (true, _) => format!("the {what} allows the request"),
                (false, Some(waived)) => format!("the {what} does not allow the request, but {waived}"),
                (false, None) => format!("the {what} does not allow the request, and it must"),
            }
        }
        Stage::Endpoint if scan.allow => "the endpoint policy allows the request through".to_owned(),
        Stage::Endpoint => "the endpoint policy does not allow the request; an endpoint policy never grants, but everything through the endpoint must be allowed by it".to_owned(),
        Stage::ExplicitDeny => String::new(),
    }
}

fn statement_list(refs: &[StatementRef]) -> String {
    let parts: Vec<String> = refs
        .iter()
        .map(|r| {
            // The stage says the type: two policies of different types may share an id.
            let title = r.stage.policy_type().map_or("policy", PolicyType::title);
            format!("statement `{}` of {} `{}`", r.label, title, r.policy_id)
        })
        .collect();
    parts.join("; ")
}

/// A paragraph explaining the decision in plain language.
pub(crate) fn explain(
    verdict: &Verdict,
    decisive: &[StatementRef],
    request: &RequestFacts,
    policies: &[LoadedPolicy],
    endpoint: Option<usize>,
) -> String {
    let subject = format!(
        "`{}` calling `{}` on `{}`",
        request.caller.arn, request.action, request.resource
    );
    match verdict.decision {
        Decision::ExplicitDeny => format!(
            "Denied explicitly: {} matches {subject}. An explicit Deny in any applicable policy overrides every Allow: no other policy can let this request through while the Deny applies.",
            statement_list(decisive)
        ),
        Decision::ImplicitDeny => {
            let reasons: Vec<String> = verdict
                .blocked_by
                .iter()
                .filter_map(|stage| {
                    let scan = verdict.scan(stage.policy_type()?);
                    Some(match stage {
                        Stage::Scp => format!("no SCP allows it at level {}", level_names(&scan.levels_without_allow)),
                        Stage::Resource if request.caller.account.is_none() => "no resource-based policy allows it, and for a caller outside any account nothing else can".to_owned(),
                        Stage::Resource => match (verdict.same_account, verdict.resource_must_allow) {
                            (true, Some(kind)) => format!("{kind} does not allow it, and it must even within one account"),
                            _ => "the resource-based policy does not allow it, and across accounts both sides must".to_owned(),
                        },
                        Stage::Identity if scan.not_applicable.is_some() => "the caller has no identity-based policy that allows it".to_owned(),
                        Stage::Identity => match verdict.scan(PolicyType::Resource).grant {
                            Some(PrincipalMatch::Account) => "the resource-based policy only names the caller's account, so an identity-based policy must allow it, and none does".to_owned(),
                            _ => "no identity-based policy allows it".to_owned(),
                        },
                        Stage::Boundary => "the permissions boundary does not allow it".to_owned(),
                        Stage::Session if scan.rule.is_some() => "the session was created without a session policy, so it has no permissions of its own".to_owned(),
                        Stage::Session => "the session policy does not allow it".to_owned(),
                        Stage::Endpoint => format!(
                            "the policy of endpoint `{}` does not allow it",
                            endpoint.map_or("?", |i| policies[i].id.as_str())
                        ),
                        _ => return None,
                    })
                })
                .collect();
            match verdict.rule.filter(|rule| rule.effect == RuleEffect::DeniesImplicitly) {
                Some(rule) if reasons.is_empty() => format!(
                    "Denied implicitly by a rule AWS applies outside any policy: {} ({}). No policy can allow {subject}.",
                    rule.says,
                    rule_reference(rule)
                ),
                Some(rule) => format!(
                    "Denied implicitly by a rule AWS applies outside any policy: {} ({}). No policy can allow {subject}; besides, {}.",
                    rule.says,
                    rule_reference(rule),
                    reasons.join("; and ")
                ),
                None => {
                    let mut sentence = format!(
                        "Denied implicitly: nothing denies {subject}, but {}. Every policy type that applies must allow a request; where none does, AWS denies by default.",
                        reasons.join("; and ")
                    );
                    if let Some(rule) = verdict.rule {
                        sentence.push_str(&format!(" AWS's rule: {} ({}).", rule.says, rule_reference(rule)));
                    }
                    sentence
                }
            }
        }
        Decision::Allowed if verdict.rule.is_some_and(|rule| rule.effect == RuleEffect::Allows) => {
            let rule_sentence = verdict.rule.map(|rule| format!("{} ({})", rule.says, rule_reference(rule))).unwrap_or_default();
            format!("Allowed by a rule AWS applies outside any policy: {rule_sentence}. {subject} is allowed whatever the policies say; the stages show what they would have found.")
        }
        Decision::Allowed => {
            let mut sentence = format!("Allowed: nothing denies {subject}, and everything that must allow it does");
            if !decisive.is_empty() {
                sentence.push_str(&format!(" ({})", statement_list(decisive)));
            }
            sentence.push('.');
            if let Some(waived) = verdict.scan(PolicyType::Identity).waived {
                sentence.push_str(&format!(" No identity-based policy is needed: {waived}."));
            }
            if let Some(rule) = verdict.rule {
                sentence.push_str(&format!(" AWS's rule: {} ({}).", rule.says, rule_reference(rule)));
            }
            if endpoint.is_none() && policies.iter().any(|p| p.policy_type == PolicyType::Endpoint) {
                sentence.push_str(" The request does not come through a VPC endpoint, so no endpoint policy applies to it.");
            }
            sentence
        }
    }
}
