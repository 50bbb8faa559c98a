//! The Precedence playground: paste AWS policies, describe a request, see why it is allowed
//! or denied. Built by Trunk from the root `index.html`; runs entirely in the browser.

mod access_grid;
mod analysis;
mod announce;
mod app;
mod assist;
mod browser;
mod catalog;
mod comparison;
#[cfg(all(test, target_arch = "wasm32"))]
mod component_tests;
mod components;
mod depends;
mod editor;
mod examples;
mod export;
mod hooks;
mod import;
mod lessons;
mod offline;
mod owner;
mod paste_limit;
mod prose;
mod recent;
mod row_keys;
mod scenario_text;
mod share;
mod start;
mod state;
mod text_input;

fn main() {
    // With `precedence:first-trace`, splits start-up into loading the code and the first render.
    browser::mark("precedence:start");
    yew::Renderer::<app::App>::new().render();
    // Yew renders in this task's microtasks and yields to the browser only once no render is
    // pending, so the next frame holds the whole first render: marked once it is painted. (An
    // effect would come too late: Yew runs effects after yielding when a render takes > 16 ms.)
    browser::after_next_paint(|| {
        browser::mark("precedence:first-trace");
        // The service worker fetches the whole site again to keep it: only after the first trace.
        offline::keep_offline_copy();
    });
}
