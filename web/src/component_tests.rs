//! Component tests: the real app mounted in a browser page (run by wasm-bindgen-test in
//! headless Chromium), driven through the DOM as a person would.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on a missing element"
)]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

use crate::app::App;
use crate::examples;

wasm_bindgen_test_configure!(run_in_browser);

mod a11y;

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

thread_local! {
    /// The apps the tests mounted and have not unmounted yet.
    static MOUNTED: std::cell::RefCell<Vec<yew::AppHandle<App>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Unmount every app the tests mounted: the tests share one page, and an app left mounted
/// would go on saving and hearing keys.
pub fn unmount_all() {
    for app in MOUNTED.with(|mounted| mounted.take()) {
        app.destroy();
    }
}

/// Mount the app in a fresh element and let it render. The tests share one page, so each
/// starts from a clean slate: no other app, nothing saved, no share link.
async fn mount() -> Element {
    unmount_all();
    if let Some(window) = web_sys::window() {
        for storage in [window.local_storage(), window.session_storage()] {
            if let Ok(Some(storage)) = storage {
                let _ = storage.clear();
            }
        }
        let _ = window.history().map(|h| {
            h.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&window.location().pathname().unwrap_or_default()),
            )
        });
    }
    let root = document().create_element("div").expect("an element");
    document()
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("attached");
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    MOUNTED.with(|mounted| mounted.borrow_mut().push(app));
    // The trace is drawn first and the rest of the page a frame later: wait for all of it.
    for _ in 0..100 {
        settle().await;
        if root
            .query_selector("main[aria-busy=false]")
            .ok()
            .flatten()
            .is_some()
        {
            return root;
        }
    }
    panic!("the playground never finished its first render");
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(60)).await;
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn decision(root: &Element) -> String {
    find(root, "[data-testid=decision]")
        .get_attribute("data-decision")
        .unwrap_or_default()
}

fn expected_first_decision(stem: &str) -> String {
    let scenario = examples::load(stem).expect("example loads");
    scenario.requests[0]
        .expect
        .expect("first request has an expectation")
        .name()
        .to_owned()
}

fn click(element: &Element) {
    element
        .dyn_ref::<HtmlElement>()
        .expect("an HTML element")
        .click();
}

fn type_into(area: &Element, text: &str) {
    let area = area.dyn_ref::<HtmlTextAreaElement>().expect("a textarea");
    area.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init.unchecked_into())
        .expect("an event");
    area.dispatch_event(&event).expect("dispatched");
}

#[wasm_bindgen_test]
async fn opens_with_the_first_example_and_its_expected_decision() {
    let root = mount().await;
    assert_eq!(decision(&root), expected_first_decision(examples::first()));
    assert_eq!(
        root.query_selector_all("[data-testid=stage]")
            .expect("stages")
            .length(),
        8
    );
}

#[wasm_bindgen_test]
async fn loading_an_example_shows_its_decision() {
    let root = mount().await;
    for stem in [
        "seed000-read-only-endpoint",
        "teach-scp-level-without-allow",
        "teach-explicit-deny-wins",
    ] {
        click(&find(&root, &format!("button[data-example='{stem}']")));
        settle().await;
        assert_eq!(decision(&root), expected_first_decision(stem), "{stem}");
    }
}

#[wasm_bindgen_test]
async fn typing_a_deny_into_a_policy_changes_the_trace() {
    let root = mount().await;
    click(&find(
        &root,
        "button[data-example='seed000-read-only-endpoint']",
    ));
    settle().await;
    let area = find(&root, "textarea[data-policy-type=identity]");
    type_into(
        &area,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}"#,
    );
    settle().await;
    assert_eq!(decision(&root), "explicitDeny");
    let identity = find(&root, "[data-testid=stage][data-stage=identity]");
    assert_eq!(
        identity.get_attribute("data-status").as_deref(),
        Some("deny")
    );
}

#[wasm_bindgen_test]
async fn invalid_json_is_kept_and_reported_at_its_line() {
    let root = mount().await;
    let area = find(&root, "textarea[data-testid=policy-text]");
    let broken = "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",,}\n";
    type_into(&area, broken);
    settle().await;
    let area = find(&root, "textarea[data-testid=policy-text]");
    assert_eq!(
        area.dyn_ref::<HtmlTextAreaElement>()
            .expect("textarea")
            .value(),
        broken
    );
    let finding = find(&root, ".finding.error");
    assert!(
        finding.text_content().unwrap_or_default().starts_with("3:"),
        "{:?}",
        finding.text_content()
    );
}

#[wasm_bindgen_test]
async fn rows_of_the_matrix_select_requests_and_show_expectations() {
    let root = mount().await;
    click(&find(
        &root,
        "button[data-example='teach-cross-account-needs-both']",
    ));
    settle().await;
    let rows = root
        .query_selector_all("[data-testid=matrix-row]")
        .expect("rows");
    assert!(rows.length() >= 2);
    let second = rows
        .item(1)
        .and_then(|n| n.dyn_into::<Element>().ok())
        .expect("a second row");
    click(&second);
    settle().await;
    assert_eq!(
        second.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert_eq!(Some(decision(&root)), second.get_attribute("data-decision"));
    assert_eq!(second.get_attribute("data-expect").as_deref(), Some("pass"));
}

#[wasm_bindgen_test]
async fn pasted_markup_is_shown_as_text() {
    let root = mount().await;
    let area = find(&root, "textarea[data-testid=policy-text]");
    type_into(
        &area,
        r#"{"Statement": [{"Sid": "<img src=x onerror=alert(1)>", "Effect": "Allow", "Action": "*"}]}"#,
    );
    settle().await;
    assert!(
        root.query_selector("img").expect("query").is_none(),
        "markup from a policy was rendered"
    );
}

fn text_of(root: &Element, selector: &str) -> String {
    find(root, selector)
        .dyn_ref::<HtmlTextAreaElement>()
        .expect("a textarea")
        .value()
}

fn press(key: &str, ctrl: bool, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("an event");
    document()
        .body()
        .expect("a body")
        .dispatch_event(&event)
        .expect("dispatched");
}

#[wasm_bindgen_test]
async fn a_removed_policy_comes_back_as_typed_from_the_undo_offer() {
    let root = mount().await;
    click(&find(
        &root,
        "button[data-example='seed000-read-only-endpoint']",
    ));
    settle().await;
    let typed = "{ \"Statement\": [ \"half typed";
    type_into(&find(&root, "textarea[data-policy-type=identity]"), typed);
    settle().await;
    let id = find(&root, "textarea[data-policy-type=identity]")
        .get_attribute("data-policy-id")
        .expect("an id");
    click(&find(
        &root,
        &format!(".policy-editor[data-policy-id='{id}'] button.remove"),
    ));
    let gone = || {
        root.query_selector("textarea[data-policy-type=identity]")
            .ok()
            .flatten()
            .is_none()
    };
    until(gone).await;
    assert!(root
        .query_selector("textarea[data-policy-type=identity]")
        .expect("query")
        .is_none());
    let offer = find(&root, "[data-testid=undo-offer]");
    assert!(offer.text_content().unwrap_or_default().contains(&id));
    click(&find(&root, "[data-testid=undo-offer-undo]"));
    until(|| !gone()).await;
    assert_eq!(text_of(&root, "textarea[data-policy-type=identity]"), typed);
    assert!(root
        .query_selector("[data-testid=undo-offer]")
        .expect("query")
        .is_none());
}

/// Wait until `holds`, a few frames at most.
async fn until(holds: impl Fn() -> bool) {
    for _ in 0..40 {
        if holds() {
            return;
        }
        settle().await;
    }
}

#[wasm_bindgen_test]
async fn ctrl_z_outside_a_text_field_undoes_and_ctrl_shift_z_redoes() {
    let root = mount().await;
    click(&find(
        &root,
        "button[data-example='seed000-read-only-endpoint']",
    ));
    settle().await;
    let text = || text_of(&root, "textarea[data-policy-type=identity]");
    let original = text();
    type_into(&find(&root, "textarea[data-policy-type=identity]"), "{}");
    settle().await;
    press("z", true, false);
    until(|| text() == original).await;
    assert_eq!(text(), original);
    press("Z", true, true);
    until(|| text() == "{}").await;
    assert_eq!(text(), "{}");
    press("y", true, false);
    settle().await;
    assert_eq!(text(), "{}", "nothing left to redo");
}

#[wasm_bindgen_test]
async fn predict_first_leaves_the_decision_out_until_the_answer_is_revealed() {
    let root = mount().await;
    click(&find(
        &root,
        "button[data-example='teach-explicit-deny-wins']",
    ));
    settle().await;
    click(&find(&root, "[data-testid=predict-toggle]"));
    settle().await;
    let absent = |selector: &str| {
        root.query_selector_all(selector)
            .map(|found| found.length())
            .unwrap_or_default()
            == 0
    };
    for selector in [
        "[data-testid=decision]",
        "[data-testid=flowchart]",
        "[data-testid=stage-detail]",
        "[data-testid=who-can-section]",
        "[data-testid=access-map]",
        "[data-testid=row-who-can]",
        "[data-testid=matrix-row]:not([data-decision=''])",
    ] {
        assert!(
            absent(selector),
            "{selector} is in the page before the answer"
        );
    }
    let expected = expected_first_decision("teach-explicit-deny-wins");
    assert_eq!(expected, "allowed", "the first request is allowed");
    click(&find(&root, "[data-testid=predict-choice][value=allowed]"));
    settle().await;
    click(&find(&root, "[data-testid=reveal]"));
    settle().await;
    assert_eq!(
        find(&root, "[data-testid=predict-verdict]")
            .get_attribute("data-right")
            .as_deref(),
        Some("true")
    );
    assert_eq!(decision(&root), expected);
    assert!(!absent("[data-testid=flowchart]"));
}
