//! Recent scenarios: the scenarios saved in this browser, newest first, bounded by count and by
//! the room they take, and what a save keeps and drops to stay within the bounds. The browser's
//! side (localStorage and sessionStorage) is in [`store`].

use serde::{Deserialize, Serialize};

pub mod store;

/// The most scenarios kept.
pub const MAX_ENTRIES: usize = 12;
/// The most room they take together, in UTF-16 code units as the browser counts them (it
/// allows about 5 million per site, and the page keeps the rest for everything else).
pub const MAX_SIZE: usize = 3_500_000;

/// One saved scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Its id (the key of its text).
    pub id: String,
    /// The scenario's name (empty: none).
    pub name: String,
    /// When it was last saved, in milliseconds since the epoch.
    pub saved_at: u64,
    /// The room it takes (its key and text).
    pub size: usize,
    /// The page that saved it last: another page saving into it goes on in an entry of its own.
    pub owner: String,
}

/// Every saved scenario, newest first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Index {
    /// The entries, newest first.
    pub entries: Vec<Entry>,
}

/// A scenario larger than Recent can hold at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    /// The room it would take.
    pub size: usize,
}

impl Index {
    /// The entry `id`.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The index once `entry` is saved (first, in place of its earlier version), and the
    /// entries dropped to stay within the bounds, the oldest first.
    pub fn with(&self, entry: Entry) -> Result<(Index, Vec<Entry>), TooLarge> {
        if entry.size > MAX_SIZE {
            return Err(TooLarge { size: entry.size });
        }
        let others: Vec<Entry> = self
            .entries
            .iter()
            .filter(|e| e.id != entry.id)
            .cloned()
            .collect();
        let mut entries = vec![entry];
        entries.extend(others);
        let mut dropped = Vec::new();
        while entries.len() > MAX_ENTRIES
            || entries.iter().map(|e| e.size).sum::<usize>() > MAX_SIZE
        {
            match entries.pop() {
                Some(oldest) => dropped.push(oldest),
                None => break,
            }
        }
        Ok((Index { entries }, dropped))
    }

    /// The index without the entry `id`.
    pub fn without(&self, id: &str) -> Index {
        Index {
            entries: self
                .entries
                .iter()
                .filter(|e| e.id != id)
                .cloned()
                .collect(),
        }
    }

    /// The oldest entry other than `keep`.
    pub fn oldest_but(&self, keep: &str) -> Option<&Entry> {
        self.entries.iter().rev().find(|e| e.id != keep)
    }
}

/// How long ago `then` was, at `now` (milliseconds): "just now", "5 min ago", "3 h ago",
/// "2 days ago".
pub fn age(now: u64, then: u64) -> String {
    let minutes = now.saturating_sub(then) / 60_000;
    match minutes {
        0 => "just now".to_owned(),
        1..=59 => format!("{minutes} min ago"),
        60..=2879 => format!("{} h ago", minutes / 60),
        _ => format!("{} days ago", minutes / 1440),
    }
}

/// The sentence for a scenario named `name`, saved at `saved_at`, dropped to make room.
pub fn dropped_sentence(name: &str, saved_at: u64, now: u64) -> String {
    format!(
        "“{name}” (saved {}) was dropped from Recent to make room: Recent keeps {MAX_ENTRIES} scenarios, {} in all.",
        age(now, saved_at),
        megabytes(MAX_SIZE)
    )
}

/// A size in megabytes, as people read it: `3.5 MB`. (In whole tenths, without floating point,
/// whose formatting would add much to the bundle.)
pub fn megabytes(size: usize) -> String {
    let tenths = (size + 50_000) / 100_000;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// Milliseconds since the epoch, now.
pub fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// The name to show for a scenario.
pub fn display_name(name: &str) -> &str {
    if name.trim().is_empty() {
        "Untitled scenario"
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, size: usize) -> Entry {
        Entry {
            id: id.into(),
            name: id.into(),
            saved_at: 0,
            size,
            owner: "tab".into(),
        }
    }

    fn ids(index: &Index) -> Vec<&str> {
        index.entries.iter().map(|e| e.id.as_str()).collect()
    }

    #[test]
    fn a_save_comes_first_and_replaces_its_earlier_version() {
        let index = Index {
            entries: vec![entry("a", 10), entry("b", 10)],
        };
        let (index, dropped) = index.with(entry("b", 20)).unwrap();
        assert_eq!(ids(&index), ["b", "a"]);
        assert_eq!(index.entries[0].size, 20);
        assert!(dropped.is_empty());
    }

    #[test]
    fn the_oldest_are_dropped_beyond_the_count_and_the_room() {
        let mut index = Index::default();
        for i in 0..MAX_ENTRIES {
            index = index.with(entry(&format!("e{i}"), 10)).unwrap().0;
        }
        let (full, dropped) = index.with(entry("new", 10)).unwrap();
        assert_eq!(full.entries.len(), MAX_ENTRIES);
        assert_eq!(ids(&full)[0], "new");
        assert_eq!(
            dropped.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["e0"]
        );
        let (roomy, dropped) = full.with(entry("big", MAX_SIZE - 25)).unwrap();
        assert_eq!(ids(&roomy), ["big", "new", "e11"]);
        assert_eq!(dropped.len(), MAX_ENTRIES - 2);
        assert_eq!(dropped[0].id, "e1", "the oldest go first");
    }

    #[test]
    fn a_scenario_larger_than_recent_is_refused_and_nothing_dropped() {
        let index = Index {
            entries: vec![entry("a", 10)],
        };
        assert_eq!(
            index.with(entry("huge", MAX_SIZE + 1)),
            Err(TooLarge { size: MAX_SIZE + 1 })
        );
    }

    #[test]
    fn ages_and_sizes_read_as_people_say_them() {
        let minute = 60_000;
        assert_eq!(age(10 * minute, 10 * minute), "just now");
        assert_eq!(age(10 * minute, 5 * minute), "5 min ago");
        assert_eq!(age(200 * minute, 0), "3 h ago");
        assert_eq!(age(3 * 1440 * minute, 0), "3 days ago");
        assert_eq!(age(0, minute), "just now", "a clock set back");
        assert_eq!(megabytes(3_500_000), "3.5 MB");
        assert_eq!(megabytes(12_345_678), "12.3 MB");
        assert_eq!(megabytes(40_000), "0.0 MB");
        assert_eq!(display_name(" "), "Untitled scenario");
    }

    #[test]
    fn the_oldest_other_entry() {
        let index = Index {
            entries: vec![entry("a", 1), entry("b", 1), entry("c", 1)],
        };
        assert_eq!(index.oldest_but("b").map(|e| e.id.as_str()), Some("c"));
        assert_eq!(index.oldest_but("c").map(|e| e.id.as_str()), Some("b"));
        assert_eq!(ids(&index.without("b")), ["a", "c"]);
    }
}
