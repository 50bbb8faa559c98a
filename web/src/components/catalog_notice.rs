//! The notice shown when AWS's service catalog could not be loaded: what is missing without
//! it, and that everything else works. Dismissed, it stays away until the page is reloaded.

use yew::prelude::*;

use crate::catalog::CatalogState;

/// What the playground does without the catalog, after the reason it is missing.
pub const WITHOUT_CATALOG: &str = "Missing without it: the findings that check action names and condition keys against AWS's list, what an action pattern covers, name completions, access levels in the trace and the access map. Policies, requests, decisions, traces and every other finding work as before. Reload the page to try again.";

/// Props of [`CatalogNotice`].
#[derive(Properties, PartialEq)]
pub struct CatalogNoticeProps {
    /// Where the catalog stands.
    pub catalog: CatalogState,
}

/// A dismissible notice while the catalog is unavailable; nothing otherwise.
#[function_component(CatalogNotice)]
pub fn catalog_notice(props: &CatalogNoticeProps) -> Html {
    let dismissed = use_state_eq(|| false);
    let CatalogState::Unavailable(reason) = &props.catalog else {
        return html! {};
    };
    if *dismissed {
        return html! {};
    }
    let on_dismiss = Callback::from(move |_: MouseEvent| dismissed.set(true));
    html! {
        <div class="catalog-notice" role="status" data-testid="catalog-notice">
            <p>
                <strong>{ format!("{}.", sentence_case(reason)) }</strong>{ " " }{ WITHOUT_CATALOG }
            </p>
            <button type="button" onclick={on_dismiss} aria-label="Dismiss the notice about the service catalog">{ "×" }</button>
        </div>
    }
}

/// `text` with its first letter in upper case.
fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::sentence_case;

    #[test]
    fn the_reason_starts_a_sentence() {
        assert_eq!(
            sentence_case("the service catalog could not be loaded (HTTP 404)"),
            "The service catalog could not be loaded (HTTP 404)"
        );
        assert_eq!(sentence_case(""), "");
    }
}
