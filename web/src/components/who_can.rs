//! Who can make the selected request: every principal the scenario holds, decided for its
//! action and resource (through its endpoint), allowed first.

use std::rc::Rc;

use precedence::who_can::WhoCan;
use yew::prelude::*;

use crate::access_grid;
use crate::analysis::{Analysis, Shared};
use crate::prose::prose;

/// Props of [`WhoCanView`].
#[derive(Properties, PartialEq)]
pub struct WhoCanProps {
    /// The evaluator's view of the state.
    pub analysis: Shared<Analysis>,
}

/// The "Who can" button and its answer.
#[function_component(WhoCanView)]
pub fn who_can_view(props: &WhoCanProps) -> Html {
    let answer = use_state(|| None::<Shared<Result<WhoCan, String>>>);
    {
        // An edit makes the answer out of date: it is asked for again.
        let answer = answer.clone();
        use_effect_with(props.analysis.clone(), move |_| answer.set(None));
    }
    let analysis = &props.analysis.0;
    let Some(request) = analysis
        .selected
        .and_then(|i| analysis.scenario.requests.get(i))
        .cloned()
    else {
        return html! {};
    };
    let onclick = {
        let answer = answer.clone();
        let analysis = props.analysis.clone();
        let request = request.clone();
        Callback::from(move |_: MouseEvent| {
            let analysis = &analysis.0;
            let found = analysis
                .engine
                .who_can(
                    &analysis.scenario,
                    &request.action,
                    &request.resource,
                    request.via_endpoint.as_deref(),
                )
                .map_err(|error| format!("{} ({})", error.message, error.help));
            answer.set(Some(Shared(Rc::new(found))));
        })
    };
    html! {
        <section class="who-can">
            <button type="button" data-testid="who-can-run" {onclick}>
                { prose(&format!("Who can call `{}` on `{}`?", request.action, request.resource)) }
            </button>
            { match answer.as_ref().map(|a| &*a.0) {
                None => html! {},
                Some(Err(message)) => html! { <p class="error">{ prose(message) }</p> },
                Some(Ok(found)) => html! {
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
            } }
        </section>
    }
}
