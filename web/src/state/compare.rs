//! Compare mode: a "before" kept aside while the scenario on screen (the "after") is edited, so
//! the playground can say which requests a change decides differently.
//!
//! The before is a whole scenario, never edited in place: it is taken from the scenario on
//! screen, loaded from an example or a file, or swapped with the after. Leaving compare mode
//! keeps it, so coming back compares with the same before; nothing here touches the after
//! except a swap, which is the user's edit like any other.

use std::rc::Rc;

use precedence::Scenario;

use super::PlaygroundState;

/// Where the before came from, said above the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BeforeOrigin {
    /// The scenario on screen when compare mode opened or the before was reset to it.
    Snapshot,
    /// An example of the gallery, by title.
    Example(String),
    /// A scenario file, by name.
    File(String),
    /// The after, swapped with the previous before.
    Swapped,
}

impl BeforeOrigin {
    /// The before's origin in words.
    pub fn describe(&self) -> String {
        match self {
            BeforeOrigin::Snapshot => "a snapshot of the scenario as it was".to_owned(),
            BeforeOrigin::Example(title) => format!("the example “{title}”"),
            BeforeOrigin::File(name) => format!("the file `{name}`"),
            BeforeOrigin::Swapped => "the after, swapped".to_owned(),
        }
    }
}

/// The before. Compared by identity, as [`super::Replaced`] is: the state is compared on every
/// render.
#[derive(Debug, Clone)]
pub struct Before {
    /// The scenario.
    pub scenario: Rc<Scenario>,
    /// Where it came from.
    pub origin: BeforeOrigin,
}

impl PartialEq for Before {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scenario, &other.scenario) && self.origin == other.origin
    }
}

/// Compare mode's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Compare {
    /// What the scenario on screen is compared with.
    pub before: Before,
    /// Whether compare mode is on screen (else the before waits for the next time).
    pub open: bool,
}

/// What the user can do in compare mode.
#[derive(Debug, Clone, PartialEq)]
pub enum CompareAction {
    /// Open compare mode, with the before kept from last time, else the scenario on screen.
    Open,
    /// Make the scenario on screen the before.
    SnapshotCurrent,
    /// Make a scenario (an example, a file) the before.
    LoadBefore(Box<Scenario>, BeforeOrigin),
    /// Put the before on screen to edit, and keep the scenario that was on screen as the
    /// before.
    Swap,
    /// Back to the playground; the before is kept.
    Close,
}

impl PlaygroundState {
    /// Apply one compare-mode action.
    pub(super) fn apply_compare(&mut self, action: CompareAction) {
        let snapshot = |state: &Self| Before {
            scenario: Rc::new(state.to_scenario()),
            origin: BeforeOrigin::Snapshot,
        };
        match action {
            CompareAction::Open => match &mut self.compare {
                Some(compare) => compare.open = true,
                None => {
                    self.compare = Some(Compare {
                        before: snapshot(self),
                        open: true,
                    })
                }
            },
            CompareAction::SnapshotCurrent => {
                self.compare = Some(Compare {
                    before: snapshot(self),
                    open: true,
                })
            }
            CompareAction::LoadBefore(scenario, origin) => {
                // Read as the editors would hold it, so its texts compare with the after's
                // as typed, not as a file happened to format them.
                let as_edited = Self::from_scenario(&scenario).to_scenario();
                self.compare = Some(Compare {
                    before: Before {
                        scenario: Rc::new(as_edited),
                        origin,
                    },
                    open: true,
                })
            }
            CompareAction::Swap => self.swap(),
            CompareAction::Close => {
                if let Some(compare) = &mut self.compare {
                    compare.open = false;
                }
            }
        }
    }

    /// The before on screen, the after kept as the before: an edit of the scenario on screen,
    /// autosaved as the user's work. The replaced scenario is not offered back: it is the
    /// before now.
    fn swap(&mut self) {
        let Some(compare) = self.compare.take() else {
            return;
        };
        let after = Rc::new(self.to_scenario());
        let (next_key, revision, notice, replaced) = (
            self.next_key,
            self.revision,
            self.notice.take(),
            self.replaced.take(),
        );
        *self = Self::from_scenario(&compare.before.scenario);
        // Keys stay unique across the swap so editors are rebuilt, not reused.
        self.rekey(next_key);
        self.revision = revision + 1;
        self.edited = true;
        self.notice = notice;
        self.replaced = replaced;
        self.compare = Some(Compare {
            before: Before {
                scenario: after,
                origin: BeforeOrigin::Swapped,
            },
            open: true,
        });
    }

    /// Whether compare mode is on screen.
    pub fn comparing(&self) -> bool {
        self.compare.as_ref().is_some_and(|c| c.open)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Action;

    fn example(stem: &str) -> Scenario {
        crate::examples::load(stem).expect("the example")
    }

    fn break_glass() -> PlaygroundState {
        PlaygroundState::from_scenario(&example("seed003-scp-break-glass-exception"))
    }

    /// Widen the break-glass exception to every role, as the README's diff does.
    fn widen(state: &mut PlaygroundState) {
        state.replace_in_policy("DenyDynamoDBOutsideVPC", "role/BreakGlassRole", "role/*");
    }

    fn before(state: &PlaygroundState) -> &Scenario {
        &state.compare.as_ref().expect("a before").before.scenario
    }

    #[test]
    fn opening_snapshots_the_scenario_and_edits_go_to_the_after_only() {
        let mut state = break_glass();
        let opened = state.to_scenario();
        let revision = state.revision;
        state.apply(Action::Compare(CompareAction::Open));
        assert!(state.comparing());
        assert_eq!(before(&state), &opened);
        assert_eq!(
            state.revision, revision,
            "opening compare mode is not an edit"
        );
        assert!(!state.edited);
        widen(&mut state);
        assert_eq!(before(&state), &opened, "the before is not edited");
        assert_ne!(state.to_scenario(), opened);
    }

    #[test]
    fn leaving_keeps_the_afters_edits_and_coming_back_the_same_before() {
        let mut state = break_glass();
        state.apply(Action::Compare(CompareAction::Open));
        let kept = Rc::clone(&state.compare.as_ref().expect("a before").before.scenario);
        widen(&mut state);
        let edited = state.to_scenario();
        state.apply(Action::Compare(CompareAction::Close));
        assert!(!state.comparing());
        assert_eq!(state.to_scenario(), edited, "the after's edits stay");
        state.apply(Action::Compare(CompareAction::Open));
        let again = &state.compare.as_ref().expect("a before").before.scenario;
        assert!(Rc::ptr_eq(again, &kept), "the same before as last time");
        // Reset to the current: the after as it is now.
        state.apply(Action::Compare(CompareAction::SnapshotCurrent));
        assert_eq!(before(&state), &edited);
        assert_eq!(
            state.compare.as_ref().map(|c| c.before.origin.clone()),
            Some(BeforeOrigin::Snapshot)
        );
    }

    #[test]
    fn a_swap_puts_the_before_on_screen_and_keeps_the_after_as_before() {
        let mut state = break_glass();
        state.apply(Action::Compare(CompareAction::Open));
        let original = before(&state).clone();
        widen(&mut state);
        let widened = state.to_scenario();
        let keys: Vec<u32> = state.policies.iter().map(|p| p.key).collect();
        let revision = state.revision;
        state.apply(Action::Compare(CompareAction::Swap));
        assert_eq!(state.to_scenario(), original);
        assert_eq!(before(&state), &widened);
        assert!(state.comparing());
        assert_eq!(state.revision, revision + 1, "a swap is an edit");
        assert!(state.edited);
        assert_eq!(
            state.replaced, None,
            "nothing is lost, so nothing offered back"
        );
        assert!(
            state.policies.iter().all(|p| !keys.contains(&p.key)),
            "editors are rebuilt"
        );
        // Swapping back gives the widened version on screen again, text as typed.
        state.apply(Action::Compare(CompareAction::Swap));
        assert_eq!(state.to_scenario(), widened);
        assert_eq!(before(&state), &original);
    }

    #[test]
    fn a_before_from_an_example_or_a_file_and_loads_keep_it() {
        let mut state = break_glass();
        let other = example("seed003-scp-deny-dynamodb-outside-vpc");
        state.apply(Action::Compare(CompareAction::LoadBefore(
            Box::new(other.clone()),
            BeforeOrigin::Example(other.name.clone()),
        )));
        assert!(state.comparing());
        assert_eq!(
            before(&state),
            &PlaygroundState::from_scenario(&other).to_scenario()
        );
        let other = before(&state).clone();
        // Loading another scenario on screen, or starting empty, replaces the after only.
        state.apply(Action::Load(Box::new(example(
            "seed000-read-only-endpoint",
        ))));
        assert_eq!(before(&state), &other);
        assert!(state.comparing());
        state.apply(Action::Reset("broken link".into()));
        assert_eq!(before(&state), &other);
        // Without a before, there is nothing to swap with.
        let mut plain = break_glass();
        let on_screen = plain.to_scenario();
        plain.apply(Action::Compare(CompareAction::Swap));
        assert_eq!(plain.to_scenario(), on_screen);
        assert_eq!(plain.compare, None);
    }
}
