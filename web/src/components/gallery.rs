//! The examples gallery: every scenario of `examples/`, seed patterns first, one click each.
//! A drop-down (see [`crate::hooks::dropdown`]) that also closes once an example is chosen.

use yew::prelude::*;

use crate::app::{edit, StateHandle};
use crate::examples;
use crate::hooks::dropdown::{close, focus_toggle, use_dropdown, Dropdown};
use crate::state::Action;

/// Props of [`Gallery`].
#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    /// The playground state.
    pub state: StateHandle,
}

/// A drop-down list of examples.
#[function_component(Gallery)]
pub fn gallery(props: &GalleryProps) -> Html {
    let details = use_node_ref();
    let group = |seeds: bool| -> Html {
        examples::titles()
            .filter(|(stem, _)| stem.starts_with("seed") == seeds)
            .map(|(stem, title)| {
                let state = props.state.clone();
                let details = details.clone();
                let onclick = Callback::from(move |_| {
                    if let Some(scenario) = examples::load(stem) {
                        edit(&state.dispatcher(), Action::Load(Box::new(scenario)));
                    }
                    // Close the drop-down once an example is chosen; focus stays on its toggle.
                    close(&details);
                    focus_toggle(&details);
                });
                html! {
                    <li><button type="button" data-example={stem} {onclick} title={stem}>{ title }</button></li>
                }
            })
            .collect()
    };
    let Dropdown {
        ontoggle,
        onkeydown,
    } = use_dropdown(&details);
    html! {
        <details class="gallery" data-testid="gallery" ref={details.clone()} {ontoggle} {onkeydown}>
            <summary>{ "Examples" }</summary>
            <div class="gallery-body">
                <h2>{ "From AWS's documentation and guides" }</h2>
                <ul>{ group(true) }</ul>
                <h2>{ "How policy types take precedence" }</h2>
                <ul>{ group(false) }</ul>
            </div>
        </details>
    }
}
