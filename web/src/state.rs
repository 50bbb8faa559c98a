//! The scenario being edited, and every change a user can make to it, as a pure reducer.
//!
//! No DOM code lives here, so it is tested natively. Policy text is kept exactly as typed,
//! invalid JSON included: the evaluator reports on it, nobody reformats it.

use std::rc::Rc;

use precedence::scenario::{
    Account, ContextValue, Decision, Document, EndpointType, Group, Lesson, ManagedPolicy,
    Organization, PlacedAccount, Policies, PolicyEntry, Principal, Request, Resource, Scalar,
    Scenario, Session, Suppression, SwitchOff, Targets, Unit,
};
use precedence::suggest::Suggestion;
use precedence::suppress::names_statement;
use precedence::PolicyType;

use crate::share;

mod compare;
mod history;
mod model;
mod offer;
mod playground;
mod predict;
mod slot;
mod snapshot;

pub use compare::{Before, BeforeOrigin, Compare, CompareAction};
pub use model::{AccountField, ArnList, InlineOwner, ModelEdit, TagOwner, UnitField};
pub use playground::{Dropped, PageAction, Playground, SaveReport};
pub use predict::{deciding_stages, Judged, PredictAction};

/// One policy as the editor holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct EditablePolicy {
    /// A stable identity for rendering, unrelated to the user's `id`.
    pub key: u32,
    /// The policy type.
    pub policy_type: PolicyType,
    /// The user's id (the endpoint id for endpoints).
    pub id: String,
    /// The policy text exactly as typed.
    pub text: String,
    /// SCP/RCP level (empty: the unnamed level).
    pub level: String,
    /// Endpoint VPC.
    pub vpc: String,
    /// Endpoint kind.
    pub endpoint_type: EndpointType,
    /// SCP/RCP: the root, OU or account it is attached to (empty: none, the level applies).
    pub target: String,
}

/// One context key row of a request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContextRow {
    /// The key, e.g. `aws:PrincipalOrgID`.
    pub key: String,
    /// The value; for lists, values separated by commas.
    pub value: String,
    /// Whether the key is multivalued (the value is a comma-separated list).
    pub list: bool,
}

/// One request as the form holds it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EditableRequest {
    /// A stable identity for rendering.
    pub key: u32,
    /// A label.
    pub name: String,
    /// The principal ARN.
    pub principal: String,
    /// The action.
    pub action: String,
    /// The resource ARN.
    pub resource: String,
    /// The resource account (empty: derived).
    pub resource_account: String,
    /// The endpoint id (empty: not through an endpoint).
    pub via_endpoint: String,
    /// Context keys.
    pub context: Vec<ContextRow>,
    /// The expected decision.
    pub expect: Option<Decision>,
    /// The role session's session policies and tags, as the scenario gave them.
    pub session: Option<Session>,
    /// The stage AWS said denied the request, as the scenario gave it.
    pub expect_stage: Option<precedence::Stage>,
    /// The context keys switched off for this request (given or derived), kept as written.
    pub switched_off_context: Vec<String>,
}

/// The whole playground state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlaygroundState {
    /// Scenario name.
    pub name: String,
    /// Scenario description.
    pub description: String,
    /// The lesson block of a scenario from the teaching course, kept as it came.
    pub lesson: Option<Lesson>,
    /// The organization's management account (empty: none).
    pub management_account: String,
    /// The organization's member accounts as typed, separated by commas or spaces (empty:
    /// every account but the management account is a member).
    pub member_accounts: String,
    /// Policies, grouped by type in evaluation order, in written order within a type.
    pub policies: Vec<EditablePolicy>,
    /// Requests.
    pub requests: Vec<EditableRequest>,
    /// The account model and the organization's tree, kept as the scenario gave them.
    pub model: AccountModel,
    /// The selected request.
    pub selected: usize,
    /// A message to show above the playground (a broken link, a bad import).
    pub notice: Option<String>,
    /// Bumped on every edit, so views can tell an edit from a load.
    pub revision: u64,
    /// Whether the scenario holds the user's own edits, to autosave: not while it is just what
    /// was opened or loaded (a link, an example, a file), so loading never overwrites saved work.
    pub edited: bool,
    /// The scenario the last load replaced, offered back until dismissed, so loading an
    /// example or a file never loses the work on screen.
    pub replaced: Option<Replaced>,
    /// Compare mode's before, kept across loads of the scenario on screen.
    pub compare: Option<Compare>,
    /// The switch the last change flipped (and whether it went off), until another edit: what
    /// the trace says that change did to the decision.
    pub last_switch: Option<(Switch, bool)>,
    next_key: u32,
}

/// What can be switched off without being deleted: a policy, one statement of it, or a context
/// key of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Switch {
    /// A policy, by the id the trace gives it (or the ARN it belongs to).
    Policy(String),
    /// A statement of a policy: the policy, the statement's index in `Statement` and its
    /// `Sid`. A switch written with either names it.
    Statement {
        /// The policy.
        policy: String,
        /// The statement's index.
        index: usize,
        /// The statement's `Sid`, if it has one.
        sid: Option<String>,
    },
    /// A context key of the request with this key.
    ContextKey(u32, String),
}

impl Switch {
    /// What it names, as the object of "switching off …".
    pub fn describe(&self) -> String {
        match self {
            Switch::Policy(policy) => format!("`{policy}`"),
            Switch::Statement { policy, index, sid } => match sid {
                Some(sid) => format!("statement `{sid}` of `{policy}`"),
                None => format!("statement `#{index}` of `{policy}`"),
            },
            Switch::ContextKey(_, key) => format!("context key `{key}`"),
        }
    }
}

/// The parts of a scenario's account model the forms do not edit one field at a time: kept
/// whole, so a scenario comes back out of the playground as it went in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccountModel {
    /// The organization's id.
    pub organization_id: Option<String>,
    /// The OU tree.
    pub units: Vec<Unit>,
    /// Accounts placed in the tree (the ids also appear in `member_accounts`).
    pub placed_accounts: Vec<PlacedAccount>,
    /// Managed policies.
    pub managed_policies: Vec<ManagedPolicy>,
    /// Groups.
    pub groups: Vec<Group>,
    /// Users and roles.
    pub principals: Vec<Principal>,
    /// Resources.
    pub resources: Vec<Resource>,
    /// Finding codes the scenario allows.
    pub suppressions: Vec<Suppression>,
    /// The policies and statements switched off.
    pub switched_off: Vec<SwitchOff>,
}

/// A scenario that a load replaced. Compared by identity: the state is compared on every
/// render, and a scenario's own equality would add code to the bundle for nothing.
#[derive(Debug, Clone)]
pub struct Replaced(pub Rc<Scenario>);

impl PartialEq for Replaced {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Which text field of a policy changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyField {
    /// The policy text.
    Text,
    /// The id.
    Id,
    /// The SCP/RCP level.
    Level,
    /// The endpoint's VPC.
    Vpc,
    /// The SCP/RCP's targets: root, OU or account ids, separated by commas or spaces.
    Target,
}

/// Which field of a request changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestField {
    /// The label.
    Name,
    /// The principal.
    Principal,
    /// The action.
    Action,
    /// The resource.
    Resource,
    /// The resource account.
    ResourceAccount,
    /// The endpoint.
    ViaEndpoint,
}

/// Which part of a context row changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextEdit {
    /// The key.
    Key(String),
    /// The value.
    Value(String),
    /// Whether it is a list.
    List(bool),
}

/// Every change the playground can make.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Replace everything with a scenario.
    Load(Box<Scenario>),
    /// Start empty, with a message saying why.
    Reset(String),
    /// Change a field of a policy.
    EditPolicy(u32, PolicyField, String),
    /// Change an endpoint's kind.
    SetEndpointType(u32, EndpointType),
    /// Add an empty policy of a type (at `level` for SCPs and RCPs).
    AddPolicy(PolicyType, Option<String>),
    /// Remove a policy.
    RemovePolicy(u32),
    /// Move an SCP/RCP level one place earlier (-1) or later (+1).
    MoveLevel(PolicyType, String, i32),
    /// Remove every policy of an SCP/RCP level.
    RemoveLevel(PolicyType, String),
    /// Change the management account.
    SetManagementAccount(String),
    /// Change the member accounts (as typed).
    SetMemberAccounts(String),
    /// Change a request field.
    EditRequest(u32, RequestField, String),
    /// Change the expected decision.
    SetExpect(u32, Option<Decision>),
    /// Add a request (a copy of the selected one, if any).
    AddRequest,
    /// Add a request made elsewhere (an access-map answer, a compared request) and select it.
    AddRequestOf(Box<Request>),
    /// Remove a request.
    RemoveRequest(u32),
    /// Add an empty context row to a request.
    AddContextRow(u32),
    /// Change a context row.
    EditContextRow(u32, usize, ContextEdit),
    /// Remove a context row.
    RemoveContextRow(u32, usize),
    /// Select a request by position.
    Select(usize),
    /// Show a message above the playground, keeping the scenario.
    Notify(String),
    /// Hide the notice.
    DismissNotice,
    /// Load the scenario the last load replaced (offering back the one on screen).
    RestoreReplaced,
    /// Stop offering the replaced scenario.
    DismissReplaced,
    /// Change the account model.
    EditModel(ModelEdit),
    /// Apply a suggestion of what would allow a request; the policies it does not touch keep
    /// their text as typed.
    ApplySuggestion(Box<Suggestion>),
    /// Replace the scenario with one written in the scenario's JSON view: a change like any
    /// other (undone by Undo, the view and the history kept), not another scenario opened.
    ApplyJson(Box<Scenario>),
    /// Take back the last change (the [`Playground`]'s; the scenario alone ignores it).
    Undo,
    /// Make the last change taken back again (the [`Playground`]'s).
    Redo,
    /// Change what surrounds the scenario: the view, where it is saved (the [`Playground`]'s).
    Page(PageAction),
    /// Open, leave or change compare mode.
    Compare(CompareAction),
    /// Switch a policy, a statement or a context key off (`true`) or back on, keeping it.
    SetSwitch(Switch, bool),
    /// Predict mode and the lessons (the [`Playground`]'s).
    Predict(PredictAction),
}

impl PlaygroundState {
    /// The state holding a scenario.
    pub fn from_scenario(scenario: &Scenario) -> Self {
        let mut state = Self {
            name: scenario.name.clone(),
            description: scenario.description.clone(),
            lesson: scenario.lesson.clone(),
            management_account: scenario
                .organization
                .as_ref()
                .and_then(|org| org.management_account.clone())
                .unwrap_or_default(),
            member_accounts: scenario
                .organization
                .as_ref()
                .map(|org| {
                    let ids: Vec<&str> = org.accounts.iter().map(Account::id).collect();
                    ids.join(", ")
                })
                .unwrap_or_default(),
            model: AccountModel {
                organization_id: scenario.organization.as_ref().and_then(|o| o.id.clone()),
                units: scenario
                    .organization
                    .as_ref()
                    .map(|o| o.units.clone())
                    .unwrap_or_default(),
                placed_accounts: scenario
                    .organization
                    .iter()
                    .flat_map(|o| &o.accounts)
                    .filter_map(|account| match account {
                        Account::Placed(placed) => Some(placed.clone()),
                        Account::Id(_) => None,
                    })
                    .collect(),
                managed_policies: scenario.managed_policies.clone(),
                groups: scenario.groups.clone(),
                principals: scenario.principals.clone(),
                resources: scenario.resources.clone(),
                suppressions: scenario.suppressions.clone(),
                switched_off: scenario.switched_off.clone(),
            },
            ..Self::default()
        };
        for policy_type in PolicyType::ALL {
            for entry in scenario.policies.of_type(policy_type) {
                let key = state.new_key();
                state.policies.push(EditablePolicy {
                    key,
                    policy_type,
                    id: entry.id.clone(),
                    text: entry.document.text(),
                    level: entry.level.clone().unwrap_or_default(),
                    target: entry
                        .target
                        .as_ref()
                        .map(|t| t.ids().join(", "))
                        .unwrap_or_default(),
                    vpc: entry.vpc.clone().unwrap_or_default(),
                    endpoint_type: entry.endpoint_type.unwrap_or_default(),
                });
            }
        }
        for request in &scenario.requests {
            let key = state.new_key();
            state
                .requests
                .push(EditableRequest::from_request(key, request));
        }
        state
    }

    /// The scenario the state describes; policy documents are the texts as typed.
    pub fn to_scenario(&self) -> Scenario {
        let mut policies = Policies::default();
        for policy in &self.policies {
            let is_org = matches!(policy.policy_type, PolicyType::Scp | PolicyType::Rcp);
            let is_endpoint = policy.policy_type == PolicyType::Endpoint;
            policies.of_type_mut(policy.policy_type).push(PolicyEntry {
                id: policy.id.clone(),
                document: Document::Text(policy.text.clone()),
                level: non_empty(&policy.level).filter(|_| is_org),
                vpc: non_empty(&policy.vpc).filter(|_| is_endpoint),
                endpoint_type: is_endpoint.then_some(policy.endpoint_type),
                target: targets(&policy.target).filter(|_| is_org),
            });
        }
        Scenario {
            name: self.name.clone(),
            description: self.description.clone(),
            lesson: self.lesson.clone(),
            organization: {
                let organization = Organization {
                    id: self.model.organization_id.clone(),
                    management_account: non_empty(&self.management_account),
                    units: self.model.units.clone(),
                    accounts: self
                        .member_accounts
                        .split(|c: char| c == ',' || c.is_whitespace())
                        .filter(|account| !account.is_empty())
                        .map(
                            |id| match self.model.placed_accounts.iter().find(|p| p.id == id) {
                                Some(placed) => Account::Placed(placed.clone()),
                                None => Account::Id(id.to_owned()),
                            },
                        )
                        .collect(),
                };
                (organization != Organization::default()).then_some(organization)
            },
            managed_policies: self.model.managed_policies.clone(),
            groups: self.model.groups.clone(),
            principals: self.model.principals.clone(),
            resources: self.model.resources.clone(),
            suppressions: self.model.suppressions.clone(),
            switched_off: self.model.switched_off.clone(),
            policies,
            requests: self
                .requests
                .iter()
                .map(EditableRequest::to_request)
                .collect(),
        }
    }

    /// The selected request's position, if there is one.
    pub fn selected_index(&self) -> Option<usize> {
        (!self.requests.is_empty()).then(|| self.selected.min(self.requests.len() - 1))
    }

    /// The levels of SCPs or RCPs, in order of first appearance.
    pub fn levels(&self, policy_type: PolicyType) -> Vec<String> {
        let mut levels: Vec<String> = Vec::new();
        for policy in self
            .policies
            .iter()
            .filter(|p| p.policy_type == policy_type)
        {
            if !levels.contains(&policy.level) {
                levels.push(policy.level.clone());
            }
        }
        levels
    }

    fn new_key(&mut self) -> u32 {
        self.next_key += 1;
        self.next_key
    }

    fn policy_mut(&mut self, key: u32) -> Option<&mut EditablePolicy> {
        self.policies.iter_mut().find(|p| p.key == key)
    }

    fn request_mut(&mut self, key: u32) -> Option<&mut EditableRequest> {
        self.requests.iter_mut().find(|r| r.key == key)
    }

    /// Apply one action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Load(scenario) => {
                let next_key = self.next_key;
                let revision = self.revision;
                let on_screen = self.to_scenario();
                let had_work = !self.policies.is_empty() || !self.requests.is_empty();
                let compare = self.compare.take();
                *self = Self::from_scenario(&scenario);
                self.compare = compare;
                // Keys stay unique across loads so editors are rebuilt, not reused.
                self.rekey(next_key);
                self.revision = revision + 1;
                let unchanged = share::scenario_json(&self.to_scenario(), false)
                    == share::scenario_json(&on_screen, false);
                self.replaced = (had_work && !unchanged).then(|| Replaced(Rc::new(on_screen)));
                return;
            }
            Action::RestoreReplaced => {
                if let Some(Replaced(previous)) = self.replaced.take() {
                    self.apply(Action::Load(Box::new(Scenario::clone(&previous))));
                    // Brought back on purpose: the user's work again, to autosave.
                    self.edited = true;
                }
                return;
            }
            Action::DismissReplaced => {
                self.replaced = None;
                return;
            }
            Action::Reset(message) => {
                let (revision, compare) = (self.revision, self.compare.take());
                *self = Self::default();
                self.compare = compare;
                self.notice = Some(message);
                self.revision = revision + 1;
                return;
            }
            Action::EditPolicy(key, field, value) => {
                let mut renamed_endpoint = None;
                if let Some(policy) = self.policy_mut(key) {
                    match field {
                        PolicyField::Text => policy.text = value,
                        PolicyField::Id => {
                            let old = std::mem::replace(&mut policy.id, value.clone());
                            // An empty id names no endpoint: requests sent without one are not
                            // moved to it, nor requests through it moved to none.
                            if policy.policy_type == PolicyType::Endpoint
                                && !old.is_empty()
                                && !value.is_empty()
                            {
                                renamed_endpoint = Some((old, value));
                            }
                        }
                        PolicyField::Level => policy.level = value,
                        PolicyField::Vpc => policy.vpc = value,
                        PolicyField::Target => policy.target = value,
                    }
                }
                // Requests through a renamed endpoint follow it.
                if let Some((old, new)) = renamed_endpoint {
                    for request in &mut self.requests {
                        if request.via_endpoint == old {
                            request.via_endpoint = new.clone();
                        }
                    }
                }
            }
            Action::SetEndpointType(key, kind) => {
                if let Some(policy) = self.policy_mut(key) {
                    policy.endpoint_type = kind;
                }
            }
            Action::AddPolicy(policy_type, level) => self.add_policy(policy_type, level),
            Action::RemovePolicy(key) => self.policies.retain(|p| p.key != key),
            Action::MoveLevel(policy_type, level, delta) => {
                self.move_level(policy_type, &level, delta)
            }
            Action::RemoveLevel(policy_type, level) => self
                .policies
                .retain(|p| !(p.policy_type == policy_type && p.level == level)),
            Action::EditModel(edit) => self.edit_model(edit),
            Action::SetManagementAccount(account) => self.management_account = account,
            Action::SetMemberAccounts(accounts) => self.member_accounts = accounts,
            Action::EditRequest(key, field, value) => {
                if let Some(request) = self.request_mut(key) {
                    let target = match field {
                        RequestField::Name => &mut request.name,
                        RequestField::Principal => &mut request.principal,
                        RequestField::Action => &mut request.action,
                        RequestField::Resource => &mut request.resource,
                        RequestField::ResourceAccount => &mut request.resource_account,
                        RequestField::ViaEndpoint => &mut request.via_endpoint,
                    };
                    *target = value;
                }
            }
            Action::SetExpect(key, expect) => {
                if let Some(request) = self.request_mut(key) {
                    request.expect = expect;
                }
            }
            Action::AddRequest => {
                let key = self.new_key();
                let template = self.selected_index().map(|i| self.requests[i].clone());
                let request = match template {
                    Some(copy) => EditableRequest {
                        key,
                        name: format!("{} (copy)", copy.name).trim().to_owned(),
                        ..copy
                    },
                    None => EditableRequest {
                        key,
                        name: "New request".into(),
                        principal: "arn:aws:iam::111122223333:role/AppRole".into(),
                        action: "s3:GetObject".into(),
                        resource: "arn:aws:s3:::example-bucket/key".into(),
                        resource_account: "111122223333".into(),
                        ..EditableRequest::default()
                    },
                };
                self.requests.push(request);
                self.selected = self.requests.len() - 1;
            }
            Action::AddRequestOf(request) => {
                let key = self.new_key();
                self.requests
                    .push(EditableRequest::from_request(key, &request));
                self.selected = self.requests.len() - 1;
            }
            Action::RemoveRequest(key) => {
                self.requests.retain(|r| r.key != key);
                self.selected = self.selected.min(self.requests.len().saturating_sub(1));
            }
            Action::AddContextRow(key) => {
                if let Some(request) = self.request_mut(key) {
                    request.context.push(ContextRow::default());
                }
            }
            Action::EditContextRow(key, row, edit) => {
                if let Some(row) = self.request_mut(key).and_then(|r| r.context.get_mut(row)) {
                    match edit {
                        ContextEdit::Key(k) => row.key = k,
                        ContextEdit::Value(v) => row.value = v,
                        ContextEdit::List(list) => row.list = list,
                    }
                }
            }
            Action::RemoveContextRow(key, row) => {
                if let Some(request) = self.request_mut(key) {
                    if row < request.context.len() {
                        request.context.remove(row);
                    }
                }
            }
            Action::Select(index) => {
                self.selected = index;
                return;
            }
            Action::Compare(action) => {
                self.apply_compare(action);
                return;
            }
            Action::Notify(message) => {
                self.notice = Some(message);
                return;
            }
            Action::DismissNotice => {
                self.notice = None;
                return;
            }
            Action::Undo | Action::Redo | Action::Page(_) | Action::Predict(_) => return,
            Action::SetSwitch(switch, off) => {
                if self.is_switched_off(&switch) == off {
                    return;
                }
                self.set_switch(&switch, off);
                self.last_switch = Some((switch, off));
                self.revision += 1;
                self.edited = true;
                return;
            }
            Action::ApplySuggestion(suggestion) => {
                let mut scenario = self.to_scenario();
                if let Err(error) = suggestion.apply(&mut scenario) {
                    self.notice = Some(format!(
                        "The suggestion no longer fits the scenario ({error}); nothing was changed."
                    ));
                    return;
                }
                self.replace_scenario(&scenario);
                return;
            }
            Action::ApplyJson(scenario) => {
                // Compared as written out, as a load does: no second comparison of scenarios.
                if share::scenario_json(&scenario, false)
                    == share::scenario_json(&self.to_scenario(), false)
                {
                    return;
                }
                self.replace_scenario(&scenario);
                return;
            }
        }
        self.revision += 1;
        self.edited = true;
        self.last_switch = None;
    }

    /// Put `scenario` in place of the one on screen as an edit of it: the selected request,
    /// the comparison and the keys' uniqueness kept, a new revision to evaluate and autosave.
    fn replace_scenario(&mut self, scenario: &Scenario) {
        let (next_key, revision, selected) = (self.next_key, self.revision, self.selected);
        let compare = self.compare.take();
        *self = Self::from_scenario(scenario);
        self.compare = compare;
        self.rekey(next_key);
        self.selected = selected.min(self.requests.len().saturating_sub(1));
        self.revision = revision + 1;
        self.edited = true;
    }

    /// Whether `switch` is off.
    pub fn is_switched_off(&self, switch: &Switch) -> bool {
        match switch {
            Switch::Policy(policy) => self
                .model
                .switched_off
                .iter()
                .any(|s| s.policy == *policy && s.statement.is_none()),
            Switch::Statement { policy, index, sid } => self.model.switched_off.iter().any(|s| {
                s.policy == *policy
                    && s.statement
                        .as_deref()
                        .is_some_and(|named| names_statement(named, *index, sid.as_deref()))
            }),
            Switch::ContextKey(request, key) => self.requests.iter().any(|r| {
                r.key == *request
                    && r.switched_off_context
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(key))
            }),
        }
    }

    /// Turn `switch` off or back on.
    fn set_switch(&mut self, switch: &Switch, off: bool) {
        match switch {
            Switch::Policy(policy) => {
                self.model
                    .switched_off
                    .retain(|s| !(s.policy == *policy && s.statement.is_none()));
                if off {
                    self.model.switched_off.push(SwitchOff {
                        policy: policy.clone(),
                        statement: None,
                    });
                }
            }
            Switch::Statement { policy, index, sid } => {
                self.model.switched_off.retain(|s| {
                    !(s.policy == *policy
                        && s.statement
                            .as_deref()
                            .is_some_and(|named| names_statement(named, *index, sid.as_deref())))
                });
                if off {
                    // By its Sid where it has one: that stays true when statements move.
                    self.model.switched_off.push(SwitchOff {
                        policy: policy.clone(),
                        statement: Some(sid.clone().unwrap_or_else(|| format!("#{index}"))),
                    });
                }
            }
            Switch::ContextKey(request, key) => {
                if let Some(request) = self.request_mut(*request) {
                    request
                        .switched_off_context
                        .retain(|k| !k.eq_ignore_ascii_case(key));
                    if off {
                        request.switched_off_context.push(key.clone());
                    }
                }
            }
        }
    }

    /// The scenario with `switch` flipped back: what the last switch changed is this against
    /// [`PlaygroundState::to_scenario`].
    pub fn scenario_with(&self, switch: &Switch, off: bool) -> Scenario {
        let mut other = self.clone();
        other.set_switch(switch, off);
        other.to_scenario()
    }

    fn rekey(&mut self, after: u32) {
        self.next_key = after;
        for index in 0..self.policies.len() {
            let key = self.new_key();
            self.policies[index].key = key;
        }
        for index in 0..self.requests.len() {
            let key = self.new_key();
            self.requests[index].key = key;
        }
    }

    fn add_policy(&mut self, policy_type: PolicyType, level: Option<String>) {
        let key = self.new_key();
        let count = self
            .policies
            .iter()
            .filter(|p| p.policy_type == policy_type)
            .count();
        // A new id, never one a policy of the type has (one removed before may have left
        // `identity2` while only one remains).
        let (id, text) = (count..)
            .map(|n| starter(policy_type, n))
            .find(|(id, _)| {
                !self
                    .policies
                    .iter()
                    .any(|p| p.policy_type == policy_type && &p.id == id)
            })
            .unwrap_or_else(|| starter(policy_type, count));
        let policy = EditablePolicy {
            key,
            policy_type,
            id,
            text,
            target: String::new(),
            level: match (level, policy_type) {
                (Some(level), _) => level,
                (None, PolicyType::Scp | PolicyType::Rcp) => self.unused_level(policy_type),
                (None, _) => String::new(),
            },
            vpc: if policy_type == PolicyType::Endpoint {
                "vpc-12345678".into()
            } else {
                String::new()
            },
            endpoint_type: EndpointType::Gateway,
        };
        // Keep policies grouped by type, in evaluation order, and an SCP or RCP with the others
        // of its level, so the levels keep their order.
        let position = self
            .policies
            .iter()
            .rposition(|p| p.policy_type == policy_type && p.level == policy.level)
            .or_else(|| {
                self.policies
                    .iter()
                    .rposition(|p| p.policy_type <= policy_type)
            })
            .map_or(0, |i| i + 1);
        self.policies.insert(position, policy);
    }

    /// A level name not used yet: `root`, then `ou-1`, `ou-2`, …
    fn unused_level(&self, policy_type: PolicyType) -> String {
        let levels = self.levels(policy_type);
        std::iter::once("root".to_owned())
            .chain((1..).map(|n| format!("ou-{n}")))
            .find(|name| !levels.contains(name))
            .unwrap_or_default()
    }

    fn move_level(&mut self, policy_type: PolicyType, level: &str, delta: i32) {
        let mut levels = self.levels(policy_type);
        let Some(from) = levels.iter().position(|l| l == level) else {
            return;
        };
        let to = from as i64 + i64::from(delta);
        if to < 0 || to >= levels.len() as i64 {
            return;
        }
        levels.swap(from, to as usize);
        let (of_type, others): (Vec<EditablePolicy>, Vec<EditablePolicy>) = self
            .policies
            .drain(..)
            .partition(|p| p.policy_type == policy_type);
        // Level by level in the new order, each level's policies in their written order.
        let of_type: Vec<EditablePolicy> = levels
            .iter()
            .flat_map(|level| of_type.iter().filter(move |p| p.level == *level))
            .cloned()
            .collect();
        self.policies = others;
        let position = self
            .policies
            .iter()
            .rposition(|p| p.policy_type < policy_type)
            .map_or(0, |i| i + 1);
        self.policies.splice(position..position, of_type);
    }
}

/// A new policy's id and text: a valid starting point for its type.
fn starter(policy_type: PolicyType, count: usize) -> (String, String) {
    let id = match policy_type {
        PolicyType::Endpoint => format!("vpce-{:08x}", 0x11aa_22bb_u32.wrapping_add(count as u32)),
        other => format!("{}{}", other.name(), count + 1),
    };
    let statement = match policy_type {
        PolicyType::Resource | PolicyType::Endpoint => {
            r#"{ "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*" }"#
        }
        PolicyType::Rcp => {
            r#"{ "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": { "StringNotEqualsIfExists": { "aws:PrincipalOrgID": "o-exampleorgid" } } }"#
        }
        _ => r#"{ "Effect": "Allow", "Action": "*", "Resource": "*" }"#,
    };
    let text =
        format!("{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {statement}\n  ]\n}}");
    (id, text)
}

/// Targets typed as ids separated by commas or spaces: none, one, or a list.
fn targets(text: &str) -> Option<Targets> {
    let ids: Vec<String> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect();
    match ids.len() {
        0 => None,
        1 => ids.into_iter().next().map(Targets::One),
        _ => Some(Targets::Many(ids)),
    }
}

fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

impl EditableRequest {
    fn from_request(key: u32, request: &Request) -> Self {
        Self {
            key,
            name: request.name.clone().unwrap_or_default(),
            principal: request.principal.clone(),
            action: request.action.clone(),
            resource: request.resource.clone(),
            resource_account: request.resource_account.clone().unwrap_or_default(),
            via_endpoint: request.via_endpoint.clone().unwrap_or_default(),
            context: request
                .context
                .iter()
                .map(|(key, value)| match value {
                    ContextValue::One(scalar) => ContextRow {
                        key: key.clone(),
                        value: scalar.as_text(),
                        list: false,
                    },
                    ContextValue::List(items) => ContextRow {
                        key: key.clone(),
                        value: items
                            .iter()
                            .map(Scalar::as_text)
                            .collect::<Vec<_>>()
                            .join(", "),
                        list: true,
                    },
                })
                .collect(),
            expect: request.expect,
            expect_stage: request.expect_stage,
            session: request.session.clone(),
            switched_off_context: request.switched_off_context.clone(),
        }
    }

    /// The scenario request this form describes.
    pub fn to_request(&self) -> Request {
        Request {
            name: non_empty(&self.name),
            principal: self.principal.trim().to_owned(),
            action: self.action.trim().to_owned(),
            resource: self.resource.trim().to_owned(),
            resource_account: non_empty(&self.resource_account),
            via_endpoint: non_empty(&self.via_endpoint),
            session: self.session.clone(),
            context: self
                .context
                .iter()
                .filter(|row| !row.key.trim().is_empty())
                .map(|row| {
                    let value = if row.list {
                        ContextValue::List(
                            row.value
                                .split(',')
                                .map(str::trim)
                                .filter(|v| !v.is_empty())
                                .map(|v| Scalar::Text(v.to_owned()))
                                .collect(),
                        )
                    } else {
                        ContextValue::One(Scalar::Text(row.value.clone()))
                    };
                    (row.key.trim().to_owned(), value)
                })
                .collect(),
            expect: self.expect,
            expect_stage: self.expect_stage,
            switched_off_context: self.switched_off_context.clone(),
        }
    }
}

#[cfg(test)]
impl PlaygroundState {
    /// Replace `from` by `to` in the text of the policy `id`, as typing would (for tests).
    pub fn replace_in_policy(&mut self, id: &str, from: &str, to: &str) {
        let policy = self
            .policies
            .iter()
            .find(|p| p.id == id)
            .unwrap_or_else(|| panic!("no policy `{id}`"))
            .clone();
        self.apply(Action::EditPolicy(
            policy.key,
            PolicyField::Text,
            policy.text.replace(from, to),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        serde_json::from_str(
            r#"{"name": "n", "policies": {
                "identity": [{"id": "A", "document": {"Version": "2012-10-17", "Statement": []}}],
                "scp": [{"id": "Full", "level": "root", "document": "{}"}, {"id": "Ou", "level": "ou", "document": "{}"}],
                "endpoint": [{"id": "vpce-1", "vpc": "vpc-1", "type": "interface", "document": "{ }"}]},
              "requests": [{"name": "r", "principal": "p", "action": "s3:GetObject", "resource": "*",
                            "context": {"aws:TagKeys": ["a", "b"], "k": "v"}, "expect": "allowed"}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_scenario_round_trips_with_text_kept_as_typed() {
        let state = PlaygroundState::from_scenario(&scenario());
        let back = state.to_scenario();
        assert_eq!(back.requests, scenario().requests);
        assert_eq!(
            back.policies.endpoint[0].document,
            Document::Text("{ }".into())
        );
        assert_eq!(
            back.policies.endpoint[0].endpoint_type,
            Some(EndpointType::Interface)
        );
        assert_eq!(back.policies.scp[1].level.as_deref(), Some("ou"));
        assert!(
            matches!(&back.policies.identity[0].document, Document::Text(t) if t.contains("\"Statement\""))
        );
    }

    #[test]
    fn invalid_json_is_kept_exactly() {
        let mut state = PlaygroundState::from_scenario(&scenario());
        let key = state
            .policies
            .iter()
            .find(|p| p.policy_type == PolicyType::Identity)
            .unwrap()
            .key;
        state.apply(Action::EditPolicy(
            key,
            PolicyField::Text,
            "{ \"Statement\": [ ".into(),
        ));
        assert_eq!(
            state.to_scenario().policies.identity[0].document,
            Document::Text("{ \"Statement\": [ ".into())
        );
    }

    #[test]
    fn a_policy_added_to_a_level_sits_with_it_and_a_new_level_follows_it() {
        let mut state = PlaygroundState::from_scenario(&scenario());
        state.apply(Action::AddPolicy(PolicyType::Scp, Some("root".into())));
        let scps: Vec<&EditablePolicy> = state
            .policies
            .iter()
            .filter(|p| p.policy_type == PolicyType::Scp)
            .collect();
        assert_eq!(
            scps.iter().map(|p| p.level.as_str()).collect::<Vec<_>>(),
            ["root", "root", "ou"]
        );
        let added = scps[1].key;
        state.apply(Action::EditPolicy(
            added,
            PolicyField::Level,
            "root-2".into(),
        ));
        assert_eq!(state.levels(PolicyType::Scp), ["root", "root-2", "ou"]);
    }

    #[test]
    fn member_accounts_are_kept_as_typed_and_read_as_a_list() {
        let mut state = PlaygroundState::from_scenario(&scenario());
        state.apply(Action::SetMemberAccounts(
            "111122223333,  444455556666 ".into(),
        ));
        let organization = state.to_scenario().organization.expect("an organization");
        let ids: Vec<&str> = organization.accounts.iter().map(Account::id).collect();
        assert_eq!(ids, ["111122223333", "444455556666"]);
        assert_eq!(state.member_accounts, "111122223333,  444455556666 ");
        let reloaded = PlaygroundState::from_scenario(&state.to_scenario());
        assert_eq!(reloaded.member_accounts, "111122223333, 444455556666");
        state.apply(Action::SetMemberAccounts(String::new()));
        assert_eq!(state.to_scenario().organization, None);
    }

    #[test]
    fn requests_follow_a_renamed_endpoint() {
        let mut state = PlaygroundState::from_scenario(&scenario());
        let request = state.requests[0].key;
        state.apply(Action::EditRequest(
            request,
            RequestField::ViaEndpoint,
            "vpce-1".into(),
        ));
        let endpoint = state
            .policies
            .iter()
            .find(|p| p.policy_type == PolicyType::Endpoint)
            .expect("an endpoint")
            .key;
        state.apply(Action::EditPolicy(
            endpoint,
            PolicyField::Id,
            "vpce-2".into(),
        ));
        assert_eq!(state.requests[0].via_endpoint, "vpce-2");
        // Through an empty id and back, a request sent without an endpoint stays without one.
        state.apply(Action::AddRequest);
        let without = state.requests[1].key;
        state.apply(Action::EditRequest(
            without,
            RequestField::ViaEndpoint,
            String::new(),
        ));
        state.apply(Action::EditPolicy(endpoint, PolicyField::Id, String::new()));
        state.apply(Action::EditPolicy(
            endpoint,
            PolicyField::Id,
            "vpce-3".into(),
        ));
        assert_eq!(state.requests[1].via_endpoint, "");
        state.apply(Action::EditPolicy(
            endpoint,
            PolicyField::Id,
            "vpce-2".into(),
        ));
        // Renaming another kind of policy that had the same id leaves requests alone.
        let identity = state.policies[0].key;
        state.apply(Action::EditPolicy(
            identity,
            PolicyField::Id,
            "vpce-2".into(),
        ));
        state.apply(Action::EditPolicy(
            identity,
            PolicyField::Id,
            "Identity".into(),
        ));
        assert_eq!(state.requests[0].via_endpoint, "vpce-2");
    }

    #[test]
    fn levels_move_and_go() {
        let mut state = PlaygroundState::from_scenario(&scenario());
        assert_eq!(state.levels(PolicyType::Scp), ["root", "ou"]);
        state.apply(Action::AddPolicy(PolicyType::Scp, Some("root".into())));
        state.apply(Action::MoveLevel(PolicyType::Scp, "ou".into(), -1));
        assert_eq!(state.levels(PolicyType::Scp), ["ou", "root"]);
        let scps: Vec<(&str, &str)> = state
            .policies
            .iter()
            .filter(|p| p.policy_type == PolicyType::Scp)
            .map(|p| (p.level.as_str(), p.id.as_str()))
            .collect();
        assert_eq!(scps[0], ("ou", "Ou"));
        assert_eq!(
            scps[1],
            ("root", "Full"),
            "a level keeps its policies' order"
        );
        assert_eq!(scps.len(), 3);
        assert_eq!(
            state.policies[0].policy_type,
            PolicyType::Scp,
            "types stay in evaluation order"
        );
        state.apply(Action::RemoveLevel(PolicyType::Scp, "root".into()));
        assert_eq!(state.levels(PolicyType::Scp), ["ou"]);
    }

    #[test]
    fn added_policies_are_valid_and_grouped_by_type() {
        let mut state = PlaygroundState::from_scenario(&scenario());
        state.apply(Action::AddPolicy(PolicyType::Boundary, None));
        let types: Vec<PolicyType> = state.policies.iter().map(|p| p.policy_type).collect();
        let mut sorted = types.clone();
        sorted.sort();
        assert_eq!(types, sorted);
        let engine = precedence::Engine::from_scenario(&state.to_scenario());
        let boundary = engine
            .policies()
            .iter()
            .find(|p| p.policy_type == PolicyType::Boundary)
            .unwrap();
        assert!(boundary.findings.is_empty(), "{:?}", boundary.findings);
    }

    #[test]
    fn a_policy_added_after_a_removal_gets_an_id_of_its_own() {
        let mut state = PlaygroundState::from_scenario(&scenario());
        for _ in 0..2 {
            state.apply(Action::AddPolicy(PolicyType::Boundary, None));
        }
        let first = state
            .policies
            .iter()
            .find(|p| p.policy_type == PolicyType::Boundary)
            .unwrap()
            .key;
        state.apply(Action::RemovePolicy(first));
        state.apply(Action::AddPolicy(PolicyType::Boundary, None));
        let ids: Vec<&str> = state
            .policies
            .iter()
            .filter(|p| p.policy_type == PolicyType::Boundary)
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(ids, ["boundary2", "boundary3"]);
    }

    #[test]
    fn requests_and_context_rows() {
        let mut state = PlaygroundState::from_scenario(&scenario());
        state.apply(Action::AddRequest);
        assert_eq!(state.requests.len(), 2);
        assert_eq!(state.selected, 1);
        let key = state.requests[1].key;
        state.apply(Action::AddContextRow(key));
        state.apply(Action::EditContextRow(
            key,
            2,
            ContextEdit::Key("aws:SourceIp".into()),
        ));
        state.apply(Action::EditContextRow(
            key,
            2,
            ContextEdit::Value("10.0.0.1".into()),
        ));
        let request = &state.to_scenario().requests[1];
        assert_eq!(
            request.context["aws:SourceIp"],
            ContextValue::One(Scalar::Text("10.0.0.1".into()))
        );
        state.apply(Action::RemoveRequest(key));
        assert_eq!(state.selected, 0);
    }

    #[test]
    fn a_request_made_elsewhere_is_added_and_selected() {
        let mut state = PlaygroundState::from_scenario(&scenario());
        let revision = state.revision;
        let request = Request {
            name: Some("from the access map".into()),
            via_endpoint: Some("vpce-1".into()),
            ..Request::new(
                "arn:aws:iam::111122223333:role/R",
                "s3:ListBucket",
                "arn:aws:s3:::b",
            )
        };
        state.apply(Action::AddRequestOf(Box::new(request.clone())));
        assert_eq!(state.requests.len(), 2);
        assert_eq!(state.selected_index(), Some(1));
        assert_eq!(state.to_scenario().requests[1], request);
        assert_eq!(state.revision, revision + 1);
        assert!(state.edited);
        assert_ne!(state.requests[0].key, state.requests[1].key);
    }

    #[test]
    fn loads_rekey_and_resets_keep_a_message() {
        let mut state = PlaygroundState::from_scenario(&scenario());
        let before: Vec<u32> = state.policies.iter().map(|p| p.key).collect();
        state.apply(Action::Load(Box::new(scenario())));
        assert!(state.policies.iter().all(|p| !before.contains(&p.key)));
        state.apply(Action::Reset("broken link".into()));
        assert!(state.policies.is_empty());
        assert_eq!(state.notice.as_deref(), Some("broken link"));
    }

    #[test]
    fn a_load_offers_back_the_scenario_it_replaced_and_is_not_own_work() {
        let mut state = PlaygroundState::from_scenario(&scenario());
        assert!(!state.edited, "what was opened is not the user's work yet");
        let key = state.policies[0].key;
        state.apply(Action::EditPolicy(
            key,
            PolicyField::Text,
            "{ not json yet".into(),
        ));
        assert!(state.edited);
        let mine = state.to_scenario();
        let example = crate::examples::load("seed000-read-only-endpoint").expect("the example");
        state.apply(Action::Load(Box::new(example.clone())));
        assert!(
            !state.edited,
            "a loaded example is not autosaved over the user's work"
        );
        assert_eq!(state.replaced.as_ref().map(|r| &*r.0), Some(&mine));
        let example_on_screen = state.to_scenario();
        // Bringing it back offers the example in turn: neither is lost.
        state.apply(Action::RestoreReplaced);
        assert!(state.edited, "work brought back is autosaved");
        assert_eq!(state.to_scenario(), mine);
        assert_eq!(state.policies[0].text, "{ not json yet");
        assert_eq!(
            state.replaced.as_ref().map(|r| &*r.0),
            Some(&example_on_screen)
        );
        state.apply(Action::DismissReplaced);
        assert_eq!(state.replaced, None);
        // Nothing is offered back for an empty playground, or for the same scenario again.
        state.apply(Action::Reset("broken link".into()));
        state.apply(Action::Load(Box::new(example.clone())));
        assert_eq!(state.replaced, None);
        state.apply(Action::Load(Box::new(example)));
        assert_eq!(state.replaced, None);
    }

    #[test]
    fn applying_a_suggestion_allows_the_request_and_keeps_other_texts() {
        let scenario = crate::examples::load("seed000-read-only-endpoint").expect("the example");
        let mut state = PlaygroundState::from_scenario(&scenario);
        let untouched: Vec<String> = state.policies.iter().map(|p| p.text.clone()).collect();
        let index = (0..state.requests.len())
            .find(|&i| {
                let engine = precedence::Engine::from_scenario(&state.to_scenario());
                let request = engine.prepare(&state.to_scenario().requests[i]).unwrap();
                engine.decide(&request).decision != Decision::Allowed
            })
            .expect("a request that is not allowed");
        state.apply(Action::Select(index));
        let engine = precedence::Engine::from_scenario(&state.to_scenario());
        let suggestions = engine.suggest(&state.to_scenario(), index).unwrap();
        let first = suggestions.items.first().expect("a suggestion").clone();
        let revision = state.revision;
        state.apply(Action::ApplySuggestion(Box::new(first)));
        assert_eq!(state.revision, revision + 1);
        assert_eq!(
            state.selected_index(),
            Some(index),
            "the request stays selected"
        );
        let after = state.to_scenario();
        let engine = precedence::Engine::from_scenario(&after);
        let request = engine.prepare(&after.requests[index]).unwrap();
        assert_eq!(engine.decide(&request).decision, Decision::Allowed);
        // Policies the suggestion did not touch read exactly as before.
        let kept = state
            .policies
            .iter()
            .filter(|p| untouched.contains(&p.text))
            .count();
        assert!(
            kept + 1 >= untouched.len(),
            "{kept} of {} kept",
            untouched.len()
        );
    }

    #[test]
    fn applying_a_mend_changes_only_the_mistake_in_the_text_as_typed() {
        let typed = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [ { \"Sid\": \"Read\",  \"Effect\": \"Permit\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\" } ]\n}";
        let file = serde_json::json!({
            "policies": { "identity": [{ "id": "App", "document": typed }] },
            "requests": [{ "principal": "arn:aws:iam::111122223333:role/R",
                "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k" }]
        });
        let scenario = precedence::ScenarioFile::from_text(&file.to_string())
            .unwrap()
            .scenario;
        let mut state = PlaygroundState::from_scenario(&scenario);
        state.apply(Action::Select(0));
        let engine = precedence::Engine::from_scenario(&state.to_scenario());
        let suggestions = engine.suggest(&state.to_scenario(), 0).unwrap();
        let first = suggestions.items.first().expect("a suggestion").clone();
        assert!(
            matches!(
                first.changes[0].edit,
                precedence::suggest::Edit::RepairStatement { .. }
            ),
            "{first:?}"
        );
        state.apply(Action::ApplySuggestion(Box::new(first)));
        assert_eq!(
            state.policies[0].text,
            typed.replace("\"Permit\"", "\"Allow\"")
        );
    }

    #[test]
    fn a_suggestion_that_no_longer_fits_changes_nothing_and_says_so() {
        let scenario = crate::examples::load("seed000-read-only-endpoint").expect("the example");
        let mut state = PlaygroundState::from_scenario(&scenario);
        let engine = precedence::Engine::from_scenario(&state.to_scenario());
        let index = (0..state.requests.len())
            .find(|&i| {
                engine
                    .suggest(&state.to_scenario(), i)
                    .is_ok_and(|s| !s.items.is_empty())
            })
            .expect("a request with suggestions");
        let suggestion = engine.suggest(&state.to_scenario(), index).unwrap().items[0].clone();
        // Take the requests away: the suggestion's request or policy is gone.
        while !state.requests.is_empty() {
            let key = state.requests[0].key;
            state.apply(Action::RemoveRequest(key));
        }
        for key in state.policies.iter().map(|p| p.key).collect::<Vec<_>>() {
            state.apply(Action::RemovePolicy(key));
        }
        let before = state.clone();
        state.apply(Action::ApplySuggestion(Box::new(suggestion)));
        assert!(
            state
                .notice
                .as_deref()
                .is_some_and(|n| n.contains("nothing was changed")),
            "{:?}",
            state.notice
        );
        assert_eq!(state.policies, before.policies);
        assert_eq!(state.requests, before.requests);
    }
}
