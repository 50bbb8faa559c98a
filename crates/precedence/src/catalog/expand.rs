//! Action patterns as policies write them (`dynamodb:Update*`, `*:Get*`, `s3:?etObject`),
//! expanded to the actions they match. Actions match ignoring case, like AWS does.

use super::{Action, Catalog, Service};
use crate::pattern::wildcard_match;

impl Catalog {
    /// Every action `pattern` matches, ignoring case, by service and then by name: `*` is any
    /// run of characters and `?` any one, in the service part too (`*:Get*`).
    pub fn expand(&self, pattern: &str) -> Vec<Action<'_>> {
        let pattern = pattern.to_ascii_lowercase();
        let mut found = Vec::new();
        match pattern.split_once(':') {
            // Prefixes and names have no `:`, so a second one matches nothing.
            Some((_, action)) if action.contains(':') => {}
            // The pattern's `:` must be the action's, so each part matches its own.
            Some((service, action)) => {
                for service in self.services_matching(service) {
                    if has_wildcard(action) {
                        found.extend(
                            service
                                .actions()
                                .filter(|candidate| wildcard_match(action, candidate.lower_name())),
                        );
                    } else {
                        found.extend(service.action(action));
                    }
                }
            }
            // A wildcard spans the `:` (`*`, `dynamo*Item`): match whole names.
            None => {
                let mut name = String::new();
                for service in self.services() {
                    for action in service.actions() {
                        name.clear();
                        name.push_str(service.lower_prefix());
                        name.push(':');
                        name.push_str(action.lower_name());
                        if wildcard_match(&pattern, &name) {
                            found.push(action);
                        }
                    }
                }
            }
        }
        found
    }

    /// The services a lowercased prefix pattern matches.
    pub(super) fn services_matching(&self, pattern: &str) -> Vec<Service<'_>> {
        if has_wildcard(pattern) {
            self.services()
                .filter(|service| wildcard_match(pattern, service.lower_prefix()))
                .collect()
        } else {
            self.service(pattern).into_iter().collect()
        }
    }
}

fn has_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}
