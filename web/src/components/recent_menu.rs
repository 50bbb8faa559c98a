//! Recent: the scenarios saved in this browser, newest first, each a click away. Every tab
//! saves into an entry of its own; opening one offers back the scenario on screen. A drop-down
//! like the examples' (Escape or a click outside closes it).

use yew::prelude::*;

use crate::app::{edit, StateHandle};
use crate::browser;
use crate::hooks::dropdown::{use_dropdown, Dropdown};
use crate::recent::{self, store, Entry};
use crate::state::{Action, PageAction};

/// Props of [`RecentMenu`].
#[derive(Properties, PartialEq)]
pub struct RecentMenuProps {
    /// The playground state.
    pub state: StateHandle,
}

/// A drop-down list of the saved scenarios, read from storage each time it opens (other tabs
/// save too).
#[function_component(RecentMenu)]
pub fn recent_menu(props: &RecentMenuProps) -> Html {
    let details = use_node_ref();
    let entries = use_state(Vec::<Entry>::new);
    let Dropdown {
        ontoggle: as_dropdown,
        onkeydown,
    } = use_dropdown(&details);
    let ontoggle = {
        let entries = entries.clone();
        let details = details.clone();
        Callback::from(move |event: Event| {
            as_dropdown.emit(event);
            if details
                .cast::<web_sys::HtmlDetailsElement>()
                .is_some_and(|d| d.open())
            {
                entries.set(store::index().entries);
            }
        })
    };
    let now = recent::now();
    let item = |entry: &Entry| {
        let this_tab = entry.id == props.state.slot_id();
        let onclick = {
            let state = props.state.clone();
            let details = details.clone();
            let id = entry.id.clone();
            Callback::from(move |_| {
                if let Some(element) = details.cast::<web_sys::HtmlDetailsElement>() {
                    element.set_open(false);
                }
                browser::focus_after_render(vec!["[data-testid=recent] summary".to_owned()]);
                if id == state.slot_id() {
                    return;
                }
                let scenario = match store::read(&id) {
                    Ok(scenario) => scenario,
                    Err(message) => return state.dispatch(Action::Notify(message)),
                };
                let (state, id) = (state.clone(), id.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let name = recent::display_name(&scenario.name).to_owned();
                    let ours = store::claim(&id, state.tab()).await;
                    let open = PageAction::OpenSaved(id, Box::new(scenario));
                    edit(&state.dispatcher(), Action::Page(open));
                    if !ours {
                        state.dispatch(Action::Notify(format!(
                            "“{name}” is open in another tab too: what you change here is saved as a copy, so neither tab writes over the other."
                        )));
                    }
                });
            })
        };
        html! {
            <li>
                <button type="button" data-recent-id={entry.id.clone()} {onclick}>
                    <span class="recent-name">{ recent::display_name(&entry.name).to_owned() }</span>
                    <span class="recent-when">
                        { recent::age(now, entry.saved_at) }
                        if this_tab { { " · this tab" } }
                    </span>
                </button>
            </li>
        }
    };
    html! {
        <details class="gallery recent" data-testid="recent" ref={details.clone()} {ontoggle} {onkeydown}>
            <summary>{ "Recent" }</summary>
            <div class="gallery-body">
                if entries.is_empty() {
                    <p class="recent-empty">{ "Nothing saved yet: your edits are saved here as you make them, each tab's in an entry of its own." }</p>
                } else {
                    <ul>{ for entries.iter().map(item) }</ul>
                }
                <p class="recent-bounds">{ format!(
                    "Saved in this browser only: the {} newest, {} in all. Export a file to keep one for good.",
                    recent::MAX_ENTRIES,
                    recent::megabytes(recent::MAX_SIZE)
                ) }</p>
            </div>
        </details>
    }
}
