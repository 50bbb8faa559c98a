//! Share and keep: copy the link, export and import scenario files, copy an embed snippet.

use gloo::file::callbacks::FileReader;
use gloo::file::File;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::{edit, StateHandle};
use crate::browser;
use crate::components::history_buttons::HistoryButtons;
use crate::components::link_too_large::LinkTooLarge;
use crate::components::recent_menu::RecentMenu;
use crate::export;
use crate::share;
use crate::state::{Action, CompareAction, PredictAction};

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The playground state.
    pub state: StateHandle,
    /// Import AWS output: the files picked.
    pub on_import: Callback<Vec<web_sys::File>>,
}

/// Buttons to share, export, import and embed the scenario.
#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let status = use_state(String::new);
    // Set when the scenario was too large for the link asked for.
    let too_large = use_state(|| None::<share::TooLarge>);
    let reader = use_mut_ref(|| None::<FileReader>);
    // Links are made when asked for, not on every keystroke, and only links the playground
    // opens: a scenario too large for one gets the message and the file export instead.
    let copy_link = {
        let status = status.clone();
        let too_large = too_large.clone();
        let state = props.state.clone();
        Callback::from(move |_| match share::link(&state.to_scenario()) {
            Ok(fragment) => {
                too_large.set(None);
                let fragment = share::with_view(fragment, &state.view());
                let link = format!("{}#{fragment}", browser::base_url());
                copy_then_say(link, status.clone(), "Link copied");
            }
            Err(reason) => {
                status.set(String::new());
                too_large.set(Some(reason));
            }
        })
    };
    let copy_embed = {
        let status = status.clone();
        let too_large = too_large.clone();
        let state = props.state.clone();
        Callback::from(move |_| match share::link(&state.to_scenario()) {
            Ok(fragment) => {
                too_large.set(None);
                let fragment = share::with_view(fragment, &state.view());
                let url = format!("{}?embed=1#{fragment}", browser::base_url());
                let snippet = format!(
                    "<iframe src=\"{url}\" title=\"Precedence: AWS policy evaluation\" width=\"100%\" height=\"640\" style=\"border:1px solid #ccc;border-radius:6px\" loading=\"lazy\"></iframe>"
                );
                copy_then_say(snippet, status.clone(), "Embed snippet copied");
            }
            Err(reason) => {
                status.set(String::new());
                too_large.set(Some(reason));
            }
        })
    };
    let export = {
        let state = props.state.clone();
        Callback::from(move |()| export::export_file(&state.to_scenario()))
    };
    let dismiss_too_large = {
        let too_large = too_large.clone();
        Callback::from(move |()| too_large.set(None))
    };
    let import = {
        let state = props.state.clone();
        let status = status.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            let file = File::from(file);
            let state = state.clone();
            let status = status.clone();
            let name = file.name();
            *reader.borrow_mut() = Some(gloo::file::callbacks::read_as_text(
                &file,
                move |result| match result.map_err(|e| e.to_string()).and_then(|text| {
                    precedence::ScenarioFile::from_text(&text).map_err(|e| e.to_string())
                }) {
                    Ok(file) => {
                        edit(&state.dispatcher(), Action::Load(Box::new(file.scenario)));
                        status.set(format!("Imported {name}"));
                    }
                    Err(error) => {
                        status.set(String::new());
                        state.dispatch(Action::Notify(format!(
                            "{name} cannot be imported: {error}. Import takes a scenario file (from Export JSON or the CLI); paste a single policy into its editor instead."
                        )));
                    }
                },
            ));
            input.set_value("");
        })
    };
    let comparing = props.state.comparing();
    let compare = {
        let dispatch = props.state.dispatcher();
        let action = if comparing {
            CompareAction::Close
        } else {
            CompareAction::Open
        };
        Callback::from(move |_| edit(&dispatch, Action::Compare(action.clone())))
    };
    let compare_title = if props.state.compare.is_some() {
        "Compare the scenario on screen with the before kept from last time"
    } else {
        "Keep the scenario as it is now as the before, edit it, and see which requests your change decides differently"
    };
    let predicting = props.state.predict().on;
    let toggle_predict = {
        let dispatch = props.state.dispatcher();
        Callback::from(move |_| {
            dispatch.dispatch(Action::Predict(PredictAction::SetMode(!predicting)));
        })
    };
    let import_aws = {
        let on_import = props.on_import.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            on_import.emit(browser::files_of(input.files()));
            input.set_value("");
        })
    };
    html! {
        <div class="toolbar">
            <HistoryButtons state={props.state.clone()} />
            <RecentMenu state={props.state.clone()} />
            <label class="button" title="AWS CLI, Organizations, Terraform or CloudTrail output, or an AccessDenied message: read in this tab, never uploaded">
                { "Import AWS files" }
                <input type="file" multiple=true accept=".json,.txt,.log,application/json,text/plain" onchange={import_aws} data-testid="import-aws" />
            </label>
            <button type="button" onclick={copy_link} data-testid="copy-link">{ "Copy link" }</button>
            <button type="button" onclick={export.reform(|_| ())} data-testid="export-scenario">{ "Export JSON" }</button>
            <label class="button">
                { "Import JSON" }
                <input type="file" accept=".json,application/json" onchange={import} data-testid="import-scenario" />
            </label>
            <button type="button" onclick={copy_embed} data-testid="copy-embed">{ "Copy embed snippet" }</button>
            <button type="button" onclick={compare} data-testid="compare-open" aria-pressed={comparing.to_string()}
                title={compare_title}>{ if comparing { "Leave compare" } else { "Compare…" } }</button>
            <button type="button" onclick={toggle_predict} data-testid="predict-toggle" aria-pressed={predicting.to_string()}
                title="Keep the decision and the trace hidden until you say what AWS decides">{ "Predict first" }</button>
            <span class="status" role="status" aria-live="polite">{ (*status).clone() }</span>
            if let Some(reason) = *too_large {
                <LinkTooLarge {reason} on_export={export} on_dismiss={dismiss_too_large} />
            }
        </div>
    }
}

/// Copy `text`, then say `done` in the status once the browser has taken it.
fn copy_then_say(text: String, status: UseStateHandle<String>, done: &'static str) {
    wasm_bindgen_futures::spawn_local(async move {
        if browser::copy(text).await {
            status.set(done.into());
        }
    });
}
