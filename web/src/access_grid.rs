//! The access map's data, apart from the page: which services and resources to ask about (the
//! work is capped so the page never freezes), and the grid of services × access levels the
//! answer is drawn as.

use precedence::access::{AccessEntry, AccessMap, Answer, Verdict};
use precedence::catalog::AccessLevel;
use precedence::{Catalog, Engine, Request, Scenario};

/// At most this many services are mapped at once: a filter matching more is cut here and said.
pub const MAX_SERVICES: usize = 25;

/// The access levels, as the grid's columns.
pub const LEVELS: [AccessLevel; 5] = [
    AccessLevel::List,
    AccessLevel::Read,
    AccessLevel::Write,
    AccessLevel::Tagging,
    AccessLevel::PermissionsManagement,
];

/// The services to map: those whose prefix contains `filter` (ignoring case), else those any
/// policy's `Action` names by prefix and the request's own; at most [`MAX_SERVICES`], with
/// whether more were left out.
pub fn services(
    catalog: &Catalog,
    engine: &Engine,
    request: &Request,
    filter: &str,
) -> (Vec<String>, bool) {
    let filter = filter.trim().to_ascii_lowercase();
    let mut found: Vec<String> = if filter.is_empty() {
        let mut named = Vec::new();
        let actions = engine
            .policies()
            .iter()
            .filter_map(|policy| policy.policy.as_ref())
            .flat_map(|policy| policy.statements.iter())
            .flat_map(|statement| statement.action.patterns.iter())
            .map(|pattern| pattern.text.as_str())
            .chain(std::iter::once(request.action.as_str()));
        for action in actions {
            if let Some((prefix, _)) = action.split_once(':') {
                let prefix = prefix.to_ascii_lowercase();
                if catalog.service(&prefix).is_some() && !named.contains(&prefix) {
                    named.push(prefix);
                }
            }
        }
        named.sort();
        named
    } else {
        catalog
            .services()
            .map(|service| service.prefix().to_owned())
            .filter(|prefix| prefix.to_ascii_lowercase().contains(&filter))
            .collect()
    };
    let cut = found.len() > MAX_SERVICES;
    found.truncate(MAX_SERVICES);
    (found, cut)
}

/// The resources to ask about: the request's own, then the model's, each once.
pub fn resources(scenario: &Scenario, request: &Request) -> Vec<String> {
    let mut found = vec![request.resource.clone()];
    for resource in &scenario.resources {
        if !found.contains(&resource.arn) {
            found.push(resource.arn.clone());
        }
    }
    found
}

/// One cell's counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cell {
    /// Allowed.
    pub allowed: usize,
    /// Conditional.
    pub conditional: usize,
    /// Denied, explicitly or implicitly.
    pub denied: usize,
}

impl Cell {
    /// Whether no action of the cell was asked about.
    pub fn is_empty(self) -> bool {
        self.allowed + self.conditional + self.denied == 0
    }
}

/// One service's row: a cell per level of [`LEVELS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The service prefix.
    pub service: String,
    /// The cells, in the order of [`LEVELS`].
    pub cells: [Cell; 5],
}

/// The grid of `map`, by service.
pub fn grid(map: &AccessMap) -> Vec<Row> {
    map.summary
        .iter()
        .map(|summary| {
            let mut cells = [Cell::default(); 5];
            for (level, counts) in &summary.levels {
                if let Some(at) = LEVELS.iter().position(|l| l == level) {
                    cells[at] = Cell {
                        allowed: counts.allowed,
                        conditional: counts.conditional,
                        denied: counts.explicit_deny + counts.implicit_deny,
                    };
                }
            }
            Row {
                service: summary.service.clone(),
                cells,
            }
        })
        .collect()
}

/// The entries of one cell, in the map's order.
pub fn cell<'a>(map: &'a AccessMap, service: &str, level: AccessLevel) -> Vec<&'a AccessEntry> {
    map.entries
        .iter()
        .filter(|entry| entry.service == service && entry.access_level == level)
        .collect()
}

/// An answer's verdict in words, naming the keys of a conditional one and the stages that stop
/// a denied one.
pub fn verdict_text(answer: &Answer) -> String {
    match answer.verdict {
        Verdict::Conditional => {
            let keys: Vec<String> = answer.keys.iter().map(|k| format!("`{k}`")).collect();
            let otherwise = answer
                .otherwise
                .map_or(String::new(), |d| format!(", otherwise {}", d.name()));
            format!(
                "conditional on {} ({} without them{otherwise})",
                keys.join(", "),
                answer.decision.name()
            )
        }
        verdict if answer.blocked_by.is_empty() => verdict.name().to_owned(),
        verdict => {
            let stages: Vec<&str> = answer.blocked_by.iter().map(|s| s.name()).collect();
            format!("{} (stopped by {})", verdict.name(), stages.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use precedence::access::AccessQuery;
    use precedence::ScenarioFile;

    use super::*;

    const SCENARIO: &str = r#"{
      "policies": {"identity": [{"id": "reader", "document": {
        "Version": "2012-10-17",
        "Statement": [
          {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"},
          {"Sid": "Vpce", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*",
           "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}},
          {"Sid": "Keys", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}
        ]}}]},
      "resources": [{"arn": "arn:aws:s3:::reports-bucket"}, {"arn": "arn:aws:s3:::reports-bucket/a.csv"}],
      "requests": [{"name": "read", "principal": "arn:aws:iam::111122223333:role/reader",
        "action": "s3:GetObject", "resource": "arn:aws:s3:::reports-bucket/a.csv"}]
    }"#;

    /// The catalog the playground fetches, read from the repository.
    fn catalog() -> &'static Catalog {
        static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        CATALOG.get_or_init(|| {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../crates/precedence/data/catalog.txt"
            );
            Catalog::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
        })
    }

    fn setup() -> (Scenario, Engine, &'static Catalog) {
        let scenario = ScenarioFile::from_text(SCENARIO).unwrap().scenario;
        let engine = Engine::from_scenario(&scenario);
        (scenario, engine, catalog())
    }

    #[test]
    fn without_a_filter_the_services_are_those_the_policies_name() {
        let (scenario, engine, catalog) = setup();
        let (found, cut) = services(catalog, &engine, &scenario.requests[0], "");
        assert_eq!(found, vec!["kms".to_owned(), "s3".to_owned()]);
        assert!(!cut);
    }

    #[test]
    fn a_filter_picks_services_by_prefix_and_is_capped() {
        let (scenario, engine, catalog) = setup();
        let (found, cut) = services(catalog, &engine, &scenario.requests[0], "DynamoDB");
        assert!(found.contains(&"dynamodb".to_owned()), "{found:?}");
        assert!(found.iter().all(|s| s.contains("dynamodb")), "{found:?}");
        let (all, cut_all) = services(catalog, &engine, &scenario.requests[0], "a");
        assert_eq!(all.len(), MAX_SERVICES);
        assert!(cut_all && !cut);
    }

    #[test]
    fn resources_are_the_requests_then_the_models_each_once() {
        let (scenario, _, _) = setup();
        assert_eq!(
            resources(&scenario, &scenario.requests[0]),
            vec![
                "arn:aws:s3:::reports-bucket/a.csv".to_owned(),
                "arn:aws:s3:::reports-bucket".to_owned()
            ]
        );
    }

    #[test]
    fn the_grid_counts_each_level_and_a_cell_lists_its_actions() {
        let (scenario, engine, catalog) = setup();
        let query = AccessQuery {
            principal: scenario.requests[0].principal.clone(),
            resources: resources(&scenario, &scenario.requests[0]),
            services: vec!["s3".to_owned()],
            ..AccessQuery::default()
        };
        let map = engine.access_map(catalog, &query).unwrap();
        let rows = grid(&map);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].service, "s3");
        let read = rows[0].cells[1];
        assert!(read.allowed >= 1 && read.denied >= 1, "{read:?}");
        let write = rows[0].cells[2];
        assert!(write.conditional >= 1, "{write:?}");
        let writes = cell(&map, "s3", AccessLevel::Write);
        assert_eq!(
            writes
                .iter()
                .filter(|e| e.answer.verdict == Verdict::Conditional)
                .count(),
            write.conditional
        );
        let put = writes.iter().find(|e| e.action == "s3:PutObject").unwrap();
        assert_eq!(
            verdict_text(&put.answer),
            "conditional on `aws:SourceVpce` (implicitDeny without them, otherwise allowed)"
        );
        let get = cell(&map, "s3", AccessLevel::Read)
            .into_iter()
            .find(|e| e.action == "s3:GetObject")
            .unwrap();
        assert_eq!(verdict_text(&get.answer), "allowed");
        let delete = cell(&map, "s3", AccessLevel::Write)
            .into_iter()
            .find(|e| e.action == "s3:DeleteObject")
            .unwrap();
        assert_eq!(
            verdict_text(&delete.answer),
            "implicitDeny (stopped by identity)"
        );
    }
}
