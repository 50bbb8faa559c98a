//! The playground as the app holds it: the scenario being edited, every change made by its
//! reducer; the history of those changes, for undo and redo; the offer to undo a removal; the
//! trace's stages opened or closed by hand; and the entry of Recent the work is saved into.

use std::ops::Deref;
use std::rc::Rc;

use precedence::Scenario;
use yew::Reducible;

use super::history::{self, History};
use super::offer::undo_offer;
use super::predict::{Predict, PredictAction};
use super::slot::Slot;
use super::{Action, PlaygroundState, Replaced};
use crate::share::View;

/// Changes to what surrounds the scenario. None is a step of the history.
#[derive(Debug, Clone, PartialEq)]
pub enum PageAction {
    /// Hide the offer to undo.
    DismissUndoOffer,
    /// A stage of the trace opened (`true`) or closed by hand.
    SetStageOpen(String, bool),
    /// Show a link's view: its selected request and stages.
    ShowView(View),
    /// Open a scenario of Recent (its entry's id), offering back the one on screen.
    OpenSaved(String, Box<Scenario>),
    /// What an autosave came to.
    Saved(SaveReport),
    /// Hide what the last autosave said.
    DismissSaveNotice,
}

/// What an autosave came to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SaveReport {
    /// The entry of Recent it was asked to save into.
    pub asked: String,
    /// The entry it saved into: another one when another tab took over the one asked for.
    pub slot: String,
    /// Why the work could not be saved, and what to do; `None` once it was.
    pub problem: Option<String>,
    /// What was dropped from Recent to make room.
    pub dropped: Vec<Dropped>,
}

/// A scenario dropped from Recent to make room, with its text to export.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    /// Its entry's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// When it was saved, in milliseconds since the epoch.
    pub saved_at: u64,
    /// Its text, a scenario file.
    pub text: Rc<str>,
}

/// The playground: the scenario, its history and its surroundings.
#[derive(Debug, Clone, PartialEq)]
pub struct Playground {
    state: PlaygroundState,
    history: History,
    undo_offer: Option<String>,
    stages: Vec<(String, bool)>,
    slot: Slot,
    save_problem: Option<String>,
    dropped: Vec<Dropped>,
    predict: Predict,
}

impl Deref for Playground {
    type Target = PlaygroundState;

    fn deref(&self) -> &PlaygroundState {
        &self.state
    }
}

impl Playground {
    /// The playground showing `state`, in the tab `tab` (its token), saving into the entry of
    /// Recent `saved_in` (the state is that entry's scenario) or into a new one.
    pub fn new(state: PlaygroundState, tab: &str, saved_in: Option<String>) -> Self {
        Playground {
            state,
            history: History::default(),
            undo_offer: None,
            stages: Vec::new(),
            slot: Slot::new(Rc::from(tab), saved_in),
            save_problem: None,
            dropped: Vec::new(),
            predict: Predict::default(),
        }
    }

    /// The same, with `completed` the lessons answered right before (kept by the browser).
    pub fn with_progress(mut self, completed: Vec<String>) -> Self {
        self.predict.completed = completed;
        self
    }

    /// The same, in predict mode.
    pub fn predicting(mut self) -> Self {
        self.predict.on = true;
        self
    }

    /// The same, on lesson `index` (0-based), whose scenario the state holds.
    pub fn in_lesson(mut self, index: usize) -> Self {
        self.predict.enter_lesson(index);
        self
    }

    /// Predict mode, the lesson open and the progress through the course.
    pub fn predict(&self) -> &Predict {
        &self.predict
    }

    /// The same, offering back `scenario`, the saved entry `id` it opened in place of.
    pub fn offering_back(mut self, scenario: Scenario, id: String) -> Self {
        self.state.replaced = Some(Replaced(Rc::new(scenario)));
        self.slot.replaced = Some((id, true));
        self
    }

    /// The same, showing a link's view.
    pub fn showing(mut self, view: View) -> Self {
        self.show(view);
        self
    }

    /// Whether there is a change to undo.
    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    /// Whether there is a change to redo.
    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// What the last change took away, offered to undo.
    pub fn undo_offer(&self) -> Option<&str> {
        self.undo_offer.as_deref()
    }

    /// Whether a stage of the selected request's trace was opened (`Some(true)`) or closed
    /// by hand; `None`: as the trace opens it.
    pub fn stage_open(&self, stage: &str) -> Option<bool> {
        self.stages
            .iter()
            .find(|(name, _)| name == stage)
            .map(|(_, open)| *open)
    }

    /// What a link to the page shows beyond the scenario.
    pub fn view(&self) -> View {
        View {
            selected: self.state.selected_index(),
            stages: self.stages.clone(),
            predict: self.predict.on,
        }
    }

    /// The id of the entry of Recent the work is saved into.
    pub fn slot_id(&self) -> &str {
        &self.slot.id
    }

    /// This tab's token, unique to the page.
    pub fn tab(&self) -> &str {
        self.slot.tab()
    }

    /// Whether the scenario the last load replaced is kept in Recent.
    pub fn replaced_is_saved(&self) -> bool {
        self.slot.replaced.as_ref().is_some_and(|(_, saved)| *saved)
    }

    /// Why the last autosave failed, and what to do.
    pub fn save_problem(&self) -> Option<&str> {
        self.save_problem.as_deref()
    }

    /// What the last autosave dropped from Recent to make room.
    pub fn dropped(&self) -> &[Dropped] {
        &self.dropped
    }

    /// The bytes the history holds.
    #[cfg(test)]
    fn history_bytes(&self) -> usize {
        self.history.footprint()
    }

    /// The playground after `action`, made at `at` (milliseconds); `None` when nothing changes.
    pub fn next(&self, action: Action, at: f64) -> Option<Self> {
        let mut next = self.clone();
        let shows_view = matches!(action, Action::Page(PageAction::ShowView(_)));
        match action {
            Action::Undo | Action::Redo => {
                let done = if matches!(action, Action::Undo) {
                    next.history.undo(&mut next.state)
                } else {
                    next.history.redo(&mut next.state)
                };
                if !done {
                    return None;
                }
                next.state.revision += 1;
                next.state.edited = true;
                next.undo_offer = None;
            }
            Action::Page(page) => {
                if !next.page(page) {
                    return None;
                }
            }
            Action::Predict(PredictAction::OpenLesson(index)) => {
                let scenario = crate::lessons::load(index)?;
                let mut opened = self.next(Action::Load(Box::new(scenario)), at)?;
                opened.predict.enter_lesson(index);
                // From one lesson to the next, a lesson left as it came is not offered back:
                // what was offered before the course (the user's own work) still is.
                if self.predict.lesson.is_some() && !self.state.edited {
                    opened.state.replaced = self.state.replaced.clone();
                    opened.slot.replaced = self.slot.replaced.clone();
                }
                return Some(opened);
            }
            Action::Predict(predict) => {
                let selected = next.state.selected_index();
                let requests = next.state.requests.len();
                if !next.predict.apply(predict, selected, requests) {
                    return None;
                }
            }
            Action::Load(_) | Action::Reset(_) | Action::RestoreReplaced => {
                next.predict.leave_lesson();
                let bringing_back = matches!(action, Action::RestoreReplaced);
                next.state.apply(action);
                if next.state.revision == self.state.revision {
                    return None;
                }
                next.opened();
                if bringing_back {
                    next.slot.bring_back(self.state.edited);
                } else {
                    let offered = next.state.replaced.is_some();
                    next.slot.replace(None, offered, self.state.edited);
                }
            }
            action => {
                let offer = undo_offer(&self.state, &action);
                let field = history::typed_field(&action);
                next.state.apply(action);
                if next.state.revision != self.state.revision {
                    next.history.record(&self.state, field, at);
                    next.undo_offer = offer;
                }
            }
        }
        // Stages opened by hand are the selected request's.
        let moved = next.state.selected_index() != self.state.selected_index();
        if moved && !shows_view {
            next.stages.clear();
        }
        // An answer is the selected request's as it was answered; an edit of the scenario also
        // takes back the lesson's requests answered right before it.
        let edited = next.state.revision != self.state.revision;
        if moved || edited {
            next.predict.forget_answer();
        }
        if edited {
            next.predict.right.clear();
        }
        Some(next)
    }

    /// Another scenario is on screen: its history, view and offer start afresh.
    fn opened(&mut self) {
        self.history.clear();
        self.undo_offer = None;
        self.stages.clear();
    }

    /// Apply a page action; `false` when it changes nothing.
    fn page(&mut self, action: PageAction) -> bool {
        match action {
            PageAction::DismissUndoOffer => self.undo_offer.take().is_some(),
            PageAction::SetStageOpen(stage, open) => {
                if self.stage_open(&stage) == Some(open) {
                    return false;
                }
                self.stages.retain(|(name, _)| *name != stage);
                self.stages.push((stage, open));
                true
            }
            PageAction::ShowView(view) => {
                self.show(view);
                true
            }
            PageAction::OpenSaved(id, scenario) => {
                self.predict.leave_lesson();
                let edited = self.state.edited;
                self.state.apply(Action::Load(scenario));
                self.opened();
                let offered = self.state.replaced.is_some();
                self.slot.replace(Some(id), offered, edited);
                true
            }
            PageAction::Saved(report) => self.saved(report),
            PageAction::DismissSaveNotice => {
                let shown = self.save_problem.is_some() || !self.dropped.is_empty();
                self.save_problem = None;
                self.dropped.clear();
                shown
            }
        }
    }

    fn show(&mut self, view: View) {
        if let Some(selected) = view.selected {
            self.state.selected = selected;
        }
        self.stages = view.stages;
        // A link in predict mode asks a question; one without leaves the mode as it is.
        self.predict.on |= view.predict;
    }

    fn saved(&mut self, report: SaveReport) -> bool {
        let SaveReport {
            asked,
            slot,
            problem,
            dropped,
        } = report;
        let mut changed = false;
        // Another tab took over the entry: this tab's work goes on in the one it was saved to.
        if slot != asked {
            if self.slot.id == asked {
                self.slot.id = slot.clone();
                changed = true;
            }
            if let Some((replaced, _)) = &mut self.slot.replaced {
                if *replaced == asked {
                    *replaced = slot.clone();
                    changed = true;
                }
            }
        }
        if problem.is_none() && self.slot.id == slot && !self.slot.saved {
            self.slot.saved = true;
            changed = true;
        }
        if problem != self.save_problem {
            self.save_problem = problem;
            changed = true;
        }
        if !dropped.is_empty() {
            self.dropped = dropped;
            changed = true;
        }
        changed
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match self.next(action, now_ms()) {
            Some(next) => Rc::new(next),
            None => self,
        }
    }
}

/// Milliseconds since the epoch: when a change is made, to tell a burst of typing from a pause.
fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |since| since.as_secs_f64() * 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::PolicyField;

    fn example(stem: &str) -> Scenario {
        crate::examples::load(stem).unwrap()
    }

    fn playground() -> Playground {
        let state = PlaygroundState::from_scenario(&example("seed003-scp-break-glass-exception"));
        Playground::new(state, "tab", None)
    }

    /// `playground` after `actions`, each a second after the last.
    fn after(playground: &Playground, actions: impl IntoIterator<Item = Action>) -> Playground {
        actions
            .into_iter()
            .enumerate()
            .fold(playground.clone(), |p, (i, action)| {
                p.next(action, i as f64 * 10_000.0).unwrap_or(p)
            })
    }

    #[test]
    fn a_removal_offers_undo_and_undo_brings_it_back() {
        let start = playground();
        let policy = start.policies[1].clone();
        let removed = after(&start, [Action::RemovePolicy(policy.key)]);
        assert!(removed.undo_offer().is_some_and(|o| o.contains(&policy.id)));
        assert!(removed.can_undo());
        let undone = after(&removed, [Action::Undo]);
        assert_eq!(undone.policies, start.policies);
        assert_eq!(undone.undo_offer(), None);
        assert!(
            undone.revision > removed.revision,
            "an undo is an edit to re-evaluate"
        );
        assert!(undone.edited, "and the user's work to autosave");
        assert!(undone.can_redo());
        // The next change without a removal takes the offer away.
        let request = start.requests[0].key;
        let edited = after(&removed, [Action::SetExpect(request, None)]);
        assert_eq!(edited.undo_offer(), None);
    }

    #[test]
    fn applying_a_suggestion_offers_undo_and_undo_restores_every_text() {
        let state = PlaygroundState::from_scenario(&example("seed000-read-only-endpoint"));
        let start = Playground::new(state, "tab", None);
        let scenario = start.to_scenario();
        let engine = precedence::Engine::from_scenario(&scenario);
        let index = (0..scenario.requests.len())
            .find(|&i| {
                engine
                    .suggest(&scenario, i)
                    .is_ok_and(|s| !s.items.is_empty())
            })
            .unwrap();
        let suggestion = engine.suggest(&scenario, index).unwrap().items[0].clone();
        let selected = after(&start, [Action::Select(index)]);
        let applied = after(
            &selected,
            [Action::ApplySuggestion(Box::new(suggestion.clone()))],
        );
        assert_ne!(applied.to_scenario(), scenario);
        assert_eq!(
            applied.undo_offer(),
            Some(format!("Applied: {}", suggestion.title).as_str())
        );
        let undone = after(&applied, [Action::Undo]);
        assert_eq!(undone.to_scenario(), scenario);
        assert_eq!(
            undone.policies.iter().map(|p| &p.text).collect::<Vec<_>>(),
            start.policies.iter().map(|p| &p.text).collect::<Vec<_>>()
        );
        assert_eq!(undone.selected_index(), Some(index));
    }

    #[test]
    fn applying_json_is_a_step_undone_like_an_edit_and_keeps_the_history() {
        let start = playground();
        let key = start.policies[0].key;
        let typed = after(
            &start,
            [Action::EditPolicy(key, PolicyField::Text, "{ mine".into())],
        );
        let mut written = typed.to_scenario();
        written.requests.truncate(1);
        written.name = "written as JSON".into();
        let applied = after(&typed, [Action::ApplyJson(Box::new(written.clone()))]);
        assert_eq!(applied.to_scenario(), written);
        assert!(applied.revision > typed.revision, "an edit to evaluate");
        assert!(applied.edited);
        assert_eq!(applied.replaced, None, "nothing offered back: Undo is");
        assert_eq!(
            applied.slot_id(),
            typed.slot_id(),
            "the same entry of Recent"
        );
        assert_eq!(
            applied.undo_offer(),
            Some("Replaced the scenario with the JSON you applied.")
        );
        let keys: Vec<u32> = applied.policies.iter().map(|p| p.key).collect();
        assert!(
            keys.iter()
                .all(|k| !typed.policies.iter().any(|p| p.key == *k)),
            "editors are rebuilt, not reused"
        );
        let undone = after(&applied, [Action::Undo]);
        assert_eq!(undone.to_scenario(), typed.to_scenario());
        assert_eq!(undone.policies[0].text, "{ mine");
        let further = after(&undone, [Action::Undo]);
        assert_eq!(
            further.to_scenario(),
            start.to_scenario(),
            "the steps before the apply are kept"
        );
        let redone = after(&undone, [Action::Redo]);
        assert_eq!(redone.to_scenario(), written);
        // Applying the scenario as it is changes nothing and is no step.
        let again = after(&applied, [Action::ApplyJson(Box::new(written))]);
        assert_eq!(again.revision, applied.revision);
        let back = after(&again, [Action::Undo]);
        assert_eq!(back.to_scenario(), typed.to_scenario(), "one step, not two");
    }

    #[test]
    fn applying_json_with_fewer_requests_keeps_a_request_selected() {
        let start = after(&playground(), [Action::Select(2)]);
        let mut written = start.to_scenario();
        written.requests.truncate(1);
        let applied = after(&start, [Action::ApplyJson(Box::new(written))]);
        assert_eq!(applied.selected_index(), Some(0));
        assert_eq!(applied.selected, 0);
    }

    #[test]
    fn selecting_notifying_and_dismissing_are_not_steps() {
        let start = playground();
        let viewed = after(
            &start,
            [
                Action::Select(1),
                Action::Notify("hello".into()),
                Action::DismissNotice,
            ],
        );
        assert!(!viewed.can_undo());
        assert_eq!(
            viewed.next(Action::Undo, 0.0).map(|p| p.selected),
            None,
            "nothing to undo"
        );
    }

    #[test]
    fn opening_a_scenario_starts_a_new_history_and_a_new_entry() {
        let start = playground();
        let key = start.policies[0].key;
        let edited = after(
            &start,
            [Action::EditPolicy(key, PolicyField::Text, "{ mine".into())],
        );
        assert!(edited.can_undo());
        let first_slot = edited.slot_id().to_owned();
        let loaded = after(
            &edited,
            [Action::Load(Box::new(example(
                "seed000-read-only-endpoint",
            )))],
        );
        assert!(
            !loaded.can_undo(),
            "the replaced scenario is offered back instead"
        );
        assert_ne!(
            loaded.slot_id(),
            first_slot,
            "the loaded scenario never writes over the work"
        );
        assert!(loaded.replaced_is_saved());
        let back = after(&loaded, [Action::RestoreReplaced]);
        assert_eq!(
            back.slot_id(),
            first_slot,
            "brought back, the work goes on in its entry"
        );
        assert_eq!(back.policies[0].text, "{ mine");
        let opened = after(
            &back,
            [Action::Page(PageAction::OpenSaved(
                "other-1".into(),
                Box::new(example("seed000-read-only-endpoint")),
            ))],
        );
        assert_eq!(opened.slot_id(), "other-1");
        assert!(opened.replaced.is_some());
    }

    #[test]
    fn stages_opened_by_hand_belong_to_the_selected_request() {
        let start = playground();
        let opened = after(
            &start,
            [
                Action::Page(PageAction::SetStageOpen("scp".into(), true)),
                Action::Page(PageAction::SetStageOpen("explicitDeny".into(), false)),
            ],
        );
        assert_eq!(opened.stage_open("scp"), Some(true));
        assert_eq!(
            opened.view().stages,
            [("scp".into(), true), ("explicitDeny".into(), false)]
        );
        assert!(opened
            .next(
                Action::Page(PageAction::SetStageOpen("scp".into(), true)),
                0.0
            )
            .is_none());
        let other = after(&opened, [Action::Select(1)]);
        assert_eq!(other.stage_open("scp"), None);
        let shown = after(
            &start,
            [Action::Page(PageAction::ShowView(View {
                selected: Some(2),
                stages: vec![("rcp".into(), true)],
                predict: false,
            }))],
        );
        assert_eq!(
            shown.view(),
            View {
                selected: Some(2),
                stages: vec![("rcp".into(), true)],
                predict: false,
            }
        );
    }

    /// The outcome the evaluator gives the selected request of `playground`.
    fn outcome(playground: &Playground) -> precedence::Outcome {
        let scenario = playground.to_scenario();
        let engine = precedence::Engine::from_scenario(&scenario);
        let index = playground.selected_index().expect("a selected request");
        engine.decide(
            &engine
                .prepare(&scenario.requests[index])
                .expect("a usable request"),
        )
    }

    /// `playground` after answering its selected request rightly and revealing.
    fn answered_right(playground: &Playground) -> Playground {
        let decided = outcome(playground);
        let stage = decided.blocked_by.iter().next();
        let mut actions = vec![Action::Predict(PredictAction::Decide(decided.decision))];
        actions.extend(stage.map(|s| Action::Predict(PredictAction::PickStage(s))));
        actions.push(Action::Predict(PredictAction::Reveal(decided)));
        after(playground, actions)
    }

    #[test]
    fn an_answer_belongs_to_the_selected_request_as_it_was_answered() {
        let start = playground().predicting();
        assert!(start.predict().hides());
        assert!(start.view().predict, "the mode rides in links");
        let revealed = answered_right(&start);
        assert!(revealed.predict().revealed.is_some_and(|j| j.is_right()));
        assert!(!revealed.predict().hides());
        assert!(
            !revealed.can_undo(),
            "answering is not a step of the history"
        );
        // Another request: unanswered.
        let other = after(&revealed, [Action::Select(1)]);
        assert!(other.predict().hides());
        assert_eq!(
            other.predict().answer,
            super::super::predict::Answer::default()
        );
        // An edit of a policy: unanswered again, the mode kept.
        let key = revealed.policies[0].key;
        let text = format!("{} ", revealed.policies[0].text);
        let edited = after(
            &revealed,
            [Action::EditPolicy(key, PolicyField::Text, text)],
        );
        assert!(edited.predict().on && edited.predict().hides());
        // An edit of the request itself too.
        let request = revealed.requests[0].key;
        let renamed = after(
            &revealed,
            [Action::EditRequest(
                request,
                crate::state::RequestField::Name,
                "x".into(),
            )],
        );
        assert!(renamed.predict().hides());
        // A link's view in predict mode turns it on; one without leaves it as it is.
        let shown = after(
            &playground(),
            [Action::Page(PageAction::ShowView(View {
                predict: true,
                ..View::default()
            }))],
        );
        assert!(shown.predict().on);
        let kept = after(
            &shown,
            [Action::Page(PageAction::ShowView(View::default()))],
        );
        assert!(kept.predict().on);
        let off = after(&kept, [Action::Predict(PredictAction::SetMode(false))]);
        assert!(!off.predict().on && !off.predict().hides());
    }

    #[test]
    fn a_lesson_opens_in_predict_mode_and_is_done_once_each_request_is_answered_right() {
        if crate::lessons::count() == 0 {
            return;
        }
        let start = playground();
        let opened = after(&start, [Action::Predict(PredictAction::OpenLesson(0))]);
        assert_eq!(opened.predict().lesson, Some(0));
        assert!(opened.predict().hides());
        let lesson = crate::lessons::load(0).expect("the lesson");
        assert_eq!(opened.name, lesson.name);
        assert!(opened.lesson.is_some(), "the lesson block came with it");
        assert!(
            !opened.edited,
            "a lesson is not the user's work to autosave"
        );
        assert!(
            opened.replaced.is_some(),
            "the work on screen is offered back"
        );
        let next = after(&opened, [Action::Predict(PredictAction::OpenLesson(1))]);
        assert_eq!(next.predict().lesson, Some(1));
        assert_eq!(
            next.replaced, opened.replaced,
            "a lesson left as it came is not offered back, the work before the course still is"
        );
        let mut done = opened.clone();
        for index in 0..done.requests.len() {
            done = after(&done, [Action::Select(index)]);
            done = answered_right(&done);
        }
        assert!(done.predict().is_completed(0));
        // An edit before the last answer starts the lesson's tally again.
        if opened.requests.len() > 1 {
            let first = answered_right(&opened);
            let key = first.policies[0].key;
            let text = format!("{} ", first.policies[0].text);
            let edited = after(&first, [Action::EditPolicy(key, PolicyField::Text, text)]);
            assert!(edited.predict().right.is_empty());
        }
        // Loading an example leaves the lesson; the progress stays.
        let left = after(
            &done,
            [Action::Load(Box::new(example(
                "seed000-read-only-endpoint",
            )))],
        );
        assert_eq!(left.predict().lesson, None);
        assert!(left.predict().is_completed(0));
        let reset = after(&left, [Action::Predict(PredictAction::ResetProgress)]);
        assert!(reset.predict().completed.is_empty());
        assert!(
            start
                .next(
                    Action::Predict(PredictAction::OpenLesson(crate::lessons::count())),
                    0.0
                )
                .is_none(),
            "no such lesson: nothing changes"
        );
    }

    #[test]
    fn a_save_into_an_entry_another_tab_took_goes_on_in_its_new_one() {
        let start = playground();
        let asked = start.slot_id().to_owned();
        let report = SaveReport {
            asked: asked.clone(),
            slot: "tab-9".into(),
            problem: None,
            dropped: vec![],
        };
        let moved = after(&start, [Action::Page(PageAction::Saved(report.clone()))]);
        assert_eq!(moved.slot_id(), "tab-9");
        assert!(
            moved
                .next(
                    Action::Page(PageAction::Saved(SaveReport {
                        asked: "tab-9".into(),
                        ..report.clone()
                    })),
                    0.0
                )
                .is_none(),
            "a save that changes nothing re-renders nothing"
        );
        let failed = after(
            &moved,
            [Action::Page(PageAction::Saved(SaveReport {
                asked: "tab-9".into(),
                slot: "tab-9".into(),
                problem: Some("full".into()),
                dropped: vec![],
            }))],
        );
        assert_eq!(failed.save_problem(), Some("full"));
        let dismissed = after(&failed, [Action::Page(PageAction::DismissSaveNotice)]);
        assert_eq!(dismissed.save_problem(), None);
    }

    #[test]
    fn typing_one_character_at_a_time_into_a_large_scenario_costs_one_copy() {
        // Ten policies of 1 MB each: the history holds them once, however long the typing.
        let mut state = PlaygroundState::default();
        for _ in 0..10 {
            state.apply(Action::AddPolicy(precedence::PolicyType::Identity, None));
        }
        let big = format!(
            "{{\"Statement\": [], \"Sid\": \"{}\"}}",
            "x".repeat(1 << 20)
        );
        for key in state.policies.iter().map(|p| p.key).collect::<Vec<_>>() {
            state.apply(Action::EditPolicy(key, PolicyField::Text, big.clone()));
        }
        let mut playground = Playground::new(state, "tab", None);
        let key = playground.policies[3].key;
        let mut text = big.clone();
        for i in 0..200 {
            text.push('a');
            // A pause every 20 keystrokes: 10 steps.
            let at = i as f64 * 50.0 + (i / 20) as f64 * 5_000.0;
            playground = playground
                .next(Action::EditPolicy(key, PolicyField::Text, text.clone()), at)
                .unwrap();
        }
        assert_eq!(playground.history.steps(), 10);
        let total: usize = playground.policies.iter().map(|p| p.text.len()).sum();
        // One copy of everything, plus the typed policy once per step.
        assert!(
            playground.history_bytes() < total + 10 * (big.len() + 300),
            "{}",
            playground.history_bytes()
        );
        assert!(playground.history_bytes() > total);
    }

    fn decision(playground: &Playground) -> precedence::Decision {
        let scenario = playground.to_scenario();
        let index = playground.selected_index().unwrap();
        let engine = precedence::Engine::from_scenario(&scenario);
        let prepared = engine.prepare(&scenario.requests[index]).unwrap();
        engine.decide(&prepared).decision
    }

    #[test]
    fn a_policy_switched_off_is_kept_left_out_and_back_on_with_undo() {
        use crate::state::Switch;
        use precedence::Decision;
        // Request 2: AppRole outside the VPC, denied by the VPC-only SCP.
        let start = after(&playground(), [Action::Select(2)]);
        assert_eq!(decision(&start), Decision::ExplicitDeny);
        let deny = start
            .policies
            .iter()
            .find(|p| p.text.contains("StringNotLike"))
            .map(|p| p.id.clone())
            .unwrap();
        let switch = Switch::Policy(deny.clone());
        let off = after(&start, [Action::SetSwitch(switch.clone(), true)]);
        assert!(off.is_switched_off(&switch));
        assert_eq!(off.last_switch, Some((switch.clone(), true)));
        assert_eq!(
            off.policies.len(),
            start.policies.len(),
            "kept, not deleted"
        );
        assert_eq!(decision(&off), Decision::Allowed);
        assert_eq!(off.to_scenario().switched_off.len(), 1);
        // What the switch changed: the scenario with it flipped back decides as before.
        let before = off.scenario_with(&switch, false);
        assert!(before.switched_off.is_empty());
        // Switching it off again changes nothing; undo brings the Deny back.
        let again = after(&off, [Action::SetSwitch(switch.clone(), true)]);
        assert_eq!(again.revision, off.revision);
        let undone = after(&off, [Action::Undo]);
        assert!(!undone.is_switched_off(&switch));
        assert_eq!(decision(&undone), Decision::ExplicitDeny);
        // Any other edit ends what the note says.
        let key = off.policies[0].key;
        let edited = after(
            &off,
            [Action::EditPolicy(key, PolicyField::Id, "Renamed".into())],
        );
        assert_eq!(edited.last_switch, None);
    }

    #[test]
    fn a_statement_is_switched_by_its_sid_or_index_and_a_key_per_request() {
        use crate::state::Switch;
        let start = playground();
        let policy = start.policies[0].id.clone();
        let by_sid = Switch::Statement {
            policy: policy.clone(),
            index: 1,
            sid: Some("Two".into()),
        };
        let off = after(&start, [Action::SetSwitch(by_sid.clone(), true)]);
        assert_eq!(
            off.model.switched_off[0].statement.as_deref(),
            Some("Two"),
            "written by Sid"
        );
        // Written as #1 by hand, it is the same statement, and switching on removes it.
        let mut by_hand = off.state.clone();
        by_hand.model.switched_off[0].statement = Some("#1".into());
        assert!(by_hand.is_switched_off(&by_sid));
        let mut on = by_hand.clone();
        on.apply(Action::SetSwitch(by_sid.clone(), false));
        assert!(on.model.switched_off.is_empty());

        let request = start.requests[0].key;
        let key = Switch::ContextKey(request, "aws:SourceVpc".into());
        let off = after(&start, [Action::SetSwitch(key.clone(), true)]);
        assert_eq!(off.requests[0].switched_off_context, ["aws:SourceVpc"]);
        assert!(off.is_switched_off(&Switch::ContextKey(request, "AWS:SOURCEVPC".into())));
        assert!(off.requests[1..]
            .iter()
            .all(|r| r.switched_off_context.is_empty()));
        assert_eq!(
            off.to_scenario().requests[0].switched_off_context,
            ["aws:SourceVpc"]
        );
    }
}
