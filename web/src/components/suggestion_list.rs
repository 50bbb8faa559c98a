//! "What would allow this": under the decision of a request that is not allowed, the changes
//! that would allow it, each checked by the evaluator, each with a button that applies it.
//! They are worked out shortly after typing stops, so they never slow the trace down.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use precedence::suggest::{ChangeKind, Edit, Suggestion, Suggestions};
use yew::prelude::*;

use crate::analysis::{Analysis, Shared};
use crate::app::{edit, StateHandle};
use crate::browser;
use crate::prose::prose;
use crate::state::Action;

/// How long after the last edit suggestions are worked out, in milliseconds.
const QUIET_MS: u32 = 120;

/// Props of [`SuggestionList`].
#[derive(Properties, PartialEq)]
pub struct SuggestionListProps {
    /// The evaluator's view of the state.
    pub analysis: Shared<Analysis>,
    /// The playground state.
    pub state: StateHandle,
}

/// The suggestions for the selected request.
#[function_component(SuggestionList)]
pub fn suggestion_list(props: &SuggestionListProps) -> Html {
    let found = use_state(|| None::<(Shared<Analysis>, Rc<Suggestions>)>);
    let pending = use_mut_ref(|| None::<Timeout>);
    {
        let found = found.clone();
        use_effect_with(props.analysis.clone(), move |analysis| {
            let analysis = analysis.clone();
            *pending.borrow_mut() = Some(Timeout::new(QUIET_MS, move || {
                let Some(index) = analysis.selected else {
                    return;
                };
                if let Ok(suggestions) = analysis.engine.suggest(&analysis.scenario, index) {
                    found.set(Some((analysis, Rc::new(suggestions))));
                }
            }));
        });
    }
    // Suggestions worked out for an earlier state are not shown.
    let Some((for_analysis, suggestions)) = found.as_ref() else {
        return html! {};
    };
    if *for_analysis != props.analysis
        || suggestions.items.is_empty() && suggestions.unfixable.is_none()
    {
        return html! {};
    }
    html! {
        <section class="suggestions" data-testid="suggestions" aria-label="What would allow this">
            <h3>{ "What would allow this" }</h3>
            if let Some(unfixable) = &suggestions.unfixable {
                <p class="unfixable" data-testid="unfixable">{ prose(&unfixable.message) }</p>
            }
            <ol>
                { for suggestions.items.iter().map(|s| suggestion(s, &props.state)) }
            </ol>
        </section>
    }
}

fn suggestion(suggestion: &Suggestion, state: &StateHandle) -> Html {
    let onclick = {
        let dispatch = state.dispatcher();
        let suggestion = suggestion.clone();
        Callback::from(move |_| {
            edit(
                &dispatch,
                Action::ApplySuggestion(Box::new(suggestion.clone())),
            );
            // The suggestions go with the denial: focus the new decision.
            browser::focus_after_render(vec!["[data-testid=decision]".to_owned()]);
        })
    };
    html! {
        <li class="suggestion" data-testid="suggestion">
            <div class="suggestion-head">
                { for suggestion.kinds.iter().map(|kind| html! {
                    <span class={classes!("kind", kind_class(*kind))}>{ kind_label(*kind) }</span>
                }) }
                <strong>{ prose(&suggestion.title) }</strong>
            </div>
            <p class="explanation">{ prose(&suggestion.explanation) }</p>
            { for suggestion.changes.iter().filter_map(|change| match &change.edit {
                Edit::AddStatement { statement, policy_id, .. } => Some(html! {
                    <pre class="statement" tabindex="0" aria-label={format!("Statement to add to {policy_id}")}>{ statement.clone() }</pre>
                }),
                _ => None,
            }) }
            <button type="button" class="apply" data-testid="apply-suggestion" {onclick}>{ "Apply" }</button>
        </li>
    }
}

fn kind_label(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Policy => "policy change",
        ChangeKind::Request => "request change",
    }
}

fn kind_class(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Policy => "policy",
        ChangeKind::Request => "request",
    }
}
