//! The requests two versions decide differently: those that gain access, then those that lose
//! it, marked by a symbol and a word as well as a colour, each opening the before's and the
//! after's traces side by side; and what the comparison covered and what it did not.

use std::collections::BTreeSet;
use std::rc::Rc;

use precedence::diff::{Change, Diff};
use precedence::Request;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::analysis::Shared;
use crate::browser;
use crate::catalog::CatalogState;
use crate::comparison::{decision_text, Comparison, Direction};
use crate::components::request_trace::RequestTrace;
use crate::prose::prose;

/// At first at most this many rows are drawn; a button shows the rest.
const FIRST_ROWS: usize = 100;

/// Props of [`ChangeList`].
#[derive(Properties, PartialEq)]
pub struct ChangeListProps {
    /// The comparison worked out last.
    pub comparison: Shared<Comparison>,
    /// Whether the versions have changed since (a newer comparison is coming).
    pub pending: bool,
    /// AWS's service catalog, for the traces.
    pub catalog: CatalogState,
    /// Add a request to the after (and select it).
    pub on_add_request: Callback<Request>,
    /// Compare every generated request, not only the first ones.
    pub on_compare_all: Callback<()>,
}

/// A change's identity across comparisons, so an opened row stays open.
fn identity(request: &Request) -> String {
    format!(
        "{}|{}|{}|{}",
        request.principal,
        request.action,
        request.resource,
        request.via_endpoint.as_deref().unwrap_or_default()
    )
}

/// Whether `change` is about `filter` (its principal, action, resource or endpoint holds it,
/// ignoring case).
fn matches(change: &Change, filter: &str) -> bool {
    filter.is_empty() || identity(&change.request).to_lowercase().contains(filter)
}

/// How many requests gain and lose access (`None`: not compared yet), and whether a newer
/// comparison is coming.
pub fn counts(found: Option<&Diff>, pending: bool) -> Html {
    let count = |direction: Direction, changes: Option<&Vec<Change>>| {
        let number = changes.map_or_else(|| "…".to_owned(), |c| c.len().to_string());
        format!(
            "{} {number} request(s) {}",
            direction.mark(),
            direction.label()
        )
    };
    html! {
        <p class="compare-counts" data-testid="compare-counts" role="status">
            <a href="#compare-changes">
                <span class="gains">{ count(Direction::Gains, found.map(|f| &f.gains)) }</span>
                { " · " }
                <span class="loses">{ count(Direction::Loses, found.map(|f| &f.losses)) }</span>
            </a>
            if pending { <span class="computing">{ " — comparing…" }</span> }
        </p>
    }
}

/// The table of changes, with the coverage line.
#[function_component(ChangeList)]
pub fn change_list(props: &ChangeListProps) -> Html {
    let filter = use_state(String::new);
    let opened = use_state(BTreeSet::<String>::new);
    let show_all = use_state_eq(|| false);
    let found = &props.comparison.diff;
    let needle = filter.trim().to_lowercase();
    let changes: Vec<&Change> = found
        .gains
        .iter()
        .chain(&found.losses)
        .filter(|change| matches(change, &needle))
        .collect();
    let shown = if *show_all {
        changes.len()
    } else {
        changes.len().min(FIRST_ROWS)
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            filter.set(input.value());
        })
    };
    let coverage = &found.coverage;
    let state = if props.pending { "comparing" } else { "done" };
    html! {
        <section class={classes!("compare-changes", props.pending.then_some("pending"))}
            data-testid="compare-changes" data-state={state} aria-busy={props.pending.to_string()}>
            <h2 id="compare-changes">{ "Requests decided differently" }</h2>
            <div class="coverage" data-testid="compare-coverage">
                <p>{ coverage.summary() }</p>
                <ul>
                    { for coverage.not_covered.iter().map(|note| html! { <li>{ "not covered: " }{ prose(note) }</li> }) }
                </ul>
                if props.comparison.cut_short() {
                    <p class="cut-short">
                        { format!("While you edit, only the first {} generated requests are compared, so the page stays responsive: what they leave out may gain or lose access too. ", props.comparison.limit) }
                        <button type="button" data-testid="compare-all" onclick={props.on_compare_all.reform(|_: MouseEvent| ())}>
                            { format!("Compare all (up to {}: can take seconds)", precedence::diff::MAX_GENERATED) }
                        </button>
                    </p>
                }
            </div>
            if found.gains.is_empty() && found.losses.is_empty() {
                <p class="note">{ "No request is decided differently: no new access, none lost." }</p>
            } else {
                <input type="search" class="change-filter" placeholder="Filter by principal, action, resource…"
                    aria-label="Filter the changes" data-testid="compare-filter" value={(*filter).clone()} oninput={on_filter} />
                <div class="change-table">
                    <table class="changes" data-testid="compare-change-table">
                        <thead><tr>
                            <th>{ "Change" }</th><th>{ "Request" }</th><th>{ "Before" }</th><th>{ "After" }</th><th><span class="visually-hidden">{ "Traces" }</span></th>
                        </tr></thead>
                        { for changes.iter().take(shown).map(|change| row(change, props, &opened)) }
                    </table>
                </div>
                if shown < changes.len() {
                    <button type="button" class="text-button" data-testid="compare-show-all"
                        onclick={Callback::from(move |_: MouseEvent| show_all.set(true))}>
                        { format!("Show all {} changes", changes.len()) }
                    </button>
                }
            }
        </section>
    }
}

/// One change's row, and under it, when opened, both traces.
fn row(
    change: &Change,
    props: &ChangeListProps,
    opened: &UseStateHandle<BTreeSet<String>>,
) -> Html {
    let direction = Direction::of(change);
    let id = identity(&change.request);
    let open = opened.contains(&id);
    let toggle = {
        let opened = opened.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| {
            let mut now = (*opened).clone();
            if !now.remove(&id) {
                now.insert(id.clone());
            }
            opened.set(now);
        })
    };
    let request = &change.request;
    let via = request
        .via_endpoint
        .as_ref()
        .map(|id| format!(" via `{id}`"))
        .unwrap_or_default();
    let origin = if change.given {
        " — a request of the scenario"
    } else {
        ""
    };
    // A body per change, keyed, so its rows (and the focus in them) follow it when the
    // comparison is worked out again.
    html! {
        <tbody key={id.clone()} class="change-group" data-key={id.clone()}>
            <tr class={classes!("change", direction.name(), open.then_some("open"))} data-testid="compare-change"
                data-direction={direction.name()} data-given={change.given.to_string()}
                data-principal={request.principal.clone()} data-action={request.action.clone()} data-resource={request.resource.clone()}>
                <td class="direction"><span class="direction-mark" aria-hidden="true">{ direction.mark() }</span>{ " " }{ direction.label() }</td>
                <td class="change-request">{ prose(&format!("`{}` → `{}` on `{}`{via}{origin}", request.principal, request.action, request.resource)) }</td>
                <td><span class={classes!("badge", change.before.name())}>{ decision_text(change.before, &change.before_blocked_by) }</span></td>
                <td><span class={classes!("badge", change.after.name())}>{ decision_text(change.after, &change.after_blocked_by) }</span></td>
                <td>
                    <button type="button" data-testid="compare-traces" aria-expanded={open.to_string()} onclick={toggle}>
                        { if open { "Hide traces" } else { "Traces" } }
                    </button>
                </td>
            </tr>
            if open {
                <tr class="change-traces" data-testid="compare-traces-row">
                    <td colspan="5">{ traces(change, props, &id) }</td>
                </tr>
            }
        </tbody>
    }
}

/// `text` as a CSS string, quotes and backslashes escaped.
fn css_string(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                quoted.push('\\');
                quoted.push(c);
            }
            // A line break cannot stand in a CSS string: its code point can.
            '\n' => quoted.push_str("\\a "),
            _ => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The before's and the after's traces of a change, side by side.
fn traces(change: &Change, props: &ChangeListProps, id: &str) -> Html {
    let request = Rc::new(change.request.clone());
    let add = {
        let on_add = props.on_add_request.clone();
        let request = Request {
            name: Some(format!("{} (from the comparison)", change.request.action)),
            ..change.request.clone()
        };
        // The button goes once the request is the after's own: the focus stays on its row.
        let row = format!(
            "tbody[data-key={}] [data-testid=compare-traces]",
            css_string(id)
        );
        Callback::from(move |_: MouseEvent| {
            on_add.emit(request.clone());
            browser::focus_after_render(vec![row.clone()]);
        })
    };
    html! {
        <>
            <div class="trace-pair">
                <RequestTrace analysis={props.comparison.before.clone()} request={Rc::clone(&request)}
                    catalog={props.catalog.clone()} heading={AttrValue::from("Before")} />
                <RequestTrace analysis={props.comparison.after.clone()} request={request}
                    catalog={props.catalog.clone()} heading={AttrValue::from("After")} />
            </div>
            if change.given {
                <p class="note">{ "One of the scenario's own requests." }</p>
            } else {
                <p class="note">
                    <button type="button" data-testid="compare-add-request" onclick={add}>{ "Add to the after's requests" }</button>
                    { " to keep this request in the scenario (it is then one of its own requests, selected in the playground)." }
                </p>
            }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::css_string;

    #[test]
    fn css_strings_escape_what_would_end_them() {
        assert_eq!(css_string("arn:aws:s3:::b/k"), "\"arn:aws:s3:::b/k\"");
        assert_eq!(css_string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\a d\"");
    }
}
