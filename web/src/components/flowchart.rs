//! AWS's evaluation logic as a flowchart (inline SVG): the eight decision points in the
//! engine's order, their yes/no branches and the three outcomes, with the selected request's
//! path lit and the point that decided marked. Next and Previous (or the arrow keys) reveal the
//! path one step at a time with the sentence that explains it; a node opens its stage's
//! policies and statements below.

use precedence::trace::{Stage, StageTrace};
use precedence::{Decision, Evaluation, StageStatus};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::analysis::{Analysis, Shared};
use crate::hooks::width::use_at_least;
use crate::prose::prose;
use precedence::flowchart::layout::{Arrow, Layout, Orientation, Rect};
use precedence::flowchart::path::{question, state_name, state_words, FlowPath, StepKind};

/// Props of [`Flowchart`].
#[derive(Properties, PartialEq)]
pub struct FlowchartProps {
    /// The evaluator's view of the state: its evaluation of the selected request is drawn.
    pub analysis: Shared<Analysis>,
}

/// The id of a stage's details below the chart (see `trace_view`).
pub fn detail_id(stage: Stage) -> String {
    format!("stage-detail-{}", stage.name())
}

/// The status as the trace's tiles named it (`data-status`, kept for the tests and tools that
/// read it).
fn status_name(status: StageStatus) -> &'static str {
    match status {
        StageStatus::Allow => "allow",
        StageStatus::Deny => "deny",
        StageStatus::NoMatch => "noMatch",
        StageStatus::NotApplicable => "notApplicable",
    }
}

fn outcome_title(decision: Decision) -> &'static str {
    match decision {
        Decision::Allowed => "Allowed",
        Decision::ExplicitDeny => "Explicit deny",
        Decision::ImplicitDeny => "Implicit deny",
    }
}

/// The stage whose details a node opens: for the explicit-deny point, the first stage whose
/// Deny matched (its statements are there).
fn opens(stage: Stage, evaluation: &Evaluation) -> Stage {
    match stage {
        Stage::ExplicitDeny => evaluation
            .stages
            .iter()
            .find(|s| s.stage != Stage::ExplicitDeny && s.status == StageStatus::Deny)
            .map_or(stage, |s| s.stage),
        _ => stage,
    }
}

/// Open the details of `stage` below the chart, bring them into view and put the keyboard on
/// their summary.
fn open_details(stage: Stage) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(details) = document
        .get_element_by_id(&detail_id(stage))
        .and_then(|e| e.dyn_into::<web_sys::HtmlDetailsElement>().ok())
    else {
        return;
    };
    details.set_open(true);
    details.scroll_into_view();
    if let Some(summary) = details
        .query_selector("summary")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = summary.focus();
    }
}

/// The chart, its step controls and the path in words.
#[function_component(Flowchart)]
pub fn flowchart(props: &FlowchartProps) -> Html {
    let container = use_node_ref();
    let wide = use_at_least(container.clone(), Layout::horizontal_min_width());
    // The step shown, for the path it was chosen on; a new path is shown whole.
    let stepping = use_state(|| None::<(String, usize)>);
    let Some(evaluation) = &props.analysis.evaluation else {
        return html! { <div ref={container} class="flowchart" /> };
    };
    let path = FlowPath::of(evaluation);
    let key = path.key();
    let total = path.steps.len();
    let chosen = stepping
        .as_ref()
        .filter(|(on, _)| *on == key)
        .map(|(_, at)| *at);
    let revealed = chosen.unwrap_or(total);
    let go = {
        let (stepping, key) = (stepping.clone(), key.clone());
        move |to: usize| stepping.set(Some((key.clone(), to.clamp(1, total.max(1)))))
    };
    let onkeydown = {
        let go = go.clone();
        Callback::from(move |event: KeyboardEvent| {
            let to = match event.key().as_str() {
                "ArrowRight" | "ArrowDown" => revealed + 1,
                "ArrowLeft" | "ArrowUp" => revealed.saturating_sub(1),
                "Home" => 1,
                "End" => total,
                _ => return,
            };
            event.prevent_default();
            go(to);
        })
    };
    let step_button = |label: &'static str, testid: &'static str, to: usize, disabled: bool| {
        let go = go.clone();
        html! {
            <button type="button" data-testid={testid} {disabled} onclick={Callback::from(move |_| go(to))}>{ label }</button>
        }
    };
    let layout = Layout::new(if wide {
        Orientation::Horizontal
    } else {
        Orientation::Vertical
    });
    let (width, height) = layout.size;
    let current = path.steps.get(revealed.saturating_sub(1));
    let ended = revealed == total;
    html! {
        <div ref={container} class="flowchart" data-testid="flowchart" {onkeydown}>
            <svg viewBox={format!("0 0 {width} {height}")} width={width.to_string()}
                data-orientation={if wide { "horizontal" } else { "vertical" }}
                role="group" aria-roledescription="flowchart"
                aria-label="AWS's evaluation logic: the request's path. Arrow keys step through it."
                aria-describedby="flow-path-words">
                <defs>
                    <marker id="flow-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path class="arrowhead" d="M0,0 L8,4 L0,8 z" />
                    </marker>
                    <marker id="flow-arrow-lit" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
                        <path class="arrowhead lit" d="M0,0 L8,4 L0,8 z" />
                    </marker>
                </defs>
                { edges(&layout, &path, evaluation, revealed) }
                <g class={classes!("start", (revealed > 0).then_some("lit"))} aria-hidden="true">
                    <rect class="shape" x={layout.start.x.to_string()} y={layout.start.y.to_string()}
                        width={layout.start.width.to_string()} height={layout.start.height.to_string()} rx="12" />
                    { text_at(layout.start.centre(), 4.0, "Request", "title") }
                </g>
                { for evaluation.stages.iter().map(|stage| node(&layout, &path, evaluation, stage, revealed)) }
                { for [Decision::ExplicitDeny, Decision::ImplicitDeny, Decision::Allowed].into_iter().map(|decision| {
                    let rect = match decision {
                        Decision::ExplicitDeny => layout.explicit_deny,
                        Decision::ImplicitDeny => layout.implicit_deny,
                        Decision::Allowed => layout.allowed,
                    };
                    let reached = ended && path.decision == decision;
                    html! {
                        <g class={classes!("outcome", decision.name(), reached.then_some("reached"))}
                            data-testid="outcome" data-outcome={decision.name()} data-reached={reached.to_string()}>
                            <rect class="shape" x={rect.x.to_string()} y={rect.y.to_string()}
                                width={rect.width.to_string()} height={rect.height.to_string()} rx="6" />
                            { text_at(rect.centre(), 4.0, outcome_title(decision), "title") }
                        </g>
                    }
                }) }
            </svg>
            <div class="flow-steps" data-testid="flow-steps">
                { step_button("From the start", "flow-first", 1, revealed <= 1) }
                { step_button("Previous", "flow-previous", revealed.saturating_sub(1), revealed <= 1) }
                { step_button("Next", "flow-next", revealed + 1, ended) }
                <p class="flow-sentence" data-testid="flow-sentence" data-step={revealed.to_string()}
                    aria-live={if chosen.is_some() { "polite" } else { "off" }}>
                    <strong>{ format!("Step {revealed} of {total}: ") }</strong>
                    { current.map(|step| prose(&step.sentence)).unwrap_or_default() }
                </p>
            </div>
            <ol id="flow-path-words" class="visually-hidden">
                { for path.steps.iter().map(|step| html! { <li>{ prose(&step.sentence) }</li> }) }
            </ol>
        </div>
    }
}

/// A line of centred text `dy` below the middle of a shape.
fn text_at((x, y): (f64, f64), dy: f64, text: &str, class: &'static str) -> Html {
    html! {
        <text class={class} x={x.to_string()} y={(y + dy).to_string()} text-anchor="middle">{ text.to_owned() }</text>
    }
}

/// One decision point: its question, how its stage came out, and whether the path passes it.
fn node(
    layout: &Layout,
    path: &FlowPath,
    evaluation: &Evaluation,
    stage: &StageTrace,
    revealed: usize,
) -> Html {
    let rect: Rect = layout.node(stage.stage);
    let step = path.step_of(stage.stage);
    let lit = step.is_some_and(|at| at < revealed);
    let is_current = step.is_some_and(|at| at + 1 == revealed);
    let decides = path.decider == Some(stage.stage);
    let blocks_too = stage.blocks && !decides;
    let (subject, verb) = question(stage.stage);
    let mut state = state_words(stage.stage, stage.status).to_owned();
    if decides {
        state.push_str(" · decides");
    } else if blocks_too {
        state.push_str(" · blocks too");
    }
    // A statement left out for an error that would change the decision if mended: said here
    // too, as the stage's details say it.
    if stage.left_out_note.is_some() {
        state.push_str(" ⚠");
    }
    let reach = match step {
        Some(_) if lit => "on the request's path",
        Some(_) => "on the path, not yet revealed",
        None => "not reached",
    };
    let note = stage
        .left_out_note
        .as_ref()
        .map_or(String::new(), |note| format!(" {note}."));
    let label = format!("{subject} {verb} {state}; {reach}.{note} Opens its policies.");
    let target = opens(stage.stage, evaluation);
    let onclick = Callback::from(move |_: MouseEvent| open_details(target));
    let onkeydown = Callback::from(move |event: KeyboardEvent| {
        if matches!(event.key().as_str(), "Enter" | " ") {
            event.prevent_default();
            open_details(target);
        }
    });
    let (x, y) = rect.centre();
    let lines = match layout.orientation {
        Orientation::Vertical => html! {
            <>
                { text_at((x, y), -3.0, &format!("{subject} {verb}"), "title") }
                { text_at((x, y), 12.0, &state, "state") }
            </>
        },
        Orientation::Horizontal => html! {
            <>
                { text_at((x, y), -10.0, subject, "title") }
                { text_at((x, y), 4.0, verb, "title") }
                { text_at((x, y), 19.0, &state, "state") }
            </>
        },
    };
    html! {
        <g class={classes!(
                "node", state_name(stage.status),
                if lit { "lit" } else if step.is_some() { "pending" } else { "unreached" },
                is_current.then_some("current"), decides.then_some("decides"), blocks_too.then_some("blocks"),
                // No Deny matching is good news, drawn as such.
                (stage.stage == Stage::ExplicitDeny && stage.status == StageStatus::NoMatch).then_some("clear"),
            )}
            data-testid="stage" data-stage={stage.stage.name()} data-status={status_name(stage.status)}
            data-state={state_name(stage.status)} data-decides={decides.then_some("true")}
            data-step={step.map(|at| (at + 1).to_string())} data-lit={lit.to_string()}
            data-left-out={stage.left_out_note.is_some().then_some("true")}
            role="button" tabindex="0" aria-label={label} {onclick} {onkeydown}>
            <rect class="shape" x={rect.x.to_string()} y={rect.y.to_string()}
                width={rect.width.to_string()} height={rect.height.to_string()} rx="6" />
            { lines }
        </g>
    }
}

/// One arrow with its label.
fn arrow(arrow: Arrow, label: &str, lit: bool) -> Html {
    let (x1, y1) = arrow.from;
    let (x2, y2) = arrow.to;
    let (lx, ly) = arrow.label;
    html! {
        <g class={classes!("edge", lit.then_some("lit"))} aria-hidden="true">
            <line x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()}
                marker-end={if lit { "url(#flow-arrow-lit)" } else { "url(#flow-arrow)" }} />
            if !label.is_empty() {
                <text class="edge-label" x={lx.to_string()} y={ly.to_string()}>{ label.to_owned() }</text>
            }
        </g>
    }
}

/// Every branch: on from each decision point to the next (the last to allowed), and out from
/// each to its deny outcome; those the revealed steps took are lit.
fn edges(layout: &Layout, path: &FlowPath, evaluation: &Evaluation, revealed: usize) -> Html {
    let starts_with_stage = path
        .steps
        .first()
        .is_some_and(|step| matches!(step.kind, StepKind::Stage(..)));
    let forward = (0..=8).map(|index| {
        if index == 0 {
            return arrow(layout.forward(0), "", starts_with_stage && revealed > 0);
        }
        let from = Stage::ALL[index - 1];
        let taken = path
            .step_of(from)
            .filter(|at| *at < revealed)
            .is_some_and(|at| {
                let outcome = path.steps[at].outcome;
                outcome.is_none() || (index == 8 && outcome == Some(Decision::Allowed))
            });
        // The answer that carries on, or the one the request got where it went on with another
        // (a stage skipped; a same-account resource policy that does not allow).
        let went_on = path
            .step_of(from)
            .is_some_and(|at| path.steps[at].outcome.is_none());
        let label = match path.answer_at(from) {
            Some(answer) if went_on => answer.label(),
            _ if from == Stage::ExplicitDeny => "no",
            _ => "yes",
        };
        arrow(layout.forward(index), label, taken)
    });
    let aside = evaluation.stages.iter().map(|stage| {
        let index = stage.stage as usize;
        let taken = path
            .step_of(stage.stage)
            .filter(|at| *at < revealed)
            .is_some_and(|at| {
                matches!(
                    path.steps[at].outcome,
                    Some(Decision::ExplicitDeny | Decision::ImplicitDeny)
                )
            });
        let label = if stage.stage == Stage::ExplicitDeny {
            "yes"
        } else {
            "no"
        };
        arrow(layout.aside(index), label, taken)
    });
    html! { <>{ for forward }{ for aside }</> }
}
