//! The requests an analysis left undecided (see [`Analysis::new`]), decided in slices between
//! frames, so that typing in a large scenario is not held up by every request being decided
//! again. A newer analysis cancels the slices of the one before.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::analysis::{Analysis, RequestResult, Shared};
use crate::browser;

/// How long one slice of deciding may take, in ms: short enough that a keystroke waiting
/// behind it still reaches the screen within a frame or two.
const SLICE_MS: f64 = 6.0;

/// How often the results known so far are shown while slices go on, in ms.
const PUBLISH_MS: f64 = 100.0;

/// Every request's result as far as it is known.
#[derive(Clone)]
pub struct Decisions {
    /// The analysis these results belong to.
    analysis: Shared<Analysis>,
    /// One entry per request of that analysis: `None` while it is being decided.
    results: Vec<Option<RequestResult>>,
    /// The results of the analysis before, shown (marked) for requests still being decided.
    earlier: Vec<Option<RequestResult>>,
}

/// What to show for one request.
pub enum Shown<'a> {
    /// Its result.
    Known(&'a RequestResult),
    /// Still being decided after an edit; with its result before the edit, if the request
    /// itself is unchanged.
    Pending(Option<&'a RequestResult>),
}

impl Shown<'_> {
    /// The result, once known.
    pub fn known(&self) -> Option<&RequestResult> {
        match self {
            Self::Known(result) => Some(result),
            Self::Pending(_) => None,
        }
    }

    /// What is on screen meanwhile: the result once known, else the result before the edit
    /// (for an unchanged request).
    pub fn current(&self) -> Option<&RequestResult> {
        match self {
            Self::Known(result) => Some(result),
            Self::Pending(earlier) => *earlier,
        }
    }
}

impl Decisions {
    /// The results `analysis` holds, with those of `before` kept for the requests it left
    /// undecided that are the same requests as before.
    fn of(analysis: &Shared<Analysis>, before: Option<&Decisions>) -> Self {
        let earlier = analysis
            .results
            .iter()
            .enumerate()
            .map(|(index, result)| {
                let before = before.filter(|_| result.is_none())?;
                let same = before.analysis.scenario.requests.get(index)
                    == analysis.scenario.requests.get(index);
                same.then(|| before.shown_result(index).cloned()).flatten()
            })
            .collect();
        Self {
            analysis: analysis.clone(),
            results: analysis.results.clone(),
            earlier,
        }
    }

    /// The result of request `index`, known or earlier.
    fn shown_result(&self, index: usize) -> Option<&RequestResult> {
        self.results
            .get(index)
            .and_then(Option::as_ref)
            .or_else(|| self.earlier.get(index).and_then(Option::as_ref))
    }

    /// The analysis these results belong to.
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// What to show for request `index`.
    pub fn get(&self, index: usize) -> Shown<'_> {
        match self.results.get(index).and_then(Option::as_ref) {
            Some(result) => Shown::Known(result),
            None => Shown::Pending(self.earlier.get(index).and_then(Option::as_ref)),
        }
    }

    /// How many requests are still being decided.
    pub fn pending(&self) -> usize {
        self.results.iter().filter(|r| r.is_none()).count()
    }

    /// Decide undecided requests in order until `time_left()` says stop; whether any remain.
    fn decide_some(&mut self, time_left: impl Fn() -> bool) -> bool {
        for index in 0..self.results.len() {
            if self.results[index].is_none() {
                if !time_left() {
                    return true;
                }
                self.results[index] = Some(self.analysis.decide(index));
            }
        }
        false
    }
}

/// How long an analysis may go on deciding requests in the task that made it (an edit's, or
/// the first render's), in ms from its start: a small scenario is decided at once, while in a
/// large one reading and tracing alone take longer, and every other request waits for the
/// slices after the frame (its row showing its result from before meanwhile).
const ANALYSIS_MS: f64 = 2.0;

/// A deadline `SLICE_MS` from now.
pub fn slice_deadline() -> impl Fn() -> bool {
    deadline(SLICE_MS)
}

/// A deadline `ANALYSIS_MS` from now, for [`Analysis::new`].
pub fn analysis_deadline() -> impl Fn() -> bool {
    deadline(ANALYSIS_MS)
}

fn deadline(ms: f64) -> impl Fn() -> bool {
    let start = browser::now();
    move || browser::now() - start < ms
}

/// The results of `analysis`, filled in slice by slice until every request is decided; the
/// component re-renders each time more are known, and only then.
#[hook]
pub fn use_decisions(analysis: &Shared<Analysis>) -> Shared<Decisions> {
    let store = use_mut_ref(|| Shared(Rc::new(Decisions::of(analysis, None))));
    let rerender = use_force_update();
    if !Rc::ptr_eq(&store.borrow().analysis.0, &analysis.0) {
        let next = Decisions::of(analysis, Some(&store.borrow()));
        *store.borrow_mut() = Shared(Rc::new(next));
    }
    {
        let store = Rc::clone(&store);
        use_effect_with(analysis.clone(), move |_| {
            let job = Rc::new(RefCell::new(None::<Slice>));
            let working = (*store.borrow().0).clone();
            if working.pending() > 0 {
                let publish = move |known: Decisions| {
                    *store.borrow_mut() = Shared(Rc::new(known));
                    rerender.force_update();
                };
                // The first slice waits for the frame that shows this render: the keystroke's
                // trace reaches the screen before the other requests are decided again.
                let (next, publish) = (Rc::clone(&job), Rc::new(publish));
                let frame = request_animation_frame(move |_| {
                    schedule(next, publish, working, browser::now());
                });
                *job.borrow_mut() = Some(Slice::Frame(frame));
            }
            move || drop(job.borrow_mut().take())
        });
    }
    let current = store.borrow().clone();
    current
}

/// What decides the next slice, waiting: the frame before the first, a task before the others.
/// Dropping it stops the work.
enum Slice {
    /// The next animation frame.
    Frame(#[expect(dead_code, reason = "held to be cancelled on drop")] AnimationFrame),
    /// A task of its own.
    Task(#[expect(dead_code, reason = "held to be cancelled on drop")] Timeout),
}

/// Decide one slice in a task of its own and go on while requests remain, publishing what is
/// known every `PUBLISH_MS` (published last at `shown`) and when all are decided; dropping
/// what `job` holds stops it.
fn schedule(
    job: Rc<RefCell<Option<Slice>>>,
    publish: Rc<dyn Fn(Decisions)>,
    mut working: Decisions,
    mut shown: f64,
) {
    let next = Rc::clone(&job);
    *job.borrow_mut() = Some(Slice::Task(Timeout::new(0, move || {
        let more = working.decide_some(slice_deadline());
        if !more || browser::now() - shown >= PUBLISH_MS {
            publish(working.clone());
            shown = browser::now();
        }
        if more {
            schedule(next, publish, working, shown);
        }
    })));
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};

    use super::*;
    use crate::analysis::Earlier;
    use crate::state::{Action, PlaygroundState, RequestField};

    /// An analysis of `state` that decides no request beyond the selected one.
    fn deciding_none(state: &PlaygroundState) -> Shared<Analysis> {
        let known = RefCell::new(Earlier::default());
        Shared(Rc::new(Analysis::new(state, None, &known, || false)))
    }

    fn seed() -> PlaygroundState {
        let scenario = crate::examples::load("seed000-read-only-endpoint").expect("the example");
        PlaygroundState::from_scenario(&scenario)
    }

    fn decision(shown: Shown<'_>) -> Option<&'static str> {
        match shown {
            Shown::Known(RequestResult::Decided(outcome))
            | Shown::Pending(Some(RequestResult::Decided(outcome))) => {
                Some(outcome.decision.name())
            }
            _ => None,
        }
    }

    #[test]
    fn out_of_time_only_the_selected_request_is_decided_and_the_rest_follow_in_slices() {
        let state = seed();
        assert!(state.requests.len() > 2, "the seed has several requests");
        let analysis = deciding_none(&state);
        let selected = analysis.selected.expect("a request is selected");
        let mut decisions = Decisions::of(&analysis, None);
        assert_eq!(decisions.pending(), state.requests.len() - 1);
        assert!(matches!(decisions.get(selected), Shown::Known(_)));

        // One request a slice: each call decides one more, in order, until none remain.
        let budget = Cell::new(0);
        let one_more = || {
            budget.set(budget.get() + 1);
            budget.get() == 1
        };
        assert!(decisions.decide_some(one_more));
        assert_eq!(decisions.pending(), state.requests.len() - 2);
        assert!(!decisions.decide_some(|| true));
        assert_eq!(decisions.pending(), 0);

        // What the slices decide is what deciding everything at once gives.
        let known = RefCell::new(Earlier::default());
        let all_at_once = Analysis::new(&state, None, &known, || true);
        for index in 0..state.requests.len() {
            let at_once = all_at_once.results[index].as_ref().map(|r| match r {
                RequestResult::Decided(outcome) => outcome.decision.name(),
                RequestResult::Unusable { .. } => "error",
            });
            assert_eq!(decision(decisions.get(index)), at_once, "request {index}");
        }
    }

    #[test]
    fn while_deciding_again_an_unchanged_request_shows_its_earlier_decision_and_a_changed_one_none()
    {
        let mut state = seed();
        let before = deciding_none(&state);
        let mut earlier = Decisions::of(&before, None);
        earlier.decide_some(|| true);

        // Change the last request (not the selected one); the others are unchanged.
        let last = state.requests.len() - 1;
        assert_ne!(Some(last), before.selected);
        let key = state.requests[last].key;
        state.apply(Action::EditRequest(
            key,
            RequestField::Action,
            "dynamodb:PutItem".into(),
        ));
        let after = deciding_none(&state);
        let decisions = Decisions::of(&after, Some(&earlier));
        let unchanged = (0..last)
            .find(|i| Some(*i) != after.selected)
            .expect("an unchanged request that is not selected");
        assert!(matches!(decisions.get(unchanged), Shown::Pending(Some(_))));
        assert_eq!(
            decision(decisions.get(unchanged)),
            decision(earlier.get(unchanged))
        );
        assert!(matches!(decisions.get(last), Shown::Pending(None)));
        // What the matrix shows meanwhile: the earlier result, or nothing for the changed one.
        assert!(decisions.get(unchanged).current().is_some());
        assert!(decisions.get(unchanged).known().is_none());
        assert!(decisions.get(last).current().is_none());
    }
}
