//! Who is calling: the kinds of AWS principal, read from an ARN, and how a `Principal` element
//! names them.

use serde::Serialize;

use crate::policy::{PrincipalId, PrincipalNamespace};

/// The kind of principal making a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum CallerKind {
    /// The account's root user (`arn:aws:iam::111122223333:root`).
    Root,
    /// An IAM user.
    User {
        /// The user name (unique in the account, whatever the path).
        name: String,
    },
    /// A session of an IAM role, named by the role's ARN (session name unknown).
    Role {
        /// The role name (unique in the account, whatever the path).
        name: String,
        /// The role's path, e.g. `/aws-service-role/ecs.amazonaws.com/`.
        path: String,
    },
    /// A named session of an IAM role (`arn:aws:sts::…:assumed-role/Role/Session`).
    AssumedRole {
        /// The role name.
        role: String,
        /// The session name.
        session: String,
    },
    /// A federated user session (`arn:aws:sts::…:federated-user/Name`).
    FederatedUser {
        /// The federated user name.
        name: String,
    },
    /// An AWS service principal, e.g. `cloudtrail.amazonaws.com`.
    Service,
    /// A web identity (OIDC) provider calling `sts:AssumeRoleWithWebIdentity` for one of its
    /// users: a provider AWS has built in (`accounts.google.com`, `graph.facebook.com`,
    /// `www.amazon.com`, `cognito-identity.amazonaws.com`) or an IAM OIDC provider, named by
    /// its ARN (`arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com`).
    /// It is no IAM principal: it has no identity-based policy, no boundary and no account.
    WebIdentity {
        /// The provider's URL without `https://` (`token.actions.githubusercontent.com`): the
        /// prefix of its condition keys, such as `token.actions.githubusercontent.com:sub`.
        provider: String,
    },
    /// A SAML 2.0 identity provider calling `sts:AssumeRoleWithSAML` for one of its users,
    /// named by the ARN of its IAM SAML provider
    /// (`arn:aws:iam::111122223333:saml-provider/ExampleIdP`). It is no IAM principal either.
    Saml {
        /// The SAML provider's name in IAM (`ExampleIdP`).
        provider: String,
    },
    /// An unauthenticated caller (`*` or `anonymous`).
    Anonymous,
}

/// The calling principal of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Caller {
    /// The principal as the request gave it.
    pub arn: String,
    /// The partition (`aws`, `aws-cn`, …) when the principal is an ARN.
    pub partition: String,
    /// The account id, when the principal belongs to one. An OIDC or SAML provider's ARN names
    /// the account that holds the provider, but the provider is none of its principals: none.
    pub account: Option<String>,
    /// What kind of principal it is.
    pub kind: CallerKind,
}

/// Why a principal could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerError(pub String);

/// The web identity providers AWS has built in: a trust policy names them as they are, not by
/// an ARN (IAM User Guide, "AWS JSON policy elements: Principal",
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>).
pub const BUILT_IN_WEB_IDENTITY_PROVIDERS: [&str; 4] = [
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
    "cognito-identity.amazonaws.com",
];

/// Whether `text` is a 12-digit AWS account id.
pub(crate) fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

impl Caller {
    /// Read a principal: an IAM/STS ARN, a service principal, a web identity or SAML provider,
    /// or `*`/`anonymous`.
    pub fn parse(principal: &str) -> Result<Self, CallerError> {
        if BUILT_IN_WEB_IDENTITY_PROVIDERS.contains(&principal) {
            return Ok(Self {
                arn: principal.to_owned(),
                partition: "aws".into(),
                account: None,
                kind: CallerKind::WebIdentity {
                    provider: principal.to_owned(),
                },
            });
        }
        if principal == "*" || principal.eq_ignore_ascii_case("anonymous") {
            return Ok(Self {
                arn: principal.to_owned(),
                partition: "aws".into(),
                account: None,
                kind: CallerKind::Anonymous,
            });
        }
        if !principal.starts_with("arn:") && principal.ends_with(".amazonaws.com") {
            return Ok(Self {
                arn: principal.to_owned(),
                partition: "aws".into(),
                account: None,
                kind: CallerKind::Service,
            });
        }
        let fields: Vec<&str> = principal.splitn(6, ':').collect();
        let [_, partition, service, _, account, resource] = fields.as_slice() else {
            return Err(CallerError(not_an_arn(principal)));
        };
        if !is_account_id(account) {
            return Err(CallerError(format!(
                "the account field of `{principal}` must be a 12-digit account id"
            )));
        }
        let last_segment = |rest: &str| rest.rsplit('/').next().unwrap_or(rest).to_owned();
        let kind = match (*service, resource.split_once('/')) {
            ("iam", None) if *resource == "root" => CallerKind::Root,
            ("iam", Some(("user", rest))) if !rest.is_empty() => CallerKind::User {
                name: last_segment(rest),
            },
            ("iam", Some(("role", rest))) if !rest.is_empty() => {
                let name = last_segment(rest);
                let path = format!("/{}", &rest[..rest.len() - name.len()]);
                CallerKind::Role { name, path }
            }
            ("sts", Some(("assumed-role", rest))) => match rest.split_once('/') {
                Some((role, session)) if !role.is_empty() && !session.is_empty() => {
                    CallerKind::AssumedRole {
                        role: role.to_owned(),
                        session: session.to_owned(),
                    }
                }
                _ => {
                    return Err(CallerError(format!(
                        "`{principal}` must read `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`"
                    )))
                }
            },
            ("sts", Some(("federated-user", name))) if !name.is_empty() => {
                CallerKind::FederatedUser {
                    name: name.to_owned(),
                }
            }
            ("iam", Some(("oidc-provider", url))) if !url.is_empty() => CallerKind::WebIdentity {
                provider: url.to_owned(),
            },
            ("iam", Some(("saml-provider", name))) if !name.is_empty() => CallerKind::Saml {
                provider: name.to_owned(),
            },
            _ => {
                return Err(CallerError(format!(
                    "`{principal}` is not a user, role, assumed-role session, federated user, root, OIDC provider or SAML provider ARN"
                )))
            }
        };
        // An identity provider is a resource of its account, not one of its principals.
        let account = (!matches!(
            kind,
            CallerKind::WebIdentity { .. } | CallerKind::Saml { .. }
        ))
        .then(|| (*account).to_owned());
        Ok(Self {
            arn: principal.to_owned(),
            partition: (*partition).to_owned(),
            account,
            kind,
        })
    }

    /// Whether the caller is a web identity or SAML provider: no IAM principal, signing no
    /// request; only a role's trust policy can let it in.
    pub fn is_identity_provider(&self) -> bool {
        matches!(
            self.kind,
            CallerKind::WebIdentity { .. } | CallerKind::Saml { .. }
        )
    }

    /// The one action a web identity or SAML provider calls, for those callers.
    pub fn federation_action(&self) -> Option<&'static str> {
        match self.kind {
            CallerKind::WebIdentity { .. } => Some("sts:AssumeRoleWithWebIdentity"),
            CallerKind::Saml { .. } => Some("sts:AssumeRoleWithSAML"),
            _ => None,
        }
    }

    /// The value of `aws:PrincipalArn`: for a role session, the role's ARN.
    pub fn principal_arn(&self) -> String {
        match (&self.kind, &self.account) {
            (CallerKind::AssumedRole { role, .. }, Some(account)) => {
                format!("arn:{}:iam::{account}:role/{role}", self.partition)
            }
            _ => self.arn.clone(),
        }
    }

    /// The value of `aws:PrincipalType`; none for a web identity or SAML provider, whose call
    /// is not signed with AWS credentials (AWS documents no principal type for it).
    pub fn principal_type(&self) -> Option<&'static str> {
        match self.kind {
            CallerKind::Root => Some("Account"),
            CallerKind::User { .. } => Some("User"),
            CallerKind::Role { .. } | CallerKind::AssumedRole { .. } => Some("AssumedRole"),
            CallerKind::FederatedUser { .. } => Some("FederatedUser"),
            CallerKind::Service => Some("Service"),
            CallerKind::Anonymous => Some("Anonymous"),
            CallerKind::WebIdentity { .. } | CallerKind::Saml { .. } => None,
        }
    }

    /// The role name, for role sessions.
    pub fn role_name(&self) -> Option<&str> {
        match &self.kind {
            CallerKind::Role { name, .. } => Some(name),
            CallerKind::AssumedRole { role, .. } => Some(role),
            _ => None,
        }
    }

    /// Whether the caller is a service-linked role (SCPs do not apply to them).
    pub fn is_service_linked_role(&self) -> bool {
        match &self.kind {
            CallerKind::Role { path, name } => {
                path.starts_with("/aws-service-role/") || name.starts_with("AWSServiceRoleFor")
            }
            CallerKind::AssumedRole { role, .. } => role.starts_with("AWSServiceRoleFor"),
            _ => false,
        }
    }

    /// Whether a permissions boundary can limit the caller: an IAM user or role, or a session
    /// of one (a federated-user session has its IAM user's boundary).
    pub fn can_have_boundary(&self) -> bool {
        matches!(self.kind, CallerKind::User { .. }) || self.has_session()
    }

    /// Whether the caller works in a session that session policies can limit.
    pub fn has_session(&self) -> bool {
        matches!(
            self.kind,
            CallerKind::Role { .. }
                | CallerKind::AssumedRole { .. }
                | CallerKind::FederatedUser { .. }
        )
    }
}

/// Why `principal`, which has no ARN's six fields, cannot be read.
fn not_an_arn(principal: &str) -> String {
    let host_like =
        !principal.is_empty() && principal.contains('.') && !principal.contains([':', ' ']);
    if host_like {
        format!(
            "`{principal}` is not a web identity provider AWS has built in ({}); name an IAM OIDC provider by its ARN, `arn:aws:iam::ACCOUNT:oidc-provider/{principal}`",
            BUILT_IN_WEB_IDENTITY_PROVIDERS.map(|p| format!("`{p}`")).join(", ")
        )
    } else {
        format!("`{principal}` is not an IAM or STS principal ARN")
    }
}

/// How a `Principal` identifier named the caller; this decides what a resource-based policy's
/// grant needs besides itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PrincipalMatch {
    /// The caller's account (account id or `…:root`): the grant is delegated to the account.
    Account,
    /// The role's ARN, for one of its sessions.
    RoleArn,
    /// Everyone (`"*"`), or everyone but those a `NotPrincipal` lists.
    Everyone,
    /// A federated-user, service, federated or canonical-user identifier equal to the caller.
    Other,
    /// The IAM user's ARN.
    UserArn,
    /// The role session's ARN.
    SessionArn,
}

impl PrincipalMatch {
    /// Whether a same-account grant of this kind stands without an identity-based Allow.
    pub fn grants_directly(self) -> bool {
        self != PrincipalMatch::Account
    }
}

/// How `id` names `caller`, if it does.
pub fn match_principal_id(id: &PrincipalId, caller: &Caller) -> Option<PrincipalMatch> {
    let value = id.value.as_str();
    match id.namespace {
        PrincipalNamespace::Aws => match_aws_principal(value, caller),
        PrincipalNamespace::Service => (caller.kind == CallerKind::Service
            && caller.arn.eq_ignore_ascii_case(value))
        .then_some(PrincipalMatch::Other),
        // An identity provider is named exactly as IAM knows it: a built-in provider's name
        // or the ARN of the IAM OIDC or SAML provider. It names no IAM principal.
        PrincipalNamespace::Federated => {
            (caller.is_identity_provider() && caller.arn == value).then_some(PrincipalMatch::Other)
        }
        PrincipalNamespace::CanonicalUser => (caller.arn == value).then_some(PrincipalMatch::Other),
    }
}

fn match_aws_principal(value: &str, caller: &Caller) -> Option<PrincipalMatch> {
    if value == "*" {
        return Some(PrincipalMatch::Everyone);
    }
    let account = caller.account.as_deref()?;
    if value == account {
        return Some(PrincipalMatch::Account);
    }
    let named = Caller::parse(value).ok()?;
    if named.account.as_deref() != Some(account) || named.partition != caller.partition {
        return None;
    }
    match (&named.kind, &caller.kind) {
        (CallerKind::Root, _) => Some(PrincipalMatch::Account),
        (CallerKind::User { name }, CallerKind::User { name: caller_name }) => {
            (name == caller_name).then_some(PrincipalMatch::UserArn)
        }
        (CallerKind::Role { name, .. }, _) => {
            (caller.role_name() == Some(name.as_str())).then_some(PrincipalMatch::RoleArn)
        }
        (
            CallerKind::AssumedRole { role, session },
            CallerKind::AssumedRole {
                role: caller_role,
                session: caller_session,
            },
        ) => {
            (role == caller_role && session == caller_session).then_some(PrincipalMatch::SessionArn)
        }
        (CallerKind::FederatedUser { name }, CallerKind::FederatedUser { name: caller_name }) => {
            (name == caller_name).then_some(PrincipalMatch::Other)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn aws(value: &str) -> PrincipalId {
        PrincipalId {
            namespace: PrincipalNamespace::Aws,
            value: value.into(),
            span: Span::default(),
        }
    }

    #[test]
    fn reads_principal_kinds() {
        let session =
            Caller::parse("arn:aws:sts::111122223333:assumed-role/AppRole/i-123").unwrap();
        assert_eq!(
            session.principal_arn(),
            "arn:aws:iam::111122223333:role/AppRole"
        );
        assert_eq!(session.principal_type(), Some("AssumedRole"));
        let role = Caller::parse("arn:aws:iam::111122223333:role/team/AppRole").unwrap();
        assert_eq!(role.role_name(), Some("AppRole"));
        let slr = Caller::parse(
            "arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
        )
        .unwrap();
        assert!(slr.is_service_linked_role());
        assert!(Caller::parse("arn:aws:iam::1111:user/x").is_err());
        assert!(Caller::parse("not an arn").is_err());
    }

    fn id(namespace: PrincipalNamespace, value: &str) -> PrincipalId {
        PrincipalId {
            namespace,
            value: value.into(),
            span: Span::default(),
        }
    }

    #[test]
    fn reads_web_identity_and_saml_providers() {
        for built_in in BUILT_IN_WEB_IDENTITY_PROVIDERS {
            let caller = Caller::parse(built_in).unwrap();
            assert_eq!(
                caller.kind,
                CallerKind::WebIdentity {
                    provider: built_in.into()
                }
            );
            assert_eq!(caller.account, None);
            assert!(caller.is_identity_provider());
        }
        // Cognito's name ends like a service principal's, but it is an identity provider.
        assert_ne!(
            Caller::parse("cognito-identity.amazonaws.com")
                .unwrap()
                .kind,
            CallerKind::Service
        );
        let github = Caller::parse(
            "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
        )
        .unwrap();
        assert_eq!(
            github.kind,
            CallerKind::WebIdentity {
                provider: "token.actions.githubusercontent.com".into()
            }
        );
        let eks = Caller::parse(
            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
        )
        .unwrap();
        assert_eq!(
            eks.kind,
            CallerKind::WebIdentity {
                provider: "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
                    .into()
            }
        );
        let saml = Caller::parse("arn:aws:iam::111122223333:saml-provider/ExampleIdP").unwrap();
        assert_eq!(
            saml.kind,
            CallerKind::Saml {
                provider: "ExampleIdP".into()
            }
        );
        // A provider belongs to its account as a resource; it is no principal of it.
        assert_eq!(saml.account, None);
        assert_eq!(saml.principal_type(), None);
        assert_eq!(saml.federation_action(), Some("sts:AssumeRoleWithSAML"));
        assert_eq!(
            github.federation_action(),
            Some("sts:AssumeRoleWithWebIdentity")
        );
        assert!(Caller::parse("arn:aws:iam::111122223333:saml-provider/").is_err());
    }

    #[test]
    fn an_unknown_provider_host_is_told_to_use_the_oidc_provider_arn() {
        let error = Caller::parse("token.actions.githubusercontent.com").unwrap_err();
        assert!(
            error.0.contains(
                "`arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com`"
            ),
            "{}",
            error.0
        );
        assert_eq!(
            Caller::parse("not an arn").unwrap_err().0,
            "`not an arn` is not an IAM or STS principal ARN"
        );
    }

    #[test]
    fn a_federated_principal_names_only_that_provider() {
        let google = Caller::parse("accounts.google.com").unwrap();
        let saml = Caller::parse("arn:aws:iam::111122223333:saml-provider/ExampleIdP").unwrap();
        let federated = |value| id(PrincipalNamespace::Federated, value);
        assert_eq!(
            match_principal_id(&federated("accounts.google.com"), &google),
            Some(PrincipalMatch::Other)
        );
        assert_eq!(
            match_principal_id(
                &federated("arn:aws:iam::111122223333:saml-provider/ExampleIdP"),
                &saml
            ),
            Some(PrincipalMatch::Other)
        );
        // Exactly as IAM knows the provider: another provider, account or case is another one.
        for other in [
            "graph.facebook.com",
            "Accounts.Google.com",
            "arn:aws:iam::444455556666:saml-provider/ExampleIdP",
            "arn:aws:iam::111122223333:saml-provider/exampleidp",
        ] {
            assert_eq!(
                match_principal_id(&federated(other), &google),
                None,
                "{other}"
            );
            assert_eq!(
                match_principal_id(&federated(other), &saml),
                None,
                "{other}"
            );
        }
        // `Federated` names no IAM principal, nor anonymous callers.
        let role = Caller::parse("arn:aws:iam::111122223333:role/AppRole").unwrap();
        assert_eq!(
            match_principal_id(&federated("arn:aws:iam::111122223333:role/AppRole"), &role),
            None
        );
        let anonymous = Caller::parse("*").unwrap();
        assert_eq!(match_principal_id(&federated("*"), &anonymous), None);
        // `AWS` and `Service` identifiers do not name a provider.
        let cognito = Caller::parse("cognito-identity.amazonaws.com").unwrap();
        assert_eq!(
            match_principal_id(
                &id(
                    PrincipalNamespace::Service,
                    "cognito-identity.amazonaws.com"
                ),
                &cognito
            ),
            None
        );
        assert_eq!(match_principal_id(&aws("111122223333"), &saml), None);
        assert_eq!(
            match_principal_id(&aws("arn:aws:iam::111122223333:root"), &saml),
            None
        );
        assert_eq!(
            match_principal_id(
                &aws("arn:aws:iam::111122223333:saml-provider/ExampleIdP"),
                &saml
            ),
            None
        );
    }

    #[test]
    fn a_role_arn_names_its_sessions() {
        let session = Caller::parse("arn:aws:sts::111122223333:assumed-role/AppRole/s").unwrap();
        assert_eq!(
            match_principal_id(
                &aws("arn:aws:iam::111122223333:role/path/AppRole"),
                &session
            ),
            Some(PrincipalMatch::RoleArn)
        );
        assert_eq!(
            match_principal_id(
                &aws("arn:aws:sts::111122223333:assumed-role/AppRole/s"),
                &session
            ),
            Some(PrincipalMatch::SessionArn)
        );
        assert_eq!(
            match_principal_id(&aws("111122223333"), &session),
            Some(PrincipalMatch::Account)
        );
        assert_eq!(
            match_principal_id(&aws("arn:aws:iam::444455556666:role/AppRole"), &session),
            None
        );
    }
}
