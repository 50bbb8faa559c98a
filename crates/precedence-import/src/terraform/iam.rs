//! The plan's IAM resources: managed policies, roles, users, groups, their inline policies,
//! attachments and group memberships.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use precedence::scenario::{Group, InlinePolicy, Principal};

use super::plan::{iam_name, Field, Instance, PLACEHOLDER_ACCOUNT};
use super::Terraform;
use crate::ImportError;

impl<'p> Terraform<'_, 'p, '_> {
    /// `aws_iam_policy`: a customer managed policy.
    pub(super) fn managed_policy(&mut self, instance: &Instance<'p>) -> Result<(), ImportError> {
        let (arn, built) = self.plan.policy_arn(instance);
        let Some(document) = self.document(instance, "policy")? else {
            return Ok(());
        };
        self.built_arn_note(instance, &arn, built);
        let file = self.reading.file.name;
        self.reading.builder.managed_policy(file, &arn, document);
        self.reading.took("managed policies", 1);
        Ok(())
    }

    /// `aws_iam_role`: the role, its trust policy, tags, boundary, inline policy blocks and
    /// `managed_policy_arns`.
    pub(super) fn role(&mut self, instance: &Instance<'p>) -> Result<(), ImportError> {
        let (arn, built) = self.plan.identity_arn(instance);
        self.built_arn_note(instance, &arn, built);
        let mut role = principal(arn);
        role.trust_policy = self.document(instance, "assume_role_policy")?;
        role.tags = tags(instance);
        role.permissions_boundary = self.boundary(instance);
        if let Field::Known(Json::Array(blocks)) = instance.field("inline_policy") {
            for (b, block) in blocks.iter().enumerate() {
                let name = block.get("name").and_then(Json::as_str).unwrap_or_default();
                let policy = block.get("policy").filter(|p| p.as_str() != Some(""));
                match policy {
                    Some(policy) if !policy.is_null() && !name.is_empty() => {
                        let document = crate::document::policy_document(policy).map_err(|message| {
                            self.reading.error(
                                &format!("{}.values.inline_policy[{b}].policy", instance.path),
                                format!("inline policy `{name}` of `{}`: {message}", instance.address),
                                "import the JSON `terraform show -json PLANFILE` prints, unedited",
                            )
                        })?;
                        role.inline_policies.push(InlinePolicy {
                            name: name.to_owned(),
                            document,
                        });
                    }
                    _ if instance.is_unknown_in_block("inline_policy", b, "policy") => self.note(
                        instance,
                        format!(
                            "inline policy {} is unknown until apply, so it is left out",
                            if name.is_empty() {
                                format!("block {b}")
                            } else {
                                format!("`{name}`")
                            }
                        ),
                    ),
                    _ => {}
                }
            }
        }
        self.reading
            .took("inline policies", role.inline_policies.len());
        // Without `managed_policy_arns` in the configuration, the provider computes it from
        // the attachments, which are read on their own.
        let listed = instance.configures("managed_policy_arns")
            || !matches!(instance.field("managed_policy_arns"), Field::Unknown);
        let arns = if listed {
            self.plan.resolve_list(instance, "managed_policy_arns")
        } else {
            Some(Vec::new())
        };
        match arns {
            Some(arns) => {
                for arn in arns {
                    if let Some(arn) = self.defined_policy(instance, arn) {
                        role.attached_policies.push(arn);
                    }
                }
            }
            None => self.note(
                instance,
                "`managed_policy_arns` is unknown until apply, so those attachments are left out",
            ),
        }
        self.reading.builder.principal(role);
        self.reading.took("roles", 1);
        Ok(())
    }

    /// `aws_iam_user`: the user, its tags and boundary.
    pub(super) fn user(&mut self, instance: &Instance<'p>) {
        let (arn, built) = self.plan.identity_arn(instance);
        self.built_arn_note(instance, &arn, built);
        let mut user = principal(arn);
        user.tags = tags(instance);
        user.permissions_boundary = self.boundary(instance);
        self.reading.builder.principal(user);
        self.reading.took("users", 1);
    }

    /// `aws_iam_group`.
    pub(super) fn group(&mut self, instance: &Instance<'p>) {
        let (arn, built) = self.plan.identity_arn(instance);
        self.built_arn_note(instance, &arn, built);
        self.reading.builder.group(group(arn));
        self.reading.took("groups", 1);
    }

    /// `aws_iam_role_policy`, `aws_iam_user_policy`, `aws_iam_group_policy`: an inline policy.
    pub(super) fn inline_policy(&mut self, instance: &Instance<'p>) -> Result<(), ImportError> {
        let kind = owner_kind(instance.kind);
        let Some(owner) = self.identity(instance, kind, kind) else {
            return Ok(());
        };
        let Some(document) = self.document(instance, "policy")? else {
            return Ok(());
        };
        let (name, placeholder) = iam_name(instance);
        if placeholder {
            self.note(
                instance,
                format!("the policy's name is unknown until apply, written `{name}`"),
            );
        }
        let inline = vec![InlinePolicy { name, document }];
        if kind == "group" {
            let mut group = group(owner);
            group.inline_policies = inline;
            self.reading.builder.group(group);
        } else {
            let mut principal = principal(owner);
            principal.inline_policies = inline;
            self.reading.builder.principal(principal);
        }
        self.reading.took("inline policies", 1);
        Ok(())
    }

    /// `aws_iam_role_policy_attachment` and its user and group kin: one managed policy
    /// attached to one role, user or group.
    pub(super) fn attachment(&mut self, instance: &Instance<'p>) {
        let kind = owner_kind(instance.kind);
        let Some(owner) = self.identity(instance, kind, kind) else {
            return;
        };
        let Some(arn) = self.resolved(instance, "policy_arn") else {
            return;
        };
        let Some(arn) = self.defined_policy(instance, arn) else {
            return;
        };
        self.attach(kind, owner, arn);
        self.reading.took("policy attachments", 1);
    }

    /// `aws_iam_policy_attachment`: one managed policy attached to lists of users, roles and
    /// groups.
    pub(super) fn shared_attachment(&mut self, instance: &Instance<'p>) {
        let Some(arn) = self.resolved(instance, "policy_arn") else {
            return;
        };
        let Some(arn) = self.defined_policy(instance, arn) else {
            return;
        };
        for (key, kind) in [("users", "user"), ("roles", "role"), ("groups", "group")] {
            let Some(names) = self.plan.resolve_list(instance, key) else {
                self.note(
                    instance,
                    format!(
                        "`{key}` is unknown until apply, so the policy is attached to none of them"
                    ),
                );
                continue;
            };
            for name in names {
                let owner = self.identity_arn_of(instance, kind, &name);
                self.attach(kind, owner, arn.clone());
                self.reading.took("policy attachments", 1);
            }
        }
    }

    /// `aws_iam_user_group_membership`: a user in groups.
    pub(super) fn membership(&mut self, instance: &Instance<'p>) {
        let Some(user) = self.identity(instance, "user", "user") else {
            return;
        };
        let Some(names) = self.plan.resolve_list(instance, "groups") else {
            self.note(
                instance,
                "`groups` is unknown until apply, so the memberships are left out",
            );
            return;
        };
        let mut member = principal(user);
        for name in names {
            let arn = self.identity_arn_of(instance, "group", &name);
            // The group is defined (without policies) so the membership resolves even when the
            // plan does not manage the group itself.
            self.reading.builder.group(group(arn.clone()));
            member.groups.push(arn);
        }
        self.reading.took("group memberships", member.groups.len());
        self.reading.builder.principal(member);
    }

    /// The permissions boundary of a role or user, when the plan defines that policy.
    fn boundary(&mut self, instance: &Instance<'p>) -> Option<String> {
        if matches!(instance.field("permissions_boundary"), Field::Absent) {
            return None;
        }
        let arn = self.resolved(instance, "permissions_boundary")?;
        self.defined_policy(instance, arn)
    }

    /// The ARN of the role, user or group that attribute `key` of `instance` names.
    fn identity(&mut self, instance: &Instance<'p>, key: &str, kind: &str) -> Option<String> {
        let name = self.resolved(instance, key)?;
        Some(self.identity_arn_of(instance, kind, &name))
    }

    /// The ARN of the `kind` named `name`, with a note when the plan does not define it.
    fn identity_arn_of(&mut self, instance: &Instance<'_>, kind: &str, name: &str) -> String {
        let (arn, built) = self.plan.named_identity_arn(kind, name);
        if built {
            self.note(
                instance,
                format!("the {kind} `{name}` is not defined in this plan: its ARN is taken to be `{arn}` (path `/`)"),
            );
        }
        arn
    }

    /// Attach `arn` to the principal or group `owner`.
    fn attach(&mut self, kind: &str, owner: String, arn: String) {
        if kind == "group" {
            let mut group = group(owner);
            group.attached_policies.push(arn);
            self.reading.builder.group(group);
        } else {
            let mut principal = principal(owner);
            principal.attached_policies.push(arn);
            self.reading.builder.principal(principal);
        }
    }

    /// Say how an ARN AWS assigns at apply was written.
    fn built_arn_note(&mut self, instance: &Instance<'_>, arn: &str, built: bool) {
        if !built {
            return;
        }
        let (_, placeholder_name) = iam_name(instance);
        let mut message = format!("the ARN is assigned at apply; it is written `{arn}`");
        if self.plan.account.is_none() {
            message.push_str(&format!(
                ", with the placeholder account `{PLACEHOLDER_ACCOUNT}`"
            ));
        }
        if placeholder_name {
            message.push_str(", with a placeholder for the name, which is unknown until apply");
        }
        self.note(instance, message);
    }
}

/// `role`, `user` or `group`: whom a resource type's policy belongs to.
fn owner_kind(resource_type: &str) -> &'static str {
    if resource_type.starts_with("aws_iam_user") {
        "user"
    } else if resource_type.starts_with("aws_iam_group") {
        "group"
    } else {
        "role"
    }
}

/// A principal with nothing but its ARN.
fn principal(arn: String) -> Principal {
    Principal {
        arn,
        inline_policies: Vec::new(),
        attached_policies: Vec::new(),
        groups: Vec::new(),
        permissions_boundary: None,
        tags: BTreeMap::new(),
        trust_policy: None,
    }
}

/// A group with nothing but its ARN.
fn group(arn: String) -> Group {
    Group {
        arn,
        inline_policies: Vec::new(),
        attached_policies: Vec::new(),
    }
}

/// The resource's tags: `tags_all` (the provider's default tags included) when known, else
/// `tags`.
fn tags(instance: &Instance<'_>) -> BTreeMap<String, String> {
    let tags = match (instance.field("tags_all"), instance.field("tags")) {
        (Field::Known(Json::Object(all)), _) => all,
        (_, Field::Known(Json::Object(tags))) => tags,
        _ => return BTreeMap::new(),
    };
    tags.iter()
        .filter_map(|(key, value)| Some((key.clone(), value.as_str()?.to_owned())))
        .collect()
}
