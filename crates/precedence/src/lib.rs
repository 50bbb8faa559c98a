//! Precedence evaluates AWS access policies the way AWS documents it — explicit deny, RCPs,
//! SCPs, resource-based policies, identity-based policies, permissions boundaries, session
//! policies and the VPC endpoint gate — and says why, down to the statement and the condition.
//!
//! ```
//! use precedence::{Decision, Engine, ScenarioFile};
//!
//! let file = ScenarioFile::from_text(r#"{
//!   "policies": {
//!     "identity": [{ "id": "AppDynamo", "document": {
//!       "Version": "2012-10-17",
//!       "Statement": [{ "Effect": "Allow", "Action": "dynamodb:*", "Resource": "*" }] } }],
//!     "endpoint": [{ "id": "vpce-11aa22bb", "vpc": "vpc-12345678", "document": {
//!       "Statement": [{ "Sid": "ReadOnly", "Effect": "Allow", "Principal": "*",
//!         "Action": ["dynamodb:DescribeTable", "dynamodb:ListTables"], "Resource": "*" }] } }]
//!   },
//!   "requests": [{
//!     "principal": "arn:aws:iam::111122223333:role/AppRole",
//!     "action": "dynamodb:GetItem",
//!     "resource": "arn:aws:dynamodb:us-east-1:111122223333:table/StockTable",
//!     "via_endpoint": "vpce-11aa22bb"
//!   }]
//! }"#).unwrap();
//! let engine = Engine::from_scenario(&file.scenario);
//! let request = engine.prepare(&file.scenario.requests[0]).unwrap();
//! let evaluation = engine.evaluate(&request);
//! assert_eq!(evaluation.decision, Decision::ImplicitDeny);
//! assert_eq!(evaluation.blocked_by.iter().map(|s| s.name()).collect::<Vec<_>>(), ["endpoint"]);
//! println!("{}", evaluation.explanation);
//! ```
//!
//! The stages: [`parse`] turns policy text into the [`policy`] model with [`finding`]s,
//! [`lint`] adds the rules of each policy type, [`evaluate`] runs AWS's evaluation order (with
//! the rules AWS applies outside any policy, in [`aws_rules`]) and [`trace`] holds what it found.

pub mod access;
pub mod aws_rules;
pub mod catalog;
pub mod condition;
pub mod context;
pub mod dependence;
pub mod diff;
mod directory;
pub mod evaluate;
mod explain;
pub mod finding;
pub mod flowchart;
pub mod json;
pub mod left_out;
pub mod lint;
pub mod load;
pub mod matching;
pub mod parse;
pub mod pattern;
pub mod policy;
pub mod principal;
pub mod scenario;
pub mod span;
pub mod suggest;
pub mod suppress;
pub mod switch;
pub mod trace;
pub mod who_can;

pub use catalog::Catalog;
pub use evaluate::{Engine, PreparedRequest, RequestError};
pub use finding::{Finding, Severity};
pub use policy::PolicyType;
pub use scenario::{Decision, Request, Scenario, ScenarioError, ScenarioFile};
pub use suggest::{Suggestion, Suggestions};
pub use trace::{Evaluation, Outcome, RuleStep, Stage, StageStatus};
