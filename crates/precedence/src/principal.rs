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
    /// The account id, when the principal belongs to one.
    pub account: Option<String>,
    /// What kind of principal it is.
    pub kind: CallerKind,
}

/// Why a principal could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerError(pub String);

/// Whether `text` is a 12-digit AWS account id.
pub(crate) fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

impl Caller {
    /// Read a principal: an IAM/STS ARN, a service principal, or `*`/`anonymous`.
    pub fn parse(principal: &str) -> Result<Self, CallerError> {
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
            return Err(CallerError(format!(
                "`{principal}` is not an IAM or STS principal ARN"
            )));
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
            _ => {
                return Err(CallerError(format!(
                    "`{principal}` is not a user, role, assumed-role session, federated user or root ARN"
                )))
            }
        };
        Ok(Self {
            arn: principal.to_owned(),
            partition: (*partition).to_owned(),
            account: Some((*account).to_owned()),
            kind,
        })
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

    /// The value of `aws:PrincipalType`.
    pub fn principal_type(&self) -> &'static str {
        match self.kind {
            CallerKind::Root => "Account",
            CallerKind::User { .. } => "User",
            CallerKind::Role { .. } | CallerKind::AssumedRole { .. } => "AssumedRole",
            CallerKind::FederatedUser { .. } => "FederatedUser",
            CallerKind::Service => "Service",
            CallerKind::Anonymous => "Anonymous",
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
        PrincipalNamespace::Federated | PrincipalNamespace::CanonicalUser => {
            (caller.arn == value).then_some(PrincipalMatch::Other)
        }
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
        assert_eq!(session.principal_type(), "AssumedRole");
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
