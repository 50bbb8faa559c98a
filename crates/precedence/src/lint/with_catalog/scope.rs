//! Which actions a statement's `Action` element covers, as far as the catalog can tell.

use crate::catalog::{Action, Catalog, Service};
use crate::policy::MatchList;

use super::has_wildcard;

/// The actions a statement is about.
#[derive(Debug)]
pub enum ActionScope<'c> {
    /// Any service's actions: `NotAction`, `*`, or a wildcard in a service prefix.
    AnyService,
    /// Some action belongs to a service the catalog does not know.
    UnknownService,
    /// Every action is of a known service: these are the actions the patterns match, and
    /// their services.
    Known {
        /// The actions the patterns match (patterns that match nothing add none).
        actions: Vec<Action<'c>>,
        /// The services the patterns name, each once.
        services: Vec<Service<'c>>,
    },
}

impl<'c> ActionScope<'c> {
    /// The scope of an `Action`/`NotAction` list.
    pub fn of(list: &MatchList, catalog: &'c Catalog) -> Self {
        if list.negated {
            return ActionScope::AnyService;
        }
        let mut actions = Vec::new();
        let mut services: Vec<Service<'c>> = Vec::new();
        for pattern in &list.patterns {
            let Some((prefix, _)) = pattern.text.split_once(':') else {
                if pattern.value.is_match_all() {
                    return ActionScope::AnyService;
                }
                // Not `service:action`: the parser has said so; it names no known action.
                continue;
            };
            if has_wildcard(prefix) {
                return ActionScope::AnyService;
            }
            let Some(service) = catalog.service(prefix) else {
                return ActionScope::UnknownService;
            };
            if !services
                .iter()
                .any(|known| known.prefix() == service.prefix())
            {
                services.push(service);
            }
            actions.extend(catalog.expand(&pattern.text));
        }
        ActionScope::Known { actions, services }
    }
}
