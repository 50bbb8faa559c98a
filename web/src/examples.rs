//! The example gallery's scenarios, built into the bundle (never fetched).

use precedence::Scenario;

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// An example's stem and its scenario.
pub fn load(stem: &str) -> Option<Scenario> {
    EXAMPLES
        .iter()
        .find(|(name, _)| *name == stem)
        .and_then(|(_, json)| serde_json::from_str(json).ok())
}

/// The stem of the example the playground opens with.
pub fn first() -> &'static str {
    EXAMPLES.first().map_or("", |(stem, _)| stem)
}

/// Every example's stem and title, for the gallery.
pub fn titles() -> Vec<(&'static str, String)> {
    EXAMPLES
        .iter()
        .map(|(stem, json)| {
            let title = serde_json::from_str::<Scenario>(json)
                .map(|s| s.name)
                .unwrap_or_else(|_| (*stem).to_owned());
            (*stem, title)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_is_embedded_and_loads_seeds_first() {
        assert!(EXAMPLES.len() >= 30);
        assert!(first().starts_with("seed"));
        for (stem, _) in EXAMPLES {
            assert!(load(stem).is_some(), "{stem}");
        }
    }
}
