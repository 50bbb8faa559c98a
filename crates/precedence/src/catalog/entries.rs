//! Handles on the catalog's entries: a service, an action, a resource type, a condition key.
//! Each is a reference to the catalog and to the entry's record, so they are cheap to copy and
//! their names are slices of the catalog's text.

use std::cmp::Ordering;
use std::fmt;

use super::arn;
use super::model::{
    AccessLevel, ActionRecord, KeyRecord, KeyType, ResourceTypeRecord, Run, ServiceRecord,
};
use super::{key, search, Catalog};

/// A service of the catalog, such as `dynamodb` (Amazon DynamoDB).
#[derive(Clone, Copy)]
pub struct Service<'c> {
    catalog: &'c Catalog,
    record: &'c ServiceRecord,
}

impl<'c> Service<'c> {
    pub(super) fn new(catalog: &'c Catalog, record: &'c ServiceRecord) -> Self {
        Service { catalog, record }
    }

    /// The prefix actions and keys use (`dynamodb`).
    pub fn prefix(&self) -> &'c str {
        self.catalog.text_of(self.record.prefix)
    }

    /// The prefix lowercased, for matching.
    pub(super) fn lower_prefix(&self) -> &'c str {
        self.catalog.lower_of(self.record.prefix)
    }

    /// The service's name (`Amazon DynamoDB`).
    pub fn name(&self) -> &'c str {
        self.catalog.text_of(self.record.name)
    }

    /// Every action of the service, by name.
    pub fn actions(&self) -> impl ExactSizeIterator<Item = Action<'c>> + 'c {
        let service = *self;
        self.action_records()
            .iter()
            .map(move |record| Action { service, record })
    }

    fn action_records(&self) -> &'c [ActionRecord] {
        slice(&self.catalog.actions, self.record.actions)
    }

    /// The action called `name` (`GetItem`, without the prefix), ignoring case.
    pub fn action(&self, name: &str) -> Option<Action<'c>> {
        let records = self.action_records();
        let found = search(records, name, |record| self.catalog.lower_of(record.name))?;
        records.get(found).map(|record| Action {
            service: *self,
            record,
        })
    }

    /// Every resource type of the service, by name.
    pub fn resource_types(&self) -> impl ExactSizeIterator<Item = ResourceType<'c>> + 'c {
        let service = *self;
        self.type_records()
            .iter()
            .map(move |record| ResourceType { service, record })
    }

    fn type_records(&self) -> &'c [ResourceTypeRecord] {
        slice(&self.catalog.resource_types, self.record.resource_types)
    }

    /// The resource type called `name` (`table`), ignoring case.
    pub fn resource_type(&self, name: &str) -> Option<ResourceType<'c>> {
        let records = self.type_records();
        let found = search(records, name, |record| self.catalog.lower_of(record.name))?;
        records.get(found).map(|record| ResourceType {
            service: *self,
            record,
        })
    }

    /// Every condition key the service lists (its own and the global ones it supports), by
    /// name, with its type.
    pub fn condition_keys(&self) -> impl ExactSizeIterator<Item = ConditionKey<'c>> + 'c {
        let catalog = self.catalog;
        self.key_records()
            .iter()
            .map(move |record| ConditionKey { catalog, record })
    }

    /// The service's condition key that `name` is or is an instance of, ignoring case
    /// (`dynamodb:LeadingKeys`; `aws:ResourceTag/team` for `aws:ResourceTag/${TagKey}`).
    pub fn condition_key(&self, name: &str) -> Option<ConditionKey<'c>> {
        self.catalog.find_key(self.key_records(), name)
    }

    fn key_records(&self) -> &'c [KeyRecord] {
        slice(&self.catalog.keys, self.record.keys)
    }

    /// The service's keys at the service-relative indexes in the run `indexes`.
    fn keys_at(&self, indexes: Run) -> impl Iterator<Item = ConditionKey<'c>> + 'c {
        let catalog = self.catalog;
        let keys = self.key_records();
        slice(&catalog.key_indexes, indexes)
            .iter()
            .filter_map(move |&index| keys.get(usize::from(index)))
            .map(move |record| ConditionKey { catalog, record })
    }
}

/// The records of `all` in the run.
fn slice<T>(all: &[T], run: Run) -> &[T] {
    all.get(run.range()).unwrap_or_default()
}

/// An action of a service, such as `dynamodb:GetItem`. Displays as `service:Action`.
#[derive(Clone, Copy)]
pub struct Action<'c> {
    service: Service<'c>,
    record: &'c ActionRecord,
}

impl<'c> Action<'c> {
    /// The service the action belongs to.
    pub fn service(&self) -> Service<'c> {
        self.service
    }

    /// The action's name in AWS's case, without the prefix (`GetItem`).
    pub fn name(&self) -> &'c str {
        self.service.catalog.text_of(self.record.name)
    }

    /// The name lowercased, for matching.
    pub(super) fn lower_name(&self) -> &'c str {
        self.service.catalog.lower_of(self.record.name)
    }

    /// What the action can do: List, Read, Write, Tagging or Permissions management.
    pub fn access_level(&self) -> AccessLevel {
        self.record.access_level
    }

    /// The resource types the action works on, each marked required or not; none means the
    /// action supports only `"Resource": "*"`.
    pub fn resource_types(&self) -> impl Iterator<Item = ActionResourceType<'c>> + 'c {
        let service = self.service;
        let types = service.type_records();
        slice(&service.catalog.type_references, self.record.resource_types)
            .iter()
            .filter_map(move |reference| {
                let record = types.get(usize::from(reference.index))?;
                Some(ActionResourceType {
                    resource_type: ResourceType { service, record },
                    required: reference.required,
                })
            })
    }

    /// The condition keys the reference lists for the action, by name, with their types.
    pub fn condition_keys(&self) -> impl Iterator<Item = ConditionKey<'c>> + 'c {
        self.service.keys_at(self.record.keys)
    }

    /// The action's condition key that `name` is or is an instance of, ignoring case.
    pub fn condition_key(&self, name: &str) -> Option<ConditionKey<'c>> {
        let exact = self
            .condition_keys()
            .find(|key| key.name().eq_ignore_ascii_case(name));
        exact.or_else(|| {
            let name = name.to_ascii_lowercase();
            self.condition_keys()
                .filter(|key| key.is_template())
                .find(|key| key::is_instance(key.lower_name(), &name))
        })
    }

    /// The action's resource types a concrete ARN is one of: of those with a format the ARN
    /// fits, the most specific (most literal text in the format), since an ARN names one
    /// resource. `arn:aws:s3:::bucket/key` fits both `${BucketName}` and
    /// `${BucketName}/${ObjectName}`; it is an `object`. Letters compare ignoring ASCII case;
    /// `*`, `?` and `${…}` in `arn` are plain characters (for patterns, see
    /// [`ResourceType::resource_pattern_can_match`]).
    pub fn resource_types_matching(&self, arn: &str) -> Vec<ActionResourceType<'c>> {
        let arn = arn::literal(arn);
        let mut best = 0;
        let mut found = Vec::new();
        for candidate in self.resource_types() {
            let Some(specificity) = candidate.resource_type.specificity(&arn) else {
                continue;
            };
            if specificity > best {
                best = specificity;
                found.clear();
            }
            if specificity == best {
                found.push(candidate);
            }
        }
        found
    }
}

/// Actions compare by service prefix and then name, ignoring case: the catalog's order.
impl Ord for Action<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.service.lower_prefix(), self.lower_name())
            .cmp(&(other.service.lower_prefix(), other.lower_name()))
    }
}

impl PartialOrd for Action<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Action<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Action<'_> {}

impl fmt::Display for Action<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service.prefix(), self.name())
    }
}

/// A resource type as an action uses it.
#[derive(Debug, Clone, Copy)]
pub struct ActionResourceType<'c> {
    /// The resource type.
    pub resource_type: ResourceType<'c>,
    /// Whether the action always needs a resource of this type (`*` in the reference).
    pub required: bool,
}

/// A resource type of a service, such as DynamoDB's `table`, with the formats of its ARNs.
#[derive(Clone, Copy)]
pub struct ResourceType<'c> {
    service: Service<'c>,
    record: &'c ResourceTypeRecord,
}

impl<'c> ResourceType<'c> {
    /// The service the resource type belongs to.
    pub fn service(&self) -> Service<'c> {
        self.service
    }

    /// The type's name (`table`).
    pub fn name(&self) -> &'c str {
        self.service.catalog.text_of(self.record.name)
    }

    /// The formats of the type's ARNs, with `${…}` placeholders
    /// (`arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`); usually one.
    pub fn arn_formats(&self) -> impl ExactSizeIterator<Item = &'c str> + 'c {
        let catalog = self.service.catalog;
        self.format_runs()
            .iter()
            .map(move |&run| catalog.text_of(run))
    }

    fn format_runs(&self) -> &'c [Run] {
        slice(&self.service.catalog.arn_formats, self.record.arn_formats)
    }

    /// The condition keys that apply to resources of this type, with their types.
    pub fn condition_keys(&self) -> impl Iterator<Item = ConditionKey<'c>> + 'c {
        self.service.keys_at(self.record.keys)
    }

    /// Whether a concrete ARN fits one of the type's formats, ignoring ASCII case. A
    /// placeholder stands for one or more characters: no `:` in the partition, service,
    /// region and account, anything in the resource part.
    pub fn matches_arn(&self, arn: &str) -> bool {
        self.specificity(&arn::literal(arn)).is_some()
    }

    /// Whether some ARN could match both a policy's resource pattern and one of the type's
    /// formats. In the pattern, `*` is any run of characters, `?` any one, and a policy
    /// variable (`${aws:username}`) any run too, since its value is not known; `${*}`, `${?}`
    /// and `${$}` are those characters. `false` means that no resource of this type can ever
    /// match the pattern.
    pub fn resource_pattern_can_match(&self, arn_pattern: &str) -> bool {
        self.specificity(&arn::policy_pattern(arn_pattern))
            .is_some()
    }

    /// If some text matches both `pattern` and one of the type's formats, the most literal
    /// characters among such formats, plus one.
    fn specificity(&self, pattern: &[arn::Step]) -> Option<usize> {
        let catalog = self.service.catalog;
        self.format_runs()
            .iter()
            .filter_map(|&run| {
                let format = arn::Format::parse(catalog.lower_of(run));
                arn::intersects(&format.steps, pattern).then_some(format.literal_chars + 1)
            })
            .max()
    }
}

/// A condition key with its type, such as `aws:PrincipalArn` (ARN) or the template
/// `aws:ResourceTag/${TagKey}` (String).
#[derive(Clone, Copy)]
pub struct ConditionKey<'c> {
    catalog: &'c Catalog,
    record: &'c KeyRecord,
}

impl<'c> ConditionKey<'c> {
    pub(super) fn new(catalog: &'c Catalog, record: &'c KeyRecord) -> Self {
        ConditionKey { catalog, record }
    }

    /// The key as the reference writes it (`aws:ResourceTag/${TagKey}`).
    pub fn name(&self) -> &'c str {
        self.catalog.text_of(self.record.name)
    }

    fn lower_name(&self) -> &'c str {
        self.catalog.lower_of(self.record.name)
    }

    /// The type of the key's values.
    pub fn key_type(&self) -> KeyType {
        self.record.key_type
    }

    /// Whether the name has placeholders (`${TagKey}`, `<key>`) that stand for any text.
    pub fn is_template(&self) -> bool {
        self.record.templated
    }
}

/// Handles show what they stand for, not the catalog they borrow.
impl fmt::Debug for Service<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Service").field(&self.prefix()).finish()
    }
}

impl fmt::Debug for Action<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Action")
            .field(&format_args!("{self}"))
            .finish()
    }
}

impl fmt::Debug for ResourceType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResourceType")
            .field(&self.service.prefix())
            .field(&self.name())
            .finish()
    }
}

impl fmt::Debug for ConditionKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ConditionKey")
            .field(&self.name())
            .field(&self.key_type())
            .finish()
    }
}
