//! Ctrl+Z (⌘Z) undoes and Ctrl+Shift+Z or Ctrl+Y redoes, anywhere but in a text field, where
//! the browser's own undo of typed text keeps working.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::{edit, Dispatch};
use crate::state::Action;

/// Listen for the undo and redo keys on the page while the component is mounted.
#[hook]
pub fn use_undo_keys(dispatch: Dispatch) {
    use_effect_with((), move |_| {
        let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
            let command = event.ctrl_key() || event.meta_key();
            let Some(action) = key_action(&event.key(), command, event.shift_key()) else {
                return;
            };
            if event.alt_key() || in_text_field(event.target()) {
                return;
            }
            event.prevent_default();
            edit(&dispatch, action);
        });
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(document) = &document {
            let _ = document
                .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(document) = document {
                let _ = document.remove_event_listener_with_callback(
                    "keydown",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

/// The action a key pressed with Ctrl or ⌘ (`command`) and maybe Shift stands for.
fn key_action(key: &str, command: bool, shift: bool) -> Option<Action> {
    if !command {
        return None;
    }
    match (key.to_ascii_lowercase().as_str(), shift) {
        ("z", false) => Some(Action::Undo),
        ("z", true) | ("y", false) => Some(Action::Redo),
        _ => None,
    }
}

/// Whether the key went to a field that takes text (where undo is the browser's).
fn in_text_field(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return false;
    };
    if element.is_content_editable() {
        return true;
    }
    match element.tag_name().as_str() {
        "TEXTAREA" => true,
        "INPUT" => {
            let kind = element
                .get_attribute("type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            !matches!(
                kind.as_str(),
                "checkbox" | "radio" | "button" | "submit" | "reset" | "file" | "range" | "color"
            )
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_undo_and_redo_keys() {
        assert_eq!(key_action("z", true, false), Some(Action::Undo));
        assert_eq!(key_action("Z", true, true), Some(Action::Redo));
        assert_eq!(key_action("y", true, false), Some(Action::Redo));
        assert_eq!(key_action("z", false, false), None, "a plain z is typing");
        assert_eq!(key_action("y", true, true), None);
        assert_eq!(key_action("c", true, false), None);
    }
}
