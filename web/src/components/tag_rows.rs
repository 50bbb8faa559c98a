//! Tags as key/value rows: a key is committed when its field is left, a value as it is typed.

use std::collections::BTreeMap;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::{edit, Dispatch};
use crate::state::{Action, ModelEdit, TagOwner};

/// Props of [`TagRows`].
#[derive(Properties, PartialEq)]
pub struct TagRowsProps {
    /// The tags.
    pub tags: BTreeMap<String, String>,
    /// Whose tags they are.
    pub owner: TagOwner,
    /// Where edits go.
    pub dispatch: Dispatch,
}

/// The tags of a principal or resource.
#[function_component(TagRows)]
pub fn tag_rows(props: &TagRowsProps) -> Html {
    let owner = props.owner;
    let rows = props.tags.iter().map(|(key, value)| {
        let on_key = {
            let dispatch = props.dispatch.clone();
            let (old, value) = (key.clone(), value.clone());
            Callback::from(move |event: Event| {
                let input: HtmlInputElement = event.target_unchecked_into();
                let edit_tag = ModelEdit::SetTag(owner, Some(old.clone()), input.value(), value.clone());
                edit(&dispatch, Action::EditModel(edit_tag));
            })
        };
        let on_value = {
            let dispatch = props.dispatch.clone();
            let key = key.clone();
            Callback::from(move |event: InputEvent| {
                let input: HtmlInputElement = event.target_unchecked_into();
                let edit_tag = ModelEdit::SetTag(owner, Some(key.clone()), key.clone(), input.value());
                edit(&dispatch, Action::EditModel(edit_tag));
            })
        };
        let on_remove = {
            let dispatch = props.dispatch.clone();
            let key = key.clone();
            Callback::from(move |_| edit(&dispatch, Action::EditModel(ModelEdit::RemoveTag(owner, key.clone()))))
        };
        html! {
            <div class="context-row" key={key.clone()} data-testid="tag-row">
                <input type="text" value={key.clone()} onchange={on_key} aria-label="Tag key" spellcheck="false" />
                <input type="text" value={value.clone()} oninput={on_value} aria-label="Tag value" spellcheck="false" />
                <button type="button" onclick={on_remove} aria-label={format!("Remove tag {key}")}>{ "×" }</button>
            </div>
        }
    });
    let on_add = {
        let dispatch = props.dispatch.clone();
        let fresh = (1..)
            .map(|n| format!("key{n}"))
            .find(|k| !props.tags.contains_key(k))
            .unwrap_or_default();
        Callback::from(move |_| {
            let edit_tag = ModelEdit::SetTag(owner, None, fresh.clone(), String::new());
            edit(&dispatch, Action::EditModel(edit_tag));
        })
    };
    html! {
        <fieldset class="context tags">
            <legend>{ "Tags" }</legend>
            { for rows }
            <button type="button" onclick={on_add}>{ "+ tag" }</button>
        </fieldset>
    }
}
