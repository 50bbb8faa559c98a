//! What reading policy texts gave, kept for reading the next version of the same scenario:
//! while someone types in one policy, the others are not parsed and checked again.

use std::collections::HashMap;

use crate::finding::Finding;
use crate::policy::{Policy, PolicyType};
use crate::scenario::{DocumentSource, EndpointType};
use crate::span::Position;

/// Everything reading a policy's text depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct ReadInputs {
    pub(super) text: String,
    pub(super) policy_type: PolicyType,
    pub(super) endpoint_type: EndpointType,
    pub(super) source: DocumentSource,
    pub(super) owner: Option<String>,
    pub(super) origin: Option<Position>,
}

/// What reading a text gave: the policy (if the text is one) and the findings.
#[derive(Debug, Clone)]
pub(super) struct ReadOutcome {
    pub(super) policy: Option<Policy>,
    pub(super) findings: Vec<Finding>,
}

/// The policies read by the last load, by what their reading depended on. A load with the
/// cache keeps only what that load read, so it holds one scenario's policies at most.
#[derive(Debug, Default)]
pub struct ReadCache {
    /// What the last load read.
    earlier: HashMap<ReadInputs, ReadOutcome>,
    /// What the load in progress read.
    current: HashMap<ReadInputs, ReadOutcome>,
}

impl ReadCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many texts the last load read (and the next may reuse).
    pub fn len(&self) -> usize {
        self.earlier.len()
    }

    /// Whether the last load read nothing.
    pub fn is_empty(&self) -> bool {
        self.earlier.is_empty()
    }

    /// The outcome for `inputs`: reused when read before, else `read()`.
    pub(super) fn outcome(
        &mut self,
        inputs: ReadInputs,
        read: impl FnOnce() -> ReadOutcome,
    ) -> ReadOutcome {
        if let Some(outcome) = self.current.get(&inputs) {
            return outcome.clone();
        }
        let outcome = match self.earlier.remove(&inputs) {
            Some(outcome) => outcome,
            None => read(),
        };
        self.current.insert(inputs, outcome.clone());
        outcome
    }

    /// End a load: what it read is what the next one may reuse.
    pub(super) fn finish(&mut self) {
        self.earlier = std::mem::take(&mut self.current);
    }
}
