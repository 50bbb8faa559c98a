//! The Lessons menu: the course in order, a check mark on each lesson answered right, and a
//! button to forget that progress (kept only in this browser). A drop-down (see
//! [`crate::hooks::dropdown`]) that closes once a lesson is chosen.

use yew::prelude::*;

use crate::app::{edit, StateHandle};
use crate::hooks::dropdown::{close, focus_toggle, use_dropdown, Dropdown};
use crate::lessons;
use crate::state::{Action, PredictAction};

/// Props of [`LessonsMenu`].
#[derive(Properties, PartialEq)]
pub struct LessonsMenuProps {
    /// The playground state.
    pub state: StateHandle,
}

/// The drop-down list of lessons; nothing when the build has none.
#[function_component(LessonsMenu)]
pub fn lessons_menu(props: &LessonsMenuProps) -> Html {
    let details = use_node_ref();
    let Dropdown {
        ontoggle,
        onkeydown,
    } = use_dropdown(&details);
    if lessons::count() == 0 {
        return html! {};
    }
    let predict = props.state.predict();
    let items = lessons::titles().enumerate().map(|(index, (stem, title))| {
        let dispatch = props.state.dispatcher();
        let details = details.clone();
        let onclick = Callback::from(move |_| {
            edit(&dispatch, Action::Predict(PredictAction::OpenLesson(index)));
            close(&details);
            focus_toggle(&details);
        });
        let done = predict.is_completed(index);
        let current = predict.lesson == Some(index);
        html! {
            <li>
                <button type="button" data-lesson={stem} data-done={done.to_string()} {onclick}
                    aria-current={current.then_some("true")}>
                    <span class="lesson-mark" aria-hidden="true">{ if done { "✓" } else { "" } }</span>
                    { title }
                    if done { <span class="visually-hidden">{ " (answered right)" }</span> }
                </button>
            </li>
        }
    });
    let reset = {
        let dispatch = props.state.dispatcher();
        Callback::from(move |_| dispatch.dispatch(Action::Predict(PredictAction::ResetProgress)))
    };
    let done = (0..lessons::count())
        .filter(|i| predict.is_completed(*i))
        .count();
    html! {
        <details class="gallery lessons-menu" data-testid="lessons-menu" ref={details.clone()} {ontoggle} {onkeydown}>
            <summary>{ "Lessons" }</summary>
            <div class="gallery-body">
                <h2>{ format!("Predict, then reveal: {done} of {} answered right", lessons::count()) }</h2>
                <ol aria-label="The course, in order">{ for items }</ol>
                <p class="lessons-privacy">{ "Progress is kept in this browser only, never sent anywhere." }</p>
                <button type="button" onclick={reset} data-testid="lessons-reset" disabled={predict.completed.is_empty()}>{ "Reset progress" }</button>
            </div>
        </details>
    }
}
