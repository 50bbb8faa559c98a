//! Changing a text area's text as typing would: through the browser's editing command, so the
//! change joins the text area's own undo stack (Ctrl+Z takes it back) and an `input` event
//! tells the app. Offsets are UTF-16 units, as text areas count.

use wasm_bindgen::JsCast;
use web_sys::{HtmlDocument, HtmlTextAreaElement};

/// Replace units `start..end` of `area`'s text with `text`, then select `selection`.
pub fn replace(
    area: &HtmlTextAreaElement,
    start: u32,
    end: u32,
    text: &str,
    selection: (u32, u32),
) {
    let _ = area.focus();
    let _ = area.set_selection_range(start, end);
    let document = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.dyn_into::<HtmlDocument>().ok());
    let inserted = document.is_some_and(|document| {
        if text.is_empty() {
            document.exec_command("delete").unwrap_or(false)
        } else {
            document
                .exec_command_with_show_ui_and_value("insertText", false, text)
                .unwrap_or(false)
        }
    });
    if !inserted {
        // Without the command (some browsers lack it) the text still changes; undo does not
        // take this one back.
        let _ = area.set_range_text_with_start_and_end(text, start, end);
        if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        }) {
            let _ = area.dispatch_event(&event);
        }
    }
    let _ = area.set_selection_range(selection.0, selection.1);
}

/// Select units `start..end` of `area`'s text, focusing it.
pub fn select(area: &HtmlTextAreaElement, start: u32, end: u32) {
    let _ = area.focus();
    let _ = area.set_selection_range(start, end);
}
