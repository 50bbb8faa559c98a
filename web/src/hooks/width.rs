//! The width of an element, kept up to date as the window, a scrollbar or the layout change it.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Whether the element `node` refers to is at least `min` CSS pixels wide: `false` until it
/// is first measured, then re-measured whenever its size changes (a `ResizeObserver`).
#[hook]
pub fn use_at_least(node: NodeRef, min: f64) -> bool {
    let wide = use_state_eq(|| false);
    {
        let wide = wide.clone();
        use_effect_with((), move |_| {
            let measure = {
                let node = node.clone();
                move || {
                    if let Some(element) = node.cast::<web_sys::Element>() {
                        wide.set(element.get_bounding_client_rect().width() >= min);
                    }
                }
            };
            measure();
            let on_resize = Closure::<dyn FnMut()>::new(measure);
            let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
            if let (Some(observer), Some(element)) = (&observer, node.cast::<web_sys::Element>()) {
                observer.observe(&element);
            }
            move || {
                if let Some(observer) = observer {
                    observer.disconnect();
                }
                drop(on_resize);
            }
        });
    }
    *wide
}
