//! One entry of the account model — a user or role, a group, a managed policy or a resource —
//! with its fields and policy documents, rendered once opened.

use std::rc::Rc;

use precedence::scenario::{DocumentSource, InlinePolicy, ReferenceError};
use precedence::PolicyType;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::analysis::{Analysis, Shared};
use crate::app::{edit, Dispatch, StateHandle};
use crate::catalog::CatalogState;
use crate::components::finding_list::Located;
use crate::components::model_panel::errors_at;
use crate::components::policy_editor::PolicyEditor;
use crate::components::tag_rows::TagRows;
use crate::state::{Action, ArnList, EditablePolicy, InlineOwner, ModelEdit, TagOwner};

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// `principals[i]`.
    Principal,
    /// `groups[i]`.
    Group,
    /// `managed_policies[i]`.
    Managed,
    /// `resources[i]`.
    Resource,
}

impl EntryKind {
    /// The scenario key of its list.
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Principal => "principals",
            EntryKind::Group => "groups",
            EntryKind::Managed => "managed_policies",
            EntryKind::Resource => "resources",
        }
    }

    /// The list's heading.
    pub fn title(self) -> &'static str {
        match self {
            EntryKind::Principal => "Users and roles",
            EntryKind::Group => "Groups",
            EntryKind::Managed => "Managed policies",
            EntryKind::Resource => "Resources",
        }
    }
}

/// Props of [`ModelEntry`].
#[derive(Properties, PartialEq)]
pub struct ModelEntryProps {
    /// What it is.
    pub kind: EntryKind,
    /// Its place in its list.
    pub index: usize,
    /// The playground state.
    pub state: StateHandle,
    /// The evaluator's view of it.
    pub analysis: Shared<Analysis>,
    /// AWS's service catalog, once loaded.
    pub catalog: CatalogState,
    /// The scenario's reference errors.
    pub errors: Rc<Vec<ReferenceError>>,
}

/// A text field committed when left (or Enter pressed): ARNs and names are not re-read on every
/// keystroke, which would move the entry while it is typed.
fn committed(
    label: &'static str,
    value: &str,
    list: Option<&'static str>,
    on: Callback<String>,
) -> Html {
    let onchange = Callback::from(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        on.emit(input.value());
    });
    html! {
        <label class="model-field">
            <span>{ label }</span>
            <input type="text" value={value.to_owned()} {onchange} list={list} spellcheck="false" autocomplete="off" />
        </label>
    }
}

/// A callback that applies the model edit `make` builds from a value.
fn on_edit<T: 'static>(
    dispatch: &Dispatch,
    make: impl Fn(T) -> ModelEdit + 'static,
) -> Callback<T> {
    let dispatch = dispatch.clone();
    Callback::from(move |value: T| edit(&dispatch, Action::EditModel(make(value))))
}

/// A button that applies one model edit.
fn button(dispatch: &Dispatch, label: String, class: &'static str, action: ModelEdit) -> Html {
    let onclick = on_edit(dispatch, move |_: MouseEvent| action.clone());
    html! { <button type="button" {class} {onclick}>{ label }</button> }
}

/// A stable editor key for a document of the model, apart from the scenario-wide policies'.
fn document_key(source: DocumentSource) -> u32 {
    let hash = source.path().bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    hash | 0x8000_0000
}

/// The editor of the document at `source`, named `id`, with the engine's findings about it.
fn document(props: &ModelEntryProps, source: DocumentSource, id: &str) -> Html {
    let Some(text) = props.state.model.document(source).map(|d| d.text()) else {
        return html! {};
    };
    let loaded = props
        .analysis
        .engine
        .policies()
        .iter()
        .find(|p| p.source == source);
    let policy_type = loaded.map_or(PolicyType::Identity, |p| p.policy_type);
    let findings = loaded.map(Located::all).unwrap_or_default();
    let policy = EditablePolicy {
        key: document_key(source),
        policy_type,
        id: id.to_owned(),
        text,
        level: String::new(),
        vpc: String::new(),
        endpoint_type: Default::default(),
        target: String::new(),
    };
    html! {
        <PolicyEditor key={source.path()} {policy} {findings} dispatch={props.state.dispatcher()}
            catalog={props.catalog.clone()} model={Some(source)} />
    }
}

/// The inline policies of a user, group or role, each named and removable.
fn inline_policies(props: &ModelEntryProps, owner: InlineOwner, policies: &[InlinePolicy]) -> Html {
    let dispatch = props.state.dispatcher();
    let rows = policies.iter().enumerate().map(|(index, inline)| {
        let source = match owner {
            InlineOwner::Principal(principal) => DocumentSource::PrincipalInline { principal, index },
            InlineOwner::Group(group) => DocumentSource::GroupInline { group, index },
        };
        html! {
            <div class="model-document" data-testid="inline-policy">
                <div class="model-row">
                    { committed("Inline policy", &inline.name, None, on_edit(&dispatch, move |name| ModelEdit::RenameInline(owner, index, name))) }
                    { button(&dispatch, "Remove".into(), "remove", ModelEdit::RemoveInline(owner, index)) }
                </div>
                { document(props, source, &inline.name) }
            </div>
        }
    });
    html! {
        <>
            { for rows }
            { button(&dispatch, "+ inline policy".into(), "add", ModelEdit::AddInline(owner)) }
        </>
    }
}

/// An entry of the account model.
#[function_component(ModelEntry)]
pub fn model_entry(props: &ModelEntryProps) -> Html {
    let open = use_state_eq(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |event: Event| {
            let details: web_sys::HtmlDetailsElement = event.target_unchecked_into();
            open.set(details.open());
        })
    };
    let model = &props.state.model;
    let index = props.index;
    let prefix = format!("{}[{index}]", props.kind.name());
    let arn = match props.kind {
        EntryKind::Principal => model.principals.get(index).map(|p| p.arn.clone()),
        EntryKind::Group => model.groups.get(index).map(|g| g.arn.clone()),
        EntryKind::Managed => model.managed_policies.get(index).map(|m| m.arn.clone()),
        EntryKind::Resource => model.resources.get(index).map(|r| r.arn.clone()),
    }
    .unwrap_or_default();
    let has_errors = props
        .errors
        .iter()
        .any(|e| e.path_text().starts_with(&prefix));
    html! {
        <details class={classes!("model-entry", has_errors.then_some("has-errors"))} open={*open} {ontoggle}
            data-testid="model-entry" data-arn={arn.clone()}>
            <summary><code>{ arn.clone() }</code>if has_errors { <span class="error-tag">{ "references" }</span> }</summary>
            if *open {
                { errors_at(&props.errors, &prefix) }
                { body(props) }
            }
        </details>
    }
}

/// The fields and documents of an opened entry.
fn body(props: &ModelEntryProps) -> Html {
    let dispatch = props.state.dispatcher();
    let model = &props.state.model;
    let index = props.index;
    match props.kind {
        EntryKind::Principal => {
            let Some(principal) = model.principals.get(index) else {
                return html! {};
            };
            let is_user = principal.arn.contains(":user/");
            html! {
                <>
                    <div class="model-row">
                        { committed("ARN", &principal.arn, None, on_edit(&dispatch, move |arn| ModelEdit::SetPrincipalArn(index, arn))) }
                        { button(&dispatch, "Remove".into(), "remove", ModelEdit::RemovePrincipal(index)) }
                    </div>
                    { committed("Attached managed policies", &principal.attached_policies.join(", "), Some("model-managed-arns"),
                        on_edit(&dispatch, move |text| ModelEdit::SetArns(ArnList::PrincipalAttached(index), text))) }
                    if is_user || !principal.groups.is_empty() {
                        { committed("Groups", &principal.groups.join(", "), Some("model-group-arns"),
                            on_edit(&dispatch, move |text| ModelEdit::SetArns(ArnList::PrincipalGroups(index), text))) }
                    }
                    { committed("Permissions boundary", principal.permissions_boundary.as_deref().unwrap_or_default(), Some("model-managed-arns"),
                        on_edit(&dispatch, move |arn| ModelEdit::SetBoundary(index, arn))) }
                    <TagRows tags={principal.tags.clone()} owner={TagOwner::Principal(index)} dispatch={dispatch.clone()} />
                    { inline_policies(props, InlineOwner::Principal(index), &principal.inline_policies) }
                    if principal.trust_policy.is_some() {
                        <div class="model-document" data-testid="trust-policy">
                            <div class="model-row">
                                <strong>{ "Trust policy" }</strong>
                                { button(&dispatch, "Remove".into(), "remove", ModelEdit::SetTrust(index, false)) }
                            </div>
                            { document(props, DocumentSource::Trust { principal: index }, "trust policy") }
                        </div>
                    } else if !is_user {
                        { button(&dispatch, "+ trust policy".into(), "add", ModelEdit::SetTrust(index, true)) }
                    }
                </>
            }
        }
        EntryKind::Group => {
            let Some(group) = model.groups.get(index) else {
                return html! {};
            };
            html! {
                <>
                    <div class="model-row">
                        { committed("ARN", &group.arn, None, on_edit(&dispatch, move |arn| ModelEdit::SetGroupArn(index, arn))) }
                        { button(&dispatch, "Remove".into(), "remove", ModelEdit::RemoveGroup(index)) }
                    </div>
                    { committed("Attached managed policies", &group.attached_policies.join(", "), Some("model-managed-arns"),
                        on_edit(&dispatch, move |text| ModelEdit::SetArns(ArnList::GroupAttached(index), text))) }
                    { inline_policies(props, InlineOwner::Group(index), &group.inline_policies) }
                </>
            }
        }
        EntryKind::Managed => {
            let Some(managed) = model.managed_policies.get(index) else {
                return html! {};
            };
            let name = managed
                .arn
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned();
            html! {
                <>
                    <div class="model-row">
                        { committed("ARN", &managed.arn, None, on_edit(&dispatch, move |arn| ModelEdit::SetManagedArn(index, arn))) }
                        { button(&dispatch, "Remove".into(), "remove", ModelEdit::RemoveManaged(index)) }
                    </div>
                    { document(props, DocumentSource::Managed { index }, &name) }
                </>
            }
        }
        EntryKind::Resource => {
            let Some(resource) = model.resources.get(index) else {
                return html! {};
            };
            html! {
                <>
                    <div class="model-row">
                        { committed("ARN", &resource.arn, None, on_edit(&dispatch, move |arn| ModelEdit::SetResourceArn(index, arn))) }
                        { button(&dispatch, "Remove".into(), "remove", ModelEdit::RemoveResource(index)) }
                    </div>
                    <TagRows tags={resource.tags.clone()} owner={TagOwner::Resource(index)} dispatch={dispatch.clone()} />
                    if resource.policy.is_some() {
                        <div class="model-document" data-testid="resource-policy">
                            <div class="model-row">
                                <strong>{ "Resource policy" }</strong>
                                { button(&dispatch, "Remove".into(), "remove", ModelEdit::SetResourcePolicy(index, false)) }
                            </div>
                            { document(props, DocumentSource::Resource { resource: index }, "resource policy") }
                        </div>
                    } else {
                        { button(&dispatch, "+ resource policy".into(), "add", ModelEdit::SetResourcePolicy(index, true)) }
                    }
                </>
            }
        }
    }
}
