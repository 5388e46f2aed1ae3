//! One pod on the board: a focusable chip showing its name, state and share.
//! Pointer presses and keys go up to the board, which owns dragging.

use trafficlab_core::{EndpointState, PodId};
use web_sys::{KeyboardEvent, PointerEvent};
use yew::prelude::*;

use crate::fit::fit;
use crate::format::percent;
use crate::layout::{ChipStyle, Rect};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub pod: PodId,
    pub name: AttrValue,
    pub node: AttrValue,
    pub ip: AttrValue,
    pub state: EndpointState,
    pub share: f64,
    /// The share as a fraction of the largest pod share (0 to 1), so bars
    /// compare across pods; see [`bar_fraction`].
    pub bar: f64,
    /// A lesson waits for a prediction: the share is not shown, nor named.
    pub hide_share: bool,
    pub rect: Rect,
    pub style: ChipStyle,
    /// The name's font size in px (larger in presenter mode), to fit a long
    /// name into the chip (`fit`).
    pub name_font: f64,
    pub selected: bool,
    /// Being moved: drawn faint in place while a copy follows the pointer.
    pub lifted: bool,
    pub on_pointer_down: Callback<(PodId, PointerEvent)>,
    pub on_key_down: Callback<(PodId, KeyboardEvent)>,
    pub on_blur: Callback<PodId>,
}

pub fn state_class(state: EndpointState) -> &'static str {
    match state {
        EndpointState::Ready => "ready",
        EndpointState::Terminating => "terminating",
        EndpointState::NotReady => "not-ready",
    }
}

/// How long a chip's bar is (full chips) or how dark it is (compact ones),
/// from 0 to 1: a full chip's share over the largest pod share; a compact
/// chip's share over twice the even share (1 / Ready pods), so a pod at the
/// even share is half dark, in eight steps. Moving a pod changes neither the
/// even share nor, mostly, a step, so a drop on 2 000 compact chips redraws
/// only the chips of the two nodes it touched.
pub fn bar_fraction(share: f64, share_max: f64, ready_pods: usize, style: ChipStyle) -> f64 {
    let reference = match style {
        ChipStyle::Full => share_max,
        ChipStyle::Compact => 2.0 / ready_pods.max(1) as f64,
    };
    if !(reference > 0.0 && share.is_finite()) {
        return 0.0;
    }
    let fraction = (share / reference).clamp(0.0, 1.0);
    match style {
        ChipStyle::Full => fraction,
        ChipStyle::Compact => (fraction * 8.0).round() / 8.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_bars_compare_to_the_largest_and_compact_shades_to_the_even_share() {
        let cases = [
            (0.5, 0.5, 6, ChipStyle::Full, 1.0),
            (0.25, 0.5, 6, ChipStyle::Full, 0.5),
            (0.1, 0.0, 6, ChipStyle::Full, 0.0),
            (f64::NAN, 0.5, 6, ChipStyle::Full, 0.0),
            (1.0 / 2000.0, 0.01, 2000, ChipStyle::Compact, 0.5),
            (0.01, 0.01, 2000, ChipStyle::Compact, 1.0),
            (0.0, 0.01, 2000, ChipStyle::Compact, 0.0),
            (1.1 / 2000.0, 0.01, 2000, ChipStyle::Compact, 0.5),
            (0.3, 0.3, 0, ChipStyle::Compact, 0.125),
        ];
        for (share, share_max, ready, style, want) in cases {
            assert_eq!(bar_fraction(share, share_max, ready, style), want, "{share} {style:?}");
        }
    }
}

/// The id a chip's element has, so the board can give it focus back.
pub fn element_id(name: &str) -> String {
    format!("pod-chip-{name}")
}

#[component]
pub fn PodChip(props: &Props) -> Html {
    let pod = props.pod;
    let onpointerdown = props.on_pointer_down.reform(move |e: PointerEvent| (pod, e));
    let onkeydown = props.on_key_down.reform(move |e: KeyboardEvent| (pod, e));
    let onblur = props.on_blur.reform(move |_: FocusEvent| pod);
    let Rect { x, y, w, h } = props.rect;
    let class = classes!(
        "pod",
        state_class(props.state),
        props.selected.then_some("selected"),
        props.lifted.then_some("lifted"),
        (props.style == ChipStyle::Compact).then_some("compact"),
    );
    let share = percent(props.share);
    let tooltip = if props.hide_share {
        format!("{} on {} ({}), {}", props.name, props.node, props.ip, props.state)
    } else {
        format!("{} on {} ({}), {}: {share} of new connections", props.name, props.node, props.ip, props.state)
    };
    // The name starts with "pod NAME" (what tests and the keyboard help say)
    // and goes on with the chip's visible text in document order, so speech
    // input can use it (the presenter theme hides "Ready", the last word).
    let label = if props.hide_share {
        format!("pod {}, {}", props.name, props.state)
    } else {
        format!("pod {}, {share}, {}", props.name, props.state)
    };
    let bar = (w - 12.0) * props.bar;
    // Three lines: the name (shortened if the chip is too narrow for it), the
    // share, the state; then the bar. The spaces between the texts are not
    // drawn (SVG draws only text elements); they keep the chip's visible text
    // "web-1 33.3% Ready" as three words, which its name repeats (WCAG 2.5.3,
    // label in name).
    let body = match props.style {
        ChipStyle::Full => html! {
            <>
                <rect class="chip" x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="7" />
                <text class="pod-name" x={(x + 8.0).to_string()} y={(y + 18.0).to_string()}>
                    { fit(&props.name, w - 16.0, props.name_font).into_owned() }
                </text>
                { " " }
                if !props.hide_share {
                    <text class="pod-share" x={(x + 8.0).to_string()} y={(y + 39.0).to_string()}>{ share }</text>
                }
                { " " }
                <text class="pod-state" x={(x + 8.0).to_string()} y={(y + 54.0).to_string()}>{ props.state.to_string() }</text>
                <rect class="share-bar" x={(x + 6.0).to_string()} y={(y + h - 7.0).to_string()} width={bar.max(0.0).to_string()} height="4" rx="2" />
            </>
        },
        // A presentation attribute, not `style=`: the site runs under a CSP
        // without 'unsafe-inline' for styles.
        ChipStyle::Compact => html! {
            <rect class="chip" x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="3"
                  fill-opacity={format!("{:.2}", 0.25 + 0.75 * props.bar)} />
        },
    };
    html! {
        <g {class} id={element_id(&props.name)} tabindex="0" role="button" aria-label={label}
           aria-roledescription="draggable pod" aria-describedby="pod-keys"
           {onpointerdown} {onkeydown} {onblur}>
            <title>{ tooltip }</title>
            { body }
        </g>
    }
}
