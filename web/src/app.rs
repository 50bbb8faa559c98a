//! The playground page: policies on the left, the trace in the centre, requests on the right.

use std::rc::Rc;

use yew::prelude::*;

use crate::analysis::{Analysis, Earlier, Shared};
use crate::browser;
use crate::catalog::CatalogState;
use crate::components::access_map::AccessMapView;
use crate::components::announcer::DecisionAnnouncer;
use crate::components::catalog_notice::CatalogNotice;
use crate::components::compare_view::CompareView;
use crate::components::editor_width::EditorWidth;
use crate::components::gallery::Gallery;
use crate::components::import_report::ImportReportView;
use crate::components::lesson_bar::LessonBar;
use crate::components::lessons_menu::LessonsMenu;
use crate::components::model_panel::ModelPanel;
use crate::components::policy_panel::PolicyPanel;
use crate::components::request_panel::RequestPanel;
use crate::components::save_notice::SaveNotice;
use crate::components::scenario_info::ScenarioInfo;
use crate::components::scenario_json::ScenarioJson;
use crate::components::skip_link::SkipLink;
use crate::components::toolbar::Toolbar;
use crate::components::trace_view::TraceView;
use crate::components::undo_offer::UndoOffer;
use crate::components::who_can::{WhoCanAsk, WhoCanView};
use crate::hooks::decisions::{analysis_deadline, use_decisions};
use crate::hooks::keep::use_keep;
use crate::hooks::undo_keys::use_undo_keys;
use crate::import::{self, ImportStatus};
use crate::lessons;
use crate::prose::prose;
use crate::share;
use crate::state::{Action, PageAction, Playground, Replaced};

/// Load the scenario of a share link opened in this tab; a broken link only says so, keeping
/// the work on screen. Other fragments (page anchors) are not links.
fn follow_link(dispatch: &Dispatch, fragment: &str) {
    if !share::is_share_fragment(fragment) {
        return;
    }
    match share::decode(fragment) {
        Ok(scenario) => {
            edit(dispatch, Action::Load(Box::new(scenario)));
            let view = share::view(fragment);
            dispatch.dispatch(Action::Page(PageAction::ShowView(view)));
        }
        Err(message) => dispatch.dispatch(Action::Notify(message)),
    }
}

/// The reducer handle every component edits the scenario through.
pub type StateHandle = UseReducerHandle<Playground>;

/// Dispatches actions; equal across renders, so components holding it re-render only when
/// their own props change.
pub type Dispatch = UseReducerDispatcher<Playground>;

/// Apply an edit, marking its start so the re-rendered trace can be measured.
pub fn edit(dispatch: &Dispatch, action: Action) {
    browser::mark("precedence:edit");
    dispatch.dispatch(action);
}

/// The whole playground.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(crate::start::playground);
    let embed = use_memo((), |_| browser::is_embed());
    let catalog = use_state(|| CatalogState::Loading);
    let earlier = use_mut_ref(Earlier::default);
    // Worked out again when the scenario or the selection changes, not for a change of view.
    let analysis = {
        let state = state.clone();
        let deps = (state.revision, state.selected_index(), (*catalog).clone());
        use_memo(deps, move |(_, _, catalog)| {
            Shared(Rc::new(Analysis::new(
                &state,
                catalog.catalog(),
                &earlier,
                analysis_deadline(),
            )))
        })
    };
    let decisions = use_decisions(&analysis);

    use_keep(&state, *embed);
    use_undo_keys(state.dispatcher());

    // The lesson on screen is in the URL (`?lesson=N`), so a reload or a shared address opens it
    // again; leaving predict mode takes `?mode=predict` away with it. The progress is kept in
    // this browser each time it changes.
    use_effect_with(state.predict().lesson, |lesson| {
        let number = lesson.map(|index| (index + 1).to_string());
        browser::replace_query("lesson", number.as_deref());
    });
    use_effect_with(state.predict().on, |on| {
        if !*on {
            browser::replace_query("mode", None);
        }
    });
    use_effect_with(state.predict().completed.clone(), |completed| {
        lessons::save_progress(completed);
    });
    let hides = state.predict().hides();

    // The first render draws the trace alone; once it is on screen (marked in `main`), the
    // editors, the requests and the gallery follow. After that, every edit's re-rendered trace
    // is measured.
    let settled = use_state_eq(|| false);
    {
        let revision = state.revision;
        let first = use_mut_ref(|| true);
        let settled = settled.clone();
        let catalog = catalog.clone();
        use_effect_with((revision, state.selected), move |_| {
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                browser::after_next_paint(move || {
                    settled.set(true);
                    // The catalog is a file of its own, fetched only now: it never slows the
                    // first trace.
                    wasm_bindgen_futures::spawn_local(async move {
                        catalog.set(crate::catalog::fetch().await);
                    });
                });
            } else {
                browser::measure("precedence:update", "precedence:edit");
            }
        });
    }

    // Another share link opened in this tab replaces the scenario (offering it back); a broken
    // one only says so, keeping the work on screen.
    {
        let dispatch = state.dispatcher();
        // The fragment the page opened with, to notice a link opened before the listener was in
        // place (effects can run a frame after the first render).
        let opened_with = use_memo((), |_| browser::fragment());
        use_effect_with((), move |_| {
            let listener = browser::on_fragment_change({
                let dispatch = dispatch.clone();
                move |fragment| follow_link(&dispatch, &fragment)
            });
            let now = browser::fragment();
            if now != *opened_with {
                follow_link(&dispatch, &now);
            }
            move || drop(listener)
        });
    }

    let on_dismiss = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::DismissNotice))
    };
    let on_restore = {
        let dispatch = state.dispatcher();
        Callback::from(move |_| edit(&dispatch, Action::RestoreReplaced))
    };
    let on_dismiss_replaced = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::DismissReplaced))
    };
    // Import: files picked with the button or dropped anywhere on the page.
    let import_status = use_state(ImportStatus::default);
    let on_import = {
        let status = import_status.clone();
        let dispatch = state.dispatcher();
        Callback::from(move |files: Vec<web_sys::File>| {
            import::start(files, status.clone(), dispatch.clone())
        })
    };
    let on_retry = {
        let status = import_status.clone();
        let dispatch = state.dispatcher();
        Callback::from(move |resource: String| {
            if let ImportStatus::Failed { files, .. } = &*status {
                import::finish(
                    Rc::clone(files),
                    Some(resource),
                    status.clone(),
                    dispatch.clone(),
                );
            }
        })
    };
    let on_dismiss_import = {
        let status = import_status.clone();
        Callback::from(move |()| status.set(ImportStatus::Idle))
    };
    let dragging = use_state_eq(|| false);
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            let has_files = event
                .data_transfer()
                .is_some_and(|data| data.types().includes(&"Files".into(), 0));
            if has_files {
                // Without this the browser opens the dropped file in place of the page.
                event.prevent_default();
                dragging.set(true);
            }
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            // Leaving for a child of the page is not leaving the page.
            if event.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let on_drop = {
        let on_import = on_import.clone();
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            dragging.set(false);
            let files = browser::files_of(event.data_transfer().and_then(|d| d.files()));
            if !files.is_empty() {
                event.prevent_default();
                on_import.emit(files);
            }
        })
    };
    // Breadth questions asked from elsewhere than their own view: who can make a request (from
    // its row), and a request to add (from an access-map answer or a compared request).
    let who_can_ask = use_state_eq(|| None::<WhoCanAsk>);
    // The same callback for every analysis (it reads the latest when asked), so that the
    // matrix rows it is given are not drawn again for each keystroke.
    let latest_analysis = use_mut_ref(|| (*analysis).clone());
    *latest_analysis.borrow_mut() = (*analysis).clone();
    let on_who_can = {
        let ask = who_can_ask.clone();
        use_callback((), move |index: usize, _| {
            let analysis = latest_analysis.borrow().clone();
            if let Some(asked) = WhoCanAsk::of(&analysis, index) {
                ask.set(Some(asked));
                browser::focus_after_render(vec!["[data-testid=who-can-heading]".to_owned()]);
            }
        })
    };
    let on_ask_who_can = {
        let ask = who_can_ask.clone();
        Callback::from(move |asked: WhoCanAsk| ask.set(Some(asked)))
    };
    let on_add_request = {
        let dispatch = state.dispatcher();
        Callback::from(move |request: precedence::Request| {
            edit(&dispatch, Action::AddRequestOf(Box::new(request)))
        })
    };
    let class = classes!(
        "app",
        embed.then_some("embed"),
        dragging.then_some("dragging")
    );
    // Once, not on every render: writing the body's class, even unchanged, costs a keystroke
    // a style pass over the whole page.
    use_effect_with(*embed, |embed| {
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            body.set_class_name(if *embed { "embed" } else { "" });
        }
    });
    html! {
        <div {class} ondragover={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}>
            <SkipLink />
            <DecisionAnnouncer decisions={decisions.clone()} keys={state.requests.iter().map(|r| r.key).collect::<Vec<_>>()} silent={state.predict().on} />
            if let Some(notice) = &state.notice {
                <div class="notice" role="alert" data-testid="error-banner">
                    <span>{ prose(notice) }</span>
                    <button onclick={on_dismiss} aria-label="Dismiss">{ "×" }</button>
                </div>
            }
            if let Some(Replaced(previous)) = &state.replaced {
                <div class="replaced" role="status" data-testid="replaced">
                    <span>{ if previous.name.is_empty() {
                        "Your previous scenario was replaced.".to_owned()
                    } else {
                        format!("“{}” was replaced.", previous.name)
                    } }{ if state.replaced_is_saved() { " It stays in Recent." } else { "" } }</span>
                    <button type="button" onclick={on_restore} data-testid="restore-replaced">{ "Bring it back" }</button>
                    <button type="button" onclick={on_dismiss_replaced} aria-label="Dismiss">{ "×" }</button>
                </div>
            }
            <UndoOffer state={state.clone()} />
            <SaveNotice state={state.clone()} />
            if *embed {
                <div class="embed-bar">
                    <span class="brand">{ "Precedence" }</span>
                    // Only a link the playground opens; a scenario too large for one says so.
                    { match share::link(&state.to_scenario()) {
                        Ok(fragment) => html! {
                            <a data-testid="open-full" target="_blank" rel="noopener"
                               href={format!("{}#{}", browser::base_url(), share::with_view(fragment, &state.view()))}>
                                { "Open in the full playground ↗" }
                            </a>
                        },
                        Err(reason) => html! { <span data-testid="open-full-too-large">{ reason.to_string() }</span> },
                    } }
                </div>
            } else {
                <header class="chrome" data-testid="chrome">
                    <div class="title">
                        <h1>{ "Precedence" }</h1>
                        <p>{ "AWS policy evaluation, step by step — offline, in your browser." }</p>
                    </div>
                    if *settled {
                        <Gallery state={state.clone()} />
                        <LessonsMenu state={state.clone()} />
                        <Toolbar state={state.clone()} {on_import} />
                    }
                </header>
            }
            <CatalogNotice catalog={(*catalog).clone()} />
            <ImportReportView status={(*import_status).clone()} {on_retry} on_dismiss={on_dismiss_import} />
            if !state.name.is_empty() && !*embed {
                // Until the answer, the description (which says why) is left out with the rest.
                <ScenarioInfo key={state.description.clone()} name={state.name.clone()}
                    description={if hides { String::new() } else { state.description.clone() }} />
            }
            <LessonBar state={state.clone()} />
            if state.comparing() && *settled && !state.predict().on {
                <CompareView state={state.clone()} analysis={(*analysis).clone()} catalog={(*catalog).clone()} on_add_request={on_add_request.clone()} />
            } else {
            <main class="columns" aria-busy={(!*settled).to_string()}>
                <section class="column policies" aria-label="Policies">
                    if *settled {
                        <EditorWidth />
                        <ScenarioJson state={state.clone()} catalog={(*catalog).clone()} />
                        <ModelPanel state={state.clone()} analysis={(*analysis).clone()} catalog={(*catalog).clone()} />
                        <PolicyPanel state={state.clone()} analysis={(*analysis).clone()} catalog={(*catalog).clone()} />
                    }
                </section>
                <section class="column trace" id="trace" tabindex="-1" aria-label="Trace">
                    <TraceView analysis={(*analysis).clone()} state={state.clone()} catalog={(*catalog).clone()} settled={*settled} />
                    if *settled && !hides {
                        <WhoCanView analysis={(*analysis).clone()} ask={(*who_can_ask).clone()} on_ask={on_ask_who_can} />
                        <AccessMapView analysis={(*analysis).clone()} catalog={(*catalog).clone()} {on_add_request} />
                    }
                </section>
                <section class="column requests" aria-label="Requests">
                    if *settled {
                        <RequestPanel state={state.clone()} decisions={decisions.clone()} catalog={(*catalog).clone()} {on_who_can} />
                    }
                </section>
            </main>
            }
        </div>
    }
}
