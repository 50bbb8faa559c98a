//! `terraform show -json PLAN`: the IAM, S3, VPC endpoint and Organizations resources of a plan.
//!
//! What the plan cannot know before apply is said, never guessed silently, at the resource's
//! address:
//! - ARNs AWS assigns (a new policy's, role's, user's or group's) are built from the name and
//!   path the plan gives and the account the plan shows (a `data.aws_caller_identity`, or a
//!   known IAM ARN); without one, the account is written `000000000000`, a placeholder.
//! - A new VPC endpoint's id is written `vpce-tf-ADDRESS`, a new Organizations policy's id
//!   `p-tf-ADDRESS`: requests must name the endpoint by that id.
//! - A reference to another resource's attribute (`aws_iam_policy.read.arn`) is followed
//!   through the `configuration` expressions; one that cannot be followed leaves the value
//!   out, with a note.

mod iam;
mod perimeter;
mod plan;

use serde_json::Value as Json;

use precedence::scenario::Document;

use crate::detect::Reading;
use crate::document::policy_document;
use crate::ImportError;

use plan::{Field, Instance, Plan};

/// Read a Terraform plan.
pub(crate) fn read(value: &Json, reading: &mut Reading<'_>) -> Result<(), ImportError> {
    let plan = Plan::read(value, reading)?;
    let mut terraform = Terraform::new(&plan, reading);
    match &plan.account {
        Some((account, source)) => terraform.reading.note(
            None,
            format!("ARNs AWS assigns at apply are built with the account `{account}`, read from {source}"),
        ),
        None if plan.instances.iter().any(|i| i.kind.starts_with("aws_iam_")) => terraform.reading.note(
            None,
            format!("the plan does not say which account it applies to: ARNs AWS assigns at apply are built with the placeholder account `{}`; add a `data \"aws_caller_identity\"` to the configuration, or edit the ARNs", plan::PLACEHOLDER_ACCOUNT),
        ),
        None => {}
    }
    let mut others = 0;
    for instance in &plan.instances {
        match instance.kind {
            "aws_iam_policy" => terraform.managed_policy(instance)?,
            "aws_iam_role" => terraform.role(instance)?,
            "aws_iam_user" => terraform.user(instance),
            "aws_iam_group" => terraform.group(instance),
            "aws_iam_role_policy" | "aws_iam_user_policy" | "aws_iam_group_policy" => {
                terraform.inline_policy(instance)?
            }
            "aws_iam_role_policy_attachment"
            | "aws_iam_user_policy_attachment"
            | "aws_iam_group_policy_attachment" => terraform.attachment(instance),
            "aws_iam_policy_attachment" => terraform.shared_attachment(instance),
            "aws_iam_user_group_membership" => terraform.membership(instance),
            "aws_s3_bucket_policy" => terraform.bucket_policy(instance)?,
            "aws_vpc_endpoint" => terraform.endpoint(instance)?,
            "aws_vpc_endpoint_policy" => terraform.endpoint_policy(instance)?,
            "aws_organizations_policy" => terraform.organization_policy(instance)?,
            "aws_organizations_policy_attachment" => terraform.organization_attachment(instance),
            _ => others += 1,
        }
    }
    if others > 0 {
        terraform.reading.note(
            None,
            format!("{others} resource(s) of other types hold no policy Precedence reads and were left out"),
        );
    }
    Ok(())
}

/// A plan being read into the scenario.
struct Terraform<'a, 'p, 'r> {
    plan: &'a Plan<'p>,
    reading: &'a mut Reading<'r>,
    /// The ARNs of the managed policies the plan defines: only these can be attached.
    policies: Vec<String>,
}

impl<'a, 'p, 'r> Terraform<'a, 'p, 'r> {
    fn new(plan: &'a Plan<'p>, reading: &'a mut Reading<'r>) -> Self {
        let policies = plan
            .of_kind("aws_iam_policy")
            .filter(|policy| matches!(policy.field("policy"), Field::Known(_)))
            .map(|policy| plan.policy_arn(policy).0)
            .collect();
        Self {
            plan,
            reading,
            policies,
        }
    }

    /// Say something at the resource's address.
    fn note(&mut self, instance: &Instance<'_>, message: impl Into<String>) {
        self.reading.note(Some(instance.address), message);
    }

    /// The policy document in attribute `key`: `None`, with a note, when it is unknown until
    /// apply or not set. A value that is no policy is an error at its place in the file.
    fn document(
        &mut self,
        instance: &Instance<'_>,
        key: &str,
    ) -> Result<Option<Document>, ImportError> {
        match instance.field(key) {
            Field::Known(value) => policy_document(value).map(Some).map_err(|message| {
                self.reading.error(
                    &format!("{}.values.{key}", instance.path),
                    format!("`{key}` of `{}`: {message}", instance.address),
                    "import the JSON `terraform show -json PLANFILE` prints, unedited",
                )
            }),
            Field::Unknown => {
                self.note(
                    instance,
                    format!("`{key}` is unknown until apply (it is computed from values the plan does not know yet), so this policy is left out; once applied, import the real policy"),
                );
                Ok(None)
            }
            Field::Absent => {
                self.note(
                    instance,
                    format!("`{key}` is not set, so there is no policy to read"),
                );
                Ok(None)
            }
        }
    }

    /// Attribute `key` of `instance`, followed through references: `None`, with a note,
    /// when it cannot be known before apply.
    fn resolved(&mut self, instance: &Instance<'p>, key: &str) -> Option<String> {
        let value = self.plan.resolve(instance, key);
        if value.is_none() {
            let why = if instance.is_unknown(key) {
                "is unknown until apply and refers to nothing the plan knows"
            } else {
                "is not set"
            };
            self.note(
                instance,
                format!("`{key}` {why}, so this resource is left out"),
            );
        }
        value
    }

    /// `arn` when the plan defines that managed policy; else a note, and `None`.
    fn defined_policy(&mut self, instance: &Instance<'_>, arn: String) -> Option<String> {
        if self.policies.contains(&arn) {
            return Some(arn);
        }
        self.note(
            instance,
            format!("the managed policy `{arn}` is not defined in this plan (an AWS managed policy, or one made elsewhere), so it is not attached: import `aws iam get-account-authorization-details`, which holds it"),
        );
        None
    }
}
