//! The ARNs of the resources whose policies the CLI prints: which kind of policy an ARN's
//! service holds, whether an ARN names such a resource, and the one resource a policy's own
//! `Resource` values name.

use serde_json::Value as Json;

use crate::detect::Kind;

/// An ARN's six parts: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
struct Arn<'a> {
    partition: &'a str,
    service: &'a str,
    region: &'a str,
    account: &'a str,
    resource: &'a str,
}

fn parse(text: &str) -> Option<Arn<'_>> {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", partition, service, region, account, resource] if !partition.is_empty() => {
            Some(Arn {
                partition,
                service,
                region,
                account,
                resource,
            })
        }
        _ => None,
    }
}

/// The service an ARN names (`s3`, `kms`), if it is an ARN.
pub(crate) fn service(text: &str) -> Option<&str> {
    parse(text).map(|arn| arn.service)
}

/// The kind of `{"Policy": …}` file a service's resources have: S3 buckets, KMS keys,
/// DynamoDB tables and streams.
pub(crate) fn bare_policy_kind(service: &str) -> Option<Kind> {
    match service {
        "s3" => Some(Kind::S3BucketPolicy),
        "kms" => Some(Kind::KmsKeyPolicy),
        "dynamodb" => Some(Kind::DynamodbResourcePolicy),
        _ => None,
    }
}

/// Whether `text` is the ARN of a resource whose policy a file of `kind` holds.
pub(crate) fn names(kind: Kind, text: &str) -> bool {
    let Some(arn) = parse(text) else {
        return false;
    };
    let regional = |service: &str| {
        arn.service == service && !arn.region.is_empty() && is_account_id(arn.account)
    };
    match kind {
        Kind::S3BucketPolicy => {
            arn.service == "s3"
                && arn.region.is_empty()
                && arn.account.is_empty()
                && is_name(arn.resource)
        }
        Kind::KmsKeyPolicy => {
            regional("kms") && arn.resource.strip_prefix("key/").is_some_and(is_name)
        }
        Kind::DynamodbResourcePolicy => {
            regional("dynamodb")
                && dynamodb_resource(arn.resource).is_some_and(|owner| owner == arn.resource)
        }
        Kind::SqsQueueAttributes => regional("sqs") && is_name(arn.resource),
        Kind::SecretsmanagerResourcePolicy => {
            regional("secretsmanager") && arn.resource.strip_prefix("secret:").is_some_and(is_name)
        }
        _ => false,
    }
}

/// The form of ARN a file of `kind` needs, for messages.
pub(crate) fn form(kind: Kind) -> &'static str {
    match kind {
        Kind::S3BucketPolicy => {
            "an S3 bucket's ARN: `arn:aws:s3:::BUCKET` (the bucket, not an object in it)"
        }
        Kind::KmsKeyPolicy => {
            "a KMS key's ARN: `arn:aws:kms:REGION:ACCOUNT:key/KEY-ID` (not an alias)"
        }
        Kind::DynamodbResourcePolicy => "a DynamoDB table's or stream's ARN: `arn:aws:dynamodb:REGION:ACCOUNT:table/NAME` or `…:table/NAME/stream/LABEL`",
        Kind::SqsQueueAttributes => "an SQS queue's ARN: `arn:aws:sqs:REGION:ACCOUNT:QUEUE`",
        Kind::SecretsmanagerResourcePolicy => {
            "a secret's ARN: `arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME`"
        }
        _ => "the ARN of the resource the policy belongs to",
    }
}

/// The resource a bucket, key or table policy belongs to, when every ARN of its statements'
/// `Resource` (`*` aside) names the same bucket, key or table (or stream): with the kind of
/// file that policy comes in.
pub(crate) fn named_by_policy(text: &str) -> Option<(Kind, String)> {
    let policy: Json = serde_json::from_str(text).ok()?;
    let statements = match policy.get("Statement")? {
        Json::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    let mut named: Option<(Kind, String)> = None;
    for statement in statements {
        let values = match statement.get("Resource") {
            Some(Json::String(one)) => vec![one.as_str()],
            Some(Json::Array(many)) => many.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        for value in values.into_iter().filter(|v| *v != "*") {
            let owner = owning_resource(value)?;
            match &named {
                Some(known) if *known != owner => return None,
                Some(_) => {}
                None => named = Some(owner),
            }
        }
    }
    named
}

/// The bucket, key, table or stream a `Resource` value is in: `arn:aws:s3:::B/*` is in bucket
/// `arn:aws:s3:::B`, `…:table/T/index/I` in table `…:table/T`.
fn owning_resource(value: &str) -> Option<(Kind, String)> {
    let arn = parse(value)?;
    let Arn {
        partition,
        service,
        region,
        account,
        resource,
    } = arn;
    match service {
        "s3" if region.is_empty() && account.is_empty() => {
            let bucket = resource.split('/').next().filter(|b| is_name(b))?;
            Some((
                Kind::S3BucketPolicy,
                format!("arn:{partition}:s3:::{bucket}"),
            ))
        }
        "kms" if names(Kind::KmsKeyPolicy, value) => Some((Kind::KmsKeyPolicy, value.to_owned())),
        "dynamodb" if is_account_id(account) && !region.is_empty() => {
            let owner = dynamodb_resource(resource)?;
            Some((
                Kind::DynamodbResourcePolicy,
                format!("arn:{partition}:dynamodb:{region}:{account}:{owner}"),
            ))
        }
        _ => None,
    }
}

/// The table (`table/T`) or stream (`table/T/stream/LABEL`) a DynamoDB resource is, or is in.
fn dynamodb_resource(resource: &str) -> Option<String> {
    let steps: Vec<&str> = resource.split('/').collect();
    match steps.as_slice() {
        ["table", table, rest @ ..] if is_name(table) => match rest {
            ["stream", label] if is_name(label) => Some(format!("table/{table}/stream/{label}")),
            ["stream", ..] => None,
            _ => Some(format!("table/{table}")),
        },
        _ => None,
    }
}

/// A name without wildcards or separators.
fn is_name(text: &str) -> bool {
    !text.is_empty() && !text.contains(['*', '?', '/'])
}

fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_takes_the_arn_of_its_resource() {
        assert!(names(
            Kind::S3BucketPolicy,
            "arn:aws:s3:::amzn-s3-demo-bucket"
        ));
        assert!(!names(
            Kind::S3BucketPolicy,
            "arn:aws:s3:::amzn-s3-demo-bucket/key"
        ));
        let key = "arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert!(names(Kind::KmsKeyPolicy, key));
        assert!(!names(
            Kind::KmsKeyPolicy,
            "arn:aws:kms:us-east-2:111122223333:alias/app"
        ));
        assert!(names(
            Kind::DynamodbResourcePolicy,
            "arn:aws:dynamodb:us-west-2:111122223333:table/Music"
        ));
        assert!(!names(
            Kind::DynamodbResourcePolicy,
            "arn:aws:dynamodb:us-west-2:111122223333:table/Music/index/ByArtist"
        ));
        assert!(names(
            Kind::SqsQueueAttributes,
            "arn:aws:sqs:us-east-1:111122223333:MyQueue"
        ));
        assert!(!names(Kind::SqsQueueAttributes, "arn:aws:s3:::MyQueue"));
    }

    #[test]
    fn a_policy_naming_one_resource_tells_which() {
        let bucket = r#"{"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]}]}"#;
        assert_eq!(
            named_by_policy(bucket),
            Some((Kind::S3BucketPolicy, "arn:aws:s3:::reports".to_owned()))
        );
        let two = r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]}}"#;
        assert_eq!(named_by_policy(two), None);
        let key = r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}"#;
        assert_eq!(named_by_policy(key), None, "a key policy names no key");
        let table = r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "dynamodb:Query", "Resource": "arn:aws:dynamodb:us-west-2:111122223333:table/Music/index/*"}]}"#;
        assert_eq!(
            named_by_policy(table),
            Some((
                Kind::DynamodbResourcePolicy,
                "arn:aws:dynamodb:us-west-2:111122223333:table/Music".to_owned()
            ))
        );
        assert_eq!(named_by_policy("not json"), None);
    }
}
