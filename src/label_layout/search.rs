//! Finding one label's spot: its last frame's spot if that is still good,
//! else the nearest free row, swept for the free gap closest to the anchor.
//! Rows come nearest first, so the search stops as soon as no row can beat
//! the best spot found; a row costs one pass over the boxes near it.

use super::{placed_at, short_form, text_width, Obstacles, Placed, Want, GAP, LINE_EM, REACH};
use crate::layout::{Point, Rect};

/// Labels stay this far inside the board's edges.
const MARGIN: f64 = 1.0;
/// A label beside its anchor starts this far from it (a packet's dot has a
/// radius of 6, 8 when followed).
const BESIDE: f64 = 10.0;
/// Space between two labels side by side, so that they do not read as one.
const LABEL_SPACE: f64 = 12.0;
/// Rows a label may move to are this far apart.
const ROW_STEP: f64 = 4.0;
/// How much nearer last frame's spot counts (after halving its distance), so
/// that a label moves only for a clearly better spot. Measured over real
/// streams: labels then hop in 4% of frames instead of 32% without memory.
const STICK: f64 = 40.0;

/// A free spot for a label: its top-left corner and how far it is from where
/// the label would like to be (less for last frame's spot).
#[derive(Clone, Copy)]
struct Spot {
    x: f64,
    y: f64,
    cost: f64,
}

/// A label's two forms, full and shorter, and the best spot found for each.
struct Forms {
    widths: [Option<f64>; 2],
    best: [Option<Spot>; 2],
}

/// The labels placed so far and a reused buffer of blocked spans.
pub(super) struct Search<'a> {
    room: &'a Obstacles,
    placed: Vec<Placed>,
    spans: Vec<(f64, f64)>,
}

impl<'a> Search<'a> {
    pub(super) fn new(room: &'a Obstacles) -> Self {
        Search { room, placed: Vec::new(), spans: Vec::new() }
    }

    pub(super) fn add(&mut self, placed: Placed) {
        self.placed.push(placed);
    }

    pub(super) fn into_placed(self) -> Vec<Placed> {
        self.placed
    }

    /// The best spot for `want`'s full text, else for its shorter form.
    pub(super) fn label(&mut self, index: usize, want: &Want, last: Option<&Placed>) -> Option<Placed> {
        let font = want.kind.font_px();
        let h = font * LINE_EM;
        let reach = if want.followed { f64::INFINITY } else { REACH };
        let short = short_form(want.kind, &want.text);
        let mut forms = Forms {
            widths: [Some(text_width(&want.text, font)), short.as_deref().map(|s| text_width(s, font))],
            best: [None, None],
        };
        // Where it was, in the same form, even if the text changed (a NAT point).
        if let Some(last) = last {
            let form = usize::from(last.short);
            if let Some(w) = forms.widths[form] {
                forms.best[form] = self.remembered(want.anchor, last, w, h);
            }
        }
        self.nearest(want.anchor, h, reach, &mut forms);
        match forms.best {
            [Some(spot), _] => Some(placed_at(index, want, (spot.x, spot.y), want.text.clone(), false)),
            [None, Some(spot)] => Some(placed_at(index, want, (spot.x, spot.y), short?, true)),
            [None, None] => None,
        }
    }

    /// Last frame's spot, kept beside the moving anchor or left where it was,
    /// whichever is free and nearer (within [`REACH`], even for the followed
    /// label), counted as half as far and [`STICK`] nearer again.
    fn remembered(&self, anchor: Point, last: &Placed, w: f64, h: f64) -> Option<Spot> {
        let r = &last.rect;
        // Keep the side facing the anchor where it was, if the width changed.
        let left_of = r.x + r.w <= last.anchor.x;
        let moving_x =
            if left_of { anchor.x - (last.anchor.x - r.x - r.w) - w } else { anchor.x + r.x - last.anchor.x };
        let moving = (moving_x, anchor.y + r.y - last.anchor.y);
        [moving, (r.x, r.y)]
            .into_iter()
            .filter(|&(x, y)| self.is_free(anchor, &Rect { x, y, w, h }))
            .map(|(x, y)| Spot { x, y, cost: cost(anchor, x, y, w, h) })
            .filter(|s| s.cost <= REACH)
            .min_by(|a, b| a.cost.total_cmp(&b.cost))
            .map(|s| Spot { cost: s.cost * 0.5 - STICK, ..s })
    }

    /// Walks the rows out from the anchor, nearest first, keeping the
    /// cheapest spot for the full text and, while none is found for it, for
    /// the shorter one. Stops once no row can beat the best found.
    fn nearest(&mut self, anchor: Point, h: f64, reach: f64, forms: &mut Forms) {
        let right = anchor.x <= self.room.width * 0.55;
        for (y, cost_y) in Rows::new(anchor.y, h, self.room.height) {
            let bound = forms.best[0].map_or(reach, |s| s.cost.min(reach));
            let short_bound = forms.best[1].map_or(reach, |s| s.cost.min(reach));
            let short_wanted = forms.best[0].is_none() && forms.widths[1].is_some();
            if cost_y > bound && !(short_wanted && cost_y <= short_bound) {
                break;
            }
            self.block_row(anchor, y, h);
            for form in 0..2 {
                let Some(w) = forms.widths[form] else { continue };
                if form == 1 && forms.best[0].is_some() {
                    break;
                }
                let found = self.in_row(anchor, (y, h), w, right).filter(|s| s.cost <= reach);
                if let Some(spot) = found.filter(|s| forms.best[form].is_none_or(|b| s.cost < b.cost)) {
                    forms.best[form] = Some(spot);
                }
            }
        }
    }

    /// Fills `spans` with what blocks the row of boxes `y..y + h`, sorted: fixed
    /// boxes (with [`GAP`]), placed labels (with [`LABEL_SPACE`] beside them)
    /// and the label's own anchor.
    fn block_row(&mut self, anchor: Point, y: f64, h: f64) {
        let (top, bottom) = (y - GAP, y + h + GAP);
        let hits = |r: &Rect| r.y < bottom && top < r.y + r.h;
        self.spans.clear();
        let fixed = self.room.near(top, bottom).filter(|r| hits(r)).map(|r| (r.x - GAP, r.x + r.w + GAP));
        let labels = self.placed.iter().map(|p| &p.rect).filter(|r| hits(r));
        let labels = labels.map(|r| (r.x - LABEL_SPACE, r.x + r.w + LABEL_SPACE));
        self.spans.extend(fixed.chain(labels));
        if anchor.y - BESIDE < y + h && y < anchor.y + BESIDE {
            self.spans.push((anchor.x - BESIDE, anchor.x + BESIDE));
        }
        self.spans.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    }

    /// The cheapest spot `w` wide in the row blocked by `spans`: in the free
    /// gap that lets the label start closest to where it would sit beside the
    /// anchor (to its right, or on the board's right part to its left).
    fn in_row(&self, anchor: Point, (y, h): (f64, f64), w: f64, right: bool) -> Option<Spot> {
        let wanted_x = if right { anchor.x + BESIDE } else { anchor.x - BESIDE - w };
        let mut best: Option<Spot> = None;
        let mut consider = |lo: f64, hi: f64| {
            if hi - lo < w {
                return;
            }
            let x = wanted_x.clamp(lo, hi - w);
            let spot = Spot { x, y, cost: cost(anchor, x, y, w, h) };
            if best.is_none_or(|b| spot.cost < b.cost) {
                best = Some(spot);
            }
        };
        let mut free_from = MARGIN;
        for &(start, end) in &self.spans {
            if start > free_from {
                consider(free_from, start);
            }
            free_from = free_from.max(end);
        }
        consider(free_from, self.room.width - MARGIN);
        best
    }

    /// Whether `rect` is on the board, clear of every box and placed label
    /// and off its own anchor: the test [`Self::block_row`] makes.
    fn is_free(&self, anchor: Point, rect: &Rect) -> bool {
        let Rect { x, y, w, h } = *rect;
        let on_board =
            x >= MARGIN && y >= MARGIN && x + w <= self.room.width - MARGIN && y + h <= self.room.height - MARGIN;
        let clear = |r: &Rect, space: f64| {
            !(r.x - space < x + w && x < r.x + r.w + space && r.y - GAP < y + h && y < r.y + r.h + GAP)
        };
        let off_anchor =
            !(anchor.y - BESIDE < y + h && y < anchor.y + BESIDE && anchor.x - BESIDE < x + w && x < anchor.x + BESIDE);
        on_board
            && off_anchor
            && self.room.near(y - GAP, y + h + GAP).all(|r| clear(r, GAP))
            && self.placed.iter().all(|p| clear(&p.rect, LABEL_SPACE))
    }
}

/// How far a `w`×`h` label at `x, y` is from where it would like to be:
/// vertically, from centred on the anchor; horizontally, from anywhere
/// between just left and just right of it (all read as "its label").
fn cost(anchor: Point, x: f64, y: f64, w: f64, h: f64) -> f64 {
    let (ok_from, ok_to) = (anchor.x - BESIDE - w, anchor.x + BESIDE);
    (y + h / 2.0 - anchor.y).abs() + (ok_from - x).max(x - ok_to).max(0.0)
}

/// The rows a label of height `h` may take, in order of vertical distance
/// from the anchor: first the row centred on it, then a fixed grid of rows
/// (so that a label parked away from its packet stays put while it moves).
struct Rows {
    anchor_y: f64,
    h: f64,
    /// The centred row, until it has been given.
    first: Option<f64>,
    up: Option<f64>,
    down: Option<f64>,
    lowest: f64,
}

impl Rows {
    fn new(anchor_y: f64, h: f64, height: f64) -> Rows {
        let lowest = height - MARGIN - h;
        let centred = (anchor_y - h / 2.0).clamp(MARGIN, lowest.max(MARGIN));
        let k = (centred / ROW_STEP).floor();
        let up = Some(k * ROW_STEP).filter(|&y| y >= MARGIN);
        let down = Some((k + 1.0) * ROW_STEP).filter(|&y| y <= lowest);
        Rows { anchor_y, h, first: (lowest >= MARGIN).then_some(centred), up, down, lowest }
    }

    fn cost(&self, y: f64) -> f64 {
        (y + self.h / 2.0 - self.anchor_y).abs()
    }
}

impl Iterator for Rows {
    /// A row's top and its vertical distance from the anchor.
    type Item = (f64, f64);

    fn next(&mut self) -> Option<(f64, f64)> {
        if let Some(y) = self.first.take() {
            return Some((y, self.cost(y)));
        }
        let up_first = match (self.up, self.down) {
            (Some(u), Some(d)) => self.cost(u) <= self.cost(d),
            (up, _) => up.is_some(),
        };
        let y = if up_first {
            let y = self.up?;
            self.up = Some(y - ROW_STEP).filter(|&y| y >= MARGIN);
            y
        } else {
            let y = self.down?;
            self.down = Some(y + ROW_STEP).filter(|&y| y <= self.lowest);
            y
        };
        Some((y, self.cost(y)))
    }
}
