//! Where the flowchart's shapes go: the eight decision points in a line (top to bottom when the
//! chart is narrow, left to right when it is wide), the explicit-deny outcome beside the first,
//! the implicit-deny outcome along the other seven, and allowed at the end. Pure geometry in
//! the SVG's own units.

use crate::trace::Stage;

/// Which way the decision points run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// Top to bottom, outcomes on the right: for a narrow chart (a phone, a desktop's column).
    Vertical,
    /// Left to right, outcomes below: for a wide chart.
    Horizontal,
}

/// A rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Rect {
    /// The centre.
    pub fn centre(self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    fn right(self) -> f64 {
        self.x + self.width
    }

    fn bottom(self) -> f64 {
        self.y + self.height
    }
}

/// A straight arrow and where its label sits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arrow {
    /// Where it starts.
    pub from: (f64, f64),
    /// Where it ends (the arrowhead).
    pub to: (f64, f64),
    /// Where its yes/no label is anchored.
    pub label: (f64, f64),
}

/// The chart's shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Which way it runs.
    pub orientation: Orientation,
    /// The whole chart's width and height.
    pub size: (f64, f64),
    /// The request's start.
    pub start: Rect,
    /// The decision points, in [`Stage::ALL`]'s order.
    pub nodes: [Rect; 8],
    /// The outcome "explicit deny".
    pub explicit_deny: Rect,
    /// The outcome "implicit deny", along decision points 2–8.
    pub implicit_deny: Rect,
    /// The outcome "allowed".
    pub allowed: Rect,
}

/// The margin around the chart.
const MARGIN: f64 = 6.0;
/// The gap between a decision point and the outcomes beside it, room for a label.
const ASIDE: f64 = 40.0;

impl Layout {
    /// The shapes for `orientation`.
    pub fn new(orientation: Orientation) -> Self {
        match orientation {
            Orientation::Vertical => Self::vertical(),
            Orientation::Horizontal => Self::horizontal(),
        }
    }

    fn vertical() -> Self {
        let (width, height, gap) = (180.0, 38.0, 20.0);
        let pitch = height + gap;
        let at = |row: f64| Rect {
            x: MARGIN,
            y: MARGIN + row * pitch,
            width,
            height,
        };
        let start = Rect {
            y: MARGIN + 8.0,
            height: 24.0,
            ..at(0.0)
        };
        let nodes = std::array::from_fn(|i| at(i as f64 + 1.0));
        let outcome_x = MARGIN + width + ASIDE;
        let outcome_width = 96.0;
        let explicit_deny = Rect {
            x: outcome_x,
            width: outcome_width,
            ..nodes[0]
        };
        let implicit_deny = Rect {
            x: outcome_x,
            y: nodes[1].y,
            width: outcome_width,
            height: nodes[7].bottom() - nodes[1].y,
        };
        let allowed = at(9.0);
        Self {
            orientation: Orientation::Vertical,
            size: (
                outcome_x + outcome_width + MARGIN,
                allowed.bottom() + MARGIN,
            ),
            start,
            nodes,
            explicit_deny,
            implicit_deny,
            allowed,
        }
    }

    fn horizontal() -> Self {
        let (width, height, gap) = (112.0, 58.0, 28.0);
        let pitch = width + gap;
        let at = |column: f64| Rect {
            x: MARGIN + column * pitch,
            y: MARGIN,
            width,
            height,
        };
        let start = Rect {
            x: MARGIN + 8.0,
            width: width - 8.0,
            y: MARGIN + 14.0,
            height: height - 28.0,
        };
        let nodes = std::array::from_fn(|i| at(i as f64 + 1.0));
        let outcome_y = MARGIN + height + ASIDE;
        let outcome_height = 34.0;
        let explicit_deny = Rect {
            y: outcome_y,
            height: outcome_height,
            ..nodes[0]
        };
        let implicit_deny = Rect {
            x: nodes[1].x,
            y: outcome_y,
            width: nodes[7].right() - nodes[1].x,
            height: outcome_height,
        };
        let allowed = Rect {
            width: 84.0,
            ..at(9.0)
        };
        Self {
            orientation: Orientation::Horizontal,
            size: (
                allowed.right() + MARGIN,
                outcome_y + outcome_height + MARGIN,
            ),
            start,
            nodes,
            explicit_deny,
            implicit_deny,
            allowed,
        }
    }

    /// The decision point of `stage`.
    pub fn node(&self, stage: Stage) -> Rect {
        self.nodes[stage as usize]
    }

    /// The arrow into decision point `index` (from the start, or from the one before), or from
    /// the last into "allowed" for `index` 8.
    pub fn forward(&self, index: usize) -> Arrow {
        let from = match index {
            0 => self.start,
            _ => self.nodes[index - 1],
        };
        let to = self.nodes.get(index).copied().unwrap_or(self.allowed);
        match self.orientation {
            Orientation::Vertical => {
                let x = from.centre().0;
                Arrow {
                    from: (x, from.bottom()),
                    to: (x, to.y),
                    label: (x + 6.0, (from.bottom() + to.y) / 2.0 + 4.0),
                }
            }
            Orientation::Horizontal => {
                let y = from.centre().1;
                Arrow {
                    from: (from.right(), y),
                    to: (to.x, y),
                    label: ((from.right() + to.x) / 2.0 - 9.0, y - 6.0),
                }
            }
        }
    }

    /// The arrow from decision point `index` out to its outcome: explicit deny for the first,
    /// implicit deny for the others.
    pub fn aside(&self, index: usize) -> Arrow {
        let from = self.nodes[index];
        match self.orientation {
            Orientation::Vertical => {
                let (right, y) = (from.right(), from.centre().1);
                Arrow {
                    from: (right, y),
                    to: (self.implicit_deny.x, y),
                    label: (right + 8.0, y - 4.0),
                }
            }
            Orientation::Horizontal => {
                let (x, bottom) = (from.centre().0, from.bottom());
                Arrow {
                    from: (x, bottom),
                    to: (x, self.implicit_deny.y),
                    label: (x + 5.0, bottom + 16.0),
                }
            }
        }
    }

    /// The narrowest width at which the horizontal chart stays readable: below it, the
    /// vertical one is drawn.
    pub fn horizontal_min_width() -> f64 {
        Self::horizontal().size.0 * 0.7
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlap(a: Rect, b: Rect) -> bool {
        a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
    }

    fn shapes(layout: &Layout) -> Vec<Rect> {
        let mut all = vec![
            layout.start,
            layout.explicit_deny,
            layout.implicit_deny,
            layout.allowed,
        ];
        all.extend(layout.nodes);
        all
    }

    #[test]
    fn no_two_shapes_overlap_and_all_fit_in_the_chart() {
        for orientation in [Orientation::Vertical, Orientation::Horizontal] {
            let layout = Layout::new(orientation);
            let all = shapes(&layout);
            for (i, a) in all.iter().enumerate() {
                assert!(a.x >= 0.0 && a.y >= 0.0, "{orientation:?} {i}");
                assert!(
                    a.right() <= layout.size.0 && a.bottom() <= layout.size.1,
                    "{orientation:?} {i} outside the chart"
                );
                for (j, b) in all.iter().enumerate().skip(i + 1) {
                    assert!(
                        !overlap(*a, *b),
                        "{orientation:?}: shapes {i} and {j} overlap"
                    );
                }
            }
        }
    }

    #[test]
    fn narrow_charts_run_top_to_bottom_and_wide_ones_left_to_right() {
        let vertical = Layout::new(Orientation::Vertical);
        let horizontal = Layout::new(Orientation::Horizontal);
        for pair in vertical.nodes.windows(2) {
            assert!(pair[1].y > pair[0].y && pair[1].x == pair[0].x);
        }
        for pair in horizontal.nodes.windows(2) {
            assert!(pair[1].x > pair[0].x && pair[1].y == pair[0].y);
        }
        assert!(vertical.size.1 > vertical.size.0, "taller than wide");
        assert!(horizontal.size.0 > horizontal.size.1, "wider than tall");
        // A phone's column (~340 px) holds the vertical chart at full size.
        assert!(vertical.size.0 <= 340.0);
    }

    #[test]
    fn arrows_join_what_they_say_they_join() {
        for orientation in [Orientation::Vertical, Orientation::Horizontal] {
            let layout = Layout::new(orientation);
            for index in 0..=8 {
                let arrow = layout.forward(index);
                let to = layout.nodes.get(index).copied().unwrap_or(layout.allowed);
                let on_edge = |(x, y): (f64, f64), r: Rect| {
                    (r.x..=r.right()).contains(&x) && (r.y..=r.bottom()).contains(&y)
                };
                assert!(on_edge(arrow.to, to), "{orientation:?} forward {index}");
            }
            for index in 1..8 {
                let arrow = layout.aside(index);
                let r = layout.implicit_deny;
                assert!(
                    (r.x..=r.right()).contains(&arrow.to.0)
                        && (r.y..=r.bottom()).contains(&arrow.to.1),
                    "{orientation:?} aside {index} reaches the implicit deny"
                );
            }
            let first = layout.aside(0);
            let r = layout.explicit_deny;
            assert!(
                (r.x..=r.right()).contains(&first.to.0) && (r.y..=r.bottom()).contains(&first.to.1)
            );
        }
    }
}
