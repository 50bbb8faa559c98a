//! After a removal or an applied suggestion: what was taken away, and a button to undo it.

use yew::prelude::*;

use crate::app::{edit, StateHandle};
use crate::prose::prose;
use crate::state::{Action, PageAction};

/// Props of [`UndoOffer`].
#[derive(Properties, PartialEq)]
pub struct UndoOfferProps {
    /// The playground state.
    pub state: StateHandle,
}

/// The offer to undo the last change, while it is the last.
#[function_component(UndoOffer)]
pub fn undo_offer(props: &UndoOfferProps) -> Html {
    let Some(offer) = props.state.undo_offer() else {
        return html! {};
    };
    let on_undo = {
        let dispatch = props.state.dispatcher();
        Callback::from(move |_| edit(&dispatch, Action::Undo))
    };
    let on_dismiss = {
        let dispatch = props.state.dispatcher();
        Callback::from(move |_| dispatch.dispatch(Action::Page(PageAction::DismissUndoOffer)))
    };
    html! {
        <div class="replaced undo-offer" role="status" data-testid="undo-offer">
            <span>{ prose(offer) }</span>
            <button type="button" onclick={on_undo} data-testid="undo-offer-undo">{ "Undo" }</button>
            <button type="button" onclick={on_dismiss} aria-label="Dismiss">{ "×" }</button>
        </div>
    }
}
