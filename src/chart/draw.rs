//! Drawing the chart with plotters, on any backend: axes, grouped bars, the
//! even-share line and the legend, sized for a device pixel ratio.

use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::drawing::DrawingAreaErrorKind;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::*;

// The tests render to SVG and check the drawing's private planning helpers.
#[cfg(test)]
#[path = "tests.rs"]
mod tests;

type Error<DB> = DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>;
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draws the chart on `root` in the light theme, with sizes for a device
/// pixel ratio of 1.
pub fn draw<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    data: &ChartData,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    draw_scaled(root, data, 1.0, &Theme::LIGHT)
}

/// Draws the chart on `root`, whose pixels are `pixel_ratio` device pixels per
/// CSS pixel (the canvas is sized to CSS size × devicePixelRatio), so text and
/// lines keep their CSS size while staying crisp, in `theme`'s colours.
/// Too small an area stays blank.
pub fn draw_scaled<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    data: &ChartData,
    pixel_ratio: f64,
    theme: &'static Theme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let scale = Scale::new(pixel_ratio, theme);
    root.fill(&theme.background)?;
    let (w, h) = root.dim_in_pixel();
    let legend_h = scale.px(32.0);
    if to_i32(w) < scale.px(160.0) || to_i32(h) < legend_h + scale.px(100.0) {
        return root.present();
    }
    let (legend, body) = root.split_vertically(legend_h);
    let layout = Layout::new(data, body.dim_in_pixel(), scale);
    draw_legend(&legend, data, layout.y_area, scale)?;
    draw_plot(&body, data, &layout, scale)?;
    root.present()
}

fn to_i32(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// CSS pixels to drawing pixels, and the colours to draw in.
#[derive(Clone, Copy, Debug)]
struct Scale {
    ratio: f64,
    theme: &'static Theme,
}

impl Scale {
    fn new(pixel_ratio: f64, theme: &'static Theme) -> Self {
        let ratio = if pixel_ratio.is_finite() && pixel_ratio > 0.0 { pixel_ratio.clamp(0.5, 4.0) } else { 1.0 };
        Scale { ratio, theme }
    }

    fn px(self, css: f64) -> i32 {
        (css * self.ratio).round() as i32
    }

    /// A line width: at least one pixel.
    fn stroke(self, css: f64) -> u32 {
        (css * self.ratio).round().max(1.0) as u32
    }

    fn text(self, css: f64) -> TextStyle<'static> {
        TextStyle::from((FONT, css * self.ratio).into_font()).color(&self.theme.ink)
    }

    /// Estimated width of `chars` characters of text at `css` size.
    fn text_width(self, chars: usize, css: f64) -> i32 {
        (chars as f64 * CHAR_EM * css * self.ratio).ceil() as i32
    }
}

/// Where the pod names go: under every `stride`-th pod (0: none), cut to
/// `chars` characters, in a label area `area` pixels tall.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LabelPlan {
    stride: usize,
    chars: usize,
    area: i32,
}

/// Sizes decided before drawing, from the data and the body's size.
#[derive(Debug)]
struct Layout {
    /// Top of the Y axis, in percent.
    top: f64,
    decimals: usize,
    y_area: i32,
    labels: LabelPlan,
    y_desc: &'static str,
    x_desc: Option<String>,
}

impl Layout {
    fn new(data: &ChartData, (w, h): (u32, u32), scale: Scale) -> Self {
        let (w, h) = (to_i32(w), to_i32(h));
        let top = y_top(data);
        let decimals = decimals(top);
        let widest_tick = format!("{top:.decimals$}%").chars().count();
        let y_area = scale.text_width(widest_tick, TEXT_PX) + scale.px(TEXT_PX * 1.6 + 14.0);
        let plot_w = w - y_area - scale.px(16.0);
        let mut labels = plan_labels(data, plot_w, scale);
        if h - scale.px(8.0) - labels.area < scale.px(40.0) {
            labels = LabelPlan { stride: 0, chars: 0, area: desc_area(scale) };
        }
        let plot_h = h - scale.px(8.0) - labels.area;
        let y_desc = ["Share of new connections", "Share"]
            .into_iter()
            .find(|d| scale.text_width(d.len(), TEXT_PX) <= plot_h)
            .unwrap_or("");
        let n = data.pods.len();
        // Pod names speak for themselves; without them, say how many pods.
        let x_desc = (n > 0 && labels.stride == 0).then(|| format!("{n} pods"));
        Layout { top, decimals, y_area, labels, y_desc, x_desc }
    }
}

/// A bit above the largest share (and the even line), in percent; never 0.
fn y_top(data: &ChartData) -> f64 {
    let peak =
        data.pods.iter().flat_map(|p| [p.cluster, p.local]).chain(data.even_share).map(clean).fold(0.0, f64::max);
    let top = (peak * 100.0 * 1.12).min(100.0);
    if top >= 1e-6 {
        top
    } else {
        100.0
    }
}

/// Decimals for tick labels on an axis from 0 to `top` percent.
fn decimals(top: f64) -> usize {
    (1.0 - top.log10().floor()).clamp(0.0, 8.0) as usize
}

/// The height of the X axis title row.
fn desc_area(scale: Scale) -> i32 {
    scale.px(TEXT_PX * 1.4 + 4.0)
}

fn plan_labels(data: &ChartData, plot_w: i32, scale: Scale) -> LabelPlan {
    let n = data.pods.len();
    let area = desc_area(scale);
    if n == 0 || n > LABEL_LIMIT {
        return LabelPlan { stride: 0, chars: 0, area };
    }
    let chars = data.pods.iter().map(|p| p.name.chars().count()).max().unwrap_or(1).clamp(1, MAX_LABEL_CHARS);
    let slot = f64::from(plot_w.max(1)) / n as f64;
    let needed = f64::from(scale.text_width(chars, TEXT_PX) + scale.px(10.0));
    // Every pod's name when they fit, else every `stride`-th one.
    let stride = (needed / slot).ceil().max(1.0) as usize;
    LabelPlan { stride, chars, area: scale.px(TEXT_PX * 1.4 + 10.0) }
}

/// `name`, cut to `chars` characters with a trailing "…".
fn short_name(name: &str, chars: usize) -> String {
    if name.chars().count() <= chars {
        name.to_string()
    } else {
        name.chars().take(chars.saturating_sub(1)).chain(['…']).collect()
    }
}

/// The legend row: Cluster and Local swatches, and the even line when there is one.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ChartData,
    left: i32,
    scale: Scale,
) -> Result<(), Error<DB>> {
    let style = scale.text(TEXT_PX).pos(Pos::new(HPos::Left, VPos::Center));
    let mid = to_i32(area.dim_in_pixel().1) / 2;
    let even = data.even_share.map(|e| (None, format!("Even share ({})", percent_small(e))));
    let items = [(Some(scale.theme.cluster), "Cluster".to_string()), (Some(scale.theme.local), "Local".to_string())];
    let mut x = left;
    for (swatch, label) in items.into_iter().chain(even) {
        x += draw_key(area, swatch, (x, mid), scale)? + scale.px(6.0);
        area.draw_text(&label, &style, (x, mid))?;
        // The chart's own estimate, not plotters' `estimate_text_size`: in a
        // browser that measures a span with an inline style, which the site's
        // CSP (no 'unsafe-inline' styles) refuses.
        x += scale.text_width(label.chars().count(), TEXT_PX) + scale.px(20.0);
    }
    Ok(())
}

/// A legend key at `(x, mid)`: a filled square for a bar colour (a polygon,
/// so that only bars are rectangles), or a dashed sample for `None` (the even
/// line). Returns its width.
fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    swatch: Option<RGBColor>,
    (x, mid): (i32, i32),
    scale: Scale,
) -> Result<i32, Error<DB>> {
    let size = scale.px(14.0);
    let (top, bottom) = (mid - size / 2, mid - size / 2 + size);
    match swatch {
        Some(color) => {
            let square = vec![(x, top), (x + size, top), (x + size, bottom), (x, bottom)];
            area.draw(&Polygon::new(square, color.filled()))?;
            Ok(size)
        }
        None => {
            let style = scale.theme.even.stroke_width(scale.stroke(2.0));
            let (dash, gap) = (scale.px(8.0), scale.px(4.0));
            for start in [x, x + dash + gap] {
                area.draw(&PathElement::new(vec![(start, mid), (start + dash, mid)], style))?;
            }
            Ok(2 * dash + gap)
        }
    }
}

fn draw_plot<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    data: &ChartData,
    layout: &Layout,
    scale: Scale,
) -> Result<(), Error<DB>> {
    let span = data.pods.len().max(1) as f64;
    let mut chart = ChartBuilder::on(body)
        .margin_top(scale.px(8.0))
        .margin_right(scale.px(16.0))
        .x_label_area_size(layout.labels.area)
        .y_label_area_size(layout.y_area)
        .build_cartesian_2d(0.0..span, 0.0..layout.top)?;
    draw_mesh(&mut chart, layout, scale)?;
    let grid = Grid::of(&chart, span, layout.top);
    draw_bars(&mut chart, &grid, data, scale.theme)?;
    if let Some(even) = data.even_share {
        draw_even_line(&mut chart, &grid, clean(even) * 100.0, scale)?;
    }
    if data.pods.is_empty() {
        let style = scale.text(NOTE_PX).color(&scale.theme.axis).pos(Pos::new(HPos::Center, VPos::Center));
        chart.plotting_area().draw(&Text::new("no pods", (span / 2.0, layout.top / 2.0), style))?;
    }
    draw_pod_labels(body, &chart, &grid, data, layout.labels, scale)
}

/// Axes, horizontal grid lines, percent ticks and axis titles.
fn draw_mesh<DB: DrawingBackend>(chart: &mut Chart<'_, DB>, layout: &Layout, scale: Scale) -> Result<(), Error<DB>> {
    let decimals = layout.decimals;
    let format = move |v: &f64| format!("{v:.decimals$}%");
    let plot_h = f64::from(chart.plotting_area().dim_in_pixel().1);
    let y_labels = ((plot_h / (TEXT_PX * 1.6 * scale.ratio)) as usize).clamp(3, 10);
    let mut mesh = chart.configure_mesh();
    // No X ticks: pod names are placed by `draw_pod_labels`.
    mesh.disable_x_mesh()
        .x_labels(0)
        .y_labels(y_labels)
        .max_light_lines(0)
        .bold_line_style(scale.theme.grid.stroke_width(scale.stroke(1.0)))
        .axis_style(scale.theme.axis.stroke_width(scale.stroke(1.0)))
        .set_all_tick_mark_size(scale.px(4.0))
        .label_style(scale.text(TEXT_PX))
        .axis_desc_style(scale.text(TEXT_PX))
        .y_label_formatter(&format);
    if !layout.y_desc.is_empty() {
        mesh.y_desc(layout.y_desc);
    }
    if let Some(desc) = &layout.x_desc {
        mesh.x_desc(desc.clone());
    }
    mesh.draw()
}

/// Whole-pixel placement: bar edges are chosen in pixels and turned back into
/// chart coordinates that map onto exactly those pixels, so a bar is never less
/// than one pixel wide and a positive share never less than one pixel tall.
#[derive(Clone, Copy, Debug)]
struct Grid {
    /// The X axis runs from 0 to `span` (the number of pods, at least 1)...
    span: f64,
    /// ... over this many pixels (at least 1).
    width: i64,
    /// The smallest value, in percent, that maps to one pixel above the axis.
    min_visible: f64,
}

impl Grid {
    fn of<DB: DrawingBackend>(chart: &Chart<'_, DB>, span: f64, top: f64) -> Self {
        let origin = chart.backend_coord(&(0.0, 0.0));
        let corner = chart.backend_coord(&(span, top));
        let width = i64::from((corner.0 - origin.0).max(1));
        let height = f64::from((origin.1 - corner.1).max(1));
        Grid { span, width, min_visible: top / height }
    }

    /// The chart X coordinate of the pixel `px` to the right of the axis origin.
    fn x(&self, px: i64) -> f64 {
        px as f64 * self.span / self.width as f64
    }

    /// Pixels `[start, end)` of pod `i` of `n`.
    fn slot(&self, i: usize, n: usize) -> (i64, i64) {
        let n = n.max(1) as i64;
        (i as i64 * self.width / n, (i as i64 + 1) * self.width / n)
    }

    /// Pixel edges `[start, end)` of pod `i`'s Cluster and Local bars: side by
    /// side with a small gap around the pair; or, when pods get under two
    /// pixels each, in alternating one-pixel columns (Cluster, Local, Cluster,
    /// ...), several pods per column pair, so both series stay visible.
    fn bars(&self, i: usize, n: usize) -> [(i64, i64); 2] {
        let pods = n.max(1) as i64;
        if self.width < 2 * pods {
            let column = 2 * (i as i64 * (self.width / 2).max(1) / pods);
            return [(column, column + 1), (column + 1, column + 2)];
        }
        let (a, b) = self.slot(i, n);
        let gap = (b - a) * 12 / 100;
        let (lo, hi) = (a + gap, b - gap);
        let mid = lo + (hi - lo) / 2;
        [(lo, mid), (mid, hi)]
    }

    /// A bar's height in percent: at least one pixel when positive.
    fn height(&self, share: f64) -> f64 {
        let percent = clean(share) * 100.0;
        if percent > 0.0 {
            percent.max(self.min_visible)
        } else {
            0.0
        }
    }
}

/// One `draw_series` per policy, one rectangle per bar drawn: pods that
/// share a pixel column (thousands of pods) are one bar, as tall as the
/// tallest of them, so 150 000 pods cost a few hundred rectangles.
fn draw_bars<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    grid: &Grid,
    data: &ChartData,
    theme: &Theme,
) -> Result<(), Error<DB>> {
    for (side, color) in [(0, theme.cluster), (1, theme.local)] {
        chart.draw_series(bar_columns(grid, data, side).into_iter().map(|((lo, hi), share)| {
            Rectangle::new([(grid.x(lo), grid.height(share)), (grid.x(hi), 0.0)], color.filled())
        }))?;
    }
    Ok(())
}

/// The bars of one policy (`side` 0 Cluster, 1 Local) as pixel spans and
/// shares, pods falling on the same span merged into their largest share.
fn bar_columns(grid: &Grid, data: &ChartData, side: usize) -> Vec<((i64, i64), f64)> {
    let n = data.pods.len();
    let mut columns: Vec<((i64, i64), f64)> = Vec::new();
    for (i, pod) in data.pods.iter().enumerate() {
        let span = grid.bars(i, n)[side];
        let share = clean([pod.cluster, pod.local][side]);
        match columns.last_mut() {
            Some((last, tallest)) if *last == span => *tallest = tallest.max(share),
            _ => columns.push((span, share)),
        }
    }
    columns
}

/// The even share as a dashed line across the plot, one `draw_series`.
fn draw_even_line<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    grid: &Grid,
    level: f64,
    scale: Scale,
) -> Result<(), Error<DB>> {
    let dash = i64::from(scale.px(8.0).max(2));
    let period = dash + i64::from(scale.px(5.0).max(2));
    let style = scale.theme.even.stroke_width(scale.stroke(2.0));
    let starts = (0..).map(|k| k * period).take_while(|&start| start < grid.width);
    let dashes = starts.map(|start| {
        let end = (start + dash).min(grid.width);
        PathElement::new(vec![(grid.x(start), level), (grid.x(end), level)], style)
    });
    chart.draw_series(dashes)?;
    Ok(())
}

/// Pod names under the bars, when the plan has room for them.
fn draw_pod_labels<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    grid: &Grid,
    data: &ChartData,
    plan: LabelPlan,
    scale: Scale,
) -> Result<(), Error<DB>> {
    if plan.stride == 0 {
        return Ok(());
    }
    let (base, origin) = (body.get_base_pixel(), chart.backend_coord(&(0.0, 0.0)));
    let y = origin.1 - base.1 + scale.px(6.0);
    let style = scale.text(TEXT_PX).pos(Pos::new(HPos::Center, VPos::Top));
    let n = data.pods.len();
    for (i, pod) in data.pods.iter().enumerate().step_by(plan.stride) {
        let (a, b) = grid.slot(i, n);
        let x = origin.0 - base.0 + i32::try_from((a + b) / 2).unwrap_or(0);
        body.draw_text(&short_name(&pod.name, plan.chars), &style, (x, y))?;
    }
    Ok(())
}
