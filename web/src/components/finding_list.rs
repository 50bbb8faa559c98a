//! The findings under an editor: each with its place (`3:14`, a button that selects its range
//! in the text), severity, code, message and help. The editor's text area names the list as
//! its description, so a screen reader reads the findings with the text.

use std::collections::BTreeMap;

use precedence::finding::Subject;
use precedence::load::LoadedPolicy;
use precedence::span::Position;
use precedence::{Finding, Severity};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::assist;
use crate::prose::prose;
use crate::text_input;

/// A finding with its line and column in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// Where it starts.
    pub position: Position,
    /// The finding.
    pub finding: Finding,
}

impl Located {
    /// Every finding of a loaded policy, located in its text.
    pub fn all(policy: &LoadedPolicy) -> Vec<Located> {
        policy
            .findings
            .iter()
            .map(|finding| Located {
                position: policy.finding_position(finding),
                finding: finding.clone(),
            })
            .collect()
    }

    /// Where to say it is: `line:column` in the text, or `id` for a finding about the id.
    fn place(&self) -> String {
        match self.finding.subject {
            Subject::Id => "id".to_owned(),
            Subject::Text => format!("{}:{}", self.position.line, self.position.column),
        }
    }
}

/// The lines with findings, each with the label of its most severe finding, in line order (a
/// finding about the id is on no line of the text).
pub fn line_marks(findings: &[Located]) -> Vec<(usize, &'static str)> {
    let mut worst = BTreeMap::new();
    for located in findings.iter().filter(|l| l.finding.subject.is_text()) {
        let severity = located.finding.severity;
        worst
            .entry(located.position.line)
            .and_modify(|s| *s = severity.min(*s))
            .or_insert(severity);
    }
    worst
        .into_iter()
        .map(|(line, severity)| (line, severity.label()))
        .collect()
}

/// Whether any of `findings` is an error (the text area is then marked invalid).
pub fn has_error(findings: &[Located]) -> bool {
    findings
        .iter()
        .any(|l| l.finding.severity == Severity::Error)
}

/// The findings of the text, for the editor's underlines.
pub fn text_findings(findings: &[Located]) -> Vec<Finding> {
    findings
        .iter()
        .filter(|l| l.finding.subject.is_text())
        .map(|l| l.finding.clone())
        .collect()
}

/// The list of `findings` of `text`, with id `id` (which the text area names as its
/// description), each place selecting its range in the text area `area_ref`; nothing when
/// there are no findings. A function rather than a component: the editor that shows it
/// re-renders it with its findings anyway.
pub fn view(id: &str, findings: &[Located], text: &AttrValue, area_ref: &NodeRef) -> Html {
    if findings.is_empty() {
        return Html::default();
    }
    // A finding's place selects its range in the text.
    let jump = |finding: &Finding| {
        let area_ref = area_ref.clone();
        let text = text.clone();
        let span = finding.span;
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = area_ref.cast::<HtmlTextAreaElement>() {
                let units = |at: usize| assist::utf16_offset(&text, at) as u32;
                text_input::select(&area, units(span.start), units(span.end));
            }
        })
    };
    html! {
        <ul class="findings" id={id.to_owned()} aria-label="Findings">
            { for findings.iter().map(|located| html! {
                <li class={classes!("finding", located.finding.severity.label())}>
                    if located.finding.subject.is_text() {
                        <button type="button" class="where" onclick={jump(&located.finding)}
                            aria-label={format!("Go to {}", located.place())}>{ located.place() }</button>
                    } else {
                        <span class="where">{ located.place() }</span>
                    }
                    <span class="severity">{ located.finding.severity.label() }</span>
                    <code class="code-name">{ located.finding.code }</code>
                    <span class="message">{ prose(&located.finding.message) }</span>
                    <span class="help">{ prose(&located.finding.help) }</span>
                </li>
            }) }
        </ul>
    }
}
