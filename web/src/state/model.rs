//! Edits of the account model: principals, groups, managed policies, resources, the OU tree and
//! the accounts in it. Documents are kept as typed; lists of ARNs are read from text as typed
//! (separated by commas or whitespace) when the field is left.

use std::collections::BTreeMap;

use precedence::scenario::{
    Document, DocumentSource, Group, InlinePolicy, ManagedPolicy, PlacedAccount, Principal,
    Resource, Unit,
};

use super::PlaygroundState;

/// The user, group or role an inline policy belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InlineOwner {
    /// `principals[i]`.
    Principal(usize),
    /// `groups[i]`.
    Group(usize),
}

/// What carries tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagOwner {
    /// `principals[i]`.
    Principal(usize),
    /// `resources[i]`.
    Resource(usize),
}

/// A list of ARNs of a principal or group, typed as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArnList {
    /// A principal's attached managed policies.
    PrincipalAttached(usize),
    /// A user's groups.
    PrincipalGroups(usize),
    /// A group's attached managed policies.
    GroupAttached(usize),
}

/// Which field of an OU changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitField {
    /// Its id (`ou-…`, `r-…` for the root).
    Id,
    /// Its name.
    Name,
    /// The root or OU it sits in.
    Parent,
}

/// Which field of a placed account changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountField {
    /// Its 12-digit id.
    Id,
    /// Its name.
    Name,
    /// The root or OU it sits in.
    Unit,
}

/// One change to the account model.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelEdit {
    /// Set a document's text, kept exactly as typed.
    SetDocument(DocumentSource, String),
    /// Add a role (`true`) or a user (`false`).
    AddPrincipal(bool),
    /// Remove a principal.
    RemovePrincipal(usize),
    /// Change a principal's ARN.
    SetPrincipalArn(usize, String),
    /// Change a principal's permissions boundary (empty: none).
    SetBoundary(usize, String),
    /// Give a role a trust policy (`true`) or take it away.
    SetTrust(usize, bool),
    /// Change a list of ARNs, as typed.
    SetArns(ArnList, String),
    /// Add an inline policy.
    AddInline(InlineOwner),
    /// Remove an inline policy.
    RemoveInline(InlineOwner, usize),
    /// Rename an inline policy.
    RenameInline(InlineOwner, usize, String),
    /// Set a tag: the key it had (`None`: a new tag), its key and its value.
    SetTag(TagOwner, Option<String>, String, String),
    /// Remove a tag.
    RemoveTag(TagOwner, String),
    /// Add a group.
    AddGroup,
    /// Remove a group.
    RemoveGroup(usize),
    /// Change a group's ARN.
    SetGroupArn(usize, String),
    /// Add a managed policy.
    AddManaged,
    /// Remove a managed policy.
    RemoveManaged(usize),
    /// Change a managed policy's ARN.
    SetManagedArn(usize, String),
    /// Add a resource.
    AddResource,
    /// Remove a resource.
    RemoveResource(usize),
    /// Change a resource's ARN.
    SetResourceArn(usize, String),
    /// Give a resource a policy (`true`) or take it away.
    SetResourcePolicy(usize, bool),
    /// Add an OU under a root or OU (`None`: a root).
    AddUnit(Option<String>),
    /// Remove an OU (what sat in it moves to its parent).
    RemoveUnit(usize),
    /// Change a field of an OU.
    SetUnit(usize, UnitField, String),
    /// Add an account in a root or OU.
    AddAccount(Option<String>),
    /// Remove an account (by its place in the placed accounts).
    RemoveAccount(usize),
    /// Change a field of a placed account.
    SetAccount(usize, AccountField, String),
}

/// A starting policy document for a new inline, managed or resource policy.
const STARTER: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}";

/// A starting trust policy: the account's own principals may assume the role.
fn starter_trust(account: &str) -> String {
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{ \"Effect\": \"Allow\", \"Principal\": {{ \"AWS\": \"arn:aws:iam::{account}:root\" }}, \"Action\": \"sts:AssumeRole\" }}\n  ]\n}}"
    )
}

/// Text typed as ARNs separated by commas or whitespace.
fn arns(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|arn| !arn.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A name `base` followed by the first number not in `taken`.
fn fresh(base: &str, taken: &[&str]) -> String {
    (1..)
        .map(|n| format!("{base}{n}"))
        .find(|name| !taken.contains(&name.as_str()))
        .unwrap_or_default()
}

/// Remove `items[index]` if it exists.
fn remove_at<T>(items: &mut Vec<T>, index: usize) {
    if index < items.len() {
        items.remove(index);
    }
}

impl PlaygroundState {
    /// The account id new principals and resources are given: the first member account, else
    /// AWS's documented example account.
    fn home_account(&self) -> String {
        self.member_accounts
            .split(|c: char| c == ',' || c.is_whitespace())
            .find(|id| !id.is_empty())
            .unwrap_or("111122223333")
            .to_owned()
    }

    /// Apply one edit of the account model.
    pub(super) fn edit_model(&mut self, edit: ModelEdit) {
        let account = self.home_account();
        let model = &mut self.model;
        match edit {
            ModelEdit::SetDocument(source, text) => {
                if let Some(document) = model.document_mut(source) {
                    *document = Document::Text(text);
                }
            }
            ModelEdit::AddPrincipal(role) => {
                let names: Vec<&str> = model.principals.iter().map(|p| p.arn.as_str()).collect();
                let kind = if role { "role" } else { "user" };
                let base = format!("arn:aws:iam::{account}:{kind}/New{}", capital(kind));
                let arn = fresh(&base, &names);
                model.principals.push(Principal {
                    arn,
                    inline_policies: Vec::new(),
                    attached_policies: Vec::new(),
                    groups: Vec::new(),
                    permissions_boundary: None,
                    tags: BTreeMap::new(),
                    trust_policy: role.then(|| Document::Text(starter_trust(&account))),
                });
            }
            ModelEdit::RemovePrincipal(index) => remove_at(&mut model.principals, index),
            ModelEdit::SetPrincipalArn(index, arn) => {
                if let Some(principal) = model.principals.get_mut(index) {
                    principal.arn = arn.trim().to_owned();
                }
            }
            ModelEdit::SetBoundary(index, arn) => {
                if let Some(principal) = model.principals.get_mut(index) {
                    let arn = arn.trim();
                    principal.permissions_boundary = (!arn.is_empty()).then(|| arn.to_owned());
                }
            }
            ModelEdit::SetTrust(index, on) => {
                if let Some(principal) = model.principals.get_mut(index) {
                    principal.trust_policy = on.then(|| Document::Text(starter_trust(&account)));
                }
            }
            ModelEdit::SetArns(list, text) => {
                let target = match list {
                    ArnList::PrincipalAttached(i) => model
                        .principals
                        .get_mut(i)
                        .map(|p| &mut p.attached_policies),
                    ArnList::PrincipalGroups(i) => {
                        model.principals.get_mut(i).map(|p| &mut p.groups)
                    }
                    ArnList::GroupAttached(i) => {
                        model.groups.get_mut(i).map(|g| &mut g.attached_policies)
                    }
                };
                if let Some(target) = target {
                    *target = arns(&text);
                }
            }
            ModelEdit::AddInline(owner) => {
                if let Some(policies) = model.inline_mut(owner) {
                    let names: Vec<&str> = policies.iter().map(|p| p.name.as_str()).collect();
                    let name = fresh("Inline", &names);
                    policies.push(InlinePolicy {
                        name,
                        document: Document::Text(STARTER.into()),
                    });
                }
            }
            ModelEdit::RemoveInline(owner, index) => {
                if let Some(policies) = model.inline_mut(owner) {
                    remove_at(policies, index);
                }
            }
            ModelEdit::RenameInline(owner, index, name) => {
                if let Some(policy) = model.inline_mut(owner).and_then(|p| p.get_mut(index)) {
                    policy.name = name.trim().to_owned();
                }
            }
            ModelEdit::SetTag(owner, old, key, value) => {
                if let Some(tags) = model.tags_mut(owner) {
                    if let Some(old) = old {
                        tags.remove(&old);
                    }
                    tags.insert(key, value);
                }
            }
            ModelEdit::RemoveTag(owner, key) => {
                if let Some(tags) = model.tags_mut(owner) {
                    tags.remove(&key);
                }
            }
            ModelEdit::AddGroup => {
                let names: Vec<&str> = model.groups.iter().map(|g| g.arn.as_str()).collect();
                let arn = fresh(&format!("arn:aws:iam::{account}:group/NewGroup"), &names);
                model.groups.push(Group {
                    arn,
                    inline_policies: Vec::new(),
                    attached_policies: Vec::new(),
                });
            }
            ModelEdit::RemoveGroup(index) => remove_at(&mut model.groups, index),
            ModelEdit::SetGroupArn(index, arn) => {
                if let Some(group) = model.groups.get_mut(index) {
                    group.arn = arn.trim().to_owned();
                }
            }
            ModelEdit::AddManaged => {
                let names: Vec<&str> = model
                    .managed_policies
                    .iter()
                    .map(|m| m.arn.as_str())
                    .collect();
                let arn = fresh(&format!("arn:aws:iam::{account}:policy/NewPolicy"), &names);
                model.managed_policies.push(ManagedPolicy {
                    arn,
                    document: Document::Text(STARTER.into()),
                });
            }
            ModelEdit::RemoveManaged(index) => remove_at(&mut model.managed_policies, index),
            ModelEdit::SetManagedArn(index, arn) => {
                if let Some(managed) = model.managed_policies.get_mut(index) {
                    managed.arn = arn.trim().to_owned();
                }
            }
            ModelEdit::AddResource => {
                let names: Vec<&str> = model.resources.iter().map(|r| r.arn.as_str()).collect();
                let arn = fresh("arn:aws:s3:::new-bucket-", &names);
                model.resources.push(Resource {
                    arn,
                    policy: None,
                    tags: BTreeMap::new(),
                });
            }
            ModelEdit::RemoveResource(index) => remove_at(&mut model.resources, index),
            ModelEdit::SetResourceArn(index, arn) => {
                if let Some(resource) = model.resources.get_mut(index) {
                    resource.arn = arn.trim().to_owned();
                }
            }
            ModelEdit::SetResourcePolicy(index, on) => {
                if let Some(resource) = model.resources.get_mut(index) {
                    resource.policy = on.then(|| Document::Text(STARTER.into()));
                }
            }
            ModelEdit::AddUnit(parent) => {
                let ids: Vec<&str> = model.units.iter().map(|u| u.id.as_str()).collect();
                let id = match &parent {
                    Some(_) => fresh("ou-exampleouid", &ids),
                    None => fresh("r-examplerootid", &ids),
                };
                model.units.push(Unit {
                    id,
                    name: None,
                    parent,
                });
            }
            ModelEdit::RemoveUnit(index) => {
                if let Some(unit) = model.units.get(index).cloned() {
                    model.units.remove(index);
                    for child in &mut model.units {
                        if child.parent.as_deref() == Some(&unit.id) {
                            child.parent = unit.parent.clone();
                        }
                    }
                    for placed in &mut model.placed_accounts {
                        if placed.unit.as_deref() == Some(&unit.id) {
                            placed.unit = unit.parent.clone();
                        }
                    }
                }
            }
            ModelEdit::SetUnit(index, field, value) => {
                let value = value.trim().to_owned();
                let Some(old_id) = model.units.get(index).map(|u| u.id.clone()) else {
                    return;
                };
                if field == UnitField::Id {
                    // What sat in the unit follows it to its new id.
                    for child in &mut model.units {
                        if child.parent.as_deref() == Some(&old_id) {
                            child.parent = Some(value.clone());
                        }
                    }
                    for placed in &mut model.placed_accounts {
                        if placed.unit.as_deref() == Some(&old_id) {
                            placed.unit = Some(value.clone());
                        }
                    }
                }
                if let Some(unit) = model.units.get_mut(index) {
                    let optional = (!value.is_empty()).then(|| value.clone());
                    match field {
                        UnitField::Id => unit.id = value,
                        UnitField::Name => unit.name = optional,
                        UnitField::Parent => unit.parent = optional,
                    }
                }
            }
            ModelEdit::AddAccount(unit) => {
                let mut ids: Vec<String> = arns(&self.member_accounts);
                let id = (0..1000u64)
                    .map(|n| format!("{:012}", 444_455_556_666 + n))
                    .find(|id| !ids.contains(id))
                    .unwrap_or_default();
                ids.push(id.clone());
                self.member_accounts = ids.join(", ");
                self.model.placed_accounts.push(PlacedAccount {
                    id,
                    name: None,
                    unit,
                });
            }
            ModelEdit::RemoveAccount(index) => {
                if let Some(placed) = self.model.placed_accounts.get(index).cloned() {
                    self.model.placed_accounts.remove(index);
                    let ids: Vec<String> = arns(&self.member_accounts)
                        .into_iter()
                        .filter(|id| *id != placed.id)
                        .collect();
                    self.member_accounts = ids.join(", ");
                }
            }
            ModelEdit::SetAccount(index, field, value) => {
                let value = value.trim().to_owned();
                let Some(placed) = self.model.placed_accounts.get_mut(index) else {
                    return;
                };
                let optional = (!value.is_empty()).then(|| value.clone());
                match field {
                    AccountField::Id => {
                        let old = std::mem::replace(&mut placed.id, value.clone());
                        let ids: Vec<String> = arns(&self.member_accounts)
                            .into_iter()
                            .map(|id| if id == old { value.clone() } else { id })
                            .collect();
                        self.member_accounts = ids.join(", ");
                    }
                    AccountField::Name => placed.name = optional,
                    AccountField::Unit => placed.unit = optional,
                }
            }
        }
    }
}

impl super::AccountModel {
    /// The document at `source`, if the model holds one there.
    pub fn document(&self, source: DocumentSource) -> Option<&Document> {
        match source {
            DocumentSource::Managed { index } => {
                self.managed_policies.get(index).map(|m| &m.document)
            }
            DocumentSource::PrincipalInline { principal, index } => self
                .principals
                .get(principal)
                .and_then(|p| p.inline_policies.get(index))
                .map(|i| &i.document),
            DocumentSource::GroupInline { group, index } => self
                .groups
                .get(group)
                .and_then(|g| g.inline_policies.get(index))
                .map(|i| &i.document),
            DocumentSource::Trust { principal } => self
                .principals
                .get(principal)
                .and_then(|p| p.trust_policy.as_ref()),
            DocumentSource::Resource { resource } => {
                self.resources.get(resource).and_then(|r| r.policy.as_ref())
            }
            DocumentSource::Policies { .. } | DocumentSource::Session { .. } => None,
        }
    }

    fn document_mut(&mut self, source: DocumentSource) -> Option<&mut Document> {
        match source {
            DocumentSource::Managed { index } => self
                .managed_policies
                .get_mut(index)
                .map(|m| &mut m.document),
            DocumentSource::PrincipalInline { principal, index } => self
                .principals
                .get_mut(principal)
                .and_then(|p| p.inline_policies.get_mut(index))
                .map(|i| &mut i.document),
            DocumentSource::GroupInline { group, index } => self
                .groups
                .get_mut(group)
                .and_then(|g| g.inline_policies.get_mut(index))
                .map(|i| &mut i.document),
            DocumentSource::Trust { principal } => self
                .principals
                .get_mut(principal)
                .and_then(|p| p.trust_policy.as_mut()),
            DocumentSource::Resource { resource } => self
                .resources
                .get_mut(resource)
                .and_then(|r| r.policy.as_mut()),
            DocumentSource::Policies { .. } | DocumentSource::Session { .. } => None,
        }
    }

    fn inline_mut(&mut self, owner: InlineOwner) -> Option<&mut Vec<InlinePolicy>> {
        match owner {
            InlineOwner::Principal(i) => self.principals.get_mut(i).map(|p| &mut p.inline_policies),
            InlineOwner::Group(i) => self.groups.get_mut(i).map(|g| &mut g.inline_policies),
        }
    }

    fn tags_mut(&mut self, owner: TagOwner) -> Option<&mut BTreeMap<String, String>> {
        match owner {
            TagOwner::Principal(i) => self.principals.get_mut(i).map(|p| &mut p.tags),
            TagOwner::Resource(i) => self.resources.get_mut(i).map(|r| &mut r.tags),
        }
    }
}

fn capital(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Action;
    use precedence::Scenario;

    fn model_scenario() -> Scenario {
        serde_json::from_str(
            r#"{"organization": {"id": "o-exampleorgid", "units": [
                    {"id": "r-examplerootid111"},
                    {"id": "ou-examplerootid111-exampleouid111", "name": "Prod", "parent": "r-examplerootid111"}],
                  "accounts": [{"id": "111122223333", "unit": "ou-examplerootid111-exampleouid111"}, "444455556666"]},
                "managed_policies": [{"arn": "arn:aws:iam::111122223333:policy/ReadReports",
                    "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}],
                "groups": [{"arn": "arn:aws:iam::111122223333:group/Readers"}],
                "principals": [{"arn": "arn:aws:iam::111122223333:role/Analyst",
                    "attached_policies": ["arn:aws:iam::111122223333:policy/ReadReports"],
                    "tags": {"team": "data"},
                    "trust_policy": "{ \"Version\": \"2012-10-17\", \"Statement\": [] }"},
                  {"arn": "arn:aws:iam::111122223333:user/alice", "groups": ["arn:aws:iam::111122223333:group/Readers"]}],
                "resources": [{"arn": "arn:aws:s3:::reports", "tags": {"class": "internal"}}],
                "policies": {"scp": [{"id": "DenyLeave", "target": "ou-examplerootid111-exampleouid111", "document": "{}"}]},
                "requests": [{"principal": "arn:aws:sts::111122223333:assumed-role/Analyst/s1", "action": "s3:GetObject",
                    "resource": "arn:aws:s3:::reports/q1.csv", "expect": "allowed", "expect_stage": "identity",
                    "session": {"tags": {"team": "ops"}}}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn the_whole_model_survives_the_playground_and_its_share_link() {
        let scenario = model_scenario();
        let state = PlaygroundState::from_scenario(&scenario);
        assert_eq!(state.to_scenario(), scenario);
        let link = crate::share::link(&state.to_scenario()).expect("small enough for a link");
        let opened = crate::share::decode(&link).expect("the link opens");
        assert_eq!(opened, scenario);
        let autosaved = crate::share::scenario_json(&state.to_scenario(), true).unwrap();
        let reopened = precedence::ScenarioFile::from_text(&autosaved)
            .unwrap()
            .scenario;
        assert_eq!(reopened, scenario);
    }

    #[test]
    fn documents_are_kept_as_typed_and_lists_read_as_typed() {
        let mut state = PlaygroundState::from_scenario(&model_scenario());
        let typed = "{ \"Statement\": [ oops";
        state.apply(Action::EditModel(ModelEdit::SetDocument(
            DocumentSource::Managed { index: 0 },
            typed.into(),
        )));
        let back = state.to_scenario();
        assert_eq!(
            back.managed_policies[0].document,
            Document::Text(typed.into())
        );
        state.apply(Action::EditModel(ModelEdit::SetArns(
            ArnList::PrincipalGroups(1),
            "arn:aws:iam::111122223333:group/Readers,\n arn:aws:iam::111122223333:group/Ops "
                .into(),
        )));
        assert_eq!(
            state.to_scenario().principals[1].groups,
            [
                "arn:aws:iam::111122223333:group/Readers",
                "arn:aws:iam::111122223333:group/Ops"
            ]
        );
        // The group does not exist: the scenario says so at the reference.
        let errors = state.to_scenario().reference_errors();
        assert!(
            errors
                .iter()
                .any(|e| e.path_text() == "principals[1].groups[1]"),
            "{errors:?}"
        );
    }

    #[test]
    fn tags_are_renamed_set_and_removed() {
        let mut state = PlaygroundState::from_scenario(&model_scenario());
        let owner = TagOwner::Principal(0);
        state.apply(Action::EditModel(ModelEdit::SetTag(
            owner,
            Some("team".into()),
            "Team".into(),
            "data".into(),
        )));
        state.apply(Action::EditModel(ModelEdit::SetTag(
            owner,
            None,
            "cost".into(),
            "42".into(),
        )));
        let tags = &state.to_scenario().principals[0].tags;
        assert_eq!(
            tags.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>(),
            ["Team=data", "cost=42"]
        );
        state.apply(Action::EditModel(ModelEdit::RemoveTag(
            owner,
            "Team".into(),
        )));
        assert_eq!(state.to_scenario().principals[0].tags.len(), 1);
    }

    #[test]
    fn principals_resources_units_and_accounts_come_and_go() {
        let mut state = PlaygroundState::from_scenario(&model_scenario());
        state.apply(Action::EditModel(ModelEdit::AddPrincipal(true)));
        state.apply(Action::EditModel(ModelEdit::AddPrincipal(true)));
        let scenario = state.to_scenario();
        let added: Vec<&str> = scenario.principals[2..]
            .iter()
            .map(|p| p.arn.as_str())
            .collect();
        assert_eq!(
            added,
            [
                "arn:aws:iam::111122223333:role/NewRole1",
                "arn:aws:iam::111122223333:role/NewRole2"
            ]
        );
        assert!(scenario.principals[2].trust_policy.is_some());
        assert!(precedence::Engine::from_scenario(&scenario)
            .policies()
            .iter()
            .filter(|p| p.owner.as_deref() == Some(added[0]))
            .all(|p| p
                .findings
                .iter()
                .all(|f| f.severity != precedence::finding::Severity::Error)));
        state.apply(Action::EditModel(ModelEdit::RemovePrincipal(0)));
        assert_eq!(state.to_scenario().principals.len(), 3);
        state.apply(Action::EditModel(ModelEdit::AddResource));
        state.apply(Action::EditModel(ModelEdit::SetResourcePolicy(1, true)));
        assert!(state.to_scenario().resources[1].policy.is_some());
        state.apply(Action::EditModel(ModelEdit::RemoveResource(0)));
        assert_eq!(state.to_scenario().resources.len(), 1);

        // Renaming an OU takes its accounts along; removing it moves them to its parent.
        state.apply(Action::EditModel(ModelEdit::SetUnit(
            1,
            UnitField::Id,
            "ou-examplerootid111-exampleouid222".into(),
        )));
        let organization = state.to_scenario().organization.unwrap();
        assert_eq!(
            organization.accounts[0].unit(),
            Some("ou-examplerootid111-exampleouid222")
        );
        state.apply(Action::EditModel(ModelEdit::AddAccount(Some(
            "ou-examplerootid111-exampleouid222".into(),
        ))));
        state.apply(Action::EditModel(ModelEdit::RemoveUnit(1)));
        let organization = state.to_scenario().organization.unwrap();
        let placed: Vec<(&str, Option<&str>)> = organization
            .accounts
            .iter()
            .map(|a| (a.id(), a.unit()))
            .collect();
        assert_eq!(
            placed,
            [
                ("111122223333", Some("r-examplerootid111")),
                ("444455556666", None),
                ("444455556667", Some("r-examplerootid111"))
            ]
        );
        state.apply(Action::EditModel(ModelEdit::RemoveAccount(0)));
        let organization = state.to_scenario().organization.unwrap();
        let ids: Vec<&str> = organization.accounts.iter().map(|a| a.id()).collect();
        assert_eq!(ids, ["444455556666", "444455556667"]);
    }
}
