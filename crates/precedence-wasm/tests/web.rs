//! The JavaScript API in a browser: values in and out as JavaScript sees them.
//!
//! Runs under `wasm-bindgen-test` on `wasm32-unknown-unknown` only (the functions call into
//! JavaScript); the native tests of `precedence_wasm::api` cover the results themselves.

#![cfg(target_arch = "wasm32")]

use precedence_wasm::{evaluate, import_files, lint, version};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const READ_ONLY_ENDPOINT: &str = include_str!("../../../examples/seed000-read-only-endpoint.json");

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &str) -> JsValue;

    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> JsValue;

    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> bool;

    #[wasm_bindgen(js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> bool;

    #[wasm_bindgen(js_namespace = Object, js_name = getPrototypeOf)]
    fn prototype_of(value: &JsValue) -> JsValue;
}

/// `value[key]`, for a string key or an array index.
fn get(value: &JsValue, key: impl Into<JsValue>) -> JsValue {
    reflect_get(value, &key.into())
}

/// `value[a][b]…`.
fn path(value: &JsValue, keys: &[&str]) -> JsValue {
    keys.iter()
        .fold(value.clone(), |v, key| match key.parse::<u32>() {
            Ok(index) => get(&v, index),
            Err(_) => get(&v, *key),
        })
}

/// `target[key] = value`.
fn set(target: &JsValue, key: &str, value: &JsValue) {
    assert!(reflect_set(target, &JsValue::from_str(key), value));
}

fn text(value: &JsValue) -> String {
    value.as_string().unwrap_or_default()
}

fn length(value: &JsValue) -> u32 {
    get(value, "length").as_f64().unwrap_or(-1.0) as u32
}

#[wasm_bindgen_test]
fn evaluates_a_scenario_object_into_plain_objects() {
    let result = evaluate(json_parse(READ_ONLY_ENDPOINT));
    assert!(get(&result, "error").is_undefined());
    let requests = get(&result, "requests");
    assert!(is_array(&requests));
    assert_eq!(length(&requests), 5);
    let get_item = get(&requests, 2);
    // Plain objects, not Maps: the shape `JSON.stringify` and TypeScript expect.
    assert!(prototype_of(&prototype_of(&get_item)).is_null());
    assert_eq!(get(&get_item, "index").as_f64(), Some(2.0));
    assert_eq!(
        text(&path(&get_item, &["evaluation", "decision"])),
        "implicitDeny"
    );
    assert_eq!(
        text(&path(&get_item, &["evaluation", "blockedBy", "0"])),
        "endpoint"
    );
    assert!(text(&path(&get_item, &["evaluation", "explanation"])).contains("endpoint"));
    assert_eq!(
        text(&path(&result, &["requests", "4", "evaluation", "decision"])),
        "allowed"
    );
    assert_eq!(
        text(&path(&result, &["policies", "1", "policyType"])),
        "endpoint"
    );
    assert!(get(&get(&result, "policies"), 0).is_object());
}

#[wasm_bindgen_test]
fn evaluates_scenario_text_with_positions() {
    let result = evaluate(JsValue::from_str(READ_ONLY_ENDPOINT));
    assert_eq!(
        text(&path(&result, &["requests", "2", "evaluation", "decision"])),
        "implicitDeny"
    );
    let broken = evaluate(JsValue::from_str(
        "{\n  \"requests\": [{\"principal\": 5}]\n}",
    ));
    assert_eq!(
        text(&path(&broken, &["error", "path"])),
        "requests[0].principal"
    );
    assert_eq!(path(&broken, &["error", "line"]).as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
fn a_scenario_of_the_wrong_shape_is_returned_not_thrown() {
    let result = evaluate(json_parse(r#"{"requests": [{"principal": 5}]}"#));
    let error = get(&result, "error");
    assert_eq!(text(&get(&error, "path")), "requests[0].principal");
    assert!(!text(&get(&error, "help")).is_empty());
    assert!(get(&error, "line").is_null());
    for odd in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from_f64(5.0),
        JsValue::TRUE,
    ] {
        let result = evaluate(odd);
        assert!(
            get(&get(&result, "error"), "message").is_string(),
            "{result:?}"
        );
    }
}

#[wasm_bindgen_test]
fn a_cyclic_object_is_an_error() {
    let cyclic = json_parse("{}");
    set(&cyclic, "self", &cyclic);
    let result = evaluate(cyclic);
    assert_eq!(text(&path(&result, &["error", "path"])), "scenario");
}

#[wasm_bindgen_test]
fn undefined_members_are_left_out_as_json_would() {
    let scenario = json_parse(READ_ONLY_ENDPOINT);
    set(&scenario, "name", &JsValue::UNDEFINED);
    let result = evaluate(scenario);
    assert!(get(&result, "error").is_undefined(), "{result:?}");
}

#[wasm_bindgen_test]
fn request_errors_name_the_field() {
    let result = evaluate(json_parse(
        r#"{"requests": [{"name": "bad", "principal": "nobody", "action": "s3:GetObject", "resource": "*"}]}"#,
    ));
    let request = path(&result, &["requests", "0"]);
    assert_eq!(text(&get(&request, "name")), "bad");
    assert_eq!(text(&path(&request, &["error", "field"])), "principal");
    assert!(get(&request, "evaluation").is_undefined());
}

#[wasm_bindgen_test]
fn lint_returns_findings() {
    let findings = lint(
        JsValue::from_str(
            r#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
        ),
        JsValue::from_str("identity"),
        JsValue::UNDEFINED,
    );
    assert!(is_array(&findings));
    assert!(length(&findings) >= 1);
    let finding = get(&findings, 0);
    for key in [
        "code", "severity", "message", "help", "start", "end", "line", "column",
    ] {
        assert!(!get(&finding, key).is_undefined(), "no `{key}`");
    }
    assert_eq!(text(&get(&finding, "code")), "missing-version");
}

#[wasm_bindgen_test]
fn lint_errors_name_the_argument() {
    let unknown = lint(
        JsValue::from_str("{}"),
        JsValue::from_str("bucket"),
        JsValue::NULL,
    );
    assert_eq!(text(&path(&unknown, &["error", "path"])), "policyType");
    assert!(text(&path(&unknown, &["error", "help"])).contains("endpoint"));
    let not_text = lint(
        JsValue::from_f64(1.0),
        JsValue::from_str("identity"),
        JsValue::UNDEFINED,
    );
    assert_eq!(text(&path(&not_text, &["error", "path"])), "policyText");
    let endpoint = lint(
        JsValue::from_str("{}"),
        JsValue::from_str("endpoint"),
        JsValue::from_str("tunnel"),
    );
    assert_eq!(text(&path(&endpoint, &["error", "path"])), "endpointType");
    let interface = lint(
        JsValue::from_str("{}"),
        JsValue::from_str("endpoint"),
        JsValue::from_str("interface"),
    );
    assert!(is_array(&interface));
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn import_files_takes_an_array_of_name_and_text_and_locates_errors() {
    let files = json_parse(r#"[{"name": "denied.txt", "text": "{\n  oops"}]"#);
    let result = import_files(files, JsValue::UNDEFINED);
    assert_eq!(text(&path(&result, &["error", "file"])), "denied.txt");
    assert_eq!(path(&result, &["error", "line"]).as_f64(), Some(2.0));
    let empty = import_files(
        json_parse("[]"),
        json_parse(r#"{"resource": "arn:aws:s3:::b"}"#),
    );
    assert!(is_array(&path(&empty, &["report", "files"])));
    let wrong = import_files(JsValue::from_str("not files"), JsValue::UNDEFINED);
    assert_eq!(text(&path(&wrong, &["error", "path"])), "files");
}
