//! A standalone SVG picture of a blueprint: the app's SVG export and the command line's
//! `render` both call [`render`], so the two always match.
//!
//! Positions come from [`Layout::compute`] with the default [`Metrics`] and arrows from
//! [`route`], the same numbers the editor's canvas uses. Colours are the lane and line tokens of
//! the app's stylesheet (`style/main.css`, `--lane-*` and `--line-*`).
//!
//! The output is safe to open anywhere, whatever the document says: every piece of document
//! text goes through [`escape`] (XML-escaped; characters XML 1.0 cannot hold and other control
//! characters are dropped), and the picture has no scripts, no event handlers, no style
//! sheets, no `foreignObject`, no links and no references outside itself (the only `url(…)` is
//! the arrowhead marker defined in the same file). Card links are not drawn at all, so no URL
//! from a document ever reaches an attribute. The same document and filter always give the
//! same bytes.
//!
//! [`render_filtered`] draws what one audience sees ([`crate::audience`]): hidden lanes, their
//! cards and the arrows touching them are left out (the rest closes up), fail points can be
//! highlighted and everything below the line of visibility dimmed. Stage times are still
//! those of the whole journey: hiding a lane hides it from the picture, not from the service.

use std::fmt::Write as _;

use std::collections::BTreeSet;

use stageline_schema::{
    Blueprint, CardKind, ConnectionKind, Direction, LaneId, LaneKind, Line, Named, Risk, Side,
};

use crate::audience::{self, AudienceFilter};
use crate::labels;
use crate::layout::{route, Layout, Metrics, Rect};
use crate::metrics::{self, SlaStatus};

const FONT: &str = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, sans-serif";
const TEXT: &str = "#1b2333";
const MUTED: &str = "#5a6478";
const BORDER: &str = "#d5d9e2";
const SURFACE: &str = "#ffffff";
const SURFACE_MUTED: &str = "#eef0f4";
const DANGER: &str = "#c0392b";
const WARNING: &str = "#b7791f";
const SUCCESS: &str = "#2f855a";
const ARROW: &str = "#5a6478";
/// The fill of a highlighted fail-point card.
const DANGER_SURFACE: &str = "#fff5f5";
/// The opacity of lanes, cards and arrows below the line of visibility when dimmed.
const DIM_OPACITY: &str = "0.35";

/// Characters of a card title per line, and lines per title.
const TITLE_CHARS: usize = 28;
const TITLE_LINES: usize = 3;

/// The row tint and header edge colour of a lane kind (`--lane-*` tokens).
pub fn lane_colors(kind: LaneKind) -> (&'static str, &'static str) {
    match kind {
        LaneKind::PhysicalEvidence => ("#fdf6e3", "#d9a400"),
        LaneKind::Customer => ("#fff1e6", "#e07a1f"),
        LaneKind::Frontstage => ("#e8f6f5", "#2a9d8f"),
        LaneKind::Backstage => ("#eef0fb", "#5a67d8"),
        LaneKind::Support => ("#f3eefb", "#805ad5"),
        LaneKind::Partner => ("#eef6ee", "#38a169"),
        LaneKind::System => ("#edf2f7", "#4a5568"),
        LaneKind::Policy => ("#fbeeee", "#c53030"),
        LaneKind::Custom => ("#f7f7f7", "#718096"),
    }
}

/// The colour of a derived line (`--line-*` tokens).
pub fn line_color(line: Line) -> &'static str {
    match line {
        Line::Interaction => "#e07a1f",
        Line::Visibility => "#2a9d8f",
        Line::InternalInteraction => "#805ad5",
    }
}

/// Escapes text for XML content and attributes (all five special characters, so the result
/// is safe in either); tabs and line breaks become spaces; characters XML 1.0 cannot hold
/// (C0 controls, U+FFFE, U+FFFF) and the C1 controls and DEL, which it discourages, are
/// dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

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

/// `text` on one line of at most `width` characters, with an ellipsis when shortened.
fn clip(text: &str, width: usize) -> String {
    wrap(text, width, 1).into_iter().next().unwrap_or_default()
}

fn risk_color(risk: Risk) -> &'static str {
    match risk {
        Risk::High => DANGER,
        Risk::Medium | Risk::Low => WARNING,
    }
}

/// Renders `doc` as a standalone SVG document with every lane shown (see the module docs).
pub fn render(doc: &Blueprint) -> String {
    render_filtered(doc, &AudienceFilter::default())
}

/// Renders what the audience of `filter` sees of `doc` as a standalone SVG document (see the
/// module docs).
pub fn render_filtered(doc: &Blueprint, filter: &AudienceFilter) -> String {
    let full = doc;
    let view = audience::filtered(full, filter);
    let doc = &view;
    // The lanes drawn dimmed (zones of the filtered copy equal those in the whole document).
    let dimmed: BTreeSet<&LaneId> = if filter.dim_below_visibility {
        doc.lanes
            .iter()
            .zip(doc.zones())
            .filter(|(_, zone)| zone.side() == Side::Invisible)
            .map(|(lane, _)| &lane.id)
            .collect()
    } else {
        BTreeSet::new()
    };
    let card_dimmed = |id| doc.card(id).is_some_and(|c| dimmed.contains(&c.lane));
    let layout = Layout::compute(doc, Metrics::default());
    let m = layout.metrics;
    let (w, h) = (layout.width, layout.height);
    let mut s = String::with_capacity(4096 + doc.cards.len() * 600);
    // Writing to a String cannot fail; `let _ =` keeps the function total.
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.1} {h:.1}" font-family="{FONT}" font-size="12" fill="{TEXT}">"#
    );
    let title = if doc.metadata.title.trim().is_empty() {
        "Service blueprint"
    } else {
        doc.metadata.title.as_str()
    };
    let _ = writeln!(s, "<title>{}</title>", escape(title));
    if filter.is_default() {
        let _ = writeln!(s, "<desc>Service blueprint drawn by Stageline.</desc>");
    } else {
        let _ = writeln!(
            s,
            "<desc>Service blueprint drawn by Stageline for an audience ({}).</desc>",
            escape(&filter.to_query())
        );
    }
    let _ = writeln!(
        s,
        r#"<defs><marker id="sl-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{ARROW}"/></marker></defs>"#
    );
    let _ = writeln!(
        s,
        r#"<rect x="0" y="0" width="{w:.1}" height="{h:.1}" fill="{SURFACE}"/>"#
    );

    // Lane bands and headers.
    let _ = writeln!(s, r#"<g class="lanes">"#);
    for (lane, span) in doc.lanes.iter().zip(&layout.lanes) {
        let (tint, edge) = lane_colors(lane.kind);
        let (y, lh) = (span.start, span.size);
        let dim = dimmed.contains(&lane.id);
        if dim {
            let _ = writeln!(s, r#"<g class="dimmed" opacity="{DIM_OPACITY}">"#);
        }
        let _ = writeln!(
            s,
            r#"<rect x="0" y="{y:.1}" width="{w:.1}" height="{lh:.1}" fill="{tint}" stroke="{BORDER}" stroke-width="0.5"/>"#
        );
        let _ = writeln!(
            s,
            r#"<rect x="0" y="{y:.1}" width="4" height="{lh:.1}" fill="{edge}"/>"#
        );
        let name = if lane.name.trim().is_empty() {
            lane.kind.default_name()
        } else {
            lane.name.as_str()
        };
        let mut ty = y + 22.0;
        for line in wrap(name, 17, 2) {
            let _ = writeln!(
                s,
                r#"<text x="14" y="{ty:.1}" font-size="13" font-weight="600">{}</text>"#,
                escape(&line)
            );
            ty += 16.0;
        }
        if let Some(owner) = lane.owner.as_deref().filter(|o| !o.trim().is_empty()) {
            let _ = writeln!(
                s,
                r#"<text x="14" y="{ty:.1}" font-size="11" fill="{MUTED}">{}</text>"#,
                escape(&clip(owner, 22))
            );
        }
        if dim {
            let _ = writeln!(s, "</g>");
        }
    }
    let _ = writeln!(s, "</g>");

    // Stage headers and column separators; times are the whole journey's.
    let stage_metrics = metrics::compute(full);
    let _ = writeln!(s, r#"<g class="stages">"#);
    let _ = writeln!(
        s,
        r#"<rect x="0" y="0" width="{:.1}" height="{:.1}" fill="{SURFACE_MUTED}" stroke="{BORDER}" stroke-width="0.5"/>"#,
        m.lane_header_width, m.stage_header_height
    );
    for (k, (stage, span)) in doc.stages.iter().zip(&layout.stages).enumerate() {
        let x = span.start;
        let _ = writeln!(
            s,
            r#"<rect x="{x:.1}" y="0" width="{:.1}" height="{:.1}" fill="{SURFACE_MUTED}" stroke="{BORDER}" stroke-width="0.5"/>"#,
            span.size, m.stage_header_height
        );
        let _ = writeln!(
            s,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{h:.1}" stroke="{BORDER}" stroke-width="1"/>"#,
            m.stage_header_height
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="22" font-size="14" font-weight="600">{}</text>"#,
            x + 10.0,
            escape(&clip(&stage.name, 26))
        );
        if let Some(sm) = stage_metrics.stages.get(k) {
            let t = &sm.time;
            let (text, color) = match t.target_secs {
                Some(target) => (
                    format!(
                        "{} of {} target",
                        metrics::format_duration(t.critical_path_secs),
                        metrics::format_duration(target)
                    ),
                    if t.status == SlaStatus::Over {
                        DANGER
                    } else {
                        SUCCESS
                    },
                ),
                None => (metrics::format_duration(t.critical_path_secs), MUTED),
            };
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="42" font-size="11" fill="{color}">{}</text>"#,
                x + 10.0,
                escape(&text)
            );
        }
    }
    let _ = writeln!(s, "</g>");

    // The derived lines.
    let _ = writeln!(s, r#"<g class="lines">"#);
    for g in &layout.lines {
        let color = line_color(g.line);
        let _ = writeln!(
            s,
            r#"<line x1="0" y1="{y:.1}" x2="{w:.1}" y2="{y:.1}" stroke="{color}" stroke-width="2" stroke-dasharray="8 5"/>"#,
            y = g.y
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" font-style="italic" fill="{color}" text-anchor="end">{}</text>"#,
            w - 8.0,
            g.y - 4.0,
            g.line.label()
        );
    }
    let _ = writeln!(s, "</g>");

    // Cards.
    let _ = writeln!(s, r#"<g class="cards">"#);
    for card in &doc.cards {
        let Some(r) = layout.cards.get(&card.id) else {
            continue;
        };
        let edge = doc
            .lane(&card.lane)
            .map_or(BORDER, |l| lane_colors(l.kind).1);
        let highlight = filter.highlight_fail_points && card.fail_point.is_some();
        let (stroke, stroke_width) = match &card.fail_point {
            Some(fp) if highlight => (risk_color(fp.risk), 3.0),
            Some(fp) => (risk_color(fp.risk), 2.0),
            None => (BORDER, 1.0),
        };
        let fill = if highlight {
            DANGER_SURFACE
        } else if card.kind == CardKind::Note {
            "#fffbea"
        } else {
            SURFACE
        };
        if dimmed.contains(&card.lane) {
            let _ = writeln!(s, r#"<g class="dimmed" opacity="{DIM_OPACITY}">"#);
        } else {
            let _ = writeln!(s, "<g>");
        }
        if highlight {
            let _ = writeln!(
                s,
                r#"<rect class="fail-highlight" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="9" ry="9" fill="none" stroke="{stroke}" stroke-opacity="0.35" stroke-width="4"/>"#,
                r.x - 3.0,
                r.y - 3.0,
                r.width + 6.0,
                r.height + 6.0
            );
        }
        let _ = writeln!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="6" ry="6" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width:.1}"/>"#,
            r.x, r.y, r.width, r.height
        );
        let _ = writeln!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="3" height="{:.1}" fill="{edge}"/>"#,
            r.x + 1.0,
            r.y + 6.0,
            r.height - 12.0
        );
        let mut ty = r.y + 20.0;
        for line in wrap(&card.title, TITLE_CHARS, TITLE_LINES) {
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{ty:.1}">{}</text>"#,
                r.x + 10.0,
                escape(&line)
            );
            ty += 15.0;
        }
        render_markers(&mut s, card, r);
        let _ = writeln!(s, "</g>");
    }
    let _ = writeln!(s, "</g>");

    // Arrows, over the cards as in the editor.
    let _ = writeln!(s, r#"<g class="arrows" fill="none">"#);
    for c in &doc.connections {
        let (Some(a), Some(b)) = (layout.cards.get(&c.from), layout.cards.get(&c.to)) else {
            continue;
        };
        let path = route(a, b);
        let dash = match c.kind {
            ConnectionKind::Handoff => "",
            ConnectionKind::DataFlow => r#" stroke-dasharray="6 3""#,
            ConnectionKind::Dependency => r#" stroke-dasharray="2 3""#,
            ConnectionKind::Feedback => r#" stroke-dasharray="8 3 2 3""#,
        };
        let start = if c.direction == Direction::TwoWay {
            r#" marker-start="url(#sl-arrowhead)""#
        } else {
            ""
        };
        if card_dimmed(&c.from) && card_dimmed(&c.to) {
            let _ = writeln!(s, r#"<g class="dimmed" opacity="{DIM_OPACITY}">"#);
        } else {
            let _ = writeln!(s, "<g>");
        }
        let _ = writeln!(
            s,
            r#"<path d="{}" stroke="{ARROW}" stroke-width="1.5"{dash} marker-end="url(#sl-arrowhead)"{start}/>"#,
            escape(&path.d())
        );
        let crossed = doc.crossings(&c.from, &c.to);
        for g in layout.lines.iter().filter(|g| crossed.contains(&g.line)) {
            if let Some(p) = path.crossing_at_y(g.y) {
                let _ = writeln!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="4.5" fill="{}" stroke="{SURFACE}" stroke-width="1.5"/>"#,
                    p.x,
                    p.y,
                    line_color(g.line)
                );
            }
        }
        if !c.label.trim().is_empty() {
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="11" fill="{MUTED}" stroke="none" text-anchor="middle">{}</text>"#,
                path.middle.x,
                path.middle.y - 6.0,
                escape(&clip(&c.label, 32))
            );
        }
        let _ = writeln!(s, "</g>");
    }
    let _ = writeln!(s, "</g>");
    s.push_str("</svg>\n");
    s
}

/// The marker row at the bottom of a card: fail point, wait, emotion, actor type, in the
/// editor's plain-text form (`wait 6 min`, not an hourglass emoji that many fonts lack).
fn render_markers(s: &mut String, card: &stageline_schema::Card, r: &Rect) {
    let y = r.y + r.height - 9.0;
    let mut x = r.x + 10.0;
    let mut marker = |s: &mut String, text: &str, color: &str| {
        let _ = writeln!(
            s,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="11" fill="{color}">{}</text>"#,
            escape(text)
        );
        // A rough advance: 6.5 px per character plus a gap.
        x += text.chars().count() as f64 * 6.5 + 10.0;
    };
    if let Some(fp) = &card.fail_point {
        let risk = fp.risk.label().to_lowercase();
        marker(s, &format!("⚠ F {risk}"), risk_color(fp.risk));
    }
    if let Some(wait) = card.wait_before_secs {
        marker(
            s,
            &format!("wait {}", metrics::format_duration(wait)),
            MUTED,
        );
    }
    if let Some(emotion) = card.emotion {
        marker(s, &labels::emotion_chip(emotion), MUTED);
    }
    if let Some(actor) = card.actor_type {
        marker(s, labels::actor_chip(actor), MUTED);
    }
}
