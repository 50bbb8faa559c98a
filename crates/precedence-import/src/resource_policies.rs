//! Resource-based policies as the AWS CLI prints them: S3, KMS, VPC endpoints, SQS, DynamoDB,
//! Secrets Manager. The shapes are those of the AWS CLI reference
//! (<https://docs.aws.amazon.com/cli/latest/reference/>: `s3api get-bucket-policy`,
//! `kms get-key-policy`, `dynamodb get-resource-policy`, `secretsmanager get-resource-policy`,
//! `sqs get-queue-attributes`, `ec2 describe-vpc-endpoints`). Each policy is kept as the text
//! AWS gave.
//!
//! # Which resource a policy is of
//!
//! Secrets Manager's output names its secret (`ARN`), and a queue's attributes name the queue
//! when `QueueArn` was asked for. The others print the policy alone, and
//! [`ImportOptions::resource`] (`--resource ARN`) names the resource. `get-bucket-policy` prints
//! `{"Policy": …}` and nothing else, so that shape is read by `--resource`'s service (`s3` a
//! bucket policy, `kms` a key policy, `dynamodb` a table's or stream's); a `PolicyName` says a
//! key policy and a `RevisionId` a DynamoDB policy whatever the ARN, and an ARN of another
//! service is an error. Without `--resource`, a policy whose `Resource` values (`*` aside) all
//! lie in one bucket, key or table is taken to be that resource's, with a note saying so; a key
//! policy (written with `"Resource": "*"`) always needs `--resource`.

mod arn;

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use precedence::scenario::{Document, EndpointType, PolicyEntry, Resource};

use crate::detect::{Kind, Reading};
use crate::document::policy_document;
use crate::{ImportError, ImportOptions};

/// The resource-policy kind an object's shape (and `--resource`) shows, if any.
pub(crate) fn kind_of(object: &Map<String, Json>, options: &ImportOptions) -> Option<Kind> {
    if object.get("VpcEndpoints").is_some_and(Json::is_array) {
        return Some(Kind::Ec2VpcEndpoints);
    }
    if object.contains_key("ResourcePolicy") {
        return Some(Kind::SecretsmanagerResourcePolicy);
    }
    if let Some(attributes) = object.get("Attributes").and_then(Json::as_object) {
        // SNS's `get-topic-attributes` prints `Attributes` too, naming its `TopicArn`.
        let queue = !attributes.contains_key("TopicArn")
            && (attributes.contains_key("Policy") || attributes.contains_key("QueueArn"));
        return queue.then_some(Kind::SqsQueueAttributes);
    }
    if object.get("Policy").is_some_and(Json::is_string) {
        // An undecided file is read as a bucket policy, the commonest; `read` then says what
        // it lacks.
        return Some(match told(object, options) {
            Told::Marked(kind, _) | Told::ByResource(kind, _) | Told::Guessed(kind, _) => kind,
            Told::Unknown => Kind::S3BucketPolicy,
        });
    }
    None
}

/// Read a resource-policy file of `kind`.
pub(crate) fn read(kind: Kind, value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    match kind {
        Kind::S3BucketPolicy | Kind::KmsKeyPolicy | Kind::DynamodbResourcePolicy => {
            read_policy_alone(value, reading)
        }
        Kind::SqsQueueAttributes => read_queue(value, reading),
        Kind::SecretsmanagerResourcePolicy => read_secret(value, reading),
        Kind::Ec2VpcEndpoints => read_endpoints(value, reading),
        other => Err(reading.error(
            ".",
            format!("`{}` output is not a resource policy", other.describe()),
            "import it on its own: its kind is read elsewhere",
        )),
    }
}

/// What tells the kind of a `{"Policy": …}` file.
enum Told {
    /// A member only one command prints (`PolicyName`: `get-key-policy`; `RevisionId`:
    /// `dynamodb get-resource-policy`).
    Marked(Kind, &'static str),
    /// The service of `--resource`, with its ARN.
    ByResource(Kind, String),
    /// The one resource the policy's `Resource` values name: its kind and ARN.
    Guessed(Kind, String),
    /// Nothing.
    Unknown,
}

fn told(object: &Map<String, Json>, options: &ImportOptions) -> Told {
    if object.contains_key("PolicyName") {
        return Told::Marked(Kind::KmsKeyPolicy, "PolicyName");
    }
    if object.contains_key("RevisionId") {
        return Told::Marked(Kind::DynamodbResourcePolicy, "RevisionId");
    }
    if let Some(resource) = &options.resource {
        return match arn::service(resource).and_then(arn::bare_policy_kind) {
            Some(kind) => Told::ByResource(kind, resource.clone()),
            None => Told::Unknown,
        };
    }
    let text = object
        .get("Policy")
        .and_then(Json::as_str)
        .unwrap_or_default();
    match arn::named_by_policy(text) {
        Some((kind, arn)) => Told::Guessed(kind, arn),
        None => Told::Unknown,
    }
}

/// `get-bucket-policy`, `get-key-policy`, `dynamodb get-resource-policy`: the policy alone, its
/// resource named by `--resource` or by the policy itself.
fn read_policy_alone(value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    let empty = Map::new();
    let object = value.as_object().unwrap_or(&empty);
    let document = document(value.get("Policy"), "Policy", reading)?;
    let options = reading.options;
    let (kind, arn) = match told(object, options) {
        Told::Marked(kind, member) => {
            match &options.resource {
                Some(resource) => {
                    check_arn(kind, resource, Some(member), reading)?;
                    (kind, resource.clone())
                }
                None => {
                    let guessed = arn::named_by_policy(&document.text())
                        .filter(|(guessed, _)| *guessed == kind)
                        .map(|(_, arn)| arn);
                    match guessed {
                    Some(arn) => {
                        note_guess(&arn, reading);
                        (kind, arn)
                    }
                    None => {
                        return Err(reading.error(
                            member,
                            format!("{} prints the policy without its resource, and the policy names none", kind.describe()),
                            format!("give the resource's ARN with `--resource ARN`: {}", arn::form(kind)),
                        ))
                    }
                }
                }
            }
        }
        Told::ByResource(kind, arn) => (kind, arn),
        Told::Guessed(kind, arn) => {
            note_guess(&arn, reading);
            (kind, arn)
        }
        Told::Unknown => {
            let (message, help) = match &options.resource {
                Some(resource) => (
                    format!("`--resource` names `{resource}`, but a file of `{{\"Policy\": …}}` alone is a bucket, key or DynamoDB policy"),
                    "give the ARN of the S3 bucket, KMS key or DynamoDB table the policy is of; for an SQS queue import `aws sqs get-queue-attributes --attribute-names Policy QueueArn`".to_owned(),
                ),
                None => (
                    "the file is a policy alone and does not say which resource it belongs to: `get-bucket-policy`, `get-key-policy` and `dynamodb get-resource-policy` all print it so".to_owned(),
                    "give the resource's ARN with `--resource ARN` (`arn:aws:s3:::BUCKET`, a key's or a table's ARN)".to_owned(),
                ),
            };
            return Err(reading.error("Policy", message, help));
        }
    };
    check_arn(kind, &arn, None, reading)?;
    add_resource(&arn, document, reading);
    Ok(())
}

/// `sqs get-queue-attributes`: `Attributes.Policy`, the queue named by `QueueArn` or
/// `--resource`.
fn read_queue(value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    let attributes = value.get("Attributes").cloned().unwrap_or_default();
    if attributes.get("Policy").is_none() {
        reading.note(
            Some("Attributes"),
            "the attributes hold no `Policy`: the queue has no policy, or it was not asked for (`--attribute-names Policy QueueArn`); nothing was taken in",
        );
        return Ok(());
    }
    let document = document(attributes.get("Policy"), "Attributes.Policy", reading)?;
    let arn = match attributes.get("QueueArn") {
        Some(Json::String(arn)) => arn.clone(),
        Some(_) => {
            return Err(reading.error(
                "Attributes.QueueArn",
                "`QueueArn` is not a string",
                "import the output as the AWS CLI prints it",
            ))
        }
        None => reading.options.resource.clone().ok_or_else(|| {
            reading.error(
                "Attributes",
                "the attributes do not name the queue (no `QueueArn`)",
                "ask for it too (`--attribute-names Policy QueueArn`), or give the queue's ARN with `--resource ARN`",
            )
        })?,
    };
    let at = if attributes.get("QueueArn").is_some() {
        "Attributes.QueueArn"
    } else {
        "."
    };
    if !arn::names(Kind::SqsQueueAttributes, &arn) {
        return Err(reading.error(
            at,
            format!("`{arn}` is not an SQS queue's ARN"),
            format!(
                "the queue's policy needs {}",
                arn::form(Kind::SqsQueueAttributes)
            ),
        ));
    }
    add_resource(&arn, document, reading);
    Ok(())
}

/// `secretsmanager get-resource-policy`: `ResourcePolicy`, the secret named by `ARN`.
fn read_secret(value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    let arn = match value.get("ARN") {
        Some(Json::String(arn)) => arn.clone(),
        _ => return Err(reading.error(
            ".",
            "the file has no `ARN` string naming the secret",
            "import the output of `aws secretsmanager get-resource-policy` as the CLI prints it",
        )),
    };
    if !arn::names(Kind::SecretsmanagerResourcePolicy, &arn) {
        return Err(reading.error(
            "ARN",
            format!("`{arn}` is not a secret's ARN"),
            format!(
                "`ARN` should be {}",
                arn::form(Kind::SecretsmanagerResourcePolicy)
            ),
        ));
    }
    if value.get("ResourcePolicy").is_some_and(Json::is_null) {
        reading.note(
            Some("ResourcePolicy"),
            format!("the secret `{arn}` has no resource policy: nothing was taken in"),
        );
        return Ok(());
    }
    let document = document(value.get("ResourcePolicy"), "ResourcePolicy", reading)?;
    add_resource(&arn, document, reading);
    Ok(())
}

/// `ec2 describe-vpc-endpoints`: each gateway and interface endpoint with its policy.
fn read_endpoints(value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    let items = value
        .get("VpcEndpoints")
        .and_then(Json::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (index, item) in items.iter().enumerate() {
        let at = format!("VpcEndpoints[{index}]");
        let Some(id) = item.get("VpcEndpointId").and_then(Json::as_str) else {
            return Err(reading.error(
                &at,
                "the endpoint has no `VpcEndpointId` string",
                "import the output of `aws ec2 describe-vpc-endpoints` as the CLI prints it",
            ));
        };
        let type_name = item
            .get("VpcEndpointType")
            .and_then(Json::as_str)
            .unwrap_or_default();
        let endpoint_type = match type_name {
            "Gateway" => EndpointType::Gateway,
            "Interface" => EndpointType::Interface,
            other => {
                reading.note(
                    Some(&format!("{at}.VpcEndpointType")),
                    format!(
                        "`{id}` is a {} endpoint, which takes no endpoint policy: not taken in",
                        if other.is_empty() { "typeless" } else { other }
                    ),
                );
                continue;
            }
        };
        let state = item.get("State").and_then(Json::as_str).unwrap_or_default();
        if ["deleting", "deleted", "rejected", "failed", "expired"]
            .contains(&state.to_ascii_lowercase().as_str())
        {
            reading.note(
                Some(&format!("{at}.State")),
                format!("`{id}` is {state}: no request comes through it, so it was not taken in"),
            );
            continue;
        }
        if item.get("PolicyDocument").is_none_or(Json::is_null) {
            reading.note(
                Some(&at),
                format!("`{id}` has no `PolicyDocument` (its service takes no endpoint policy): not taken in"),
            );
            continue;
        }
        let document = document(
            item.get("PolicyDocument"),
            &format!("{at}.PolicyDocument"),
            reading,
        )?;
        let vpc = item.get("VpcId").and_then(Json::as_str).map(str::to_owned);
        reading.builder.endpoint(PolicyEntry {
            id: id.to_owned(),
            document,
            level: None,
            target: None,
            vpc,
            endpoint_type: Some(endpoint_type),
        });
        reading.took("VPC endpoints", 1);
    }
    Ok(())
}

/// The policy document `value` at `path` holds.
fn document(
    value: Option<&Json>,
    path: &str,
    reading: &Reading<'_>,
) -> Result<Document, ImportError> {
    policy_document(value.unwrap_or(&Json::Null)).map_err(|message| {
        reading.error(
            path,
            message,
            "import the output as the AWS CLI prints it: the policy is its JSON text",
        )
    })
}

/// Say which resource the policy was taken to be of, when the user did not.
fn note_guess(arn: &str, reading: &mut Reading<'_>) {
    reading.note(
        Some("Policy"),
        format!("no `--resource` was given: the policy's `Resource` names only `{arn}`, so it was taken to be that resource's policy"),
    );
}

/// An error unless `arn` names a resource whose policy a file of `kind` holds; `member` is
/// what in the file says its kind, if anything does.
fn check_arn(
    kind: Kind,
    arn: &str,
    member: Option<&str>,
    reading: &Reading<'_>,
) -> Result<(), ImportError> {
    if arn::names(kind, arn) {
        return Ok(());
    }
    let given = if reading.options.resource.as_deref() == Some(arn) {
        "`--resource` names"
    } else {
        "the policy names"
    };
    let because = member
        .map(|member| format!(" (its `{member}` says so)"))
        .unwrap_or_default();
    Err(reading.error(
        member.unwrap_or("."),
        format!(
            "{given} `{arn}`, but the file is the output of {}{because}",
            kind.describe()
        ),
        format!("give {}", arn::form(kind)),
    ))
}

/// Add the resource `arn` with `document` as its policy.
fn add_resource(arn: &str, document: Document, reading: &mut Reading<'_>) {
    reading.builder.resource(Resource {
        arn: arn.to_owned(),
        policy: Some(document),
        tags: BTreeMap::new(),
    });
    reading.took("resources", 1);
}
