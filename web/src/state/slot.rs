//! Which saved scenario (an entry of Recent) the work on screen is saved into. Each tab has
//! its own, and opening another scenario starts a new one, so neither another tab nor a link
//! ever writes over saved work.

use std::rc::Rc;

/// The entry of Recent the work on screen goes to, and the one of the scenario it replaced.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Slot {
    /// This tab's token, unique to the page: new entries' ids start with it.
    tab: Rc<str>,
    /// Entries this page started.
    started: u32,
    /// The entry's id.
    pub(super) id: String,
    /// Whether the entry holds the work (saved, or opened from Recent).
    pub(super) saved: bool,
    /// The entry of the scenario the last load replaced, and whether it was saved.
    pub(super) replaced: Option<(String, bool)>,
}

impl Slot {
    /// The slot `id` (an entry already saved), or a new one.
    pub(super) fn new(tab: Rc<str>, id: Option<String>) -> Self {
        let mut slot = Slot {
            tab,
            started: 0,
            id: String::new(),
            saved: id.is_some(),
            replaced: None,
        };
        slot.id = id.unwrap_or_else(|| slot.next_id());
        slot
    }

    /// This tab's token.
    pub(super) fn tab(&self) -> &str {
        &self.tab
    }

    fn next_id(&mut self) -> String {
        self.started += 1;
        format!("{}-{}", self.tab, self.started)
    }

    /// Another scenario replaced the work on screen: it goes to `opened` (an entry of
    /// Recent) or a new entry, and the replaced one is remembered if `offered` back.
    pub(super) fn replace(&mut self, opened: Option<String>, offered: bool, edited: bool) {
        let was = (self.id.clone(), self.saved || edited);
        self.replaced = offered.then_some(was);
        self.saved = opened.is_some();
        self.id = match opened {
            Some(id) => id,
            None => self.next_id(),
        };
    }

    /// The replaced scenario came back: so does its entry, and the one on screen is
    /// remembered in turn.
    pub(super) fn bring_back(&mut self, edited: bool) {
        if let Some((id, saved)) = self.replaced.take() {
            let was = (std::mem::replace(&mut self.id, id), self.saved || edited);
            self.saved = saved;
            self.replaced = Some(was);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_start_new_entries_and_bringing_back_returns_to_the_old_one() {
        let mut slot = Slot::new(Rc::from("t"), None);
        assert_eq!((slot.id.as_str(), slot.saved), ("t-1", false));
        slot.replace(None, true, true);
        assert_eq!(slot.id, "t-2");
        assert_eq!(slot.replaced, Some(("t-1".to_owned(), true)));
        slot.bring_back(false);
        assert_eq!((slot.id.as_str(), slot.saved), ("t-1", true));
        assert_eq!(slot.replaced, Some(("t-2".to_owned(), false)));
        slot.replace(Some("other-3".into()), false, false);
        assert_eq!((slot.id.as_str(), slot.saved), ("other-3", true));
        assert_eq!(slot.replaced, None);
        let reopened = Slot::new(Rc::from("u"), Some("t-1".into()));
        assert_eq!((reopened.id.as_str(), reopened.saved), ("t-1", true));
    }
}
