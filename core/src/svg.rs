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
    Blueprint, CardKind, ConnectionId, ConnectionKind, Direction, LaneId, LaneKind, Line, Named,
    Risk, Side,
};

use crate::arrows::route_arrows;
use crate::audience::{self, AudienceFilter};
use crate::diff::compare::{ChangeKind, Comparison};
use crate::labels;
use crate::layout::{Layout, Metrics, Rect, ORCHESTRATION_BAND_HEIGHT};
use crate::metrics::{self, SlaStatus};
use crate::orchestration::{self, band::band_cell, JourneyOrchestration};
use crate::placement::{self, line_label_box, place_labels};

pub use crate::placement::wrap;

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
/// The colour of an arrow between automation and people while the band is drawn (the
/// editor's `.arrow--automation-handoff`).
const AUTOMATION_HANDOFF: &str = "#6b3fa0";
/// The opacity of lanes, cards and arrows below the line of visibility when dimmed.
const DIM_OPACITY: &str = "0.35";

/// Characters of a card title per line.
const TITLE_CHARS: usize = 28;
/// Characters of a stage name and of a lane name (and owner) per line.
const STAGE_CHARS: usize = 26;
const LANE_CHARS: usize = 17;
/// No limit on lines: the picture keeps every word (it grows to hold them).
const ALL_LINES: usize = usize::MAX;
/// Line heights of stage names, lane names and card titles.
const STAGE_LINE: f64 = 17.0;
const LANE_LINE: f64 = 16.0;
const TITLE_LINE: f64 = 15.0;

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

/// The sizes of a picture of `doc`: the editor's, grown where a stage name, a lane name or
/// owner, or a card title needs more lines than they hold, so the picture keeps all its text.
pub fn picture_metrics(doc: &Blueprint) -> Metrics {
    let mut m = Metrics::default();
    let stage_lines = doc
        .stages
        .iter()
        .map(|st| wrap(&st.name, STAGE_CHARS, ALL_LINES).len().max(1))
        .max()
        .unwrap_or(1);
    // The name's lines from y = 22, then the time, then a margin.
    m.stage_header_height = m
        .stage_header_height
        .max(42.0 + STAGE_LINE * (stage_lines - 1) as f64 + 16.0);
    let lane_text = doc
        .lanes
        .iter()
        .map(|l| {
            let name = wrap(lane_name(l), LANE_CHARS, ALL_LINES).len();
            let owner = l
                .owner
                .as_deref()
                .map_or(0, |o| wrap(o, LANE_CHARS + 5, ALL_LINES).len());
            22.0 + LANE_LINE * (name + owner) as f64 + 8.0
        })
        .fold(0.0, f64::max);
    m.min_lane_height = m.min_lane_height.max(lane_text);
    let title_lines = doc
        .cards
        .iter()
        .map(|c| wrap(&c.title, TITLE_CHARS, ALL_LINES).len().max(1))
        .max()
        .unwrap_or(1);
    // The title's lines from y = 20, the marker row at the bottom.
    m.card_height = m
        .card_height
        .max(44.0 + TITLE_LINE * (title_lines - 1) as f64);
    m
}

/// A lane's shown name: its own, or its kind's default when blank.
fn lane_name(lane: &stageline_schema::Lane) -> &str {
    if lane.name.trim().is_empty() {
        lane.kind.default_name()
    } else {
        lane.name.as_str()
    }
}

/// The height of the line under the picture that says what the blueprint shows.
const ABOUT_HEIGHT: f64 = 24.0;

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

/// What a picture shows beyond the blueprint itself, as the editor can show it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PictureOptions {
    /// Draw the orchestration band under the stage headers (how each stage's work is shared
    /// between people and automation, its level and handoffs) and mark the arrows between
    /// automation and people, as the editor does while its band is switched on.
    pub orchestration_band: bool,
}

/// Renders what the audience of `filter` sees of `doc` as a standalone SVG document (see the
/// module docs).
pub fn render_filtered(doc: &Blueprint, filter: &AudienceFilter) -> String {
    render_with(doc, filter, PictureOptions::default())
}

/// The layout a picture of `doc` is drawn on: [`picture_metrics`], with room for the band when
/// `options` ask for it.
fn picture_layout(doc: &Blueprint, options: PictureOptions) -> Layout {
    let metrics = picture_metrics(doc);
    let metrics = if options.orchestration_band {
        metrics.with_orchestration_band()
    } else {
        metrics
    };
    Layout::compute(doc, metrics)
}

/// Renders what the audience of `filter` sees of `doc`, with what `options` add, as a
/// standalone SVG document (see the module docs).
pub fn render_with(doc: &Blueprint, filter: &AudienceFilter, options: PictureOptions) -> String {
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
    let layout = picture_layout(doc, options);
    // The band's figures are the whole journey's, like the stage times.
    let journey = options
        .orchestration_band
        .then(|| orchestration::orchestrate(full));
    let automation: BTreeSet<&ConnectionId> = journey
        .iter()
        .flat_map(|j| &j.end_to_end.handoffs)
        .map(|h| &h.connection)
        .collect();
    let m = layout.metrics;
    let (w, h) = (layout.width, layout.height);
    // Arrows routed and labelled as in the editor; labels without room are listed under the
    // grid, which makes the picture taller.
    let routes = route_arrows(doc, &layout, None);
    let labels = place_labels(
        &layout,
        routes
            .arrows()
            .iter()
            .map(|a| (&a.id, &a.path, a.label.as_str())),
    );
    let unshown = labels.iter().filter(|(_, l)| !l.shown).count();
    let notes_h = if unshown == 0 {
        h
    } else {
        h + 30.0 + 16.0 * unshown as f64
    };
    // What the blueprint shows and where it was copied from, in one line under everything.
    let about = doc.metadata.about();
    let picture_h = if about.is_empty() {
        notes_h
    } else {
        notes_h + ABOUT_HEIGHT
    };
    let mut s = String::with_capacity(4096 + doc.cards.len() * 600);
    // Writing to a String cannot fail; `let _ =` keeps the function total.
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{picture_h:.0}" viewBox="0 0 {w:.1} {picture_h:.1}" font-family="{FONT}" font-size="12" fill="{TEXT}">"#
    );
    let title = if doc.metadata.title.trim().is_empty() {
        "Service blueprint"
    } else {
        doc.metadata.title.as_str()
    };
    let _ = match doc.metadata.kind {
        Some(kind) => writeln!(s, "<title>{} ({})</title>", escape(title), kind.label()),
        None => writeln!(s, "<title>{}</title>", escape(title)),
    };
    let about_desc = if about.is_empty() {
        String::new()
    } else {
        format!(" {}.", escape(&about))
    };
    if filter.is_default() {
        let _ = writeln!(
            s,
            "<desc>Service blueprint drawn by Stageline.{about_desc}</desc>"
        );
    } else {
        let _ = writeln!(
            s,
            "<desc>Service blueprint drawn by Stageline for an audience ({}).{about_desc}</desc>",
            escape(&filter.to_query())
        );
    }
    let _ = writeln!(
        s,
        r#"<defs><marker id="sl-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{ARROW}"/></marker></defs>"#
    );
    let _ = writeln!(
        s,
        r#"<rect x="0" y="0" width="{w:.1}" height="{picture_h:.1}" fill="{SURFACE}"/>"#
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
        let mut ty = y + 22.0;
        for line in wrap(lane_name(lane), LANE_CHARS, ALL_LINES) {
            let _ = writeln!(
                s,
                r#"<text x="14" y="{ty:.1}" font-size="13" font-weight="600">{}</text>"#,
                escape(&line)
            );
            ty += LANE_LINE;
        }
        if let Some(owner) = lane.owner.as_deref().filter(|o| !o.trim().is_empty()) {
            for line in wrap(owner, LANE_CHARS + 5, ALL_LINES) {
                let _ = writeln!(
                    s,
                    r#"<text x="14" y="{ty:.1}" font-size="11" fill="{MUTED}">{}</text>"#,
                    escape(&line)
                );
                ty += LANE_LINE;
            }
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
        let mut ty = 22.0;
        for line in wrap(&stage.name, STAGE_CHARS, ALL_LINES) {
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{ty:.1}" font-size="14" font-weight="600">{}</text>"#,
                x + 10.0,
                escape(&line)
            );
            ty += STAGE_LINE;
        }
        let time_y = ty.max(22.0 + STAGE_LINE) + 3.0;
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
                r#"<text x="{:.1}" y="{time_y:.1}" font-size="11" fill="{color}">{}</text>"#,
                x + 10.0,
                escape(&text)
            );
        }
    }
    let _ = writeln!(s, "</g>");
    if let Some(journey) = &journey {
        render_band(&mut s, journey, &layout);
    }

    // The derived lines.
    let _ = writeln!(s, r#"<g class="lines">"#);
    for g in &layout.lines {
        let color = line_color(g.line);
        let _ = writeln!(
            s,
            r#"<line x1="0" y1="{y:.1}" x2="{w:.1}" y2="{y:.1}" stroke="{color}" stroke-width="2" stroke-dasharray="8 5"/>"#,
            y = g.y
        );
        // Where the editor shows it, clear of the arrow labels (`placement`).
        let b = line_label_box(&layout, g);
        let _ = writeln!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="3" fill="{SURFACE}"/>"#,
            b.x, b.y, b.width, b.height
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" font-weight="600" fill="{color}" text-anchor="middle">{}</text>"#,
            b.x + b.width / 2.0,
            b.y + b.height - 3.5,
            escape(&placement::line_name(g.line))
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
        for line in wrap(&card.title, TITLE_CHARS, ALL_LINES) {
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{ty:.1}">{}</text>"#,
                r.x + 10.0,
                escape(&line)
            );
            ty += TITLE_LINE;
        }
        render_markers(&mut s, card, r);
        let _ = writeln!(s, "</g>");
    }
    let _ = writeln!(s, "</g>");

    // Arrows, over the cards as in the editor.
    let _ = writeln!(s, r#"<g class="arrows" fill="none">"#);
    for a in routes.arrows() {
        let Some(c) = doc.connection(&a.id) else {
            continue;
        };
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
        let dim = card_dimmed(&c.from) && card_dimmed(&c.to);
        if dim {
            let _ = writeln!(s, r#"<g class="dimmed" opacity="{DIM_OPACITY}">"#);
        } else {
            let _ = writeln!(s, "<g>");
        }
        let (stroke, width) = if automation.contains(&c.id) {
            (AUTOMATION_HANDOFF, 3.5)
        } else {
            (ARROW, 1.5)
        };
        let _ = writeln!(
            s,
            r#"<path d="{}" stroke="{stroke}" stroke-width="{width:.1}"{dash} marker-end="url(#sl-arrowhead)"{start}/>"#,
            escape(&a.path.d())
        );
        for (line, p) in &a.crossings {
            let _ = writeln!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="4.5" fill="{}" stroke="{SURFACE}" stroke-width="1.5"/>"#,
                p.x,
                p.y,
                line_color(*line)
            );
        }
        let _ = writeln!(s, "</g>");
    }
    let _ = writeln!(s, "</g>");

    // Arrow labels over every arrow, where the placement found room; the others are listed
    // under the picture, so no text is lost.
    let _ = writeln!(
        s,
        r#"<g class="arrow-labels" font-size="11" fill="{MUTED}" text-anchor="middle">"#
    );
    let mut unplaced: Vec<String> = Vec::new();
    for a in routes.arrows() {
        let Some(label) = labels.get(&a.id) else {
            continue;
        };
        if !label.shown {
            let name = |id| doc.card(id).map_or("", |c| c.title.as_str());
            let ends = doc
                .connection(&a.id)
                .map(|c| format!("{} → {}", name(&c.from), name(&c.to)))
                .unwrap_or_default();
            unplaced.push(format!("{ends}: {}", a.label.trim()));
            continue;
        }
        let opacity = match doc.connection(&a.id) {
            Some(c) if card_dimmed(&c.from) && card_dimmed(&c.to) => {
                format!(r#" opacity="{DIM_OPACITY}""#)
            }
            _ => String::new(),
        };
        let r = label.rect;
        let _ = writeln!(
            s,
            r#"<g{opacity}><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="3" fill="{SURFACE}" fill-opacity="0.85"/>"#,
            r.x, r.y, r.width, r.height
        );
        for (i, line) in label.lines.iter().enumerate() {
            let at = label.baseline(i);
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
                at.x,
                at.y,
                escape(line)
            );
        }
        let _ = writeln!(s, "</g>");
    }
    let _ = writeln!(s, "</g>");
    if !unplaced.is_empty() {
        let mut y = h + 22.0;
        let _ = writeln!(
            s,
            r#"<g class="notes" font-size="11" fill="{MUTED}"><text x="8" y="{y:.1}" font-weight="600">Arrow labels without room on the picture:</text>"#
        );
        for note in &unplaced {
            y += 16.0;
            let _ = writeln!(s, r#"<text x="8" y="{y:.1}">{}</text>"#, escape(note));
        }
        let _ = writeln!(s, "</g>");
    }
    if !about.is_empty() {
        let y = notes_h + ABOUT_HEIGHT - 9.0;
        let _ = writeln!(
            s,
            r#"<g class="about" font-size="11" fill="{MUTED}"><text x="8" y="{y:.1}">{}</text></g>"#,
            escape(&about)
        );
    }
    s.push_str("</svg>\n");
    s
}

/// Characters of a band line per pixel of width and pixel of font size: about half an em a
/// character, as the editor's band fits them.
const BAND_CHAR_WIDTH_PER_PX: f64 = 2.0;

/// Draws the orchestration band: one cell per stage at the bottom of the stage-header row, as
/// the editor's band shows it (the stacked bar with one-letter marks, so it reads without
/// colour, then the counts, front and back of house, the level and the handoffs), each cell
/// with its sentence as its title.
fn render_band(s: &mut String, journey: &JourneyOrchestration, layout: &Layout) {
    let top = layout.metrics.stage_header_height - ORCHESTRATION_BAND_HEIGHT;
    let _ = writeln!(
        s,
        r#"<g class="orchestration" font-size="11"><title>Orchestration by stage</title>"#
    );
    for (stage, span) in journey.stages.iter().zip(&layout.stages) {
        let cell = band_cell(stage.stage.clone(), &stage.name, &stage.orchestration);
        let (x, w) = (span.start, span.size);
        let _ = writeln!(
            s,
            r#"<g class="orchestration__cell" data-level="{}"><title>{}</title>"#,
            cell.level_slug,
            escape(&cell.sentence)
        );
        let _ = writeln!(
            s,
            r#"<rect x="{x:.1}" y="{top:.1}" width="{w:.1}" height="{ORCHESTRATION_BAND_HEIGHT:.1}" fill="{SURFACE_MUTED}" stroke="{BORDER}" stroke-width="0.5"/>"#
        );
        // The bar.
        let (bx, by, bw, bh) = (x + 8.0, top + 5.0, (w - 16.0).max(0.0), 14.0);
        let _ = writeln!(
            s,
            r#"<rect x="{bx:.1}" y="{by:.1}" width="{bw:.1}" height="{bh:.1}" rx="3" fill="{SURFACE}" stroke="{BORDER}" stroke-width="1"/>"#
        );
        let mut at = bx;
        for seg in &cell.segments {
            let sw = bw * seg.percent / 100.0;
            let _ = writeln!(
                s,
                r#"<rect class="orchestration__segment" data-actor="{}" x="{at:.1}" y="{by:.1}" width="{sw:.1}" height="{bh:.1}" fill="{}"><title>{}</title></rect>"#,
                seg.slug,
                seg.fill,
                escape(&seg.title)
            );
            if sw >= 9.0 {
                let _ = writeln!(
                    s,
                    r#"<text x="{:.1}" y="{:.1}" font-size="10" font-weight="600" fill="{}" text-anchor="middle">{}</text>"#,
                    at + sw / 2.0,
                    by + 10.5,
                    seg.ink,
                    seg.mark
                );
            }
            at += sw;
        }
        // The lines under it, each cut to the cell's width (the handoffs, the longest, a
        // size smaller).
        let width = (w - 16.0).max(0.0);
        let lines = [
            (cell.counts.as_str(), "", 11.0),
            (cell.houses.as_str(), "", 11.0),
            (cell.level, r#" font-weight="600""#, 11.0),
            (cell.handoffs.as_str(), r#" font-size="10""#, 10.0),
        ];
        let mut ty = by + bh + 14.0;
        for (text, attrs, size) in lines {
            let chars = (width * BAND_CHAR_WIDTH_PER_PX / size).max(4.0) as usize;
            if let Some(line) = wrap(text, chars, 1).first() {
                let _ = writeln!(
                    s,
                    r#"<text x="{:.1}" y="{ty:.1}"{attrs}>{}</text>"#,
                    x + 8.0,
                    escape(line)
                );
            }
            ty += 14.0;
        }
        let _ = writeln!(s, "</g>");
    }
    let _ = writeln!(s, "</g>");
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

/// The colour of a change's mark, as the editor's comparison view draws it.
fn change_color(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => SUCCESS,
        ChangeKind::Removed => DANGER,
        ChangeKind::Moved => "#2a62d8",
        ChangeKind::Changed => "#975a16",
    }
}

/// A mark's badge: a filled label with the change's symbol and word, ending at `right`.
fn change_badge(s: &mut String, right: f64, y: f64, kind: ChangeKind, word: &str) {
    let text = format!("{} {word}", kind.symbol());
    let width = 12.0 + 6.2 * text.chars().count() as f64;
    let x = right - width;
    let _ = writeln!(
        s,
        r#"<rect x="{x:.1}" y="{y:.1}" width="{width:.1}" height="15" rx="3" fill="{}"/>"#,
        change_color(kind)
    );
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="10.5" font-weight="700" fill="#ffffff">{}</text>"##,
        x + 6.0,
        y + 11.0,
        escape(&text)
    );
}

/// Renders a comparison (`crate::diff::compare`) as a standalone SVG document: the grid of
/// both versions as [`render`] draws it, with each added, removed, moved or changed card, stage
/// and lane marked by a coloured outline (dashed for removed, double for moved, dotted for
/// changed) and a badge with its symbol and word, so the marks read without colour and in
/// black-and-white print; the title and description say what is compared.
pub fn render_comparison(
    c: &Comparison,
    old_name: &str,
    new_name: &str,
    options: PictureOptions,
) -> String {
    let doc = &c.doc;
    let mut svg = render_with(doc, &AudienceFilter::default(), options);
    let layout = picture_layout(doc, options);
    let m = layout.metrics;
    let mut s = String::new();
    let _ = writeln!(s, r#"<g class="changes">"#);
    for card in &doc.cards {
        let (Some(mark), Some(r)) = (c.cards.get(&card.id), layout.cards.get(&card.id)) else {
            continue;
        };
        let dash = match mark.kind {
            ChangeKind::Removed => r#" stroke-dasharray="6 4""#,
            ChangeKind::Changed => r#" stroke-dasharray="2 3""#,
            ChangeKind::Added | ChangeKind::Moved => "",
        };
        let _ = writeln!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="8" ry="8" fill="none" stroke="{}" stroke-width="3"{dash}/>"#,
            r.x - 2.0,
            r.y - 2.0,
            r.width + 4.0,
            r.height + 4.0,
            change_color(mark.kind)
        );
        if mark.kind == ChangeKind::Moved {
            let _ = writeln!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="10" ry="10" fill="none" stroke="{}" stroke-width="1.5"/>"#,
                r.x - 6.0,
                r.y - 6.0,
                r.width + 12.0,
                r.height + 12.0,
                change_color(mark.kind)
            );
        }
        if mark.kind == ChangeKind::Removed {
            let _ = writeln!(
                s,
                r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{DANGER}" stroke-width="1.5"/>"#,
                r.x + 8.0,
                r.y + 16.0,
                r.x + r.width - 8.0,
                r.y + 16.0
            );
        }
        change_badge(
            &mut s,
            r.x + r.width - 2.0,
            r.y - 9.0,
            mark.kind,
            mark.badge(),
        );
    }
    for (stage, span) in doc.stages.iter().zip(&layout.stages) {
        if let Some(mark) = c.stages.get(&stage.id) {
            // Above the band, when it is drawn.
            let band = if options.orchestration_band {
                ORCHESTRATION_BAND_HEIGHT
            } else {
                0.0
            };
            let bottom = m.stage_header_height - band - 19.0;
            change_badge(
                &mut s,
                span.start + span.size - 6.0,
                bottom,
                mark.kind,
                mark.badge(),
            );
        }
    }
    for (lane, span) in doc.lanes.iter().zip(&layout.lanes) {
        if let Some(mark) = c.lanes.get(&lane.id) {
            let y = span.start + span.size - 21.0;
            change_badge(
                &mut s,
                m.lane_header_width - 6.0,
                y,
                mark.kind,
                mark.badge(),
            );
        }
    }
    let _ = writeln!(s, "</g>");
    if let Some(end) = svg.rfind("</svg>") {
        svg.insert_str(end, &s);
    }
    let counts: Vec<String> = ChangeKind::ALL
        .iter()
        .map(|k| format!("{} {}", c.count(*k), k.label().to_lowercase()))
        .collect();
    let desc = format!(
        "<desc>Comparison drawn by Stageline: from {} to {}; {}.</desc>",
        escape(old_name),
        escape(new_name),
        counts.join(", ")
    );
    if let (Some(start), Some(end)) = (svg.find("<desc>"), svg.find("</desc>")) {
        svg.replace_range(start..end + "</desc>".len(), &desc);
    }
    svg
}
