//! The examples gallery: every scenario of `examples/`, seed patterns first, one click each.

use yew::prelude::*;

use crate::app::{edit, StateHandle};
use crate::browser;
use crate::examples;
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
                    if let Some(element) = details.cast::<web_sys::HtmlDetailsElement>() {
                        element.set_open(false);
                    }
                    browser::focus_after_render(vec!["[data-testid=gallery] summary".to_owned()]);
                });
                html! {
                    <li><button type="button" data-example={stem} {onclick} title={stem}>{ title }</button></li>
                }
            })
            .collect()
    };
    html! {
        <details class="gallery" data-testid="gallery" ref={details.clone()}>
            <summary>{ "Examples" }</summary>
            <div class="gallery-body">
                <h3>{ "From AWS's documentation and guides" }</h3>
                <ul>{ group(true) }</ul>
                <h3>{ "How policy types take precedence" }</h3>
                <ul>{ group(false) }</ul>
            </div>
        </details>
    }
}
