//! Actions that do not exist: an unknown service prefix, an unknown action, a pattern that
//! matches no action.

use crate::catalog::Catalog;
use crate::finding::{did_you_mean, Finding, Severity};
use crate::policy::MatchList;

use super::has_wildcard;

/// How many names a "did you mean" offers at most.
const SUGGESTIONS: usize = 3;

/// Check each pattern of an `Action` or `NotAction` list.
pub fn check(list: &MatchList, catalog: &Catalog, findings: &mut Vec<Finding>) {
    let element = if list.negated { "NotAction" } else { "Action" };
    for pattern in &list.patterns {
        let text = pattern.text.as_str();
        let Some((prefix, name)) = text.split_once(':') else {
            continue;
        };
        if has_wildcard(prefix) {
            if catalog.expand(text).is_empty() {
                findings.push(Finding::new(
                    "action-matches-nothing",
                    Severity::Warning,
                    format!("`{text}` in `{element}` matches no action of any service"),
                    "check the service prefix and the action name; `precedence actions PATTERN` lists what a pattern matches",
                    pattern.span,
                ));
            }
            continue;
        }
        let Some(service) = catalog.service(prefix) else {
            findings.push(Finding::new(
                "unknown-service",
                Severity::Warning,
                format!("`{prefix}` in `{text}` is not the prefix of any AWS service, so this matches no action"),
                did_you_mean(&catalog.did_you_mean(text, SUGGESTIONS)).unwrap_or_else(|| {
                    "write the service prefix as AWS's Service Authorization Reference does (`s3`, `dynamodb`, `ec2`…)".to_owned()
                }),
                pattern.span,
            ));
            continue;
        };
        let matches_nothing = if has_wildcard(name) {
            catalog.expand(text).is_empty()
        } else {
            service.action(name).is_none()
        };
        if !matches_nothing {
            continue;
        }
        let (code, message) = if has_wildcard(name) {
            (
                "action-matches-nothing",
                format!(
                    "`{text}` in `{element}` matches no action of {}",
                    service.name()
                ),
            )
        } else {
            (
                "unknown-action",
                format!(
                    "{} has no action `{name}`, so `{text}` matches nothing",
                    service.name()
                ),
            )
        };
        findings.push(Finding::new(
            code,
            Severity::Warning,
            message,
            did_you_mean(&catalog.did_you_mean(text, SUGGESTIONS)).unwrap_or_else(|| {
                format!(
                    "`precedence actions {}:*` lists the actions of {}",
                    service.prefix(),
                    service.name()
                )
            }),
            pattern.span,
        ));
    }
}
