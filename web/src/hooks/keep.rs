//! Keeping the work: shortly after each edit (and when the page is left) the page's URL holds
//! the scenario and its view, and the user's own edits are saved into this tab's entry of
//! Recent; a change of view alone updates the URL at once.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use precedence::Scenario;
use yew::prelude::*;

use crate::app::{Dispatch, StateHandle};
use crate::browser;
use crate::recent::{self, store};
use crate::share::{self, View};
use crate::state::{Action, PageAction};

/// How long after an edit the URL and the autosave follow, in milliseconds.
const DELAY_MS: u32 = 250;

/// A scenario to save into an entry of Recent.
#[derive(Clone)]
struct Save {
    scenario: Rc<Scenario>,
    slot: String,
    tab: String,
}

impl Save {
    /// What to save of `state` (its `scenario`): only the user's own edits, never an embed's.
    fn of(state: &StateHandle, scenario: Rc<Scenario>, embed: bool) -> Option<Self> {
        (state.edited && !embed).then(|| Self {
            scenario,
            slot: state.slot_id().to_owned(),
            tab: state.tab().to_owned(),
        })
    }

    fn run(&self, dispatch: &Dispatch) {
        let report = store::save(&self.slot, &self.tab, &self.scenario, recent::now());
        dispatch.dispatch(Action::Page(PageAction::Saved(report)));
    }
}

/// The pending update's save, if it is still to run: taken, so that it runs once.
fn take_waiting(pending: &RefCell<Option<(Timeout, Option<Save>)>>) -> Option<Save> {
    pending
        .borrow_mut()
        .as_mut()
        .and_then(|(_, save)| save.take())
}

/// Keep the URL and the autosave in step with the scenario. What was opened or loaded (a link,
/// an example, a file) is not saved until the user edits it, and an embed never saves, so
/// neither fills Recent with what is already elsewhere.
#[hook]
pub fn use_keep(state: &StateHandle, embed: bool) {
    // The scenario's part of the URL, as made after the last edit.
    let link = use_mut_ref(String::new);
    // The view as it is now, for a URL made after a delay.
    let view: Rc<RefCell<View>> = use_mut_ref(View::default);
    *view.borrow_mut() = state.view();
    // The pending update, with what it is still to save, if anything.
    let pending = use_mut_ref(|| None::<(Timeout, Option<Save>)>);
    // The state as last rendered, and the revision the effect below last took up: a page left
    // between a render and its effect (which Yew may run a task later) still saves the edit.
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    let planned = use_mut_ref(|| None::<u64>);
    {
        let planned = Rc::clone(&planned);
        let state = state.clone();
        let link = Rc::clone(&link);
        let view = Rc::clone(&view);
        let pending = Rc::clone(&pending);
        use_effect_with(state.revision, move |_| {
            *planned.borrow_mut() = Some(state.revision);
            let scenario = Rc::new(state.to_scenario());
            let dispatch = state.dispatcher();
            let autosave = Save::of(&state, Rc::clone(&scenario), embed);
            // An edit still waiting to be saved when a load replaces it is saved now, into its
            // own entry, not lost.
            if let Some((_, Some(unsaved))) = pending.borrow_mut().take() {
                if autosave.as_ref().map(|s| &s.slot) != Some(&unsaved.slot) {
                    unsaved.run(&dispatch);
                }
            }
            let update = Timeout::new(DELAY_MS, {
                let pending = Rc::clone(&pending);
                let dispatch = dispatch.clone();
                move || {
                    // Too large for a link: the URL holds none rather than an older scenario.
                    *link.borrow_mut() = share::link(&scenario).unwrap_or_default();
                    browser::replace_fragment(&share::with_view(
                        link.borrow().clone(),
                        &view.borrow(),
                    ));
                    let save = take_waiting(&pending);
                    if let Some(save) = save {
                        save.run(&dispatch);
                    }
                }
            });
            *pending.borrow_mut() = Some((update, autosave));
        });
    }
    // Leaving the page (closing the tab, following a link) saves what is still waiting.
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = browser::on_page_hide(move || {
                let state = latest.borrow().clone();
                let save = if *planned.borrow() != Some(state.revision) {
                    // Rendered, but its effect has not run yet: save the state itself.
                    Save::of(&state, Rc::new(state.to_scenario()), embed)
                } else {
                    take_waiting(&pending)
                };
                if let Some(save) = save {
                    save.run(&dispatch);
                }
            });
            move || drop(listener)
        });
    }
    use_effect_with(state.view(), move |view| {
        let link = link.borrow().clone();
        if !link.is_empty() {
            browser::replace_fragment(&share::with_view(link, view));
        }
    });
    // This tab's entry, so that a reload goes on saving into it.
    use_effect_with(state.slot_id().to_owned(), move |id| {
        if !embed {
            store::set_tab_entry(id);
        }
    });
}
