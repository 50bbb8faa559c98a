//! The few browser facilities the playground uses: URL, history, clipboard,
//! downloads and performance marks. Every call fails quietly: the playground keeps working
//! without any of them.

use wasm_bindgen::JsCast;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The files of a file input's or a drop's list, in order.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default()
}

/// The URL fragment without `#`, percent-decoding left to the reader.
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .map(|hash| hash.trim_start_matches('#').to_owned())
        .unwrap_or_default()
}

/// Whether the page was opened in embed mode (`?embed=1` or `?embed`).
pub fn is_embed() -> bool {
    window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|search| {
            search
                .trim_start_matches('?')
                .split('&')
                .any(|p| p == "embed" || p == "embed=1")
        })
}

/// The value of the query parameter `name` (`?mode=predict`: `mode` is `predict`), if present
/// (an empty value for `?name`). Values are read as written, not percent-decoded.
pub fn query(name: &str) -> Option<String> {
    let search = window().and_then(|w| w.location().search().ok())?;
    query_value(&search, name).map(str::to_owned)
}

fn query_value<'a>(search: &'a str, name: &str) -> Option<&'a str> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| match pair.split_once('=') {
            Some((key, value)) => (key == name).then_some(value),
            None => (pair == name).then_some(""),
        })
}

/// `search` (with or without its `?`) with the parameter `name` set to `value`, or removed
/// for `None`; the other parameters kept in their order. Empty when none are left.
pub fn with_query(search: &str, name: &str, value: Option<&str>) -> String {
    let mut pairs: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| pair.split_once('=').map_or(*pair, |(key, _)| key) != name)
        .map(str::to_owned)
        .collect();
    if let Some(value) = value {
        pairs.push(format!("{name}={value}"));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// Set the query parameter `name` to `value` (or remove it) without adding a history entry,
/// keeping the fragment.
pub fn replace_query(name: &str, value: Option<&str>) {
    if let Some(window) = window() {
        let location = window.location();
        let search = location.search().unwrap_or_default();
        let next = with_query(&search, name, value);
        if next == search {
            return;
        }
        let hash = location.hash().unwrap_or_default();
        let url = format!("{}{next}{hash}", base_url());
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

/// The page's URL without query and fragment.
pub fn base_url() -> String {
    window()
        .map(|w| {
            let location = w.location();
            format!(
                "{}{}",
                location.origin().unwrap_or_default(),
                location.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// Whether the page was loaded by a reload (of the tab, not a link opened in it): its URL is then
/// what the page last wrote, which may be older than what the page last saved.
pub fn is_reload() -> bool {
    window()
        .and_then(|w| w.performance())
        .map(|p| p.get_entries_by_type("navigation"))
        .and_then(|entries| entries.get(0).dyn_into::<js_sys::Object>().ok())
        .and_then(|entry| js_sys::Reflect::get(&entry, &"type".into()).ok())
        .and_then(|kind| kind.as_string())
        .is_some_and(|kind| kind == "reload")
}

/// Replace the URL fragment without adding a history entry.
pub fn replace_fragment(fragment: &str) {
    if let Some(window) = window() {
        let search = window.location().search().unwrap_or_default();
        let url = format!("{}{search}#{fragment}", base_url());
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

/// Once the current edit is rendered, move keyboard focus to the first of `selectors` that
/// finds an element able to take it (not a disabled button), so an action that removes or
/// hides the focused control does not drop the focus to the page's top.
pub fn focus_after_render(selectors: Vec<String>) {
    gloo::timers::callback::Timeout::new(0, move || {
        let Some(document) = window().and_then(|w| w.document()) else {
            return;
        };
        let focusable = selectors.iter().find_map(|selector| {
            document
                .query_selector(selector)
                .ok()
                .flatten()
                .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
                .filter(|element| !element.has_attribute("disabled"))
        });
        if let Some(element) = focusable {
            let _ = element.focus();
        }
    })
    .forget();
}

/// `text` as a quoted CSS string, for attribute selectors on names people type.
pub fn css_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                quoted.push('\\');
                quoted.push(c);
            }
            // Line breaks and other control characters, as CSS escapes (`\a ` for a newline).
            c if c.is_control() => quoted.push_str(&format!("\\{:x} ", u32::from(c))),
            _ => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Calls `then` with the new fragment whenever the visitor changes it (opening another share
/// link in the same tab); the app's own `replace_fragment` does not. Listens until the returned
/// value is dropped.
pub fn on_fragment_change(then: impl Fn(String) + 'static) -> impl Drop {
    // The fragment the visitor opened is the event's: by the time the event is handled, the
    // app's own pending `replace_fragment` may already have written over the location's.
    let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::HashChangeEvent)>::new(
        move |event: web_sys::HashChangeEvent| {
            let opened = event.new_url();
            then(
                opened
                    .split_once('#')
                    .map(|(_, fragment)| fragment.to_owned())
                    .unwrap_or_default(),
            )
        },
    );
    if let Some(window) = window() {
        let _ = window
            .add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
    }
    FragmentListener(listener)
}

/// A `hashchange` listener, removed when dropped.
struct FragmentListener(wasm_bindgen::closure::Closure<dyn Fn(web_sys::HashChangeEvent)>);

impl Drop for FragmentListener {
    fn drop(&mut self) {
        if let Some(window) = window() {
            let _ = window
                .remove_event_listener_with_callback("hashchange", self.0.as_ref().unchecked_ref());
        }
    }
}

/// Calls `then` when the page is hidden to be left (the tab closed, a link followed, a reload).
/// Listens until the returned value is dropped.
pub fn on_page_hide(then: impl Fn() + 'static) -> impl Drop {
    let listener =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
            then()
        });
    if let Some(window) = window() {
        let _ =
            window.add_event_listener_with_callback("pagehide", listener.as_ref().unchecked_ref());
    }
    PageHideListener(listener)
}

/// A `pagehide` listener, removed when dropped.
struct PageHideListener(wasm_bindgen::closure::Closure<dyn Fn(web_sys::Event)>);

impl Drop for PageHideListener {
    fn drop(&mut self) {
        if let Some(window) = window() {
            let _ = window
                .remove_event_listener_with_callback("pagehide", self.0.as_ref().unchecked_ref());
        }
    }
}

/// Put text on the clipboard; `false` where the page has none (a host serving it over plain
/// HTTP) or the browser refuses, after showing the text in a prompt to copy by hand.
pub async fn copy(text: String) -> bool {
    let Some(window) = window() else {
        return false;
    };
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|clipboard| !clipboard.is_undefined());
    if has_clipboard {
        let written = navigator.clipboard().write_text(&text);
        if wasm_bindgen_futures::JsFuture::from(written).await.is_ok() {
            return true;
        }
    }
    let _ = window.prompt_with_message_and_default("Copy this:", &text);
    false
}

/// Offer `text` as a file download named `name`.
pub fn download(name: &str, text: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys_array(text);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(anchor) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

fn js_sys_array(text: &str) -> wasm_bindgen::JsValue {
    let array = js_sys::Array::new();
    array.push(&wasm_bindgen::JsValue::from_str(text));
    array.into()
}

/// Milliseconds since the page started (0 where the clock cannot be read).
pub fn now() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map_or(0.0, |performance| performance.now())
}

/// Set a performance mark.
pub fn mark(name: &str) {
    if let Some(performance) = window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Measure from the mark `start` to now, named `name`.
pub fn measure(name: &str, start: &str) {
    if let Some(performance) = window().and_then(|w| w.performance()) {
        let _ = performance.measure_with_start_mark(name, start);
    }
}

/// Run `then` once the browser has painted the current DOM: a task queued from the next
/// animation frame runs after that frame is drawn. Without animation frames, `then` runs in
/// the next task.
pub fn after_next_paint(then: impl FnOnce() + 'static) {
    let pending = std::rc::Rc::new(std::cell::Cell::new(Some(then)));
    let in_frame = std::rc::Rc::clone(&pending);
    let after_frame = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(then) = in_frame.take() {
            gloo::timers::callback::Timeout::new(0, then).forget();
        }
    });
    let scheduled = window().is_some_and(|w| {
        w.request_animation_frame(after_frame.unchecked_ref())
            .is_ok()
    });
    if !scheduled {
        if let Some(then) = pending.take() {
            gloo::timers::callback::Timeout::new(0, then).forget();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{css_string, query_value, with_query};

    #[test]
    fn query_parameters_are_read_and_set_keeping_the_others() {
        assert_eq!(query_value("?mode=predict&lesson=2", "lesson"), Some("2"));
        assert_eq!(query_value("?embed", "embed"), Some(""));
        assert_eq!(query_value("?lessons=2", "lesson"), None);
        assert_eq!(query_value("", "mode"), None);
        assert_eq!(
            with_query("?embed=1", "lesson", Some("3")),
            "?embed=1&lesson=3"
        );
        assert_eq!(
            with_query("?lesson=1&embed=1", "lesson", Some("2")),
            "?embed=1&lesson=2"
        );
        assert_eq!(with_query("?lesson=1", "lesson", None), "");
        assert_eq!(with_query("", "lesson", None), "");
    }

    #[test]
    fn css_strings_escape_quotes_backslashes_and_newlines() {
        assert_eq!(css_string("ou-prod"), r#""ou-prod""#);
        assert_eq!(css_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(css_string("a\nb"), "\"a\\a b\"");
        assert_eq!(css_string("a\rb\u{c}"), "\"a\\d b\\c \"");
    }
}
