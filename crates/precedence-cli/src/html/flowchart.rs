//! The evaluation flowchart as static inline SVG, drawn from the core's model
//! (`precedence::flowchart`): the eight decision points in AWS's order, their branches and the
//! three outcomes, the request's whole path lit and the point that decided marked. Nodes carry
//! `data-stage` and `data-state` as the playground's chart does. No ids (a page may hold many
//! charts) and no markers: arrowheads are drawn as triangles.

use std::fmt::Write as _;

use precedence::flowchart::layout::{Arrow, Layout, Orientation, Rect};
use precedence::flowchart::path::{question, state_name, state_words, FlowPath, StepKind};
use precedence::trace::{Stage, StageTrace};
use precedence::{Decision, Evaluation, StageStatus};

use super::escape;

/// An outcome's title.
pub fn outcome_title(decision: Decision) -> &'static str {
    match decision {
        Decision::Allowed => "Allowed",
        Decision::ExplicitDeny => "Explicit deny",
        Decision::ImplicitDeny => "Implicit deny",
    }
}

/// The chart of `evaluation`'s path, run top to bottom so that it fits a phone's column.
pub fn svg(evaluation: &Evaluation, path: &FlowPath) -> String {
    let layout = Layout::new(Orientation::Vertical);
    let (width, height) = layout.size;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
         data-orientation=\"vertical\" role=\"img\" aria-label=\"{}\">",
        escape(&format!(
            "AWS's evaluation logic: the request's path ends at {}.",
            outcome_title(path.decision).to_lowercase()
        ))
    );
    edges(&mut out, &layout, path, evaluation);
    let starts_with_stage = path
        .steps
        .first()
        .is_some_and(|step| matches!(step.kind, StepKind::Stage(..)));
    let _ = write!(
        out,
        "<g class=\"start{}\">{}{}</g>",
        if starts_with_stage { " lit" } else { "" },
        rect(layout.start, 12.0),
        text_at(layout.start.centre(), 4.0, "Request", "title")
    );
    for stage in &evaluation.stages {
        node(&mut out, &layout, path, stage);
    }
    for decision in [
        Decision::ExplicitDeny,
        Decision::ImplicitDeny,
        Decision::Allowed,
    ] {
        let shape = match decision {
            Decision::ExplicitDeny => layout.explicit_deny,
            Decision::ImplicitDeny => layout.implicit_deny,
            Decision::Allowed => layout.allowed,
        };
        let reached = path.decision == decision;
        let _ = write!(
            out,
            "<g class=\"outcome {}{}\" data-outcome=\"{}\" data-reached=\"{reached}\">{}{}</g>",
            decision.name(),
            if reached { " reached" } else { "" },
            decision.name(),
            rect(shape, 6.0),
            text_at(shape.centre(), 4.0, outcome_title(decision), "title")
        );
    }
    out.push_str("</svg>");
    out
}

fn rect(shape: Rect, radius: f64) -> String {
    format!(
        "<rect class=\"shape\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{radius}\"/>",
        shape.x, shape.y, shape.width, shape.height
    )
}

/// A line of centred text `dy` below the middle of a shape.
fn text_at((x, y): (f64, f64), dy: f64, text: &str, class: &str) -> String {
    format!(
        "<text class=\"{class}\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
        y + dy,
        escape(text)
    )
}

/// One decision point: its question, how its stage came out, and whether the path passes it.
fn node(out: &mut String, layout: &Layout, path: &FlowPath, stage: &StageTrace) {
    let shape = layout.node(stage.stage);
    let step = path.step_of(stage.stage);
    let decides = path.decider == Some(stage.stage);
    let blocks_too = stage.blocks && !decides;
    let (subject, verb) = question(stage.stage);
    let mut state = state_words(stage.stage, stage.status).to_owned();
    if decides {
        state.push_str(" · decides");
    } else if blocks_too {
        state.push_str(" · blocks too");
    }
    let mut classes = vec!["node", state_name(stage.status)];
    classes.push(if step.is_some() { "lit" } else { "unreached" });
    if decides {
        classes.push("decides");
    }
    if blocks_too {
        classes.push("blocks");
    }
    // No Deny matching is good news, drawn as such.
    if stage.stage == Stage::ExplicitDeny && stage.status == StageStatus::NoMatch {
        classes.push("clear");
    }
    let reach = if step.is_some() {
        "on the request's path"
    } else {
        "not reached"
    };
    let _ = write!(
        out,
        "<g class=\"{}\" data-stage=\"{}\" data-state=\"{}\" data-lit=\"{}\"",
        classes.join(" "),
        stage.stage.name(),
        state_name(stage.status),
        step.is_some()
    );
    if let Some(at) = step {
        let _ = write!(out, " data-step=\"{}\"", at + 1);
    }
    if decides {
        out.push_str(" data-decides=\"true\"");
    }
    let (x, y) = shape.centre();
    let _ = write!(
        out,
        "><title>{}</title>{}{}{}</g>",
        escape(&format!(
            "{subject} {verb} {state}; {reach}: {}.",
            stage.summary
        )),
        rect(shape, 6.0),
        text_at((x, y), -3.0, &format!("{subject} {verb}"), "title"),
        text_at((x, y), 12.0, &state, "state")
    );
}

/// One straight arrow with its head and label.
fn arrow(out: &mut String, arrow: Arrow, label: &str, lit: bool) {
    let (x1, y1) = arrow.from;
    let (x2, y2) = arrow.to;
    let (dx, dy) = (x2 - x1, y2 - y1);
    let length = (dx * dx + dy * dy).sqrt().max(f64::EPSILON);
    let (ux, uy) = (dx / length, dy / length);
    let (bx, by) = (x2 - ux * 7.0, y2 - uy * 7.0);
    let (px, py) = (-uy * 3.5, ux * 3.5);
    let _ = write!(
        out,
        "<g class=\"edge{}\"><line x1=\"{x1}\" y1=\"{y1}\" x2=\"{bx}\" y2=\"{by}\"/>\
         <polygon class=\"head\" points=\"{x2},{y2} {},{} {},{}\"/>",
        if lit { " lit" } else { "" },
        bx + px,
        by + py,
        bx - px,
        by - py
    );
    if !label.is_empty() {
        let (lx, ly) = arrow.label;
        let _ = write!(
            out,
            "<text class=\"edge-label\" x=\"{lx}\" y=\"{ly}\">{}</text>",
            escape(label)
        );
    }
    out.push_str("</g>");
}

/// Every branch: on from each decision point to the next (the last to allowed), and out from
/// each to its deny outcome; those the path took are lit.
fn edges(out: &mut String, layout: &Layout, path: &FlowPath, evaluation: &Evaluation) {
    let starts_with_stage = path
        .steps
        .first()
        .is_some_and(|step| matches!(step.kind, StepKind::Stage(..)));
    arrow(out, layout.forward(0), "", starts_with_stage);
    for (index, from) in Stage::ALL.into_iter().enumerate() {
        let outcome = path.step_of(from).map(|at| path.steps[at].outcome);
        let taken = match outcome {
            Some(None) => true,
            Some(Some(decision)) => index == 7 && decision == Decision::Allowed,
            None => false,
        };
        // The answer that carries on, or the one the request got where it went on with
        // another (a stage skipped; a same-account resource policy that does not allow).
        let label = match path.answer_at(from) {
            Some(answer) if outcome == Some(None) => answer.label(),
            _ if from == Stage::ExplicitDeny => "no",
            _ => "yes",
        };
        arrow(out, layout.forward(index + 1), label, taken);
    }
    for stage in &evaluation.stages {
        let taken = path.step_of(stage.stage).is_some_and(|at| {
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
        arrow(out, layout.aside(stage.stage as usize), label, taken);
    }
}
