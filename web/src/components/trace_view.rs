//! The trace: the decision, large; AWS's evaluation logic as a flowchart; and, stage by
//! stage, the policies, statements and conditions that led there.

use std::rc::Rc;

use precedence::load::LoadedPolicy;
use precedence::span::Position;
use precedence::trace::{
    ConditionTrace, ElementTrace, LeftOutTrace, PolicyTrace, Stage, StageTrace, StatementTrace,
    SwitchedOff, SwitchedOffTrace, WrittenStatement,
};
use precedence::{Decision, Evaluation, StageStatus};
use yew::prelude::*;

use crate::analysis::{Analysis, Shared};
use crate::app::StateHandle;
use crate::catalog::CatalogState;
use crate::components::flowchart::{detail_id, Flowchart};
use crate::components::predict_panel::PredictPanel;
use crate::components::suggestion_list::SuggestionList;
use crate::components::switch_note::SwitchNote;
use crate::depends;
use crate::prose::prose;
use crate::state::{Action, PageAction, Switch};

/// Props of [`TraceView`].
#[derive(Properties, PartialEq)]
pub struct TraceViewProps {
    /// The evaluator's view of the state.
    pub analysis: Shared<Analysis>,
    /// The playground state.
    pub state: StateHandle,
    /// AWS's service catalog, once loaded: names the action a pattern matched.
    pub catalog: CatalogState,
    /// Whether the first trace is on screen: until then only the decision, the explanation and
    /// the flowchart are drawn, and the stages' details follow a frame later.
    pub settled: bool,
}

fn status_name(status: StageStatus) -> &'static str {
    match status {
        StageStatus::Allow => "allow",
        StageStatus::Deny => "deny",
        StageStatus::NoMatch => "noMatch",
        StageStatus::NotApplicable => "notApplicable",
    }
}

/// The explicit-deny stage finding nothing is good news, not a missing Allow.
fn is_clear(stage: &StageTrace) -> bool {
    stage.stage.name() == "explicitDeny" && stage.status == StageStatus::NoMatch
}

fn stage_label(stage: &StageTrace) -> &'static str {
    precedence::flowchart::path::state_words(stage.stage, stage.status)
}

fn stage_title(stage: &StageTrace) -> &'static str {
    stage_name_label(stage.stage)
}

/// A stage as the trace names it (`SCPs`), for the stage named `Stage::name` (`scp`).
pub fn stage_name_label(stage: Stage) -> &'static str {
    match stage.name() {
        "explicitDeny" => "Explicit deny",
        "rcp" => "RCPs",
        "scp" => "SCPs",
        "resource" => "Resource policy",
        "identity" => "Identity policies",
        "boundary" => "Boundary",
        "session" => "Session policy",
        _ => "VPC endpoint",
    }
}

/// The selected request's trace; in predict mode, until the learner answers, only the request
/// and the question (nothing of the decision is in the page).
#[function_component(TraceView)]
pub fn trace_view(props: &TraceViewProps) -> Html {
    let predict = props.state.predict();
    if predict.on {
        let outcome = props
            .analysis
            .evaluation
            .as_ref()
            .map(|e| precedence::Outcome {
                decision: e.decision,
                blocked_by: e.blocked_by,
            });
        let panel = html! { <PredictPanel state={props.state.clone()} {outcome} /> };
        if predict.hides() {
            let request = props
                .state
                .selected_index()
                .map(|i| &props.state.requests[i]);
            return html! {
                <div class="trace-view predicting">
                    if let Some(request) = request {
                        { request_line(&request.principal, &request.action, &request.resource, &request.via_endpoint) }
                        { panel }
                    } else {
                        <p>{ "Add a request to predict how AWS would decide it." }</p>
                    }
                </div>
            };
        }
        return html! { <>{ panel }{ trace(props) }</> };
    }
    trace(props)
}

/// The decision, the explanation, the flowchart and the stages.
fn trace(props: &TraceViewProps) -> Html {
    let Some(evaluation) = &props.analysis.evaluation else {
        let message = match props.state.selected_index() {
            None => "Add a request to see how AWS would decide it.",
            Some(_) => "This request cannot be evaluated yet: see the message under its form.",
        };
        return html! {
            <div class="trace-empty">
                <div class="decision none" data-testid="decision" data-decision="">{ "—" }</div>
                <p>{ message }</p>
            </div>
        };
    };
    let request = props
        .state
        .selected_index()
        .map(|i| props.state.requests[i].clone());
    let action = request
        .as_ref()
        .map(|request| action_label(&props.catalog, &request.action))
        .unwrap_or_default();
    let caller: AttrValue = request
        .as_ref()
        .map(|request| request.principal.clone())
        .unwrap_or_default()
        .into();
    // Stage panels are open where the stage decides, unless opened or closed by hand (which
    // lasts until another request is selected, and travels in links).
    let selected = props.state.selected_index().unwrap_or_default();
    let on_toggle = {
        let dispatch = props.state.dispatcher();
        Callback::from(move |(stage, open): (String, bool)| {
            dispatch.dispatch(Action::Page(PageAction::SetStageOpen(stage, open)));
        })
    };
    let on_switch = {
        let dispatch = props.state.dispatcher();
        Callback::from(move |(switch, off): (Switch, bool)| {
            crate::app::edit(&dispatch, Action::SetSwitch(switch, off));
        })
    };
    let request_key = request.as_ref().map(|request| request.key);
    html! {
        <div class="trace-view">
            if let Some(request) = request {
                { request_line(&request.principal, &request.action, &request.resource, &request.via_endpoint) }
            }
            // `elementtiming`: the browser reports when the decision reaches the screen.
            <div class={classes!("decision", evaluation.decision.name())} elementtiming="first-trace" data-testid="decision" data-decision={evaluation.decision.name()} tabindex="-1">
                { evaluation.decision.name() }
            </div>
            <SwitchNote state={props.state.clone()} decision={evaluation.decision} />
            { reasons(evaluation) }
            { switched_off_list(evaluation, &props.state, &on_switch) }
            if evaluation.decision != Decision::Allowed {
                <SuggestionList analysis={props.analysis.clone()} state={props.state.clone()} />
            }
            <Flowchart analysis={props.analysis.clone()} />
            if props.settled {
                { stage_details(evaluation, &props.analysis, &action, &caller, &selected.to_string(),
                    Some(&HandOpened { opened: &|name| props.state.stage_open(name), on_toggle }), Some(&on_switch)) }
                { context_table(evaluation, request_key.map(|key| (key, &on_switch))) }
            }
        </div>
    }
}

/// `PRINCIPAL calls ACTION on RESOURCE via ENDPOINT` (`via`: empty for none).
pub fn request_line(principal: &str, action: &str, resource: &str, via: &str) -> Html {
    html! {
        <p class="request-line">
            <code>{ principal.to_owned() }</code>{ " calls " }<code>{ action.to_owned() }</code>
            { " on " }<code>{ resource.to_owned() }</code>
            if !via.is_empty() { { " via " }<code>{ via.to_owned() }</code> }
        </p>
    }
}

/// What is said under the decision: the stages that block, the explanation, a rule outside
/// the policies, the invalid policies it rests on and the keys it depends on.
pub fn reasons(evaluation: &Evaluation) -> Html {
    html! {
        <>
            if !evaluation.blocked_by.is_empty() {
                <p class="blocked">{ "Blocked by: " }{ evaluation.blocked_by.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ") }</p>
            }
            <p class="explanation">{ prose(&evaluation.explanation) }</p>
            if let Some(rule) = &evaluation.rule {
                <p class="rule-step" data-testid="rule-step" data-rule={rule.id}>
                    <strong>{ "A rule outside the policies: " }</strong>
                    { prose(rule.says) }{ " " }
                    // The address comes from Precedence's own table of rules, never from input.
                    <a href={rule.source} target="_blank" rel="noopener noreferrer">{ "AWS's page" }</a>
                </p>
            }
            if !evaluation.invalid_policies.is_empty() {
                { invalid_note(evaluation) }
            }
            if !evaluation.depends_on.is_empty() {
                { depends_on(evaluation) }
            }
        </>
    }
}

/// The request's action as the catalog knows it (`dynamodb:GetItem (Read)`), for what an
/// action pattern matched.
pub fn action_label(catalog: &CatalogState, action: &str) -> AttrValue {
    match catalog.catalog().and_then(|c| c.action(action)) {
        Some(found) => format!("{found} ({})", found.access_level().label()).into(),
        None => AttrValue::from(action.to_owned()),
    }
}

/// AWS's evaluation order as a strip of stages, each with its status: the compact form the
/// compare view's traces, side by side, take in place of the flowchart.
pub fn flow(evaluation: &Evaluation) -> Html {
    html! {
        <ol class="flow" aria-label="Evaluation order">
            { for evaluation.stages.iter().map(|stage| html! {
                <li data-testid="stage" data-stage={stage.stage.name()} data-status={status_name(stage.status)}
                    class={classes!("stage", status_name(stage.status), stage.blocks.then_some("blocks"), is_clear(stage).then_some("clear"), stage.left_out_note.is_some().then_some("left-out-stage"))}
                    title={stage.left_out_note.as_ref().map_or_else(|| stage.summary.clone(), |note| format!("{} ({note})", stage.summary))}>
                    <span class="stage-name">{ stage_title(stage) }</span>
                    <span class="stage-status">{ stage_label(stage) }</span>
                </li>
            }) }
        </ol>
    }
}

/// How a trace's stage panels are opened and closed by hand: kept in the playground's view
/// (`opened` says how a stage was left, `on_toggle` is told of each change), or, without it,
/// by each panel itself.
pub struct HandOpened<'a> {
    /// How a stage (by name) was opened (`true`) or closed by hand, if it was.
    pub opened: &'a dyn Fn(&str) -> Option<bool>,
    /// Told of a stage opened or closed by hand.
    pub on_toggle: Callback<(String, bool)>,
}

/// Each stage's policies and statements, for a request of `caller` decided by the policies of
/// `analysis`. Stage panels start afresh when `key` changes.
pub fn stage_details(
    evaluation: &Evaluation,
    analysis: &Shared<Analysis>,
    action: &AttrValue,
    caller: &AttrValue,
    key: &str,
    hand: Option<&HandOpened<'_>>,
    on_switch: Option<&Callback<(Switch, bool)>>,
) -> Html {
    html! {
        <div class="stages">
            { for evaluation.stages.iter().map(|stage| html! {
                // Panels kept in the playground's view are its own trace's, the ones its
                // flowchart opens by id (compare's two traces would repeat the ids).
                <StageDetail key={format!("{key}-{}", stage.stage.name())}
                    id={hand.map(|_| AttrValue::from(detail_id(stage.stage)))}
                    stage={stage.clone()} analysis={analysis.clone()} action={action.clone()} caller={caller.clone()}
                    open={hand.and_then(|hand| (hand.opened)(stage.stage.name()))}
                    on_toggle={hand.map(|hand| hand.on_toggle.clone())}
                    on_switch={on_switch.cloned()} />
            }) }
        </div>
    }
}

/// Props of [`StageDetail`].
#[derive(Properties, PartialEq)]
struct StageDetailProps {
    /// The panel's element id, by which the flowchart opens it.
    id: Option<AttrValue>,
    stage: StageTrace,
    /// The version of the scenario that decided: its policies and account model.
    analysis: Shared<Analysis>,
    /// The request's action, for what an action pattern matched.
    action: AttrValue,
    /// The request's principal, for how each policy reaches it.
    caller: AttrValue,
    /// Opened (`true`) or closed by hand, as the playground's view keeps it; `None`: open
    /// where the stage decides.
    open: Option<bool>,
    /// Told of the stage (its name) opened or closed by hand; `None`: the panel keeps that
    /// itself.
    on_toggle: Option<Callback<(String, bool)>>,
    /// Told of a policy or statement switched off or on; `None`: no switches (compare's
    /// traces).
    on_switch: Option<Callback<(Switch, bool)>>,
}

/// One stage's policies and statements. Closed stages render only their summary line, so a
/// large scenario costs little until someone opens it.
#[function_component(StageDetail)]
fn stage_detail(props: &StageDetailProps) -> Html {
    let stage = &props.stage;
    let has_left_out = stage
        .policies
        .iter()
        .any(|p| p.left_out || !p.left_out_statements.is_empty());
    let kept_here = use_state(|| None::<bool>);
    let by_hand = match props.on_toggle {
        Some(_) => props.open,
        None => *kept_here,
    };
    let open = by_hand.unwrap_or(stage.blocks || stage.status == StageStatus::Deny || has_left_out);
    // A switch flipped in this panel keeps it open, though the decision it changes would close
    // it: what was switched stays in view.
    let on_switch = props.on_switch.clone().map(|on_switch| {
        let (on_toggle, kept_here) = (props.on_toggle.clone(), kept_here.clone());
        let name = stage.stage.name().to_owned();
        Callback::from(move |switched: (Switch, bool)| {
            match &on_toggle {
                Some(on_toggle) => on_toggle.emit((name.clone(), true)),
                None => kept_here.set(Some(true)),
            }
            on_switch.emit(switched);
        })
    });
    let ontoggle = {
        let on_toggle = props.on_toggle.clone();
        let name = stage.stage.name().to_owned();
        // The browser says "toggle" for the page's own changes too: only a change is passed on.
        Callback::from(move |event: Event| {
            let element: web_sys::HtmlDetailsElement = event.target_unchecked_into();
            if element.open() != open {
                match &on_toggle {
                    Some(on_toggle) => on_toggle.emit((name.clone(), element.open())),
                    None => kept_here.set(Some(element.open())),
                }
            }
        })
    };
    let policies = props.analysis.engine.policies();
    let caller = props.caller.as_str();
    html! {
        <details id={props.id.clone()} class={classes!("stage-detail", status_name(stage.status), is_clear(stage).then_some("clear"))} {open} {ontoggle}
            data-testid="stage-detail" data-stage={stage.stage.name()}>
            <summary>
                <strong>{ stage_title(stage) }</strong>
                <span class="stage-status">{ stage_label(stage) }</span>
                if stage.blocks { <span class="blocks-tag">{ "blocks" }</span> }
                <span class="summary">{ prose(&stage.summary) }</span>
            </summary>
            if let Some(note) = &stage.left_out_note {
                <p class="left-out-note" data-testid="left-out-note">{ "⚠ " }{ prose(note) }</p>
            }
            if open {
                { for stage.policies.iter().map(|policy| {
                    let loaded = policies.iter().find(|p| p.source == policy.source);
                    html! {
                        <div class="policy-trace">
                            <h3>
                                { policy.id.clone() }
                                if let (Some(on_switch), Some(name)) = (&on_switch, switch_name(policies, policy)) {
                                    { switch_button(on_switch, Switch::Policy(name), true, &format!("Switch off {}", policy.id)) }
                                }
                                if let Some(level) = &policy.level { <span class="level-tag">{ format!("level {level}") }</span> }
                                if let Some(owner) = &policy.owner {
                                    <span class="owner" data-testid="policy-owner">{ format!(" — {}", crate::owner::describe(&props.analysis.scenario, caller, policy.source, owner)) }</span>
                                }
                            </h3>
                            if policy.left_out {
                                <p class="left-out">{ "Left out of evaluation: the text is not a policy yet (see its findings)." }</p>
                            }
                            if !policy.left_out && policy.statements.is_empty() && policy.left_out_statements.is_empty() && policy.switched_off_statements.is_empty() {
                                <p class="left-out">{ "Not evaluated for this request." }</p>
                            }
                            { statements_of(policy, loaded, &props.action,
                                on_switch.as_ref().zip(switch_name(policies, policy))) }
                            { for policy.other_errors().map(|error| html! {
                                <p class="policy-error" data-testid="policy-error">
                                    <span class="code">{ format!("error[{}]", error.code) }</span>
                                    { format!(" line {}:{} ", error.position.line, error.position.column) }
                                    { prose(&error.message) }
                                </p>
                            }) }
                        </div>
                    }
                }) }
            }
        </details>
    }
}

/// The sentence under the decision when it rests on policies AWS would refuse.
fn invalid_note(evaluation: &Evaluation) -> Html {
    let named: Vec<String> = evaluation
        .invalid_policies
        .iter()
        .map(|invalid| format!("`{}` ({})", invalid.policy_id, invalid.stage.name()))
        .collect();
    html! {
        <p class="invalid-note" data-testid="invalid-note" role="note">
            { "⚠ " }
            { prose(&format!(
                "This decision rests on invalid policies: {}. AWS would refuse to save them (MalformedPolicyDocument); what Precedence cannot read of them is left out of evaluation, and the rest is evaluated as written.",
                named.join(", ")
            )) }
        </p>
    }
}

/// The context keys whose value could change the decision, statement by statement.
fn depends_on(evaluation: &Evaluation) -> Html {
    html! {
        <ul class="depends-on" data-testid="depends-on" aria-label="What the decision depends on">
            { for depends::lines(&evaluation.depends_on).into_iter().map(|line| {
                let keys: Vec<String> = line.keys.iter().map(|(key, present)| depends::key_text(key, *present)).collect();
                html! {
                    <li>{ prose(&format!("depends on {}: {}; {}", keys.join(", "), line.statement, line.otherwise)) }</li>
                }
            }) }
        </ul>
    }
}

/// A statement left out for an error: where it is, why, and what mending it would change.
fn left_out_statement(left: &LeftOutTrace) -> Html {
    let effect = left.effect.map_or("?".to_owned(), |e| format!("{e:?}"));
    html! {
        <div class="statement left-out-statement" data-testid="left-out-statement" data-index={left.index.to_string()}>
            <p class="left-out-head">
                <span class="mark">{ "⊘" }</span>
                <span class="effect">{ effect }</span>
                <code>{ left.label.clone() }</code>
                <span class="where">{ format!("line {}:{}", left.position.line, left.position.column) }</span>
                <span class="verdict">{ "left out of evaluation for an error" }</span>
            </p>
            <ul class="reasons">
                { for left.reasons.iter().map(|reason| html! {
                    <li>
                        <span class="code">{ format!("error[{}]", reason.code) }</span>
                        { format!(" line {}:{} ", reason.position.line, reason.position.column) }
                        { prose(&reason.message) }
                    </li>
                }) }
            </ul>
            if let Some(change) = &left.would_change {
                <p class="would-change" data-testid="would-change">
                    { prose(&format!("Mended ({}), the request is {}.", change.repair, precedence::left_out::verb(change.decision))) }
                </p>
            }
        </div>
    }
}

/// A statement the scenario switches off, where it stands, with the button that switches it
/// back on.
fn switched_off_statement(
    off: &SwitchedOffTrace,
    switch: Option<(&Callback<(Switch, bool)>, Switch)>,
) -> Html {
    let effect = off.effect.map_or("?".to_owned(), |e| format!("{e:?}"));
    html! {
        <div class="statement switched-off-statement" data-testid="switched-off-statement" data-index={off.index.to_string()}>
            <p class="left-out-head">
                <span class="mark">{ "○" }</span>
                <span class="effect">{ effect }</span>
                <code>{ off.label.clone() }</code>
                <span class="where">{ format!("line {}:{}", off.position.line, off.position.column) }</span>
                <span class="verdict">{ "switched off: kept, not evaluated" }</span>
                if let Some((on_switch, switch)) = switch {
                    { switch_button(on_switch, switch, false, &format!("Switch on statement {}", off.label)) }
                }
            </p>
        </div>
    }
}

/// The name a switch can give `policy` that names it alone: its id, else the ARN it belongs to
/// (the account model's policies share ids such as "resource policy"); `None` when neither is
/// its own.
fn switch_name(policies: &[LoadedPolicy], policy: &PolicyTrace) -> Option<String> {
    let alone = |name: &str| policies.iter().filter(|p| p.is_named(name)).count() == 1;
    std::iter::once(&policy.id)
        .chain(&policy.owner)
        .find(|name| alone(name))
        .cloned()
}

/// A button that switches something off (`off`) or back on.
fn switch_button(
    on_switch: &Callback<(Switch, bool)>,
    switch: Switch,
    off: bool,
    label: &str,
) -> Html {
    let onclick = {
        let on_switch = on_switch.clone();
        Callback::from(move |_| on_switch.emit((switch.clone(), off)))
    };
    html! {
        <button type="button" class={classes!("switch", (!off).then_some("switch-on"))} {onclick}
            data-testid={if off { "switch-off" } else { "switch-on" }} aria-label={label.to_owned()}
            title={if off { "Keep it, but leave it out of evaluation" } else { "Evaluate it again" }}>
            { if off { "Switch off" } else { "Switch on" } }
        </button>
    }
}

/// What the scenario switches off that this request would have met, each with the button
/// that switches it back on (statements have theirs where they stand in their stage).
fn switched_off_list(
    evaluation: &Evaluation,
    state: &StateHandle,
    on_switch: &Callback<(Switch, bool)>,
) -> Html {
    if evaluation.switched_off.is_empty() {
        return html! {};
    }
    let request = state.selected_index().map(|i| state.requests[i].key);
    html! {
        <div class="switched-off" data-testid="switched-off">
            <strong>{ "Switched off (kept, not evaluated): " }</strong>
            <ul>
                { for evaluation.switched_off.iter().map(|off| {
                    let switch = match off {
                        // As the scenario names it: by its id, or by the ARN it belongs to.
                        SwitchedOff::Policy { policy_id, owner, .. } => Some(Switch::Policy(
                            owner
                                .as_ref()
                                .filter(|owner| state.is_switched_off(&Switch::Policy((*owner).clone())))
                                .unwrap_or(policy_id)
                                .clone(),
                        )),
                        SwitchedOff::ContextKey { key } => request.map(|request| Switch::ContextKey(request, key.clone())),
                        SwitchedOff::Statement { .. } => None,
                    };
                    html! {
                        <li>
                            { prose(&off.describe()) }
                            if let Some(switch) = switch {
                                { " " }{ switch_button(on_switch, switch, false, &format!("Switch on {}", off.describe().replace('`', ""))) }
                            }
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

/// Keep a `<details>` element's open state in step with the component's.
fn toggle(open: &UseStateHandle<bool>) -> Callback<Event> {
    let open = open.clone();
    Callback::from(move |event: Event| {
        let element: web_sys::HtmlDetailsElement = event.target_unchecked_into();
        open.set(element.open());
    })
}

/// Above this many statements that do not apply, a policy's trace folds them into one closed
/// group after the others, so a long policy shows what applies at once and costs little.
const FOLD_UNMATCHED_OVER: usize = 50;

/// A policy's statements in written order; past [`FOLD_UNMATCHED_OVER`] of them that do not
/// apply, those are folded into a group of their own.
fn statements_of(
    policy: &PolicyTrace,
    loaded: Option<&LoadedPolicy>,
    action: &AttrValue,
    switches: Option<(&Callback<(Switch, bool)>, String)>,
) -> Html {
    let unmatched = policy.statements.iter().filter(|s| !s.matched).count();
    let fold = unmatched > FOLD_UNMATCHED_OVER;
    let (on_switch, name) = switches.unzip();
    let statement = |index: usize, label: &str| Switch::Statement {
        policy: name.clone().unwrap_or_default(),
        index,
        sid: (!label.starts_with('#')).then(|| label.to_owned()),
    };
    let detail = |s: &StatementTrace| {
        let on_switch = on_switch.map(|on_switch| {
            let (on_switch, switch) = (on_switch.clone(), statement(s.index, &s.label));
            Callback::from(move |_| on_switch.emit((switch.clone(), true)))
        });
        html! {
            <StatementDetail key={format!("{}-{}", s.index, s.matched)} trace={s.clone()}
                position={loaded.map(|p| p.position(s.span))} action={action.clone()} {on_switch} />
        }
    };
    let shown = policy
        .in_written_order()
        .into_iter()
        .filter_map(|item| match item {
            WrittenStatement::Evaluated(s) if fold && !s.matched => None,
            WrittenStatement::Evaluated(s) => Some(detail(s)),
            WrittenStatement::LeftOut(left) => Some(left_out_statement(left)),
            WrittenStatement::SwitchedOff(off) => Some(switched_off_statement(
                off,
                on_switch.map(|on_switch| (on_switch, statement(off.index, &off.label))),
            )),
        });
    let folded = fold.then(|| {
        let statements: Vec<_> = policy
            .statements
            .iter()
            .filter(|s| !s.matched)
            .map(|s| (s.clone(), loaded.map(|p| p.position(s.span))))
            .collect();
        html! { <FoldedStatements statements={Rc::new(statements)} action={action.clone()} /> }
    });
    html! { <>{ for shown }{ for folded }</> }
}

/// Props of [`FoldedStatements`].
#[derive(Properties, PartialEq)]
struct FoldedStatementsProps {
    /// The statements that do not apply, each with where it is written.
    statements: Rc<Vec<(StatementTrace, Option<Position>)>>,
    /// The request's action.
    action: AttrValue,
}

/// The statements of a long policy that do not apply, closed until opened.
#[function_component(FoldedStatements)]
fn folded_statements(props: &FoldedStatementsProps) -> Html {
    let open = use_state(|| false);
    let ontoggle = toggle(&open);
    html! {
        <details class="folded-statements" data-testid="folded-statements" open={*open} {ontoggle}>
            <summary>{ format!("{} more statements do not apply to this request", props.statements.len()) }</summary>
            if *open {
                { for props.statements.iter().map(|(trace, position)| html! {
                    <StatementDetail key={trace.index} trace={trace.clone()} position={*position} action={props.action.clone()} />
                }) }
            }
        </details>
    }
}

/// The sign for a statement that applies (✓) or does not (✗).
fn mark(matched: bool) -> &'static str {
    if matched {
        "✓"
    } else {
        "✗"
    }
}

/// Props of [`StatementDetail`].
#[derive(Properties, PartialEq)]
struct StatementDetailProps {
    trace: StatementTrace,
    position: Option<Position>,
    /// The request's action, for what an action pattern matched.
    action: AttrValue,
    /// Switches the statement off; `None`: no switch (compare's traces).
    #[prop_or_default]
    on_switch: Option<Callback<()>>,
}

/// One statement: its elements and conditions, rendered when open (matched ones start open).
#[function_component(StatementDetail)]
fn statement_detail(props: &StatementDetailProps) -> Html {
    let trace = &props.trace;
    let open = use_state(|| trace.matched);
    let ontoggle = toggle(&open);
    let details = html! {
        <details class={classes!("statement", trace.matched.then_some("matched"), props.on_switch.is_some().then_some("switchable"))} open={*open} {ontoggle}>
            <summary>
                <span class="mark">{ mark(trace.matched) }</span>
                <span class={classes!("effect", format!("{:?}", trace.effect).to_lowercase())}>{ format!("{:?}", trace.effect) }</span>
                <code>{ trace.label.clone() }</code>
                if let Some(p) = props.position { <span class="where">{ format!("line {}:{}", p.line, p.column) }</span> }
                <span class="verdict">{ if trace.matched { "applies" } else { "does not apply" } }</span>
            </summary>
            if *open {
                <ul class="elements">
                    { action_element(&trace.action, &props.action) }
                    { element(&trace.resource) }
                    if let Some(principal) = &trace.principal { { element(principal) } }
                </ul>
                if !trace.conditions.is_empty() {
                    <table class="conditions">
                        <thead><tr><th></th><th>{ "Operator" }</th><th>{ "Key" }</th><th>{ "Policy values" }</th><th>{ "Request values" }</th></tr></thead>
                        <tbody>{ for trace.conditions.iter().map(condition) }</tbody>
                    </table>
                }
            }
        </details>
    };
    // The switch sits on the summary's line beside it, not in it: a control inside a
    // `<summary>` would be a control inside a control.
    match &props.on_switch {
        Some(on_switch) => html! {
            <div class="statement-row">
                { details }
                { statement_switch(on_switch, &trace.label) }
            </div>
        },
        None => details,
    }
}

/// The button beside a statement's summary line that switches it off.
fn statement_switch(on_switch: &Callback<()>, label: &str) -> Html {
    let onclick = {
        let on_switch = on_switch.clone();
        Callback::from(move |_| on_switch.emit(()))
    };
    html! {
        <button type="button" class="switch" {onclick} data-testid="switch-off"
            aria-label={format!("Switch off statement {label}")} title="Keep it, but leave it out of evaluation">
            { "Switch off" }
        </button>
    }
}

/// The `Action` element: a pattern that matched says which action it matched.
fn action_element(trace: &ElementTrace, action: &str) -> Html {
    match &trace.by {
        Some(by) if trace.matched && by.contains(['*', '?']) => html! {
            <li class="ok">
                <span class="mark">{ mark(true) }</span>
                <strong>{ trace.element }</strong>{ prose(&format!(" matched by `{by}`, which covers ")) }
                <code data-testid="matched-action">{ action.to_owned() }</code>
            </li>
        },
        _ => element(trace),
    }
}

fn element(trace: &ElementTrace) -> Html {
    let detail = match (&trace.by, trace.principal_match) {
        (Some(by), Some(_)) if trace.element == "NotPrincipal" => {
            format!("`{by}` is listed, but {}", trace.note.unwrap_or_default())
        }
        (Some(by), Some(named)) => format!("matched by `{by}` ({named:?})"),
        (Some(by), None) if trace.element.starts_with("Not") => {
            format!("`{by}` excludes the request")
        }
        (Some(by), None) => format!("matched by `{by}`"),
        (None, _) if trace.element.starts_with("Not") => {
            "nothing listed excludes the request".to_owned()
        }
        (None, _) => "nothing listed matches the request".to_owned(),
    };
    html! {
        <li class={classes!(trace.matched.then_some("ok"))}>
            <span class="mark">{ mark(trace.matched) }</span>
            <strong>{ trace.element }</strong>{ " " }{ prose(&detail) }
        </li>
    }
}

fn condition(trace: &ConditionTrace) -> Html {
    let policy_values = trace
        .policy_values
        .iter()
        .map(|v| {
            v.clone()
                .unwrap_or_else(|| "(variable with no value)".into())
        })
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <tr class={classes!(trace.holds.then_some("ok"))}>
            <td class="mark">{ mark(trace.holds) }</td>
            <td><code>{ trace.operator.clone() }</code></td>
            <td><code>{ trace.key.clone() }</code></td>
            <td>{ policy_values }</td>
            <td>
                if trace.present {
                    { trace.request_values.join(", ") }
                    if trace.derived { <span class="derived" title="Derived by Precedence from the request">{ " derived" }</span> }
                } else {
                    <span class="missing">{ "absent from the request" }</span>
                }
            </td>
        </tr>
    }
}

/// The request's context, keys given and derived, and the keys conditions asked for in vain.
pub fn context_table(
    evaluation: &Evaluation,
    switches: Option<(u32, &Callback<(Switch, bool)>)>,
) -> Html {
    html! {
        <details class="context-table" data-testid="context-table">
            <summary>{ format!("Request context ({} keys)", evaluation.context.entries().len()) }</summary>
            <table>
                <tbody>
                    { for evaluation.context.entries().iter().map(|entry| html! {
                        <tr data-key={entry.key.clone()}>
                            <td><code>{ entry.key.clone() }</code></td>
                            <td>{ entry.values.join(", ") }</td>
                            <td>{ if entry.derived { "derived" } else { "given" } }</td>
                            if let Some((request, on_switch)) = switches {
                                <td>{ switch_button(on_switch, Switch::ContextKey(request, entry.key.clone()), true, &format!("Switch off {}", entry.key)) }</td>
                            }
                        </tr>
                    }) }
                </tbody>
            </table>
            if !evaluation.missing_keys.is_empty() {
                <p class="missing-keys">{ "Conditions asked for keys the request lacks: " }{ evaluation.missing_keys.join(", ") }</p>
            }
        </details>
    }
}
