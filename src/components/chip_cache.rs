//! The board's pod chips, kept per node between renders. On a drop only two
//! nodes' chips change, yet the board renders all of them: building 2 000
//! chips' props (names, addresses, labels) and dropping the old ones cost more
//! than the frame has. Each node's chips are rebuilt only when what they are
//! drawn from changes (a fingerprint of its pods, their shares and the drag),
//! so the other nodes' chips are the same `Html`, which Yew compares cheaply
//! and skips. (The callbacks are not fingerprinted: the board's never change.)

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use trafficlab_core::{NodeId, PodId};
use web_sys::{KeyboardEvent, PointerEvent};
use yew::prelude::*;

use super::board::Props;
use super::pod_chip::{bar_fraction, PodChip};
use crate::drag::Drag;
use crate::layout::{Detail, Point};
use crate::state::Selection;

/// The board's handlers that every chip gets (they never change).
pub struct ChipCallbacks {
    pub on_pointer_down: Callback<(PodId, PointerEvent)>,
    pub on_key_down: Callback<(PodId, KeyboardEvent)>,
    pub on_blur: Callback<PodId>,
}

/// Builds chips for one render of the board.
pub struct ChipMaker<'a> {
    props: &'a Props,
    share_max: f64,
    ready_pods: usize,
    drag: Drag,
    callbacks: &'a ChipCallbacks,
}

impl<'a> ChipMaker<'a> {
    pub fn new(props: &'a Props, ready_pods: usize, drag: Drag, callbacks: &'a ChipCallbacks) -> Self {
        let share_max = props.shares.pods.iter().copied().fold(0.0, f64::max);
        ChipMaker { props, share_max, ready_pods, drag, callbacks }
    }

    /// The chips of node `node` (its `pods`), from `cache` when nothing they
    /// show has changed.
    pub fn node_chips(&self, cache: &mut ChipCache, node: NodeId, pods: &[PodId]) -> Html {
        let props = self.props;
        let mut print = Fingerprint::default();
        print.add(props.scenario.node(node).map(|n| &n.name)).add(props.hide_shares).add(props.layout.chip_style);
        // Chips sit relative to their node: a node moved down keeps its chips.
        let origin = props.layout.nodes.get(node.index()).map(|r| r.origin()).unwrap_or_default();
        for &pod in pods {
            let (Some(p), Some(r)) = (props.scenario.pod(pod), props.layout.pods.get(pod.index())) else { continue };
            let r = r.relative_to(origin);
            let share = props.shares.pods.get(pod.index()).copied().unwrap_or(0.0);
            print.add(pod).add(&p.name).add(p.ip).add(p.state).add_f64(share).add_f64(self.bar(share));
            print.add_f64(r.x).add_f64(r.y).add_f64(r.w).add_f64(r.h);
            print.add(props.selected == Some(Selection::Pod(pod))).add(self.drag.pod() == Some(pod));
        }
        cache.get_or_build(node.index(), print.finish(), || pods.iter().map(|&pod| self.chip(pod)).collect())
    }

    fn bar(&self, share: f64) -> f64 {
        bar_fraction(share, self.share_max, self.ready_pods, self.props.layout.chip_style)
    }

    /// Pod `pod`'s chip, placed relative to its node (which is moved into
    /// place as a whole); on the grid, where nodes are not groups, in board units.
    pub fn chip(&self, pod: PodId) -> Html {
        let (props, cb) = (self.props, self.callbacks);
        let s = &props.scenario;
        let (Some(p), Some(rect)) = (s.pod(pod), props.layout.pods.get(pod.index())) else { return Html::default() };
        let Some(node) = s.node(p.node) else { return Html::default() };
        let origin = match props.layout.detail {
            Detail::Grid => Point::default(),
            _ => props.layout.nodes.get(p.node.index()).map(|r| r.origin()).unwrap_or_default(),
        };
        let rect = rect.relative_to(origin);
        let share = props.shares.pods.get(pod.index()).copied().unwrap_or(0.0);
        html! {
            <PodChip key={p.name.clone()} {pod} name={p.name.clone()} node={node.name.clone()} ip={p.ip.to_string()}
                state={p.state} {share} bar={self.bar(share)} hide_share={props.hide_shares} {rect}
                style={props.layout.chip_style} name_font={props.layout.fonts.pod} selected={props.selected == Some(Selection::Pod(pod))}
                lifted={self.drag.pod() == Some(pod)} on_pointer_down={cb.on_pointer_down.clone()}
                on_key_down={cb.on_key_down.clone()} on_blur={cb.on_blur.clone()} />
        }
    }
}

/// Per node: the fingerprint its chips were built from, and the chips.
#[derive(Default)]
pub struct ChipCache {
    nodes: Vec<Option<(u64, Html)>>,
}

impl ChipCache {
    /// Node `node`'s chips: the ones built last time if `fingerprint` is the
    /// same, else `build()`'s.
    pub fn get_or_build(&mut self, node: usize, fingerprint: u64, build: impl FnOnce() -> Html) -> Html {
        if self.nodes.len() <= node {
            self.nodes.resize(node + 1, None);
        }
        match &self.nodes[node] {
            Some((kept, chips)) if *kept == fingerprint => chips.clone(),
            _ => {
                let chips = build();
                self.nodes[node] = Some((fingerprint, chips.clone()));
                chips
            }
        }
    }

    /// Forgets nodes past `count` (after nodes are removed).
    pub fn truncate(&mut self, count: usize) {
        self.nodes.truncate(count);
    }
}

/// A fingerprint of everything hashed into it (floats by their bits).
#[derive(Default)]
pub struct Fingerprint(DefaultHasher);

impl Fingerprint {
    pub fn add(&mut self, value: impl Hash) -> &mut Self {
        value.hash(&mut self.0);
        self
    }

    pub fn add_f64(&mut self, value: f64) -> &mut Self {
        value.to_bits().hash(&mut self.0);
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yew::html;

    #[test]
    fn chips_are_rebuilt_only_when_their_fingerprint_changes() {
        let mut cache = ChipCache::default();
        let mut builds = 0;
        let mut get = |cache: &mut ChipCache, node, print| {
            cache.get_or_build(node, print, || {
                builds += 1;
                html! { <g /> }
            })
        };
        for (node, print) in [(3, 7), (3, 7), (0, 7), (3, 8)] {
            let _ = get(&mut cache, node, print);
        }
        cache.truncate(1);
        let _ = get(&mut cache, 3, 8);
        assert_eq!(builds, 4);
        let print = |share: f64| Fingerprint::default().add("web-1").add_f64(share).finish();
        assert_eq!(print(0.5), print(0.5));
        assert_ne!(print(0.5), print(0.25));
    }
}
