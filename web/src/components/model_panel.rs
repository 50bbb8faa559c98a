//! The account model, shown and edited: principals, groups, managed policies, resources and the
//! organization's tree. A large import stays usable: each list is filtered by ARN and shows its
//! first entries, and an entry renders its policies only once opened.

use std::rc::Rc;

use precedence::scenario::ReferenceError;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::analysis::{Analysis, Shared};
use crate::app::{edit, StateHandle};
use crate::catalog::CatalogState;
use crate::components::model_entry::{EntryKind, ModelEntry};
use crate::components::org_tree::OrgTree;
use crate::state::{Action, ModelEdit};

/// How many entries of a list are shown before the filter must narrow it.
const SHOWN: usize = 40;

/// Props of [`ModelPanel`].
#[derive(Properties, PartialEq)]
pub struct ModelPanelProps {
    /// The playground state.
    pub state: StateHandle,
    /// The evaluator's view of it.
    pub analysis: Shared<Analysis>,
    /// AWS's service catalog, once loaded.
    pub catalog: CatalogState,
}

/// The account model's lists and the organization's tree.
#[function_component(ModelPanel)]
pub fn model_panel(props: &ModelPanelProps) -> Html {
    let filter = use_state(String::new);
    let errors = Rc::new(props.analysis.scenario.reference_errors());
    let model = &props.state.model;
    let dispatch = props.state.dispatcher();
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            filter.set(input.value());
        })
    };
    let needle = filter.to_lowercase();
    let section = |kind: EntryKind, arns: Vec<&str>, add: Vec<(&'static str, ModelEdit)>| {
        let matching: Vec<usize> = arns
            .iter()
            .enumerate()
            .filter(|(_, arn)| needle.is_empty() || arn.to_lowercase().contains(&needle))
            .map(|(index, _)| index)
            .collect();
        let hidden = matching.len().saturating_sub(SHOWN);
        let buttons = add.into_iter().map(|(label, action)| {
            let dispatch = dispatch.clone();
            let onclick =
                Callback::from(move |_| edit(&dispatch, Action::EditModel(action.clone())));
            html! { <button type="button" class="add" {onclick}>{ label }</button> }
        });
        html! {
            <details class="model-section" data-section={kind.name()} open={!arns.is_empty() && arns.len() <= 3}>
                <summary><strong>{ kind.title() }</strong>{ format!(" ({})", arns.len()) }</summary>
                { for matching.iter().take(SHOWN).map(|&index| html! {
                    <ModelEntry key={format!("{}-{index}-{}", kind.name(), arns[index])} {kind} {index}
                        state={props.state.clone()} analysis={props.analysis.clone()}
                        catalog={props.catalog.clone()} errors={Rc::clone(&errors)} />
                }) }
                if hidden > 0 {
                    <p class="muted">{ format!("{hidden} more: filter by ARN to find them.") }</p>
                }
                <div class="model-add">{ for buttons }</div>
            </details>
        }
    };
    let principals: Vec<&str> = model.principals.iter().map(|p| p.arn.as_str()).collect();
    let groups: Vec<&str> = model.groups.iter().map(|g| g.arn.as_str()).collect();
    let managed: Vec<&str> = model
        .managed_policies
        .iter()
        .map(|m| m.arn.as_str())
        .collect();
    let resources: Vec<&str> = model.resources.iter().map(|r| r.arn.as_str()).collect();
    let option = |arn: &&str| html! { <option value={arn.to_string()} /> };
    let managed_options: Vec<Html> = managed.iter().map(option).collect();
    let group_options: Vec<Html> = groups.iter().map(option).collect();
    let total = principals.len() + groups.len() + managed.len() + resources.len();
    html! {
        <section class="policy-section model-panel" data-testid="model-panel" aria-label="Account model">
            <header><h2>{ "Account model" }</h2></header>
            <p class="blurb">{ "Users and roles with their own policies, groups, managed policies, resources and the organization's tree. A request meets the policies of its principal and resource." }</p>
            if total > SHOWN {
                <label class="model-filter">
                    <span>{ "Filter by ARN" }</span>
                    <input type="search" value={(*filter).clone()} oninput={on_filter} placeholder="role/Analyst" spellcheck="false" />
                </label>
            }
            { section(EntryKind::Principal, principals, vec![("+ role", ModelEdit::AddPrincipal(true)), ("+ user", ModelEdit::AddPrincipal(false))]) }
            { section(EntryKind::Group, groups, vec![("+ group", ModelEdit::AddGroup)]) }
            { section(EntryKind::Managed, managed, vec![("+ managed policy", ModelEdit::AddManaged)]) }
            { section(EntryKind::Resource, resources, vec![("+ resource", ModelEdit::AddResource)]) }
            <OrgTree state={props.state.clone()} errors={Rc::clone(&errors)} />
            <datalist id="model-managed-arns">{ for managed_options }</datalist>
            <datalist id="model-group-arns">{ for group_options }</datalist>
        </section>
    }
}

/// The reference errors about the value at `prefix` (`principals[2]`) or inside it.
pub fn errors_at(errors: &[ReferenceError], prefix: &str) -> Html {
    let about: Vec<&ReferenceError> = errors
        .iter()
        .filter(|error| {
            let path = error.path_text();
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
        .collect();
    if about.is_empty() {
        return html! {};
    }
    html! {
        <ul class="reference-errors" data-testid="reference-errors">
            { for about.into_iter().map(|error| html! {
                <li>
                    <code>{ error.path_text() }</code>{ ": " }
                    { crate::prose::prose(&error.message) }
                    <span class="help">{ crate::prose::prose(&error.help) }</span>
                </li>
            }) }
        </ul>
    }
}
