//! "Did you mean": the names closest to a mistyped one, by edit distance ignoring case (a
//! swap of two neighbouring letters counts as one edit).

use super::{Action, Catalog, Service};

impl Catalog {
    /// For an action pattern that matches nothing, up to `n` patterns like it that match
    /// something, best first: with the service prefix corrected (`dynamdb:Get*` gives
    /// `dynamodb:Get*`), or the closest action names of the service (`dynamodb:GetItems` gives
    /// `dynamodb:GetItem`; wildcards are left out of the comparison), or `prefix:*` for a bare
    /// service prefix. Empty when nothing is close.
    pub fn did_you_mean(&self, pattern: &str, n: usize) -> Vec<String> {
        let Some((service_part, action_part)) = pattern.split_once(':') else {
            return self
                .service(pattern)
                .map_or_else(|| self.closest_services(pattern, n), |s| vec![s])
                .iter()
                .map(|service| format!("{}:*", service.prefix()))
                .collect();
        };
        let services = if service_part.contains(['*', '?']) {
            self.services_matching(&service_part.to_ascii_lowercase())
        } else {
            self.service(service_part)
                .map_or_else(|| self.closest_services(service_part, n), |s| vec![s])
        };
        let typed_name: String = action_part
            .chars()
            .filter(|&ch| ch != '*' && ch != '?')
            .collect();
        let mut found: Vec<String> = Vec::new();
        for service in services {
            let corrected = format!("{}:{action_part}", service.prefix());
            if !self.expand(&corrected).is_empty() {
                found.push(corrected);
                continue;
            }
            found.extend(
                service
                    .closest_actions(&typed_name, n)
                    .iter()
                    .map(ToString::to_string),
            );
        }
        found.dedup();
        found.truncate(n);
        found
    }

    /// Up to `n` services whose prefix is closest to `prefix`, nearest first (see
    /// [`Service::closest_actions`] for which count as close).
    pub fn closest_services(&self, prefix: &str, n: usize) -> Vec<Service<'_>> {
        closest(
            self.services()
                .map(|service| (service, service.lower_prefix())),
            prefix,
            n,
        )
    }
}

impl<'c> Service<'c> {
    /// Up to `n` of the service's actions whose names are closest to `name`, nearest first,
    /// then by name. Only names within a third of `name`'s length in edits (at least one) count,
    /// so that a suggestion looks like what was typed: `GetItems` gives `GetItem`.
    pub fn closest_actions(&self, name: &str, n: usize) -> Vec<Action<'c>> {
        closest(
            self.actions().map(|action| (action, action.lower_name())),
            name,
            n,
        )
    }
}

/// Up to `n` of `candidates` (each with its ASCII-lowercased name) closest to `query`, nearest
/// first, then by name; only names within a third of `query`'s length in edits (at least one).
pub(crate) fn closest<'a, T>(
    candidates: impl Iterator<Item = (T, &'a str)>,
    query: &str,
    n: usize,
) -> Vec<T> {
    let query = query.to_ascii_lowercase();
    let limit = (query.chars().count() / 3).max(1);
    // Kept in order as they come (a sort would add its own code for every `T`).
    let mut near: Vec<(usize, &str, T)> = Vec::new();
    for (item, name) in candidates {
        let distance = strsim::osa_distance(&query, name);
        if distance <= limit {
            let at = near.partition_point(|&(d, other, _)| (d, other) <= (distance, name));
            near.insert(at, (distance, name, item));
        }
    }
    near.into_iter().take(n).map(|(_, _, item)| item).collect()
}
