//! Under a policy editor: what the action pattern at the cursor matches, and completions for a
//! half-typed service prefix or action name.

use yew::prelude::*;

use crate::assist::{self, StringAt};
use crate::catalog::CatalogState;

/// How many expanded actions are listed before "and N more".
const SHOWN: usize = 40;

/// Props of [`ActionAssist`].
#[derive(Properties, PartialEq)]
pub struct ActionAssistProps {
    /// The policy text.
    pub text: AttrValue,
    /// The cursor, as a byte offset into the text.
    pub cursor: usize,
    /// The service catalog, when loaded.
    pub catalog: CatalogState,
    /// Replace a part of the text (`start..end`, bytes) with a completion.
    pub on_complete: Callback<(StringAt, String)>,
}

/// The pattern's expansion and the completions, for the action string under the cursor.
#[function_component(ActionAssist)]
pub fn action_assist(props: &ActionAssistProps) -> Html {
    let Some(catalog) = props.catalog.catalog() else {
        return html! {};
    };
    let text = props.text.as_str();
    let Some(at) = assist::string_at(text, props.cursor) else {
        return html! {};
    };
    if !assist::is_action_value(text, at.start) {
        return html! {};
    }
    let token = &text[at.start..at.end];
    let typed = &text[at.start..props.cursor.clamp(at.start, at.end)];
    let completions = assist::completions(catalog, typed);
    let expanded = assist::expand(catalog, token);
    if completions.is_empty() && expanded.is_empty() && token.is_empty() {
        return html! {};
    }
    let buttons = completions.into_iter().map(|completion| {
        let on_complete = props.on_complete.clone();
        let replacement = completion.text.clone();
        let onclick = Callback::from(move |_| {
            on_complete.emit((
                StringAt {
                    start: at.start,
                    end: at.end,
                },
                replacement.clone(),
            ))
        });
        html! {
            <li>
                <button type="button" class="completion" data-testid="completion" {onclick}>
                    <code>{ completion.text }</code>
                    <span class="detail">{ completion.detail }</span>
                </button>
            </li>
        }
    });
    let summary = match expanded.len() {
        0 if token.contains(':') => Some("matches no action".to_owned()),
        0 => None,
        1 if !token.contains(['*', '?']) => Some("is an action of the catalog".to_owned()),
        1 => Some("matches 1 action".to_owned()),
        n => Some(format!("matches {n} actions")),
    };
    let more = expanded.len().saturating_sub(SHOWN);
    html! {
        <div class="action-assist" data-testid="action-assist" aria-live="polite">
            if let Some(summary) = summary {
                <p class="expansion-summary" data-testid="expansion-summary">
                    <code>{ token.to_owned() }</code>{ " " }{ summary }
                </p>
            }
            if !expanded.is_empty() {
                <ul class="expansion" data-testid="expansion" tabindex="0" aria-label="Actions it matches">
                    { for expanded.iter().take(SHOWN).map(|action| html! {
                        <li><code>{ action.name.clone() }</code><span class="detail">{ action.level.label() }</span></li>
                    }) }
                    if more > 0 {
                        <li class="more">{ format!("and {more} more") }</li>
                    }
                </ul>
            }
            <ul class="completions" aria-label="Completions">{ for buttons }</ul>
        </div>
    }
}
