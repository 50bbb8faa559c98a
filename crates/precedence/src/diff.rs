//! Does this change grant new access? Two versions of a scenario are asked the same requests:
//! their own, and requests made from every action any statement of either version names
//! (expanded through AWS's service catalog) × every resource either names × every principal
//! either holds. A request allowed by the new version and not by the old gains access; one
//! allowed by the old and not the new loses it. What the requests could not cover is said.

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;

use crate::catalog::Catalog;
use crate::context::RequestContext;
use crate::evaluate::Engine;
use crate::load::LoadedPolicy;
use crate::policy::Statement;
use crate::scenario::{Decision, DocumentSource, Request, Scenario};
use crate::trace::{Outcome, Stage};

/// At most this many generated requests are compared; past it, the coverage says so.
pub const MAX_GENERATED: usize = 200_000;

/// One request the two versions decide differently.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// The request.
    pub request: Request,
    /// Whether it is one of the scenarios' own requests (else generated).
    pub given: bool,
    /// The old version's decision.
    pub before: Decision,
    /// The stages that denied it before.
    pub before_blocked_by: Vec<Stage>,
    /// The new version's decision.
    pub after: Decision,
    /// The stages that deny it after.
    pub after_blocked_by: Vec<Stage>,
}

/// What the requests covered, and what they could not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    /// The scenarios' own requests compared.
    pub given: usize,
    /// Generated requests compared.
    pub generated: usize,
    /// Principals asked about.
    pub principals: usize,
    /// Actions asked about.
    pub actions: usize,
    /// Resources asked about.
    pub resources: usize,
    /// What the generated requests cannot cover, in words.
    pub not_covered: Vec<String>,
}

impl Coverage {
    /// What was compared, in one line: `compared N requests (G of the scenarios, M generated
    /// from P principals × A actions × R resources)`.
    pub fn summary(&self) -> String {
        format!(
            "compared {} requests ({} of the scenarios, {} generated from {} principals × {} actions × {} resources)",
            self.given + self.generated,
            self.given,
            self.generated,
            self.principals,
            self.actions,
            self.resources
        )
    }
}

/// The differences between two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diff {
    /// Requests the new version allows and the old did not.
    pub gains: Vec<Change>,
    /// Requests the old version allowed and the new does not.
    pub losses: Vec<Change>,
    /// What was compared.
    pub coverage: Coverage,
}

/// Compare `old` and `new` (each with its engine) over the requests both suggest.
pub fn diff(catalog: &Catalog, old: (&Scenario, &Engine), new: (&Scenario, &Engine)) -> Diff {
    diff_up_to(catalog, old, new, MAX_GENERATED)
}

/// [`diff`], comparing at most `limit` generated requests (and never more than
/// [`MAX_GENERATED`]); past it, the coverage says so. The playground asks for fewer first, so
/// a change is compared while typing pauses, and for all of them when asked to.
pub fn diff_up_to(
    catalog: &Catalog,
    (old, old_engine): (&Scenario, &Engine),
    (new, new_engine): (&Scenario, &Engine),
    limit: usize,
) -> Diff {
    let limit = limit.min(MAX_GENERATED);
    let mut coverage = Coverage::default();
    let mut gains = Vec::new();
    let mut losses = Vec::new();
    let mut compare = |request: &Request, given: bool, coverage: &mut Coverage| {
        let (Ok(before), Ok(after)) = (old_engine.prepare(request), new_engine.prepare(request))
        else {
            return;
        };
        if given {
            coverage.given += 1;
        } else {
            coverage.generated += 1;
        }
        let before = old_engine.decide(&before);
        let after = new_engine.decide(&after);
        let allowed = |outcome: &Outcome| outcome.decision == Decision::Allowed;
        if allowed(&before) == allowed(&after) {
            return;
        }
        let change = Change {
            request: request.clone(),
            given,
            before: before.decision,
            before_blocked_by: before.blocked_by.iter().collect(),
            after: after.decision,
            after_blocked_by: after.blocked_by.iter().collect(),
        };
        if allowed(&after) {
            gains.push(change);
        } else {
            losses.push(change);
        }
    };
    let mut seen: BTreeSet<(String, String, String, Option<String>)> = BTreeSet::new();
    for request in old.requests.iter().chain(&new.requests) {
        let key = (
            request.principal.clone(),
            request.action.clone(),
            request.resource.clone(),
            request.via_endpoint.clone(),
        );
        if seen.insert(key) {
            compare(request, true, &mut coverage);
        }
    }

    let mut principals: Vec<String> = Vec::new();
    let mut actions = Distinct::default();
    let mut resources: Vec<String> = vec!["*".to_owned()];
    let mut endpoints: Vec<Option<String>> = vec![None];
    // A request whose action no changed statement names is decided alike by both versions
    // (every statement that could match it is the same, in the same policy at the same place):
    // only the changed statements' actions need asking, unless the model around the policies
    // changed too.
    let model_changed = model_differs(old, new);
    let mut changed_statements = 0;
    for (scenario, engine, other) in [(old, old_engine, new_engine), (new, new_engine, old_engine)]
    {
        for (principal, _) in engine.principals_held(scenario).0 {
            push_new(&mut principals, principal);
        }
        for entry in &scenario.policies.endpoint {
            push_new(&mut endpoints, Some(entry.id.clone()));
        }
        for resource in &scenario.resources {
            push_new(&mut resources, resource.arn.clone());
        }
        let asked = |policy: &LoadedPolicy, statement: &Statement| {
            let changed = !in_other(other, policy, statement);
            changed_statements += usize::from(changed);
            model_changed || changed
        };
        names_in(
            engine,
            catalog,
            asked,
            &mut actions,
            &mut resources,
            &mut coverage,
        );
    }
    if !model_changed {
        coverage.not_covered.push(format!(
            "actions only of the {changed_statements} statements of either version that the other does not have as written: every other statement is the same, in the same place, in both"
        ));
    }
    if principals.is_empty() {
        coverage.not_covered.push(
            "no principal: the scenarios hold none and name none, so only their own requests were compared".into(),
        );
    }
    coverage.principals = principals.len();
    let actions = actions.list;
    coverage.actions = actions.len();
    coverage.resources = resources.len();
    'generate: for principal in &principals {
        for action in &actions {
            let found = catalog.action(action);
            let takes_resources = found.is_some_and(|a| a.resource_types().next().is_some());
            for resource in &resources {
                let applies = match found {
                    Some(found) if takes_resources => {
                        resource == "*" || !found.resource_types_matching(resource).is_empty()
                    }
                    Some(_) => resource == "*",
                    None => true,
                };
                if !applies {
                    continue;
                }
                for endpoint in &endpoints {
                    if coverage.generated >= limit {
                        coverage.not_covered.push(format!(
                            "only the first {limit} generated requests were compared"
                        ));
                        break 'generate;
                    }
                    let key = (
                        principal.clone(),
                        action.clone(),
                        resource.clone(),
                        endpoint.clone(),
                    );
                    if !seen.insert(key) {
                        continue;
                    }
                    let request = Request {
                        via_endpoint: endpoint.clone(),
                        ..Request::new(principal, action, resource)
                    };
                    compare(&request, false, &mut coverage);
                }
            }
        }
    }
    coverage.not_covered.push(
        "generated requests carry no context keys beyond the derived ones: a change in a condition on another key shows only in the scenarios' own requests".into(),
    );
    Diff {
        gains,
        losses,
        coverage,
    }
}

/// Where a policy is and where it is attached: a policy at the same place in both versions.
fn place(policy: &LoadedPolicy) -> (DocumentSource, Option<&str>, &[String]) {
    (policy.source, policy.level.as_deref(), &policy.targets)
}

/// The text of a statement as its policy writes it.
fn statement_text<'p>(policy: &'p LoadedPolicy, statement: &Statement) -> &'p str {
    policy
        .text
        .get(statement.span.start..statement.span.end)
        .unwrap_or_default()
}

/// Whether `other` has, in the policy at the same place, a statement written the same.
fn in_other(other: &Engine, policy: &LoadedPolicy, statement: &Statement) -> bool {
    let text = statement_text(policy, statement);
    other
        .policies()
        .iter()
        .filter(|candidate| place(candidate) == place(policy))
        .filter_map(|candidate| Some((candidate, candidate.policy.as_ref()?)))
        .any(|(candidate, parsed)| {
            parsed
                .statements
                .iter()
                .any(|s| statement_text(candidate, s) == text)
        })
}

/// Whether anything but the policies' texts differs: the organization, the principals, groups,
/// managed policies or resources of the model, or the endpoints.
fn model_differs(old: &Scenario, new: &Scenario) -> bool {
    let shape = |scenario: &Scenario| {
        let principals: Vec<_> = scenario
            .principals
            .iter()
            .map(|p| {
                (
                    &p.arn,
                    &p.attached_policies,
                    &p.groups,
                    &p.permissions_boundary,
                    &p.tags,
                    p.inline_policies.len(),
                    p.trust_policy.is_some(),
                )
            })
            .collect();
        let groups: Vec<_> = scenario
            .groups
            .iter()
            .map(|g| (&g.arn, &g.attached_policies, g.inline_policies.len()))
            .collect();
        let resources: Vec<_> = scenario
            .resources
            .iter()
            .map(|r| (&r.arn, &r.tags, r.policy.is_some()))
            .collect();
        let managed: Vec<_> = scenario.managed_policies.iter().map(|m| &m.arn).collect();
        let endpoints: Vec<_> = scenario
            .policies
            .endpoint
            .iter()
            .map(|e| (&e.id, &e.vpc, e.endpoint_type))
            .collect();
        (
            format!("{:?}", scenario.organization),
            format!("{principals:?}{groups:?}{resources:?}{managed:?}{endpoints:?}"),
        )
    };
    shape(old) != shape(new)
}

/// Strings in the order first seen, each once: a statement's `*` adds every action of the
/// catalog, so whether one is held already is not asked of the whole list.
#[derive(Default)]
struct Distinct {
    list: Vec<String>,
    seen: HashSet<String>,
}

impl Distinct {
    fn push(&mut self, item: String) {
        if !self.seen.contains(&item) {
            self.seen.insert(item.clone());
            self.list.push(item);
        }
    }
}

fn push_new<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// The actions (expanded through the catalog) and resources (patterns made concrete) that
/// the engine's statements name; `NotAction` is said, not expanded.
fn names_in(
    engine: &Engine,
    catalog: &Catalog,
    mut asked: impl FnMut(&LoadedPolicy, &Statement) -> bool,
    actions: &mut Distinct,
    resources: &mut Vec<String>,
    coverage: &mut Coverage,
) {
    let no_variables = RequestContext::default();
    for loaded in engine.policies() {
        let Some(policy) = &loaded.policy else {
            continue;
        };
        for statement in &policy.statements {
            let ask_actions = asked(loaded, statement);
            if ask_actions && statement.action.negated {
                let note = format!(
                    "`NotAction` in `{}`: only the actions other statements name were asked about",
                    loaded.id
                );
                push_new(&mut coverage.not_covered, note);
            } else if ask_actions {
                for pattern in &statement.action.patterns {
                    let Some(text) = pattern.value.resolve(&no_variables) else {
                        continue;
                    };
                    for action in catalog.expand(&text) {
                        actions.push(action.to_string());
                    }
                }
            }
            let Some(list) = &statement.resource else {
                continue;
            };
            for pattern in &list.patterns {
                let Some(text) = pattern.value.resolve(&no_variables) else {
                    let note = format!(
                        "a `Resource` with a policy variable in `{}`: not made concrete",
                        loaded.id
                    );
                    push_new(&mut coverage.not_covered, note);
                    continue;
                };
                if text != "*" {
                    push_new(resources, text.replace(['*', '?'], "x"));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coverage_line_counts_what_was_compared() {
        let coverage = Coverage {
            given: 5,
            generated: 2040,
            principals: 5,
            actions: 79,
            resources: 3,
            not_covered: Vec::new(),
        };
        assert_eq!(
            coverage.summary(),
            "compared 2045 requests (5 of the scenarios, 2040 generated from 5 principals × 79 actions × 3 resources)"
        );
    }

    #[test]
    fn a_limit_stops_the_generated_requests_and_says_so() {
        let text = r#"{"policies": {"identity": [{"id": "P", "document": {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}}]},
            "requests": [{"principal": "arn:aws:iam::111122223333:role/R", "action": "s3:GetObject",
            "resource": "arn:aws:s3:::b/k"}]}"#;
        let catalog = &Catalog::parse(include_str!("../data/catalog.txt")).expect("the catalog");
        let scenario = |text: &str| {
            crate::ScenarioFile::from_text(text)
                .expect("parses")
                .scenario
        };
        let (old, new) = (scenario(text), scenario(&text.replace("s3:Get*", "s3:*")));
        let (old_engine, new_engine) = (Engine::from_scenario(&old), Engine::from_scenario(&new));
        let full = diff(catalog, (&old, &old_engine), (&new, &new_engine));
        let cut = diff_up_to(catalog, (&old, &old_engine), (&new, &new_engine), 10);
        assert!(full.coverage.generated > 10, "{:?}", full.coverage);
        assert_eq!(cut.coverage.generated, 10);
        assert!(cut
            .coverage
            .not_covered
            .contains(&"only the first 10 generated requests were compared".to_owned()));
        assert!(!full
            .coverage
            .not_covered
            .iter()
            .any(|note| note.starts_with("only the first")));
        assert!(cut.gains.len() <= full.gains.len());
    }
}
