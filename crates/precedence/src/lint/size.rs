//! How large AWS lets each kind of policy be, how it counts, and the page that says so. The
//! limit depends on where the policy sits, not only on its type: a managed policy, a user's
//! or a role's inline policy and a role's trust policy are all read by IAM, each with its own
//! maximum.

use crate::finding::{Finding, Severity};
use crate::policy::PolicyType;
use crate::scenario::DocumentSource;
use crate::span::Span;

/// IAM and AWS STS quotas: managed, inline and trust policy sizes.
const IAM_QUOTAS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";
/// AWS STS `AssumeRole`: the session policy's plaintext.
const ASSUME_ROLE: &str = "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html";
/// AWS Organizations quotas: SCP and RCP sizes.
const ORGANIZATIONS_QUOTAS: &str =
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html";
/// Amazon VPC endpoint policies.
const ENDPOINT_POLICIES: &str =
    "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html";
/// Amazon S3 bucket policies.
const BUCKET_POLICIES: &str =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html";

/// What AWS counts towards a policy's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// Every character, white space included.
    Characters,
    /// Characters other than white space, as IAM counts.
    NonWhiteSpace,
    /// Bytes of the UTF-8 text.
    Bytes,
}

impl Counting {
    /// How much of `text` counts.
    pub fn count(self, text: &str) -> usize {
        match self {
            Counting::Characters => text.chars().count(),
            Counting::NonWhiteSpace => non_whitespace_characters(text),
            Counting::Bytes => text.len(),
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Counting::Bytes => "bytes",
            Counting::Characters | Counting::NonWhiteSpace => "characters",
        }
    }
}

/// The largest a policy may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeLimit {
    /// The most it may count.
    pub most: usize,
    /// What counts.
    pub counting: Counting,
    /// The policy as AWS's page names it, with the limit in words.
    pub rule: &'static str,
    /// AWS's page.
    pub page: &'static str,
    /// `Error` where AWS refuses a larger policy, `Warning` where the limit is a default quota
    /// that can be raised.
    pub severity: Severity,
}

impl SizeLimit {
    /// The limit of a policy of `policy_type` at `source`; `owner` is the ARN of the user,
    /// group or role it belongs to, if any.
    pub fn of(policy_type: PolicyType, source: DocumentSource, owner: Option<&str>) -> Self {
        let iam = |most, rule| SizeLimit {
            most,
            counting: Counting::NonWhiteSpace,
            rule,
            page: IAM_QUOTAS,
            severity: Severity::Error,
        };
        let managed = iam(
            6_144,
            "a managed policy may have at most 6,144 characters, not counting white space",
        );
        match source {
            DocumentSource::Managed { .. } => return managed,
            DocumentSource::PrincipalInline { .. }
                if owner.is_some_and(|arn| arn.contains(":user/")) =>
            {
                return iam(2_048, "a user's inline policies may have at most 2,048 characters together, not counting white space");
            }
            DocumentSource::PrincipalInline { .. } => {
                return iam(10_240, "a role's inline policies may have at most 10,240 characters together, not counting white space");
            }
            DocumentSource::GroupInline { .. } => {
                return iam(5_120, "a group's inline policies may have at most 5,120 characters together, not counting white space");
            }
            DocumentSource::Trust { .. } => {
                return SizeLimit {
                    severity: Severity::Warning,
                    ..iam(2_048, "a role's trust policy may have at most 2,048 characters, not counting white space, unless the account's quota was raised")
                };
            }
            DocumentSource::Policies { .. }
            | DocumentSource::Resource { .. }
            | DocumentSource::Session { .. } => {}
        }
        match policy_type {
            PolicyType::Identity | PolicyType::Boundary => managed,
            PolicyType::Session => SizeLimit {
                most: 2_048,
                counting: Counting::Characters,
                rule: "a session policy's plaintext may have at most 2,048 characters",
                page: ASSUME_ROLE,
                severity: Severity::Error,
            },
            PolicyType::Scp | PolicyType::Rcp => SizeLimit {
                most: 5_120,
                counting: Counting::Characters,
                rule: "an SCP or RCP may have at most 5,120 characters, white space included",
                page: ORGANIZATIONS_QUOTAS,
                severity: Severity::Error,
            },
            PolicyType::Endpoint => SizeLimit {
                most: 20_480,
                counting: Counting::Characters,
                rule: "an endpoint policy may have at most 20,480 characters, white space included",
                page: ENDPOINT_POLICIES,
                severity: Severity::Error,
            },
            PolicyType::Resource => SizeLimit {
                most: 20 * 1024,
                counting: Counting::Bytes,
                rule: "an S3 bucket policy may be at most 20 KB (20,480 bytes); other services' resource policies have limits of their own",
                page: BUCKET_POLICIES,
                severity: Severity::Error,
            },
        }
    }

    /// The finding for `text` (a policy whose document spans `span`) when it is larger than
    /// this limit.
    pub fn check(&self, text: &str, span: Span) -> Option<Finding> {
        let counted = self.counting.count(text);
        (counted > self.most).then(|| {
            Finding::new(
                "policy-too-large",
                self.severity,
                format!("the policy counts {counted} {}; {}", self.counting.unit(), self.rule),
                format!("split it into several policies, or shorten it with wildcards that match only what you mean (AWS's limit: {})", self.page),
                Span::new(span.start, span.start + 1),
            )
        })
    }
}

/// Characters that are not white space, as IAM counts a policy's size. The text parsed as
/// JSON, so its only bytes up to 0x20 are JSON white space (control characters cannot stand
/// unescaped in strings): for ASCII text, counting the bytes above 0x20 is the same count,
/// and a fast one.
fn non_whitespace_characters(text: &str) -> usize {
    if text.is_ascii() {
        text.bytes().filter(|&b| b > b' ').count()
    } else {
        text.chars().filter(|c| !c.is_whitespace()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDE: DocumentSource = DocumentSource::Policies {
        policy_type: PolicyType::Identity,
        entry: 0,
    };

    /// A small policy with `spaces` spaces and `x` characters of `Sid` in it.
    fn policy(spaces: usize, x: usize) -> String {
        format!(
            r#"{{"Version":"2012-10-17",{}"Statement":[{{"Sid":"{}","Effect":"Allow","Action":"s3:*","Resource":"*"}}]}}"#,
            " ".repeat(spaces),
            "x".repeat(x)
        )
    }

    fn too_large(
        text: &str,
        policy_type: PolicyType,
        source: DocumentSource,
        owner: Option<&str>,
    ) -> Option<Finding> {
        SizeLimit::of(policy_type, source, owner).check(text, Span::new(0, text.len()))
    }

    #[test]
    fn white_space_counts_where_aws_counts_it() {
        let spacious = policy(7_000, 0);
        assert!(too_large(&spacious, PolicyType::Identity, WIDE, None).is_none());
        assert!(too_large(&spacious, PolicyType::Scp, WIDE, None).is_some());
        // A session policy's limit is on its plaintext: white space counts.
        let session = policy(2_000, 0);
        let finding = too_large(&session, PolicyType::Session, WIDE, None).expect("too large");
        assert!(finding.help.contains(ASSUME_ROLE), "{}", finding.help);
        assert!(too_large(&policy(1_900, 0), PolicyType::Session, WIDE, None).is_none());
    }

    #[test]
    fn each_place_in_the_account_model_has_its_own_limit() {
        let of_user = DocumentSource::PrincipalInline {
            principal: 0,
            index: 0,
        };
        let user = Some("arn:aws:iam::111122223333:user/alice");
        let role = Some("arn:aws:iam::111122223333:role/App");
        let three_thousand = policy(0, 3_000);
        assert!(too_large(&three_thousand, PolicyType::Identity, of_user, user).is_some());
        assert!(too_large(&three_thousand, PolicyType::Identity, of_user, role).is_none());
        assert!(too_large(&policy(0, 10_300), PolicyType::Identity, of_user, role).is_some());
        let group = DocumentSource::GroupInline { group: 0, index: 0 };
        assert!(too_large(&policy(0, 5_200), PolicyType::Identity, group, None).is_some());
        assert!(too_large(&policy(0, 5_000), PolicyType::Identity, group, None).is_none());
        // A managed policy used only as a session policy is still a managed policy.
        let managed = DocumentSource::Managed { index: 0 };
        assert!(too_large(&three_thousand, PolicyType::Session, managed, None).is_none());
        // A trust policy's default quota can be raised: a warning.
        let trust = DocumentSource::Trust { principal: 0 };
        let finding =
            too_large(&three_thousand, PolicyType::Resource, trust, role).expect("too large");
        assert_eq!(finding.severity, Severity::Warning);
        assert!(too_large(&three_thousand, PolicyType::Resource, WIDE, None).is_none());
    }

    #[test]
    fn every_limit_cites_its_page_and_says_how_it_counts() {
        let sources = [
            WIDE,
            DocumentSource::Managed { index: 0 },
            DocumentSource::PrincipalInline {
                principal: 0,
                index: 0,
            },
            DocumentSource::GroupInline { group: 0, index: 0 },
            DocumentSource::Trust { principal: 0 },
            DocumentSource::Resource { resource: 0 },
            DocumentSource::Session { request: 0 },
        ];
        for policy_type in PolicyType::ALL {
            for source in sources {
                let limit = SizeLimit::of(policy_type, source, None);
                assert!(
                    limit.page.starts_with("https://docs.aws.amazon.com/"),
                    "{limit:?}"
                );
                let huge = policy(0, limit.most + 1);
                let finding =
                    too_large(&huge, policy_type, source, None).expect("over every limit");
                assert!(finding.message.ends_with(limit.rule), "{}", finding.message);
                assert!(finding.help.contains(limit.page), "{}", finding.help);
            }
        }
    }
}
