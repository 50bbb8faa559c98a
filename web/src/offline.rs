//! Offline for real: a release build (`scripts/build-release`) carries a service worker that
//! keeps the site's files, named in `index.html` by `<meta name="precedence-service-worker">`.
//! The page registers it once its first trace is on screen. A page without that meta (a
//! development build from `trunk serve`) registers none, and unregisters one that a release
//! build served from the same folder left behind, so an old build never stands in for it.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The meta that names the worker's script.
const WORKER_META: &str = "meta[name=precedence-service-worker]";

/// Register the build's service worker, or remove a stale one where the build has none.
/// Does nothing where the browser has no service workers (a page served over plain HTTP from
/// another host than this machine, or from a file).
pub fn keep_offline_copy() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let protocol = window.location().protocol().unwrap_or_default();
    let navigator = window.navigator();
    let has_workers = js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
    if !window.is_secure_context()
        || !matches!(protocol.as_str(), "http:" | "https:")
        || !has_workers
    {
        return;
    }
    let container = navigator.service_worker();
    let worker = window
        .document()
        .and_then(|document| document.query_selector(WORKER_META).ok().flatten())
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|url| !url.is_empty());
    // The scope a worker of this page's folder has: the page's address up to its last `/`.
    let href = window.location().href().unwrap_or_default();
    let folder = href
        .split(['?', '#'])
        .next()
        .and_then(|address| address.rfind('/').and_then(|end| address.get(..=end)))
        .map(str::to_owned)
        .unwrap_or_default();
    wasm_bindgen_futures::spawn_local(async move {
        match worker {
            // A failed registration (the file is missing, the browser refuses) leaves the page
            // working online, as before; nothing to tell.
            Some(url) => {
                let _ = JsFuture::from(container.register(&url)).await;
            }
            None => unregister_in(&container, &folder).await,
        }
    });
}

/// Unregister the service workers whose scope is `folder`.
async fn unregister_in(container: &web_sys::ServiceWorkerContainer, folder: &str) {
    let Ok(registrations) = JsFuture::from(container.get_registrations()).await else {
        return;
    };
    for registration in js_sys::Array::from(&registrations).iter() {
        let Ok(registration) = registration.dyn_into::<web_sys::ServiceWorkerRegistration>() else {
            continue;
        };
        if registration.scope() == folder {
            if let Ok(done) = registration.unregister() {
                let _ = JsFuture::from(done).await;
            }
        }
    }
}
