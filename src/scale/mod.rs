//! Boards at Kubernetes' scalability limits (5 000 nodes, 150 000 pods):
//! what to draw and which rows of the table to build, as pure arithmetic so
//! the thresholds are tested natively.
//!
//! A browser cannot keep a hundred thousand SVG chips and table rows in its
//! DOM and still show the page in a second, so the board picks a level of
//! detail ([`Detail`]) and the shares table builds only the rows in view
//! ([`RowWindow`]). Nothing here changes what the core computes: every pod
//! keeps its exact share in the table, only the drawing gets coarser.

mod detail;
mod window;

pub use detail::{Detail, CHIPS_MAX_PODS, CHIP_NODE_MIN_W, COUNTS_MAX_NODES};
pub use window::{is_virtual, RowWindow, VIRTUAL_MIN_NODES, VIRTUAL_MIN_ROWS};

/// A count with its thousands apart, as the README writes them: `150 000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_set_apart() {
        for (n, want) in [(0, "0"), (999, "999"), (1000, "1 000"), (150_000, "150 000"), (1_234_567, "1 234 567")] {
            assert_eq!(super::thousands(n), want);
        }
    }
}
