//! The JavaScript API of Precedence: `evaluate(scenario)`, `lint(policyText, policyType,
//! endpointType?)`, `importFiles(files, options?)`, `loadCatalog(catalogText)`,
//! `expandActions(pattern)` and `version()`, built with wasm-bindgen.
//!
//! The crate is thin: plain JSON-shaped values in, plain objects out, and no logic the CLI lacks.
//! [`api`] builds every result natively (so it is tested without a browser); the functions here
//! only carry values across the boundary. Nothing throws: a scenario or an argument that cannot
//! be used comes back as `{ error: { message, help, path, line, column } }`.
//!
//! ```js
//! import init, { evaluate } from "./api/precedence_wasm.js";
//! await init();
//! const result = evaluate(scenario);
//! if ("error" in result) console.error(result.error.message);
//! else for (const r of result.requests) console.log(r.evaluation?.decision ?? r.error.message);
//! ```

pub mod api;
pub mod breadth;
pub mod import;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::api::{ApiError, ErrorResult, ScenarioInput};

/// The TypeScript types of the values `evaluate` and `lint` take and return.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../precedence.d.ts");

#[wasm_bindgen]
extern "C" {
    /// `JSON.stringify(value)`: how an object argument becomes scenario JSON. It leaves out
    /// `undefined` members and functions, calls `toJSON`, and throws on cycles and BigInts.
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;

    /// `String(value)`: the text of a thrown JavaScript error.
    #[wasm_bindgen(js_name = String, catch)]
    fn js_string(value: &JsValue) -> Result<JsValue, JsValue>;
}

/// A serde value as a plain JavaScript value: objects for maps and structs, numbers for
/// integers, `null` for `None`.
fn to_js(value: &impl Serialize) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    match value.serialize(&serializer) {
        Ok(converted) => converted,
        Err(error) => {
            let fallback = ErrorResult::from(ApiError {
                message: format!("the result could not be converted to JavaScript: {error}"),
                help: "report this as a bug of Precedence, with the input".into(),
                path: None,
                line: None,
                column: None,
            });
            fallback
                .serialize(&serializer)
                .unwrap_or_else(|_| JsValue::from_str(&fallback.error.message))
        }
    }
}

/// Whether an optional argument was left out (`undefined` or `null`).
fn absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// Evaluate every request of a scenario and check every policy in it.
///
/// `scenario` is either a scenario object (the JSON scenario format: `policies` by type,
/// `requests`) or its JSON text. Text gives errors and inline findings line and column in the
/// text; an object is written out with `JSON.stringify` and errors name the JSON path.
///
/// Returns `{ requests, policies }`: for each request `{ index, name, evaluation }` or, when it
/// cannot be evaluated, `{ index, name, error: { message, help, field } }`; for each policy its
/// `id`, `policyType`, `text` and `findings`. A scenario of the wrong shape returns
/// `{ error: { message, help, path, line, column } }`. Never throws.
#[wasm_bindgen(unchecked_return_type = "EvaluateResult | ErrorResult")]
pub fn evaluate(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
) -> JsValue {
    if let Some(text) = scenario.as_string() {
        return to_js(&api::evaluate(ScenarioInput::Text(&text)));
    }
    match written_out(
        &scenario,
        "scenario",
        "pass a scenario object, or its JSON text",
    ) {
        Ok(json) => to_js(&api::evaluate(ScenarioInput::Object(&json))),
        Err(error) => to_js(&ErrorResult::from(error)),
    }
}

/// `value` written out by `JSON.stringify`, or an error about the argument `argument`.
fn written_out(value: &JsValue, argument: &str, what_to_pass: &str) -> Result<String, ApiError> {
    match json_stringify(value) {
        Ok(json) => json.as_string().ok_or_else(|| {
            ApiError::argument(
                argument,
                format!("the {argument} cannot be written as JSON"),
                what_to_pass,
            )
        }),
        Err(thrown) => {
            let reason = js_string(&thrown)
                .ok()
                .and_then(|text| text.as_string())
                .unwrap_or_else(|| "JSON.stringify failed".into());
            Err(ApiError::argument(
                argument,
                format!("the {argument} cannot be written as JSON: {reason}"),
                "pass plain data: no cycles, no BigInt values",
            ))
        }
    }
}

/// Import files people already have — `aws iam get-account-authorization-details`,
/// Organizations output, resource policies as the AWS CLI prints them, a Terraform plan, a
/// CloudTrail event or AccessDenied message — into one scenario of the account model, as
/// `precedence import` does. Nothing leaves the page: the caller reads the files
/// (`await file.text()`) and passes their text.
///
/// `files` is `[{ name, text }]`; `options.resource` is the ARN of the resource a bare
/// resource-policy file (`get-bucket-policy`, `get-key-policy`) belongs to. Returns
/// `{ scenario, report }` (the report: each file's `kind`, `taken` counts and `notes`; the merge
/// `notes`; the policy types the scenario `lacks`), or for a file that cannot be read
/// `{ error: { file, line, column, path, message, help } }`. Never throws.
#[wasm_bindgen(js_name = importFiles, unchecked_return_type = "ImportResult | ImportFailure | ErrorResult")]
pub fn import_files(
    #[wasm_bindgen(unchecked_param_type = "ImportFileInput[]")] files: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ImportOptions")] options: JsValue,
) -> JsValue {
    let files = match written_out(&files, "files", "pass an array of `{ name, text }`") {
        Ok(files) => files,
        Err(error) => return to_js(&ErrorResult::from(error)),
    };
    let options = if absent(&options) {
        None
    } else {
        match written_out(&options, "options", "pass `{ resource }` or leave it out") {
            Ok(options) => Some(options),
            Err(error) => return to_js(&ErrorResult::from(error)),
        }
    };
    to_js(&import::import_files(&files, options.as_deref()))
}

/// What one principal can do, as `precedence access` does: every action of the loaded service
/// catalog (or of `query.services`) that applies to `query.resources`, decided for
/// `query.principal` (`allowed`, `explicitDeny`, `implicitDeny`, or `conditional` with the keys
/// it hangs on). Needs `loadCatalog` first. Returns the map, or `{ error }`. Never throws.
#[wasm_bindgen(js_name = accessMap, unchecked_return_type = "AccessMap | ErrorResult")]
pub fn access_map(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AccessQuery")] query: JsValue,
) -> JsValue {
    with_scenario(&scenario, &query, |scenario, query| {
        to_js(&breadth::access_map(scenario, query))
    })
}

/// Who of the principals the scenario holds (and its resource policies name) may call
/// `query.action` on `query.resource`, as `precedence who-can` does. Never throws.
#[wasm_bindgen(js_name = whoCan, unchecked_return_type = "WhoCan | ErrorResult")]
pub fn who_can(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
    #[wasm_bindgen(unchecked_param_type = "WhoCanQuery")] query: JsValue,
) -> JsValue {
    with_scenario(&scenario, &query, |scenario, query| {
        to_js(&breadth::who_can(scenario, query))
    })
}

/// The requests two versions of a scenario decide differently, as `precedence diff` does:
/// `{ gains, losses, coverage }`. Needs `loadCatalog` first. Never throws.
#[wasm_bindgen(unchecked_return_type = "Diff | ErrorResult")]
pub fn diff(
    #[wasm_bindgen(js_name = oldScenario, unchecked_param_type = "Scenario | string")] old: JsValue,
    #[wasm_bindgen(js_name = newScenario, unchecked_param_type = "Scenario | string")] new: JsValue,
) -> JsValue {
    let text = |value: &JsValue, argument: &str| match value.as_string() {
        Some(text) => Ok((text, true)),
        None => written_out(value, argument, "pass a scenario object, or its JSON text")
            .map(|json| (json, false)),
    };
    let (old, old_is_text) = match text(&old, "oldScenario") {
        Ok(read) => read,
        Err(error) => return to_js(&ErrorResult::from(error)),
    };
    let (new, new_is_text) = match text(&new, "newScenario") {
        Ok(read) => read,
        Err(error) => return to_js(&ErrorResult::from(error)),
    };
    to_js(&breadth::diff_scenarios(
        input(&old, old_is_text),
        input(&new, new_is_text),
    ))
}

/// The scenario input of `text`: as the caller wrote it, or written out from an object.
fn input(text: &str, is_text: bool) -> ScenarioInput<'_> {
    if is_text {
        ScenarioInput::Text(text)
    } else {
        ScenarioInput::Object(text)
    }
}

/// Run `answer` on the scenario (text or object) and the question written out as JSON.
fn with_scenario(
    scenario: &JsValue,
    query: &JsValue,
    answer: impl FnOnce(ScenarioInput<'_>, &str) -> JsValue,
) -> JsValue {
    let query = match written_out(query, "query", "pass the question as a plain object") {
        Ok(query) => query,
        Err(error) => return to_js(&ErrorResult::from(error)),
    };
    if let Some(text) = scenario.as_string() {
        return answer(ScenarioInput::Text(&text), &query);
    }
    match written_out(
        scenario,
        "scenario",
        "pass a scenario object, or its JSON text",
    ) {
        Ok(json) => answer(ScenarioInput::Object(&json), &query),
        Err(error) => to_js(&ErrorResult::from(error)),
    }
}

/// Check one policy's text as a policy of `policyType`, as `precedence lint` does.
///
/// `policyType` is one of `identity`, `resource`, `boundary`, `session`, `scp`, `rcp`,
/// `endpoint`; `endpointType` (`gateway`, the default, or `interface`) matters for endpoint
/// policies only. Returns the findings in order of position, each
/// `{ code, severity, message, help, start, end, line, column }` with `start`/`end` UTF-8 byte
/// offsets into the text. Arguments that cannot be used return
/// `{ error: { message, help, path } }`, `path` naming the argument. Never throws.
#[wasm_bindgen(unchecked_return_type = "Finding[] | ErrorResult")]
pub fn lint(
    #[wasm_bindgen(js_name = policyText, unchecked_param_type = "string")] policy_text: JsValue,
    #[wasm_bindgen(js_name = policyType, unchecked_param_type = "PolicyType")] policy_type: JsValue,
    #[wasm_bindgen(js_name = endpointType, unchecked_optional_param_type = "EndpointType")]
    endpoint_type: JsValue,
) -> JsValue {
    let Some(text) = policy_text.as_string() else {
        return to_js(&ErrorResult::from(ApiError::argument(
            "policyText",
            "the policy text is not a string",
            "pass the policy document as JSON text, e.g. `JSON.stringify(policy, null, 2)`",
        )));
    };
    let Some(kind) = policy_type.as_string() else {
        return to_js(&ErrorResult::from(ApiError::argument(
            "policyType",
            "the policy type is not a string",
            "use one of `identity`, `resource`, `boundary`, `session`, `scp`, `rcp`, `endpoint`",
        )));
    };
    let endpoint = if absent(&endpoint_type) {
        None
    } else {
        match endpoint_type.as_string() {
            Some(name) => Some(name),
            None => {
                return to_js(&ErrorResult::from(ApiError::argument(
                    "endpointType",
                    "the endpoint type is not a string",
                    "use `gateway` (the default) or `interface`, or leave it out",
                )))
            }
        }
    };
    to_js(&api::lint(&text, &kind, endpoint.as_deref()))
}

/// Read AWS's service catalog (the text of Precedence's `catalog.txt`, fetched from your own
/// site) and use it from now on: `evaluate` and `lint` add the findings that need it (unknown
/// actions, resources no action has, condition keys and operators that do not fit…), and
/// `expandActions` works. Returns `{ package, version, services, actions }`, or
/// `{ error: { message, help, path } }` for text that is not a catalog (the catalog loaded
/// before, if any, stays in use). Never throws.
#[wasm_bindgen(js_name = loadCatalog, unchecked_return_type = "CatalogInfo | ErrorResult")]
pub fn load_catalog(
    #[wasm_bindgen(js_name = catalogText, unchecked_param_type = "string")] catalog_text: JsValue,
) -> JsValue {
    match catalog_text.as_string() {
        Some(text) => to_js(&api::load_catalog(&text)),
        None => to_js(&ErrorResult::from(ApiError::argument(
            "catalogText",
            "the catalog is not a string",
            "pass the text of catalog.txt, e.g. `await (await fetch(\"catalog.txt\")).text()`",
        ))),
    }
}

/// The actions an action pattern (`dynamodb:Delete*`, `*:Get*`) matches, ignoring case, each
/// `{ action, accessLevel }`, by service and name; `[]` when it matches none. Needs
/// `loadCatalog` first, else returns `{ error }`. Never throws.
#[wasm_bindgen(js_name = expandActions, unchecked_return_type = "ExpandedAction[] | ErrorResult")]
pub fn expand_actions(
    #[wasm_bindgen(unchecked_param_type = "string")] pattern: JsValue,
) -> JsValue {
    match pattern.as_string() {
        Some(pattern) => to_js(&api::expand_actions(&pattern)),
        None => to_js(&ErrorResult::from(ApiError::argument(
            "pattern",
            "the pattern is not a string",
            "pass an action pattern such as `dynamodb:Delete*`",
        ))),
    }
}

/// The version of Precedence, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    api::VERSION.to_owned()
}
