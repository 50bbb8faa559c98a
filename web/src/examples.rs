//! The example gallery's scenarios, built into the bundle (never fetched).

use precedence::Scenario;

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// An example's stem and its scenario.
pub fn load(stem: &str) -> Option<Scenario> {
    EXAMPLES
        .iter()
        .find(|(name, _, _)| *name == stem)
        .and_then(|(_, _, json)| serde_json::from_str(json).ok())
}

/// The stem of the example the playground opens with.
pub fn first() -> &'static str {
    EXAMPLES.first().map_or("", |(stem, _, _)| stem)
}

/// Every example's stem and title, for the gallery.
pub fn titles() -> impl Iterator<Item = (&'static str, &'static str)> {
    EXAMPLES.iter().map(|(stem, title, _)| (*stem, *title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_is_embedded_and_loads_seeds_first() {
        assert!(EXAMPLES.len() >= 30);
        assert!(first().starts_with("seed"));
        for (stem, title, _) in EXAMPLES {
            assert_eq!(
                load(stem).map(|s| s.name).as_deref(),
                Some(*title),
                "{stem}"
            );
        }
    }

    #[test]
    fn embedded_examples_give_the_policy_texts_of_the_files_keys_in_written_order() {
        use precedence::policy::PolicyType;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
        for (stem, _, _) in EXAMPLES {
            let file = std::fs::read_to_string(dir.join(format!("{stem}.json"))).expect("the file");
            let from_file: Scenario = serde_json::from_str(&file).expect("the file parses");
            let embedded = load(stem).expect("the embedded example");
            assert_eq!(embedded, from_file, "{stem}");
            for policy_type in PolicyType::ALL {
                let texts = |scenario: &Scenario| -> Vec<String> {
                    let entries = scenario.policies.of_type(policy_type);
                    entries.iter().map(|entry| entry.document.text()).collect()
                };
                assert_eq!(texts(&embedded), texts(&from_file), "{stem}");
            }
        }
    }
}
