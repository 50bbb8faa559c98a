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

/// Mount the app in a fresh element and let it render. The tests share one page, so each
/// starts from a clean slate: no autosave, no share link.
async fn mount() -> Element {
    if let Some(window) = web_sys::window() {
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.clear();
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
    yew::Renderer::<App>::with_root(root.clone()).render();
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
