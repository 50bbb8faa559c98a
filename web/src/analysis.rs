//! The evaluator's view of the playground: every policy parsed and checked once per edit,
//! every request decided, and the selected one traced.

use std::rc::Rc;

use precedence::catalog::Catalog;
use precedence::{Engine, Evaluation, Outcome};

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
    /// The loaded policies with their findings.
    pub engine: Engine,
    /// One result per request.
    pub results: Vec<RequestResult>,
    /// The full trace of the selected request.
    pub evaluation: Option<Evaluation>,
}

impl Analysis {
    /// Evaluate the state; with the service catalog, the policies' findings include those
    /// that need it.
    pub fn new(state: &PlaygroundState, catalog: Option<&Catalog>) -> Self {
        let scenario = state.to_scenario();
        let mut engine = Engine::from_scenario(&scenario);
        if let Some(catalog) = catalog {
            engine.check_with_catalog(catalog);
        }
        let selected = state.selected_index();
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
            engine,
            results,
            evaluation,
        }
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
