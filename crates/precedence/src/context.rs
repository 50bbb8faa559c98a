//! The request context: the condition keys a request carries, given or derived.

use serde::Serialize;

use crate::condition::ConditionContext;
use crate::directory::ModelFacts;
use crate::pattern::VariableSource;
use crate::principal::{Caller, CallerKind};

/// One key of the request context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContextEntry {
    /// The key as given, or AWS's spelling for derived keys.
    pub key: String,
    /// The key lowercased, for look-up.
    #[serde(skip)]
    pub key_lower: String,
    /// Its values; one for single-valued keys.
    pub values: Vec<String>,
    /// Whether the key was given as a list (a multivalued key).
    pub multivalued: bool,
    /// Whether Precedence derived it from the request rather than the scenario giving it.
    pub derived: bool,
}

/// The keys of one request, looked up case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct RequestContext {
    entries: Vec<ContextEntry>,
}

/// The endpoint a request came through, for `aws:SourceVpce`/`aws:SourceVpc`.
#[derive(Debug, Clone, Copy)]
pub struct EndpointOrigin<'a> {
    /// The endpoint id (`vpce-…`).
    pub id: &'a str,
    /// The VPC it is in (`vpc-…`), if known.
    pub vpc: Option<&'a str>,
}

impl RequestContext {
    /// A context holding the given keys: `(key, values, multivalued)`.
    pub fn from_given(given: impl IntoIterator<Item = (String, Vec<String>, bool)>) -> Self {
        let mut context = Self::default();
        for (key, values, multivalued) in given {
            context.insert(key, values, multivalued, false);
        }
        context
    }

    /// Add the keys AWS always sets that can be derived from the request, unless given.
    pub fn derive(
        &mut self,
        caller: &Caller,
        resource_account: Option<&str>,
        endpoint: Option<EndpointOrigin<'_>>,
    ) {
        let mut derived: Vec<(&str, String)> = Vec::new();
        // The principal keys belong to signed requests. Anonymous callers sign nothing, nor do
        // web identity and SAML providers: their token or assertion is the request's only
        // credential, and its claims (`accounts.google.com:sub`, `saml:aud`, …) are given keys.
        let signed = caller.kind != CallerKind::Anonymous;
        if let Some(principal_type) = caller.principal_type().filter(|_| signed) {
            derived.push(("aws:PrincipalArn", caller.principal_arn()));
            derived.push(("aws:PrincipalType", principal_type.to_owned()));
            derived.push((
                "aws:PrincipalIsAWSService",
                (caller.kind == CallerKind::Service).to_string(),
            ));
        }
        if let Some(account) = &caller.account {
            derived.push(("aws:PrincipalAccount", account.clone()));
        }
        match &caller.kind {
            CallerKind::User { name } => derived.push(("aws:username", name.clone())),
            CallerKind::Root => {
                if let Some(account) = &caller.account {
                    derived.push(("aws:userid", account.clone()));
                }
            }
            CallerKind::FederatedUser { name } => {
                if let Some(account) = &caller.account {
                    derived.push(("aws:userid", format!("{account}:{name}")));
                }
            }
            _ => {}
        }
        if let Some(account) = resource_account {
            derived.push(("aws:ResourceAccount", account.to_owned()));
        }
        if let Some(endpoint) = endpoint {
            derived.push(("aws:SourceVpce", endpoint.id.to_owned()));
            if let Some(vpc) = endpoint.vpc {
                derived.push(("aws:SourceVpc", vpc.to_owned()));
            }
        }
        for (key, value) in derived {
            if self.get(&key.to_lowercase()).is_none() {
                self.insert(key.to_owned(), vec![value], false, true);
            }
        }
    }

    /// Add the keys the account model gives, unless given: the principal's and the
    /// resource's tags, and the organization's id and paths of their accounts.
    pub(crate) fn derive_model(&mut self, model: &ModelFacts) {
        let mut derived: Vec<(String, String)> = Vec::new();
        for (key, value) in &model.principal_tags {
            derived.push((format!("aws:PrincipalTag/{key}"), value.clone()));
        }
        for (key, value) in &model.resource_tags {
            derived.push((format!("aws:ResourceTag/{key}"), value.clone()));
        }
        let org = [
            (
                "aws:PrincipalOrgID",
                "aws:PrincipalOrgPaths",
                &model.principal_org,
            ),
            (
                "aws:ResourceOrgID",
                "aws:ResourceOrgPaths",
                &model.resource_org,
            ),
        ];
        for (id_key, paths_key, facts) in org {
            let Some((id, path)) = facts else { continue };
            if self.get(&id_key.to_lowercase()).is_none() {
                self.insert(id_key.to_owned(), vec![id.clone()], false, true);
            }
            if let Some(path) = path {
                if self.get(&paths_key.to_lowercase()).is_none() {
                    self.insert(paths_key.to_owned(), vec![path.clone()], true, true);
                }
            }
        }
        for (key, value) in derived {
            if self.get(&key.to_lowercase()).is_none() {
                self.insert(key, vec![value], false, true);
            }
        }
    }

    fn insert(&mut self, key: String, values: Vec<String>, multivalued: bool, derived: bool) {
        let key_lower = key.to_lowercase();
        self.entries.retain(|entry| entry.key_lower != key_lower);
        self.entries.push(ContextEntry {
            key,
            key_lower,
            values,
            multivalued,
            derived,
        });
    }

    /// The entry for `key_lower`, if the request has that key.
    pub fn get(&self, key_lower: &str) -> Option<&ContextEntry> {
        self.entries
            .iter()
            .find(|entry| entry.key_lower == key_lower)
    }

    /// Take `key` (any case) out of the context, given or derived; whether it was there.
    pub fn remove(&mut self, key: &str) -> bool {
        let key_lower = key.to_ascii_lowercase();
        let before = self.entries.len();
        self.entries.retain(|entry| entry.key_lower != key_lower);
        self.entries.len() < before
    }

    /// Every entry, given keys first.
    pub fn entries(&self) -> &[ContextEntry] {
        &self.entries
    }
}

impl VariableSource for RequestContext {
    fn variable_value(&self, key_lower: &str) -> Option<&str> {
        match self.get(key_lower) {
            Some(entry) if !entry.multivalued && entry.values.len() == 1 => {
                entry.values.first().map(String::as_str)
            }
            _ => None,
        }
    }
}

impl ConditionContext for RequestContext {
    fn values(&self, key_lower: &str) -> Option<&[String]> {
        self.get(key_lower).map(|entry| entry.values.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_keys_without_overriding_given_ones() {
        let caller = Caller::parse("arn:aws:sts::111122223333:assumed-role/AppRole/s").unwrap();
        let mut context = RequestContext::from_given([(
            "AWS:PrincipalArn".to_owned(),
            vec!["arn:aws:iam::111122223333:role/team/AppRole".to_owned()],
            false,
        )]);
        context.derive(
            &caller,
            Some("111122223333"),
            Some(EndpointOrigin {
                id: "vpce-1",
                vpc: Some("vpc-1"),
            }),
        );
        let arn = context.get("aws:principalarn").unwrap();
        assert!(!arn.derived);
        assert_eq!(arn.values, ["arn:aws:iam::111122223333:role/team/AppRole"]);
        assert!(context.get("aws:sourcevpce").unwrap().derived);
        assert_eq!(context.variable_value("aws:sourcevpc"), Some("vpc-1"));
        assert!(context.get("aws:username").is_none());
    }

    #[test]
    fn an_identity_provider_signs_nothing_so_no_principal_key_is_derived() {
        let caller = Caller::parse("accounts.google.com").unwrap();
        let mut context = RequestContext::from_given([(
            "accounts.google.com:aud".to_owned(),
            vec!["1234567890.apps.googleusercontent.com".to_owned()],
            false,
        )]);
        context.derive(&caller, Some("111122223333"), None);
        let keys: Vec<&str> = context.entries().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["accounts.google.com:aud", "aws:ResourceAccount"]);
        assert!(!context.get("accounts.google.com:aud").unwrap().derived);
    }
}
