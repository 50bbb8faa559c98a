//! The full trace of a request that is not the selected one, decided by a version of the
//! scenario: an access-map answer, or one side of a request compare mode found decided
//! differently. The same parts as the main trace, smaller, without suggestions.

use std::rc::Rc;

use precedence::{Evaluation, Request};
use yew::prelude::*;

use crate::analysis::{Analysis, Shared};
use crate::catalog::CatalogState;
use crate::components::trace_view::{
    action_label, context_table, flow, reasons, request_line, stage_details,
};
use crate::prose::prose;

/// Props of [`RequestTrace`].
#[derive(Properties, PartialEq)]
pub struct RequestTraceProps {
    /// The version of the scenario that decides: its engine, policies and account model.
    pub analysis: Shared<Analysis>,
    /// The request.
    pub request: Rc<Request>,
    /// AWS's service catalog, once loaded: names the action a pattern matched.
    pub catalog: CatalogState,
    /// A heading (`Before`, `After`), if any.
    #[prop_or_default]
    pub heading: Option<AttrValue>,
}

/// A request's decision and trace.
#[function_component(RequestTrace)]
pub fn request_trace(props: &RequestTraceProps) -> Html {
    let traced = use_memo(
        (props.analysis.clone(), Rc::clone(&props.request)),
        |(analysis, request)| -> Result<Evaluation, String> {
            let prepared = analysis
                .engine
                .prepare(request)
                .map_err(|e| format!("{}: {} ({})", e.field, e.message, e.help))?;
            Ok(analysis.engine.evaluate(&prepared))
        },
    );
    let request = &props.request;
    let heading = props.heading.clone();
    let version = heading.clone().unwrap_or_default();
    let body = match &*traced {
        Err(message) => html! {
            <p class="problem" data-testid="request-trace-problem">
                { prose(&format!("This request cannot be evaluated here: {message}")) }
            </p>
        },
        Ok(evaluation) => {
            let action = action_label(&props.catalog, &request.action);
            let caller = AttrValue::from(request.principal.clone());
            let key = format!("{version}-{}-{}", request.action, request.resource);
            html! {
                <>
                    <div class={classes!("decision", "small", evaluation.decision.name())}
                        data-testid="request-trace-decision" data-decision={evaluation.decision.name()}>
                        { evaluation.decision.name() }
                    </div>
                    { reasons(evaluation) }
                    { flow(evaluation) }
                    { stage_details(evaluation, &props.analysis, &action, &caller, &key, None, None) }
                    { context_table(evaluation, None) }
                </>
            }
        }
    };
    html! {
        <div class="request-trace" data-testid="request-trace" data-version={version}>
            if let Some(heading) = heading {
                <h4>{ heading }</h4>
            }
            { request_line(&request.principal, &request.action, &request.resource,
                request.via_endpoint.as_deref().unwrap_or_default()) }
            { body }
        </div>
    }
}
