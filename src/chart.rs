//! The share chart: for the scenario on screen, the share of new external
//! connections each pod receives under `externalTrafficPolicy: Cluster` and
//! under `Local`, as grouped bars (Cluster and Local side by side per pod), with
//! a dashed line at the even share (1 / number of Ready pods).
//!
//! Cluster spreads connections evenly over every Ready pod, so its bars sit on
//! the line. Local splits each node's load-balancer share among that node's own
//! pods, so pods on crowded nodes fall below the line and lone pods rise above
//! it: the cost of Local at a glance.
//!
//! Pure drawing code, no web APIs: [`draw`] is generic over plotters'
//! [`DrawingBackend`], so the browser renders it to a canvas
//! (`components::share_chart`) and native tests render it to SVG. Bars snap to
//! whole pixels, so thin bars (thousands of pods) never vanish; beyond
//! [`LABEL_LIMIT`] pods the pod names are dropped, and each series is a single
//! `draw_series` call, so 2000 pods still draw quickly.

use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::drawing::DrawingAreaErrorKind;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use trafficlab_core::{EndpointState, Scenario, Shares};

use crate::format::percent;

/// Above this many pods the chart drops the pod names and draws thin bars.
pub const LABEL_LIMIT: usize = 40;

/// Cluster bars.
pub const CLUSTER_COLOR: RGBColor = RGBColor(0x0b, 0x5c, 0xad);
/// Local bars.
pub const LOCAL_COLOR: RGBColor = RGBColor(0xd9, 0x48, 0x0f);
/// The dashed even-share line.
pub const EVEN_COLOR: RGBColor = RGBColor(0x44, 0x44, 0x44);
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const AXIS: RGBColor = RGBColor(0x66, 0x66, 0x66);
const GRID: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);

/// The app's font stack (static/app.css), minus the quoted names.
const FONT: &str = "system-ui, sans-serif";
/// Text size in CSS pixels: tick labels, pod names, axis titles, legend.
const TEXT_PX: f64 = 15.0;
/// The "no pods" note.
const NOTE_PX: f64 = 20.0;
/// Rough width of a character in ems, for planning the layout without
/// measuring (measuring text in the browser touches the DOM each time).
const CHAR_EM: f64 = 0.6;
/// Longest pod name shown in full; longer ones end in "…".
const MAX_LABEL_CHARS: usize = 12;

/// What the chart shows: one entry per pod, in scenario order.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub pods: Vec<ChartPod>,
    /// 1 / number of Ready pods; `None` without a Ready pod.
    pub even_share: Option<f64>,
}

/// One pod's share of new external connections under each policy (0 to 1).
#[derive(Clone, Debug, PartialEq)]
pub struct ChartPod {
    pub name: String,
    pub cluster: f64,
    pub local: f64,
}

impl ChartData {
    /// Built from the core's shares under both policies (pods in scenario order).
    pub fn new(scenario: &Scenario, cluster: &Shares, local: &Shares) -> Self {
        let share = |shares: &Shares, i: usize| shares.pods.get(i).copied().unwrap_or(0.0);
        let pods = scenario
            .pods()
            .iter()
            .enumerate()
            .map(|(i, pod)| ChartPod { name: pod.name.clone(), cluster: share(cluster, i), local: share(local, i) })
            .collect();
        let ready = scenario.pods().iter().filter(|p| p.state == EndpointState::Ready).count();
        ChartData { pods, even_share: (ready > 0).then(|| 1.0 / ready as f64) }
    }

    /// One sentence for screen readers, e.g. "Share per pod, Cluster vs Local:
    /// Local ranges from 11.1% to 33.3%, Cluster gives 16.7% each; the even
    /// share is 16.7%".
    pub fn summary(&self) -> String {
        const HEAD: &str = "Share per pod, Cluster vs Local";
        if self.pods.is_empty() {
            return format!("{HEAD}: no pods");
        }
        let local = spread("Local", self.pods.iter().map(|p| p.local));
        let cluster = spread("Cluster", self.pods.iter().map(|p| p.cluster));
        let even = match self.even_share {
            Some(even) => format!("the even share is {}", share_text(even)),
            None => "no pod is Ready, so there is no even share".to_string(),
        };
        format!("{HEAD}: {local}, {cluster}; {even}")
    }
}

/// "Local ranges from 11.1% to 33.3%" or "Cluster gives 16.7% each".
fn spread(policy: &str, shares: impl Iterator<Item = f64>) -> String {
    let (lo, hi) = shares.map(clean).fold((f64::INFINITY, 0.0f64), |(lo, hi), s| (lo.min(s), hi.max(s)));
    let (lo, hi) = (share_text(lo.min(hi)), share_text(hi));
    if lo == hi {
        format!("{policy} gives {lo} each")
    } else {
        format!("{policy} ranges from {lo} to {hi}")
    }
}

/// A share as a percentage: one decimal like the table (`16.7%`), but two
/// significant digits below 1% (`0.050%`), so that a small even share does
/// not read as `0.1%`.
fn share_text(share: f64) -> String {
    let pct = clean(share) * 100.0;
    if pct == 0.0 || pct >= 1.0 {
        return percent(clean(share));
    }
    let decimals = (1.0 - pct.log10().floor()).clamp(1.0, 8.0) as usize;
    format!("{pct:.decimals$}%")
}

/// A share fit to draw: finite, 0 to 1.
fn clean(share: f64) -> f64 {
    if share.is_finite() {
        share.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

type Error<DB> = DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>;
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draws the chart on `root` with sizes for a device pixel ratio of 1.
pub fn draw<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    data: &ChartData,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    draw_scaled(root, data, 1.0)
}

/// Draws the chart on `root`, whose pixels are `pixel_ratio` device pixels per
/// CSS pixel (the canvas is sized to CSS size × devicePixelRatio), so text and
/// lines keep their CSS size while staying crisp. Too small an area stays blank.
pub fn draw_scaled<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    data: &ChartData,
    pixel_ratio: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let scale = Scale::new(pixel_ratio);
    root.fill(&WHITE)?;
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

/// CSS pixels to drawing pixels.
#[derive(Clone, Copy, Debug)]
struct Scale(f64);

impl Scale {
    fn new(pixel_ratio: f64) -> Self {
        Scale(if pixel_ratio.is_finite() && pixel_ratio > 0.0 { pixel_ratio.clamp(0.5, 4.0) } else { 1.0 })
    }

    fn px(self, css: f64) -> i32 {
        (css * self.0).round() as i32
    }

    /// A line width: at least one pixel.
    fn stroke(self, css: f64) -> u32 {
        (css * self.0).round().max(1.0) as u32
    }

    fn text(self, css: f64) -> TextStyle<'static> {
        TextStyle::from((FONT, css * self.0).into_font()).color(&INK)
    }

    /// Estimated width of `chars` characters of text at `css` size.
    fn text_width(self, chars: usize, css: f64) -> i32 {
        (chars as f64 * CHAR_EM * css * self.0).ceil() as i32
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
    let even = data.even_share.map(|e| (None, format!("Even share ({})", share_text(e))));
    let items = [(Some(CLUSTER_COLOR), "Cluster".to_string()), (Some(LOCAL_COLOR), "Local".to_string())];
    let mut x = left;
    for (swatch, label) in items.into_iter().chain(even) {
        x += draw_key(area, swatch, (x, mid), scale)? + scale.px(6.0);
        area.draw_text(&label, &style, (x, mid))?;
        let (label_w, _) = area.estimate_text_size(&label, &style)?;
        x += to_i32(label_w) + scale.px(20.0);
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
            let style = EVEN_COLOR.stroke_width(scale.stroke(2.0));
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
    draw_bars(&mut chart, &grid, data)?;
    if let Some(even) = data.even_share {
        draw_even_line(&mut chart, &grid, clean(even) * 100.0, scale)?;
    }
    if data.pods.is_empty() {
        let style = scale.text(NOTE_PX).color(&AXIS).pos(Pos::new(HPos::Center, VPos::Center));
        chart.plotting_area().draw(&Text::new("no pods", (span / 2.0, layout.top / 2.0), style))?;
    }
    draw_pod_labels(body, &chart, &grid, data, layout.labels, scale)
}

/// Axes, horizontal grid lines, percent ticks and axis titles.
fn draw_mesh<DB: DrawingBackend>(chart: &mut Chart<'_, DB>, layout: &Layout, scale: Scale) -> Result<(), Error<DB>> {
    let decimals = layout.decimals;
    let format = move |v: &f64| format!("{v:.decimals$}%");
    let plot_h = f64::from(chart.plotting_area().dim_in_pixel().1);
    let y_labels = ((plot_h / (TEXT_PX * 1.6 * scale.0)) as usize).clamp(3, 10);
    let mut mesh = chart.configure_mesh();
    // No X ticks: pod names are placed by `draw_pod_labels`.
    mesh.disable_x_mesh()
        .x_labels(0)
        .y_labels(y_labels)
        .max_light_lines(0)
        .bold_line_style(GRID.stroke_width(scale.stroke(1.0)))
        .axis_style(AXIS.stroke_width(scale.stroke(1.0)))
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

/// One `draw_series` per policy: 2 × pods rectangles in all.
fn draw_bars<DB: DrawingBackend>(chart: &mut Chart<'_, DB>, grid: &Grid, data: &ChartData) -> Result<(), Error<DB>> {
    let n = data.pods.len();
    for (side, color) in [(0, CLUSTER_COLOR), (1, LOCAL_COLOR)] {
        chart.draw_series(data.pods.iter().enumerate().map(|(i, pod)| {
            let (lo, hi) = grid.bars(i, n)[side];
            let share = [pod.cluster, pod.local][side];
            Rectangle::new([(grid.x(lo), grid.height(share)), (grid.x(hi), 0.0)], color.filled())
        }))?;
    }
    Ok(())
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
    let style = EVEN_COLOR.stroke_width(scale.stroke(2.0));
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

#[cfg(test)]
mod tests {
    use super::*;
    use trafficlab_core::ExternalTrafficPolicy;
    use EndpointState::Ready;

    fn scenario(layout: &[Vec<EndpointState>]) -> Scenario {
        match Scenario::from_layout(ExternalTrafficPolicy::Local, layout) {
            Ok(s) => s,
            Err(e) => panic!("bad layout: {e:?}"),
        }
    }

    fn chart_data(scenario: &Scenario) -> ChartData {
        let mut cluster = scenario.clone();
        cluster.service.external_traffic_policy = ExternalTrafficPolicy::Cluster;
        ChartData::new(scenario, &cluster.shares(), &scenario.shares())
    }

    fn three_nodes() -> ChartData {
        chart_data(&scenario(&[vec![Ready], vec![Ready; 2], vec![Ready; 3]]))
    }

    fn render(data: &ChartData, size: (u32, u32), pixel_ratio: f64) -> String {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            if let Err(e) = draw_scaled(root, data, pixel_ratio) {
                panic!("drawing failed: {e:?}");
            }
        }
        svg
    }

    fn svg(data: &ChartData) -> String {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (640, 320)).into_drawing_area();
            if let Err(e) = draw(root, data) {
                panic!("drawing failed: {e:?}");
            }
        }
        svg
    }

    fn hex(color: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2)
    }

    /// Rectangles filled with `color`: the bars of one series.
    fn bars(svg: &str, color: RGBColor) -> usize {
        let fill = format!("fill=\"{}\"", hex(color));
        svg.lines().filter(|l| l.starts_with("<rect") && l.contains(&fill)).count()
    }

    /// Line pieces stroked in the even-share colour (the line and its legend key).
    fn even_dashes(svg: &str) -> usize {
        let stroke = format!("stroke=\"{}\"", hex(EVEN_COLOR));
        svg.lines().filter(|l| l.starts_with("<polyline") && l.contains(&stroke)).count()
    }

    /// Whether `text` is drawn as a text element (its own line in plotters' SVG).
    fn has_text(svg: &str, text: &str) -> bool {
        svg.lines().any(|l| l == text)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn chart_data_comes_from_both_policies() {
        let data = three_nodes();
        let names: Vec<&str> = data.pods.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["web-1", "web-2", "web-3", "web-4", "web-5", "web-6"]);
        let local = [1.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0, 1.0 / 9.0, 1.0 / 9.0, 1.0 / 9.0];
        for (pod, want) in data.pods.iter().zip(local) {
            assert!(close(pod.local, want), "{pod:?}");
            assert!(close(pod.cluster, 1.0 / 6.0), "{pod:?}");
        }
        assert!(data.even_share.is_some_and(|e| close(e, 1.0 / 6.0)));
    }

    #[test]
    fn even_share_counts_ready_pods_only() {
        use EndpointState::{NotReady, Terminating};
        let data = chart_data(&scenario(&[vec![Ready, Terminating], vec![NotReady, Ready]]));
        assert!(data.even_share.is_some_and(|e| close(e, 0.5)));
        let data = chart_data(&scenario(&[vec![NotReady], vec![Terminating]]));
        assert_eq!(data.even_share, None);
    }

    #[test]
    fn summary_reads_the_ranges() {
        assert_eq!(
            three_nodes().summary(),
            "Share per pod, Cluster vs Local: Local ranges from 11.1% to 33.3%, Cluster gives 16.7% each; \
             the even share is 16.7%"
        );
        let empty = ChartData { pods: Vec::new(), even_share: None };
        assert_eq!(empty.summary(), "Share per pod, Cluster vs Local: no pods");
    }

    #[test]
    fn two_bars_per_pod_and_the_even_line() {
        let data = three_nodes();
        let svg = svg(&data);
        assert_eq!(bars(&svg, CLUSTER_COLOR), 6);
        assert_eq!(bars(&svg, LOCAL_COLOR), 6);
        let without_line = ChartData { even_share: None, ..data };
        assert_eq!(even_dashes(&render(&without_line, (640, 320), 1.0)), 0);
        assert!(even_dashes(&svg) > 2, "the legend key has 2 dashes, the line many more");
        assert!(has_text(&svg, "web-1") && has_text(&svg, "web-6"), "pod names under the bars");
        assert!(has_text(&svg, "Even share (16.7%)"));
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn bars_are_at_least_a_pixel_wide_and_positive_shares_visible() {
        let mut data = three_nodes();
        data.pods[0].local = 1e-9;
        for line in svg(&data).lines().filter(|l| l.starts_with("<rect") && !l.contains("#FFFFFF")) {
            assert!(!line.contains("width=\"0\"") && !line.contains("width=\"-"), "{line}");
            assert!(!line.contains("height=\"0\"") && !line.contains("height=\"-"), "{line}");
        }
    }

    #[test]
    fn no_pods_draws_an_empty_chart_with_a_note() {
        let data = chart_data(&scenario(&[vec![]]));
        assert!(data.pods.is_empty());
        let svg = svg(&data);
        assert_eq!(bars(&svg, CLUSTER_COLOR) + bars(&svg, LOCAL_COLOR), 0);
        assert_eq!(even_dashes(&svg), 0);
        assert!(has_text(&svg, "no pods"));
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn two_thousand_pods_draw_thin_bars_without_labels() {
        let data = chart_data(&scenario(&vec![vec![Ready; 20]; 100]));
        assert_eq!(data.pods.len(), 2000);
        let start = std::time::Instant::now();
        let svg = svg(&data);
        assert!(start.elapsed().as_secs() < 2, "took {:?}", start.elapsed());
        assert_eq!(bars(&svg, CLUSTER_COLOR), 2000);
        assert_eq!(bars(&svg, LOCAL_COLOR), 2000);
        assert!(!svg.lines().any(|l| l.starts_with("web-")), "no pod names beyond {LABEL_LIMIT} pods");
        assert!(has_text(&svg, "2000 pods"));
        assert!(has_text(&svg, "Even share (0.050%)"));
        assert!(even_dashes(&svg) > 2);
    }

    #[test]
    fn crowded_labels_thin_out() {
        let data = chart_data(&scenario(&vec![vec![Ready; 4]; 10]));
        let plan = plan_labels(&data, 560, Scale::new(1.0));
        assert!(plan.stride > 1, "{plan:?}");
        let svg = svg(&data);
        assert_eq!(bars(&svg, CLUSTER_COLOR), 40);
        assert!(has_text(&svg, "web-1") && !has_text(&svg, "web-2"), "every {}th name", plan.stride);
        let few = three_nodes();
        assert_eq!(plan_labels(&few, 560, Scale::new(1.0)).stride, 1);
    }

    #[test]
    fn odd_data_and_odd_sizes_never_panic() {
        let mut data = three_nodes();
        data.pods[1].local = f64::NAN;
        data.pods[2].cluster = f64::INFINITY;
        data.pods[3].cluster = -1.0;
        data.even_share = Some(f64::NAN);
        for size in [(0, 0), (1, 1), (10, 400), (400, 10), (160, 140), (4000, 2000)] {
            for ratio in [1.0, 2.0, 0.0, f64::NAN] {
                assert!(!render(&data, size, ratio).contains("NaN"), "{size:?} × {ratio}");
            }
        }
        let all_zero =
            ChartData { pods: vec![ChartPod { name: "a".into(), cluster: 0.0, local: 0.0 }], even_share: None };
        assert_eq!(bars(&render(&all_zero, (640, 320), 2.0), LOCAL_COLOR), 1);
    }

    #[test]
    fn small_shares_keep_two_digits() {
        assert_eq!(share_text(1.0 / 6.0), "16.7%");
        assert_eq!(share_text(1.0), "100.0%");
        assert_eq!(share_text(0.0), "0.0%");
        assert_eq!(share_text(1.0 / 2000.0), "0.050%");
        assert_eq!(share_text(1.0 / 150.0), "0.67%");
        assert_eq!(share_text(f64::NAN), "0.0%");
    }

    #[test]
    fn dense_bars_alternate_pixel_columns() {
        let grid = Grid { span: 2000.0, width: 500, min_visible: 0.0 };
        assert_eq!(grid.bars(0, 2000), [(0, 1), (1, 2)]);
        assert_eq!(grid.bars(1999, 2000), [(498, 499), (499, 500)]);
        let grid = Grid { span: 6.0, width: 600, min_visible: 0.0 };
        assert_eq!(grid.bars(1, 6), [(112, 150), (150, 188)]);
    }

    #[test]
    fn long_names_are_cut() {
        assert_eq!(short_name("web-1", 12), "web-1");
        assert_eq!(short_name("checkout-7d9f8c6b5-x2x9z", 8), "checkou…");
    }

    #[test]
    fn tick_decimals_follow_the_axis() {
        assert_eq!(decimals(37.3), 0);
        assert_eq!(decimals(3.7), 1);
        assert_eq!(decimals(0.11), 2);
        assert_eq!(y_top(&ChartData { pods: Vec::new(), even_share: None }), 100.0);
    }
}
