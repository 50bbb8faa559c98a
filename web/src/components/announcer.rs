//! A polite live region that tells screen readers when a request's decision changes. It waits
//! until the edits pause, so typing through a word's half-written states says only where the
//! decisions ended up, and a render that changed no decision says nothing.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::analysis::Shared;
use crate::announce::{self, Announced};
use crate::hooks::decisions::Decisions;

/// How long the decisions must stay put before they are announced, in milliseconds.
const SETTLE_MS: u32 = 600;

/// Props of [`DecisionAnnouncer`].
#[derive(Properties, PartialEq)]
pub struct DecisionAnnouncerProps {
    /// Every request's result as far as it is decided.
    pub decisions: Shared<Decisions>,
    /// The requests' keys, in order.
    pub keys: Vec<u32>,
    /// Say nothing (predict mode: a decision said aloud would give the answer away).
    #[prop_or_default]
    pub silent: bool,
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
        let now = announce::heard(&props.decisions, &props.keys);
        let said = said.clone();
        use_effect_with(props.decisions.clone(), move |_| {
            // Requests still being decided: nothing to say until all are.
            let Some(now) = now else {
                pending.borrow_mut().take();
                return;
            };
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
            if !props.silent {
                { sentence.clone() }
                if count % 2 == 1 { { "\u{a0}" } }
            }
        </div>
    }
}
