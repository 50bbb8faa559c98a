//! What an import read: each file's kind and counts, its notes, the merge notes and the policy
//! types still lacking; or the error of the file that could not be read, with a resource ARN to
//! retry a bare resource policy.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::import::{self, ImportStatus};
use crate::prose::prose;

/// Props of [`ImportReportView`].
#[derive(Properties, PartialEq)]
pub struct ImportReportProps {
    /// Where the import stands.
    pub status: ImportStatus,
    /// Import the files again with this resource ARN.
    pub on_retry: Callback<String>,
    /// Hide the report.
    pub on_dismiss: Callback<()>,
}

fn note_line(note: &precedence_import::Note) -> Html {
    html! { <li>{ prose(&note.text()) }</li> }
}

/// The import's progress, report or error.
#[function_component(ImportReportView)]
pub fn import_report(props: &ImportReportProps) -> Html {
    let resource = use_state(String::new);
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let close = html! {
        <button type="button" class="close" onclick={dismiss} aria-label="Dismiss the import report">{ "×" }</button>
    };
    match &props.status {
        ImportStatus::Idle => html! {},
        ImportStatus::Reading { files, bytes } => html! {
            <div class="import-report reading" role="status" aria-live="polite" data-testid="import-reading">
                <span class="spinner" aria-hidden="true"></span>
                { ImportStatus::reading_text(*files, *bytes) }
            </div>
        },
        ImportStatus::Done(report) => html! {
            <div class="import-report" role="status" data-testid="import-report">
                <div class="import-head"><strong>{ "Imported" }</strong>{ close }</div>
                <ul class="import-files">
                    { for report.files.iter().map(|file| html! {
                        <li data-testid="import-file" data-kind={file.kind.name()}>
                            <code>{ file.name.clone() }</code>
                            { " read as " }<strong>{ file.kind.name() }</strong>
                            <span class="muted">{ format!(" ({})", file.kind.describe()) }</span>
                            <span class="taken" data-testid="import-taken">{ format!(": {}", import::taken_text(&file.taken)) }</span>
                            if !file.notes.is_empty() {
                                <ul class="notes">{ for file.notes.iter().map(note_line) }</ul>
                            }
                        </li>
                    }) }
                </ul>
                if !report.notes.is_empty() {
                    <ul class="notes" aria-label="Merge notes">{ for report.notes.iter().map(note_line) }</ul>
                }
                if !report.lacks.is_empty() {
                    <p class="lacks" data-testid="import-lacks">{
                        format!("No policy of these types yet: {}.", report.lacks.iter().map(|t| t.title()).collect::<Vec<_>>().join(", "))
                    }</p>
                }
            </div>
        },
        ImportStatus::Failed { error, files } => {
            let on_input = {
                let resource = resource.clone();
                Callback::from(move |event: InputEvent| {
                    let input: HtmlInputElement = event.target_unchecked_into();
                    resource.set(input.value());
                })
            };
            let on_submit = {
                let resource = resource.clone();
                let on_retry = props.on_retry.clone();
                Callback::from(move |event: SubmitEvent| {
                    event.prevent_default();
                    on_retry.emit((*resource).clone());
                })
            };
            let place = match error.position {
                Some(p) => format!("{}:{}:{}", error.file, p.line, p.column),
                None => error.file.clone(),
            };
            html! {
                <div class="import-report failed" role="alert" data-testid="import-error">
                    <div class="import-head"><strong>{ "Import failed" }</strong>{ close }</div>
                    <p>
                        <code class="where">{ place }</code>
                        if let Some(path) = &error.path { { " at " }<code>{ path.clone() }</code> }
                        { ": " }{ prose(&error.message) }
                    </p>
                    <p class="help">{ prose(&error.help) }</p>
                    if !files.is_empty() {
                        <form class="retry" onsubmit={on_submit}>
                            <label>
                                <span>{ "A resource policy printed alone (get-bucket-policy, get-key-policy, get-queue-attributes) names no resource: give its ARN" }</span>
                                <input type="text" value={(*resource).clone()} oninput={on_input}
                                    placeholder="arn:aws:s3:::example-bucket" spellcheck="false" data-testid="import-resource" />
                            </label>
                            <button type="submit" data-testid="import-retry">{ "Import again" }</button>
                        </form>
                    }
                </div>
            }
        }
    }
}
