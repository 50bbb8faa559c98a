//! The scenario's name and description above the columns. A long description shows its first
//! lines and a button for the rest, so the trace stays in view on a laptop and a phone.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::prose::prose_with_links;

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
    // Whether the clamped description hides some of its text: measured whenever the paragraph's
    // size changes (laid out, clamped again, narrowed by the window or a scrollbar). A new
    // description mounts a new component: the parent keys it by the text.
    let cut = use_state_eq(|| false);
    {
        let (paragraph, cut) = (paragraph.clone(), cut.clone());
        use_effect_with((), move |_| {
            let element = paragraph.cast::<web_sys::Element>();
            let on_resize = Closure::<dyn FnMut()>::new(move || measure(&paragraph, &cut));
            let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
            if let (Some(observer), Some(element)) = (&observer, &element) {
                observer.observe(element);
            }
            move || {
                if let Some(observer) = observer {
                    observer.disconnect();
                }
                drop(on_resize);
            }
        });
    }
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_| expanded.set(!*expanded))
    };
    // Tabbing to a link in the hidden lines shows them.
    let show_all = {
        let (expanded, is_cut) = (expanded.clone(), *cut);
        Callback::from(move |_: FocusEvent| {
            if is_cut {
                expanded.set(true);
            }
        })
    };
    html! {
        <section class="scenario-info" data-testid="chrome" aria-labelledby="scenario-name">
            <h2 id="scenario-name">{ props.name.clone() }</h2>
            <p ref={paragraph} id="scenario-description" data-testid="scenario-description"
               class={classes!("description", (!*expanded).then_some("clamped"))} onfocusin={show_all}>
                { prose_with_links(&props.description) }
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
