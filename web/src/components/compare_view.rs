//! Compare mode: the before (read-only, each changed line marked) beside the after (the
//! playground's own editors), and under them the requests the two decide differently, each
//! opening both traces, with what the comparison covered. The differences are the core's
//! `diff`, the answer `precedence diff` prints, worked out shortly after typing stops.

use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use gloo::file::File;
use gloo::timers::callback::Timeout;
use precedence::Request;
use similar::ChangeTag;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::analysis::{Analysis, Shared};
use crate::app::{edit, StateHandle};
use crate::browser;
use crate::catalog::CatalogState;
use crate::comparison::{pair, Comparison, PairChange, PolicyPair};
use crate::components::change_list::{self, ChangeList};
use crate::components::model_panel::ModelPanel;
use crate::components::policy_panel::PolicyPanel;
use crate::examples;
use crate::prose::prose;
use crate::state::{Action, Before, BeforeOrigin, CompareAction};

/// How long after the last edit the comparison is worked out again: typing is never slowed
/// by it.
const SETTLE_MS: u32 = 250;

/// Props of [`CompareView`].
#[derive(Properties, PartialEq)]
pub struct CompareViewProps {
    /// The playground state (the after is the scenario on screen).
    pub state: StateHandle,
    /// The evaluator's view of the after.
    pub analysis: Shared<Analysis>,
    /// AWS's service catalog, once loaded: the comparison asks about the actions it expands.
    pub catalog: CatalogState,
    /// Add a request to the after (and select it).
    pub on_add_request: Callback<Request>,
}

/// Compare mode, in place of the playground's columns.
#[function_component(CompareView)]
pub fn compare_view(props: &CompareViewProps) -> Html {
    let before = props.state.compare.as_ref().map(|c| c.before.clone());
    let before_analysis = use_memo(before.clone(), |before| {
        before
            .as_ref()
            .map(|b| Shared(Rc::new(Analysis::of_scenario((*b.scenario).clone()))))
    });
    let pairs = use_memo(
        ((*before_analysis).clone(), props.analysis.clone()),
        |(before, after)| {
            Rc::new(before.as_ref().map_or_else(Vec::new, |before| {
                pair(before.engine.policies(), after.engine.policies())
            }))
        },
    );
    // The versions to compare in full, every generated request as `precedence diff` does, not
    // only the first ones compared while editing: asked for these versions, not the next edit's.
    let versions = ((*before_analysis).clone(), props.analysis.clone());
    let in_full = use_state_eq(|| None::<(Option<Shared<Analysis>>, Shared<Analysis>)>);
    let comparison = use_comparison(
        (*before_analysis).clone(),
        props.analysis.clone(),
        props.catalog.clone(),
        in_full.as_ref() == Some(&versions),
    );
    let on_compare_all = {
        let in_full = in_full.clone();
        Callback::from(move |()| in_full.set(Some(versions.clone())))
    };
    let Some(before) = before else {
        return html! {};
    };
    let summary = change_list::counts(
        comparison.latest.as_ref().map(|c| &c.diff),
        comparison.pending,
    );
    let changes = match (&comparison, props.catalog.catalog()) {
        (_, None) => html! {
            <section class="compare-changes" data-testid="compare-changes" data-state="waiting">
                <h2>{ "Requests decided differently" }</h2>
                <p>{ match &props.catalog {
                    CatalogState::Unavailable(message) => prose(&format!("The comparison needs AWS's service catalog, which could not be loaded: {message}")),
                    _ => html! { "loading the service catalog…" },
                } }</p>
            </section>
        },
        (Progress { latest: None, .. }, Some(_)) => html! {
            <section class="compare-changes" data-testid="compare-changes" data-state="comparing">
                <h2>{ "Requests decided differently" }</h2>
                <p class="computing">{ "comparing…" }</p>
            </section>
        },
        (
            Progress {
                latest: Some(found),
                pending,
            },
            Some(_),
        ) => html! {
            <ChangeList comparison={found.clone()} pending={*pending} catalog={props.catalog.clone()}
                on_add_request={props.on_add_request.clone()} {on_compare_all} />
        },
    };
    html! {
        <main class="compare" aria-busy="false" data-testid="compare">
            <CompareBar state={props.state.clone()} before={before.clone()} {summary} />
            { changes }
            <div class="compare-columns">
                <section class="compare-before" aria-label="Before" data-testid="compare-before">
                    <h2>{ "Before" }</h2>
                    <p class="blurb">{ prose(&format!("{}, read-only: the lines the after removed are marked −, those it added +.", capitalized(&before.origin.describe()))) }</p>
                    { before_policies(&pairs) }
                </section>
                <section class="compare-after" aria-label="After" data-testid="compare-after">
                    <h2>{ "After" }</h2>
                    <p class="blurb">{ "The scenario on screen: edit it here, or go back to the playground, which keeps every edit." }</p>
                    <ModelPanel state={props.state.clone()} analysis={props.analysis.clone()} catalog={props.catalog.clone()} />
                    <PolicyPanel state={props.state.clone()} analysis={props.analysis.clone()} catalog={props.catalog.clone()} />
                </section>
            </div>
        </main>
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The comparison worked out last, and whether the versions have changed since.
#[derive(Clone)]
struct Progress {
    latest: Option<Shared<Comparison>>,
    pending: bool,
}

/// The comparison of `before` with `after`, worked out [`SETTLE_MS`] after they last changed
/// and once "comparing…" is on screen; until then, the one before (if any), marked pending.
#[hook]
fn use_comparison(
    before: Option<Shared<Analysis>>,
    after: Shared<Analysis>,
    catalog: CatalogState,
    thorough: bool,
) -> Progress {
    let latest = use_state(|| None::<Shared<Comparison>>);
    let pending = use_state_eq(|| true);
    // Only the newest request to compare may finish: an older one that fires late is dropped.
    let generation = use_mut_ref(|| 0_u64);
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        let latest = latest.clone();
        let pending = pending.clone();
        use_effect_with((before, after, catalog, thorough), move |deps| {
            let (before, after, catalog, thorough) = deps.clone();
            pending.set(true);
            *generation.borrow_mut() += 1;
            let (generation, mine) = (generation.clone(), *generation.borrow());
            *timer.borrow_mut() = Some(Timeout::new(SETTLE_MS, move || {
                browser::after_next_paint(move || {
                    let (Some(before), Some(found)) = (before, catalog.catalog()) else {
                        return;
                    };
                    if *generation.borrow() != mine {
                        return;
                    }
                    let compared = Comparison::new(found, before, after, thorough);
                    latest.set(Some(Shared(Rc::new(compared))));
                    pending.set(false);
                });
            }));
        });
    }
    Progress {
        latest: (*latest).clone(),
        pending: *pending,
    }
}

/// Props of [`CompareBar`].
#[derive(Properties, PartialEq)]
struct CompareBarProps {
    state: StateHandle,
    before: Before,
    /// How many requests gain and lose access.
    summary: Html,
}

/// What the before is, and what can be done with it.
#[function_component(CompareBar)]
fn compare_bar(props: &CompareBarProps) -> Html {
    let reader = use_mut_ref(|| None::<FileReader>);
    let dispatch = props.state.dispatcher();
    let act = |action: CompareAction| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| edit(&dispatch, Action::Compare(action.clone())))
    };
    let on_example = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let stem = select.value();
            select.set_value("");
            let title = examples::titles().find(|(s, _)| *s == stem).map(|(_, t)| t);
            if let (Some(scenario), Some(title)) = (examples::load(&stem), title) {
                let origin = BeforeOrigin::Example(title.to_owned());
                edit(
                    &dispatch,
                    Action::Compare(CompareAction::LoadBefore(Box::new(scenario), origin)),
                );
            }
        })
    };
    let on_file = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let file = File::from(file);
            let name = file.name();
            let dispatch = dispatch.clone();
            *reader.borrow_mut() = Some(gloo::file::callbacks::read_as_text(&file, move |read| {
                let loaded = read.map_err(|e| e.to_string()).and_then(|text| {
                    precedence::ScenarioFile::from_text(&text).map_err(|e| e.to_string())
                });
                match loaded {
                    Ok(file) => {
                        let origin = BeforeOrigin::File(name);
                        let action = CompareAction::LoadBefore(Box::new(file.scenario), origin);
                        edit(&dispatch, Action::Compare(action));
                    }
                    Err(error) => dispatch.dispatch(Action::Notify(format!(
                        "{name} cannot be the before: {error}. The before is a scenario file (from Export JSON or the CLI); the before on screen is kept."
                    ))),
                }
            }));
        })
    };
    let scenario = &props.before.scenario;
    let name = if scenario.name.is_empty() {
        String::new()
    } else {
        format!(" (“{}”)", scenario.name)
    };
    html! {
        <header class="compare-bar" data-testid="compare-bar">
            <div>
                <h2>{ "Compare" }</h2>
                <p data-testid="compare-origin">{ prose(&format!(
                    "Before: {}{name}. After: the scenario on screen. Every request either holds, and those made from what either names, are asked of both.",
                    props.before.origin.describe()
                )) }</p>
                { props.summary.clone() }
            </div>
            <div class="compare-actions">
                <button type="button" data-testid="compare-swap" onclick={act(CompareAction::Swap)}
                    title="Edit the before: it goes on screen, and the after is kept as the before">{ "⇄ Swap before and after" }</button>
                <button type="button" data-testid="compare-reset" onclick={act(CompareAction::SnapshotCurrent)}>{ "Make the after the before" }</button>
                <select data-testid="compare-before-example" aria-label="Before from an example" onchange={on_example}>
                    <option value="" selected=true>{ "Before from an example…" }</option>
                    { for examples::titles().map(|(stem, title)| html! { <option value={stem}>{ title }</option> }) }
                </select>
                <label class="button">
                    { "Before from a file" }
                    <input type="file" accept=".json,application/json" onchange={on_file} data-testid="compare-before-file" />
                </label>
                <button type="button" data-testid="compare-close" onclick={act(CompareAction::Close)}>{ "Back to the playground" }</button>
            </div>
        </header>
    }
}

/// The before's policies, each changed one line by line.
fn before_policies(pairs: &[PolicyPair]) -> Html {
    let count = |change| pairs.iter().filter(|p| p.change == change).count();
    let (changed, added, removed) = (
        count(PairChange::Changed),
        count(PairChange::Added),
        count(PairChange::Removed),
    );
    let summary = if changed + added + removed == 0 {
        "Every policy is the same in both versions.".to_owned()
    } else {
        format!("{changed} changed, {added} added, {removed} removed.")
    };
    html! {
        <>
            <p class="compare-summary" data-testid="compare-policy-summary">{ summary }</p>
            { for pairs.iter().map(|pair| {
                let change = match pair.change {
                    PairChange::Same => "same",
                    PairChange::Changed => "changed",
                    PairChange::Removed => "removed",
                    PairChange::Added => "added",
                };
                html! {
                    <details class={classes!("policy-pair", change)} open={pair.change != PairChange::Same}
                        data-testid="compare-policy" data-change={change}>
                        <summary>
                            { prose(&pair.title) }
                            <span class="pair-tag">{ pair.change.label() }</span>
                        </summary>
                        <pre class="pair-lines">{ for pair.lines.iter().map(|line| {
                            let (class, mark, label) = match line.tag {
                                ChangeTag::Equal => ("same", " ", "unchanged"),
                                ChangeTag::Delete => ("removed", "−", "removed"),
                                ChangeTag::Insert => ("added", "+", "added"),
                            };
                            let number = |n: Option<usize>| n.map_or_else(String::new, |n| n.to_string());
                            html! {
                                <span class={classes!("line", class)} data-testid="compare-line" data-line={class}>
                                    <span class="line-mark" title={label}>{ mark }</span>
                                    <span class="line-number">{ number(line.before) }</span>
                                    <span class="line-number">{ number(line.after) }</span>
                                    <span class="line-text">{ line.text.clone() }</span>
                                    { "\n" }
                                </span>
                            }
                        }) }</pre>
                    </details>
                }
            }) }
        </>
    }
}
