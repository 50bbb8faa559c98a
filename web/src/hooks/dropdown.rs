//! A drop-down menu made of a `<details>`: it opens within the window's width, and Escape or a
//! click outside it closes it, giving the keyboard back to its toggle (unless the click gave
//! it to something else).

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{HtmlDetailsElement, HtmlElement};
use yew::prelude::*;

/// How far the open list keeps from the window's edges, in CSS pixels.
const MARGIN: f64 = 8.0;

/// Close the drop-down `details`; `true` if it was open.
pub fn close(details: &NodeRef) -> bool {
    let Some(element) = details.cast::<HtmlDetailsElement>() else {
        return false;
    };
    let was_open = element.open();
    element.set_open(false);
    was_open
}

/// Give the keyboard to the drop-down's toggle.
pub fn focus_toggle(details: &NodeRef) {
    let summary = details
        .cast::<web_sys::Element>()
        .and_then(|element| element.query_selector("summary").ok().flatten())
        .and_then(|summary| summary.dyn_into::<HtmlElement>().ok());
    if let Some(summary) = summary {
        let _ = summary.focus();
    }
}

/// How far left of its toggle a list `width` wide must open so that it ends inside a window
/// `viewport` wide, the toggle's left edge being at `anchor`: 0 when it fits, never so far that
/// it starts before the window's left margin.
fn shift(anchor: f64, width: f64, viewport: f64) -> f64 {
    let overflow = anchor + width - (viewport - MARGIN);
    let room = (anchor - MARGIN).max(0.0);
    -overflow.clamp(0.0, room)
}

/// Place the open list of `details` so that it fits the window (a CSS variable its style reads).
fn fit_to_window(details: &NodeRef) {
    let Some(element) = details.cast::<web_sys::Element>() else {
        return;
    };
    let body = element
        .query_selector(".gallery-body")
        .ok()
        .flatten()
        .and_then(|body| body.dyn_into::<HtmlElement>().ok());
    let viewport = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .map(|root| f64::from(root.client_width()));
    if let (Some(body), Some(viewport)) = (body, viewport) {
        let anchor = element.get_bounding_client_rect().left();
        let width = f64::from(body.offset_width());
        let _ = body.style().set_property(
            "--gallery-shift",
            &format!("{}px", shift(anchor, width, viewport)),
        );
    }
}

/// The handlers a drop-down's `<details>` takes.
pub struct Dropdown {
    /// For its `ontoggle`.
    pub ontoggle: Callback<Event>,
    /// For its `onkeydown`.
    pub onkeydown: Callback<KeyboardEvent>,
}

/// Make the `<details>` at `details` behave as a drop-down menu.
#[hook]
pub fn use_dropdown(details: &NodeRef) -> Dropdown {
    let open = use_state_eq(|| false);
    let ontoggle = {
        let open = open.clone();
        let details = details.clone();
        Callback::from(move |_: Event| {
            let now_open = details
                .cast::<HtmlDetailsElement>()
                .is_some_and(|element| element.open());
            if now_open {
                fit_to_window(&details);
            }
            open.set(now_open);
        })
    };
    let onkeydown = {
        let details = details.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" && close(&details) {
                event.prevent_default();
                focus_toggle(&details);
            }
        })
    };
    // While open, a click anywhere else closes it. The keyboard goes back to the toggle unless
    // the click gave it to something else.
    {
        let details = details.clone();
        use_effect_with(*open, move |open| {
            let listener = open.then(|| {
                EventListener::new(&gloo::utils::document(), "click", move |event| {
                    let target = event
                        .target()
                        .and_then(|target| target.dyn_into::<web_sys::Node>().ok());
                    let inside = details
                        .get()
                        .is_some_and(|gallery| gallery.contains(target.as_ref()));
                    if inside || !close(&details) {
                        return;
                    }
                    let focus_lost = gloo::utils::document()
                        .active_element()
                        .is_none_or(|active| active == gloo::utils::body().into());
                    if focus_lost {
                        focus_toggle(&details);
                    }
                })
            });
            move || drop(listener)
        });
    }
    Dropdown {
        ontoggle,
        onkeydown,
    }
}

#[cfg(test)]
mod tests {
    use super::shift;

    #[test]
    fn a_list_that_fits_opens_under_its_toggle() {
        assert_eq!(shift(491.0, 560.0, 1280.0), 0.0);
    }

    #[test]
    fn a_list_that_would_overflow_moves_left_to_end_inside_the_window() {
        // 491 + 560 = 1051 ends past 900 - 8: it moves left by 159.
        assert_eq!(shift(491.0, 560.0, 900.0), -159.0);
    }

    #[test]
    fn a_list_wider_than_the_window_starts_at_its_left_margin() {
        assert_eq!(shift(491.0, 560.0, 500.0), -483.0);
        assert_eq!(shift(4.0, 560.0, 500.0), 0.0);
    }
}
