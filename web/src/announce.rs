//! What the page tells a screen reader when decisions change: a sentence naming each request
//! whose decision is not what was last said, with the old and the new decision. Requests that
//! were added, removed or loaded since are not news; nor is a render that changed nothing.

use std::collections::HashMap;

use precedence::Decision;

use crate::analysis::RequestResult;
use crate::hooks::decisions::Decisions;

/// How many changed requests a sentence names before it only counts the rest.
const NAMED: usize = 3;

/// A request's decision, as said aloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    /// A decision.
    Decided(Decision),
    /// The request cannot be evaluated.
    Unusable,
}

impl Said {
    fn words(self) -> &'static str {
        match self {
            Said::Decided(Decision::Allowed) => "allowed",
            Said::Decided(Decision::ExplicitDeny) => "explicit deny",
            Said::Decided(Decision::ImplicitDeny) => "implicit deny",
            Said::Unusable => "cannot be evaluated",
        }
    }
}

/// One request as the announcement sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Heard {
    /// The request's stable identity (the editor's key).
    pub key: u32,
    /// Its name, possibly empty.
    pub name: String,
    /// Its decision.
    pub said: Said,
}

/// Every request of `decisions` with its decision, once all are decided; `keys` are the
/// requests' keys, in order.
pub fn heard(decisions: &Decisions, keys: &[u32]) -> Option<Vec<Heard>> {
    keys.iter()
        .zip(&decisions.analysis().scenario.requests)
        .enumerate()
        .map(|(index, (key, request))| {
            let said = match decisions.get(index).known()? {
                RequestResult::Decided(outcome) => Said::Decided(outcome.decision),
                RequestResult::Unusable { .. } => Said::Unusable,
            };
            Some(Heard {
                key: *key,
                name: request.name.clone().unwrap_or_default(),
                said,
            })
        })
        .collect()
}

/// The decisions last said (or first seen), by request key.
#[derive(Debug, Default)]
pub struct Announced(HashMap<u32, Said>);

impl Announced {
    /// Take the decisions of requests not seen before as said: a request added or loaded is
    /// not news, however soon it is edited.
    pub fn learn(&mut self, now: &[Heard]) {
        for heard in now {
            self.0.entry(heard.key).or_insert(heard.said);
        }
    }

    /// Remember `now` and return the sentence for the requests whose decision changed since
    /// it was last said or first seen: `None` when nothing changed.
    pub fn update(&mut self, now: &[Heard]) -> Option<String> {
        let before = std::mem::replace(&mut self.0, now.iter().map(|h| (h.key, h.said)).collect());
        let changes: Vec<String> = now
            .iter()
            .enumerate()
            .filter_map(|(position, heard)| {
                let was = *before.get(&heard.key)?;
                (was != heard.said).then(|| {
                    let request = if heard.name.is_empty() {
                        format!("Request {}", position + 1)
                    } else {
                        format!("Request {} ({})", position + 1, heard.name)
                    };
                    format!("{request}: {}, now {}", was.words(), heard.said.words())
                })
            })
            .collect();
        match changes.len() {
            0 => None,
            n if n <= NAMED => Some(changes.join("; ")),
            n => Some(format!(
                "{}; and {} more requests changed",
                changes[..NAMED].join("; "),
                n - NAMED
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heard(key: u32, name: &str, said: Said) -> Heard {
        Heard {
            key,
            name: name.to_owned(),
            said,
        }
    }

    const ALLOWED: Said = Said::Decided(Decision::Allowed);
    const EXPLICIT: Said = Said::Decided(Decision::ExplicitDeny);
    const IMPLICIT: Said = Said::Decided(Decision::ImplicitDeny);

    #[test]
    fn the_first_list_and_an_unchanged_one_say_nothing() {
        let mut announced = Announced::default();
        let list = [heard(7, "", ALLOWED), heard(8, "Read", IMPLICIT)];
        assert_eq!(announced.update(&list), None);
        assert_eq!(announced.update(&list), None);
        announced.learn(&list);
        assert_eq!(announced.update(&list), None);
    }

    #[test]
    fn a_request_learnt_when_loaded_is_announced_when_an_edit_soon_after_changes_it() {
        let mut announced = Announced::default();
        announced.learn(&[heard(1, "", ALLOWED)]);
        // A load (new keys), then an edit before the pause: the loaded decision was learnt.
        announced.learn(&[heard(5, "", ALLOWED)]);
        announced.learn(&[heard(5, "", EXPLICIT)]);
        assert_eq!(
            announced.update(&[heard(5, "", EXPLICIT)]),
            Some("Request 1: allowed, now explicit deny".to_owned())
        );
    }

    #[test]
    fn a_changed_decision_is_said_with_its_position_name_and_both_decisions() {
        let mut announced = Announced::default();
        announced.update(&[heard(7, "", ALLOWED), heard(8, "Read", IMPLICIT)]);
        assert_eq!(
            announced.update(&[heard(7, "", EXPLICIT), heard(8, "Read", IMPLICIT)]),
            Some("Request 1: allowed, now explicit deny".to_owned())
        );
        assert_eq!(
            announced.update(&[heard(7, "", EXPLICIT), heard(8, "Read", Said::Unusable)]),
            Some("Request 2 (Read): implicit deny, now cannot be evaluated".to_owned())
        );
    }

    #[test]
    fn new_and_removed_requests_are_not_news_and_positions_are_the_current_ones() {
        let mut announced = Announced::default();
        announced.update(&[heard(1, "", ALLOWED), heard(2, "", ALLOWED)]);
        // Request 1 removed, a new one added: only the change of key 2 is said, at position 1.
        assert_eq!(
            announced.update(&[heard(2, "", IMPLICIT), heard(3, "", EXPLICIT)]),
            Some("Request 1: allowed, now implicit deny".to_owned())
        );
        // A loaded scenario has new keys: nothing to say.
        assert_eq!(announced.update(&[heard(10, "", EXPLICIT)]), None);
    }

    #[test]
    fn many_changes_name_three_and_count_the_rest() {
        let mut announced = Announced::default();
        let before: Vec<Heard> = (0..5).map(|key| heard(key, "", ALLOWED)).collect();
        announced.update(&before);
        let after: Vec<Heard> = (0..5).map(|key| heard(key, "", EXPLICIT)).collect();
        let said = announced.update(&after).unwrap_or_default();
        assert!(
            said.starts_with("Request 1: allowed, now explicit deny; Request 2"),
            "{said}"
        );
        assert!(said.ends_with("; and 2 more requests changed"), "{said}");
    }
}
