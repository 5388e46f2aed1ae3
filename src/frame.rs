//! What the packet layer draws at one moment: the packets, the probes, and
//! the texts that want a place on the board, which
//! [`label_layout::place`](crate::label_layout::place) then places. Pure:
//! read off the [`Flow`], so which labels a frame asks for is tested natively.

use crate::anim::{PacketKind, PacketView};
use crate::flow::{Badge, Flow, ProbeView};
use crate::label_layout::{LabelKey, LabelKind, Want};
use crate::layout::Point;

/// Above this many packets in flight only the followed one keeps its address
/// and rewrite labels: the board stays readable and frames stay cheap.
pub const LABELS_MAX: usize = 8;

#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub packets: Vec<PacketView>,
    pub probes: Vec<ProbeView>,
    pub labels: Vec<Want>,
}

impl Flow {
    /// What to draw now, `follow` being the followed flight.
    pub fn frame(&self, discrete: bool, follow: Option<u64>) -> Frame {
        let packets = self.packets(discrete);
        let probes = self.probes();
        let labels = wanted(&packets, &self.badges(), &probes, follow);
        Frame { packets, probes, labels }
    }
}

/// The texts a frame wants on the board: each packet's drop mark, or, while
/// few packets fly (and always for the followed one), its `src → dst` and
/// rewrites; the badges and the probes' requests and answers. Identical marks
/// at one place (a node dropping a burst, a pod seeing the same source twice)
/// are wanted once, as the followed connection's if one of them is.
fn wanted(packets: &[PacketView], badges: &[Badge], probes: &[ProbeView], follow: Option<u64>) -> Vec<Want> {
    let mut wanted: Vec<Want> = Vec::new();
    let mut want = |anchor: Point, text: &str, followed: bool, key: LabelKey| {
        let kind = key.kind;
        let new = Want { anchor, text: text.to_string(), kind, followed, key: Some(key) };
        // The followed connection's copy is the one kept.
        match wanted.iter().position(|w| w.anchor == anchor && w.kind == kind && w.text == text) {
            None => wanted.push(new),
            Some(i) if followed => wanted[i] = new,
            Some(_) => {}
        }
    };
    let labelled = packets.len() <= LABELS_MAX;
    for p in packets {
        let followed = Some(p.id) == follow;
        let key = |kind, part| LabelKey { flight: p.id, kind, part };
        if p.kind == PacketKind::Dropped {
            want(p.at, &p.label, followed, key(LabelKind::Drop, 0));
        } else if labelled || followed {
            want(p.at, &p.label, followed, key(LabelKind::Packet, 0));
            for (part, rewrite) in (0u8..).zip(&p.rewrites) {
                want(p.at, rewrite, followed, key(LabelKind::Rewrite, part));
            }
        }
    }
    for b in badges {
        want(b.at, &b.text, Some(b.flight) == follow, LabelKey { flight: b.flight, kind: b.kind, part: 0 });
    }
    // Probes have no identity between frames; they move little and live briefly.
    wanted.extend(probes.iter().map(|p| Want {
        anchor: p.at,
        text: p.label.clone(),
        kind: LabelKind::Probe,
        followed: false,
        key: None,
    }));
    wanted
}
