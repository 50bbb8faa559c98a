//! The "Wide editors" toggle at the top of the policies column: the editors take most of the
//! page's width (the trace and the requests narrower beside them), or their usual third.

use web_sys::Element;
use yew::prelude::*;

/// The class the page's columns get while the editors are wide.
const WIDE: &str = "wide-editors";

/// A toggle for the width of the policies column.
#[function_component(EditorWidth)]
pub fn editor_width() -> Html {
    let wide = use_state_eq(|| false);
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(*wide, move |wide| {
            let columns = node
                .cast::<Element>()
                .and_then(|element| element.closest(".columns").ok().flatten());
            if let Some(columns) = columns {
                let _ = columns.class_list().toggle_with_force(WIDE, *wide);
            }
        });
    }
    let onclick = {
        let wide = wide.clone();
        Callback::from(move |_: MouseEvent| wide.set(!*wide))
    };
    html! {
        <div class="editor-width" ref={node}>
            <button type="button" {onclick} aria-pressed={wide.to_string()} data-testid="wide-editors"
                title="Give the policy editors most of the page's width">{ "Wide editors" }</button>
        </div>
    }
}
