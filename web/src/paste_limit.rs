//! How much text a policy editor takes in one paste. A browser's text area holding megabytes
//! freezes the tab on its own (measured in headless Chromium: a bare `<textarea>` given 5 MB
//! takes 4.4 s to show it and 0.9 s for each key typed after), so a paste that would take an
//! editor past the limit is refused with a message, and the editor keeps its text.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::app::Dispatch;
use crate::state::Action;

/// The most bytes a policy editor holds after a paste: 16 times the largest policy AWS
/// accepts (a KMS key policy, 32 KB), where typing still keeps up.
pub const MAX_EDITOR_BYTES: usize = 512 * 1024;

/// Why a paste of `pasted` bytes over `replaced` of an editor's `current` bytes is refused, if
/// it is: the message to show, saying what to do instead.
pub fn refusal(current: usize, replaced: usize, pasted: usize) -> Option<String> {
    let after = current.saturating_sub(replaced) + pasted;
    (after > MAX_EDITOR_BYTES).then(|| {
        format!(
            "Not pasted: the policy would hold {}, more than the editor takes ({}). AWS accepts \
             no policy larger than 32 KB (a KMS key policy; an SCP at most 5,120 characters), so \
             split it into policies of that size. To check a file this large as it is, run \
             `precedence lint FILE --type TYPE`, or import the file it came from (Import reads \
             whole files without the editor). Your text is as it was.",
            size(after),
            size(MAX_EDITOR_BYTES)
        )
    })
}

/// The text area's paste handler: a paste past the limit is refused, and the message said
/// above the playground through `dispatch`.
pub fn guard(dispatch: Dispatch) -> Callback<Event> {
    Callback::from(move |event: Event| {
        let event: web_sys::ClipboardEvent = wasm_bindgen::JsCast::unchecked_into(event);
        let area: HtmlTextAreaElement = event.target_unchecked_into();
        let pasted = event
            .clipboard_data()
            .and_then(|data| data.get_data("text/plain").ok())
            .map_or(0, |text| text.len());
        let (start, end) = (
            area.selection_start().ok().flatten().unwrap_or(0),
            area.selection_end().ok().flatten().unwrap_or(0),
        );
        // Lengths in UTF-16 units for the text already there: close enough for a limit this
        // far above any policy, and no copy of the text.
        let current = area.text_length() as usize;
        let replaced = end.saturating_sub(start) as usize;
        if let Some(message) = refusal(current, replaced, pasted) {
            event.prevent_default();
            dispatch.dispatch(Action::Notify(message));
        }
    })
}

/// A byte count for people: `512 KB`, `5.1 MB`.
fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paste_that_keeps_the_editor_within_the_limit_goes_in() {
        assert_eq!(refusal(1000, 0, MAX_EDITOR_BYTES - 1000), None);
        // Replacing most of a large text with a large paste counts what remains.
        assert_eq!(
            refusal(MAX_EDITOR_BYTES, MAX_EDITOR_BYTES, MAX_EDITOR_BYTES),
            None
        );
    }

    #[test]
    fn a_paste_past_the_limit_is_refused_saying_its_size_and_what_to_do() {
        let message = refusal(0, 0, 5 * 1024 * 1024 + 300 * 1024).expect("refused");
        assert!(message.contains("5.3 MB"), "{message}");
        assert!(message.contains("512 KB"), "{message}");
        assert!(message.contains("precedence lint"), "{message}");
        assert!(refusal(MAX_EDITOR_BYTES, 0, 1).is_some());
    }
}
