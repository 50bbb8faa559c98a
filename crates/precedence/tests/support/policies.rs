//! What the scenario tests through the public API share: policy documents built from a few
//! words, and a full evaluation of a scenario's first request that checks the fast path agrees.
//! Included by each test file that uses it (`#[path = "support/policies.rs"] mod support;`).

#![allow(dead_code, reason = "each test file uses the part of it that it needs")]

use precedence::{Engine, Evaluation, Outcome, Scenario};
use serde_json::{json, Value};

/// An identity-style policy that allows `action` on `resource`.
pub fn allow(action: &str, resource: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]})
}

/// A policy that denies `action` on every resource.
pub fn deny(action: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": action, "Resource": "*"}]})
}

/// A resource-based policy that allows `principal` to call `action`.
pub fn grant(principal: Value, action: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": principal, "Action": action, "Resource": "*"}]})
}

/// The full evaluation of the scenario's first request; checks that the fast path agrees.
pub fn evaluate(scenario: Value) -> Evaluation {
    let scenario: Scenario = serde_json::from_value(scenario).expect("scenario shape");
    let engine = Engine::from_scenario(&scenario);
    let prepared = engine
        .prepare(&scenario.requests[0])
        .expect("request prepares");
    let evaluation = engine.evaluate(&prepared);
    assert_eq!(
        engine.decide(&prepared),
        Outcome {
            decision: evaluation.decision,
            blocked_by: evaluation.blocked_by
        },
        "fast and traced paths disagree"
    );
    evaluation
}
