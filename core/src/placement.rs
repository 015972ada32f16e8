//! Where the arrow labels go: a deterministic placement that keeps every label clear of the
//! cards, the derived lines' names and the other labels, shared by the editor's arrow layer and
//! the SVG picture.
//!
//! A label is wrapped into short lines ([`wrap`]) and measured with a conservative estimate of
//! the 11 px label font ([`label_size`]). [`place_labels`] walks the arrows in document order
//! and tries, for each, a fixed list of spots along its curve (the middle first, then farther
//! out, above, below, beside and over the line), taking the first spot that lies inside the
//! grid (not over the stage or lane headers) and clear of every card, every line name and every
//! label placed before it; a spot that also keeps off the derived lines themselves is
//! preferred. A label with no free spot is not shown ([`PlacedLabel::shown`] is false): the
//! view shows it at its preferred spot only while its arrow is hovered or selected, and its full
//! text stays in the arrow's details.
//!
//! The placement depends on every arrow at once, so it is computed once per layout (after a
//! drop, not on each pointer move: a dragged card follows the pointer by a transform, its
//! layout changes on release). Obstacles are kept in a bucket grid so each test looks only at
//! its neighbourhood: linear in arrows and cards.

use rustc_hash::FxHashMap;
use stageline_schema::{ConnectionId, Line, Named};

use crate::curve::RoutePath;
use crate::geometry::{Point, Rect};
use crate::layout::{Layout, LineGeometry};

/// The label font's size, in CSS pixels.
pub const LABEL_FONT_PX: f64 = 11.0;
/// The height of one line of a label.
pub const LABEL_LINE_HEIGHT: f64 = 13.0;
/// How wide one character of the label font is taken to be: above the real average of the
/// usual sans-serif faces at 11 px, so the text stays inside its box.
pub const LABEL_CHAR_WIDTH: f64 = 6.4;
/// Padding inside a label's box, left and right.
pub const LABEL_PADDING: f64 = 3.0;
/// Characters per line of a label, and lines per label.
pub const LABEL_LINE_CHARS: usize = 24;
/// The most lines a label is wrapped into (longer labels end in an ellipsis on the canvas and
/// are read whole in the arrow's details).
pub const LABEL_MAX_LINES: usize = 3;
/// The free space kept around cards and labels.
const CLEARANCE: f64 = 2.0;
/// Distance between a label's box and the curve point it belongs to.
const OFFSET: f64 = 4.0;

/// The font of a derived line's name (11 px, bold).
pub const LINE_LABEL_CHAR_WIDTH: f64 = 6.8;
/// The height of a derived line's name.
pub const LINE_LABEL_HEIGHT: f64 = 14.0;

/// Wraps `text` into at most `max_lines` lines of at most `width` characters, breaking at
/// spaces (and inside words longer than a line); an ellipsis ends the last line when text is
/// left over.
pub fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut overflow = false;
    'words: for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = current.chars().count();
            let gap = usize::from(used > 0);
            if used + gap + word.len() <= width {
                if gap == 1 {
                    current.push(' ');
                }
                current.extend(word.iter());
                continue 'words;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut current));
            } else {
                // A word longer than a line: break it.
                let rest = word.split_off(width);
                lines.push(word.into_iter().collect());
                word = rest;
            }
            if lines.len() == max_lines {
                overflow = true;
                break 'words;
            }
        }
    }
    if !current.is_empty() {
        if lines.len() < max_lines {
            lines.push(current);
        } else {
            overflow = true;
        }
    }
    if overflow {
        if let Some(last) = lines.last_mut() {
            let mut kept: String = last.chars().take(width - 1).collect();
            kept.truncate(kept.trim_end().len());
            kept.push('…');
            *last = kept;
        }
    }
    lines
}

/// The lines an arrow label is drawn in.
pub fn label_lines(text: &str) -> Vec<String> {
    wrap(text, LABEL_LINE_CHARS, LABEL_MAX_LINES)
}

/// The size (width, height) of a label's box for its `lines`.
pub fn label_size(lines: &[String]) -> (f64, f64) {
    let chars = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    (
        chars as f64 * LABEL_CHAR_WIDTH + 2.0 * LABEL_PADDING,
        lines.len() as f64 * LABEL_LINE_HEIGHT + 2.0,
    )
}

/// The name a derived line shows on the canvas: "Line of interaction".
pub fn line_name(line: Line) -> String {
    let label = line.label();
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Where a derived line's name sits: just right of the lane headers, centred on the line.
pub fn line_label_box(layout: &Layout, g: &LineGeometry) -> Rect {
    let chars = line_name(g.line).chars().count();
    Rect {
        x: layout.metrics.lane_header_width + 4.0,
        y: g.y - LINE_LABEL_HEIGHT / 2.0,
        width: chars as f64 * LINE_LABEL_CHAR_WIDTH + 8.0,
        height: LINE_LABEL_HEIGHT,
    }
}

/// One placed label.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLabel {
    /// The label's text, wrapped into lines.
    pub lines: Vec<String>,
    /// Its box: where it is drawn (when shown), or where it shows while its arrow is hovered or
    /// selected (when not).
    pub rect: Rect,
    /// Whether it is drawn at all times: false when no spot was free.
    pub shown: bool,
}

impl PlacedLabel {
    /// The baseline of line `i` of the label (text centred horizontally on the box).
    pub fn baseline(&self, i: usize) -> Point {
        Point {
            x: self.rect.x + self.rect.width / 2.0,
            y: self.rect.y + 1.0 + LABEL_LINE_HEIGHT * (i as f64) + 10.0,
        }
    }
}

/// The labels of every labelled arrow, by connection.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabelPlacement {
    labels: FxHashMap<ConnectionId, PlacedLabel>,
}

impl LabelPlacement {
    /// The label of arrow `id`, if it has one.
    pub fn get(&self, id: &ConnectionId) -> Option<&PlacedLabel> {
        self.labels.get(id)
    }

    /// Every placed label, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&ConnectionId, &PlacedLabel)> {
        self.labels.iter()
    }

    /// How many labels were placed (shown or not).
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no labels.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// The points along a curve tried for its label, as curve parameters: the middle first.
const ALONG: [f64; 11] = [
    0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82, 0.1, 0.9,
];

/// A bucket grid of rectangles, so a test looks only at the rectangles near it.
struct Obstacles {
    cell: f64,
    rects: Vec<Rect>,
    buckets: FxHashMap<(i64, i64), Vec<usize>>,
}

impl Obstacles {
    fn new(cell: f64) -> Obstacles {
        Obstacles {
            cell,
            rects: Vec::new(),
            buckets: FxHashMap::default(),
        }
    }

    fn span(&self, r: &Rect) -> (i64, i64, i64, i64) {
        let f = |v: f64| (v / self.cell).floor() as i64;
        (f(r.x), f(r.y), f(r.x + r.width), f(r.y + r.height))
    }

    fn insert(&mut self, r: Rect) {
        if !(r.x.is_finite() && r.y.is_finite() && r.width.is_finite() && r.height.is_finite()) {
            return;
        }
        let i = self.rects.len();
        self.rects.push(r);
        let (x0, y0, x1, y1) = self.span(&r);
        for bx in x0..=x1 {
            for by in y0..=y1 {
                self.buckets.entry((bx, by)).or_default().push(i);
            }
        }
    }

    fn hits(&self, r: &Rect) -> bool {
        let (x0, y0, x1, y1) = self.span(r);
        (x0..=x1).any(|bx| {
            (y0..=y1).any(|by| {
                self.buckets
                    .get(&(bx, by))
                    .is_some_and(|list| list.iter().any(|&i| self.rects[i].intersects(r)))
            })
        })
    }
}

/// How far from its curve a label may move to find room, in steps (farther is ambiguous).
const NUDGES: [f64; 6] = [8.0, 16.0, 24.0, 32.0, 40.0, 48.0];

/// The label boxes tried for a label of `size` on `path`, best first: beside the curve at
/// points along it, then nudged up or down (and sideways) from its middle part.
fn candidates(path: &RoutePath, (w, h): (f64, f64)) -> Vec<Rect> {
    let at = |t: f64| if t == 0.5 { path.middle } else { path.at(t) };
    let mut spots = Vec::with_capacity(ALONG.len() * 5 + 3 * NUDGES.len() * 6);
    for &t in &ALONG {
        let p = at(t);
        // Above, below, right, left of the curve, then over it (the halo keeps it legible).
        spots.extend([
            (p.x - w / 2.0, p.y - OFFSET - h),
            (p.x - w / 2.0, p.y + OFFSET),
            (p.x + OFFSET + 2.0, p.y - h / 2.0),
            (p.x - OFFSET - 2.0 - w, p.y - h / 2.0),
            (p.x - w / 2.0, p.y - h / 2.0),
        ]);
    }
    for &dy in &NUDGES {
        for t in [0.5, 0.34, 0.66] {
            let p = at(t);
            for x in [p.x - w / 2.0, p.x - OFFSET, p.x + OFFSET - w] {
                spots.push((x, p.y + OFFSET + dy));
                spots.push((x, p.y - OFFSET - h - dy));
            }
        }
    }
    spots
        .into_iter()
        .map(|(x, y)| Rect {
            x,
            y,
            width: w,
            height: h,
        })
        .collect()
}

/// Places the labels of `arrows` (each its connection, curve and label text; empty labels are
/// skipped) over `layout`; see the module docs. The same inputs always give the same placement.
pub fn place_labels<'a>(
    layout: &Layout,
    arrows: impl IntoIterator<Item = (&'a ConnectionId, &'a RoutePath, &'a str)>,
) -> LabelPlacement {
    let m = &layout.metrics;
    let grid = Rect {
        x: m.lane_header_width,
        y: m.stage_header_height,
        width: (layout.width - m.lane_header_width).max(0.0),
        height: (layout.height - m.stage_header_height).max(0.0),
    };
    let mut hard = Obstacles::new(64.0);
    // (Whether a box hits an obstacle does not depend on the order they were added in.)
    for r in layout.cards.values() {
        hard.insert(r.grown(CLEARANCE));
    }
    for g in &layout.lines {
        hard.insert(line_label_box(layout, g).grown(CLEARANCE));
    }
    // The derived lines themselves: a label is better off not straddling one.
    let mut soft = Obstacles::new(64.0);
    for g in &layout.lines {
        soft.insert(Rect {
            x: grid.x,
            y: g.y - 1.0,
            width: grid.width,
            height: 2.0,
        });
    }
    let mut labels = FxHashMap::default();
    for (id, path, text) in arrows {
        if text.trim().is_empty() {
            continue;
        }
        let lines = label_lines(text);
        let size = label_size(&lines);
        let spots = candidates(path, size);
        let first = spots.first().copied();
        // The first free spot off the derived lines, else the first free one.
        let mut fallback = None;
        let mut chosen = None;
        for r in &spots {
            if !grid.contains_rect(r) || hard.hits(r) {
                continue;
            }
            if !soft.hits(r) {
                chosen = Some(*r);
                break;
            }
            fallback = fallback.or(Some(*r));
        }
        let chosen = chosen.or(fallback);
        let placed = match chosen {
            Some(rect) => {
                hard.insert(rect.grown(CLEARANCE));
                PlacedLabel {
                    lines,
                    rect,
                    shown: true,
                }
            }
            None => PlacedLabel {
                lines,
                rect: first.unwrap_or(Rect {
                    x: path.middle.x,
                    y: path.middle.y,
                    width: size.0,
                    height: size.1,
                }),
                shown: false,
            },
        };
        labels.insert(id.clone(), placed);
    }
    LabelPlacement { labels }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word() {
        let lines = label_lines("review invites a return stay");
        assert_eq!(lines, vec!["review invites a return", "stay"]);
        let (w, h) = label_size(&lines);
        assert!(w >= 23.0 * LABEL_CHAR_WIDTH && h > 2.0 * LABEL_LINE_HEIGHT);
    }

    #[test]
    fn line_names_are_capitalized() {
        assert_eq!(line_name(Line::Interaction), "Line of interaction");
    }
}
