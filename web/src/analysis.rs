//! The evaluator's view of the playground: every policy parsed and checked once per edit,
//! every request decided, and the selected one traced.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use precedence::catalog::Catalog;
use precedence::{Engine, Evaluation, Finding, Outcome, Scenario};

use crate::state::PlaygroundState;

/// What one request came to.
#[derive(Debug, Clone)]
pub enum RequestResult {
    /// The decision and the stages that blocked it.
    Decided(Outcome),
    /// The request cannot be evaluated: which field, what is wrong, what to do.
    Unusable {
        field: &'static str,
        message: String,
        help: String,
    },
}

/// Everything the views show about the current state.
pub struct Analysis {
    /// The scenario the state describes, as evaluated.
    pub scenario: Scenario,
    /// The position of the selected request, if any.
    pub selected: Option<usize>,
    /// The loaded policies with their findings.
    pub engine: Engine,
    /// One result per request.
    pub results: Vec<RequestResult>,
    /// The full trace of the selected request.
    pub evaluation: Option<Evaluation>,
    /// The revision of the state evaluated (0 for a scenario not on screen): what was asked of
    /// an older revision is out of date.
    pub revision: u64,
}

impl Analysis {
    /// Evaluate the state; with the service catalog, the policies' findings include those
    /// that need it.
    pub fn new(
        state: &PlaygroundState,
        catalog: Option<&Catalog>,
        known: &RefCell<CatalogFindings>,
    ) -> Self {
        let scenario = state.to_scenario();
        let mut engine = Engine::from_scenario(&scenario);
        if let Some(catalog) = catalog {
            known.borrow_mut().add_to(&mut engine, catalog);
        }
        Self {
            revision: state.revision,
            ..Self::of(scenario, engine, state.selected_index())
        }
    }

    /// Evaluate a scenario that is not on screen (compare mode's before), tracing none of its
    /// requests.
    pub fn of_scenario(scenario: Scenario) -> Self {
        let engine = Engine::from_scenario(&scenario);
        Self::of(scenario, engine, None)
    }

    fn of(scenario: Scenario, engine: Engine, selected: Option<usize>) -> Self {
        let mut evaluation = None;
        let results = scenario
            .requests
            .iter()
            .enumerate()
            .map(|(index, request)| match engine.prepare(request) {
                Ok(prepared) => {
                    if Some(index) == selected {
                        let traced = engine.evaluate(&prepared);
                        let outcome = Outcome {
                            decision: traced.decision,
                            blocked_by: traced.blocked_by,
                        };
                        evaluation = Some(traced);
                        RequestResult::Decided(outcome)
                    } else {
                        RequestResult::Decided(engine.decide(&prepared))
                    }
                }
                Err(error) => RequestResult::Unusable {
                    field: error.field,
                    message: error.message,
                    help: error.help,
                },
            })
            .collect();
        Self {
            scenario,
            selected,
            engine,
            results,
            evaluation,
            revision: 0,
        }
    }
}

/// The catalog's findings of the policy texts of the last analysis. They depend on the text
/// alone, so an edit re-checks only the policy it changed.
#[derive(Default)]
pub struct CatalogFindings {
    by_text: HashMap<String, Vec<Finding>>,
}

impl CatalogFindings {
    /// Add the catalog's findings to every policy of `engine`, checking only texts not seen in
    /// the last analysis; texts no longer present are forgotten.
    fn add_to(&mut self, engine: &mut Engine, catalog: &Catalog) {
        let mut previous = std::mem::take(&mut self.by_text);
        let mut current = HashMap::new();
        engine.add_findings(|policy| {
            let found = previous
                .remove(&policy.text)
                .or_else(|| current.get(&policy.text).cloned())
                .unwrap_or_else(|| policy.catalog_findings(catalog));
            current.insert(policy.text.clone(), found.clone());
            found
        });
        self.by_text = current;
    }
}

/// An `Rc` compared by identity, so props holding it are cheap to compare.
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::test_catalog as catalog;
    use crate::state::{Action, PolicyField};

    fn codes(analysis: &Analysis) -> Vec<&'static str> {
        analysis
            .engine
            .policies()
            .iter()
            .flat_map(|p| p.findings.iter().map(|f| f.code))
            .collect()
    }

    #[test]
    fn catalog_findings_are_kept_for_unchanged_texts_and_redone_for_edited_ones() {
        let scenario = crate::examples::load("seed001-allow-from-account").expect("the example");
        let mut state = PlaygroundState::from_scenario(&scenario);
        let known = RefCell::new(CatalogFindings::default());
        let first = Analysis::new(&state, Some(catalog()), &known);
        assert!(codes(&first).contains(&"condition-value-never-matches"));
        assert_eq!(known.borrow().by_text.len(), state.policies.len());

        // Break an action in the identity policy: only it is re-checked, and says so.
        let identity = state.policies[0].clone();
        let typo = identity.text.replace("dynamodb:*", "dynamodb:GetItems");
        state.apply(Action::EditPolicy(
            identity.key,
            PolicyField::Text,
            typo.clone(),
        ));
        let second = Analysis::new(&state, Some(catalog()), &known);
        let found = codes(&second);
        assert!(found.contains(&"unknown-action"), "{found:?}");
        assert!(
            found.contains(&"condition-value-never-matches"),
            "{found:?}"
        );
        let cached = &known.borrow().by_text;
        assert!(cached.contains_key(&typo));
        assert!(
            !cached.contains_key(&identity.text),
            "the old text is forgotten"
        );

        // Without a catalog, none of these findings.
        let plain = Analysis::new(&state, None, &RefCell::new(CatalogFindings::default()));
        assert!(!codes(&plain).contains(&"unknown-action"));
    }
}
