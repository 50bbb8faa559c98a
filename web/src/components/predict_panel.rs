//! Predict, then reveal: before the trace, the learner says what AWS decides for the selected
//! request (and, for a deny, which stage decides); the reveal says whether that was right.
//! Until then the trace view draws this panel in place of the decision and the trace.

use precedence::{Decision, Outcome, Stage};
use yew::prelude::*;

use crate::app::StateHandle;
use crate::components::trace_view::stage_name_label;
use crate::state::{deciding_stages, Action, Judged, PredictAction};

/// Props of [`PredictPanel`].
#[derive(Properties, PartialEq)]
pub struct PredictPanelProps {
    /// The playground state.
    pub state: StateHandle,
    /// What the evaluator decided for the selected request; `None` when it cannot be evaluated.
    pub outcome: Option<Outcome>,
}

/// A decision as the learner picks it.
fn decision_label(decision: Decision) -> &'static str {
    match decision {
        Decision::Allowed => "Allowed",
        Decision::ExplicitDeny => "Explicit deny",
        Decision::ImplicitDeny => "Implicit deny",
    }
}

const DECISIONS: [Decision; 3] = [
    Decision::Allowed,
    Decision::ExplicitDeny,
    Decision::ImplicitDeny,
];

/// The question, or once revealed the verdict.
#[function_component(PredictPanel)]
pub fn predict_panel(props: &PredictPanelProps) -> Html {
    let predict = props.state.predict();
    let dispatch = props.state.dispatcher();
    let send = move |action: PredictAction| {
        let dispatch = dispatch.clone();
        move || dispatch.dispatch(Action::Predict(action.clone()))
    };
    if let Some(judged) = predict.revealed {
        let again = send(PredictAction::TryAgain);
        return html! {
            { verdict(&judged, Callback::from(move |_| again())) }
        };
    }
    let answer = predict.answer;
    let choice = |decision: Decision| {
        let pick = send(PredictAction::Decide(decision));
        html! {
            <label class="predict-choice">
                <input type="radio" name="predict-decision" value={decision.name()}
                    checked={answer.decision == Some(decision)} onchange={Callback::from(move |_| pick())}
                    data-testid="predict-choice" />
                { decision_label(decision) }
            </label>
        }
    };
    let stage_choice = |stage: Stage| {
        let pick = send(PredictAction::PickStage(stage));
        html! {
            <label class="predict-choice">
                <input type="radio" name="predict-stage" value={stage.name()}
                    checked={answer.stage == Some(stage)} onchange={Callback::from(move |_| pick())}
                    data-testid="predict-stage" />
                { stage_name_label(stage) }
            </label>
        }
    };
    let stage_question = match answer.decision {
        Some(Decision::ExplicitDeny) => Some("Which stage's Deny decides?"),
        Some(Decision::ImplicitDeny) => Some("Which stage lacks the Allow it needs?"),
        _ => None,
    };
    let reveal = {
        let dispatch = props.state.dispatcher();
        let outcome = props.outcome;
        Callback::from(move |_| {
            if let Some(outcome) = outcome {
                dispatch.dispatch(Action::Predict(PredictAction::Reveal(outcome)));
            }
        })
    };
    let ready = answer.is_complete() && props.outcome.is_some();
    html! {
        <section class="predict" data-testid="predict" aria-labelledby="predict-heading">
            <h2 id="predict-heading">{ "Predict first" }</h2>
            <fieldset class="predict-decision" data-testid="predict-decision">
                <legend>{ "What does AWS decide for this request?" }</legend>
                { for DECISIONS.into_iter().map(choice) }
            </fieldset>
            if let Some(question) = stage_question {
                <fieldset class="predict-stages" data-testid="predict-stages">
                    <legend>{ question }</legend>
                    { for deciding_stages().map(stage_choice) }
                </fieldset>
            }
            if props.outcome.is_none() {
                <p class="predict-note">{ "This request cannot be evaluated yet: see the message under its form." }</p>
            }
            <button type="button" class="reveal" data-testid="reveal" disabled={!ready} onclick={reveal}>{ "Reveal" }</button>
        </section>
    }
}

/// Right or wrong, what was said and what AWS decides.
fn verdict(judged: &Judged, on_again: Callback<MouseEvent>) -> Html {
    let right = judged.is_right();
    let said = match (judged.answer.decision, judged.answer.stage) {
        (Some(decision), Some(stage)) if decision != Decision::Allowed => {
            format!(
                "{}, decided by {}",
                decision_label(decision),
                stage_name_label(stage)
            )
        }
        (decision, _) => decision.map_or("nothing", decision_label).to_owned(),
    };
    let blocked: Vec<&str> = judged
        .outcome
        .blocked_by
        .iter()
        .map(stage_name_label)
        .collect();
    let actual = if blocked.is_empty() {
        decision_label(judged.outcome.decision).to_owned()
    } else {
        format!(
            "{}, decided by {}",
            decision_label(judged.outcome.decision),
            blocked.join(", ")
        )
    };
    let detail = match (judged.decision_right, judged.stage_right) {
        (true, Some(false)) => " The decision is right, the stage is not.",
        (false, Some(true)) => " The stage is right, the decision is not.",
        _ => "",
    };
    html! {
        <section class={classes!("predict-verdict", if right { "right" } else { "wrong" })} role="status"
            data-testid="predict-verdict" data-right={right.to_string()}>
            <p>
                <strong>{ if right { "Right." } else { "Not quite." } }</strong>
                { format!(" You said {said}; AWS decides {actual}.{detail}") }
            </p>
            <button type="button" onclick={on_again} data-testid="predict-again">{ "Answer again" }</button>
        </section>
    }
}
