//! Long Kubernetes names in the fixed room of a pod chip or a node's header.
//!
//! A Deployment's pods are named `web-7d9f8b6c5-x7k2p` and cloud nodes
//! `ip-10-0-1-23.eu-west-1.compute.internal`: wider than a chip or a header.
//! SVG text cannot be cut with an ellipsis by CSS, so the board shortens a
//! name when it draws it, keeping the part that tells one name from its
//! neighbours: a pod keeps its own suffix (`web-…x7k2p`), a node keeps its
//! host name before the domain (`ip-10-0-1-23…`). The full name stays in
//! the tooltip, the accessible name and the shares table.
//!
//! Widths are estimated, not measured: measuring would touch the DOM for every
//! chip on a 2 000-pod board. One character of a bold sans-serif name is
//! taken as [`CHAR_EM`] of its font size, measured in Chromium with DejaVu
//! Sans Bold (`web-7d9f8b6c5-a1b2c` is 174.5 px at 14 px: 0.656 em a
//! character), the widest of the usual UI fonts, so narrower fonts only leave
//! a little room spare.

use std::borrow::Cow;

/// A bold name character's width, in ems of its font size (see above).
pub const CHAR_EM: f64 = 0.66;

/// The font sizes, in px, that `static/app.css` gives names on the board;
/// presenter mode draws them larger.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NameFonts {
    /// `.pod-name`.
    pub pod: f64,
    /// `.node-name`.
    pub node: f64,
    /// `.node-name.tiny`: a node narrower than the full header.
    pub node_tiny: f64,
    /// `.node.counted .node-name`: a node drawn with its pod count.
    pub node_counted: f64,
}

impl NameFonts {
    /// The page's own sizes.
    pub const PAGE: NameFonts = NameFonts { pod: 14.0, node: 18.0, node_tiny: 11.0, node_counted: 12.0 };
    /// Presenter mode's (`.presenter .pod-name`, …).
    pub const PRESENTER: NameFonts = NameFonts { pod: 22.0, node: 22.0, node_tiny: 14.0, node_counted: 14.0 };
}

/// `name` as it fits `room` px at `font` px: unchanged when it fits, else cut
/// with one `…`, never shorter than one character and the ellipsis.
pub fn fit(name: &str, room: f64, font: f64) -> Cow<'_, str> {
    let chars: Vec<char> = name.chars().collect();
    let fits = (room / (font * CHAR_EM)).floor();
    let max = if fits.is_finite() && fits > 0.0 { fits as usize } else { 0 };
    if chars.len() <= max.max(2) {
        return Cow::Borrowed(name);
    }
    // Room for the ellipsis and at least one character of the name.
    let keep = max.saturating_sub(1).max(1);
    // A DNS name: its first label, which is the host.
    match chars.iter().position(|&c| c == '.') {
        Some(dot) if dot > 0 && dot <= keep => Cow::Owned(chars[..dot].iter().chain(['…'].iter()).collect()),
        Some(dot) if dot > 0 => Cow::Owned(cut(&chars[..dot], keep)),
        _ => Cow::Owned(cut(&chars, keep)),
    }
}

/// `keep` characters of a generated name around one `…`: its last `-`
/// segment when that takes at most about half, else as much of each end.
fn cut(chars: &[char], keep: usize) -> String {
    let tail = match chars.iter().rposition(|&c| c == '-') {
        Some(dash) if dash + 1 < chars.len() && chars.len() - dash - 1 <= keep / 2 + 1 => chars.len() - dash - 1,
        _ => keep / 2,
    };
    // With room for one character, that is the first.
    let tail = if tail >= keep { 0 } else { tail };
    let head = keep - tail;
    let (start, end) = (&chars[..head], &chars[chars.len() - tail..]);
    start.iter().chain(['…'].iter()).chain(end.iter()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Room for exactly `n` characters at 14 px.
    fn room(n: usize) -> f64 {
        n as f64 * 14.0 * CHAR_EM + 0.5
    }

    #[test]
    fn a_name_that_fits_is_drawn_whole() {
        assert!(matches!(fit("web-1", room(5), 14.0), Cow::Borrowed("web-1")));
        assert_eq!(fit("web-1", room(12), 14.0), "web-1");
    }

    #[test]
    fn a_pod_keeps_the_suffix_that_tells_it_from_its_replicas() {
        assert_eq!(fit("web-7d9f8b6c5-x7k2p", room(10), 14.0), "web-…x7k2p");
        assert_eq!(fit("web-7d9f8b6c5-x7k2p", room(12), 14.0), "web-7d…x7k2p");
    }

    #[test]
    fn a_long_last_segment_is_cut_in_the_middle() {
        assert_eq!(fit("frontend-abcdefghijklmnop", room(9), 14.0), "fron…mnop");
        assert_eq!(fit("abcdefghijklmnopqrstuvwxyz", room(9), 14.0), "abcd…wxyz");
    }

    #[test]
    fn a_node_keeps_its_host_name() {
        assert_eq!(fit("ip-10-0-1-23.eu-west-1.compute.internal", room(14), 14.0), "ip-10-0-1-23…");
        // No room for the whole host: cut like any other name.
        assert_eq!(fit("ip-10-0-1-23.eu-west-1.compute.internal", room(8), 14.0), "ip-10…23");
    }

    #[test]
    fn the_result_never_exceeds_the_room_unless_nothing_fits() {
        let names =
            ["web-7d9f8b6c5-x7k2p", "ip-10-0-1-23.eu-west-1.compute.internal", "a-b-c-d-e-f-g", "ééééééééé", "x"];
        for name in names {
            for n in 0..30 {
                let shown = fit(name, room(n), 14.0);
                assert!(shown.chars().count() <= n.max(2), "{name} in {n}: {shown}");
                assert!(shown == name || shown.contains('…'), "{name} in {n}: {shown}");
            }
        }
    }

    #[test]
    fn no_room_or_nonsense_sizes_still_give_a_character_and_the_ellipsis() {
        assert_eq!(fit("web-1", 0.0, 14.0), "w…");
        assert_eq!(fit("web-1", f64::NAN, 14.0), "w…");
        assert_eq!(fit("web-1", 100.0, 0.0), "w…");
        assert_eq!(fit("ab", 0.0, 14.0), "ab");
        assert_eq!(fit("", 0.0, 14.0), "");
    }
}
