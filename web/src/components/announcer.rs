//! A polite live region that tells screen readers when a request's decision changes. It waits
//! until the edits pause, so typing through a word's half-written states says only where the
//! decisions ended up, and a render that changed no decision says nothing.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::analysis::{Analysis, Shared};
use crate::announce::{self, Announced};

/// How long the decisions must stay put before they are announced, in milliseconds.
const SETTLE_MS: u32 = 600;

/// Props of [`DecisionAnnouncer`].
#[derive(Properties, PartialEq)]
pub struct DecisionAnnouncerProps {
    /// The evaluator's view of the state.
    pub analysis: Shared<Analysis>,
    /// The requests' keys, in order.
    pub keys: Vec<u32>,
}

/// The live region; visually hidden.
#[function_component(DecisionAnnouncer)]
pub fn decision_announcer(props: &DecisionAnnouncerProps) -> Html {
    // The sentence, and how many were said: a sentence said again after another change must
    // change the region's text to be read again.
    let said = use_state(|| (0_u32, String::new()));
    let announced = use_mut_ref(Announced::default);
    let pending = use_mut_ref(|| None::<Timeout>);
    {
        let now = announce::heard(&props.analysis, &props.keys);
        let said = said.clone();
        use_effect_with(props.analysis.clone(), move |_| {
            announced.borrow_mut().learn(&now);
            let announced = announced.clone();
            // Replacing the pending timeout cancels it.
            *pending.borrow_mut() = Some(Timeout::new(SETTLE_MS, move || {
                if let Some(sentence) = announced.borrow_mut().update(&now) {
                    said.set((said.0.wrapping_add(1), sentence));
                }
            }));
        });
    }
    let (count, sentence) = &*said;
    html! {
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
            { sentence.clone() }
            if count % 2 == 1 { { "\u{a0}" } }
        </div>
    }
}
