//! The message in place of a share link the scenario is too large for: its size, the limit,
//! and the file export offered instead.

use yew::prelude::*;

use crate::share::TooLarge;

/// Props of [`LinkTooLarge`].
#[derive(Properties, PartialEq)]
pub struct LinkTooLargeProps {
    /// Why there is no link.
    pub reason: TooLarge,
    /// Export the scenario as a file.
    pub on_export: Callback<()>,
    /// Hide the message.
    pub on_dismiss: Callback<()>,
}

/// Says the scenario is too large for a link, with its size and the limit, and offers the
/// file instead.
#[function_component(LinkTooLarge)]
pub fn link_too_large(props: &LinkTooLargeProps) -> Html {
    let export = props.on_export.reform(|_: MouseEvent| ());
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="link-too-large" role="alert" data-testid="link-too-large">
            <span>{ props.reason.to_string() }</span>
            <button type="button" onclick={export} data-testid="export-offer">{ "Export file" }</button>
            <button type="button" onclick={dismiss} aria-label="Dismiss">{ "×" }</button>
        </div>
    }
}
