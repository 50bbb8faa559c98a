//! Requests: a matrix of every request's decision against its expectation, and a form for
//! the selected one.

use std::rc::Rc;

use precedence::scenario::Decision;
use precedence::PolicyType;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::analysis::{RequestResult, Shared};
use crate::app::{edit, Dispatch, StateHandle};
use crate::assist;
use crate::browser;
use crate::catalog::CatalogState;
use crate::hooks::decisions::Decisions;
use crate::prose::prose;
use crate::row_keys;
use crate::state::{Action, ContextEdit, EditableRequest, RequestField};

/// Props of [`RequestPanel`].
#[derive(Properties, PartialEq)]
pub struct RequestPanelProps {
    /// The playground state.
    pub state: StateHandle,
    /// Every request's result as far as it is decided.
    pub decisions: Shared<Decisions>,
    /// AWS's service catalog, once loaded.
    pub catalog: CatalogState,
    /// Ask who can make the request at this position.
    pub on_who_can: Callback<usize>,
}

/// The button of a request row that asks who can make it, without selecting the row.
fn who_can_button(
    index: usize,
    action: &str,
    resource: &str,
    on_who_can: &Callback<usize>,
) -> Html {
    let onclick = on_who_can.reform(move |event: MouseEvent| {
        event.stop_propagation();
        index
    });
    // Enter and Space on the button are the button's, not the row's.
    let onkeydown = Callback::from(|event: KeyboardEvent| event.stop_propagation());
    let label = format!("Who can call {action} on {resource}?");
    html! {
        <button type="button" class="row-who-can" data-testid="row-who-can" aria-label={label.clone()} title={label}
            {onclick} {onkeydown}>{ "Who can?" }</button>
    }
}

/// The ARN a session of the role `arn` has: `arn:aws:sts::ACCOUNT:assumed-role/NAME/session`.
fn session_of(arn: &str) -> Option<String> {
    let rest = arn.strip_prefix("arn:")?;
    let mut parts = rest.splitn(5, ':');
    let (partition, _iam, _region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let name = resource.strip_prefix("role/")?.rsplit('/').next()?;
    Some(format!(
        "arn:{partition}:sts::{account}:assumed-role/{name}/session"
    ))
}

/// The principals a request may pick: each user and role of the model, and each role's
/// session form.
fn principal_choices(state: &crate::state::PlaygroundState) -> Vec<String> {
    let mut choices = Vec::new();
    for principal in &state.model.principals {
        choices.push(principal.arn.clone());
        choices.extend(session_of(&principal.arn));
    }
    choices
}

fn decision_name(result: Option<&RequestResult>) -> &'static str {
    match result {
        Some(RequestResult::Decided(outcome)) => outcome.decision.name(),
        Some(RequestResult::Unusable { .. }) => "error",
        None => "",
    }
}

/// A row's label: the request's name, or its place.
fn row_label(index: usize, request: &EditableRequest) -> String {
    if request.name.is_empty() {
        format!("Request {}", index + 1)
    } else {
        request.name.clone()
    }
}

/// Selecting a row by a click.
fn select_on_click(dispatch: &Dispatch, index: usize) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_| edit(&dispatch, Action::Select(index)))
}

/// Selecting a row by Enter or Space; Up, Down, Home and End move to another row and select it.
fn select_on_key(dispatch: &Dispatch, index: usize, count: usize) -> Callback<KeyboardEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Enter" || event.key() == " " {
            event.prevent_default();
            edit(&dispatch, Action::Select(index));
        } else if let Some(row) = row_keys::step(&event.key(), index, count) {
            event.prevent_default();
            row_keys::focus_sibling(&event, row);
            edit(&dispatch, Action::Select(row));
        }
    })
}

/// Props of [`MatrixRow`]: what one row shows, so that a row whose request and result are
/// unchanged is not drawn again.
#[derive(Properties, PartialEq)]
struct MatrixRowProps {
    /// The request's position.
    index: usize,
    /// How many requests there are (for the arrow keys).
    count: usize,
    /// The request's name, or its place.
    label: String,
    principal: String,
    action: String,
    resource: String,
    /// The decision the request expects, if any.
    expect: Option<Decision>,
    /// Its result, or its result before the edit while it is decided again; `None` for a new
    /// or changed request still being decided.
    result: Option<RequestResult>,
    /// Whether it is the selected request.
    selected: bool,
    /// Whether it is the row in the tab order.
    tab_stop: bool,
    /// Whether its decision may be shown (predict mode hides it until answered).
    answered: bool,
    /// Whether predict mode is on.
    predict: bool,
    dispatch: Dispatch,
    on_who_can: Callback<usize>,
}

/// One row of the matrix: the request, its decision and whether it is the expected one.
#[function_component(MatrixRow)]
fn matrix_row(props: &MatrixRowProps) -> Html {
    let index = props.index;
    let onclick = select_on_click(&props.dispatch, index);
    let onkeydown = select_on_key(&props.dispatch, index, props.count);
    let tabindex = if props.tab_stop { "0" } else { "-1" };
    let row_class = classes!("row", props.selected.then_some("selected"));
    if !props.answered {
        return html! {
            <tr data-testid="matrix-row" data-decision="" data-expect="" class={row_class}
                aria-selected={props.selected.to_string()} {tabindex} {onclick} {onkeydown}>
                <td class="label">{ props.label.clone() }</td>
                <td><span class="badge unanswered" title="Predict first: answer to see the decision">{ "?" }</span></td>
                <td class="expect">{ "—" }</td>
                <td class="row-actions"></td>
            </tr>
        };
    }
    let result = props.result.as_ref();
    let decision = decision_name(result);
    // A new or changed request still being decided has nothing to show yet.
    let pending = result.is_none();
    let badge = if pending { "…" } else { decision };
    let expect = match (props.expect, result) {
        (None, _) => "none",
        (Some(expected), Some(RequestResult::Decided(outcome))) if outcome.decision == expected => {
            "pass"
        }
        (Some(_), _) => "fail",
    };
    html! {
        <tr data-testid="matrix-row" data-decision={decision} data-expect={expect}
            class={classes!(row_class, pending.then_some("pending"))}
            aria-busy={pending.then_some("true")}
            aria-selected={props.selected.to_string()} {tabindex} {onclick} {onkeydown}>
            <td class="label" title={format!("{} → {} on {}", props.principal, props.action, props.resource)}>{ props.label.clone() }</td>
            <td><span class={classes!("badge", badge)} title={pending.then_some("being decided after your edit")}>{ badge }</span></td>
            <td class={classes!("expect", expect)}>{
                match (expect, props.expect) {
                    ("pass", _) => "✓ as expected".to_owned(),
                    ("fail", Some(expected)) => format!("✗ expected {}", expected.name()),
                    _ => "—".to_owned(),
                }
            }</td>
            <td class="row-actions">
                // Who can make it would say whether this caller can: not in predict mode.
                if !props.predict { { who_can_button(index, &props.action, &props.resource, &props.on_who_can) } }
            </td>
        </tr>
    }
}

/// The requests matrix and the selected request's form.
#[function_component(RequestPanel)]
pub fn request_panel(props: &RequestPanelProps) -> Html {
    let dispatch = props.state.dispatcher();
    let selected = props.state.selected_index();
    // One row is in the tab order (the selected one); arrow keys move between the others.
    let tab_stop = selected.unwrap_or_default();
    let count = props.state.requests.len();
    // In predict mode a row shows its decision only once answered: the selected one, revealed.
    let predict = props.state.predict();
    let answered = |index: usize| !predict.on || (Some(index) == selected && !predict.hides());
    let rows = props
        .state
        .requests
        .iter()
        .enumerate()
        .map(|(index, request)| {
            html! {
                <MatrixRow key={request.key} {index} {count}
                    label={row_label(index, request)}
                    principal={request.principal.clone()} action={request.action.clone()}
                    resource={request.resource.clone()} expect={request.expect}
                    // While a request is decided again after an edit, its row keeps its result
                    // from before (unchanged requests only): nothing on screen moves unless the
                    // decision does.
                    result={props.decisions.get(index).current().cloned()}
                    selected={Some(index) == selected} tab_stop={index == tab_stop}
                    answered={answered(index)} predict={predict.on}
                    dispatch={dispatch.clone()} on_who_can={props.on_who_can.clone()} />
            }
        });
    let add = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| edit(&dispatch, Action::AddRequest))
    };
    let tally_shown = !predict.on;
    let passed = props.state.requests.iter().enumerate().filter(|(i, r)| {
        matches!((r.expect, props.decisions.get(*i).current()), (Some(e), Some(RequestResult::Decided(o))) if o.decision == e)
    }).count();
    let expected = props
        .state
        .requests
        .iter()
        .filter(|r| r.expect.is_some())
        .count();
    let endpoints: Vec<String> = props
        .state
        .policies
        .iter()
        .filter(|p| p.policy_type == PolicyType::Endpoint)
        .map(|p| p.id.clone())
        .collect();
    html! {
        <div class="request-panel">
            <header>
                <h2>{ "Requests" }</h2>
                if expected > 0 && tally_shown {
                    <span class="tally">{ format!("{passed} of {expected} as expected") }</span>
                }
                if props.decisions.pending() > 0 && tally_shown {
                    <span class="tally" role="status" data-testid="deciding">
                        { format!("deciding {} more…", props.decisions.pending()) }
                    </span>
                }
                <button type="button" class="add" onclick={add}>{ "+ request" }</button>
            </header>
            <table class="matrix" data-testid="matrix" role="grid" aria-label="Requests"
                aria-busy={(props.decisions.pending() > 0).then_some("true")}>
                <thead><tr><th>{ "Request" }</th><th>{ "Decision" }</th><th>{ "Expected" }</th><th><span class="visually-hidden">{ "Ask" }</span></th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            if let Some(index) = selected {
                <RequestForm request={props.state.requests[index].clone()} {endpoints}
                    principals={Rc::new(principal_choices(&props.state))}
                    resources={Rc::new(props.state.model.resources.iter().map(|r| r.arn.clone()).collect::<Vec<_>>())}
                    problem={match props.decisions.get(index).known() {
                        Some(RequestResult::Unusable { field, message, help }) => Some(format!("{field}: {message}. {help}")),
                        _ => None,
                    }}
                    dispatch={dispatch.clone()} catalog={props.catalog.clone()}
                    hide_expect={!answered(index)} />
            }
        </div>
    }
}

/// Props of [`RequestForm`].
#[derive(Properties, PartialEq)]
pub struct RequestFormProps {
    /// The request.
    pub request: EditableRequest,
    /// The scenario's endpoint ids.
    pub endpoints: Vec<String>,
    /// The principals the scenario holds (and their role sessions), to pick from.
    pub principals: Rc<Vec<String>>,
    /// The resources the scenario holds, to pick from.
    pub resources: Rc<Vec<String>>,
    /// Why the request cannot be evaluated, if it cannot.
    pub problem: Option<String>,
    /// Where edits go.
    pub dispatch: Dispatch,
    /// AWS's service catalog, once loaded.
    pub catalog: CatalogState,
    /// Leave the expected decision out of the page (predict mode, not yet answered).
    #[prop_or_default]
    pub hide_expect: bool,
}

/// The form for one request.
#[function_component(RequestForm)]
pub fn request_form(props: &RequestFormProps) -> Html {
    let request = &props.request;
    let key = request.key;
    let text_field = |label: &'static str,
                      field: RequestField,
                      value: &str,
                      placeholder: &'static str,
                      list: Option<String>| {
        let dispatch = props.dispatch.clone();
        let oninput = Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            edit(&dispatch, Action::EditRequest(key, field, input.value()));
        });
        html! {
            <label>
                <span>{ label }</span>
                <input type="text" value={value.to_owned()} {oninput} {placeholder} spellcheck="false" autocomplete="off" {list}
                    data-testid={format!("request-{}", label.to_lowercase().replace(' ', "-"))} />
            </label>
        }
    };
    // The action, with completions from the catalog and what the catalog says of it.
    let action_field = {
        let dispatch = props.dispatch.clone();
        let oninput = Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            edit(
                &dispatch,
                Action::EditRequest(key, RequestField::Action, input.value()),
            );
        });
        let list_id = format!("action-completions-{key}");
        let catalog = props.catalog.catalog();
        let completions = catalog
            .map(|catalog| assist::completions(catalog, &request.action))
            .unwrap_or_default();
        let hint = catalog.and_then(|catalog| assist::action_hint(catalog, &request.action));
        html! {
            <label>
                <span>{ "Action" }</span>
                <input type="text" value={request.action.clone()} {oninput} placeholder="dynamodb:GetItem"
                    spellcheck="false" autocomplete="off" list={list_id.clone()} data-testid="request-action" />
                <datalist id={list_id}>
                    { for completions.into_iter().map(|c| html! { <option value={c.text}>{ c.detail }</option> }) }
                </datalist>
                if let Some(hint) = hint {
                    <small class="hint" data-testid="action-hint">{ prose(&hint) }</small>
                }
            </label>
        }
    };
    let on_endpoint = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            edit(
                &dispatch,
                Action::EditRequest(key, RequestField::ViaEndpoint, select.value()),
            );
        })
    };
    let on_expect = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let expect = match select.value().as_str() {
                "allowed" => Some(Decision::Allowed),
                "explicitDeny" => Some(Decision::ExplicitDeny),
                "implicitDeny" => Some(Decision::ImplicitDeny),
                _ => None,
            };
            edit(&dispatch, Action::SetExpect(key, expect));
        })
    };
    let on_remove = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| {
            edit(&dispatch, Action::RemoveRequest(key));
            browser::focus_after_render(vec![".request-panel > header .add".to_owned()]);
        })
    };
    let on_add_row = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| edit(&dispatch, Action::AddContextRow(key)))
    };
    let principal_list =
        (!props.principals.is_empty()).then(|| format!("request-principals-{key}"));
    let resource_list = (!props.resources.is_empty()).then(|| format!("request-resources-{key}"));
    let unknown_endpoint =
        !request.via_endpoint.is_empty() && !props.endpoints.contains(&request.via_endpoint);
    let rows = request.context.iter().enumerate().map(|(row, entry)| {
        let dispatch = props.dispatch.clone();
        let on_key = {
            let dispatch = dispatch.clone();
            Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                edit(&dispatch, Action::EditContextRow(key, row, ContextEdit::Key(input.value())));
            })
        };
        let on_value = {
            let dispatch = dispatch.clone();
            Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                edit(&dispatch, Action::EditContextRow(key, row, ContextEdit::Value(input.value())));
            })
        };
        let on_list = {
            let dispatch = dispatch.clone();
            Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                edit(&dispatch, Action::EditContextRow(key, row, ContextEdit::List(input.checked())));
            })
        };
        let on_remove_row = Callback::from(move |_| edit(&dispatch, Action::RemoveContextRow(key, row)));
        html! {
            <div class="context-row">
                <input type="text" value={entry.key.clone()} oninput={on_key} placeholder="aws:PrincipalOrgID" aria-label="Context key" spellcheck="false" />
                <input type="text" value={entry.value.clone()} oninput={on_value}
                    placeholder={if entry.list { "a, b, c" } else { "value" }} aria-label="Context value" spellcheck="false" />
                <label class="list"><input type="checkbox" checked={entry.list} onchange={on_list} />{ "list" }</label>
                <button type="button" onclick={on_remove_row} aria-label="Remove key">{ "×" }</button>
            </div>
        }
    });
    html! {
        <form class="request-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            { text_field("Name", RequestField::Name, &request.name, "What this request shows", None) }
            { text_field("Principal", RequestField::Principal, &request.principal, "arn:aws:iam::111122223333:role/AppRole", principal_list.clone()) }
            { action_field }
            { text_field("Resource", RequestField::Resource, &request.resource, "arn:aws:dynamodb:us-east-1:111122223333:table/StockTable", resource_list.clone()) }
            { text_field("Resource account", RequestField::ResourceAccount, &request.resource_account, "derived from the resource ARN", None) }
            if let Some(id) = principal_list {
                <datalist {id}>{ for props.principals.iter().map(|arn| html! { <option value={arn.clone()} /> }) }</datalist>
            }
            if let Some(id) = resource_list {
                <datalist {id}>{ for props.resources.iter().map(|arn| html! { <option value={arn.clone()} /> }) }</datalist>
            }
            <label>
                <span>{ "Via endpoint" }</span>
                <select onchange={on_endpoint}>
                    <option value="" selected={request.via_endpoint.is_empty()}>{ "not through an endpoint" }</option>
                    { for props.endpoints.iter().map(|id| html! {
                        <option value={id.clone()} selected={*id == request.via_endpoint}>{ id.clone() }</option>
                    }) }
                    if unknown_endpoint {
                        <option value={request.via_endpoint.clone()} selected=true>{ format!("{} (missing)", request.via_endpoint) }</option>
                    }
                </select>
            </label>
            if !props.hide_expect {
                <label>
                    <span>{ "Expected" }</span>
                    <select onchange={on_expect}>
                        <option value="" selected={request.expect.is_none()}>{ "no expectation" }</option>
                        { for [Decision::Allowed, Decision::ExplicitDeny, Decision::ImplicitDeny].into_iter().map(|d| html! {
                            <option value={d.name()} selected={request.expect == Some(d)}>{ d.name() }</option>
                        }) }
                    </select>
                </label>
            }
            <fieldset class="context">
                <legend>{ "Context keys" }</legend>
                { for rows }
                <button type="button" onclick={on_add_row}>{ "+ key" }</button>
            </fieldset>
            if let Some(problem) = &props.problem {
                <p class="problem" role="alert" data-testid="request-problem">{ prose(problem) }</p>
            }
            <button type="button" class="remove" onclick={on_remove}>{ "Remove request" }</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::session_of;

    #[test]
    fn a_role_has_a_session_form_and_a_user_none() {
        assert_eq!(
            session_of("arn:aws:iam::111122223333:role/service/Analyst").as_deref(),
            Some("arn:aws:sts::111122223333:assumed-role/Analyst/session")
        );
        assert_eq!(session_of("arn:aws:iam::111122223333:user/alice"), None);
        assert_eq!(session_of("not an arn"), None);
    }
}
