//! The share chart on a canvas: Cluster vs Local bars per pod and the even
//! share (see [`crate::chart`], which does all the drawing). This is the only
//! place that touches the canvas. Nothing here may panic (a panic in wasm kills
//! the page): without a canvas or a 2D context, or when drawing fails, the
//! canvas stays blank and the aria-label still tells the numbers. The canvas
//! does not follow the stylesheet, so the chart picks its theme from the
//! same media query the dark theme uses, and redraws when it changes.

use std::rc::Rc;

use gloo::events::EventListener;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::chart::{draw_scaled, ChartData, Theme};
use crate::media::use_media_query;
use crate::perf;

/// The canvas's CSS size when layout gives it none (e.g. inside a hidden panel).
const FALLBACK_SIZE: (f64, f64) = (480.0, 240.0);
/// Upper bound on either side of the backing store, in device pixels.
const MAX_BACKING_PX: f64 = 8192.0;
/// The dark theme's query (static/app.css).
const DARK_SCHEME: &str = "(prefers-color-scheme: dark)";

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Rc<ChartData>,
}

#[component]
pub fn ShareChart(props: &Props) -> Html {
    let canvas = use_node_ref();
    // The canvas's CSS size, read once and again after a resize: reading it
    // forces a synchronous layout, which a big board makes costly.
    let size = use_mut_ref(|| None::<(f64, f64)>);
    let theme: &'static Theme = if use_media_query(DARK_SCHEME) { &Theme::DARK } else { &Theme::LIGHT };
    {
        let (canvas, size) = (canvas.clone(), size.clone());
        // Effects run after render, when the canvas is in the DOM. A resize
        // (a window moved to a projector, a zoom) redraws at the new size and
        // pixel ratio; the listener goes when the data or the theme changes,
        // or the chart unmounts.
        use_effect_with((props.data.clone(), theme), move |(data, theme)| {
            let theme = *theme;
            if let Some(element) = canvas.cast::<HtmlCanvasElement>() {
                let css = *size.borrow_mut().get_or_insert_with(|| css_size(&element));
                if render(element, data, css, theme) {
                    // The app's drop-to-chart timing ends here.
                    perf::mark(perf::CHART_DRAWN);
                }
            }
            let data = data.clone();
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "resize", move |_| {
                    if let Some(element) = canvas.cast::<HtmlCanvasElement>() {
                        let css = css_size(&element);
                        *size.borrow_mut() = Some(css);
                        render(element, &data, css, theme);
                    }
                })
            });
            move || drop(listener)
        });
    }
    html! {
        <figure class="share-chart">
            <canvas ref={canvas} role="img" aria-label={props.data.summary()} />
            <figcaption>{ "Bars off the dashed even share: the cost of Local." }</figcaption>
        </figure>
    }
}

/// Sizes the backing store to the canvas's CSS size × devicePixelRatio and
/// draws in `theme`. Returns whether the chart was drawn.
///
/// The CSS size must come from the stylesheet (`.share-chart canvas` in
/// static/app.css), not from the backing store, or every redraw would grow the
/// canvas by the pixel ratio.
fn render(canvas: HtmlCanvasElement, data: &ChartData, (css_w, css_h): (f64, f64), theme: &'static Theme) -> bool {
    let ratio = device_pixel_ratio();
    canvas.set_width(backing_px(css_w, ratio));
    canvas.set_height(backing_px(css_h, ratio));
    match CanvasBackend::with_canvas_object(canvas) {
        Some(backend) => draw_scaled(backend.into_drawing_area(), data, ratio, theme).is_ok(),
        None => false,
    }
}

/// The canvas's drawing box in CSS pixels: its bounding box minus its border
/// (the bitmap fills the content box), or [`FALLBACK_SIZE`] when layout gives
/// it no size.
fn css_size(canvas: &HtmlCanvasElement) -> (f64, f64) {
    let rect = canvas.get_bounding_client_rect();
    let border_x = f64::from((canvas.offset_width() - canvas.client_width()).max(0));
    let border_y = f64::from((canvas.offset_height() - canvas.client_height()).max(0));
    let (w, h) = (rect.width() - border_x, rect.height() - border_y);
    if w >= 1.0 && h >= 1.0 {
        (w, h)
    } else {
        FALLBACK_SIZE
    }
}

/// The window's devicePixelRatio, or 1 when it is missing or unusable.
fn device_pixel_ratio() -> f64 {
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    if ratio.is_finite() && ratio > 0.0 {
        ratio
    } else {
        1.0
    }
}

/// CSS pixels to whole device pixels, at least 1 and at most [`MAX_BACKING_PX`].
fn backing_px(css: f64, ratio: f64) -> u32 {
    (css * ratio).round().clamp(1.0, MAX_BACKING_PX) as u32
}
