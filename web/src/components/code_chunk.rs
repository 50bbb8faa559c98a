//! A chunk of the editor's coloured text: some lines, each piece in a span of its class. A
//! chunk whose text and pieces are unchanged is not drawn again.

use std::rc::Rc;

use yew::prelude::*;

use crate::editor::tokens::Token;

/// Props of [`CodeChunk`].
#[derive(Properties, PartialEq)]
pub struct CodeChunkProps {
    /// The chunk's text: whole lines.
    pub text: AttrValue,
    /// Its pieces, offsets into `text`.
    pub tokens: Rc<Vec<Token>>,
}

/// Some lines of coloured text.
#[function_component(CodeChunk)]
pub fn code_chunk(props: &CodeChunkProps) -> Html {
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
    html! { <>{ for drawn }</> }
}
