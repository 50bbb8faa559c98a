//! One policy: its id (and level or endpoint details), its text with line numbers, and its
//! findings at their lines. The text is kept exactly as typed, valid or not.

use precedence::scenario::EndpointType;
use precedence::span::Position;
use precedence::{Finding, PolicyType};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::{edit, Dispatch};
use crate::state::{Action, EditablePolicy, PolicyField};

/// A finding with its line and column in the policy text.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// Where it starts.
    pub position: Position,
    /// The finding.
    pub finding: Finding,
}

/// Props of [`PolicyEditor`].
#[derive(Properties, PartialEq)]
pub struct PolicyEditorProps {
    /// The policy.
    pub policy: EditablePolicy,
    /// Its findings.
    pub findings: Vec<Located>,
    /// Where edits go.
    pub dispatch: Dispatch,
}

/// An editor for one policy.
#[function_component(PolicyEditor)]
pub fn policy_editor(props: &PolicyEditorProps) -> Html {
    let policy = &props.policy;
    let key = policy.key;
    let field = |field: PolicyField| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            edit(&dispatch, Action::EditPolicy(key, field, input.value()));
        })
    };
    let on_text = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            edit(
                &dispatch,
                Action::EditPolicy(key, PolicyField::Text, area.value()),
            );
        })
    };
    let on_type = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let kind = if select.value() == "interface" {
                EndpointType::Interface
            } else {
                EndpointType::Gateway
            };
            edit(&dispatch, Action::SetEndpointType(key, kind));
        })
    };
    let on_remove = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| edit(&dispatch, Action::RemovePolicy(key)))
    };
    let line_count = policy.text.split('\n').count().max(1);
    let flagged = |line: usize| {
        props
            .findings
            .iter()
            .filter(|l| l.position.line == line)
            .map(|l| l.finding.severity)
            .min()
    };
    let gutter: Html = (1..=line_count)
        .map(|line| {
            let class = flagged(line).map(|s| s.label());
            html! { <div class={classes!("line-number", class)}>{ line }</div> }
        })
        .collect();
    let textarea_id = format!("policy-{key}");
    html! {
        <div class="policy-editor" data-policy-id={policy.id.clone()}>
            <div class="policy-meta">
                <label>
                    <span>{ if policy.policy_type == PolicyType::Endpoint { "Endpoint id" } else { "Id" } }</span>
                    <input type="text" value={policy.id.clone()} oninput={field(PolicyField::Id)} spellcheck="false" />
                </label>
                if policy.policy_type == PolicyType::Endpoint {
                    <label>
                        <span>{ "VPC" }</span>
                        <input type="text" value={policy.vpc.clone()} oninput={field(PolicyField::Vpc)} spellcheck="false" />
                    </label>
                    <label>
                        <span>{ "Type" }</span>
                        <select onchange={on_type}>
                            <option value="gateway" selected={policy.endpoint_type == EndpointType::Gateway}>{ "gateway" }</option>
                            <option value="interface" selected={policy.endpoint_type == EndpointType::Interface}>{ "interface" }</option>
                        </select>
                    </label>
                }
                if matches!(policy.policy_type, PolicyType::Scp | PolicyType::Rcp) {
                    <label>
                        <span>{ "Level" }</span>
                        <input type="text" value={policy.level.clone()} oninput={field(PolicyField::Level)} spellcheck="false" />
                    </label>
                }
                <button type="button" class="remove" onclick={on_remove} aria-label={format!("Remove {}", policy.id)}>{ "Remove" }</button>
            </div>
            <div class="code">
                <div class="gutter" aria-hidden="true">{ gutter }</div>
                <textarea id={textarea_id.clone()}
                    data-testid="policy-text"
                    data-policy-type={policy.policy_type.name()}
                    data-policy-id={policy.id.clone()}
                    aria-label={format!("{} {} text", policy.policy_type.title(), policy.id)}
                    value={policy.text.clone()}
                    oninput={on_text}
                    rows={(line_count + 1).to_string()}
                    wrap="off"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off" />
            </div>
            if !props.findings.is_empty() {
                <ul class="findings" aria-label="Findings">
                    { for props.findings.iter().map(|located| html! {
                        <li class={classes!("finding", located.finding.severity.label())}>
                            <span class="where">{ format!("{}:{}", located.position.line, located.position.column) }</span>
                            <span class="severity">{ located.finding.severity.label() }</span>
                            <code class="code-name">{ located.finding.code }</code>
                            <span class="message">{ located.finding.message.clone() }</span>
                            <span class="help">{ located.finding.help.clone() }</span>
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}
