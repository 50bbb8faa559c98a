//! Arrow keys in a list of rows with one tab stop (a roving tabindex): Up and Down move to the
//! row before or after, Home and End to the first or last.

use wasm_bindgen::JsCast;

/// The row `key` moves to from row `at` of `count`; `None` for another key, or past an end.
pub fn step(key: &str, at: usize, count: usize) -> Option<usize> {
    let last = count.checked_sub(1)?;
    let to = match key {
        "ArrowDown" => at.checked_add(1).filter(|&to| to <= last)?,
        "ArrowUp" => at.checked_sub(1)?,
        "Home" => 0,
        "End" => last,
        _ => return None,
    };
    (to != at).then_some(to)
}

/// Focus row `index` among the siblings of the row `event` happened in.
pub fn focus_sibling(event: &web_sys::KeyboardEvent, index: usize) {
    let row = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("tr").ok().flatten());
    let mut sibling = row
        .and_then(|row| row.parent_element())
        .and_then(|rows| rows.first_element_child());
    for _ in 0..index {
        sibling = sibling.and_then(|row| row.next_element_sibling());
    }
    if let Some(row) = sibling.and_then(|row| row.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = row.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::step;

    #[test]
    fn arrows_move_one_row_and_stop_at_the_ends() {
        assert_eq!(step("ArrowDown", 0, 3), Some(1));
        assert_eq!(step("ArrowDown", 2, 3), None);
        assert_eq!(step("ArrowUp", 2, 3), Some(1));
        assert_eq!(step("ArrowUp", 0, 3), None);
    }

    #[test]
    fn home_and_end_go_to_the_first_and_last_row() {
        assert_eq!(step("Home", 2, 3), Some(0));
        assert_eq!(step("End", 0, 3), Some(2));
        assert_eq!(step("Home", 0, 3), None);
        assert_eq!(step("End", 2, 3), None);
    }

    #[test]
    fn other_keys_and_empty_lists_move_nowhere() {
        assert_eq!(step("a", 0, 3), None);
        assert_eq!(step("ArrowDown", 0, 0), None);
        assert_eq!(step("ArrowDown", 0, 1), None);
    }
}
