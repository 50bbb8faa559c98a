//! A policy's text editor: the text area stays the input (so the text is kept exactly as
//! typed, and the browser's undo, selection and input methods work), its text drawn
//! transparent over two layers that show what a text area cannot: the coloured text, and the
//! findings' underlines with the matching bracket. Cards at the text say what a finding is and
//! what the catalog knows of an action, a key or an operator; a list at the caret completes.
//!
//! Keys: Ctrl+Space completes (↑/↓ choose, Enter or Tab accept, Escape closes); F8 and
//! Shift+F8 (or Alt+F8) go to the next and previous problem; Ctrl+I tells what is at the caret;
//! Tab and Shift+Tab indent, and Escape then Tab leaves the editor; Shift+Alt+F formats.

use std::rc::Rc;

use precedence::{Finding, Severity};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::assist::{byte_offset, utf16_offset};
use crate::catalog::CatalogState;
use crate::components::code_chunk::CodeChunk;
use crate::editor::complete::{self, Offer};
use crate::editor::layers::{self, Mark, Segment};
use crate::editor::tokens::Grammar;
use crate::editor::{brackets, format, hover, place, tokens, typing};
use crate::text_input;

/// Padding of the text area and its layers, left and top, in px (as in the style sheet).
const PAD_LEFT: f64 = 8.0;
const PAD_TOP: f64 = 6.0;

/// Props of [`CodeEditor`].
#[derive(Properties, PartialEq)]
pub struct CodeEditorProps {
    /// The text.
    pub text: AttrValue,
    /// The findings about the text, at their spans.
    pub findings: Rc<Vec<Finding>>,
    /// AWS's service catalog, for what the cards say and completion offers.
    pub catalog: CatalogState,
    /// The text area, for the parent to select a finding's range.
    pub area_ref: NodeRef,
    /// The text area's id.
    pub id: AttrValue,
    /// Its accessible name.
    pub label: AttrValue,
    /// `data-policy-type` of the text area.
    pub policy_type: AttrValue,
    /// `data-policy-id` of the text area.
    pub policy_id: AttrValue,
    /// Whether the text has errors.
    pub invalid: bool,
    /// The id of what describes the text (its list of findings).
    pub described_by: Option<AttrValue>,
    /// What the text is: a policy (the default) or a scenario, for its colours, cards and
    /// completions.
    #[prop_or_default]
    pub grammar: Grammar,
    /// The text changed (typed, pasted, completed, formatted).
    pub on_input: Callback<String>,
    /// The caret moved: where it is, in UTF-16 units.
    pub on_caret: Callback<usize>,
    /// Something is about to be pasted.
    pub on_paste: Callback<Event>,
    /// What goes beside the text (its line numbers).
    #[prop_or_default]
    pub children: Html,
}

/// A card at the text: what is at `offset`, opened by the pointer or the keyboard.
#[derive(Debug, Clone, PartialEq)]
struct Card {
    offset: usize,
    keyboard: bool,
}

/// The completion list: what it offers, which is chosen.
#[derive(Debug, Clone, PartialEq)]
struct Popup {
    offer: Offer,
    active: usize,
}

/// The findings whose range holds `offset` (an empty range holds the character after it).
fn findings_at(findings: &[Finding], offset: usize) -> Vec<usize> {
    findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.subject.is_text())
        .filter(|(_, f)| {
            let end = f.span.end.max(f.span.start + 1);
            (f.span.start..end).contains(&offset)
        })
        .map(|(index, _)| index)
        .collect()
}

/// The icon a severity is marked with beside its colour.
fn icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "✖",
        Severity::SecurityWarning | Severity::Warning => "▲",
        Severity::Suggestion => "ℹ",
    }
}

/// The text area's selection, in bytes of `text`.
fn selection(area: &HtmlTextAreaElement, text: &str) -> (usize, usize) {
    let start = area.selection_start().ok().flatten().unwrap_or(0) as usize;
    let end = area.selection_end().ok().flatten().unwrap_or(0) as usize;
    (byte_offset(text, start), byte_offset(text, end))
}

/// Make `edit` in the text area as typing would.
fn make(area: &HtmlTextAreaElement, text: &str, edit: &typing::Edit) {
    let after = typing::apply(text, edit);
    let units = |text: &str, at: usize| utf16_offset(text, at) as u32;
    let selection = (
        units(&after, edit.selection.0),
        units(&after, edit.selection.1),
    );
    if edit.insert.is_empty() && edit.start == edit.end {
        text_input::select(area, selection.0, selection.1);
    } else {
        text_input::replace(
            area,
            units(text, edit.start),
            units(text, edit.end),
            &edit.insert,
            selection,
        );
    }
}

/// Format the text area's text, keeping the caret among the same characters.
fn format_area(area: &HtmlTextAreaElement) -> Result<(), &'static str> {
    let text = area.value();
    let formatted = format::format(&text).ok_or("a string is left open: close it to format")?;
    if formatted == text {
        return Ok(());
    }
    let (caret, _) = selection(area, &text);
    // The caret goes after as many non-blank characters as were before it.
    let solid = text[..caret].chars().filter(|c| !c.is_whitespace()).count();
    let mut seen = 0;
    let mut at = 0;
    for (offset, ch) in formatted.char_indices() {
        if seen == solid {
            at = offset;
            break;
        }
        if !ch.is_whitespace() {
            seen += 1;
        }
        at = offset + ch.len_utf8();
    }
    let caret_units = utf16_offset(&formatted, at) as u32;
    let length = text.encode_utf16().count() as u32;
    text_input::replace(area, 0, length, &formatted, (caret_units, caret_units));
    Ok(())
}

/// Move the card or list at `anchor` left as far as it runs past the editor's right edge (and
/// no further than the editor's left), so that nothing of it is cut off: the editor scrolls
/// sideways and would clip it.
fn keep_inside_editor(anchor: &HtmlElement) {
    let Some(popup) = anchor
        .first_element_child()
        .and_then(|child| child.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let _ = popup.style().remove_property("margin-left");
    let Some(frame) = anchor.closest(".code").ok().flatten() else {
        return;
    };
    let (inner, outer) = (
        popup.get_bounding_client_rect(),
        frame.get_bounding_client_rect(),
    );
    let over = inner.right() - (outer.right() - 4.0);
    let room = (inner.left() - outer.left()).max(0.0);
    if over > 0.0 {
        let _ = popup
            .style()
            .set_property("margin-left", &format!("-{}px", over.min(room)));
    }
}

/// The editor.
#[function_component(CodeEditor)]
pub fn code_editor(props: &CodeEditorProps) -> Html {
    let text = props.text.clone();
    let grammar = props.grammar;
    let drawn = use_memo((text.clone(), grammar), |(text, grammar)| {
        let tokens = tokens::tokenize(text, *grammar);
        let chunks: Vec<(String, AttrValue, Rc<Vec<tokens::Token>>)> =
            layers::chunks(text, &tokens)
                .into_iter()
                .map(|chunk| {
                    let lines = AttrValue::from(text[chunk.start..chunk.end].to_owned());
                    (chunk.key, lines, Rc::new(chunk.tokens))
                })
                .collect();
        (tokens, chunks)
    });
    let caret = use_state_eq(|| None::<usize>);
    let card = use_state_eq(|| None::<Card>);
    let popup = use_state_eq(|| None::<Popup>);
    let status = use_state_eq(String::new);
    let escaped = use_mut_ref(|| false);
    let last_pointer = use_mut_ref(|| None::<usize>);
    let measure_ref = use_node_ref();
    let card_ref = use_node_ref();
    let area_ref = props.area_ref.clone();
    let catalog = props.catalog.clone();

    // A card or list opened by the keyboard is scrolled into view.
    {
        let card_ref = card_ref.clone();
        let shown = (*card).as_ref().map(|c| (c.keyboard, c.offset));
        let listed = popup.is_some();
        use_effect_with((shown, listed), move |(shown, listed)| {
            if matches!(shown, Some((true, _))) || *listed {
                if let Some(element) = card_ref.cast::<HtmlElement>() {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
                    element.scroll_into_view_with_scroll_into_view_options(&options);
                }
            }
        });
    }

    let track = {
        let caret = caret.clone();
        let on_caret = props.on_caret.clone();
        move |area: &HtmlTextAreaElement, text: &str| {
            let units = area.selection_start().ok().flatten().unwrap_or(0) as usize;
            caret.set(Some(byte_offset(text, units)));
            on_caret.emit(units);
        }
    };

    let oninput = {
        let on_input = props.on_input.clone();
        let popup = popup.clone();
        let card = card.clone();
        let catalog = catalog.clone();
        let track = track.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            let value = area.value();
            track(&area, &value);
            if popup.is_some() {
                let (at, _) = selection(&area, &value);
                let offer = complete::offer(&value, at, grammar, catalog.catalog());
                popup.set(offer.map(|offer| Popup { offer, active: 0 }));
            }
            if card.as_ref().is_some_and(|c| !c.keyboard) {
                card.set(None);
            }
            on_input.emit(value);
        })
    };

    let open_completion = {
        let popup = popup.clone();
        let status = status.clone();
        let catalog = catalog.clone();
        move |area: &HtmlTextAreaElement, text: &str| {
            let (at, _) = selection(area, text);
            match complete::offer(text, at, grammar, catalog.catalog()) {
                Some(offer) => popup.set(Some(Popup { offer, active: 0 })),
                None => status.set("nothing to complete here".to_owned()),
            }
        }
    };

    let accept = {
        let popup = popup.clone();
        move |area: &HtmlTextAreaElement, text: &str, chosen: &Popup| {
            let Some(candidate) = chosen.offer.candidates.get(chosen.active) else {
                return;
            };
            let range = chosen.offer.range.clone();
            let at = range.start + candidate.text.len();
            let edit = typing::Edit {
                start: range.start,
                end: range.end,
                insert: candidate.text.clone(),
                selection: (at, at),
            };
            popup.set(None);
            make(area, text, &edit);
        }
    };

    let go_to_problem = {
        let findings = props.findings.clone();
        let card = card.clone();
        move |area: &HtmlTextAreaElement, text: &str, back: bool| {
            let (at, _) = selection(area, text);
            let mut starts: Vec<(usize, usize)> = findings
                .iter()
                .filter(|f| f.subject.is_text())
                .map(|f| (f.span.start.min(text.len()), f.span.end.min(text.len())))
                .collect();
            starts.sort_unstable();
            starts.dedup();
            let chosen = if back {
                starts
                    .iter()
                    .rev()
                    .find(|(start, _)| *start < at)
                    .or(starts.last())
            } else {
                starts
                    .iter()
                    .find(|(start, _)| *start > at)
                    .or(starts.first())
            };
            if let Some(&(start, end)) = chosen {
                let units = |at: usize| utf16_offset(text, at) as u32;
                text_input::select(area, units(start), units(end));
                card.set(Some(Card {
                    offset: start,
                    keyboard: true,
                }));
            }
        }
    };

    let onkeydown = {
        let popup = popup.clone();
        let card = card.clone();
        let status = status.clone();
        let escaped = escaped.clone();
        let accept = accept.clone();
        Callback::from(move |event: KeyboardEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            let key = event.key();
            let command = event.ctrl_key() || event.meta_key();
            let was_escaped = std::mem::replace(&mut *escaped.borrow_mut(), false);
            if event.is_composing() {
                return;
            }
            // The completion list has the arrows, Enter, Tab and Escape while it is open.
            if let Some(open) = (*popup).clone() {
                let count = open.offer.candidates.len().max(1);
                let moved = |active: usize| {
                    popup.set(Some(Popup {
                        active,
                        ..open.clone()
                    }))
                };
                match key.as_str() {
                    "ArrowDown" => moved((open.active + 1) % count),
                    "ArrowUp" => moved((open.active + count - 1) % count),
                    "Enter" | "Tab" => accept(&area, &area.value(), &open),
                    "Escape" => popup.set(None),
                    _ => return,
                }
                event.prevent_default();
                return;
            }
            let text = || area.value();
            let handled = match key.as_str() {
                " " if command => {
                    open_completion(&area, &text());
                    true
                }
                "F8" => {
                    go_to_problem(&area, &text(), event.shift_key() || event.alt_key());
                    true
                }
                "i" | "I" if command && !event.shift_key() => {
                    let value = text();
                    let (at, _) = selection(&area, &value);
                    card.set(Some(Card {
                        offset: at,
                        keyboard: true,
                    }));
                    true
                }
                "F" | "f" if event.shift_key() && event.alt_key() => {
                    if let Err(message) = format_area(&area) {
                        status.set(message.to_owned());
                    }
                    true
                }
                "Escape" => {
                    card.set(None);
                    status.set(String::new());
                    *escaped.borrow_mut() = true;
                    false
                }
                "Tab" if was_escaped || command || event.alt_key() => false,
                "Tab" => {
                    let value = text();
                    let (start, end) = selection(&area, &value);
                    if let Some(edit) = typing::indent(&value, start, end, event.shift_key()) {
                        make(&area, &value, &edit);
                    }
                    true
                }
                "Enter" if !command && !event.shift_key() && !event.alt_key() => {
                    let value = text();
                    let (start, end) = selection(&area, &value);
                    let edit = typing::Edit {
                        end,
                        ..typing::enter(&value, start)
                    };
                    make(&area, &value, &edit);
                    true
                }
                "Backspace" if !command && !event.alt_key() => {
                    let value = text();
                    match selection(&area, &value) {
                        (start, end) if start == end => match typing::backspace(&value, start) {
                            Some(edit) => {
                                make(&area, &value, &edit);
                                true
                            }
                            None => false,
                        },
                        _ => false,
                    }
                }
                "{" | "[" | "}" | "]" | "\"" if !command && !event.alt_key() => {
                    let value = text();
                    let ch = key.chars().next().unwrap_or('"');
                    match selection(&area, &value) {
                        (start, end) if start == end => match typing::typed(&value, start, ch) {
                            Some(edit) => {
                                make(&area, &value, &edit);
                                true
                            }
                            None => false,
                        },
                        _ => false,
                    }
                }
                _ => false,
            };
            if handled {
                event.prevent_default();
            }
        })
    };

    let onkeyup = {
        let track = track.clone();
        let card = card.clone();
        let findings = props.findings.clone();
        Callback::from(move |event: KeyboardEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            let value = area.value();
            track(&area, &value);
            let navigation = matches!(
                event.key().as_str(),
                "ArrowLeft"
                    | "ArrowRight"
                    | "ArrowUp"
                    | "ArrowDown"
                    | "Home"
                    | "End"
                    | "PageUp"
                    | "PageDown"
            );
            if navigation {
                // Arriving in a finding by the keyboard tells what it is.
                let (at, _) = selection(&area, &value);
                if findings_at(&findings, at).is_empty() {
                    if card.as_ref().is_some_and(|c| c.keyboard) {
                        card.set(None);
                    }
                } else {
                    card.set(Some(Card {
                        offset: at,
                        keyboard: true,
                    }));
                }
            }
        })
    };

    let on_place = {
        let track = track.clone();
        Callback::from(move |event: Event| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            track(&area, &area.value());
        })
    };

    let onblur = {
        let popup = popup.clone();
        let caret = caret.clone();
        Callback::from(move |_: FocusEvent| {
            popup.set(None);
            caret.set(None);
        })
    };

    // The pointer's place, as a byte offset: from the monospace grid of the text.
    let onmousemove = {
        let card = card.clone();
        let text = text.clone();
        let findings = props.findings.clone();
        let catalog = catalog.clone();
        let measure_ref = measure_ref.clone();
        let last_pointer = last_pointer.clone();
        Callback::from(move |event: MouseEvent| {
            let Some(measure) = measure_ref.cast::<HtmlElement>() else {
                return;
            };
            let width = f64::from(measure.offset_width()) / 10.0;
            let height = f64::from(measure.offset_height());
            if width <= 0.0 || height <= 0.0 {
                return;
            }
            let x = f64::from(event.offset_x()) - PAD_LEFT;
            let y = f64::from(event.offset_y()) - PAD_TOP;
            let at = (x >= 0.0 && y >= 0.0)
                .then(|| place::offset_at(&text, (y / height) as usize, (x / width) as usize))
                .flatten();
            if *last_pointer.borrow() == at {
                return;
            }
            *last_pointer.borrow_mut() = at;
            let shown = at.filter(|&at| {
                !findings_at(&findings, at).is_empty()
                    || hover::describe(&text, at, grammar, catalog.catalog()).is_some()
            });
            match shown {
                Some(offset) => card.set(Some(Card {
                    offset,
                    keyboard: false,
                })),
                None if card.as_ref().is_some_and(|c| !c.keyboard) => card.set(None),
                None => {}
            }
        })
    };
    let onmouseleave = {
        let card = card.clone();
        let last_pointer = last_pointer.clone();
        Callback::from(move |_: MouseEvent| {
            *last_pointer.borrow_mut() = None;
            if card.as_ref().is_some_and(|c| !c.keyboard) {
                card.set(None);
            }
        })
    };

    let on_format = {
        let area_ref = area_ref.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = area_ref.cast::<HtmlTextAreaElement>() {
                status.set(match format_area(&area) {
                    Ok(()) => String::new(),
                    Err(message) => message.to_owned(),
                });
            }
        })
    };

    // The marks: each finding's range, and the brackets matching at the caret.
    let mut marks: Vec<Mark> = props
        .findings
        .iter()
        .filter(|f| f.subject.is_text())
        .map(|f| Mark {
            range: f.span.start..f.span.end,
            class: f.severity.label(),
        })
        .collect();
    if let Some((here, there)) = caret.and_then(|at| brackets::matching(&text, &drawn.0, at)) {
        for at in [here, there] {
            marks.push(Mark {
                range: at..at + 1,
                class: "bracket-match",
            });
        }
    }
    let segments = layers::segments(&text, &marks)
        .into_iter()
        .map(|segment| match segment {
            Segment::Plain(plain) => Html::from(plain),
            Segment::Mark(marked, class) => {
                html! { <span class={classes!("mark", class)}>{ marked }</span> }
            }
        });
    let line_count = text.split('\n').count();
    // Where a card or the list goes: under its line, or over it near the end of a long text.
    // (Placed through the style object: the page's policy allows no style attributes.)
    let place_of = |offset: usize| {
        let (line, column) = place::line_column(&text, offset);
        let above = line + 8 > line_count && line >= 6;
        (if above { line } else { line + 1 }, column, above)
    };
    let card_place = (*card).as_ref().map(|shown| place_of(shown.offset));
    let popup_place = (*popup)
        .as_ref()
        .map(|open| place_of(open.offer.range.start));
    let card_anchor = use_node_ref();
    let popup_anchor = use_node_ref();
    {
        let anchors = (card_anchor.clone(), popup_anchor.clone());
        use_effect_with((card_place, popup_place), move |(card, popup)| {
            for (anchor, place) in [(&anchors.0, card), (&anchors.1, popup)] {
                let (Some(element), Some((top, column, _))) = (anchor.cast::<HtmlElement>(), place)
                else {
                    continue;
                };
                let style = element.style();
                let _ = style.set_property("top", &format!("calc({PAD_TOP}px + {top} * 1.5em)"));
                let _ = style.set_property("left", &format!("calc({PAD_LEFT}px + {column}ch)"));
                keep_inside_editor(&element);
            }
        });
    }
    let id = props.id.clone();
    let card_id = format!("{id}-card");
    let list_id = format!("{id}-completions");
    let card_html = (*card).as_ref().and_then(|shown| {
        let here = findings_at(&props.findings, shown.offset);
        let info = hover::describe(&text, shown.offset, grammar, catalog.catalog());
        if here.is_empty() && info.is_none() {
            return None;
        }
        Some(html! {
                <div class="code-card" id={card_id.clone()} ref={card_ref.clone()}
                    data-testid="code-card" role="status" aria-live="polite">
                    { for here.iter().filter_map(|&index| props.findings.get(index)).map(|finding| html! {
                        <div class={classes!("card-finding", finding.severity.label())}>
                            <p class="card-head">
                                <span class="card-icon" aria-hidden="true">{ icon(finding.severity) }</span>
                                <span class="severity">{ finding.severity.label() }</span>
                                <code>{ finding.code }</code>
                            </p>
                            <p class="message">{ finding.message.clone() }</p>
                            <p class="help">{ finding.help.clone() }</p>
                        </div>
                    }) }
                    if let Some(info) = info {
                        <div class="card-info" data-testid="code-card-info">
                            <p class="card-head"><code>{ info.title }</code></p>
                            { for info.lines.into_iter().map(|line| html! { <p>{ line }</p> }) }
                        </div>
                    }
                </div>
        })
    });
    let active_id = (*popup)
        .as_ref()
        .map(|open| format!("{list_id}-{}", open.active));
    let popup_html = (*popup).as_ref().map(|open| {
        let options = open.offer.candidates.iter().enumerate().map(|(index, candidate)| {
            let chosen = Popup {
                active: index,
                ..open.clone()
            };
            let accept = accept.clone();
            let area_ref = area_ref.clone();
            let onmousedown = Callback::from(move |event: MouseEvent| {
                event.prevent_default();
                if let Some(area) = area_ref.cast::<HtmlTextAreaElement>() {
                    accept(&area, &area.value(), &chosen);
                }
            });
            html! {
                <li role="option" id={format!("{list_id}-{index}")}
                    aria-selected={(index == open.active).to_string()} {onmousedown}
                    class={classes!((index == open.active).then_some("active"))}>
                    <code>{ candidate.text.clone() }</code>
                    <span class="detail">{ candidate.detail.clone() }</span>
                </li>
            }
        });
        html! {
                <ul class="code-completions" id={list_id.clone()} role="listbox" ref={card_ref.clone()}
                    aria-label="Completions" data-testid="code-completions">
                    { for options }
                </ul>
        }
    });
    let roomy = popup_html.is_some() || card_html.is_some();
    let card_above = card_place.is_some_and(|(_, _, above)| above);
    let popup_above = popup_place.is_some_and(|(_, _, above)| above);
    let described_by = match (&props.described_by, card_html.is_some()) {
        (Some(list), true) => Some(AttrValue::from(format!("{list} {card_id}"))),
        (None, true) => Some(AttrValue::from(card_id.clone())),
        (described, false) => described.clone(),
    };
    let count = drawn.1.len();
    let chunks = drawn.1.iter().enumerate().map(|(at, (key, lines, tokens))| {
        html! {
            <CodeChunk key={key.clone()} text={lines.clone()} tokens={tokens.clone()} last={at + 1 == count} />
        }
    });
    html! {
        <>
        <div class="code">
        { props.children.clone() }
        <div class={classes!("code-stack", roomy.then_some("roomy"))}>
            <pre class="code-highlight" aria-hidden="true" data-testid="code-highlight">{ for chunks }</pre>
            <pre class="code-marks" aria-hidden="true" data-testid="code-marks">{ for segments }</pre>
            <span class="code-measure" ref={measure_ref} aria-hidden="true">{ "0000000000" }</span>
            <textarea id={id.clone()}
                ref={area_ref}
                {oninput} {onkeydown} {onkeyup} {onblur} {onmousemove} {onmouseleave}
                onclick={on_place.reform(|e: MouseEvent| e.into())}
                onfocus={on_place.reform(|e: FocusEvent| e.into())}
                onpaste={props.on_paste.clone()}
                data-testid="policy-text"
                data-policy-type={props.policy_type.clone()}
                data-policy-id={props.policy_id.clone()}
                aria-label={props.label.clone()}
                aria-invalid={props.invalid.then_some("true")}
                aria-describedby={described_by}
                aria-autocomplete="list"
                aria-controls={popup.is_some().then(|| list_id.clone())}
                aria-activedescendant={active_id}
                value={text.clone()}
                rows={(line_count + 1).to_string()}
                wrap="off"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off" />
            // Both anchors are always there, so that the text area keeps its place among the
            // stack's elements (and its focus) as cards come and go.
            <div class={classes!("code-anchor", card_above.then_some("above"))} ref={card_anchor}
                hidden={card_html.is_none()}>{ card_html.unwrap_or_default() }</div>
            <div class={classes!("code-anchor", popup_above.then_some("above"))} ref={popup_anchor}
                hidden={popup_html.is_none()}>{ popup_html.unwrap_or_default() }</div>
        </div>
        </div>
        <div class="editor-bar">
            <button type="button" class="format" onclick={on_format} data-testid="format"
                title="Re-indent the text (Shift+Alt+F); Ctrl+Z undoes it">{ "Format" }</button>
            <span class="editor-status" role="status">{ (*status).clone() }</span>
            <details class="editor-keys">
                <summary>{ "Keys" }</summary>
                <ul>
                    <li><kbd>{ "Ctrl+Space" }</kbd>{ " completes: ↑ ↓ choose, Enter or Tab accept, Escape closes" }</li>
                    <li><kbd>{ "F8" }</kbd>{ " next problem, " }<kbd>{ "Shift+F8" }</kbd>{ " or " }<kbd>{ "Alt+F8" }</kbd>{ " previous" }</li>
                    <li><kbd>{ "Ctrl+I" }</kbd>{ " what the catalog knows of the action, key or operator at the caret" }</li>
                    <li><kbd>{ "Tab" }</kbd>{ " and " }<kbd>{ "Shift+Tab" }</kbd>{ " indent; " }<kbd>{ "Escape" }</kbd>{ " then " }<kbd>{ "Tab" }</kbd>{ " leaves the editor" }</li>
                    <li><kbd>{ "Shift+Alt+F" }</kbd>{ " formats; " }<kbd>{ "Ctrl+Z" }</kbd>{ " undoes it" }</li>
                </ul>
            </details>
        </div>
        </>
    }
}
