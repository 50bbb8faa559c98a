//! One policy: its id (and level or endpoint details), its text with line numbers, and its
//! findings at their lines. The text is kept exactly as typed, valid or not.

use std::rc::Rc;

use precedence::scenario::DocumentSource;
use precedence::scenario::EndpointType;
use precedence::PolicyType;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::{edit, Dispatch};
use crate::assist::{self, StringAt};
use crate::browser;
use crate::catalog::CatalogState;
use crate::components::action_assist::ActionAssist;
use crate::components::code_editor::CodeEditor;
use crate::components::finding_list::{self, Located};
use crate::components::gutter::Gutter;
use crate::paste_limit;
use crate::state::{Action, EditablePolicy, ModelEdit, PolicyField, Switch};
use crate::text_input;

/// Props of [`PolicyEditor`].
#[derive(Properties, PartialEq)]
pub struct PolicyEditorProps {
    /// The policy.
    pub policy: EditablePolicy,
    /// Its findings.
    pub findings: Vec<Located>,
    /// Where edits go.
    pub dispatch: Dispatch,
    /// AWS's service catalog, for the action under the cursor.
    pub catalog: CatalogState,
    /// For a document of the account model: where it is. Its name and removal are the model
    /// panel's, so the editor shows the text and findings only.
    #[prop_or_default]
    pub model: Option<DocumentSource>,
    /// Whether the scenario switches the policy off (kept, not evaluated).
    #[prop_or_default]
    pub switched_off: bool,
}

/// The action that sets the text of the policy `key`, or of the model's document `model`.
fn set_text(key: u32, model: Option<DocumentSource>, text: String) -> Action {
    match model {
        Some(source) => Action::EditModel(ModelEdit::SetDocument(source, text)),
        None => Action::EditPolicy(key, PolicyField::Text, text),
    }
}

/// An editor for one policy.
#[function_component(PolicyEditor)]
pub fn policy_editor(props: &PolicyEditorProps) -> Html {
    let policy = &props.policy;
    let key = policy.key;
    let model = props.model;
    let field = |field: PolicyField| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            edit(&dispatch, Action::EditPolicy(key, field, input.value()));
        })
    };
    // A level or an id is committed when the field is left (or Enter pressed): regrouping the
    // policy on every keystroke would move it, and the field with it, while the name is being
    // typed, and an endpoint's requests would follow every partial id.
    let committed = |field: PolicyField| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            edit(&dispatch, Action::EditPolicy(key, field, input.value()));
        })
    };
    // Where the cursor is (in UTF-16 units, as the textarea counts), for the help under the
    // editor; `None` until the text is focused. Reading it never copies the text out.
    let caret = use_state_eq(|| None::<usize>);
    let area_ref = use_node_ref();
    let on_caret = {
        let caret = caret.clone();
        Callback::from(move |units: usize| caret.set(Some(units)))
    };
    let on_text = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |text: String| edit(&dispatch, set_text(key, model, text)))
    };
    let on_paste = paste_limit::guard(props.dispatch.clone());
    // A completion is made as typing would, so Ctrl+Z takes it back.
    let on_complete = {
        let area_ref = area_ref.clone();
        Callback::from(move |(at, replacement): (StringAt, String)| {
            let Some(area) = area_ref.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let value = area.value();
            if value.get(at.start..at.end).is_none() {
                return;
            }
            let units = |at: usize| assist::utf16_offset(&value, at) as u32;
            let caret = units(at.start) + replacement.encode_utf16().count() as u32;
            text_input::replace(
                &area,
                units(at.start),
                units(at.end),
                &replacement,
                (caret, caret),
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
        let section = props.policy.policy_type.name();
        Callback::from(move |_| {
            edit(&dispatch, Action::RemovePolicy(key));
            browser::focus_after_render(vec![format!("[data-section={section}] > header .add")]);
        })
    };
    let on_switch = {
        let dispatch = props.dispatch.clone();
        let (id, off) = (policy.id.clone(), !props.switched_off);
        Callback::from(move |_| {
            edit(
                &dispatch,
                Action::SetSwitch(Switch::Policy(id.clone()), off),
            )
        })
    };
    let line_count = policy.text.split('\n').count().max(1);
    let marks = Rc::new(finding_list::line_marks(&props.findings));
    let textarea_id = format!("policy-{key}");
    // The text is tied to its findings: a screen reader says it is invalid when it has errors,
    // and reads the findings as its description.
    let findings_id = format!("findings-{key}");
    let invalid = finding_list::has_error(&props.findings);
    let described_by = (!props.findings.is_empty()).then(|| findings_id.clone());
    let text_findings = finding_list::text_findings(&props.findings);
    html! {
        <div class={classes!("policy-editor", props.switched_off.then_some("switched-off"))} data-policy-id={policy.id.clone()}>
            if model.is_none() {
            <div class="policy-meta">
                <label>
                    <span>{ if policy.policy_type == PolicyType::Endpoint { "Endpoint id" } else { "Id" } }</span>
                    <input type="text" value={policy.id.clone()} onchange={committed(PolicyField::Id)} spellcheck="false" />
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
                        <input type="text" value={policy.level.clone()} onchange={committed(PolicyField::Level)} spellcheck="false" />
                    </label>
                    <label>
                        <span>{ "Attached to" }</span>
                        <input type="text" value={policy.target.clone()} onchange={committed(PolicyField::Target)}
                            placeholder="root, OU or account ids" spellcheck="false" data-testid="policy-target" />
                    </label>
                }
                <button type="button" class="switch" onclick={on_switch} data-testid="switch-policy"
                    aria-pressed={if props.switched_off { "true" } else { "false" }}
                    aria-label={format!("Switch off {}", policy.id)}
                    title="Keep the policy as written, but leave it out of evaluation">
                    { if props.switched_off { "Switched off" } else { "Switch off" } }
                </button>
                <button type="button" class="remove" onclick={on_remove} aria-label={format!("Remove {}", policy.id)}>{ "Remove" }</button>
            </div>
            if props.switched_off {
                <p class="switched-off-note" data-testid="switched-off-note">{ "Switched off: kept as written, evaluated by no request." }</p>
            }
            }
            <CodeEditor text={AttrValue::from(policy.text.clone())}
                findings={Rc::new(text_findings)}
                catalog={props.catalog.clone()}
                area_ref={area_ref.clone()}
                id={AttrValue::from(textarea_id)}
                label={AttrValue::from(format!("{} {} text", policy.policy_type.title(), policy.id))}
                policy_type={policy.policy_type.name()}
                policy_id={AttrValue::from(policy.id.clone())}
                {invalid}
                described_by={described_by.map(AttrValue::from)}
                on_input={on_text}
                {on_caret}
                {on_paste}>
                <Gutter {line_count} {marks} />
            </CodeEditor>
            if let Some(cursor) = caret.map(|units| assist::byte_offset(&policy.text, units)) {
                <ActionAssist text={AttrValue::from(policy.text.clone())} {cursor}
                    catalog={props.catalog.clone()} {on_complete} />
            }
            { finding_list::view(&findings_id, &props.findings, &AttrValue::from(policy.text.clone()), &area_ref) }
        </div>
    }
}
