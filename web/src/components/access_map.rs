//! The access map of the selected request's principal (through its endpoint): services ×
//! access levels with counts, each cell opening its actions. Computed on demand, a frame after
//! "computing…" is on screen, and only for the services filtered to or named by a policy.

use std::rc::Rc;

use precedence::access::{AccessMap, AccessQuery};
use precedence::catalog::AccessLevel;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::access_grid::{self, Cell, LEVELS};
use crate::analysis::{Analysis, Shared};
use crate::browser;
use crate::catalog::CatalogState;
use crate::prose::prose;

/// Props of [`AccessMapView`].
#[derive(Properties, PartialEq)]
pub struct AccessMapProps {
    /// The evaluator's view of the state.
    pub analysis: Shared<Analysis>,
    /// AWS's service catalog, once loaded.
    pub catalog: CatalogState,
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
                    Ok(map) => grid_view(map, *cut, &opened),
                },
            } }
        </section>
    }
}

fn cell_text(cell: Cell) -> String {
    format!("✓{} ?{} ✗{}", cell.allowed, cell.conditional, cell.denied)
}

/// The grid, and the actions of the opened cell under it.
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
                                                    data-denied={cell.denied.to_string()} {onclick}>
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
            if let Some((service, level)) = &**opened {
                <ul class="access-actions" data-testid="access-actions" aria-label={format!("{service} {}", level.label())}>
                    { for access_grid::cell(map, service, *level).into_iter().map(|entry| html! {
                        <li data-testid="access-action" data-action={entry.action.clone()} data-verdict={entry.answer.verdict.name()}>
                            <code>{ entry.action.clone() }</code>
                            if entry.resource != "*" { { " on " }<code>{ entry.resource.clone() }</code> }
                            { ": " }{ prose(&access_grid::verdict_text(&entry.answer)) }
                        </li>
                    }) }
                </ul>
            }
        </>
    }
}
