//! A plan as `terraform show -json` prints it, indexed: every resource instance of
//! `planned_values` (root module and child modules), what `resource_changes` says is unknown
//! until apply, and the `configuration` expressions that say what an unknown value refers to.
//!
//! The shape is HashiCorp's "JSON Output Format"
//! (<https://developer.hashicorp.com/terraform/internals/json-format>): values unknown until
//! apply are left out of `planned_values` and marked `true` in the change's `after_unknown`.

use std::collections::HashMap;

use serde_json::{Map, Value as Json};

use crate::detect::Reading;
use crate::ImportError;

/// The account written into ARNs when nothing in the plan says which account it applies to:
/// an ARN with it is a placeholder, and every resource that gets one has a note saying so.
pub(crate) const PLACEHOLDER_ACCOUNT: &str = "000000000000";

/// One resource instance the plan will leave in the state.
pub(crate) struct Instance<'p> {
    /// Its full address (`module.net.aws_vpc_endpoint.s3`, `aws_iam_role.app[0]`).
    pub(crate) address: &'p str,
    /// The module it is in, as an address prefix (`module.net.`; empty for the root module).
    pub(crate) module: String,
    /// The resource type (`aws_iam_role`).
    pub(crate) kind: &'p str,
    /// The resource name in the configuration (`app`).
    pub(crate) name: &'p str,
    /// Its `count` or `for_each` index, if it has one.
    pub(crate) index: Option<&'p Json>,
    /// The JSON path of its entry in the file, for errors.
    pub(crate) path: String,
    values: &'p Map<String, Json>,
    unknown: Option<&'p Json>,
    expressions: Option<&'p Map<String, Json>>,
}

/// A value of an instance: known, unknown until apply, or not set.
pub(crate) enum Field<'p> {
    /// Known now.
    Known(&'p Json),
    /// Computed at apply.
    Unknown,
    /// Not set (null or absent).
    Absent,
}

impl<'p> Instance<'p> {
    /// The value of attribute `key`.
    pub(crate) fn field(&self, key: &str) -> Field<'p> {
        match self.values.get(key) {
            Some(value) if !value.is_null() => Field::Known(value),
            _ if self.unknown.and_then(|u| u.get(key)) == Some(&Json::Bool(true)) => Field::Unknown,
            _ => Field::Absent,
        }
    }

    /// Attribute `key` when it is a known, non-empty string.
    pub(crate) fn string(&self, key: &str) -> Option<&'p str> {
        match self.field(key) {
            Field::Known(Json::String(text)) if !text.is_empty() => Some(text),
            _ => None,
        }
    }

    /// Whether attribute `key` is unknown until apply.
    pub(crate) fn is_unknown(&self, key: &str) -> bool {
        matches!(self.field(key), Field::Unknown)
    }

    /// Whether element `index` of the block list `key` has `inner` unknown until apply.
    pub(crate) fn is_unknown_in_block(&self, key: &str, index: usize, inner: &str) -> bool {
        self.unknown
            .and_then(|u| u.get(key))
            .and_then(|blocks| blocks.get(index))
            .and_then(|block| block.get(inner))
            == Some(&Json::Bool(true))
    }

    /// Whether the configuration sets attribute `key` (to a constant or an expression).
    pub(crate) fn configures(&self, key: &str) -> bool {
        self.expressions.is_some_and(|e| e.contains_key(key))
    }

    /// What the configuration's expression for `key` refers to (`aws_iam_policy.read.arn`,
    /// `aws_iam_policy.read`, `var.name`, …), as Terraform lists them.
    fn references(&self, key: &str) -> Vec<&'p str> {
        self.expressions
            .and_then(|e| e.get(key))
            .and_then(|e| e.get("references"))
            .and_then(Json::as_array)
            .map(|refs| refs.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default()
    }

    /// The address without its index (`module.net.aws_vpc_endpoint.s3`).
    fn base(&self) -> String {
        format!("{}{}.{}", self.module, self.kind, self.name)
    }
}

/// The plan, indexed.
pub(crate) struct Plan<'p> {
    /// Every managed resource instance of `planned_values`, in the order the file lists them.
    pub(crate) instances: Vec<Instance<'p>>,
    /// The account the plan applies to, when the plan says (a `data.aws_caller_identity`, or a
    /// known IAM ARN), with where it was read.
    pub(crate) account: Option<(String, String)>,
}

impl<'p> Plan<'p> {
    /// Index the plan `value`.
    pub(crate) fn read(value: &'p Json, reading: &Reading<'_>) -> Result<Self, ImportError> {
        let version = value.get("format_version").and_then(Json::as_str);
        if version.is_none_or(|v| v.split('.').next() != Some("1")) {
            return Err(reading.error(
                "format_version",
                format!(
                    "this plan's JSON format version is {}, and only version 1.x is read",
                    version.map_or("not a string".to_owned(), |v| format!("`{v}`"))
                ),
                "make the JSON with Terraform 1.x: `terraform show -json PLANFILE`",
            ));
        }
        let mut unknown = HashMap::new();
        if let Some(changes) = value.get("resource_changes") {
            let changes = changes.as_array().ok_or_else(|| {
                reading.error(
                    "resource_changes",
                    "`resource_changes` is not an array",
                    "import the JSON `terraform show -json PLANFILE` prints, unedited",
                )
            })?;
            for change in changes {
                if let (Some(address), Some(after_unknown)) = (
                    change.get("address").and_then(Json::as_str),
                    change.get("change").and_then(|c| c.get("after_unknown")),
                ) {
                    unknown.insert(address, after_unknown);
                }
            }
        }
        let mut expressions = HashMap::new();
        if let Some(root) = value
            .get("configuration")
            .and_then(|c| c.get("root_module"))
        {
            index_configuration(root, "", &mut expressions);
        }
        let mut instances = Vec::new();
        if let Some(root) = value
            .get("planned_values")
            .and_then(|p| p.get("root_module"))
        {
            let mut walk = Walk {
                reading,
                unknown: &unknown,
                expressions: &expressions,
                instances: &mut instances,
            };
            walk.module(root, "planned_values.root_module".to_owned())?;
        }
        let account = caller_identity(value).or_else(|| known_arn_account(&instances));
        Ok(Self { instances, account })
    }

    /// The account ARNs are written with: the plan's, else [`PLACEHOLDER_ACCOUNT`].
    pub(crate) fn account(&self) -> &str {
        self.account
            .as_ref()
            .map_or(PLACEHOLDER_ACCOUNT, |(account, _)| account)
    }

    /// The instances of resource type `kind`.
    pub(crate) fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Instance<'p>> {
        self.instances.iter().filter(move |i| i.kind == kind)
    }

    /// Attribute `key` of `from`: its value when known, else what its expression refers to
    /// when that can be known now (the ARN of a policy the plan creates, the name of a role).
    pub(crate) fn resolve(&self, from: &Instance<'p>, key: &str) -> Option<String> {
        if let Some(text) = from.string(key) {
            return Some(text.to_owned());
        }
        from.references(key)
            .into_iter()
            .find_map(|reference| self.follow(from, reference))
    }

    /// A list attribute of `from` (`roles`, `groups`): its known strings, else each thing its
    /// expression refers to. `None` when the list is unknown and its references cannot be
    /// followed.
    pub(crate) fn resolve_list(&self, from: &Instance<'p>, key: &str) -> Option<Vec<String>> {
        match from.field(key) {
            Field::Known(Json::Array(items)) => {
                return Some(
                    items
                        .iter()
                        .filter_map(Json::as_str)
                        .map(str::to_owned)
                        .collect(),
                )
            }
            Field::Absent => return Some(Vec::new()),
            _ => {}
        }
        let references = from.references(key);
        let attribute_references: Vec<&str> = references
            .iter()
            .copied()
            .filter(|r| split_reference(r).is_some_and(|(_, _, attribute)| attribute.is_some()))
            .collect();
        if attribute_references.is_empty() {
            return None;
        }
        attribute_references
            .into_iter()
            .map(|reference| self.follow(from, reference))
            .collect()
    }

    /// What `reference` (`aws_iam_policy.read.arn`) of an expression of `from` is, when the
    /// plan says or it can be built from what the plan says.
    fn follow(&self, from: &Instance<'p>, reference: &str) -> Option<String> {
        let (resource, index, attribute) = split_reference(reference)?;
        let attribute = attribute?;
        let base = format!("{}{resource}", from.module);
        let candidates: Vec<&Instance<'p>> =
            self.instances.iter().filter(|i| i.base() == base).collect();
        let target = match (index, candidates.as_slice()) {
            (Some(index), _) => candidates
                .iter()
                .find(|i| i.address.ends_with(index))
                .copied(),
            (None, [one]) => Some(*one),
            (None, _) => candidates.iter().find(|i| i.index == from.index).copied(),
        }?;
        self.derive(target, attribute)
    }

    /// Attribute `attribute` of `target`, known or built from its known attributes.
    fn derive(&self, target: &Instance<'p>, attribute: &str) -> Option<String> {
        if let Some(text) = target.string(attribute) {
            return Some(text.to_owned());
        }
        match (target.kind, attribute) {
            ("aws_iam_policy", "arn" | "id") => Some(self.policy_arn(target).0),
            ("aws_iam_role" | "aws_iam_user" | "aws_iam_group", "arn") => {
                Some(self.identity_arn(target).0)
            }
            ("aws_iam_role" | "aws_iam_user" | "aws_iam_group", "name" | "id") => {
                Some(iam_name(target).0)
            }
            ("aws_s3_bucket", "id" | "bucket") => target.string("bucket").map(str::to_owned),
            ("aws_s3_bucket", "arn") => {
                target.string("bucket").map(|b| format!("arn:aws:s3:::{b}"))
            }
            ("aws_vpc_endpoint", "id") => Some(endpoint_id(target).0),
            ("aws_organizations_policy", "id") => Some(organization_policy_id(target).0),
            _ => None,
        }
    }

    /// The ARN of an `aws_iam_policy`, and whether it is built (not known until apply).
    pub(crate) fn policy_arn(&self, policy: &Instance<'p>) -> (String, bool) {
        if let Some(arn) = policy.string("arn") {
            return (arn.to_owned(), false);
        }
        let path = policy.string("path").unwrap_or("/");
        let (name, _) = iam_name(policy);
        (
            format!("arn:aws:iam::{}:policy{path}{name}", self.account()),
            true,
        )
    }

    /// The ARN of an `aws_iam_role`, `aws_iam_user` or `aws_iam_group`, and whether it is
    /// built.
    pub(crate) fn identity_arn(&self, identity: &Instance<'p>) -> (String, bool) {
        if let Some(arn) = identity.string("arn") {
            return (arn.to_owned(), false);
        }
        let kind = identity.kind.trim_start_matches("aws_iam_");
        let path = identity.string("path").unwrap_or("/");
        let (name, _) = iam_name(identity);
        (
            format!("arn:aws:iam::{}:{kind}{path}{name}", self.account()),
            true,
        )
    }

    /// The ARN of the role, user or group (`kind`: `role`, `user`, `group`) named `name`: of
    /// the plan's own when it has one by that name, else built with the path `/`, and then
    /// whether it was built that way.
    pub(crate) fn named_identity_arn(&self, kind: &str, name: &str) -> (String, bool) {
        let resource = format!("aws_iam_{kind}");
        let known = self
            .of_kind(&resource)
            .find(|i| iam_name(i).0 == name || i.string("arn") == Some(name))
            .map(|identity| self.identity_arn(identity).0);
        match known {
            Some(arn) => (arn, false),
            None if name.starts_with("arn:") => (name.to_owned(), false),
            None => (
                format!("arn:aws:iam::{}:{kind}/{name}", self.account()),
                true,
            ),
        }
    }
}

/// The name of an IAM resource, and whether it is a placeholder: a name set with
/// `name_prefix`, or computed, is unknown until apply.
pub(crate) fn iam_name(instance: &Instance<'_>) -> (String, bool) {
    match instance.string("name") {
        Some(name) => (name.to_owned(), false),
        None => (
            format!(
                "{}UNKNOWN-{}",
                instance.string("name_prefix").unwrap_or_default(),
                instance.name
            ),
            true,
        ),
    }
}

/// The id of a VPC endpoint, and whether it is a placeholder: a new endpoint's id is unknown
/// until apply, so it is written `vpce-tf-` and its Terraform address.
pub(crate) fn endpoint_id(endpoint: &Instance<'_>) -> (String, bool) {
    match endpoint.string("id") {
        Some(id) => (id.to_owned(), false),
        None => (format!("vpce-tf-{}", endpoint.address), true),
    }
}

/// The id of an Organizations policy, and whether it is a placeholder (`p-tf-` and its
/// Terraform address).
pub(crate) fn organization_policy_id(policy: &Instance<'_>) -> (String, bool) {
    match policy.string("id") {
        Some(id) => (id.to_owned(), false),
        None => (format!("p-tf-{}", policy.address), true),
    }
}

/// `aws_iam_policy.read[0].arn` as (`aws_iam_policy.read`, `[0]`, `arn`); `None` for what is
/// no managed resource (`var.x`, `local.y`, `data.…`, `module.…`, `each.value`).
fn split_reference(reference: &str) -> Option<(String, Option<&str>, Option<&str>)> {
    if [
        "var.", "local.", "data.", "module.", "each.", "count.", "path.", "self.",
    ]
    .iter()
    .any(|prefix| reference.starts_with(prefix))
    {
        return None;
    }
    let (kind, rest) = reference.split_once('.')?;
    let name_end = rest.find(['.', '[']).unwrap_or(rest.len());
    let (name, rest) = rest.split_at(name_end);
    let (index, rest) = match rest.strip_prefix('[') {
        Some(after) => {
            let close = after.find(']')?;
            (Some(&rest[..close + 2]), &after[close + 1..])
        }
        None => (None, rest),
    };
    let attribute = rest
        .strip_prefix('.')
        .map(|a| a.split(['.', '[']).next().unwrap_or(a));
    Some((format!("{kind}.{name}"), index, attribute))
}

/// Walks `planned_values`, module by module.
struct Walk<'w, 'p> {
    reading: &'w Reading<'w>,
    unknown: &'w HashMap<&'p str, &'p Json>,
    expressions: &'w HashMap<String, &'p Map<String, Json>>,
    instances: &'w mut Vec<Instance<'p>>,
}

impl<'p> Walk<'_, 'p> {
    fn module(&mut self, module: &'p Json, path: String) -> Result<(), ImportError> {
        let prefix = module
            .get("address")
            .and_then(Json::as_str)
            .map(|address| format!("{}.", strip_indices(address)))
            .unwrap_or_default();
        if let Some(resources) = module.get("resources") {
            let resources = self.array(resources, &format!("{path}.resources"))?;
            for (r, resource) in resources.iter().enumerate() {
                let at = format!("{path}.resources[{r}]");
                if resource.get("mode").and_then(Json::as_str) != Some("managed") {
                    continue;
                }
                let text = |key: &str| resource.get(key).and_then(Json::as_str);
                let (Some(address), Some(kind), Some(name)) =
                    (text("address"), text("type"), text("name"))
                else {
                    return Err(self.reading.error(
                        &at,
                        "this resource has no `address`, `type` or `name`",
                        "import the JSON `terraform show -json PLANFILE` prints, unedited",
                    ));
                };
                let values = match resource.get("values") {
                    Some(Json::Object(values)) => values,
                    _ => {
                        return Err(self.reading.error(
                            &format!("{at}.values"),
                            format!("the values of `{address}` are not an object"),
                            "import the JSON `terraform show -json PLANFILE` prints, unedited",
                        ))
                    }
                };
                self.instances.push(Instance {
                    address,
                    module: prefix.clone(),
                    kind,
                    name,
                    index: resource.get("index"),
                    path: at,
                    values,
                    unknown: self.unknown.get(address).copied(),
                    expressions: self
                        .expressions
                        .get(&format!("{prefix}{kind}.{name}"))
                        .copied(),
                });
            }
        }
        if let Some(children) = module.get("child_modules") {
            let children = self.array(children, &format!("{path}.child_modules"))?;
            for (c, child) in children.iter().enumerate() {
                self.module(child, format!("{path}.child_modules[{c}]"))?;
            }
        }
        Ok(())
    }

    fn array(&self, value: &'p Json, path: &str) -> Result<&'p Vec<Json>, ImportError> {
        value.as_array().ok_or_else(|| {
            self.reading.error(
                path,
                format!(
                    "`{}` is not an array",
                    path.rsplit('.').next().unwrap_or(path)
                ),
                "import the JSON `terraform show -json PLANFILE` prints, unedited",
            )
        })
    }
}

/// `module.a[0].module.b["x"]` as `module.a.module.b`.
fn strip_indices(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0;
    for c in address.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Index the configuration's resources (`expressions` by address without index), module
/// calls included.
fn index_configuration<'p>(
    module: &'p Json,
    prefix: &str,
    index: &mut HashMap<String, &'p Map<String, Json>>,
) {
    for resource in module
        .get("resources")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        if let (Some(address), Some(Json::Object(expressions))) = (
            resource.get("address").and_then(Json::as_str),
            resource.get("expressions"),
        ) {
            index.insert(format!("{prefix}{address}"), expressions);
        }
    }
    if let Some(Json::Object(calls)) = module.get("module_calls") {
        for (name, call) in calls {
            if let Some(inner) = call.get("module") {
                index_configuration(inner, &format!("{prefix}module.{name}."), index);
            }
        }
    }
}

/// The account of a `data.aws_caller_identity` the plan read, with its address.
fn caller_identity(plan: &Json) -> Option<(String, String)> {
    let roots = [
        plan.get("prior_state")
            .and_then(|s| s.get("values"))
            .and_then(|v| v.get("root_module")),
        plan.get("planned_values")
            .and_then(|p| p.get("root_module")),
    ];
    roots.into_iter().flatten().find_map(|root| {
        root.get("resources")?
            .as_array()?
            .iter()
            .filter(|r| r.get("type").and_then(Json::as_str) == Some("aws_caller_identity"))
            .find_map(|r| {
                let account = r.get("values")?.get("account_id")?.as_str()?;
                let address = r.get("address")?.as_str()?;
                is_account_id(account).then(|| (account.to_owned(), format!("`{address}`")))
            })
    })
}

/// The account of the first known IAM ARN among the plan's resources (roles, users, groups
/// and policies that exist already).
fn known_arn_account(instances: &[Instance<'_>]) -> Option<(String, String)> {
    instances
        .iter()
        .filter(|i| i.kind.starts_with("aws_iam_"))
        .find_map(|i| {
            let arn = i.string("arn")?;
            let account = arn.strip_prefix("arn:aws:iam::")?.split(':').next()?;
            is_account_id(account)
                .then(|| (account.to_owned(), format!("the ARN of `{}`", i.address)))
        })
}

/// Whether `text` is a 12-digit account id.
pub(crate) fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_split_into_resource_index_and_attribute() {
        assert_eq!(
            split_reference("aws_iam_policy.read.arn"),
            Some(("aws_iam_policy.read".into(), None, Some("arn")))
        );
        assert_eq!(
            split_reference("aws_iam_role.app[0].name"),
            Some(("aws_iam_role.app".into(), Some("[0]"), Some("name")))
        );
        assert_eq!(
            split_reference("aws_iam_policy.read"),
            Some(("aws_iam_policy.read".into(), None, None))
        );
        assert_eq!(split_reference("var.role_name"), None);
        assert_eq!(split_reference("data.aws_iam_policy_document.x.json"), None);
    }

    #[test]
    fn module_indices_are_dropped_from_addresses() {
        assert_eq!(
            strip_indices("module.a[0].module.b[\"x\"]"),
            "module.a.module.b"
        );
    }
}
