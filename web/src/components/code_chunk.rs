//! A chunk of the editor's coloured text: some lines, each piece in a span of its class. A
//! chunk whose text and pieces are unchanged is not drawn again, and one out of view is not
//! laid out either: every chunk but the last is a block the browser may skip while it is off
//! screen (`content-visibility: auto`), sized meanwhile by its lines and its widest line, so a
//! keystroke in a long policy lays out only what is on screen.

use std::rc::Rc;

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::editor::tokens::Token;

/// Props of [`CodeChunk`].
#[derive(Properties, PartialEq)]
pub struct CodeChunkProps {
    /// The chunk's text: whole lines.
    pub text: AttrValue,
    /// Its pieces, offsets into `text`.
    pub tokens: Rc<Vec<Token>>,
    /// Whether it is the text's last chunk: that one stays inline, so that the layer ends
    /// exactly where the text area's text does.
    #[prop_or_default]
    pub last: bool,
}

/// The lines of `text` and the widest one, in characters.
fn extent(text: &str) -> (usize, usize) {
    let widest = text
        .lines()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0);
    (text.lines().count().max(1), widest)
}

/// Some lines of coloured text.
#[function_component(CodeChunk)]
pub fn code_chunk(props: &CodeChunkProps) -> Html {
    let node = use_node_ref();
    {
        // The size it keeps while skipped. (Set through the style object: the page's policy
        // allows no style attributes.)
        let node = node.clone();
        let sized = (!props.last).then(|| extent(&props.text));
        use_effect_with(sized, move |sized| {
            if let (Some((lines, widest)), Some(element)) = (sized, node.cast::<HtmlElement>()) {
                let _ = element.style().set_property(
                    "contain-intrinsic-size",
                    &format!("auto {widest}ch auto calc({lines} * 1.5em)"),
                );
            }
        });
    }
    let text = props.text.as_str();
    let mut at = 0;
    let mut drawn = Vec::with_capacity(props.tokens.len() * 2 + 1);
    for token in props.tokens.iter() {
        let (Some(gap), Some(piece)) =
            (text.get(at..token.start), text.get(token.start..token.end))
        else {
            continue;
        };
        if !gap.is_empty() {
            drawn.push(Html::from(gap.to_owned()));
        }
        drawn.push(html! { <span class={token.class.css()}>{ piece.to_owned() }</span> });
        at = token.end;
    }
    if let Some(rest) = text.get(at..).filter(|rest| !rest.is_empty()) {
        drawn.push(Html::from(rest.to_owned()));
    }
    // Each chunk in an element of its own: its lines are always its only content, wherever
    // its neighbours move.
    html! {
        <span class={classes!("chunk", props.last.then_some("last"))} ref={node}>{ for drawn }</span>
    }
}
