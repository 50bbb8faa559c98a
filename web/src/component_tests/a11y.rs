//! Component tests of what keyboard and screen-reader users rely on: the catalog notice, the
//! live region, arrow keys in the matrix, editors tied to their findings and the gallery's
//! Escape.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement};

use super::{click, document, find, mount, settle, type_into};
use crate::catalog::CatalogState;
use crate::components::catalog_notice::{CatalogNotice, CatalogNoticeProps};

/// Press `key` on `element`: a keydown that bubbles, as the browser sends it.
fn press(element: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("a keydown");
    element.dispatch_event(&event).expect("dispatched");
}

fn focus(element: &Element) {
    element
        .dyn_ref::<HtmlElement>()
        .expect("an HTML element")
        .focus()
        .expect("focused");
}

fn active() -> Option<Element> {
    document().active_element()
}

fn rows(root: &Element) -> Vec<Element> {
    let list = root
        .query_selector_all("[data-testid=matrix-row]")
        .expect("rows");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .collect()
}

fn load(root: &Element, stem: &str) {
    click(&find(root, &format!("button[data-example='{stem}']")));
}

#[wasm_bindgen_test]
async fn the_catalog_notice_says_what_is_missing_and_goes_when_dismissed() {
    let root = document().create_element("div").expect("an element");
    document()
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("attached");
    let props = CatalogNoticeProps {
        catalog: CatalogState::Unavailable(
            "the service catalog could not be loaded (HTTP 404)".to_owned(),
        ),
    };
    yew::Renderer::<CatalogNotice>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let notice = find(&root, "[data-testid=catalog-notice]");
    let text = notice.text_content().unwrap_or_default();
    assert!(
        text.starts_with("The service catalog could not be loaded (HTTP 404)."),
        "{text}"
    );
    assert!(text.contains("work as before"), "{text}");
    click(&find(&root, "[data-testid=catalog-notice] button"));
    settle().await;
    assert!(root
        .query_selector("[data-testid=catalog-notice]")
        .expect("query")
        .is_none());
}

#[wasm_bindgen_test]
async fn arrow_keys_move_the_selection_and_the_single_tab_stop_between_rows() {
    let root = mount().await;
    load(&root, "teach-cross-account-needs-both");
    settle().await;
    let state = |root: &Element| {
        let rows = rows(root);
        let selected: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i].get_attribute("aria-selected").as_deref() == Some("true"))
            .collect();
        let stops: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i].get_attribute("tabindex").as_deref() == Some("0"))
            .collect();
        let focused = (0..rows.len()).find(|&i| active().as_ref() == Some(&rows[i]));
        (selected, stops, focused)
    };
    let first = rows(&root)[0].clone();
    focus(&first);
    press(&first, "ArrowDown");
    settle().await;
    assert_eq!(state(&root), (vec![1], vec![1], Some(1)));
    press(&rows(&root)[1], "End");
    settle().await;
    assert_eq!(state(&root), (vec![3], vec![3], Some(3)));
    press(&rows(&root)[3], "Home");
    settle().await;
    assert_eq!(state(&root), (vec![0], vec![0], Some(0)));
}

#[wasm_bindgen_test]
async fn an_editor_with_errors_is_invalid_and_described_by_its_findings() {
    let root = mount().await;
    let area = find(&root, "textarea[data-testid=policy-text]");
    type_into(&area, "{ \"Statement\": [");
    settle().await;
    let area = find(&root, "textarea[data-testid=policy-text]");
    assert_eq!(area.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = area.get_attribute("aria-describedby").expect("described");
    let findings = find(&root, &format!("[id='{described}']"));
    assert_eq!(findings.get_attribute("class").as_deref(), Some("findings"));
    assert!(findings
        .query_selector(".finding.error")
        .expect("query")
        .is_some());
}

#[wasm_bindgen_test]
async fn the_live_region_says_which_decisions_changed_once_edits_pause() {
    let root = mount().await;
    load(&root, "seed000-read-only-endpoint");
    settle().await;
    let region = find(&root, "[data-testid=announcer]");
    assert_eq!(region.get_attribute("aria-live").as_deref(), Some("polite"));
    let typed_at = js_sys::Date::now();
    type_into(
        &find(&root, "textarea[data-policy-type=identity]"),
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}"#,
    );
    settle().await;
    // On a loaded machine the render itself can outlast the pause: only a region read before
    // the pause has passed must still be silent.
    if js_sys::Date::now() - typed_at < 500.0 {
        assert_eq!(
            region.text_content().unwrap_or_default().trim(),
            "",
            "not before the edits pause"
        );
    }
    yew::platform::time::sleep(std::time::Duration::from_millis(800)).await;
    let said = region.text_content().unwrap_or_default();
    assert!(
        said.starts_with("Request 1 (DescribeTable through the read-only endpoint): allowed, now explicit deny; Request 2"),
        "{said}"
    );
    assert!(
        said.trim_end_matches('\u{a0}')
            .ends_with("and 2 more requests changed"),
        "{said}"
    );
}

#[wasm_bindgen_test]
async fn escape_closes_the_gallery_and_gives_its_toggle_the_keyboard() {
    let root = mount().await;
    let summary = find(&root, "[data-testid=gallery] summary");
    click(&summary);
    settle().await;
    let gallery = find(&root, "[data-testid=gallery]");
    let is_open = |gallery: &Element| {
        gallery
            .dyn_ref::<web_sys::HtmlDetailsElement>()
            .expect("details")
            .open()
    };
    assert!(is_open(&gallery));
    let example = find(&root, "[data-testid=gallery] button[data-example]");
    focus(&example);
    press(&example, "Escape");
    settle().await;
    assert!(!is_open(&gallery));
    assert_eq!(active().as_ref(), Some(&summary));
}
