//! Where everything sits on the board, in SVG `viewBox` units: a pure function
//! of the scenario, so it is tested natively and the components only draw it.
//!
//! Top to bottom, as traffic flows: the client, the load balancer (none for a
//! NodePort Service), then the nodes in a grid with their pods as chips. The
//! board is [`WIDTH`] wide and as tall as it needs, and the SVG scales it; on a
//! phone ([`Layout::narrow`]) it is [`NARROW_WIDTH`] wide with one node per row,
//! so that names stay readable and chips big enough to touch.
//! On zoned nodes, each zone (in order of first appearance) gets its own rows
//! inside a labelled band, so the nodes of a zone sit together.
//! Past [`FULL_CHIPS_MAX`] pods, chips shrink to small squares (names move to
//! tooltips and the table) so 100 nodes × 2 000 pods still fit. Bigger
//! clusters are drawn coarser ([`Detail`], laid out in `coarse`): nodes with
//! their pod counts, then nodes as the cells of a dense grid.

mod coarse;

use trafficlab_core::{NodeId, Scenario};

use crate::fit::NameFonts;

pub use crate::scale::Detail;

pub const WIDTH: f64 = 880.0;
/// The board's width on a narrow screen.
pub const NARROW_WIDTH: f64 = 400.0;
/// The board's width in presenter mode: narrower than [`WIDTH`], so the same
/// screen width shows everything larger, and the nodes (one chip per row)
/// grow taller, closer to a projector's 4:3.
pub const PRESENTER_WIDTH: f64 = 680.0;
/// Above this many pods, chips are drawn compact.
pub const FULL_CHIPS_MAX: usize = 60;
const GAP: f64 = 20.0;
const NODES_TOP: f64 = 170.0;
const NODE_HEADER: f64 = 66.0;
/// Room above a zone's nodes for its label.
const BAND_LABEL: f64 = 24.0;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.x + self.w && p.y >= self.y && p.y <= self.y + self.h
    }

    pub fn center(&self) -> Point {
        Point { x: self.x + self.w / 2.0, y: self.y + self.h / 2.0 }
    }

    /// The middle of the top edge, where links arrive.
    pub fn top(&self) -> Point {
        Point { x: self.x + self.w / 2.0, y: self.y }
    }

    pub fn bottom(&self) -> Point {
        Point { x: self.x + self.w / 2.0, y: self.y + self.h }
    }

    pub fn origin(&self) -> Point {
        Point { x: self.x, y: self.y }
    }

    /// The same rectangle, measured from `origin`.
    pub fn relative_to(&self, origin: Point) -> Rect {
        Rect { x: self.x - origin.x, y: self.y - origin.y, ..*self }
    }

    /// Whether the two share more than a rounding error of area (cells of a
    /// grid touch, and their sums of floats may differ in the last bit).
    fn overlaps(&self, other: &Rect) -> bool {
        const EPS: f64 = 1e-9;
        self.x + EPS < other.x + other.w
            && other.x + EPS < self.x + self.w
            && self.y + EPS < other.y + other.h
            && other.y + EPS < self.y + self.h
    }
}

/// How pod chips are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChipStyle {
    /// Name, state and share as text, with a share bar.
    Full,
    /// A small square; details in its tooltip and the table.
    Compact,
}

impl ChipStyle {
    fn size(self) -> (f64, f64, f64) {
        match self {
            ChipStyle::Full => (112.0, 64.0, 8.0),
            ChipStyle::Compact => (16.0, 16.0, 3.0),
        }
    }

    fn padding(self) -> f64 {
        match self {
            ChipStyle::Full => 12.0,
            ChipStyle::Compact => 6.0,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub client: Rect,
    /// `None` for a NodePort Service: clients reach the nodes directly.
    pub load_balancer: Option<Rect>,
    pub nodes: Vec<Rect>,
    /// Per pod, in scenario order.
    pub pods: Vec<Rect>,
    pub chip_style: ChipStyle,
    /// How much the board draws: chips, counts per node, or a grid of nodes.
    pub detail: Detail,
    /// Nodes per grid row (arrow keys move by one node; this is for drawing).
    pub columns: usize,
    /// One band per zone, behind its nodes; empty when the nodes have no zones.
    pub zones: Vec<ZoneBand>,
    /// The nodes in reading order (zone by zone), for the arrow keys.
    pub order: Vec<NodeId>,
    /// Per ingress controller pod (see `ingress_layout`); empty without one.
    pub controllers: Vec<Rect>,
    /// The names' font sizes, for fitting long names into chips and headers.
    pub fonts: NameFonts,
}

/// A zone's band: the rectangle behind its nodes, and its name.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneBand {
    pub zone: String,
    pub rect: Rect,
}

/// The nodes' indexes grouped by zone, zones in order of first appearance
/// (one unnamed group when the nodes have no zones).
fn zone_groups(scenario: &Scenario) -> Vec<(Option<&str>, Vec<usize>)> {
    let mut groups: Vec<(Option<&str>, Vec<usize>)> = Vec::new();
    for (i, node) in scenario.nodes().iter().enumerate() {
        let zone = node.zone.as_deref();
        match groups.iter_mut().find(|(z, _)| *z == zone) {
            Some((_, members)) => members.push(i),
            None => groups.push((zone, vec![i])),
        }
    }
    groups
}

impl Layout {
    /// The board for a screen of ordinary width.
    pub fn of(scenario: &Scenario) -> Layout {
        Layout::build(scenario, WIDTH, columns_for(scenario.nodes().len().max(1)))
    }

    /// The board for a phone held upright: one node per row.
    pub fn narrow(scenario: &Scenario) -> Layout {
        Layout::build(scenario, NARROW_WIDTH, 1)
    }

    /// The board for presenter mode (see [`PRESENTER_WIDTH`]).
    pub fn presenter(scenario: &Scenario) -> Layout {
        let layout = Layout::build(scenario, PRESENTER_WIDTH, columns_for(scenario.nodes().len().max(1)));
        Layout { fonts: NameFonts::PRESENTER, ..layout }
    }

    fn build(scenario: &Scenario, width: f64, columns: usize) -> Layout {
        let node_w = (width - GAP * (columns as f64 + 1.0)) / columns as f64;
        match Detail::of(scenario.nodes().len(), scenario.pods().len(), node_w) {
            Detail::Chips => Layout::chips(scenario, width, columns, node_w),
            Detail::Counts => coarse::counts(scenario, width),
            Detail::Grid => coarse::grid(scenario, width),
        }
    }

    /// Every pod as a chip inside its node, nodes `columns` to a row.
    fn chips(scenario: &Scenario, width: f64, columns: usize, node_w: f64) -> Layout {
        let chip_style = if scenario.pods().len() <= FULL_CHIPS_MAX { ChipStyle::Full } else { ChipStyle::Compact };
        let (chip_w, chip_h, chip_gap) = chip_style.size();
        let pad = chip_style.padding();
        let per_row = (((node_w - 2.0 * pad + chip_gap) / (chip_w + chip_gap)).floor() as usize).max(1);
        // Scale chips down if even one does not fit the node's width.
        let chip_w = chip_w.min(node_w - 2.0 * pad);

        let mut slot = vec![0usize; scenario.nodes().len()];
        let mut pods = Vec::with_capacity(scenario.pods().len());
        for pod in scenario.pods() {
            let n = pod.node.index();
            pods.push((n, slot[n]));
            slot[n] += 1;
        }
        let chip_rows = |count: usize| count.div_ceil(per_row).max(1) as f64;
        let extra = crate::ingress_layout::extra_node_height(scenario);
        let node_h = |count: usize| NODE_HEADER + chip_rows(count) * (chip_h + chip_gap) - chip_gap + pad + extra;

        let mut nodes = vec![Rect::default(); scenario.nodes().len()];
        let mut zones = Vec::new();
        let mut order = Vec::with_capacity(scenario.nodes().len());
        let mut y = NODES_TOP;
        for (zone, members) in zone_groups(scenario) {
            order.extend(members.iter().map(|&n| NodeId(n as u32)));
            let top = y;
            if zone.is_some() {
                y += BAND_LABEL;
            }
            for row in members.chunks(columns) {
                let row_h = row.iter().map(|&n| node_h(slot[n])).fold(0.0, f64::max);
                for (column, &n) in row.iter().enumerate() {
                    let x = GAP + column as f64 * (node_w + GAP);
                    nodes[n] = Rect { x, y, w: node_w, h: row_h };
                }
                y += row_h + GAP;
            }
            if let Some(zone) = zone {
                let rect = Rect { x: GAP / 2.0, y: top - GAP / 2.0, w: width - GAP, h: y - top };
                zones.push(ZoneBand { zone: zone.to_string(), rect });
            }
        }
        let pods = pods
            .into_iter()
            .map(|(n, i)| {
                let node = nodes[n];
                let (row, column) = (i / per_row, i % per_row);
                Rect {
                    x: node.x + pad + column as f64 * (chip_w + chip_gap),
                    y: node.y + NODE_HEADER + row as f64 * (chip_h + chip_gap),
                    w: chip_w,
                    h: chip_h,
                }
            })
            .collect();
        let (client, load_balancer) = top_boxes(scenario, width);
        let controllers = crate::ingress_layout::controller_rects(scenario, &nodes);
        Layout {
            width,
            height: y,
            client,
            load_balancer,
            nodes,
            pods,
            chip_style,
            detail: Detail::Chips,
            columns,
            zones,
            order,
            controllers,
            fonts: NameFonts::PAGE,
        }
    }

    /// The node whose box contains `p`, if any: where a dragged pod would land.
    pub fn node_at(&self, p: Point) -> Option<NodeId> {
        self.nodes.iter().position(|r| r.contains(p)).map(|i| NodeId(i as u32))
    }

    /// Whether any two node boxes, or any two pod chips, overlap (for tests).
    /// Without chips, a node's pods all stand at one place in it.
    pub fn has_overlaps(&self) -> bool {
        let any = |rects: &[Rect]| rects.iter().enumerate().any(|(i, a)| rects[i + 1..].iter().any(|b| a.overlaps(b)));
        any(&self.nodes) || (self.detail == Detail::Chips && any(&self.pods))
    }
}

/// The client and (for a LoadBalancer Service) the load balancer, centred
/// above the nodes.
fn top_boxes(scenario: &Scenario, width: f64) -> (Rect, Option<Rect>) {
    let center = width / 2.0;
    let client = Rect { x: center - 110.0, y: 8.0, w: 220.0, h: 52.0 };
    let has_lb = scenario.service.service_type == trafficlab_core::ServiceType::LoadBalancer;
    (client, has_lb.then_some(Rect { x: center - 170.0, y: 88.0, w: 340.0, h: 56.0 }))
}

/// A grid that stays wider than tall: 1–4 nodes side by side, then about
/// 1.6 times as many columns as rows.
fn columns_for(nodes: usize) -> usize {
    if nodes <= 4 {
        nodes
    } else {
        ((nodes as f64 * 1.6).sqrt().ceil() as usize).clamp(1, nodes)
    }
}
