//! Policy documents as AWS hands them out: a JSON object (the CLI decodes IAM's documents), a
//! string of JSON (Organizations, S3, KMS, SQS, DynamoDB, Secrets Manager, Terraform), or a
//! URL-encoded string (IAM's API, RFC 3986). Text is kept as written, never reformatted.

use percent_encoding::percent_decode_str;
use serde_json::Value as Json;

use precedence::scenario::Document;

/// The document `value` holds, or why it holds none.
pub(crate) fn policy_document(value: &Json) -> Result<Document, String> {
    match value {
        Json::Object(_) => Ok(Document::Json(value.clone())),
        Json::String(text) => {
            let trimmed = text.trim_start();
            if trimmed.starts_with('{') {
                Ok(Document::Text(text.clone()))
            } else if trimmed.starts_with("%7B") || trimmed.starts_with("%7b") {
                percent_decode_str(text)
                    .decode_utf8()
                    .map(|decoded| Document::Text(decoded.into_owned()))
                    .map_err(|_| "the URL-encoded policy does not decode to UTF-8 text".to_owned())
            } else {
                Err(
                    "the policy is neither a JSON object nor JSON text (nor URL-encoded JSON)"
                        .into(),
                )
            }
        }
        Json::Null => Err("the policy is null: the resource has no policy".into()),
        _ => Err("a policy document is a JSON object or a string holding one".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_read_in_each_form_aws_gives_them() {
        let object = serde_json::json!({"Version": "2012-10-17", "Statement": []});
        assert_eq!(policy_document(&object), Ok(Document::Json(object.clone())));
        let text = Json::String("{\"Statement\": []}".into());
        assert_eq!(
            policy_document(&text),
            Ok(Document::Text("{\"Statement\": []}".into()))
        );
        let encoded = Json::String("%7B%22Statement%22%3A%20%5B%5D%7D".into());
        assert_eq!(
            policy_document(&encoded),
            Ok(Document::Text("{\"Statement\": []}".into()))
        );
        assert!(policy_document(&Json::from(3)).is_err());
        assert!(policy_document(&Json::String("Allow everything".into())).is_err());
    }
}
