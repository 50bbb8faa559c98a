//! The evaluator's view of the playground: every policy parsed and checked once per edit,
//! every request decided, and the selected one traced.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use precedence::catalog::Catalog;
use precedence::load::ReadCache;
use precedence::{Engine, Evaluation, Finding, Outcome, Scenario};

use crate::state::PlaygroundState;

/// What one request came to.
#[derive(Debug, Clone, PartialEq)]
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
    /// One result per request: `None` for those left for later (see [`Analysis::new`]).
    pub results: Vec<Option<RequestResult>>,
    /// The full trace of the selected request.
    pub evaluation: Option<Evaluation>,
    /// The revision of the state evaluated (0 for a scenario not on screen): what was asked of
    /// an older revision is out of date.
    pub revision: u64,
}

impl Analysis {
    /// Evaluate the state; with the service catalog, the policies' findings include those
    /// that need it. The selected request is traced; the others are decided in order while
    /// `time_left()` says so, and the rest are left to [`Analysis::decide`], so that a large
    /// scenario's keystroke reaches the screen before every request is decided again.
    pub fn new(
        state: &PlaygroundState,
        catalog: Option<&Catalog>,
        earlier: &RefCell<Earlier>,
        time_left: impl Fn() -> bool,
    ) -> Self {
        let scenario = state.to_scenario();
        let mut earlier = earlier.borrow_mut();
        let mut engine = Engine::from_scenario_reusing(&scenario, &mut earlier.reads);
        if let Some(catalog) = catalog {
            earlier.add_catalog_findings(&mut engine, catalog);
        }
        drop(earlier);
        let mut analysis = Self::of(scenario, engine, state.selected_index(), time_left);
        analysis.revision = state.revision;
        analysis
    }

    /// Evaluate a scenario that is not on screen (compare mode's before), deciding every
    /// request and tracing none.
    pub fn of_scenario(scenario: Scenario) -> Self {
        let engine = Engine::from_scenario(&scenario);
        Self::of(scenario, engine, None, || true)
    }

    /// Trace `selected`, then decide the other requests in order while `time_left()` says so.
    fn of(
        scenario: Scenario,
        engine: Engine,
        selected: Option<usize>,
        time_left: impl Fn() -> bool,
    ) -> Self {
        let mut analysis = Self {
            results: vec![None; scenario.requests.len()],
            scenario,
            selected,
            engine,
            evaluation: None,
            revision: 0,
        };
        if let Some(index) = selected {
            analysis.trace_selected(index);
        }
        for index in 0..analysis.results.len() {
            if analysis.results[index].is_none() {
                if !time_left() {
                    break;
                }
                analysis.results[index] = Some(analysis.decide(index));
            }
        }
        analysis
    }

    /// Trace the selected request, keeping its evaluation for the trace view.
    fn trace_selected(&mut self, index: usize) {
        let result = match self.engine.prepare(&self.scenario.requests[index]) {
            Ok(prepared) => {
                let traced = self.engine.evaluate(&prepared);
                let outcome = Outcome {
                    decision: traced.decision,
                    blocked_by: traced.blocked_by,
                };
                self.evaluation = Some(traced);
                RequestResult::Decided(outcome)
            }
            Err(error) => unusable(error),
        };
        self.results[index] = Some(result);
    }

    /// What request `index` comes to (without its trace).
    pub fn decide(&self, index: usize) -> RequestResult {
        match self.engine.prepare(&self.scenario.requests[index]) {
            Ok(prepared) => RequestResult::Decided(self.engine.decide(&prepared)),
            Err(error) => unusable(error),
        }
    }
}

/// The result of a request the engine cannot read.
fn unusable(error: precedence::RequestError) -> RequestResult {
    RequestResult::Unusable {
        field: error.field,
        message: error.message,
        help: error.help,
    }
}

/// What the last analysis worked out that the next can reuse: the policies it read (an edit
/// parses and checks only the policy it changed) and the catalog's findings of their texts
/// (which depend on the text alone).
#[derive(Default)]
pub struct Earlier {
    reads: ReadCache,
    by_text: HashMap<String, Vec<Finding>>,
}

impl Earlier {
    /// Add the catalog's findings to every policy of `engine`, checking only texts not seen in
    /// the last analysis; texts no longer present are forgotten.
    fn add_catalog_findings(&mut self, engine: &mut Engine, catalog: &Catalog) {
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
        let known = RefCell::new(Earlier::default());
        let first = Analysis::new(&state, Some(catalog()), &known, || true);
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
        let second = Analysis::new(&state, Some(catalog()), &known, || true);
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
        let plain = Analysis::new(&state, None, &RefCell::new(Earlier::default()), || true);
        assert!(!codes(&plain).contains(&"unknown-action"));
    }
}
