//! Findings that need to know AWS: actions and services that do not exist, resources that no
//! action of the statement has, condition keys nobody defines, operators that do not fit a
//! key's type and values a key can never hold. Each is said only when the catalog knows the
//! service involved: where it does not, there is no finding rather than a wrong one.

mod actions;
mod conditions;
mod resources;
mod scope;

use crate::catalog::Catalog;
use crate::finding::{sort_by_position, Finding};
use crate::policy::Policy;

pub use scope::ActionScope;

/// Check `policy` against what `catalog` knows; findings in order of position.
pub fn check(policy: &Policy, catalog: &Catalog) -> Vec<Finding> {
    let mut findings = Vec::new();
    for statement in &policy.statements {
        actions::check(&statement.action, catalog, &mut findings);
        let scope = ActionScope::of(&statement.action, catalog);
        resources::check(statement, &scope, &mut findings);
        conditions::check(statement, &scope, catalog, &mut findings);
    }
    sort_by_position(&mut findings);
    findings
}

/// Whether `text` has a wildcard character.
fn has_wildcard(text: &str) -> bool {
    text.contains(['*', '?'])
}

#[cfg(test)]
mod tests;
