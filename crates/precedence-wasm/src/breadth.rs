//! What `accessMap`, `whoCan` and `diff` return, built natively: the same questions
//! `precedence access`, `precedence who-can` and `precedence diff` answer.

use std::collections::BTreeMap;

use precedence::access::{AccessMap, AccessQuery};
use precedence::diff::{diff, Diff};
use precedence::scenario::ContextValue;
use precedence::who_can::WhoCan;
use precedence::{Engine, ScenarioFile};
use serde::{Deserialize, Serialize};

use crate::api::{catalog, ApiError, ErrorResult, ScenarioInput};

/// The question of `accessMap`: `{ principal, resources?, services?, viaEndpoint?, context? }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AccessInput {
    /// The principal's ARN.
    pub principal: String,
    /// Resource ARNs or patterns.
    #[serde(default)]
    pub resources: Vec<String>,
    /// Service prefixes.
    #[serde(default)]
    pub services: Vec<String>,
    /// The endpoint the requests come through.
    #[serde(default)]
    pub via_endpoint: Option<String>,
    /// Context keys the question fixes.
    #[serde(default)]
    pub context: BTreeMap<String, ContextValue>,
}

/// The question of `whoCan`: `{ action, resource, viaEndpoint? }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WhoCanInput {
    /// The action.
    pub action: String,
    /// The resource's ARN.
    pub resource: String,
    /// The endpoint the requests come through.
    #[serde(default)]
    pub via_endpoint: Option<String>,
}

/// An answer, or why there is none.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Answered<T> {
    /// The answer.
    Ok(T),
    /// The scenario or the question could not be used.
    Err(ErrorResult),
}

impl<T> From<Result<T, ErrorResult>> for Answered<T> {
    fn from(result: Result<T, ErrorResult>) -> Self {
        match result {
            Ok(answer) => Answered::Ok(answer),
            Err(error) => Answered::Err(error),
        }
    }
}

fn load(input: ScenarioInput<'_>) -> Result<(ScenarioFile, Engine), ErrorResult> {
    let text = match input {
        ScenarioInput::Text(text) | ScenarioInput::Object(text) => text,
    };
    let file = ScenarioFile::from_bytes(text.as_bytes())
        .map_err(|error| ErrorResult::from(ApiError::scenario(&error, input)))?;
    let engine = match input {
        ScenarioInput::Text(text) => Engine::from_file(&file, text),
        ScenarioInput::Object(_) => Engine::from_scenario(&file.scenario),
    };
    Ok((file, engine))
}

fn question<T: for<'de> Deserialize<'de>>(
    json: &str,
    argument: &str,
    what: &str,
) -> Result<T, ErrorResult> {
    serde_json::from_str(json).map_err(|error| {
        ErrorResult::from(ApiError::argument(
            argument,
            format!("the {argument} cannot be read: {error}"),
            what,
        ))
    })
}

fn no_catalog() -> ErrorResult {
    ErrorResult::from(ApiError::argument(
        "catalog",
        "the service catalog is not loaded",
        "call `loadCatalog(catalogText)` first with the text of `catalog.txt`",
    ))
}

fn request_error(error: &precedence::RequestError) -> ErrorResult {
    ErrorResult::from(ApiError::argument(
        error.field,
        error.message.clone(),
        error.help.clone(),
    ))
}

/// The access map of one principal.
pub fn access_map(scenario: ScenarioInput<'_>, query_json: &str) -> Answered<AccessMap> {
    let run = || -> Result<AccessMap, ErrorResult> {
        let catalog = catalog().ok_or_else(no_catalog)?;
        let (_, engine) = load(scenario)?;
        let input: AccessInput = question(
            query_json,
            "query",
            "pass `{ principal, resources?, services?, viaEndpoint?, context? }`",
        )?;
        let query = AccessQuery {
            principal: input.principal,
            resources: input.resources,
            services: input.services,
            via_endpoint: input.via_endpoint,
            context: input.context,
        };
        engine
            .access_map(&catalog, &query)
            .map_err(|e| request_error(&e))
    };
    run().into()
}

/// Who of the scenario's principals may call an action on a resource.
pub fn who_can(scenario: ScenarioInput<'_>, query_json: &str) -> Answered<WhoCan> {
    let run = || -> Result<WhoCan, ErrorResult> {
        let (file, engine) = load(scenario)?;
        let input: WhoCanInput = question(
            query_json,
            "query",
            "pass `{ action, resource, viaEndpoint? }`",
        )?;
        engine
            .who_can(
                &file.scenario,
                &input.action,
                &input.resource,
                input.via_endpoint.as_deref(),
            )
            .map_err(|e| request_error(&e))
    };
    run().into()
}

/// The requests two versions of a scenario decide differently.
pub fn diff_scenarios(old: ScenarioInput<'_>, new: ScenarioInput<'_>) -> Answered<Diff> {
    let run = || -> Result<Diff, ErrorResult> {
        let catalog = catalog().ok_or_else(no_catalog)?;
        let (old_file, old_engine) = load(old)?;
        let (new_file, new_engine) = load(new)?;
        Ok(diff(
            &catalog,
            (&old_file.scenario, &old_engine),
            (&new_file.scenario, &new_engine),
        ))
    };
    run().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"{"policies": {"identity": [{"id": "Read", "document":
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]},
        "requests": [{"principal": "arn:aws:iam::111122223333:role/App", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}]}"#;

    fn json<T: Serialize>(value: &T) -> serde_json::Value {
        serde_json::to_value(value).unwrap_or_default()
    }

    #[test]
    fn who_can_answers_and_bad_questions_say_what_to_pass() {
        let answer = json(&who_can(
            ScenarioInput::Text(SCENARIO),
            r#"{"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}"#,
        ));
        assert_eq!(answer["entries"][0]["answer"]["verdict"], "allowed");
        let bad = json(&who_can(ScenarioInput::Text(SCENARIO), r#"{"action": 3}"#));
        assert_eq!(bad["error"]["path"], "query");
    }

    #[test]
    fn the_catalog_questions_need_the_catalog_loaded() {
        let map = json(&access_map(
            ScenarioInput::Text(SCENARIO),
            r#"{"principal": "arn:aws:iam::111122223333:role/App"}"#,
        ));
        assert_eq!(map["error"]["path"], "catalog");
        let found = json(&diff_scenarios(
            ScenarioInput::Text(SCENARIO),
            ScenarioInput::Text(SCENARIO),
        ));
        assert_eq!(found["error"]["path"], "catalog");
    }

    #[test]
    fn with_the_catalog_the_access_map_and_the_diff_answer() {
        let loaded = json(&crate::api::load_catalog(include_str!(
            "../../precedence/data/catalog.txt"
        )));
        assert!(loaded["actions"].as_u64().unwrap_or_default() > 20_000);
        let map = json(&access_map(
            ScenarioInput::Text(SCENARIO),
            r#"{"principal": "arn:aws:iam::111122223333:role/App", "resources": ["arn:aws:s3:::b/k"], "services": ["s3"]}"#,
        ));
        let entries = map["entries"].as_array().cloned().unwrap_or_default();
        let get = entries
            .iter()
            .find(|e| e["action"] == "s3:GetObject")
            .cloned()
            .unwrap_or_default();
        assert_eq!(get["answer"]["verdict"], "allowed");
        let wider = SCENARIO.replace(r#""Action": "s3:GetObject""#, r#""Action": "s3:*""#);
        let found = json(&diff_scenarios(
            ScenarioInput::Text(SCENARIO),
            ScenarioInput::Text(&wider),
        ));
        let gains = found["gains"].as_array().cloned().unwrap_or_default();
        assert!(
            gains
                .iter()
                .any(|g| g["request"]["action"] == "s3:PutObject"),
            "{found}"
        );
    }
}
