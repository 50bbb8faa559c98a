//! The teaching course: the scenarios of `examples/lessons/`, built into the bundle in the
//! order of their file names (never fetched), and the learner's progress, kept in this
//! browser's local storage under [`PROGRESS_KEY`] and never sent anywhere.

use precedence::Scenario;

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// The local-storage key of the progress: the stems of the lessons answered right.
pub const PROGRESS_KEY: &str = "precedence.lessons.v1";

/// How many lessons the course has.
pub fn count() -> usize {
    LESSONS.len()
}

/// Lesson `index`'s (0-based) stem.
pub fn stem(index: usize) -> Option<&'static str> {
    LESSONS.get(index).map(|(stem, _, _)| *stem)
}

/// Lesson `index`'s (0-based) scenario.
pub fn load(index: usize) -> Option<Scenario> {
    LESSONS
        .get(index)
        .and_then(|(_, _, json)| serde_json::from_str(json).ok())
}

/// Every lesson's stem and title, in course order.
pub fn titles() -> impl Iterator<Item = (&'static str, &'static str)> {
    LESSONS.iter().map(|(stem, title, _)| (*stem, *title))
}

/// The lesson a `?lesson=N` names (1-based), as a position in the course; `Err` says why
/// there is none.
pub fn from_query(value: &str) -> Result<usize, String> {
    let count = count();
    match value.trim().parse::<usize>() {
        Ok(number) if (1..=count).contains(&number) => Ok(number - 1),
        _ if count == 0 => Err("This build of the playground has no lessons.".to_owned()),
        _ => Err(format!(
            "There is no lesson `{value}`: the course has lessons 1 to {count}. Open one from the Lessons menu."
        )),
    }
}

/// The progress as stored: a JSON list of lesson stems. Anything else (an older or damaged
/// value) reads as no progress, and stems of lessons no longer in the course are dropped.
pub fn read_progress(text: &str) -> Vec<String> {
    let stems: Vec<String> = serde_json::from_str(text).unwrap_or_default();
    let mut kept: Vec<String> = Vec::new();
    for stem in stems {
        if titles().any(|(known, _)| known == stem) && !kept.contains(&stem) {
            kept.push(stem);
        }
    }
    kept
}

/// The progress as stored.
pub fn write_progress(completed: &[String]) -> String {
    serde_json::to_string(completed).unwrap_or_else(|_| "[]".to_owned())
}

/// The progress this browser keeps; none when storage is refused.
pub fn load_progress() -> Vec<String> {
    storage()
        .and_then(|storage| storage.get_item(PROGRESS_KEY).ok().flatten())
        .map(|text| read_progress(&text))
        .unwrap_or_default()
}

/// Keep `completed` in this browser (only here: it is never sent anywhere); an empty list
/// removes the key.
pub fn save_progress(completed: &[String]) {
    if let Some(storage) = storage() {
        let _ = if completed.is_empty() {
            storage.remove_item(PROGRESS_KEY)
        } else {
            storage.set_item(PROGRESS_KEY, &write_progress(completed))
        };
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_is_embedded_in_file_name_order_with_its_lesson_block() {
        let stems: Vec<&str> = titles().map(|(stem, _)| stem).collect();
        let mut sorted = stems.clone();
        sorted.sort_unstable();
        assert_eq!(stems, sorted);
        for (index, (stem, title)) in titles().enumerate() {
            let scenario = load(index).expect("the lesson loads");
            assert_eq!(scenario.name, title, "{stem}");
            let lesson = scenario.lesson.expect("a lesson block");
            assert!(!lesson.question.is_empty(), "{stem}");
            assert!(!scenario.requests.is_empty(), "{stem}: nothing to predict");
        }
        assert_eq!(load(count()), None);
        assert_eq!(stem(count()), None);
    }

    #[test]
    fn the_query_names_a_lesson_from_one_and_anything_else_says_why_not() {
        if count() > 0 {
            assert_eq!(from_query("1"), Ok(0));
            assert_eq!(from_query(&count().to_string()), Ok(count() - 1));
        }
        for bad in ["0", "-1", "x", "", "99999999999999999999999"] {
            let said = from_query(bad).unwrap_err();
            assert!(said.contains("lesson"), "{bad}: {said}");
        }
    }

    #[test]
    fn progress_reads_back_and_damaged_or_unknown_entries_are_dropped() {
        assert_eq!(read_progress("not json"), Vec::<String>::new());
        assert_eq!(read_progress("{\"a\": 1}"), Vec::<String>::new());
        assert_eq!(read_progress("[\"no-such-lesson\"]"), Vec::<String>::new());
        if let Some(first) = stem(0) {
            let written = write_progress(&[first.to_owned()]);
            assert_eq!(read_progress(&written), [first]);
            let twice = write_progress(&[first.to_owned(), first.to_owned()]);
            assert_eq!(read_progress(&twice), [first]);
        }
    }
}
