//! The plan's perimeter: S3 bucket policies, VPC endpoints and their policies, and the
//! organization's SCPs and RCPs with their attachments.

use std::collections::BTreeMap;

use serde_json::json;

use precedence::scenario::{Document, EndpointType, PolicyEntry, Resource};
use precedence::PolicyType;

use super::plan::{endpoint_id, is_account_id, organization_policy_id, Instance};
use super::Terraform;
use crate::ImportError;

/// The id AWS gives FullAWSAccess, the SCP attached to every root, OU and account unless it
/// is detached (<https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_strategies.html>).
const FULL_AWS_ACCESS: &str = "p-FullAWSAccess";

impl<'p> Terraform<'_, 'p, '_> {
    /// `aws_s3_bucket_policy`: the bucket's resource-based policy.
    pub(super) fn bucket_policy(&mut self, instance: &Instance<'p>) -> Result<(), ImportError> {
        let Some(bucket) = self.resolved(instance, "bucket") else {
            return Ok(());
        };
        let Some(policy) = self.document(instance, "policy")? else {
            return Ok(());
        };
        let arn = if bucket.starts_with("arn:") {
            bucket
        } else {
            format!("arn:aws:s3:::{bucket}")
        };
        self.reading.builder.resource(Resource {
            arn,
            policy: Some(policy),
            tags: BTreeMap::new(),
        });
        self.reading.took("bucket policies", 1);
        Ok(())
    }

    /// `aws_vpc_endpoint`: an endpoint with its policy (an `aws_vpc_endpoint_policy` of the
    /// plan for it, its own `policy`, or AWS's default full-access policy when none is set).
    pub(super) fn endpoint(&mut self, instance: &Instance<'p>) -> Result<(), ImportError> {
        let endpoint_type = match instance.string("vpc_endpoint_type").unwrap_or("Gateway") {
            "Gateway" => EndpointType::Gateway,
            "Interface" => EndpointType::Interface,
            other => {
                self.note(
                    instance,
                    format!("a `{other}` endpoint has no endpoint policy, so it is left out"),
                );
                return Ok(());
            }
        };
        let (id, placeholder) = endpoint_id(instance);
        if placeholder {
            self.note(
                instance,
                format!("the endpoint's id is assigned at apply; it is written `{id}`: name it so in a request's `via_endpoint`, or replace it with the real id once applied"),
            );
        }
        let own_policy = self
            .plan
            .of_kind("aws_vpc_endpoint_policy")
            .find(|p| self.plan.resolve(p, "vpc_endpoint_id").as_deref() == Some(id.as_str()));
        let document = match own_policy {
            Some(policy) => self.document(policy, "policy")?,
            None if instance.string("policy").is_some() => self.document(instance, "policy")?,
            None if instance.configures("policy") => self.document(instance, "policy")?,
            None => {
                self.note(
                    instance,
                    "no policy is set, so the endpoint has AWS's default policy, which allows everything",
                );
                Some(default_endpoint_policy())
            }
        };
        let Some(document) = document else {
            return Ok(());
        };
        let vpc = self.plan.resolve(instance, "vpc_id");
        if vpc.is_none() {
            self.note(
                instance,
                "the endpoint's VPC is unknown until apply, so `aws:SourceVpc` is not derived for requests through it",
            );
        }
        self.reading.builder.endpoint(PolicyEntry {
            id,
            document,
            level: None,
            target: None,
            vpc,
            endpoint_type: Some(endpoint_type),
        });
        self.reading.took("VPC endpoints", 1);
        Ok(())
    }

    /// `aws_vpc_endpoint_policy` for an endpoint the plan does not define (one it defines
    /// takes its policy from here when it is read).
    pub(super) fn endpoint_policy(&mut self, instance: &Instance<'p>) -> Result<(), ImportError> {
        let Some(id) = self.resolved(instance, "vpc_endpoint_id") else {
            return Ok(());
        };
        if self
            .plan
            .of_kind("aws_vpc_endpoint")
            .any(|endpoint| endpoint_id(endpoint).0 == id)
        {
            return Ok(());
        }
        let Some(document) = self.document(instance, "policy")? else {
            return Ok(());
        };
        self.note(
            instance,
            format!("the endpoint `{id}` is not defined in this plan, so its VPC and type are not known: it is taken as a gateway endpoint; import `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids {id}` for the rest"),
        );
        self.reading.builder.endpoint(PolicyEntry {
            id,
            document,
            level: None,
            target: None,
            vpc: None,
            endpoint_type: None,
        });
        self.reading.took("VPC endpoints", 1);
        Ok(())
    }

    /// `aws_organizations_policy`: an SCP or RCP (other policy types are left out).
    pub(super) fn organization_policy(
        &mut self,
        instance: &Instance<'p>,
    ) -> Result<(), ImportError> {
        let Some(policy_type) = self.organization_policy_type(instance) else {
            return Ok(());
        };
        let Some(document) = self.document(instance, "content")? else {
            return Ok(());
        };
        let (id, placeholder) = organization_policy_id(instance);
        if placeholder {
            self.note(
                instance,
                format!("the policy's id is assigned at apply; it is written `{id}`"),
            );
        }
        let name = instance.string("name").unwrap_or(instance.address);
        self.reading
            .builder
            .organization_policy(&id, name, policy_type, document);
        self.reading.took("organization policies", 1);
        Ok(())
    }

    /// `aws_organizations_policy_attachment`: an SCP or RCP of the plan attached to the root
    /// or an account. With an SCP, FullAWSAccess is taken to be attached there too, as AWS
    /// attaches it by default: every level of SCPs must allow.
    pub(super) fn organization_attachment(&mut self, instance: &Instance<'p>) {
        let Some(policy_id) = self.resolved(instance, "policy_id") else {
            return;
        };
        let Some(target) = self.resolved(instance, "target_id") else {
            return;
        };
        let policy_type = match self
            .plan
            .of_kind("aws_organizations_policy")
            .find(|p| organization_policy_id(p).0 == policy_id)
        {
            Some(policy) if policy.string("content").is_some() => {
                match self.organization_policy_type(policy) {
                    Some(policy_type) => policy_type,
                    None => return,
                }
            }
            _ if policy_id == FULL_AWS_ACCESS => PolicyType::Scp,
            _ => {
                self.note(
                    instance,
                    format!("the policy `{policy_id}` is not defined in this plan, so its attachment is left out: import `aws organizations describe-policy --policy-id {policy_id}` and `list-targets-for-policy` for it"),
                );
                return;
            }
        };
        if target.starts_with("ou-") {
            self.note(
                instance,
                format!("`{target}` is an OU, and where it sits in the organization is not in the plan, so the attachment is left out: import the organization's tree (`aws organizations list-roots`, `list-organizational-units-for-parent`, `list-accounts-for-parent`) and its policies instead"),
            );
            return;
        }
        if target.starts_with("r-") {
            self.reading.builder.unit(&target, None, None);
        } else if !is_account_id(&target) {
            self.note(
                instance,
                format!("`{target}` is no root, OU or account id, so the attachment is left out"),
            );
            return;
        }
        let file = self.reading.file.name;
        self.reading
            .builder
            .attach(file, Some(&policy_id), vec![target.clone()]);
        self.reading.took("organization policy attachments", 1);
        if policy_type == PolicyType::Scp && policy_id != FULL_AWS_ACCESS {
            self.reading.builder.organization_policy(
                FULL_AWS_ACCESS,
                "FullAWSAccess",
                PolicyType::Scp,
                full_aws_access(),
            );
            self.reading
                .builder
                .attach(file, Some(FULL_AWS_ACCESS), vec![target.clone()]);
            self.note(
                instance,
                format!("FullAWSAccess is taken to be attached to `{target}` too, as AWS attaches it to every root, OU and account unless it is detached; if it was, import the organization's policies instead"),
            );
        }
    }

    /// SCP or RCP by the policy's `type` (SCP when not set, as the provider defaults); `None`,
    /// with a note, for the other types.
    fn organization_policy_type(&mut self, instance: &Instance<'_>) -> Option<PolicyType> {
        match instance.string("type").unwrap_or("SERVICE_CONTROL_POLICY") {
            "SERVICE_CONTROL_POLICY" => Some(PolicyType::Scp),
            "RESOURCE_CONTROL_POLICY" => Some(PolicyType::Rcp),
            other => {
                self.note(
                    instance,
                    format!(
                        "a `{other}` does not take part in access decisions, so it is left out"
                    ),
                );
                None
            }
        }
    }
}

/// The policy AWS gives an endpoint created without one
/// (<https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html>).
fn default_endpoint_policy() -> Document {
    Document::Json(json!({
        "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*" }]
    }))
}

/// The content of FullAWSAccess.
fn full_aws_access() -> Document {
    Document::Json(json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }]
    }))
}
