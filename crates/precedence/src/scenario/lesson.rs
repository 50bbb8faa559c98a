//! A scenario's `lesson` block: what makes a scenario one step of the teaching course in
//! `examples/lessons/` (the question asked before the decision is revealed, a hint, what it
//! teaches and the AWS page it rests on).

use serde::{Deserialize, Serialize};

/// One lesson of the course. The answers are the scenario's own: each request's `expect`
/// (and `expect_stage`, where a deny's deciding stage is asked for too).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// What the learner is asked before anything is revealed ("Is the role allowed to delete
    /// the audit log?").
    pub question: String,
    /// A nudge for a learner who is stuck, shown only when asked for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hint: String,
    /// The point of the lesson in one or two sentences, shown after the reveal.
    pub teaches: String,
    /// The AWS documentation page the lesson's answers come from.
    pub source: String,
}
