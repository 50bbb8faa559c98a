//! The scenario's name and description above the columns. A long description shows its first
//! lines and a button for the rest, so the trace stays in view on a laptop and a phone.

use gloo::events::EventListener;
use yew::prelude::*;

use crate::prose::prose;

/// Props of [`ScenarioInfo`].
#[derive(Properties, PartialEq)]
pub struct ScenarioInfoProps {
    /// The scenario's name.
    pub name: AttrValue,
    /// What the scenario shows, with the sources it cites.
    pub description: AttrValue,
}

/// While the description is clamped, whether its text goes on past the clamped lines; `None`
/// when it is shown whole.
fn is_cut(paragraph: &NodeRef) -> Option<bool> {
    let paragraph = paragraph.cast::<web_sys::Element>()?;
    paragraph
        .class_name()
        .split_whitespace()
        .any(|class| class == "clamped")
        .then(|| paragraph.scroll_height() > paragraph.client_height())
}

/// Measure whether the clamped description hides some of its text.
fn measure(paragraph: &NodeRef, cut: &UseStateHandle<bool>) {
    if let Some(is_cut) = is_cut(paragraph) {
        cut.set(is_cut);
    }
}

/// The name, and the description: clamped to a few lines until the reader asks for the rest.
#[function_component(ScenarioInfo)]
pub fn scenario_info(props: &ScenarioInfoProps) -> Html {
    let paragraph = use_node_ref();
    let expanded = use_state_eq(|| false);
    // Whether the clamped description hides some of its text: measured after each render that
    // clamps or unclamps it, and when the window's width changes. (A new description mounts a
    // new component: the parent keys it by the text.)
    let cut = use_state_eq(|| false);
    {
        let (paragraph, cut) = (paragraph.clone(), cut.clone());
        use_effect_with(*expanded, move |_| {
            measure(&paragraph, &cut);
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "resize", move |_| measure(&paragraph, &cut))
            });
            move || drop(listener)
        });
    }
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_| expanded.set(!*expanded))
    };
    html! {
        <section class="scenario-info" data-testid="chrome">
            <h2>{ props.name.clone() }</h2>
            <p ref={paragraph} id="scenario-description" data-testid="scenario-description"
               class={classes!("description", (!*expanded).then_some("clamped"))}>
                { prose(&props.description) }
            </p>
            if *cut || *expanded {
                <button type="button" class="text-button" data-testid="description-toggle"
                    aria-controls="scenario-description" aria-expanded={expanded.to_string()} onclick={toggle}>
                    { if *expanded { "Show less" } else { "Show more" } }
                </button>
            }
        </section>
    }
}
