//! AWS's service catalog in the playground: fetched as a static file of the site once the
//! first trace is on screen, so it never delays it, then read once.

use std::rc::Rc;

use precedence::catalog::Catalog;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The catalog file, beside `index.html` (Trunk copies it from `crates/precedence/data`).
const CATALOG_URL: &str = "catalog.txt";

/// Where the catalog stands.
#[derive(Clone)]
pub enum CatalogState {
    /// Not fetched yet.
    Loading,
    /// Read and ready.
    Ready(Rc<Catalog>),
    /// It could not be fetched or read: the playground works on without it.
    Unavailable(String),
}

impl PartialEq for CatalogState {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (CatalogState::Loading, CatalogState::Loading) => true,
            (CatalogState::Ready(a), CatalogState::Ready(b)) => Rc::ptr_eq(a, b),
            (CatalogState::Unavailable(a), CatalogState::Unavailable(b)) => a == b,
            _ => false,
        }
    }
}

impl CatalogState {
    /// The catalog, once ready.
    pub fn catalog(&self) -> Option<&Catalog> {
        match self {
            CatalogState::Ready(catalog) => Some(catalog),
            _ => None,
        }
    }
}

/// Fetch and read the catalog.
pub async fn fetch() -> CatalogState {
    match fetch_text().await {
        Ok(text) => match Catalog::parse(&text) {
            Ok(catalog) => CatalogState::Ready(Rc::new(catalog)),
            Err(error) => {
                CatalogState::Unavailable(format!("the service catalog is damaged: {error}"))
            }
        },
        Err(message) => CatalogState::Unavailable(message),
    }
}

async fn fetch_text() -> Result<String, String> {
    let unavailable = |what: &str| format!("the service catalog could not be loaded ({what})");
    let window = web_sys::window().ok_or_else(|| unavailable("no window"))?;
    let response = JsFuture::from(window.fetch_with_str(CATALOG_URL))
        .await
        .map_err(|_| unavailable("the request failed"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| unavailable("no response"))?;
    if !response.ok() {
        return Err(unavailable(&format!("HTTP {}", response.status())));
    }
    let text = response.text().map_err(|_| unavailable("unreadable"))?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| unavailable("unreadable"))
}
