//! The access map: what one principal can do. Every action of AWS's service catalog (or of the
//! services asked about) that applies to the resources asked about is decided for the
//! principal, and each answer says `allowed`, `explicitDeny` or `implicitDeny` with the stages
//! that decide, or `conditional` when it hangs on context keys the question did not fix (a
//! condition on a key the request does not have is then neither true nor false: the answer
//! names the keys and the decision either way).
//!
//! A resource may be a pattern (`arn:aws:s3:::reports/*`, or `*`): the principal is asked about
//! resources it covers — one for each `Resource` pattern of the policies that falls within it,
//! and one the policies name nowhere — and the answer says whether it may act on every one, on
//! some (naming one allowed and one not), or on none.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{AccessLevel, Action, Catalog};
use crate::dependence::{Candidate, Forcing};
use crate::evaluate::{Engine, PreparedRequest, Recorder, RequestError};
use crate::matching::{elements_match, statement_applies, PrincipalRules, RequestFacts};
use crate::pattern::wildcard_match;
use crate::policy::Statement;
use crate::principal::PrincipalMatch;
use crate::scenario::{ContextValue, Decision, Request};
use crate::trace::Stage;

/// What an access map asks about.
#[derive(Debug, Clone, Default)]
pub struct AccessQuery {
    /// The principal's ARN.
    pub principal: String,
    /// The resources: ARNs or patterns. None: every action on `*`.
    pub resources: Vec<String>,
    /// Service prefixes to ask about (`s3`, `dynamodb`). None: every service.
    pub services: Vec<String>,
    /// The endpoint the requests come through, if any.
    pub via_endpoint: Option<String>,
    /// Context keys the question fixes.
    pub context: BTreeMap<String, ContextValue>,
}

/// How one action came out on one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    /// Allowed, whatever the keys the question left open.
    Allowed,
    /// Denied by a Deny statement.
    ExplicitDeny,
    /// Denied because something that must allow does not.
    ImplicitDeny,
    /// Whether it is allowed depends on context keys the question did not fix.
    Conditional,
}

impl Verdict {
    /// The verdict's name, as `--format json` writes it.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Allowed => "allowed",
            Verdict::ExplicitDeny => "explicitDeny",
            Verdict::ImplicitDeny => "implicitDeny",
            Verdict::Conditional => "conditional",
        }
    }
}

/// The answer for one action on one resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// How it came out.
    pub verdict: Verdict,
    /// The decision with the keys the question left open absent from the request.
    pub decision: Decision,
    /// The stages that denied, so decided.
    pub blocked_by: Vec<Stage>,
    /// For `conditional`: the keys the decision hangs on, as the policies write them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    /// For `conditional`: the decision were those conditions to go the other way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<Decision>,
}

/// For a resource pattern: how much of what it covers the principal may act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Scope {
    /// Every resource asked about is allowed.
    Every,
    /// Some are and some are not.
    Some,
    /// None is.
    None,
}

/// How a resource pattern came out over the resources asked about in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    /// Every, some or none.
    pub scope: Scope,
    /// A resource the principal may act on, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<String>,
    /// A resource it may not, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denied: Option<String>,
    /// How many resources were asked about.
    pub samples: usize,
}

/// One action on one resource (or resource pattern).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessEntry {
    /// `service:Action`.
    pub action: String,
    /// The service prefix.
    pub service: String,
    /// The action's access level.
    pub access_level: AccessLevel,
    /// The resource (or pattern) asked about: `*` for actions that take no resource.
    pub resource: String,
    /// The answer (for a pattern: for the first resource in it that is allowed, else the first).
    pub answer: Answer,
    /// For a pattern: how much of it the principal may act on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Coverage>,
}

/// Counts of one service's answers at one access level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Allowed.
    pub allowed: usize,
    /// Conditional.
    pub conditional: usize,
    /// Denied explicitly.
    pub explicit_deny: usize,
    /// Denied implicitly.
    pub implicit_deny: usize,
}

impl Counts {
    fn add(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Allowed => self.allowed += 1,
            Verdict::Conditional => self.conditional += 1,
            Verdict::ExplicitDeny => self.explicit_deny += 1,
            Verdict::ImplicitDeny => self.implicit_deny += 1,
        }
    }
}

/// One service's counts by access level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceSummary {
    /// The service prefix.
    pub service: String,
    /// Counts by access level, in the catalog's order of levels.
    pub levels: Vec<(AccessLevel, Counts)>,
}

/// What the principal can do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessMap {
    /// The principal asked about.
    pub principal: String,
    /// Every action on every resource it applies to, by service then action.
    pub entries: Vec<AccessEntry>,
    /// Counts by service and access level.
    pub summary: Vec<ServiceSummary>,
    /// Services asked about that the catalog does not know.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_services: Vec<String>,
}

/// Decides as usual, and notes the statements whose elements match and whose conditions
/// decide whether they apply.
struct Collecting {
    candidates: Vec<Candidate>,
}

impl Recorder for Collecting {
    fn statement(
        &mut self,
        policy_index: usize,
        rules: PrincipalRules,
        statement: &Statement,
        request: &RequestFacts,
    ) -> Option<PrincipalMatch> {
        if statement.conditions.is_empty() {
            return statement_applies(statement, rules, request);
        }
        let named = elements_match(statement, rules, request)?;
        let holds = statement
            .conditions
            .iter()
            .all(|condition| condition.holds(&request.context));
        let open = statement
            .conditions
            .iter()
            .any(|condition| request.context.get(&condition.key_lower).is_none());
        if open {
            self.candidates.push(Candidate {
                policy: policy_index,
                stage: Stage::ExplicitDeny,
                statement: statement.index,
                holds,
            });
        }
        holds.then_some(named)
    }
}

impl Engine {
    /// The access map of `query.principal`: see the [module](crate::access) documentation.
    pub fn access_map(
        &self,
        catalog: &Catalog,
        query: &AccessQuery,
    ) -> Result<AccessMap, RequestError> {
        let mut unknown_services = Vec::new();
        let services: Vec<_> = if query.services.is_empty() {
            catalog.services().collect()
        } else {
            let mut found = Vec::new();
            for prefix in &query.services {
                match catalog.service(prefix) {
                    Some(service) => found.push(service),
                    None => unknown_services.push(prefix.clone()),
                }
            }
            found
        };
        let resources: Vec<&str> = if query.resources.is_empty() {
            vec!["*"]
        } else {
            query.resources.iter().map(String::as_str).collect()
        };
        // Check the principal and the endpoint once, before thousands of requests.
        self.prepare(&self.request(query, "sts:GetCallerIdentity", "*"))?;
        let mut entries = Vec::new();
        for service in services {
            for action in service.actions() {
                let name = action.to_string();
                let takes_resources = action.resource_types().next().is_some();
                let mut asked_star = false;
                for &resource in &resources {
                    let on = if !takes_resources || resource == "*" {
                        // An action without resource types is asked about once, on `*`.
                        if asked_star {
                            continue;
                        }
                        asked_star = true;
                        "*"
                    } else if !applies_to(&action, resource) {
                        continue;
                    } else {
                        resource
                    };
                    let (answer, coverage) = if is_pattern(on) && on != "*" {
                        let (answer, coverage) = self.over_pattern(query, &name, on)?;
                        (answer, Some(coverage))
                    } else {
                        (self.answer_for(query, &name, on)?, None)
                    };
                    entries.push(AccessEntry {
                        action: name.clone(),
                        service: service.prefix().to_owned(),
                        access_level: action.access_level(),
                        resource: on.to_owned(),
                        answer,
                        coverage,
                    });
                }
            }
        }
        let summary = summarize(&entries);
        Ok(AccessMap {
            principal: query.principal.clone(),
            entries,
            summary,
            unknown_services,
        })
    }

    fn request(&self, query: &AccessQuery, action: &str, resource: &str) -> Request {
        Request {
            via_endpoint: query.via_endpoint.clone(),
            context: query.context.clone(),
            ..Request::new(&query.principal, action, resource)
        }
    }

    /// The answer for `action` on one resource: decided with the open keys absent, then with
    /// each statement that hangs on one of them going the other way.
    pub(crate) fn answer_for(
        &self,
        query: &AccessQuery,
        action: &str,
        resource: &str,
    ) -> Result<Answer, RequestError> {
        let prepared = self.prepare(&self.request(query, action, resource))?;
        Ok(self.answer_prepared(&prepared))
    }

    fn answer_prepared(&self, prepared: &PreparedRequest) -> Answer {
        let mut collecting = Collecting {
            candidates: Vec::new(),
        };
        let outcome = self.outcome_with(prepared, &mut collecting);
        let mut keys: Vec<String> = Vec::new();
        let mut otherwise = None;
        for candidate in collecting
            .candidates
            .iter()
            .take(crate::dependence::MAX_FLIPS)
        {
            let mut forcing = Forcing {
                policy: candidate.policy,
                statement: candidate.statement,
                holds: !candidate.holds,
            };
            let flipped = self.decide_with(prepared, &mut forcing);
            // Conditional means allowed one way and denied the other: a flip between the two
            // kinds of deny leaves the answer "no".
            let allowed = |decision| decision == Decision::Allowed;
            if allowed(flipped) == allowed(outcome.decision) {
                continue;
            }
            otherwise.get_or_insert(flipped);
            let statement = self.policies()[candidate.policy]
                .policy
                .as_ref()
                .and_then(|p| p.statements.iter().find(|s| s.index == candidate.statement));
            for condition in statement.iter().flat_map(|s| &s.conditions) {
                let open = prepared.context().get(&condition.key_lower).is_none();
                if open && !keys.iter().any(|k| k.eq_ignore_ascii_case(&condition.key)) {
                    keys.push(condition.key.clone());
                }
            }
        }
        let verdict = if otherwise.is_some() {
            Verdict::Conditional
        } else {
            match outcome.decision {
                Decision::Allowed => Verdict::Allowed,
                Decision::ExplicitDeny => Verdict::ExplicitDeny,
                Decision::ImplicitDeny => Verdict::ImplicitDeny,
            }
        };
        Answer {
            verdict,
            decision: outcome.decision,
            blocked_by: outcome.blocked_by.iter().collect(),
            keys,
            otherwise,
        }
    }

    /// The answer over the resources a pattern covers.
    fn over_pattern(
        &self,
        query: &AccessQuery,
        action: &str,
        pattern: &str,
    ) -> Result<(Answer, Coverage), RequestError> {
        let samples = self.samples_in(query, pattern)?;
        let mut first_allowed: Option<(String, Answer)> = None;
        let mut first_denied: Option<(String, Answer)> = None;
        for sample in &samples {
            let answer = self.answer_for(query, action, sample)?;
            let slot = if answer.verdict == Verdict::Allowed {
                &mut first_allowed
            } else {
                &mut first_denied
            };
            if slot.is_none() {
                *slot = Some((sample.clone(), answer));
            }
        }
        let scope = match (&first_allowed, &first_denied) {
            (Some(_), None) => Scope::Every,
            (Some(_), Some(_)) => Scope::Some,
            _ => Scope::None,
        };
        let coverage = Coverage {
            scope,
            allowed: first_allowed.as_ref().map(|(arn, _)| arn.clone()),
            denied: first_denied.as_ref().map(|(arn, _)| arn.clone()),
            samples: samples.len(),
        };
        let answer = first_allowed
            .or(first_denied)
            .map(|(_, answer)| answer)
            .unwrap_or(Answer {
                verdict: Verdict::ImplicitDeny,
                decision: Decision::ImplicitDeny,
                blocked_by: Vec::new(),
                keys: Vec::new(),
                otherwise: None,
            });
        Ok((answer, coverage))
    }

    /// Resources a pattern covers: for each `Resource` or `NotResource` pattern of the
    /// policies that names resources within it, one such resource; and one no policy names.
    fn samples_in(&self, query: &AccessQuery, pattern: &str) -> Result<Vec<String>, RequestError> {
        let context = self
            .prepare(&self.request(query, "sts:GetCallerIdentity", "*"))?
            .context()
            .clone();
        let mut samples: Vec<String> = Vec::new();
        for policy in self.policies().iter().filter_map(|p| p.policy.as_ref()) {
            for statement in &policy.statements {
                let Some(list) = &statement.resource else {
                    continue;
                };
                for written in &list.patterns {
                    let Some(text) = written.value.resolve(&context) else {
                        continue;
                    };
                    let instance = instance_of(&text);
                    if wildcard_match(pattern, &instance) && !samples.contains(&instance) {
                        samples.push(instance);
                    }
                }
            }
        }
        let unnamed = pattern.replace('*', "precedence-unnamed").replace('?', "x");
        if !samples.contains(&unnamed) {
            samples.push(unnamed);
        }
        Ok(samples)
    }
}

/// Whether `text` has a wildcard.
fn is_pattern(text: &str) -> bool {
    text.contains('*') || text.contains('?')
}

/// A resource a pattern names: each `*` and `?` made into plain text.
fn instance_of(pattern: &str) -> String {
    pattern.replace(['*', '?'], "x")
}

/// Whether `action` works on resources like `resource` (an ARN or a pattern).
fn applies_to(action: &Action<'_>, resource: &str) -> bool {
    if is_pattern(resource) {
        action
            .resource_types()
            .any(|t| t.resource_type.resource_pattern_can_match(resource))
    } else {
        !action.resource_types_matching(resource).is_empty()
    }
}

fn summarize(entries: &[AccessEntry]) -> Vec<ServiceSummary> {
    let mut by_service: BTreeMap<&str, BTreeMap<AccessLevel, Counts>> = BTreeMap::new();
    for entry in entries {
        by_service
            .entry(&entry.service)
            .or_default()
            .entry(entry.access_level)
            .or_default()
            .add(entry.answer.verdict);
    }
    by_service
        .into_iter()
        .map(|(service, levels)| ServiceSummary {
            service: service.to_owned(),
            levels: levels.into_iter().collect(),
        })
        .collect()
}
