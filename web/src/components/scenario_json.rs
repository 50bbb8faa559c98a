//! The whole scenario as JSON, in the policy editors' code editor: a toggle at the top of the
//! policies column opens it (it is rendered, and the scenario written out, only while open).
//! Until it is typed into, it shows the scenario as it is and follows edits made elsewhere;
//! once typed into, the text is kept exactly as typed (through closing and opening the view),
//! its error (if any) underlined with a finding, until it is applied (an edit of the
//! scenario, undone like any other) or discarded.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::{edit, StateHandle};
use crate::catalog::CatalogState;
use crate::components::code_editor::CodeEditor;
use crate::components::finding_list;
use crate::components::gutter::Gutter;
use crate::editor::tokens::Grammar;
use crate::paste_limit::{self, MAX_EDITOR_BYTES};
use crate::scenario_text;
use crate::share;
use crate::state::Action;

const TEXT_ID: &str = "scenario-json-text";
const FINDINGS_ID: &str = "scenario-json-findings";
const VIEW_ID: &str = "scenario-json-view";

/// Props of [`ScenarioJson`].
#[derive(Properties, PartialEq)]
pub struct ScenarioJsonProps {
    /// The playground state.
    pub state: StateHandle,
    /// AWS's service catalog, for the cards inside inline policy documents.
    pub catalog: CatalogState,
}

/// Text typed into the view: what it is, and the revision of the scenario it started from.
#[derive(Debug, Clone, PartialEq)]
struct Draft {
    text: String,
    since: u64,
}

/// The toggle, and the view while it is open. Closing it keeps what was typed.
#[function_component(ScenarioJson)]
pub fn scenario_json(props: &ScenarioJsonProps) -> Html {
    let open = use_state_eq(|| false);
    let revision = props.state.revision;
    // Written out only while the view is open.
    let current = {
        let state = props.state.clone();
        use_memo((*open, revision), move |(open, _)| {
            open.then(|| share::scenario_json(&state.to_scenario(), true))
                .flatten()
                .unwrap_or_default()
        })
    };
    let draft = use_state_eq(|| None::<Draft>);
    let typed = (*draft).as_ref().map(|d| d.text.clone());
    let read = use_memo(typed, |typed| typed.as_deref().map(scenario_text::read));
    let area_ref = use_node_ref();
    let dispatch = props.state.dispatcher();

    let on_toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let toggle = html! {
        <button type="button" class="json-toggle" onclick={on_toggle} data-testid="scenario-json-toggle"
            aria-expanded={open.to_string()} aria-controls={open.then_some(VIEW_ID)}
            title="See and edit the whole scenario as JSON">
            { if draft.is_some() && !*open { "Scenario JSON (edited)" } else { "Scenario JSON" } }
        </button>
    };
    let on_input = {
        let draft = draft.clone();
        let current = current.clone();
        Callback::from(move |text: String| {
            if text == *current {
                draft.set(None);
            } else {
                let since = (*draft).as_ref().map_or(revision, |d| d.since);
                draft.set(Some(Draft { text, since }));
            }
        })
    };
    let on_discard = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| draft.set(None))
    };
    let scenario = match read.as_ref() {
        Some(Ok(scenario)) => Some(scenario.clone()),
        _ => None,
    };
    let on_apply = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(scenario) = scenario.clone() {
                edit(&dispatch, Action::ApplyJson(Box::new(scenario)));
                draft.set(None);
            }
        })
    };

    let edited = (*draft).as_ref();
    let text = edited.map_or_else(|| (*current).clone(), |d| d.text.clone());
    let body = if !*open {
        Html::default()
    } else if edited.is_none() && text.len() > MAX_EDITOR_BYTES {
        html! {
            <section class="scenario-json-view" id={VIEW_ID} aria-label="Scenario JSON">
                <p class="json-note" data-testid="scenario-json-too-large">{ format!(
                    "This scenario's JSON is {} KB, more than the editor takes ({} KB): a text area that large freezes the tab. Export JSON, edit the file, and Import JSON it back.",
                    text.len().div_ceil(1024),
                    MAX_EDITOR_BYTES / 1024
                ) }</p>
            </section>
        }
    } else {
        let findings = match read.as_ref() {
            Some(Err(located)) => vec![located.clone()],
            _ => Vec::new(),
        };
        let invalid = finding_list::has_error(&findings);
        let described_by = (!findings.is_empty()).then_some(AttrValue::Static(FINDINGS_ID));
        let line_count = text.split('\n').count().max(1);
        let marks = Rc::new(finding_list::line_marks(&findings));
        let text = AttrValue::from(text);
        let note = match edited {
            None => "Shows the scenario as it is, following edits made elsewhere. Type to change it, then Apply.",
            Some(d) if d.since != revision => "Edited here, so this text no longer follows the scenario, which has changed elsewhere since: Apply replaces those changes with this text, Discard my JSON edits shows the scenario as it is.",
            Some(_) => "Edited here, so this text no longer follows edits made elsewhere until you Apply it or Discard my JSON edits.",
        };
        html! {
            <section class="scenario-json-view" id={VIEW_ID} aria-label="Scenario JSON">
                <p class="json-note" data-testid="scenario-json-note" role="status">{ note }</p>
                <CodeEditor text={text.clone()}
                    findings={Rc::new(finding_list::text_findings(&findings))}
                    catalog={props.catalog.clone()}
                    area_ref={area_ref.clone()}
                    id={AttrValue::Static(TEXT_ID)}
                    label={AttrValue::Static("Scenario JSON text")}
                    policy_type={AttrValue::Static("scenario")}
                    policy_id={AttrValue::Static("")}
                    grammar={Grammar::Scenario}
                    {invalid}
                    {described_by}
                    {on_input}
                    on_caret={Callback::noop()}
                    on_paste={paste_limit::guard(props.state.dispatcher())}>
                    <Gutter {line_count} {marks} />
                </CodeEditor>
                { finding_list::view(FINDINGS_ID, &findings, &text, &area_ref) }
                if edited.is_some() {
                    <div class="json-actions">
                        <button type="button" onclick={on_apply} data-testid="scenario-json-apply"
                            disabled={invalid}
                            title="Replace the scenario with this text (Undo takes it back)">{ "Apply" }</button>
                        <button type="button" onclick={on_discard} data-testid="scenario-json-discard"
                            title="Show the scenario as it is again">{ "Discard my JSON edits" }</button>
                    </div>
                }
            </section>
        }
    };
    html! {
        <div class="scenario-json">{ toggle }{ body }</div>
    }
}
