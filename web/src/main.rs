//! The Precedence playground: paste AWS policies, describe a request, see why it is allowed
//! or denied. Built by Trunk from the root `index.html`; runs entirely in the browser.

mod analysis;
mod app;
mod assist;
mod browser;
mod catalog;
#[cfg(all(test, target_arch = "wasm32"))]
mod component_tests;
mod components;
mod examples;
mod share;
mod state;

fn main() {
    // With `precedence:first-trace`, splits start-up into loading the code and the first render.
    browser::mark("precedence:start");
    yew::Renderer::<app::App>::new().render();
}
