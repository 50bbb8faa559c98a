//! Where the playground starts: a lesson (`?lesson=N`), else a share link (and its view), else
//! this tab's saved work (a reload), else the newest scenario of Recent, else the first
//! example; in predict mode for a lesson, `?mode=predict` or a link in that mode. A link opened in a tab
//! that had saved work offers that work back. A saved scenario another open tab is editing is
//! shown, and edits to it here are saved as a copy. An embed shows its link and saves nothing.

use precedence::Scenario;

use crate::browser;
use crate::examples;
use crate::lessons;
use crate::recent::{self, store};
use crate::share;
use crate::state::{Action, Playground, PlaygroundState};

/// The playground as the page opens, with the progress through the lessons this browser keeps.
pub fn playground() -> Playground {
    let lesson = browser::query("lesson").map(|n| lessons::from_query(&n));
    let mut playground = match lesson {
        // A lesson is opened afresh, as its link says; the work saved before stays in Recent.
        Some(Ok(index)) => {
            let tab = store::new_tab_token();
            store::hold_page_lock(&tab);
            let state = lessons::load(index)
                .map(|scenario| PlaygroundState::from_scenario(&scenario))
                .unwrap_or_default();
            Playground::new(state, &tab, None).in_lesson(index)
        }
        Some(Err(message)) => {
            let opened = opened();
            opened.next(Action::Notify(message), 0.0).unwrap_or(opened)
        }
        None => opened(),
    };
    if browser::query("mode").as_deref() == Some(share::PREDICT) {
        playground = playground.predicting();
    }
    playground.with_progress(lessons::load_progress())
}

/// The playground a link, the saved work or the first example opens.
fn opened() -> Playground {
    let tab = store::new_tab_token();
    store::hold_page_lock(&tab);
    let fragment = browser::fragment();
    let link = share::is_share_fragment(&fragment).then(|| share::decode(&fragment));
    let view = share::view(&fragment);
    if browser::is_embed() {
        let state = match link {
            Some(opened) => opened_state(opened),
            None => first_example(),
        };
        return Playground::new(state, &tab, None).showing(view);
    }
    store::adopt_old_autosave(&tab, recent::now());
    // This tab's entry of Recent, if it saved one before this load.
    let own = store::tab_entry().and_then(|id| store::read(&id).ok().map(|saved| (id, saved)));
    let Some(opened) = link else {
        let newest = || {
            let id = store::index().entries.first()?.id.clone();
            store::read(&id).ok().map(|saved| (id, saved))
        };
        return match own.or_else(newest) {
            Some((id, saved)) => {
                claim_later(&id, &tab);
                Playground::new(PlaygroundState::from_scenario(&saved), &tab, Some(id))
            }
            None => Playground::new(first_example(), &tab, None),
        };
    };
    // Compared as the JSON they write out, as a load compares what it replaces.
    let same = |a: &Scenario, b: &Scenario| {
        share::scenario_json(a, false) == share::scenario_json(b, false)
    };
    let own_link = matches!((&opened, &own), (Ok(linked), Some((_, saved))) if same(linked, saved));
    let playground = match own {
        // A reload, or the tab's own link: its saved work (newer than the URL when the tab was
        // left within a moment of an edit) goes on in its entry.
        Some((id, saved)) if own_link || browser::is_reload() => {
            claim_later(&id, &tab);
            Playground::new(PlaygroundState::from_scenario(&saved), &tab, Some(id))
        }
        Some((id, saved)) => {
            Playground::new(opened_state(opened), &tab, None).offering_back(saved, id)
        }
        None => Playground::new(opened_state(opened), &tab, None),
    };
    playground.showing(view)
}

/// Take the entry `id` for this page unless the page that saved it is still open (then this
/// page's first save makes an entry of its own). Done before any save can be: the first comes
/// after an edit.
fn claim_later(id: &str, tab: &str) {
    let (id, tab) = (id.to_owned(), tab.to_owned());
    wasm_bindgen_futures::spawn_local(async move {
        store::claim(&id, &tab).await;
    });
}

/// The state a link opens: its scenario, or an empty playground saying what is wrong.
fn opened_state(opened: Result<Scenario, String>) -> PlaygroundState {
    match opened {
        Ok(scenario) => PlaygroundState::from_scenario(&scenario),
        Err(message) => {
            let mut state = PlaygroundState::default();
            state.apply(Action::Reset(message));
            state
        }
    }
}

fn first_example() -> PlaygroundState {
    examples::load(examples::first())
        .map(|s| PlaygroundState::from_scenario(&s))
        .unwrap_or_default()
}
