//! Recent scenarios in the browser: the index in localStorage under one key, each scenario's
//! text under its own, and this tab's entry in sessionStorage (which a reload of the tab keeps
//! and no other tab shares). A save that cannot be made says why and what to do.

use std::rc::Rc;

use precedence::{Scenario, ScenarioFile};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::{display_name, megabytes, Entry, Index, MAX_SIZE};
use crate::share;
use crate::state::{Dropped, SaveReport};

/// The index's key.
const INDEX_KEY: &str = "precedence.recent.v1";
/// Each scenario's key: this and the entry's id.
const ENTRY_PREFIX: &str = "precedence.recent.v1:";
/// This tab's entry, in sessionStorage.
const TAB_KEY: &str = "precedence.recent.tab";
/// The single autosave of earlier versions, moved into Recent on the first visit.
const OLD_AUTOSAVE_KEY: &str = "precedence.scenario.v1";

/// What to do when the work cannot be saved.
const EXPORT: &str = "export the file to keep it";

fn local() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| {
            format!("This browser does not let the page store anything (a private window or a setting), so your work is not saved: {EXPORT}.")
        })
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

fn entry_key(id: &str) -> String {
    format!("{ENTRY_PREFIX}{id}")
}

/// The room a key and its value take, as the browser counts it.
fn room(key: &str, value: &str) -> usize {
    key.encode_utf16().count() + value.encode_utf16().count()
}

fn read_index(storage: &web_sys::Storage) -> Index {
    storage
        .get_item(INDEX_KEY)
        .ok()
        .flatten()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// The saved scenarios, newest first (none where the browser stores nothing).
pub fn index() -> Index {
    local().map(|s| read_index(&s)).unwrap_or_default()
}

/// The scenario saved as `id`.
pub fn read(id: &str) -> Result<Scenario, String> {
    let text = local()?
        .get_item(&entry_key(id))
        .ok()
        .flatten()
        .ok_or_else(|| {
            "This scenario is no longer in Recent (another tab dropped it to make room).".to_owned()
        })?;
    ScenarioFile::from_text(&text)
        .map(|file| file.scenario)
        .map_err(|error| {
            format!("The saved scenario cannot be read ({error}); it is left as it was.")
        })
}

/// The lock a page holds for as long as it is open: this and its token.
const PAGE_LOCK: &str = "precedence.page.";

/// The browser's Web Locks, where it has them.
fn locks() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::get(&navigator, &"locks".into())
        .ok()
        .filter(|locks| !locks.is_undefined())
}

fn method(object: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(object, &name.into())
        .ok()?
        .dyn_into()
        .ok()
}

/// Hold a lock named after the page `tab` for as long as it is open, so that other pages can
/// tell that the entry it saves into is in use.
pub fn hold_page_lock(tab: &str) {
    let Some(locks) = locks() else {
        return;
    };
    let Some(request) = method(&locks, "request") else {
        return;
    };
    // The lock is held until the promise settles: never, while the page is open.
    let forever = Closure::<dyn FnMut(JsValue) -> js_sys::Promise>::new(|_| {
        js_sys::Promise::new(&mut |_, _| {})
    });
    let _ = request.call2(
        &locks,
        &format!("{PAGE_LOCK}{tab}").into(),
        forever.as_ref().unchecked_ref(),
    );
    forever.forget();
}

/// Whether the page `tab` is open (in this browser, in another tab). Without Web Locks no page
/// can tell, and none is taken to be.
async fn page_is_open(tab: &str) -> bool {
    let Some(locks) = locks() else {
        return false;
    };
    let Some(promise) = method(&locks, "query")
        .and_then(|query| query.call0(&locks).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
    else {
        return false;
    };
    let Ok(snapshot) = wasm_bindgen_futures::JsFuture::from(promise).await else {
        return false;
    };
    let name = format!("{PAGE_LOCK}{tab}");
    js_sys::Reflect::get(&snapshot, &"held".into())
        .ok()
        .and_then(|held| held.dyn_into::<js_sys::Array>().ok())
        .is_some_and(|held| {
            held.iter().any(|lock| {
                js_sys::Reflect::get(&lock, &"name".into())
                    .ok()
                    .and_then(|n| n.as_string())
                    .is_some_and(|n| n == name)
            })
        })
}

/// Make the page `tab` the one saving into `id`, unless the page that saved into it last is
/// still open: then this page's next save goes into an entry of its own, and neither writes
/// over the other. Returns whether it is this page's now.
pub async fn claim(id: &str, tab: &str) -> bool {
    let Some(owner) = index().get(id).map(|e| e.owner.clone()) else {
        return true;
    };
    if owner == tab {
        return true;
    }
    if page_is_open(&owner).await {
        return false;
    }
    let Ok(storage) = local() else {
        return false;
    };
    let mut index = read_index(&storage);
    let Some(entry) = index.entries.iter_mut().find(|e| e.id == id) else {
        return true;
    };
    entry.owner = tab.to_owned();
    serde_json::to_string(&index).is_ok_and(|text| storage.set_item(INDEX_KEY, &text).is_ok())
}

/// Save `scenario` for the page `tab` into the entry `asked` (or, if another page has taken
/// that one over, into a new one), dropping the oldest entries beyond Recent's bounds or when
/// the browser's storage is full. `now` is the time in milliseconds.
pub fn save(asked: &str, tab: &str, scenario: &Scenario, now: u64) -> SaveReport {
    let mut report = SaveReport {
        asked: asked.to_owned(),
        slot: asked.to_owned(),
        problem: None,
        dropped: Vec::new(),
    };
    if let Err(problem) = write(&mut report, tab, scenario, now) {
        report.problem = Some(problem);
    }
    report
}

fn write(report: &mut SaveReport, tab: &str, scenario: &Scenario, now: u64) -> Result<(), String> {
    const FULL: &str = "The browser's storage for this page is full, so your work is not saved";
    let storage = local()?;
    let text = share::scenario_json(scenario, false).ok_or_else(|| {
        format!("The scenario could not be written out, so it is not saved: {EXPORT}.")
    })?;
    let saved = read_index(&storage);
    let mut index = saved.clone();
    if index.get(&report.slot).is_some_and(|e| e.owner != tab) {
        report.slot = format!("{tab}-{now}");
    }
    let key = entry_key(&report.slot);
    let entry = Entry {
        id: report.slot.clone(),
        name: scenario.name.clone(),
        saved_at: now,
        size: room(&key, &text),
        owner: tab.to_owned(),
    };
    let (next, beyond) = index.with(entry).map_err(|too_large| {
        format!(
            "This scenario takes {}, more than the {} this browser keeps for Recent, so it is not saved: {EXPORT}.",
            megabytes(too_large.size),
            megabytes(MAX_SIZE)
        )
    })?;
    index = next;
    for entry in beyond {
        drop_entry(&storage, &entry, &mut report.dropped);
    }
    // The browser may hold less than the bounds allow (other data of the site, a smaller
    // quota): make room the oldest first until the text fits.
    while storage.set_item(&key, &text).is_err() {
        let Some(oldest) = index.oldest_but(&report.slot).cloned() else {
            // What was saved before stays listed as it was, but for what was dropped.
            let mut kept = saved;
            for gone in &report.dropped {
                kept = kept.without(&gone.id);
            }
            let _ = storage.set_item(INDEX_KEY, &serde_json::to_string(&kept).unwrap_or_default());
            return Err(format!("{FULL}: {EXPORT}."));
        };
        index = index.without(&oldest.id);
        drop_entry(&storage, &oldest, &mut report.dropped);
    }
    let listed = serde_json::to_string(&index).unwrap_or_default();
    storage
        .set_item(INDEX_KEY, &listed)
        .map_err(|_| format!("{FULL}: {EXPORT}."))
}

/// Remove an entry's text, keeping it to offer for export.
fn drop_entry(storage: &web_sys::Storage, entry: &Entry, dropped: &mut Vec<Dropped>) {
    let key = entry_key(&entry.id);
    if let Ok(Some(text)) = storage.get_item(&key) {
        dropped.push(Dropped {
            id: entry.id.clone(),
            name: display_name(&entry.name).to_owned(),
            saved_at: entry.saved_at,
            text: Rc::from(text),
        });
    }
    let _ = storage.remove_item(&key);
}

/// The entry this tab saves into, kept across reloads of the tab.
pub fn tab_entry() -> Option<String> {
    session()?.get_item(TAB_KEY).ok().flatten()
}

/// Remember the entry this tab saves into.
pub fn set_tab_entry(id: &str) {
    if let Some(storage) = session() {
        let _ = storage.set_item(TAB_KEY, id);
    }
}

/// A token unique to this page (a tab's every load gets its own).
pub fn new_tab_token() -> String {
    let random = (js_sys::Math::random() * 281_474_976_710_656.0) as u64;
    format!("{random:x}")
}

/// Move the single autosave of earlier versions into Recent, once.
pub fn adopt_old_autosave(tab: &str, now: u64) {
    let Ok(storage) = local() else {
        return;
    };
    // It was stored as a JSON string.
    let Some(text) = storage
        .get_item(OLD_AUTOSAVE_KEY)
        .ok()
        .flatten()
        .and_then(|stored| serde_json::from_str::<String>(&stored).ok())
    else {
        return;
    };
    if let Ok(file) = ScenarioFile::from_text(&text) {
        let report = save(&format!("{tab}-0"), tab, &file.scenario, now);
        if report.problem.is_some() {
            // Left where it is, to try again at the next visit.
            return;
        }
    }
    let _ = storage.remove_item(OLD_AUTOSAVE_KEY);
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests fail loudly")]

    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::recent::MAX_ENTRIES;

    /// A clean slate: no app mounted by another test saving behind this one's back.
    fn clear() {
        crate::component_tests::unmount_all();
        if let Ok(storage) = local() {
            let _ = storage.clear();
        }
    }

    fn scenario(name: &str) -> Scenario {
        let mut scenario = crate::examples::load("seed001-allow-from-account").unwrap();
        scenario.name = name.to_owned();
        scenario
    }

    #[wasm_bindgen_test]
    async fn two_pages_keep_two_entries_and_neither_writes_over_the_other() {
        clear();
        let first = save("a-1", "a", &scenario("First"), 1);
        let second = save("b-1", "b", &scenario("Second"), 2);
        assert_eq!((first.problem, second.problem), (None, None));
        let names: Vec<String> = index().entries.iter().map(|e| e.name.clone()).collect();
        assert_eq!(names, ["Second", "First"]);
        assert_eq!(read("a-1").unwrap().name, "First");
        // Page b opens a's entry while a is open: b does not take it, and b's save goes on in an
        // entry of its own.
        hold_page_lock("a");
        assert!(!claim("a-1", "b").await);
        let copy = save("a-1", "b", &scenario("First, edited in b"), 3);
        assert_ne!(copy.slot, "a-1");
        assert_eq!(read("a-1").unwrap().name, "First");
        assert_eq!(read(&copy.slot).unwrap().name, "First, edited in b");
        // A page that is closed (no lock held) gives its entry up to the next one to open it.
        assert!(claim("b-1", "c").await);
        let kept = save("b-1", "c", &scenario("Second, edited in c"), 4);
        assert_eq!(kept.slot, "b-1");
        assert_eq!(read("b-1").unwrap().name, "Second, edited in c");
        clear();
    }

    #[wasm_bindgen_test]
    fn the_oldest_entry_is_dropped_beyond_the_count_and_offered_for_export() {
        clear();
        for i in 0..MAX_ENTRIES {
            save(
                &format!("t-{i}"),
                "t",
                &scenario(&format!("S{i}")),
                i as u64,
            );
        }
        let report = save("t-new", "t", &scenario("New"), 100);
        let dropped: Vec<&str> = report.dropped.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(dropped, ["S0"]);
        assert!(
            ScenarioFile::from_text(&report.dropped[0].text).is_ok(),
            "the text to export is a scenario"
        );
        assert!(read("t-0").is_err());
        assert_eq!(index().entries.len(), MAX_ENTRIES);
        clear();
    }

    #[wasm_bindgen_test]
    fn a_scenario_too_large_for_recent_says_so_and_what_to_do() {
        clear();
        let mut large = scenario("Large");
        large.description = "x".repeat(MAX_SIZE);
        let report = save("t-1", "t", &large, 1);
        let problem = report.problem.unwrap();
        assert!(problem.contains("export the file"), "{problem}");
        assert!(problem.contains("3.5 MB"), "{problem}");
        assert!(index().entries.is_empty());
        clear();
    }

    #[wasm_bindgen_test]
    fn a_full_storage_drops_the_oldest_entry_first_then_says_it_is_full() {
        clear();
        let storage = local().unwrap();
        save("t-old", "t", &scenario("Old"), 1);
        // Fill the site's storage with other data, as another part of the site might.
        let fill = |from: usize| {
            let mut filled = from;
            for size in [250_000, 10_000, 500] {
                let chunk = "y".repeat(size);
                while storage.set_item(&format!("other-{filled}"), &chunk).is_ok() {
                    filled += 1;
                }
            }
            filled
        };
        let filled = fill(0);
        let report = save("t-new", "t", &scenario("New"), 2);
        assert_eq!(report.problem, None, "the old entry made room");
        let dropped: Vec<&str> = report.dropped.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(dropped, ["Old"]);
        // Fill the rest: now nothing can be dropped.
        fill(filled);
        let mut edited = scenario("Newer");
        edited.description = "w".repeat(20_000);
        let report = save("t-new", "t", &edited, 3);
        let problem = report.problem.unwrap();
        assert!(
            problem.contains("full") && problem.contains("export the file"),
            "{problem}"
        );
        // What was saved before is still there to open.
        assert_eq!(read("t-new").unwrap().name, "New");
        assert_eq!(index().entries.len(), 1);
        clear();
    }

    #[wasm_bindgen_test]
    fn the_old_single_autosave_moves_into_recent() {
        clear();
        let text = share::scenario_json(&scenario("From before"), true).unwrap();
        // Earlier versions stored it as a JSON string.
        let storage = local().unwrap();
        let stored = serde_json::to_string(&text).unwrap();
        storage.set_item(OLD_AUTOSAVE_KEY, &stored).unwrap();
        adopt_old_autosave("t", 5);
        assert_eq!(index().entries[0].name, "From before");
        assert_eq!(storage.get_item(OLD_AUTOSAVE_KEY).unwrap(), None);
        clear();
    }
}
