//! Where the packet layer's texts go: each packet's `src → dst` and rewrites,
//! the DROP marks, the "sees …" and "client: timed out" badges and the health
//! probes' answers, placed so that none covers another or anything the board
//! writes (node headers, pod chips, the client and the load balancer).
//!
//! Pure geometry in `viewBox` units, tested natively: [`place`] takes the
//! fixed boxes ([`Obstacles`], built once per layout), the labels a frame
//! wants ([`Want`]) and the previous frame's result, and returns what to draw
//! ([`Placed`]): each label's box, the text actually shown and, when the label
//! had to move away from what it labels, a leader line back to it.
//!
//! Labels are placed one by one in order of importance (the followed packet's
//! first, so it wins every conflict), each in the nearest free spot: beside
//! its packet if there is room, else on the nearest free row above or below,
//! found by sweeping that row's free gaps (`search.rs`). A label keeps last
//! frame's spot, moving with its packet or staying put, while that is free and
//! not much worse, so labels do not hop from frame to frame. A label that finds
//! no room within [`REACH`] is shortened (its source dropped:
//! `… → 10.244.2.3:8080`), and hidden if even that finds none. The followed
//! packet's label has no reach limit: the strip between the load balancer and
//! the nodes spans every board, so it always finds room.
//!
//! Widths are estimated, not measured (measuring would force a layout every
//! frame): every label is set in a monospace font (`static/packets.css`), so a
//! text is its character count times [`CHAR_EM`] of its font size wide.

mod room;
mod search;

pub use room::{fixed_boxes, Obstacles};

use crate::layout::{Point, Rect};

/// Advance of one monospace character, in ems (DejaVu Sans Mono, Menlo and
/// SF Mono are 0.60; a little more for safety).
pub const CHAR_EM: f64 = 0.62;
/// A label's height, in ems: the font's ascent and descent with room to spare.
pub const LINE_EM: f64 = 1.3;
/// Where the baseline sits below a label's top, in ems.
const BASELINE_EM: f64 = 1.0;
/// Clear space kept around every label (its white halo is 1.5 to 2 units).
pub const GAP: f64 = 3.0;
/// How far (horizontal plus vertical displacement) a label may move from its
/// anchor; further, it is shortened or hidden. The followed one has no limit.
pub const REACH: f64 = 130.0;
/// Beyond this distance from its anchor a label gets a leader line.
pub const LEADER_FROM: f64 = 14.0;
/// At most this many labels are tried per frame, the most important first:
/// a label that finds no room costs a full search, so this bounds a frame.
pub const TRIED_MAX: usize = 16;

/// What a label says, which sets its font, its shorter form and its rank.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LabelKind {
    /// A packet's `src → dst`.
    Packet,
    /// One rewrite just made (`DNAT … → …`, `SNAT … → …`, `un-DNAT …`).
    Rewrite,
    /// "DROP: no local endpoints" on the node that dropped a packet.
    Drop,
    /// "client: timed out" under the client.
    TimedOut,
    /// "sees 10.0.0.11" by a pod that just got a connection.
    Seen,
    /// A health probe's "GET /" or its 200/503 answer.
    Probe,
}

impl LabelKind {
    pub fn font_px(self) -> f64 {
        match self {
            LabelKind::Probe => 10.0,
            _ => 11.0,
        }
    }

    /// Lower goes first. After the followed connection, what a person came to
    /// see first: a drop, then rewrites, the source a pod sees, and addresses.
    fn rank(self) -> u8 {
        match self {
            LabelKind::Drop => 2,
            LabelKind::TimedOut => 3,
            LabelKind::Rewrite => 4,
            LabelKind::Seen => 5,
            LabelKind::Packet => 6,
            LabelKind::Probe => 7,
        }
    }
}

/// Which label a text is from one frame to the next: a flight's address, its
/// first or second rewrite, its badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LabelKey {
    pub flight: u64,
    pub kind: LabelKind,
    pub part: u8,
}

/// A text that wants a place on the board.
#[derive(Clone, Debug, PartialEq)]
pub struct Want {
    /// What it labels: the packet's position, a pod, the client.
    pub anchor: Point,
    pub text: String,
    pub kind: LabelKind,
    /// It belongs to the followed connection: placed first.
    pub followed: bool,
    /// `None` for a label with no memory between frames (a probe's).
    pub key: Option<LabelKey>,
}

impl Want {
    /// The packet this label is on (clicking the label follows it), if any.
    pub fn packet(&self) -> Option<u64> {
        let key = self.key?;
        matches!(key.kind, LabelKind::Packet | LabelKind::Rewrite | LabelKind::Drop).then_some(key.flight)
    }

    /// Placement order: the followed packet's own label, then the rest of the
    /// followed connection, then everything else by kind.
    fn rank(&self) -> u8 {
        match (self.followed, self.kind) {
            (true, LabelKind::Packet | LabelKind::Drop) => 0,
            (true, _) => 1,
            (false, kind) => kind.rank(),
        }
    }
}

/// A label as drawn: its box, its baseline, the text shown and its leader.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// Index of the [`Want`] it shows.
    pub want: usize,
    pub key: Option<LabelKey>,
    pub anchor: Point,
    pub rect: Rect,
    /// The SVG `y` of the text (its `x` is `rect.x`, anchored at the start).
    pub baseline: f64,
    /// The full text, or its shorter form.
    pub text: String,
    /// Whether `text` is the shorter form.
    pub short: bool,
    /// From the anchor to the nearest point of the box, when the label is
    /// not right beside what it labels.
    pub leader: Option<(Point, Point)>,
}

/// How wide `text` is set in the labels' monospace font at `font_px`.
pub fn text_width(text: &str, font_px: f64) -> f64 {
    text.chars().count() as f64 * CHAR_EM * font_px
}

/// The shorter form tried when the full text finds no room: addresses keep
/// where the packet goes now and drop where it came from
/// (`… → 198.51.100.10:80`, `DNAT … → 10.244.2.3:8080`), a drop keeps `DROP`.
pub fn short_form(kind: LabelKind, text: &str) -> Option<String> {
    match kind {
        LabelKind::Packet | LabelKind::Rewrite => {
            let (before, after) = text.split_once(" → ")?;
            // A rewrite's tag (DNAT, un-SNAT) stays; an address does not.
            let tag = before.split_once(' ').map(|(tag, _)| tag).filter(|t| !t.contains(|c: char| c.is_ascii_digit()));
            Some(match tag {
                Some(tag) => format!("{tag} … → {after}"),
                None => format!("… → {after}"),
            })
        }
        LabelKind::Drop => text.split_once(':').map(|(head, _)| head.to_string()),
        LabelKind::TimedOut | LabelKind::Seen | LabelKind::Probe => None,
    }
}

/// Places `wanted` on the board of `room`: boxes that overlap neither each
/// other nor a fixed box (with [`GAP`] to spare) and stay inside the board.
/// `before` is the previous frame's result (empty for a first frame). Pure
/// and deterministic; the result is in placement order, hidden labels left out.
pub fn place(room: &Obstacles, wanted: &[Want], before: &[Placed]) -> Vec<Placed> {
    let last = |want: &Want| want.key.and_then(|key| before.iter().find(|p| p.key == Some(key)));
    let mut order: Vec<(u8, bool, u8, usize)> =
        wanted.iter().enumerate().map(|(i, w)| (u8::from(!w.followed), last(w).is_none(), w.rank(), i)).collect();
    // The followed connection first; then labels already on the board, so a
    // newcomer finds its own room instead of pushing them around; by rank.
    order.sort_unstable();
    let mut search = search::Search::new(room);
    for (tried, &(.., i)) in order.iter().enumerate() {
        let want = &wanted[i];
        if tried >= TRIED_MAX && !want.followed {
            break;
        }
        if let Some(placed) = search.label(i, want, last(want)) {
            search.add(placed);
        }
    }
    search.into_placed()
}

/// The label's box and text at `(x, y)`, with a leader if it is far from its anchor.
fn placed_at(index: usize, want: &Want, (x, y): (f64, f64), text: String, short: bool) -> Placed {
    let font = want.kind.font_px();
    let rect = Rect { x, y, w: text_width(&text, font), h: font * LINE_EM };
    let a = want.anchor;
    let near = Point { x: a.x.clamp(rect.x, rect.x + rect.w), y: a.y.clamp(rect.y, rect.y + rect.h) };
    let leader = ((near.x - a.x).hypot(near.y - a.y) > LEADER_FROM).then_some((a, near));
    Placed { want: index, key: want.key, anchor: a, rect, baseline: y + font * BASELINE_EM, text, short, leader }
}
