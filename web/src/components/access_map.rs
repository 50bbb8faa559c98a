//! The access map of the selected request's principal (through its endpoint): services ×
//! access levels with counts, each cell opening its actions, each action its full trace.
//! Computed on demand, a frame after "computing…" is on screen, and only for the services
//! filtered to or named by a policy.

use std::rc::Rc;

use precedence::access::{AccessEntry, AccessMap, AccessQuery};
use precedence::catalog::AccessLevel;
use precedence::Request;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::access_grid::{self, Cell, LEVELS};
use crate::analysis::{Analysis, Shared};
use crate::browser;
use crate::catalog::CatalogState;
use crate::components::request_trace::RequestTrace;
use crate::prose::prose;

/// Props of [`AccessMapView`].
#[derive(Properties, PartialEq)]
pub struct AccessMapProps {
    /// The evaluator's view of the state.
    pub analysis: Shared<Analysis>,
    /// AWS's service catalog, once loaded.
    pub catalog: CatalogState,
    /// Add a request to the scenario (and select it).
    pub on_add_request: Callback<Request>,
}

/// Where the map stands.
#[derive(Clone, PartialEq)]
enum Status {
    /// Not asked for since the last edit.
    Idle,
    /// "computing…" is on screen; the map follows a frame later.
    Computing,
    /// The map, or why it could not be made; and whether the services were cut.
    Done(Shared<Result<AccessMap, String>>, bool),
}

/// The access map section.
#[function_component(AccessMapView)]
pub fn access_map_view(props: &AccessMapProps) -> Html {
    let status = use_state(|| Status::Idle);
    let filter = use_state(String::new);
    let opened = use_state(|| None::<(String, AccessLevel)>);
    {
        // An edit makes the map out of date: it is asked for again.
        let status = status.clone();
        let opened = opened.clone();
        use_effect_with(props.analysis.clone(), move |_| {
            status.set(Status::Idle);
            opened.set(None);
        });
    }
    let analysis = &props.analysis.0;
    let Some(request) = analysis
        .selected
        .and_then(|i| analysis.scenario.requests.get(i))
        .cloned()
    else {
        return html! {};
    };
    let Some(catalog) = props.catalog.catalog().map(|_| props.catalog.clone()) else {
        let text = match &props.catalog {
            CatalogState::Unavailable(message) => prose(message),
            _ => html! { "loading the service catalog…" },
        };
        return html! {
            <section class="access-map" data-testid="access-map"><h3>{ "Access map" }</h3><p>{ text }</p></section>
        };
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            filter.set(input.value());
        })
    };
    let on_run = {
        let status = status.clone();
        let opened = opened.clone();
        let analysis = props.analysis.clone();
        let filter = (*filter).clone();
        let request = request.clone();
        Callback::from(move |_: MouseEvent| {
            status.set(Status::Computing);
            opened.set(None);
            let status = status.clone();
            let analysis = analysis.clone();
            let filter = filter.clone();
            let request = request.clone();
            let catalog = catalog.clone();
            browser::after_next_paint(move || {
                let Some(catalog) = catalog.catalog() else {
                    return;
                };
                let analysis = &analysis.0;
                let (services, cut) =
                    access_grid::services(catalog, &analysis.engine, &request, &filter);
                let query = AccessQuery {
                    principal: request.principal.clone(),
                    resources: access_grid::resources(&analysis.scenario, &request),
                    services,
                    via_endpoint: request.via_endpoint.clone(),
                    ..AccessQuery::default()
                };
                let map = analysis
                    .engine
                    .access_map(catalog, &query)
                    .map_err(|error| format!("{} ({})", error.message, error.help));
                status.set(Status::Done(Shared(Rc::new(map)), cut));
            });
        })
    };
    let through = request
        .via_endpoint
        .as_ref()
        .map(|e| format!(" through `{e}`"))
        .unwrap_or_default();
    html! {
        <section class="access-map" data-testid="access-map">
            <h3>{ "Access map" }</h3>
            <p>{ prose(&format!("What `{}` can do{through}, on this request's resource and the model's.", request.principal)) }</p>
            <div class="access-controls">
                <input type="search" placeholder="Filter services (s3, dynamodb…)" aria-label="Filter services"
                    data-testid="access-filter" value={(*filter).clone()} oninput={on_filter} />
                <button type="button" data-testid="access-map-run" onclick={on_run}
                    disabled={*status == Status::Computing}>{ "Map access" }</button>
            </div>
            { match &*status {
                Status::Idle => html! {},
                Status::Computing => html! { <p class="computing" data-testid="access-computing">{ "computing…" }</p> },
                Status::Done(map, cut) => match &*map.0 {
                    Err(message) => html! { <p class="error">{ prose(message) }</p> },
                    Ok(found) => {
                        let actions = (*opened).clone().map(|(service, level)| html! {
                            <CellActions key={format!("{service}-{}", level.label())} map={map.clone()} service={service.clone()} {level}
                                analysis={props.analysis.clone()} catalog={props.catalog.clone()}
                                via_endpoint={request.via_endpoint.clone()} on_add_request={props.on_add_request.clone()} />
                        });
                        html! { <>{ grid_view(found, *cut, &opened) }{ for actions }</> }
                    }
                },
            } }
        </section>
    }
}

fn cell_text(cell: Cell) -> String {
    format!("✓{} ?{} ✗{}", cell.allowed, cell.conditional, cell.denied)
}

/// The grid of services × access levels.
fn grid_view(
    map: &AccessMap,
    cut: bool,
    opened: &UseStateHandle<Option<(String, AccessLevel)>>,
) -> Html {
    let rows = access_grid::grid(map);
    html! {
        <>
            if cut {
                <p class="note">{ format!("Only the first {} services matching the filter are mapped: narrow it to see others.", access_grid::MAX_SERVICES) }</p>
            }
            if rows.is_empty() {
                <p class="note">{ "No service to map: type one in the filter." }</p>
            } else {
                <table class="access-grid" data-testid="access-grid">
                    <thead><tr><th>{ "Service" }</th>{ for LEVELS.iter().map(|l| html! { <th>{ l.label() }</th> }) }</tr></thead>
                    <tbody>
                        { for rows.iter().map(|row| html! {
                            <tr>
                                <th scope="row">{ row.service.clone() }</th>
                                { for row.cells.iter().zip(LEVELS).map(|(cell, level)| {
                                    let onclick = {
                                        let opened = opened.clone();
                                        let key = (row.service.clone(), level);
                                        Callback::from(move |_: MouseEvent| opened.set(Some(key.clone())))
                                    };
                                    html! {
                                        <td>
                                            if !cell.is_empty() {
                                                <button type="button" class="access-cell" data-testid="access-cell"
                                                    data-service={row.service.clone()} data-level={level.label()}
                                                    data-allowed={cell.allowed.to_string()} data-conditional={cell.conditional.to_string()}
                                                    data-denied={cell.denied.to_string()} {onclick}
                                                    aria-pressed={(opened.as_ref().is_some_and(|(s, l)| *s == row.service && *l == level)).to_string()}>
                                                    { cell_text(*cell) }
                                                </button>
                                            }
                                        </td>
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </>
    }
}

/// Props of [`CellActions`].
#[derive(Properties, PartialEq)]
struct CellActionsProps {
    /// The map, or why it could not be made.
    map: Shared<Result<AccessMap, String>>,
    /// The opened cell's service.
    service: String,
    /// The opened cell's access level.
    level: AccessLevel,
    /// The evaluator's view of the state the map was made of.
    analysis: Shared<Analysis>,
    /// AWS's service catalog.
    catalog: CatalogState,
    /// The endpoint the map's requests came through.
    via_endpoint: Option<String>,
    /// Add a request to the scenario (and select it).
    on_add_request: Callback<Request>,
}

/// The request an answer of the map was decided for: for a resource pattern, the resource
/// the answer is about (one allowed, else one denied).
fn answered_request(principal: &str, entry: &AccessEntry, via_endpoint: Option<String>) -> Request {
    let resource = entry
        .coverage
        .as_ref()
        .and_then(|c| c.allowed.as_ref().or(c.denied.as_ref()))
        .unwrap_or(&entry.resource);
    Request {
        via_endpoint,
        ..Request::new(principal, &entry.action, resource)
    }
}

/// The actions of the opened cell, each opening its trace in place.
#[function_component(CellActions)]
fn cell_actions(props: &CellActionsProps) -> Html {
    let traced = use_state(|| None::<usize>);
    let Ok(map) = &*props.map.0 else {
        return html! {};
    };
    let entries = access_grid::cell(map, &props.service, props.level);
    html! {
        <ul class="access-actions" data-testid="access-actions" aria-label={format!("{} {}", props.service, props.level.label())}>
            { for entries.into_iter().enumerate().map(|(at, entry)| {
                let open = *traced == Some(at);
                let request = Rc::new(answered_request(&map.principal, entry, props.via_endpoint.clone()));
                let toggle = {
                    let traced = traced.clone();
                    Callback::from(move |_: MouseEvent| traced.set((!open).then_some(at)))
                };
                let add = {
                    let on_add = props.on_add_request.clone();
                    let request = Request {
                        name: Some(format!("{} (from the access map)", entry.action)),
                        ..(*request).clone()
                    };
                    Callback::from(move |_: MouseEvent| {
                        on_add.emit(request.clone());
                        browser::focus_after_render(vec!["[data-testid=decision]".to_owned()]);
                    })
                };
                html! {
                    <li data-testid="access-action" data-action={entry.action.clone()} data-verdict={entry.answer.verdict.name()}>
                        <code>{ entry.action.clone() }</code>
                        if entry.resource != "*" { { " on " }<code>{ entry.resource.clone() }</code> }
                        { ": " }{ prose(&access_grid::verdict_text(&entry.answer)) }{ " " }
                        <button type="button" class="text-button" data-testid="access-trace" aria-expanded={open.to_string()} onclick={toggle}>
                            { if open { "Hide trace" } else { "Trace" } }
                        </button>
                        if open {
                            <div class="access-trace">
                                <p class="note">
                                    { prose(&format!("How `{}` is decided for `{}`, with the context keys the map leaves open absent. ", request.action, request.resource)) }
                                    <button type="button" data-testid="access-add-request" onclick={add}>{ "Add as a request" }</button>
                                    { " (selected, to edit and keep)" }
                                </p>
                                <RequestTrace analysis={props.analysis.clone()} request={Rc::clone(&request)} catalog={props.catalog.clone()} />
                            </div>
                        }
                    </li>
                }
            }) }
        </ul>
    }
}
