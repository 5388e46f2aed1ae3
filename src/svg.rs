//! The one conversion from screen to board coordinates: a pointer's client
//! position through the SVG's inverted screen matrix (`getScreenCTM()`), so
//! dragging works at any zoom, scroll or scale.
//!
//! Reading the matrix forces the browser to bring style and layout up to date,
//! which costs milliseconds on a big board; so a drag reads it once, when it
//! starts ([`ScreenToBoard::of`]), and maps every later pointer event with it.

use web_sys::SvgsvgElement;

use crate::layout::Point;

/// An affine map from client (screen) pixels to `viewBox` units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenToBoard {
    a: f64,
    b: f64,
    c: f64,
    d: f64,
    e: f64,
    f: f64,
}

impl ScreenToBoard {
    /// The current map for `svg`; `None` if the SVG is not rendered (no
    /// matrix) or the matrix cannot be inverted.
    pub fn of(svg: &SvgsvgElement) -> Option<Self> {
        let m = svg.get_screen_ctm()?.inverse().ok()?;
        let f = |v: f32| f64::from(v);
        Some(ScreenToBoard { a: f(m.a()), b: f(m.b()), c: f(m.c()), d: f(m.d()), e: f(m.e()), f: f(m.f()) })
    }

    pub fn map(&self, client_x: i32, client_y: i32) -> Point {
        let (x, y) = (f64::from(client_x), f64::from(client_y));
        Point { x: self.a * x + self.c * y + self.e, y: self.b * x + self.d * y + self.f }
    }
}
