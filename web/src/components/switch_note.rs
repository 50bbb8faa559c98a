//! What the last switch did to the selected request's decision, said under the decision:
//! "Switching off service control policy `DenyOutsideVpc` turns explicitDeny into allowed."
//! The decision before is the scenario on screen with that one switch flipped back, so the
//! sentence stays true whatever else the scenario holds.

use precedence::{Decision, Engine};
use yew::prelude::*;

use crate::app::StateHandle;
use crate::state::{PlaygroundState, Switch};

/// Props of [`SwitchNote`].
#[derive(Properties, PartialEq)]
pub struct SwitchNoteProps {
    /// The playground state.
    pub state: StateHandle,
    /// The selected request's decision now.
    pub decision: Decision,
}

/// The selected request's decision with `switch` set to `off`, if it can be evaluated.
fn decision_with(state: &PlaygroundState, switch: &Switch, off: bool) -> Option<Decision> {
    let scenario = state.scenario_with(switch, off);
    let request = scenario.requests.get(state.selected_index()?)?;
    let engine = Engine::from_scenario(&scenario);
    let prepared = engine.prepare(request).ok()?;
    Some(engine.decide(&prepared).decision)
}

/// What `switch` names, with the policy's kind when the scenario has it.
fn named(state: &PlaygroundState, switch: &Switch) -> String {
    match switch {
        Switch::Policy(id) => match state.policies.iter().find(|p| p.id == *id) {
            Some(policy) => format!("{} `{id}`", policy.policy_type.title()),
            None => switch.describe(),
        },
        _ => switch.describe(),
    }
}

/// The sentence, when the last change was a switch that still stands.
#[function_component(SwitchNote)]
pub fn switch_note(props: &SwitchNoteProps) -> Html {
    let state = &props.state;
    let last = state
        .last_switch
        .clone()
        .filter(|(switch, off)| state.is_switched_off(switch) == *off);
    let before = {
        let state = state.clone();
        use_memo(
            (state.revision, state.selected_index(), last.clone()),
            move |(_, _, last)| {
                last.as_ref()
                    .and_then(|(switch, off)| decision_with(&state, switch, !off))
            },
        )
    };
    let (Some((switch, off)), Some(before)) = (last, *before) else {
        return html! {};
    };
    let now = props.decision;
    let verb = if off { "Switching off" } else { "Switching on" };
    let change = if before == now {
        format!("leaves the decision {}", now.name())
    } else {
        format!("turns {} into {}", before.name(), now.name())
    };
    html! {
        <p class="switch-note" data-testid="switch-note" data-before={before.name()} data-after={now.name()}>
            { crate::prose::prose(&format!("{verb} {} {change}.", named(state, &switch))) }
        </p>
    }
}
