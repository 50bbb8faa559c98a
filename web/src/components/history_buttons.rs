//! Undo and Redo in the toolbar.

use yew::prelude::*;

use crate::app::{edit, StateHandle};
use crate::state::Action;

/// Props of [`HistoryButtons`].
#[derive(Properties, PartialEq)]
pub struct HistoryButtonsProps {
    /// The playground state.
    pub state: StateHandle,
}

/// Buttons that undo and redo the last change to the scenario.
#[function_component(HistoryButtons)]
pub fn history_buttons(props: &HistoryButtonsProps) -> Html {
    let button = |action: Action| {
        let dispatch = props.state.dispatcher();
        Callback::from(move |_| edit(&dispatch, action.clone()))
    };
    html! {
        <>
            <button type="button" onclick={button(Action::Undo)} disabled={!props.state.can_undo()}
                title="Undo the last change to the scenario (Ctrl+Z)" data-testid="undo">{ "Undo" }</button>
            <button type="button" onclick={button(Action::Redo)} disabled={!props.state.can_redo()}
                title="Redo (Ctrl+Shift+Z)" data-testid="redo">{ "Redo" }</button>
        </>
    }
}
