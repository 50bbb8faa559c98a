//! CloudTrail events with an AccessDenied error: one event, a log file's `{"Records": […]}`,
//! or `aws cloudtrail lookup-events` output (`{"Events": [{"CloudTrailEvent": "…"}]}`).
//!
//! The fields are those of the CloudTrail record contents
//! (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html>):
//! `userIdentity.arn` is the caller (a role session as `arn:aws:sts::…:assumed-role/ROLE/SESSION`),
//! `eventSource` and `eventName` the call, `resources[].ARN` (or, for S3, `requestParameters`
//! `bucketName` and `key`) the resource, `sourceIPAddress`, `awsRegion` and `vpcEndpointId` the
//! request's context, and `errorMessage` the AccessDenied message.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde_json::{Map, Value as Json};

use precedence::scenario::{ContextValue, Scalar};

use super::message::{denials, Denial};
use super::{note_denial, request_of, NAME_PREFIX};
use crate::detect::Reading;
use crate::ImportError;

/// Whether an object is a CloudTrail event or a file of them.
pub(crate) fn is_event(object: &Map<String, Json>) -> bool {
    let first = |key: &str| {
        object
            .get(key)
            .and_then(Json::as_array)
            .and_then(|items| items.first())
    };
    (object.contains_key("eventSource") && object.contains_key("eventName"))
        || first("Records").is_some_and(|r| r.get("eventName").is_some())
        || first("Events").is_some_and(|e| e.get("CloudTrailEvent").is_some())
}

/// Read the events of `value`: the denied ones become requests; the others are counted.
pub(crate) fn read(value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    let events = events_of(value, reading)?;
    let (mut succeeded, mut other_errors, mut taken) = (0, 0, 0);
    for (path, event) in &events {
        match event.get("errorCode").and_then(Json::as_str) {
            None => succeeded += 1,
            Some(code) if is_denial(code) => {
                if read_one(path, event, reading) {
                    taken += 1;
                }
            }
            Some(_) => other_errors += 1,
        }
    }
    reading.took("requests", taken);
    if succeeded > 0 {
        reading.note(
            None,
            format!("{succeeded} event(s) without an error were skipped: only denied calls become requests"),
        );
    }
    if other_errors > 0 {
        reading.note(
            None,
            format!("{other_errors} event(s) failed with an error other than an access denial and were skipped"),
        );
    }
    Ok(())
}

/// The events of the file, each with its JSON path.
fn events_of(value: &Json, reading: &Reading<'_>) -> Result<Vec<(String, Json)>, ImportError> {
    if let Some(records) = value.get("Records") {
        let records = records.as_array().ok_or_else(|| {
            reading.error(
                "Records",
                "`Records` is not an array",
                "import a CloudTrail log file as CloudTrail wrote it",
            )
        })?;
        return Ok(records
            .iter()
            .enumerate()
            .map(|(r, record)| (format!("Records[{r}]"), record.clone()))
            .collect());
    }
    if let Some(Json::Array(events)) = value.get("Events") {
        let mut out = Vec::with_capacity(events.len());
        for (e, entry) in events.iter().enumerate() {
            let path = format!("Events[{e}].CloudTrailEvent");
            let text = entry.get("CloudTrailEvent").and_then(Json::as_str);
            let event = text
                .and_then(|t| serde_json::from_str(t).ok())
                .ok_or_else(|| {
                    reading.error(
                        &path,
                        "`CloudTrailEvent` is not a string holding the event's JSON",
                        "import the output of `aws cloudtrail lookup-events` unedited",
                    )
                })?;
            out.push((path, event));
        }
        return Ok(out);
    }
    Ok(vec![(".".to_owned(), value.clone())])
}

/// Whether an `errorCode` is an access denial.
fn is_denial(code: &str) -> bool {
    code.ends_with("AccessDenied")
        || code.ends_with("AccessDeniedException")
        || code.contains("UnauthorizedOperation")
        || code.starts_with("AuthorizationError")
}

/// Read one denied event into a request; `false`, with a note, when it names no caller.
fn read_one(path: &str, event: &Json, reading: &mut Reading<'_>) -> bool {
    let text = |key: &str| event.get(key).and_then(Json::as_str);
    let identity = event.get("userIdentity");
    let caller = identity.and_then(|i| match i.get("type").and_then(Json::as_str) {
        Some("AWSService") => i.get("invokedBy").and_then(Json::as_str),
        _ => i.get("arn").and_then(Json::as_str),
    });
    let Some(caller) = caller else {
        reading.note(
            Some(path),
            "the event names no caller ARN (a call from another account's principal, or by an AWS service without one), so it is skipped",
        );
        return false;
    };
    let said: Option<Denial> = text("errorMessage").and_then(|m| denials(m).into_iter().next());
    let action = said.as_ref().map(|d| d.action.clone()).or_else(|| {
        let service = text("eventSource")?.strip_suffix(".amazonaws.com")?;
        Some(action_of(service, text("eventName")?))
    });
    let Some(action) = action else {
        reading.note(
            Some(path),
            "the event has no `eventSource` and `eventName`, so its action is unknown and it is skipped",
        );
        return false;
    };
    let (resource, resource_account) = match said.as_ref().and_then(|d| d.resource.clone()) {
        Some(resource) => (Some(resource), None),
        None => resource_of(event),
    };
    let denial = Denial {
        principal: caller.to_owned(),
        action,
        resource,
        decision: said.as_ref().and_then(|d| d.decision),
        stage: said.as_ref().and_then(|d| d.stage),
        policy_arn: said.as_ref().and_then(|d| d.policy_arn.clone()),
        endpoint: said.as_ref().and_then(|d| d.endpoint.clone()),
    };
    let endpoint = text("vpcEndpointId").map(str::to_owned);
    if let Some(id) = &endpoint {
        reading.note(
            Some(path),
            format!("the call came through `{id}`: the scenario needs that endpoint's policy (`aws ec2 describe-vpc-endpoints --vpc-endpoint-ids {id}`)"),
        );
    }
    let when = text("eventTime").unwrap_or("an unknown time");
    let name = format!(
        "{NAME_PREFIX} in CloudTrail: {} at {when}{}",
        denial.action,
        text("eventID").map_or(String::new(), |id| format!(" (event {id})"))
    );
    let mut request = request_of(&denial, name, endpoint, context_of(event));
    request.resource_account = resource_account;
    if said.is_none() {
        reading.note(
            Some(path),
            format!(
                "the event's errorMessage ({}) does not say which policy type denied the call",
                text("errorMessage").map_or("none".to_owned(), |m| format!("`{m}`"))
            ),
        );
    }
    note_denial(&denial, &request, reading, path);
    reading.builder.denied_request(request);
    true
}

/// The IAM action of an API call. Most calls are authorized as the action of their name; the
/// S3 calls below are not ("Amazon S3 API operations and the permissions they need",
/// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations.html>), and CloudWatch's
/// events come from `monitoring.amazonaws.com`.
fn action_of(service: &str, event_name: &str) -> String {
    let service = match service {
        "monitoring" => "cloudwatch",
        other => other,
    };
    let name = match (service, event_name) {
        ("s3", "ListObjects" | "ListObjectsV2" | "HeadBucket") => "ListBucket",
        ("s3", "ListObjectVersions") => "ListBucketVersions",
        ("s3", "HeadObject") => "GetObject",
        (_, name) => name,
    };
    format!("{service}:{name}")
}

/// The resource of the call and its account: the object's ARN before the bucket's (an S3
/// data event lists both), else what the S3 `requestParameters` name.
fn resource_of(event: &Json) -> (Option<String>, Option<String>) {
    let listed: Vec<&Json> = event
        .get("resources")
        .and_then(Json::as_array)
        .map(|r| r.iter().collect())
        .unwrap_or_default();
    let chosen = listed
        .iter()
        .find(|r| r.get("type").and_then(Json::as_str) == Some("AWS::S3::Object"))
        .or_else(|| listed.first());
    if let Some(arn) = chosen.and_then(|r| r.get("ARN")).and_then(Json::as_str) {
        let account = chosen
            .and_then(|r| r.get("accountId"))
            .and_then(Json::as_str)
            .filter(|_| arn.split(':').nth(4) == Some(""));
        return (Some(arn.to_owned()), account.map(str::to_owned));
    }
    let parameters = event.get("requestParameters");
    let parameter = |key: &str| parameters.and_then(|p| p.get(key)).and_then(Json::as_str);
    let resource = match (parameter("bucketName"), parameter("key")) {
        (Some(bucket), Some(key)) => Some(format!("arn:aws:s3:::{bucket}/{key}")),
        (Some(bucket), None) => Some(format!("arn:aws:s3:::{bucket}")),
        _ => None,
    };
    (resource, None)
}

/// What the event says of the request's context: `aws:SourceIp` (when the source is an
/// address, not an AWS service), `aws:RequestedRegion`, `aws:MultiFactorAuthPresent`.
fn context_of(event: &Json) -> BTreeMap<String, ContextValue> {
    let mut context = BTreeMap::new();
    let text = |value: Option<&Json>| value.and_then(Json::as_str).map(str::to_owned);
    let mut set = |key: &str, value: Option<String>| {
        if let Some(value) = value {
            context.insert(key.to_owned(), ContextValue::One(Scalar::Text(value)));
        }
    };
    set(
        "aws:SourceIp",
        text(event.get("sourceIPAddress")).filter(|ip| ip.parse::<IpAddr>().is_ok()),
    );
    set("aws:RequestedRegion", text(event.get("awsRegion")));
    set(
        "aws:MultiFactorAuthPresent",
        text(event.pointer("/userIdentity/sessionContext/attributes/mfaAuthenticated")),
    );
    context
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_authorized_as_their_actions() {
        assert_eq!(action_of("s3", "GetObject"), "s3:GetObject");
        assert_eq!(action_of("s3", "ListObjectsV2"), "s3:ListBucket");
        assert_eq!(
            action_of("monitoring", "PutMetricData"),
            "cloudwatch:PutMetricData"
        );
    }

    #[test]
    fn denials_are_told_by_their_error_code() {
        for code in [
            "AccessDenied",
            "AccessDeniedException",
            "Client.UnauthorizedOperation",
        ] {
            assert!(is_denial(code), "{code}");
        }
        assert!(!is_denial("NoSuchKey"));
    }
}
