//! Undo and redo: what the scenario was before each change, and before each undo, in stacks
//! bounded by count and by the bytes they hold. A burst of typing in one field is one step.

use std::collections::VecDeque;
use std::rc::Rc;

use super::snapshot::{self, Snapshot};
use precedence::scenario::DocumentSource;

use super::{Action, ContextEdit, ModelEdit, PlaygroundState, PolicyField, RequestField, TagOwner};

/// The most steps kept (undo and redo together).
pub const MAX_STEPS: usize = 100;
/// The most bytes the steps may hold together, each shared part counted once. The newest
/// step is kept whatever it weighs, so the last change can always be undone.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;
/// Typing in one field after a pause longer than this starts a new step (milliseconds).
pub const BURST_PAUSE_MS: f64 = 1000.0;

/// The undo and redo stacks.
#[derive(Debug, Clone, Default)]
pub(super) struct History {
    /// Oldest first.
    past: VecDeque<Rc<Snapshot>>,
    /// The next redo last.
    future: Vec<Rc<Snapshot>>,
    /// The field being typed into, and when it was last typed into.
    burst: Option<(Field, f64)>,
}

/// Histories are equal when they hold the same snapshots (not copies of them): comparing
/// the scenarios they hold would cost far more than it saves.
impl PartialEq for History {
    fn eq(&self, other: &Self) -> bool {
        fn same(a: &[Rc<Snapshot>], b: &[Rc<Snapshot>]) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| Rc::ptr_eq(a, b))
        }
        self.past.len() == other.past.len()
            && self
                .past
                .iter()
                .zip(&other.past)
                .all(|(a, b)| Rc::ptr_eq(a, b))
            && same(&self.future, &other.future)
            && self.burst == other.burst
    }
}

impl History {
    /// Record that a change made at `at` (milliseconds), typing into `field` (see
    /// [`typed_field`]) if it types, changed the scenario from `before`: a new step, unless it
    /// goes on typing into the field the last step typed into. Either way nothing is left to
    /// redo.
    pub(super) fn record(&mut self, before: &PlaygroundState, field: Option<Field>, at: f64) {
        self.future.clear();
        let continues = match (&self.burst, &field) {
            (Some((typing, last)), Some(field)) => typing == field && at - last <= BURST_PAUSE_MS,
            _ => false,
        };
        self.burst = field.map(|field| (field, at));
        if continues {
            return;
        }
        let snapshot = Snapshot::capture(before, self.past.back().map(Rc::as_ref));
        self.past.push_back(Rc::new(snapshot));
        self.trim();
    }

    /// Put the scenario back as it was before the last step; `false` when there is none.
    pub(super) fn undo(&mut self, present: &mut PlaygroundState) -> bool {
        let Some(step) = self.past.pop_back() else {
            return false;
        };
        self.future
            .push(Rc::new(Snapshot::capture(present, Some(&step))));
        step.restore(present);
        self.burst = None;
        self.trim();
        true
    }

    /// Make the last step taken back again; `false` when there is none.
    pub(super) fn redo(&mut self, present: &mut PlaygroundState) -> bool {
        let Some(step) = self.future.pop() else {
            return false;
        };
        self.past
            .push_back(Rc::new(Snapshot::capture(present, Some(&step))));
        step.restore(present);
        self.burst = None;
        self.trim();
        true
    }

    /// Forget every step (a new scenario was opened).
    pub(super) fn clear(&mut self) {
        *self = Self::default();
    }

    /// Whether there is a step to undo.
    pub(super) fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether there is a step to redo.
    pub(super) fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// The number of steps kept (undo and redo).
    #[cfg(test)]
    pub(super) fn steps(&self) -> usize {
        self.past.len() + self.future.len()
    }

    /// The bytes the steps hold.
    pub(super) fn footprint(&self) -> usize {
        snapshot::footprint(self.snapshots())
    }

    fn snapshots(&self) -> impl Iterator<Item = &Snapshot> {
        self.past
            .iter()
            .chain(self.future.iter().rev())
            .map(Rc::as_ref)
    }

    /// Drop the oldest steps (then the farthest redo) beyond the bounds.
    fn trim(&mut self) {
        loop {
            let steps = self.past.len() + self.future.len();
            if steps <= 1 {
                return;
            }
            // Shared parts are counted once: only when the copies, counted in full, exceed
            // the bound is it worth working out what they share.
            let over = steps > MAX_STEPS
                || self.snapshots().map(Snapshot::weight).sum::<usize>() > MAX_BYTES
                    && self.footprint() > MAX_BYTES;
            if !over {
                return;
            }
            if self.past.len() > 1 || self.future.is_empty() {
                self.past.pop_front();
            } else {
                self.future.remove(0);
            }
        }
    }
}

/// A field typed into, to tell one burst of typing from the next.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Field {
    Policy(u32, PolicyField),
    Request(u32, RequestField),
    ContextKey(u32, usize),
    ContextValue(u32, usize),
    ManagementAccount,
    MemberAccounts,
    Document(DocumentSource),
    TagValue(TagOwner, String),
}

/// The field an action types into; `None` for a change that is a step of its own.
pub(super) fn typed_field(action: &Action) -> Option<Field> {
    let field = match action {
        Action::EditPolicy(key, field, _) => Field::Policy(*key, *field),
        Action::EditRequest(key, field, _) => Field::Request(*key, *field),
        Action::EditContextRow(key, row, ContextEdit::Key(_)) => Field::ContextKey(*key, *row),
        Action::EditContextRow(key, row, ContextEdit::Value(_)) => Field::ContextValue(*key, *row),
        Action::SetManagementAccount(_) => Field::ManagementAccount,
        Action::SetMemberAccounts(_) => Field::MemberAccounts,
        Action::EditModel(ModelEdit::SetDocument(source, _)) => Field::Document(*source),
        // A tag's value, typed (its key is changed when the field is left).
        Action::EditModel(ModelEdit::SetTag(owner, Some(old), key, _)) if old == key => {
            Field::TagValue(*owner, key.clone())
        }
        _ => return None,
    };
    Some(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> PlaygroundState {
        let scenario = crate::examples::load("seed003-scp-break-glass-exception").unwrap();
        PlaygroundState::from_scenario(&scenario)
    }

    /// Apply `action` at `at` and record it, as the playground does.
    fn edit(history: &mut History, state: &mut PlaygroundState, action: Action, at: f64) {
        let before = state.clone();
        let field = typed_field(&action);
        state.apply(action);
        history.record(&before, field, at);
    }

    /// Type `text` into the first policy one character at a time, `gap` ms apart from `from`.
    fn type_text(
        history: &mut History,
        state: &mut PlaygroundState,
        text: &str,
        from: f64,
        gap: f64,
    ) {
        let key = state.policies[0].key;
        let mut typed = state.policies[0].text.clone();
        for (i, c) in text.chars().enumerate() {
            typed.push(c);
            let action = Action::EditPolicy(key, PolicyField::Text, typed.clone());
            edit(history, state, action, from + gap * i as f64);
        }
    }

    #[test]
    fn a_burst_of_typing_in_one_field_is_one_step() {
        let mut state = state();
        let original = state.policies[0].text.clone();
        let mut history = History::default();
        type_text(&mut history, &mut state, "abc", 0.0, 100.0);
        assert_eq!(history.steps(), 1);
        assert!(history.undo(&mut state));
        assert_eq!(state.policies[0].text, original);
        assert!(!history.can_undo());
    }

    #[test]
    fn a_pause_or_another_field_starts_a_new_step() {
        let mut state = state();
        let original = state.policies[0].text.clone();
        let mut history = History::default();
        type_text(&mut history, &mut state, "ab", 0.0, 100.0);
        type_text(
            &mut history,
            &mut state,
            "cd",
            100.0 + BURST_PAUSE_MS + 1.0,
            100.0,
        );
        assert_eq!(history.steps(), 2, "a pause");
        let request = state.requests[0].key;
        let action = Action::EditRequest(request, RequestField::Name, "x".into());
        edit(&mut history, &mut state, action, 1300.0);
        type_text(&mut history, &mut state, "e", 1400.0, 100.0);
        assert_eq!(history.steps(), 4, "another field, then this one again");
        history.undo(&mut state);
        history.undo(&mut state);
        assert_eq!(
            state.requests[0].name,
            crate::state::PlaygroundState::from_scenario(
                &crate::examples::load("seed003-scp-break-glass-exception").unwrap()
            )
            .requests[0]
                .name
        );
        history.undo(&mut state);
        assert_eq!(state.policies[0].text, format!("{original}ab"));
        history.undo(&mut state);
        assert_eq!(state.policies[0].text, original);
    }

    #[test]
    fn removing_a_policy_then_undoing_brings_back_the_text_as_typed() {
        let mut state = state();
        let mut history = History::default();
        let key = state.policies[2].key;
        let typed = "{ \"Statement\": [ {\"Effect\": \"Deny\",,  // not JSON yet\n";
        edit(
            &mut history,
            &mut state,
            Action::EditPolicy(key, PolicyField::Text, typed.into()),
            0.0,
        );
        let before = state.clone();
        edit(&mut history, &mut state, Action::RemovePolicy(key), 5000.0);
        assert!(state.policies.iter().all(|p| p.key != key));
        assert!(history.undo(&mut state));
        assert_eq!(state.policies, before.policies);
        assert_eq!(state.policies[2].text, typed);
        // And redo removes it again.
        assert!(history.redo(&mut state));
        assert!(state.policies.iter().all(|p| p.key != key));
    }

    #[test]
    fn a_new_change_clears_what_was_left_to_redo() {
        let mut state = state();
        let mut history = History::default();
        edit(&mut history, &mut state, Action::AddRequest, 0.0);
        history.undo(&mut state);
        assert!(history.can_redo());
        let request = state.requests[0].key;
        edit(
            &mut history,
            &mut state,
            Action::AddContextRow(request),
            10.0,
        );
        assert!(!history.can_redo());
        assert!(!history.redo(&mut state));
    }

    #[test]
    fn undo_and_redo_walk_back_and_forth_through_every_step() {
        let mut state = state();
        let mut history = History::default();
        let mut seen = vec![state.to_scenario()];
        for (i, key) in state
            .policies
            .iter()
            .map(|p| p.key)
            .collect::<Vec<_>>()
            .into_iter()
            .enumerate()
        {
            edit(
                &mut history,
                &mut state,
                Action::RemovePolicy(key),
                i as f64,
            );
            seen.push(state.to_scenario());
        }
        for want in seen.iter().rev().skip(1) {
            assert!(history.undo(&mut state));
            assert_eq!(&state.to_scenario(), want);
        }
        assert!(!history.undo(&mut state));
        for want in seen.iter().skip(1) {
            assert!(history.redo(&mut state));
            assert_eq!(&state.to_scenario(), want);
        }
    }

    #[test]
    fn steps_are_bounded_by_count() {
        let mut state = state();
        let mut history = History::default();
        for i in 0..MAX_STEPS + 20 {
            let action = Action::SetManagementAccount(format!("{i:012}"));
            // Each far enough from the last to be a step of its own.
            edit(&mut history, &mut state, action, i as f64 * 10_000.0);
        }
        assert_eq!(history.steps(), MAX_STEPS);
        let mut undone = 0;
        while history.undo(&mut state) {
            undone += 1;
        }
        assert_eq!(undone, MAX_STEPS);
        assert_eq!(state.management_account, format!("{:012}", 19));
    }

    #[test]
    fn steps_are_bounded_by_bytes_and_share_what_did_not_change() {
        let mut state = state();
        let big = "x".repeat(MAX_BYTES / 4);
        // A large policy that never changes is held once, however many steps there are.
        let key = state.policies[0].key;
        state.apply(Action::EditPolicy(key, PolicyField::Text, big.clone()));
        let mut history = History::default();
        for i in 0..10 {
            edit(
                &mut history,
                &mut state,
                Action::SetManagementAccount(format!("{i}")),
                i as f64 * 10_000.0,
            );
        }
        assert_eq!(history.steps(), 10);
        assert!(
            history.footprint() < MAX_BYTES / 4 + 100_000,
            "{}",
            history.footprint()
        );
        // Large changes drop the oldest steps, keeping the bytes under the bound.
        for i in 0..10 {
            let text = format!("{i}{big}");
            edit(
                &mut history,
                &mut state,
                Action::EditPolicy(key, PolicyField::Text, text),
                200_000.0 + i as f64 * 10_000.0,
            );
        }
        assert!(history.footprint() <= MAX_BYTES, "{}", history.footprint());
        assert!(history.steps() >= 3, "{}", history.steps());
        assert!(history.steps() < 20);
        // The newest steps are the ones kept.
        history.undo(&mut state);
        assert!(state.policies[0].text.starts_with('8'));
    }

    #[test]
    fn one_step_is_kept_whatever_it_weighs() {
        let mut state = state();
        let key = state.policies[0].key;
        state.apply(Action::EditPolicy(
            key,
            PolicyField::Text,
            "y".repeat(MAX_BYTES + 1),
        ));
        let mut history = History::default();
        edit(&mut history, &mut state, Action::RemovePolicy(key), 0.0);
        assert_eq!(history.steps(), 1);
        assert!(history.undo(&mut state));
        assert_eq!(state.policies[0].text.len(), MAX_BYTES + 1);
    }
}
