//! The organization's tree: each root, its OUs and the accounts in them, with the SCPs and RCPs
//! attached to each (by their `target`). OUs and accounts are added, renamed and removed here.

use std::rc::Rc;

use precedence::scenario::ReferenceError;
use precedence::PolicyType;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::{edit, Dispatch, StateHandle};
use crate::components::model_panel::errors_at;
use crate::state::{AccountField, Action, EditablePolicy, ModelEdit, PlaygroundState, UnitField};

/// Props of [`OrgTree`].
#[derive(Properties, PartialEq)]
pub struct OrgTreeProps {
    /// The playground state.
    pub state: StateHandle,
    /// The scenario's reference errors.
    pub errors: Rc<Vec<ReferenceError>>,
}

/// A field committed when left.
fn field(label: &'static str, value: &str, on: Callback<String>) -> Html {
    let onchange = Callback::from(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        on.emit(input.value());
    });
    html! {
        <label class="model-field">
            <span>{ label }</span>
            <input type="text" value={value.to_owned()} {onchange} spellcheck="false" autocomplete="off" />
        </label>
    }
}

fn on_edit(dispatch: &Dispatch, make: impl Fn(String) -> ModelEdit + 'static) -> Callback<String> {
    let dispatch = dispatch.clone();
    Callback::from(move |value: String| edit(&dispatch, Action::EditModel(make(value))))
}

fn button(dispatch: &Dispatch, label: &'static str, action: ModelEdit) -> Html {
    let dispatch = dispatch.clone();
    let onclick = Callback::from(move |_| edit(&dispatch, Action::EditModel(action.clone())));
    html! { <button type="button" {onclick}>{ label }</button> }
}

/// The SCPs and RCPs whose target names `id`.
fn attached(state: &PlaygroundState, id: &str) -> Html {
    let policies: Vec<&EditablePolicy> = state
        .policies
        .iter()
        .filter(|p| matches!(p.policy_type, PolicyType::Scp | PolicyType::Rcp))
        .filter(|p| {
            p.target
                .split(|c: char| c == ',' || c.is_whitespace())
                .any(|t| t == id)
        })
        .collect();
    if policies.is_empty() {
        return html! {};
    }
    html! {
        <ul class="attached-policies" data-testid="attached-policies">
            { for policies.into_iter().map(|p| html! {
                <li><span class="level-tag">{ p.policy_type.name().to_uppercase() }</span>{ " " }<code>{ p.id.clone() }</code></li>
            }) }
        </ul>
    }
}

/// The OU at `index` with what sits in it.
fn unit_node(props: &OrgTreeProps, index: usize, depth: usize) -> Html {
    let state = &props.state;
    let dispatch = state.dispatcher();
    let Some(unit) = state.model.units.get(index) else {
        return html! {};
    };
    let id = unit.id.clone();
    // A tree that loops on itself is drawn down to a depth, and its reference errors say why.
    let children: Vec<usize> = if depth > 12 {
        Vec::new()
    } else {
        state
            .model
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.parent.as_deref() == Some(id.as_str()))
            .map(|(i, _)| i)
            .collect()
    };
    let accounts = state
        .model
        .placed_accounts
        .iter()
        .enumerate()
        .filter(|(_, a)| a.unit.as_deref() == Some(id.as_str()))
        .map(|(i, a)| {
            html! {
                <li class="org-account" data-testid="org-account" data-account={a.id.clone()}>
                    <div class="model-row">
                        { field("Account", &a.id, on_edit(&dispatch, move |v| ModelEdit::SetAccount(i, AccountField::Id, v))) }
                        { field("Name", a.name.as_deref().unwrap_or_default(), on_edit(&dispatch, move |v| ModelEdit::SetAccount(i, AccountField::Name, v))) }
                        { field("In", a.unit.as_deref().unwrap_or_default(), on_edit(&dispatch, move |v| ModelEdit::SetAccount(i, AccountField::Unit, v))) }
                        { button(&dispatch, "Remove", ModelEdit::RemoveAccount(i)) }
                    </div>
                    { attached(state, &a.id) }
                </li>
            }
        });
    let is_root = unit.parent.is_none();
    html! {
        <li class="org-unit" data-testid="org-unit" data-unit={id.clone()}>
            <div class="model-row">
                { field(if is_root { "Root" } else { "OU" }, &unit.id, on_edit(&dispatch, move |v| ModelEdit::SetUnit(index, UnitField::Id, v))) }
                { field("Name", unit.name.as_deref().unwrap_or_default(), on_edit(&dispatch, move |v| ModelEdit::SetUnit(index, UnitField::Name, v))) }
                if let Some(parent) = &unit.parent {
                    { field("In", parent, on_edit(&dispatch, move |v| ModelEdit::SetUnit(index, UnitField::Parent, v))) }
                }
                { button(&dispatch, "+ OU", ModelEdit::AddUnit(Some(id.clone()))) }
                { button(&dispatch, "+ account", ModelEdit::AddAccount(Some(id.clone()))) }
                { button(&dispatch, "Remove", ModelEdit::RemoveUnit(index)) }
            </div>
            { errors_at(&props.errors, &format!("organization.units[{index}]")) }
            { attached(state, &id) }
            <ul class="org-children">
                { for children.into_iter().map(|child| unit_node(props, child, depth + 1)) }
                { for accounts }
            </ul>
        </li>
    }
}

/// The organization's tree.
#[function_component(OrgTree)]
pub fn org_tree(props: &OrgTreeProps) -> Html {
    let state = &props.state;
    let dispatch = state.dispatcher();
    let units = &state.model.units;
    // Tops: roots, and OUs whose parent is not in the tree (their reference errors say so).
    let tops: Vec<usize> = units
        .iter()
        .enumerate()
        .filter(|(_, u)| {
            u.parent
                .as_ref()
                .is_none_or(|parent| !units.iter().any(|p| &p.id == parent))
        })
        .map(|(i, _)| i)
        .collect();
    let unplaced: Vec<String> = state
        .member_accounts
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|id| !id.is_empty())
        .filter(|id| {
            !state.model.placed_accounts.iter().any(|a| {
                a.id == *id
                    && a.unit
                        .as_ref()
                        .is_some_and(|u| units.iter().any(|x| &x.id == u))
            })
        })
        .map(str::to_owned)
        .collect();
    html! {
        <details class="model-section" data-section="organization" open={!units.is_empty()}>
            <summary><strong>{ "Organization" }</strong>{ format!(" ({} OUs and roots)", units.len()) }</summary>
            { errors_at(&props.errors, "organization.accounts") }
            <ul class="org-tree" data-testid="org-tree">
                { for tops.into_iter().map(|top| unit_node(props, top, 0)) }
            </ul>
            if !unplaced.is_empty() {
                <p class="muted">{ format!("Accounts not placed in the tree: {}", unplaced.join(", ")) }</p>
            }
            <div class="model-add">{ button(&dispatch, "+ root", ModelEdit::AddUnit(None)) }</div>
        </details>
    }
}
