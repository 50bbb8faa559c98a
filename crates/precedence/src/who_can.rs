//! Who can do this: every principal a scenario holds — its users and roles, the callers of its
//! requests, and whoever its resource-based policies name (accounts, roles, service principals,
//! identity providers, `*` for anyone) — decided for one action on one resource, allowed first,
//! and for the others the stages that stop them.

use serde::Serialize;

use crate::access::{AccessQuery, Answer, Verdict};
use crate::evaluate::{Engine, RequestError};
use crate::policy::{PolicyType, PrincipalNamespace};
use crate::principal::is_account_id;
use crate::scenario::Scenario;

/// Where a principal of the answer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Origin {
    /// A user or role of the account model.
    Model,
    /// The caller of one of the scenario's requests.
    Request,
    /// Named by a resource-based policy, trust policy or endpoint policy.
    Named,
}

/// One principal's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhoCanEntry {
    /// The principal (`*` is an anonymous caller).
    pub principal: String,
    /// Where it comes from.
    pub origin: Origin,
    /// The answer.
    pub answer: Answer,
}

/// Every principal's answer: allowed ones first, then conditional, then denied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhoCan {
    /// The action asked about.
    pub action: String,
    /// The resource asked about.
    pub resource: String,
    /// Each principal.
    pub entries: Vec<WhoCanEntry>,
    /// Principals named that cannot make requests of their own (an account id names the
    /// account's root user, which is asked about instead; a canonical user id is skipped).
    pub skipped: Vec<String>,
}

impl Engine {
    /// Who of the principals `scenario` holds may call `action` on `resource` (through
    /// `via_endpoint`, if given). `scenario` must be the one this engine was loaded from.
    pub fn who_can(
        &self,
        scenario: &Scenario,
        action: &str,
        resource: &str,
        via_endpoint: Option<&str>,
    ) -> Result<WhoCan, RequestError> {
        let (principals, mut skipped) = self.principals_held(scenario);
        let mut entries = Vec::with_capacity(principals.len());
        for (principal, origin) in principals {
            let query = AccessQuery {
                principal: principal.clone(),
                via_endpoint: via_endpoint.map(str::to_owned),
                ..AccessQuery::default()
            };
            // A principal the engine cannot read (or that may not call this action, as an
            // identity provider calls only its own) is skipped and said.
            match self.answer_for(&query, action, resource) {
                Ok(answer) => entries.push(WhoCanEntry {
                    principal,
                    origin,
                    answer,
                }),
                Err(error) if matches!(error.field, "principal" | "action") => {
                    skipped.push(principal)
                }
                Err(error) => return Err(error),
            }
        }
        let rank = |verdict: Verdict| match verdict {
            Verdict::Allowed => 0,
            Verdict::Conditional => 1,
            Verdict::ExplicitDeny | Verdict::ImplicitDeny => 2,
        };
        entries.sort_by_key(|entry| rank(entry.answer.verdict));
        Ok(WhoCan {
            action: action.to_owned(),
            resource: resource.to_owned(),
            entries,
            skipped,
        })
    }

    /// The principals a scenario holds: its users and roles, its requests' callers, and whoever
    /// its resource-based, RCP and endpoint policies name; and the names that are no one caller.
    pub(crate) fn principals_held(
        &self,
        scenario: &Scenario,
    ) -> (Vec<(String, Origin)>, Vec<String>) {
        let mut principals: Vec<(String, Origin)> = Vec::new();
        let mut skipped = Vec::new();
        let mut add = |principal: String, origin: Origin| {
            if !principals.iter().any(|(known, _)| *known == principal) {
                principals.push((principal, origin));
            }
        };
        for principal in &scenario.principals {
            add(principal.arn.clone(), Origin::Model);
        }
        for request in &scenario.requests {
            add(request.principal.clone(), Origin::Request);
        }
        let naming = [PolicyType::Resource, PolicyType::Rcp, PolicyType::Endpoint];
        for loaded in self
            .policies()
            .iter()
            .filter(|p| naming.contains(&p.policy_type))
        {
            let Some(policy) = &loaded.policy else {
                continue;
            };
            for set in policy
                .statements
                .iter()
                .filter_map(|s| s.principal.as_ref())
            {
                for id in &set.ids {
                    match id.namespace {
                        PrincipalNamespace::Aws if is_account_id(&id.value) => {
                            add(format!("arn:aws:iam::{}:root", id.value), Origin::Named)
                        }
                        PrincipalNamespace::Aws if id.value.contains('*') && id.value != "*" => {
                            skipped.push(id.value.clone())
                        }
                        PrincipalNamespace::Aws
                        | PrincipalNamespace::Service
                        | PrincipalNamespace::Federated => add(id.value.clone(), Origin::Named),
                        PrincipalNamespace::CanonicalUser => skipped.push(id.value.clone()),
                    }
                }
            }
        }
        (principals, skipped)
    }
}
