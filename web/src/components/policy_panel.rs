//! Every policy type's editors, in evaluation order; SCPs and RCPs grouped by level.

use yew::prelude::*;

use precedence::PolicyType;

use crate::analysis::{Analysis, Shared};
use crate::app::{edit, Dispatch, StateHandle};
use crate::browser;
use crate::catalog::CatalogState;
use crate::components::finding_list::Located;
use crate::components::policy_editor::PolicyEditor;
use crate::state::{Action, EditablePolicy, Switch};

/// Props of [`PolicyPanel`].
#[derive(Properties, PartialEq)]
pub struct PolicyPanelProps {
    /// The playground state.
    pub state: StateHandle,
    /// The evaluator's view of it.
    pub analysis: Shared<Analysis>,
    /// AWS's service catalog, once loaded.
    pub catalog: CatalogState,
}

fn blurb(policy_type: PolicyType) -> &'static str {
    match policy_type {
        PolicyType::Rcp => {
            "Of the resource's account. RCPFullAWSAccess is always attached, so only Denies matter."
        }
        PolicyType::Scp => "Of the caller's account. Every level, root to account, must allow.",
        PolicyType::Resource => {
            "Attached to the resource: bucket policy, table policy, key policy…"
        }
        PolicyType::Identity => "Attached to the calling user or role.",
        PolicyType::Boundary => "The caller's permissions boundary: a ceiling, never a grant.",
        PolicyType::Session => {
            "Passed when the role session was created: a ceiling, never a grant."
        }
        PolicyType::Endpoint => {
            "The VPC endpoints requests may come through: a gate, never a grant."
        }
    }
}

/// The policy editors.
#[function_component(PolicyPanel)]
pub fn policy_panel(props: &PolicyPanelProps) -> Html {
    let dispatch = props.state.dispatcher();
    let loaded = props.analysis.engine.policies();
    // The state keeps policies in the evaluator's order, so positions line up.
    let editor = |index: usize, policy: &EditablePolicy| -> Html {
        let findings = loaded.get(index).map(Located::all).unwrap_or_default();
        let switched_off = props
            .state
            .is_switched_off(&Switch::Policy(policy.id.clone()));
        html! { <PolicyEditor key={policy.key} policy={policy.clone()} {findings} dispatch={dispatch.clone()} catalog={props.catalog.clone()} {switched_off} /> }
    };
    let sections = PolicyType::ALL.into_iter().map(|policy_type| {
        let members: Vec<(usize, &EditablePolicy)> = props
            .state
            .policies
            .iter()
            .enumerate()
            .filter(|(_, p)| p.policy_type == policy_type)
            .collect();
        let add = {
            let dispatch = dispatch.clone();
            Callback::from(move |_| edit(&dispatch, Action::AddPolicy(policy_type, None)))
        };
        let body = if matches!(policy_type, PolicyType::Scp | PolicyType::Rcp) {
            let levels = props.state.levels(policy_type);
            let count = levels.len();
            levels
                .into_iter()
                .enumerate()
                .map(|(position, level)| {
                    let in_level = members
                        .iter()
                        .filter(|(_, p)| p.level == level)
                        .map(|(i, p)| editor(*i, p));
                    level_block(
                        &dispatch,
                        policy_type,
                        &level,
                        position,
                        count,
                        in_level.collect(),
                    )
                })
                .collect::<Html>()
        } else {
            members.iter().map(|(i, p)| editor(*i, p)).collect::<Html>()
        };
        let add_label = match policy_type {
            PolicyType::Scp | PolicyType::Rcp => {
                format!("+ {} level", policy_type.name().to_uppercase())
            }
            PolicyType::Endpoint => "+ endpoint".to_owned(),
            other => format!("+ {}", other.title()),
        };
        html! {
            <section class="policy-section" data-section={policy_type.name()}>
                <header>
                    <h2>{ capitalise(policy_type.title()) }</h2>
                    <button type="button" class="add" onclick={add}>{ add_label }</button>
                </header>
                <p class="blurb">{ blurb(policy_type) }</p>
                { body }
            </section>
        }
    });
    let set = |make: fn(String) -> Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            edit(&dispatch, make(input.value()));
        })
    };
    let on_management = set(Action::SetManagementAccount);
    let on_members = set(Action::SetMemberAccounts);
    html! {
        <div class="policy-panel">
            <label class="organization">
                <span>{ "Organization management account" }</span>
                <input type="text" value={props.state.management_account.clone()} oninput={on_management}
                    placeholder="none: SCPs apply to every caller" spellcheck="false" />
            </label>
            <label class="organization">
                <span>{ "Member accounts" }</span>
                <input type="text" value={props.state.member_accounts.clone()} oninput={on_members}
                    placeholder="not listed: every other account is a member" spellcheck="false" />
            </label>
            { for sections }
        </div>
    }
}

fn level_block(
    dispatch: &Dispatch,
    policy_type: PolicyType,
    level: &str,
    position: usize,
    count: usize,
    editors: Vec<Html>,
) -> Html {
    // After the action, focus goes to `then`: a level's control follows the level it moved.
    let action = |make: fn(PolicyType, String) -> Action, then: Vec<String>| {
        let dispatch = dispatch.clone();
        let level = level.to_owned();
        Callback::from(move |_| {
            edit(&dispatch, make(policy_type, level.clone()));
            browser::focus_after_render(then.clone());
        })
    };
    let section = format!("[data-section={}]", policy_type.name());
    let in_level = format!(
        "{section} .level[data-level={}]",
        browser::css_string(level)
    );
    let (move_up, move_down) = (
        format!("{in_level} .move-up"),
        format!("{in_level} .move-down"),
    );
    let up = action(
        |t, l| Action::MoveLevel(t, l, -1),
        vec![move_up.clone(), move_down.clone()],
    );
    let down = action(|t, l| Action::MoveLevel(t, l, 1), vec![move_down, move_up]);
    let remove = action(
        Action::RemoveLevel,
        vec![format!("{section} > header .add")],
    );
    let add = action(
        |t, l| Action::AddPolicy(t, Some(l)),
        vec![format!("{in_level} .policy-editor:last-child textarea")],
    );
    let name = if level.is_empty() {
        "(unnamed level)".to_owned()
    } else {
        format!("level {level}")
    };
    html! {
        <div class="level" data-level={level.to_owned()}>
            <div class="level-bar">
                <strong>{ name }</strong>
                <button type="button" class="move-up" onclick={up} disabled={position == 0} aria-label="Move level up">{ "↑" }</button>
                <button type="button" class="move-down" onclick={down} disabled={position + 1 == count} aria-label="Move level down">{ "↓" }</button>
                <button type="button" onclick={add}>{ "+ policy" }</button>
                <button type="button" onclick={remove} aria-label="Remove level">{ "Remove level" }</button>
            </div>
            { for editors }
        </div>
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
