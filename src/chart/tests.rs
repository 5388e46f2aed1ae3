//! The chart rendered to SVG, natively.

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
    render_in(data, size, pixel_ratio, &Theme::LIGHT)
}

fn render_in(data: &ChartData, size: (u32, u32), pixel_ratio: f64, theme: &'static Theme) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        if let Err(e) = draw_scaled(root, data, pixel_ratio, theme) {
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
    // Pods sharing a pixel column are one bar: one per column pair of the plot.
    let cluster = bars(&svg, CLUSTER_COLOR);
    assert!((200..1000).contains(&cluster), "{cluster} bars");
    assert_eq!(bars(&svg, LOCAL_COLOR), cluster);
    assert!(!svg.lines().any(|l| l.starts_with("web-")), "no pod names beyond {LABEL_LIMIT} pods");
    assert!(has_text(&svg, "2000 pods"));
    assert!(has_text(&svg, "Even share (0.050%)"));
    assert!(even_dashes(&svg) > 2);
}

#[test]
fn crowded_labels_thin_out() {
    let data = chart_data(&scenario(&vec![vec![Ready; 4]; 10]));
    let plan = plan_labels(&data, 560, Scale::new(1.0, &Theme::LIGHT));
    assert!(plan.stride > 1, "{plan:?}");
    let svg = svg(&data);
    assert_eq!(bars(&svg, CLUSTER_COLOR), 40);
    assert!(has_text(&svg, "web-1") && !has_text(&svg, "web-2"), "every {}th name", plan.stride);
    let few = three_nodes();
    assert_eq!(plan_labels(&few, 560, Scale::new(1.0, &Theme::LIGHT)).stride, 1);
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
    let all_zero = ChartData { pods: vec![ChartPod { name: "a".into(), cluster: 0.0, local: 0.0 }], even_share: None };
    assert_eq!(bars(&render(&all_zero, (640, 320), 2.0), LOCAL_COLOR), 1);
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
fn pods_sharing_a_pixel_column_are_one_bar_as_tall_as_the_tallest() {
    let grid = Grid { span: 150_000.0, width: 500, min_visible: 0.0 };
    let pods =
        (0..150_000).map(|i| ChartPod { name: format!("p{i}"), cluster: 1e-6, local: if i == 7 { 0.5 } else { 1e-6 } });
    let data = ChartData { pods: pods.collect(), even_share: Some(1.0 / 150_000.0) };
    for side in [0, 1] {
        let columns = bar_columns(&grid, &data, side);
        assert_eq!(columns.len(), 250, "one bar per column pair for each policy");
        assert!(columns.windows(2).all(|w| w[0].0 .1 <= w[1].0 .0), "left to right, apart");
    }
    assert_eq!(bar_columns(&grid, &data, 1)[0].1, 0.5, "the tallest pod in the column");
    // Wide enough for every pod: one bar each, unchanged.
    let few = three_nodes();
    let grid = Grid { span: 6.0, width: 600, min_visible: 0.0 };
    assert_eq!(bar_columns(&grid, &few, 0).len(), few.pods.len());
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

/// WCAG's contrast ratio of two colours (1 to 21).
fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let luminance = |c: RGBColor| {
        let linear = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
    };
    let (hi, lo) = (luminance(a).max(luminance(b)), luminance(a).min(luminance(b)));
    (hi + 0.05) / (lo + 0.05)
}

#[test]
fn both_palettes_keep_text_and_marks_readable() {
    for (name, p) in [("light", Theme::LIGHT), ("dark", Theme::DARK)] {
        // Text 4.5:1 (WCAG 1.4.3); bars, axis and the even line 3:1 (1.4.11).
        assert!(contrast(p.ink, p.background) >= 4.5, "{name}: text");
        assert!(contrast(p.axis, p.background) >= 4.5, "{name}: axis and the no-pods note");
        for (what, mark) in [("cluster", p.cluster), ("local", p.local), ("even", p.even)] {
            assert!(contrast(mark, p.background) >= 3.0, "{name}: {what}");
        }
    }
}

#[test]
fn the_dark_palette_draws_in_its_own_colours() {
    let svg = render_in(&three_nodes(), (640, 320), 1.0, &Theme::DARK);
    assert_eq!(bars(&svg, Theme::DARK.cluster), 6);
    assert_eq!(bars(&svg, Theme::DARK.local), 6);
    assert!(svg.contains(&format!("fill=\"{}\"", hex(Theme::DARK.background))), "dark background");
    for light in [CLUSTER_COLOR, LOCAL_COLOR, EVEN_COLOR, Theme::LIGHT.ink] {
        assert!(!svg.contains(&hex(light)), "no light-theme colour {}", hex(light));
    }
}
