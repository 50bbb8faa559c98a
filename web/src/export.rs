//! Export: the scenario as a file in the CLI's format, downloaded. The toolbar's Export JSON
//! and the "Export file" of a save that failed both come here.

use precedence::Scenario;

use crate::browser;
use crate::share;

/// Download `scenario` as a scenario file named after it.
pub fn export_file(scenario: &Scenario) {
    if let Some(text) = share::scenario_json(scenario, true) {
        browser::download(&file_name(&scenario.name), &text);
    }
}

/// Download `text`, a scenario file, named after the scenario's `name`.
pub fn export_text(name: &str, text: &str) {
    browser::download(&file_name(name), text);
}

/// The export's file name: the scenario's name in lowercase ASCII words joined by `-`, or
/// `scenario.json` when that leaves nothing (a name in another script, or none).
fn file_name(scenario_name: &str) -> String {
    let words: Vec<String> = scenario_name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "scenario.json".to_owned()
    } else {
        format!("{}.json", words.join("-"))
    }
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn export_file_names() {
        assert_eq!(
            file_name("Seed 000: read-only endpoint"),
            "seed-000-read-only-endpoint.json"
        );
        assert_eq!(file_name(""), "scenario.json");
        assert_eq!(file_name("日本語のシナリオ"), "scenario.json");
        assert_eq!(file_name("!!!"), "scenario.json");
    }
}
