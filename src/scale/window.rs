//! Which rows of a long table exist in the DOM: the ones in the scroll box's
//! view and a few either side, between two spacer rows as tall as the rows
//! left out, so the scrollbar and the scroll position stay those of the
//! whole table.

/// Tables with more rows than this are virtualised.
pub const VIRTUAL_MIN_ROWS: usize = 200;
/// Boards with more nodes than this may draw no chip for every pod (see
/// [`Detail`](super::Detail)), so their table is the virtual one, where pods
/// can be picked, however few rows it has.
pub const VIRTUAL_MIN_NODES: usize = 100;

/// Whether the shares table of `nodes` nodes and `pods` pods is virtual.
pub fn is_virtual(nodes: usize, pods: usize) -> bool {
    pods > VIRTUAL_MIN_ROWS || nodes > VIRTUAL_MIN_NODES
}
/// Rows built above and below the view, so a short scroll shows rows at once.
const OVERSCAN: usize = 8;

/// Rows `first..end` of `total` are built; the spacers stand for the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowWindow {
    pub first: usize,
    pub end: usize,
    pub total: usize,
}

impl RowWindow {
    /// The rows to build when the body is scrolled `scroll_top` pixels into
    /// a view `view_h` pixels tall, rows being `row_h` pixels tall. Any
    /// input (a negative or huge scroll, a zero height) gives a valid window.
    pub fn of(scroll_top: f64, view_h: f64, row_h: f64, total: usize) -> RowWindow {
        let row_h = if row_h.is_finite() && row_h >= 1.0 { row_h } else { 1.0 };
        let rows_at = |px: f64| if px.is_finite() && px > 0.0 { (px / row_h) as usize } else { 0 };
        let top = rows_at(scroll_top).min(total);
        let shown = rows_at(view_h) + 1;
        let first = top.saturating_sub(OVERSCAN);
        let end = top.saturating_add(shown).saturating_add(OVERSCAN).min(total);
        RowWindow { first, end, total }
    }

    /// Height of the spacer above the built rows.
    pub fn above_px(&self, row_h: f64) -> f64 {
        self.first as f64 * row_h
    }

    /// Height of the spacer below the built rows.
    pub fn below_px(&self, row_h: f64) -> f64 {
        (self.total - self.end) as f64 * row_h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_view_and_a_margin() {
        let cases = [
            // scroll_top, view_h, row_h, total → first, end
            (0.0, 280.0, 28.0, 150_000, 0, 11 + OVERSCAN),
            (2800.0, 280.0, 28.0, 150_000, 100 - OVERSCAN, 111 + OVERSCAN),
            (28.0 * 149_990.0, 280.0, 28.0, 150_000, 149_990 - OVERSCAN, 150_000),
            (0.0, 280.0, 28.0, 5, 0, 5),
            (0.0, 280.0, 28.0, 0, 0, 0),
            (-50.0, 280.0, 28.0, 100, 0, 11 + OVERSCAN),
            (1e12, 280.0, 28.0, 100, 100 - OVERSCAN, 100),
            (f64::NAN, f64::NAN, 0.0, 100, 0, 1 + OVERSCAN),
        ];
        for (scroll, view, row, total, first, end) in cases {
            assert_eq!(RowWindow::of(scroll, view, row, total), RowWindow { first, end, total }, "scroll {scroll}");
        }
    }

    #[test]
    fn big_tables_and_boards_without_every_chip_are_virtual() {
        assert!(!is_virtual(3, 6));
        assert!(!is_virtual(100, VIRTUAL_MIN_ROWS));
        assert!(is_virtual(100, VIRTUAL_MIN_ROWS + 1));
        assert!(is_virtual(VIRTUAL_MIN_NODES + 1, 0));
        // Every board that draws no chip for every pod has the virtual table.
        for nodes in [1, 50, 100, 101, 181, 300, 600] {
            for pods in [0, 10, 200, 2_001] {
                // One node holds at most a /24's worth of pods.
                let Ok(scenario) = crate::generate::scenario(nodes, pods) else { continue };
                if crate::layout::Layout::of(&scenario).detail != super::super::Detail::Chips {
                    assert!(is_virtual(nodes, pods), "{nodes}x{pods}");
                }
            }
        }
    }

    #[test]
    fn spacers_and_rows_add_up_to_the_whole_table() {
        for scroll in [0.0, 13.0, 999.0, 50_000.0, 4_199_000.0] {
            let w = RowWindow::of(scroll, 300.0, 28.0, 150_000);
            let built = (w.end - w.first) as f64 * 28.0;
            assert_eq!(w.above_px(28.0) + built + w.below_px(28.0), 150_000.0 * 28.0);
            assert!(w.first <= w.end && w.end <= w.total);
        }
    }
}
