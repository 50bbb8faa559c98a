//! The lesson on screen: where it sits in the course, its question, a hint on request, and
//! once the answer is revealed what it teaches and the AWS page it rests on; Previous and
//! Next move through the course.

use yew::prelude::*;

use crate::app::{edit, StateHandle};
use crate::lessons;
use crate::prose::prose;
use crate::state::{Action, PredictAction};

/// Props of [`LessonBar`].
#[derive(Properties, PartialEq)]
pub struct LessonBarProps {
    /// The playground state.
    pub state: StateHandle,
}

/// The lesson bar; nothing outside a lesson.
#[function_component(LessonBar)]
pub fn lesson_bar(props: &LessonBarProps) -> Html {
    let predict = props.state.predict();
    let (Some(index), Some(lesson)) = (predict.lesson, props.state.lesson.as_ref()) else {
        return html! {};
    };
    let count = lessons::count();
    let go = |to: usize| {
        let dispatch = props.state.dispatcher();
        Callback::from(move |_| edit(&dispatch, Action::Predict(PredictAction::OpenLesson(to))))
    };
    let hint = {
        let dispatch = props.state.dispatcher();
        Callback::from(move |_| dispatch.dispatch(Action::Predict(PredictAction::ShowHint)))
    };
    let requests = props.state.requests.len();
    let revealed = predict.revealed.is_some();
    // The page comes from the course's own files; only a web address is made a link.
    let source = lesson
        .source
        .starts_with("https://")
        .then(|| lesson.source.clone());
    html! {
        <section class="lesson-bar" data-testid="lesson-bar" aria-label="Lesson">
            <p class="lesson-count" data-testid="lesson-count">
                { format!("Lesson {} of {count}", index + 1) }
                if predict.is_completed(index) { <span class="lesson-done" title="Answered right">{ " ✓" }</span> }
            </p>
            <p class="lesson-question" data-testid="lesson-question">{ prose(&lesson.question) }</p>
            if requests > 1 {
                <p class="lesson-tally" data-testid="lesson-tally">
                    { format!("{} of {requests} requests answered right — select each request in the list to answer it", predict.right.len()) }
                </p>
            }
            if predict.hint {
                <p class="lesson-hint" data-testid="lesson-hint">{ prose(&lesson.hint) }</p>
            } else if !lesson.hint.is_empty() {
                <button type="button" onclick={hint} data-testid="lesson-hint-button">{ "Hint" }</button>
            }
            if revealed {
                <p class="lesson-teaches" data-testid="lesson-teaches">{ prose(&lesson.teaches) }</p>
                if let Some(source) = source {
                    <p class="lesson-source">
                        <a href={source} target="_blank" rel="noopener noreferrer" data-testid="lesson-source">{ "AWS's page on this" }</a>
                    </p>
                }
            }
            <nav class="lesson-nav" aria-label="Lessons">
                <button type="button" data-testid="lesson-previous" disabled={index == 0}
                    onclick={go(index.saturating_sub(1))}>{ "← Previous" }</button>
                <button type="button" data-testid="lesson-next" disabled={index + 1 >= count}
                    onclick={go(index + 1)}>{ "Next →" }</button>
            </nav>
        </section>
    }
}
