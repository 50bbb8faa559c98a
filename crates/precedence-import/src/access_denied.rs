//! An AccessDenied as users meet it: a CloudTrail event, or the message text AWS prints. Each
//! becomes a request that expects what AWS decided (explicit or implicit deny) and the stage
//! of the policy type AWS named; [`check_expectations`] then says where the imported scenario
//! decides otherwise, and what is likely missing from it.

mod event;
mod expectations;
mod message;

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use precedence::scenario::Request;

use crate::detect::Reading;
use crate::ImportError;

pub(crate) use expectations::check as check_expectations;

/// How the name of every request made from an AccessDenied starts, so that it reads as one.
const NAME_PREFIX: &str = "AccessDenied";

/// Whether `text` reads as an AccessDenied message.
pub(crate) fn is_message(text: &str) -> bool {
    message::looks_like_one(text)
}

/// Whether an object is a CloudTrail event, a file of `Records`, or the output of
/// `aws cloudtrail lookup-events`.
pub(crate) fn is_event(object: &Map<String, Json>) -> bool {
    event::is_event(object)
}

/// Read a CloudTrail event file.
pub(crate) fn read_event(value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    event::read(value, reading)
}

/// Read an AccessDenied message: one request per message in the text.
pub(crate) fn read_message(text: &str, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    let denials = message::denials(text);
    if denials.is_empty() {
        let (message, help) = if text.contains("Encoded authorization failure message") {
            (
                "the message is encoded, so it names no caller, action or resource",
                "decode it with `aws sts decode-authorization-message --encoded-message …`, then import the CloudTrail event of the call, or write the request from the decoded `context`",
            )
        } else {
            (
                "this AccessDenied does not say who was denied what (`User: ARN is not authorized to perform: ACTION on resource: ARN …`)",
                "find the call in CloudTrail (`aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=NAME`) and import its event",
            )
        };
        return Err(reading.error(".", message, help));
    }
    let count = denials.len();
    for (n, denial) in denials.into_iter().enumerate() {
        let label = if count == 1 {
            "message".to_owned()
        } else {
            format!("message {}", n + 1)
        };
        let name = format!("{NAME_PREFIX} {label}: {}", denial.action);
        let request = request_of(&denial, name, None, BTreeMap::new());
        note_denial(&denial, &request, reading, &label);
        reading.builder.denied_request(request);
    }
    reading.took("requests", count);
    Ok(())
}

/// The request a denial describes: `resource` and `endpoint` stand in where the message names
/// none, `context` is what else is known of the call.
fn request_of(
    denial: &message::Denial,
    name: String,
    endpoint: Option<String>,
    context: BTreeMap<String, precedence::scenario::ContextValue>,
) -> Request {
    Request {
        name: Some(name),
        principal: denial.principal.clone(),
        action: denial.action.clone(),
        resource: denial.resource.clone().unwrap_or_else(|| "*".to_owned()),
        resource_account: None,
        via_endpoint: endpoint.or_else(|| denial.endpoint.clone()),
        session: None,
        context,
        expect: denial.decision,
        expect_stage: denial.stage,
        switched_off_context: Vec::new(),
    }
}

/// Say what the denial leaves open: no resource, no kind of deny, an endpoint stage without an
/// endpoint, the policy AWS named.
fn note_denial(denial: &message::Denial, request: &Request, reading: &mut Reading<'_>, at: &str) {
    if denial.resource.is_none() {
        reading.note(
            Some(at),
            "the message names no resource, so the request's resource is `*`",
        );
    }
    if denial.decision.is_none() {
        reading.note(
            Some(at),
            "the message does not say whether a Deny matched or no policy allowed, so the request expects no decision; it is checked only for being denied",
        );
    }
    if denial.stage == Some(precedence::Stage::Endpoint) && request.via_endpoint.is_none() {
        reading.note(
            Some(at),
            "AWS says no VPC endpoint policy allows it, but the message names no endpoint: set the request's `via_endpoint` to the `vpcEndpointId` CloudTrail logged for the call",
        );
    }
    if let Some(arn) = &denial.policy_arn {
        reading.note(Some(at), format!("AWS names the denying policy: `{arn}`"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_text_with_an_access_denial_reads_as_a_message() {
        assert!(is_message(
            "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: s3:GetObject"
        ));
        assert!(is_message(
            "An error occurred (AccessDeniedException) when calling the GetSecretValue operation"
        ));
        assert!(!is_message("hello, world"));
    }
}
