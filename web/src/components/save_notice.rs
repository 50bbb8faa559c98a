//! What the autosave has to say: that the work could not be saved (with the file export that
//! keeps it), or that an old scenario was dropped from Recent to make room (with its export).

use yew::prelude::*;

use crate::app::StateHandle;
use crate::export;
use crate::recent;
use crate::state::{Action, PageAction};

/// Props of [`SaveNotice`].
#[derive(Properties, PartialEq)]
pub struct SaveNoticeProps {
    /// The playground state.
    pub state: StateHandle,
}

/// The autosave's problem or its dropped scenarios, until dismissed.
#[function_component(SaveNotice)]
pub fn save_notice(props: &SaveNoticeProps) -> Html {
    let state = &props.state;
    if state.save_problem().is_none() && state.dropped().is_empty() {
        return html! {};
    }
    let on_dismiss = {
        let dispatch = state.dispatcher();
        Callback::from(move |_| dispatch.dispatch(Action::Page(PageAction::DismissSaveNotice)))
    };
    let on_export = {
        let state = state.clone();
        Callback::from(move |_| export::export_file(&state.to_scenario()))
    };
    let now = recent::now();
    html! {
        <>
            if let Some(problem) = state.save_problem() {
                <div class="notice save-failed" role="alert" data-testid="save-failed">
                    <span>{ problem.to_owned() }</span>
                    <button type="button" onclick={on_export} data-testid="export-file">{ "Export file" }</button>
                    <button type="button" onclick={on_dismiss.clone()} aria-label="Dismiss">{ "×" }</button>
                </div>
            }
            if !state.dropped().is_empty() {
                <div class="replaced recent-dropped" role="status" data-testid="recent-dropped">
                    <ul>
                        { for state.dropped().iter().map(|dropped| {
                            let text = dropped.text.clone();
                            let name = dropped.name.clone();
                            let onclick = Callback::from(move |_| export::export_text(&name, &text));
                            html! {
                                <li>
                                    { recent::dropped_sentence(&dropped.name, dropped.saved_at, now) }{ " " }
                                    <button type="button" {onclick}>{ "Export it" }</button>
                                </li>
                            }
                        }) }
                    </ul>
                    <button type="button" onclick={on_dismiss} aria-label="Dismiss">{ "×" }</button>
                </div>
            }
        </>
    }
}
