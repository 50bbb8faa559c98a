//! Rules AWS applies that no policy states: operations any caller may call whatever the
//! policies say, operations some kinds of caller may never call, resources AWS owns that
//! customers cannot change, and the limits of what one policy type covers. Each is one row of
//! [`RULES`], with the page of AWS's documentation it comes from.
//!
//! A rule either decides a request on its own ([`RuleEffect::Allows`],
//! [`RuleEffect::DeniesImplicitly`]; `Engine::verdict` checks them as their own steps) or
//! changes how one stage reads the policies ([`RuleEffect::Within`]; that stage names the rule
//! when it matters).

use serde::Serialize;

use crate::matching::RequestFacts;
use crate::principal::CallerKind;
use crate::scenario::Decision;
use crate::trace::{RuleStep, Stage};

/// What a rule does to a request it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleEffect {
    /// Allowed, whatever any policy says, an explicit Deny included.
    Allows,
    /// Denied implicitly, whatever the policies allow.
    DeniesImplicitly,
    /// Changes how the stage reads the policies; it does not decide by itself.
    Within(Stage),
}

/// The kinds of caller a rule can concern, as [`CallerKind`] groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CallerClass {
    /// The account's root user.
    Root,
    /// An IAM user (and, as far as a request shows, its `GetSessionToken` sessions).
    User,
    /// A role session, named by the role's ARN or by its assumed-role ARN.
    RoleSession,
    /// A federated-user session made by `GetFederationToken`.
    FederatedUser,
    /// An AWS service principal.
    Service,
    /// An unauthenticated caller.
    Anonymous,
    /// A web identity or SAML provider calling `AssumeRoleWithWebIdentity` or
    /// `AssumeRoleWithSAML`: its call is not signed with AWS credentials.
    IdentityProvider,
}

impl CallerClass {
    /// The class of a caller kind.
    pub fn of(kind: &CallerKind) -> Self {
        match kind {
            CallerKind::Root => CallerClass::Root,
            CallerKind::User { .. } => CallerClass::User,
            CallerKind::Role { .. } | CallerKind::AssumedRole { .. } => CallerClass::RoleSession,
            CallerKind::FederatedUser { .. } => CallerClass::FederatedUser,
            CallerKind::Service => CallerClass::Service,
            CallerKind::Anonymous => CallerClass::Anonymous,
            CallerKind::WebIdentity { .. } | CallerKind::Saml { .. } => {
                CallerClass::IdentityProvider
            }
        }
    }
}

/// The callers that sign requests with IAM credentials.
const IAM_CALLERS: &[CallerClass] = &[
    CallerClass::Root,
    CallerClass::User,
    CallerClass::RoleSession,
    CallerClass::FederatedUser,
];

/// The actions a rule covers (lowercase, as requests are matched).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actions {
    /// Every action.
    Any,
    /// Exactly these actions.
    Only(&'static [&'static str]),
    /// Every action of the service (its prefix, e.g. `iam`).
    Service(&'static str),
    /// Every action of the service but these.
    ServiceExcept(&'static str, &'static [&'static str]),
}

/// The resources a rule covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resources {
    /// Any resource, `*` included.
    Any,
    /// ARNs of `service` whose account field is `account` (any account when `None`) and whose
    /// resource part begins with `prefix`.
    Arn {
        /// The ARN's service field.
        service: &'static str,
        /// The ARN's account field, when the rule needs a particular one (`aws` for AWS's own).
        account: Option<&'static str>,
        /// The beginning of the ARN's resource part.
        prefix: &'static str,
    },
}

/// Whose resources, relative to the caller, a rule covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accounts {
    /// The caller's own account's and any other's.
    Any,
    /// Only resources of another account than the caller's.
    Cross,
}

/// One rule AWS applies outside any policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsRule {
    /// A short, stable id (`get-caller-identity`, …).
    pub id: &'static str,
    /// What the rule says, as one sentence.
    pub says: &'static str,
    /// What the rule does to a request it covers.
    pub effect: RuleEffect,
    /// The actions it covers.
    pub actions: Actions,
    /// The resources it covers.
    pub resources: Resources,
    /// The kinds of caller it concerns.
    pub callers: &'static [CallerClass],
    /// Whose resources it covers.
    pub accounts: Accounts,
    /// The page of AWS's documentation it comes from.
    pub source: &'static str,
}

impl AwsRule {
    /// The rule as a step of a trace that ended in `decision`.
    pub fn step(&self, decision: Decision) -> RuleStep {
        RuleStep {
            id: self.id,
            says: self.says,
            source: self.source,
            decision,
            within: match self.effect {
                RuleEffect::Within(stage) => Some(stage),
                RuleEffect::Allows | RuleEffect::DeniesImplicitly => None,
            },
        }
    }

    /// Whether the rule covers the request: its caller, action, resource and accounts.
    pub fn covers(&self, request: &RequestFacts, cross_account: bool) -> bool {
        self.callers
            .contains(&CallerClass::of(&request.caller.kind))
            && (self.accounts == Accounts::Any || cross_account)
            && action_covered(self.actions, &request.action_lower)
            && resource_covered(self.resources, &request.resource)
    }
}

fn action_covered(actions: Actions, action: &str) -> bool {
    let service = action.split_once(':').map(|(service, _)| service);
    match actions {
        Actions::Any => true,
        Actions::Only(list) => list.contains(&action),
        Actions::Service(prefix) => service == Some(prefix),
        Actions::ServiceExcept(prefix, except) => {
            service == Some(prefix) && !except.contains(&action)
        }
    }
}

fn resource_covered(resources: Resources, resource: &str) -> bool {
    let Resources::Arn {
        service,
        account,
        prefix,
    } = resources
    else {
        return true;
    };
    let fields: Vec<&str> = resource.splitn(6, ':').collect();
    match fields.as_slice() {
        ["arn", _, arn_service, _, arn_account, rest] => {
            *arn_service == service
                && account.is_none_or(|wanted| *arn_account == wanted)
                && rest.starts_with(prefix)
        }
        _ => false,
    }
}

/// `sts:GetCallerIdentity` needs no permission, and no Deny stops it.
pub const GET_CALLER_IDENTITY: AwsRule = AwsRule {
    id: "get-caller-identity",
    says: "`sts:GetCallerIdentity` needs no permission, and no policy that denies it stops it: the same information is returned when access is denied",
    effect: RuleEffect::Allows,
    actions: Actions::Only(&["sts:getcalleridentity"]),
    resources: Resources::Any,
    callers: IAM_CALLERS,
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html",
};

/// The root user cannot assume a role.
pub const ROOT_CANNOT_ASSUME_ROLE: AwsRule = AwsRule {
    id: "root-cannot-assume-role",
    says: "`sts:AssumeRole` can be called by an IAM user or by a role session, not by the account's root user",
    effect: RuleEffect::DeniesImplicitly,
    actions: Actions::Only(&["sts:assumerole"]),
    resources: Resources::Any,
    callers: &[CallerClass::Root],
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html",
};

/// The root user cannot call `AssumeRoot`.
pub const ROOT_CANNOT_ASSUME_ROOT: AwsRule = AwsRule {
    id: "root-cannot-assume-root",
    says: "`sts:AssumeRoot` cannot be called with root user credentials",
    effect: RuleEffect::DeniesImplicitly,
    actions: Actions::Only(&["sts:assumeroot"]),
    resources: Resources::Any,
    callers: &[CallerClass::Root],
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html",
};

/// Role sessions cannot call `GetFederationToken` or `GetSessionToken`.
pub const ROLE_SESSION_CANNOT_GET_TOKENS: AwsRule = AwsRule {
    id: "role-session-cannot-get-tokens",
    says: "credentials from a role session cannot call `sts:GetFederationToken` or `sts:GetSessionToken`",
    effect: RuleEffect::DeniesImplicitly,
    actions: Actions::Only(&["sts:getfederationtoken", "sts:getsessiontoken"]),
    resources: Resources::Any,
    callers: &[CallerClass::RoleSession],
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html",
};

/// Federated-user sessions cannot call IAM.
pub const FEDERATED_USER_NO_IAM: AwsRule = AwsRule {
    id: "federated-user-no-iam",
    says: "a federated-user session (from `GetFederationToken`) cannot call any IAM operation through the AWS API or CLI",
    effect: RuleEffect::DeniesImplicitly,
    actions: Actions::Service("iam"),
    resources: Resources::Any,
    callers: &[CallerClass::FederatedUser],
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html",
};

/// Federated-user sessions cannot call STS beyond `GetCallerIdentity`.
pub const FEDERATED_USER_NO_STS: AwsRule = AwsRule {
    id: "federated-user-no-sts",
    says: "a federated-user session (from `GetFederationToken`) cannot call any STS operation except `GetCallerIdentity`",
    effect: RuleEffect::DeniesImplicitly,
    actions: Actions::ServiceExcept("sts", &["sts:getcalleridentity"]),
    resources: Resources::Any,
    callers: &[CallerClass::FederatedUser],
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html",
};

/// A federated-user session made without a session policy has no permissions.
pub const FEDERATED_USER_WITHOUT_SESSION_POLICY: AwsRule = AwsRule {
    id: "federated-user-without-session-policy",
    says: "a federated-user session created without a session policy has no permissions of its own; only a resource-based policy that names the session can let it in",
    effect: RuleEffect::Within(Stage::Session),
    actions: Actions::Any,
    resources: Resources::Any,
    callers: &[CallerClass::FederatedUser],
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getfederationtoken.html",
};

/// AWS managed policies cannot be changed by customers.
pub const AWS_MANAGED_POLICY: AwsRule = AwsRule {
    id: "aws-managed-policy",
    says: "AWS managed policies (`arn:aws:iam::aws:policy/…`) are created and administered by AWS: no customer can create versions of them, set their default version, delete them or tag them",
    effect: RuleEffect::DeniesImplicitly,
    actions: Actions::Only(&[
        "iam:createpolicyversion",
        "iam:deletepolicyversion",
        "iam:setdefaultpolicyversion",
        "iam:deletepolicy",
        "iam:tagpolicy",
        "iam:untagpolicy",
    ]),
    resources: Resources::Arn {
        service: "iam",
        account: Some("aws"),
        prefix: "policy/",
    },
    callers: IAM_CALLERS,
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies",
};

/// The IAM operations that change a role's trust policy, permissions or boundary, or delete it.
const ROLE_CHANGES: &[&str] = &[
    "iam:updateassumerolepolicy",
    "iam:putrolepolicy",
    "iam:deleterolepolicy",
    "iam:attachrolepolicy",
    "iam:detachrolepolicy",
    "iam:putrolepermissionsboundary",
    "iam:deleterolepermissionsboundary",
    "iam:deleterole",
];

/// Service-linked roles are changed only by their service.
pub const SERVICE_LINKED_ROLE: AwsRule = AwsRule {
    id: "service-linked-role",
    says: "a service-linked role (`role/aws-service-role/…`) has the trust policy and permissions its service defines: only that service can change or delete it",
    effect: RuleEffect::DeniesImplicitly,
    actions: Actions::Only(ROLE_CHANGES),
    resources: Resources::Arn {
        service: "iam",
        account: None,
        prefix: "role/aws-service-role/",
    },
    callers: IAM_CALLERS,
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html",
};

/// The roles IAM Identity Center makes are changed only through it.
pub const IDENTITY_CENTER_ROLE: AwsRule = AwsRule {
    id: "identity-center-role",
    says: "a role IAM Identity Center made for a permission set (`role/aws-reserved/sso.amazonaws.com/…`) is managed by IAM Identity Center: it is changed through its permission set, not in IAM",
    effect: RuleEffect::DeniesImplicitly,
    actions: Actions::Only(ROLE_CHANGES),
    resources: Resources::Arn {
        service: "iam",
        account: None,
        prefix: "role/aws-reserved/sso.amazonaws.com/",
    },
    callers: IAM_CALLERS,
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-and-iam-roles.html",
};

/// Aliases beginning `alias/aws/` are AWS's.
pub const AWS_MANAGED_KEY_ALIAS: AwsRule = AwsRule {
    id: "aws-managed-key-alias",
    says: "the `alias/aws/` prefix is reserved for AWS managed keys: no customer can create, point or delete an alias that begins with it",
    effect: RuleEffect::DeniesImplicitly,
    actions: Actions::Only(&["kms:createalias", "kms:updatealias", "kms:deletealias"]),
    resources: Resources::Arn {
        service: "kms",
        account: None,
        prefix: "alias/aws/",
    },
    callers: IAM_CALLERS,
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html",
};

/// AWS managed keys cannot be changed by customers. A request names an AWS managed key only
/// through its `alias/aws/…` alias: by key id, the scenario cannot tell an AWS managed key from
/// a customer managed one.
pub const AWS_MANAGED_KEY: AwsRule = AwsRule {
    id: "aws-managed-key",
    says: "AWS managed keys (named here by their `alias/aws/…` alias) are managed by the service that created them: no customer can change their key policy, rotation, state, description or tags, or delete them",
    effect: RuleEffect::DeniesImplicitly,
    actions: Actions::Only(&[
        "kms:putkeypolicy",
        "kms:enablekeyrotation",
        "kms:disablekeyrotation",
        "kms:rotatekeyondemand",
        "kms:enablekey",
        "kms:disablekey",
        "kms:schedulekeydeletion",
        "kms:cancelkeydeletion",
        "kms:updatekeydescription",
        "kms:tagresource",
        "kms:untagresource",
    ]),
    resources: Resources::Arn {
        service: "kms",
        account: None,
        prefix: "alias/aws/",
    },
    callers: IAM_CALLERS,
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/kms/latest/developerguide/editing-keys.html",
};

/// Only some KMS operations work on a key of another account.
pub const KMS_CROSS_ACCOUNT: AwsRule = AwsRule {
    id: "kms-cross-account",
    says: "a KMS key's policy can let another account use only the cryptographic operations, `CreateGrant`, `DescribeKey`, `GetKeyRotationStatus`, `GetPublicKey`, `ListGrants`, `RetireGrant` and `RevokeGrant`; any other operation on a key of another account fails whatever the policies allow",
    effect: RuleEffect::DeniesImplicitly,
    actions: Actions::ServiceExcept(
        "kms",
        &[
            "kms:decrypt",
            "kms:derivesharedsecret",
            "kms:encrypt",
            "kms:generatedatakey",
            "kms:generatedatakeypair",
            "kms:generatedatakeypairwithoutplaintext",
            "kms:generatedatakeywithoutplaintext",
            "kms:generatemac",
            "kms:reencryptfrom",
            "kms:reencryptto",
            "kms:sign",
            "kms:verify",
            "kms:verifymac",
            "kms:creategrant",
            "kms:describekey",
            "kms:getkeyrotationstatus",
            "kms:getpublickey",
            "kms:listgrants",
            "kms:retiregrant",
            "kms:revokegrant",
        ],
    ),
    resources: Resources::Arn {
        service: "kms",
        account: None,
        prefix: "key/",
    },
    callers: IAM_CALLERS,
    accounts: Accounts::Cross,
    source: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html",
};

/// A `NotPrincipal` Deny exempts a caller only when it names every level of it. The row says
/// the rule and its page; the matching itself is `matching::levels_to_list`, which also names
/// the one level of a service or an identity provider.
pub const NOT_PRINCIPAL_DENY: AwsRule = AwsRule {
    id: "not-principal-deny",
    says: "a `NotPrincipal` Deny leaves out a caller only when it lists the caller's account and, for a user, the user, for a role session, the role and the session's assumed-role ARN: an account alone leaves out only its root user, and a role ARN alone none of its sessions",
    effect: RuleEffect::Within(Stage::ExplicitDeny),
    actions: Actions::Any,
    resources: Resources::Any,
    callers: IAM_CALLERS,
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
};

/// A trust policy that names an IAM user is not limited by the user's permissions boundary.
pub const TRUST_POLICY_NAMES_USER: AwsRule = AwsRule {
    id: "trust-policy-names-user",
    says: "within one account, a role's trust policy that names an IAM user's ARN grants `sts:AssumeRole` directly, and an implicit deny in the user's permissions boundary does not limit it; one that names the account delegates to the user's policies, and then the boundary must allow it too",
    effect: RuleEffect::Within(Stage::Boundary),
    actions: Actions::Only(&["sts:assumerole"]),
    resources: Resources::Arn {
        service: "iam",
        account: None,
        prefix: "role/",
    },
    callers: &[CallerClass::User],
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
};

/// RCPs do not apply to AWS managed keys.
pub const RCP_NOT_FOR_AWS_MANAGED_KEYS: AwsRule = AwsRule {
    id: "rcp-not-for-aws-managed-keys",
    says: "RCPs do not apply to AWS managed keys (named here by their `alias/aws/…` alias)",
    effect: RuleEffect::Within(Stage::Rcp),
    actions: Actions::Service("kms"),
    resources: Resources::Arn {
        service: "kms",
        account: None,
        prefix: "alias/aws/",
    },
    callers: IAM_CALLERS,
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html",
};

/// RCPs do not govern `kms:RetireGrant`.
pub const RCP_NOT_FOR_RETIRE_GRANT: AwsRule = AwsRule {
    id: "rcp-not-for-retire-grant",
    says: "an RCP has no effect on `kms:RetireGrant`, even through a wildcard",
    effect: RuleEffect::Within(Stage::Rcp),
    actions: Actions::Only(&["kms:retiregrant"]),
    resources: Resources::Any,
    callers: IAM_CALLERS,
    accounts: Accounts::Any,
    source: "https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html",
};

/// Every rule, those that allow first: a rule that allows is checked before any policy, one
/// that denies after them.
pub const RULES: &[&AwsRule] = &[
    &GET_CALLER_IDENTITY,
    &ROOT_CANNOT_ASSUME_ROLE,
    &ROOT_CANNOT_ASSUME_ROOT,
    &ROLE_SESSION_CANNOT_GET_TOKENS,
    &FEDERATED_USER_NO_IAM,
    &FEDERATED_USER_NO_STS,
    &FEDERATED_USER_WITHOUT_SESSION_POLICY,
    &AWS_MANAGED_POLICY,
    &SERVICE_LINKED_ROLE,
    &IDENTITY_CENTER_ROLE,
    &AWS_MANAGED_KEY_ALIAS,
    &AWS_MANAGED_KEY,
    &KMS_CROSS_ACCOUNT,
    &NOT_PRINCIPAL_DENY,
    &TRUST_POLICY_NAMES_USER,
    &RCP_NOT_FOR_AWS_MANAGED_KEYS,
    &RCP_NOT_FOR_RETIRE_GRANT,
];

/// The first rule with `effect` that covers the request.
pub(crate) fn deciding(
    effect: RuleEffect,
    request: &RequestFacts,
    cross_account: bool,
) -> Option<&'static AwsRule> {
    RULES
        .iter()
        .copied()
        .find(|rule| rule.effect == effect && rule.covers(request, cross_account))
}

/// The service prefixes of the services whose resources RCPs govern, from AWS Organizations'
/// "List of AWS services that support RCPs"
/// (<https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html>).
/// Checked against that page on 2026-12-03: the stored copy showed its opening and the
/// exceptions kept in [`RULES`] (from the KMS guide), not the list itself, so the services are
/// those read when the list was first written.
pub const RCP_SERVICES: [&str; 11] = [
    "s3",
    "sts",
    "kms",
    "sqs",
    "secretsmanager",
    "cognito-idp",
    "cognito-identity",
    "logs",
    "dynamodb",
    "ecr",
    "aoss",
];

/// Whether RCPs govern `action` (lowercase): an action of a service that supports them, or `*`.
pub fn supports_rcps(action: &str) -> bool {
    match action.split_once(':') {
        Some((service, _)) => RCP_SERVICES.contains(&service),
        None => action == "*",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_rule_cites_aws() {
        for (index, rule) in RULES.iter().enumerate() {
            assert!(
                rule.source.starts_with("https://docs.aws.amazon.com/"),
                "{}",
                rule.id
            );
            assert!(RULES[..index].iter().all(|other| other.id != rule.id));
        }
    }

    #[test]
    fn allowing_rules_come_first() {
        let first_other = RULES
            .iter()
            .position(|rule| rule.effect != RuleEffect::Allows)
            .unwrap_or(RULES.len());
        assert!(RULES[first_other..]
            .iter()
            .all(|rule| rule.effect != RuleEffect::Allows));
    }

    #[test]
    fn actions_are_written_lowercase() {
        for rule in RULES {
            let listed = match rule.actions {
                Actions::Only(list) | Actions::ServiceExcept(_, list) => list,
                _ => &[],
            };
            for action in listed {
                assert_eq!(*action, action.to_ascii_lowercase(), "{}", rule.id);
            }
        }
    }

    #[test]
    fn resources_match_by_service_account_and_prefix() {
        let managed = Resources::Arn {
            service: "iam",
            account: Some("aws"),
            prefix: "policy/",
        };
        assert!(resource_covered(
            managed,
            "arn:aws:iam::aws:policy/AdministratorAccess"
        ));
        assert!(!resource_covered(
            managed,
            "arn:aws:iam::111122223333:policy/AdministratorAccess"
        ));
        assert!(!resource_covered(managed, "*"));
        assert!(action_covered(
            Actions::ServiceExcept("sts", &["sts:getcalleridentity"]),
            "sts:assumerole"
        ));
        assert!(!action_covered(
            Actions::ServiceExcept("sts", &["sts:getcalleridentity"]),
            "sts:getcalleridentity"
        ));
        assert!(!action_covered(Actions::Service("iam"), "*"));
    }
}
