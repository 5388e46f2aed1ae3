//! The one conversion from screen to board coordinates: a pointer's client
//! position through the SVG's inverted screen matrix (`getScreenCTM()`), so
//! dragging works at any zoom, scroll or scale.

use web_sys::SvgsvgElement;

use crate::layout::Point;

/// `(client_x, client_y)` in the `viewBox` units of `svg`; `None` if the SVG
/// is not rendered (no matrix) or the matrix cannot be inverted.
pub fn to_view_box(svg: &SvgsvgElement, client_x: i32, client_y: i32) -> Option<Point> {
    let inverse = svg.get_screen_ctm()?.inverse().ok()?;
    let point = svg.create_svg_point();
    point.set_x(client_x as f32);
    point.set_y(client_y as f32);
    let mapped = point.matrix_transform(&inverse);
    Some(Point { x: f64::from(mapped.x()), y: f64::from(mapped.y()) })
}
