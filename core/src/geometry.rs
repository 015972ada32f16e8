//! Geometry primitives of the canvas: points, rectangles and the compact number format of
//! SVG path data, shared by the layout ([`crate::layout`]) and the arrow curves
//! ([`crate::curve`]) without either importing the other's module.
//!
//! `stageline_core::layout::{Point, Rect}` re-export these, as before.

/// A point on the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Distance from the canvas's left edge.
    pub x: f64,
    /// Distance from the canvas's top edge.
    pub y: f64,
}

/// An axis-aligned rectangle on the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Rect {
    /// The centre of the rectangle.
    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.width / 2.0,
            y: self.y + self.height / 2.0,
        }
    }

    /// Whether the point lies inside (edges included).
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.x + self.width && p.y >= self.y && p.y <= self.y + self.height
    }

    /// Whether two rectangles overlap.
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }

    /// Whether `inner` lies wholly inside (edges included).
    pub fn contains_rect(&self, inner: &Rect) -> bool {
        inner.x >= self.x
            && inner.y >= self.y
            && inner.x + inner.width <= self.x + self.width
            && inner.y + inner.height <= self.y + self.height
    }

    /// The rectangle grown by `by` on every side.
    pub fn grown(&self, by: f64) -> Rect {
        Rect {
            x: self.x - by,
            y: self.y - by,
            width: self.width + 2.0 * by,
            height: self.height + 2.0 * by,
        }
    }
}

/// Appends `v` with one decimal (as `{:.1}` would, rounding half away from zero), without
/// the float formatter's exact-precision path, which is slow in WebAssembly and runs for
/// every arrow of a large blueprint.
pub(crate) fn push_tenths(out: &mut String, v: f64) {
    use std::fmt::Write;
    if !v.is_finite() || v.abs() >= 1e15 {
        let _ = write!(out, "{v:.1}");
        return;
    }
    let tenths = (v * 10.0).round() as i64;
    if tenths < 0 {
        out.push('-');
    }
    let t = tenths.unsigned_abs();
    let _ = write!(out, "{}.{}", t / 10, t % 10);
}
