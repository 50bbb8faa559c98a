//! Share and keep: copy the link, export and import scenario files, copy an embed snippet.

use gloo::file::callbacks::FileReader;
use gloo::file::File;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::{edit, StateHandle};
use crate::browser;
use crate::share;
use crate::state::{Action, CompareAction};

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
    let reader = use_mut_ref(|| None::<FileReader>);
    // Links are made when asked for, not on every keystroke.
    let copy_link = {
        let status = status.clone();
        let state = props.state.clone();
        Callback::from(move |_| match share::link(&state.to_scenario()) {
            Some(fragment) => {
                let link = format!("{}#{fragment}", browser::base_url());
                copy_then_say(link, status.clone(), "Link copied");
            }
            None => status.set("Too large for a link: use Export JSON".into()),
        })
    };
    let copy_embed = {
        let status = status.clone();
        let state = props.state.clone();
        Callback::from(move |_| {
            let url = format!(
                "{}?embed=1#{}",
                browser::base_url(),
                share::encode(&state.to_scenario())
            );
            let snippet = format!(
                "<iframe src=\"{url}\" title=\"Precedence: AWS policy evaluation\" width=\"100%\" height=\"640\" style=\"border:1px solid #ccc;border-radius:6px\" loading=\"lazy\"></iframe>"
            );
            copy_then_say(snippet, status.clone(), "Embed snippet copied");
        })
    };
    let export = {
        let state = props.state.clone();
        Callback::from(move |_| {
            let scenario = state.to_scenario();
            if let Some(text) = share::scenario_json(&scenario, true) {
                browser::download(&file_name(&scenario.name), &text);
            }
        })
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
            <label class="button" title="AWS CLI, Organizations, Terraform or CloudTrail output, or an AccessDenied message: read in this tab, never uploaded">
                { "Import AWS files" }
                <input type="file" multiple=true accept=".json,.txt,.log,application/json,text/plain" onchange={import_aws} data-testid="import-aws" />
            </label>
            <button type="button" onclick={copy_link} data-testid="copy-link">{ "Copy link" }</button>
            <button type="button" onclick={export}>{ "Export JSON" }</button>
            <label class="button">
                { "Import JSON" }
                <input type="file" accept=".json,application/json" onchange={import} data-testid="import-scenario" />
            </label>
            <button type="button" onclick={copy_embed} data-testid="copy-embed">{ "Copy embed snippet" }</button>
            <button type="button" onclick={compare} data-testid="compare-open" aria-pressed={comparing.to_string()}
                title={compare_title}>{ if comparing { "Leave compare" } else { "Compare…" } }</button>
            <span class="status" role="status" aria-live="polite">{ (*status).clone() }</span>
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

/// The export's file name: the scenario's name in lowercase ASCII words joined by `-`, or
/// `scenario.json` when that leaves nothing (a name in another script, or none).
fn file_name(scenario_name: &str) -> String {
    let words: Vec<String> = scenario_name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "scenario.json".to_owned()
    } else {
        format!("{}.json", words.join("-"))
    }
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn export_file_names() {
        assert_eq!(
            file_name("Seed 000: read-only endpoint"),
            "seed-000-read-only-endpoint.json"
        );
        assert_eq!(file_name(""), "scenario.json");
        assert_eq!(file_name("日本語のシナリオ"), "scenario.json");
        assert_eq!(file_name("!!!"), "scenario.json");
    }
}
