//! Who can make a request: every principal the scenario holds, decided for the request's
//! action and resource (through its endpoint), allowed first. Asked for the selected request
//! with the button here, or for any request from its row in the requests matrix.

use std::rc::Rc;

use precedence::who_can::WhoCan;
use precedence::Request;
use yew::prelude::*;

use crate::access_grid;
use crate::analysis::{Analysis, Shared};
use crate::prose::prose;

/// A who-can question: a request's action and resource, asked at a revision of the state.
#[derive(Debug, Clone, PartialEq)]
pub struct WhoCanAsk {
    /// The request asked about.
    pub request: Rc<Request>,
    /// `request 2 “name”`, to say which row asked.
    pub label: String,
    /// The revision it was asked at: an edit since makes the answer out of date.
    pub revision: u64,
}

impl WhoCanAsk {
    /// The question of the request at `index` of the analysed scenario.
    pub fn of(analysis: &Analysis, index: usize) -> Option<Self> {
        let request = analysis.scenario.requests.get(index)?;
        let label = match &request.name {
            Some(name) if !name.is_empty() => format!("request {} “{name}”", index + 1),
            _ => format!("request {}", index + 1),
        };
        Some(Self {
            request: Rc::new(request.clone()),
            label,
            revision: analysis.revision,
        })
    }
}

/// Props of [`WhoCanView`].
#[derive(Properties, PartialEq)]
pub struct WhoCanProps {
    /// The evaluator's view of the state.
    pub analysis: Shared<Analysis>,
    /// The question asked last, from a request row or the button here.
    pub ask: Option<WhoCanAsk>,
    /// Ask a question.
    pub on_ask: Callback<WhoCanAsk>,
}

/// The "Who can" button for the selected request, and the answer to the question asked last
/// (until an edit makes it out of date).
#[function_component(WhoCanView)]
pub fn who_can_view(props: &WhoCanProps) -> Html {
    let analysis = &props.analysis.0;
    let current = props
        .ask
        .clone()
        .filter(|ask| ask.revision == analysis.revision);
    let answer = use_memo(
        (props.analysis.clone(), current.clone()),
        |(analysis, ask)| {
            let ask = ask.as_ref()?;
            let found = analysis
                .engine
                .who_can(
                    &analysis.scenario,
                    &ask.request.action,
                    &ask.request.resource,
                    ask.request.via_endpoint.as_deref(),
                )
                .map_err(|error| format!("{} ({})", error.message, error.help));
            Some(found)
        },
    );
    let selected = analysis
        .selected
        .and_then(|index| WhoCanAsk::of(analysis, index));
    if selected.is_none() && current.is_none() {
        return html! {};
    }
    html! {
        <section class="who-can" data-testid="who-can-section">
            if let Some(ask) = selected {
                { run_button(ask, &props.on_ask) }
            }
            if let (Some(ask), Some(found)) = (&current, &*answer) {
                <h3 class="who-can-heading" data-testid="who-can-heading" tabindex="-1">
                    { prose(&format!("Who can call `{}` on `{}` ({})", ask.request.action, ask.request.resource, ask.label)) }
                </h3>
                { answer_view(found) }
            }
        </section>
    }
}

/// The button that asks about the selected request.
fn run_button(ask: WhoCanAsk, on_ask: &Callback<WhoCanAsk>) -> Html {
    let text = format!(
        "Who can call `{}` on `{}`?",
        ask.request.action, ask.request.resource
    );
    let onclick = on_ask.reform(move |_: MouseEvent| ask.clone());
    html! {
        <button type="button" data-testid="who-can-run" {onclick}>{ prose(&text) }</button>
    }
}

/// Every principal's verdict, or why none could be given.
fn answer_view(found: &Result<WhoCan, String>) -> Html {
    match found {
        Err(message) => html! { <p class="error">{ prose(message) }</p> },
        Ok(found) => html! {
            <>
                <ul class="who-can-list" data-testid="who-can">
                    { for found.entries.iter().map(|entry| html! {
                        <li data-testid="who-can-entry" data-principal={entry.principal.clone()}
                            data-verdict={entry.answer.verdict.name()}>
                            <code>{ entry.principal.clone() }</code>{ ": " }
                            { prose(&access_grid::verdict_text(&entry.answer)) }
                        </li>
                    }) }
                </ul>
                if !found.skipped.is_empty() {
                    <p class="note">{ prose(&format!("Not asked about (no caller of their own): {}", found.skipped.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "))) }</p>
                }
            </>
        },
    }
}
