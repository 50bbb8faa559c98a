//! The page's first link: it skips the toolbar and the policy editors and puts the keyboard on
//! the trace's decision.

use yew::prelude::*;

use crate::browser;

/// Where the link takes the focus: the decision, else (no request) the trace's column.
const TARGETS: [&str; 2] = ["[data-testid=decision]", "#trace"];

/// "Skip to the trace", shown when focused.
#[function_component(SkipLink)]
pub fn skip_link() -> Html {
    // Focus is moved by hand: following `#trace` would replace the share link in the address.
    let onclick = Callback::from(|event: MouseEvent| {
        event.prevent_default();
        browser::focus_after_render(TARGETS.iter().map(|t| (*t).to_owned()).collect());
    });
    html! {
        <a class="skip-link" href="#trace" {onclick} data-testid="skip-to-trace">{ "Skip to the trace" }</a>
    }
}
