//! The customer's emotion curve, drawn as a thin band along the bottom of the customer lane:
//! one point per customer card with an emotion (−2 … +2), joined stage by stage.
//!
//! The points come from the shared journey metrics ([`crate::view_model::checks::ChecksCtx`]),
//! positioned with the core layout. The band lies in the lane's free space below its fullest
//! cell, so it never covers a card. It is decoration only (`aria-hidden`, no pointer events):
//! each card's emotion is already in its label and on its marker.

use leptos::prelude::*;
use stageline_core::fields::values::emotion_fraction;
use stageline_core::layout::Layout;
use stageline_core::metrics::EmotionPoint;

use crate::state::use_app;
use crate::view_model::checks::use_checks;

/// Height of the band the curve is drawn in, and its distance from the lane's bottom edge.
const BAND_HEIGHT: f64 = 28.0;
const BAND_BOTTOM_GAP: f64 = 5.0;

/// One point of the drawn curve.
#[derive(Debug, Clone, PartialEq)]
struct Dot {
    x: f64,
    y: f64,
    emotion: i8,
}

/// Everything the layer draws.
#[derive(Debug, Clone, PartialEq)]
struct Curve {
    dots: Vec<Dot>,
    /// The neutral (0) line: from x, to x, at y.
    zero: (f64, f64, f64),
    /// Top of the band.
    top: f64,
    /// Left edge of the first stage.
    left: f64,
}

/// Places the emotion points: x spread evenly within each stage (one point sits at the card's
/// centre), y from +2 at the band's top to −2 at its bottom (the schema's emotion range, out
/// of range values clamped).
fn place(points: &[EmotionPoint], layout: &Layout) -> Option<Curve> {
    let slot = |p: &EmotionPoint| layout.slots.get(&p.card).copied();
    // The band goes in the lane of the first point (the customer lane).
    let lane = points.iter().find_map(slot).map(|(l, _, _)| l)?;
    let span = layout.lanes.get(lane)?;
    let bottom = span.end() - BAND_BOTTOM_GAP;
    let top = bottom - BAND_HEIGHT;
    let y_of = |e: i8| top + (1.0 - emotion_fraction(e)) * BAND_HEIGHT;
    let placed: Vec<(usize, i8)> = points
        .iter()
        .filter_map(|p| slot(p).map(|(_, stage, _)| (stage, p.emotion)))
        .collect();
    let mut dots = Vec::with_capacity(placed.len());
    let mut k = 0;
    while k < placed.len() {
        let stage = placed[k].0;
        let n = placed[k..].iter().take_while(|(s, _)| *s == stage).count();
        let Some(col) = layout.stages.get(stage) else {
            k += n;
            continue;
        };
        for (j, (_, emotion)) in placed[k..k + n].iter().enumerate() {
            dots.push(Dot {
                x: col.start + col.size * (j as f64 + 0.5) / n as f64,
                y: y_of(*emotion),
                emotion: *emotion,
            });
        }
        k += n;
    }
    if dots.is_empty() {
        return None;
    }
    let left = layout.stages.first().map_or(0.0, |s| s.start);
    let right = layout.stages.last().map_or(layout.width, |s| s.end());
    Some(Curve {
        dots,
        zero: (left, right, y_of(0)),
        top,
        left,
    })
}

/// The SVG overlay with the emotion curve (nothing when no customer card has an emotion).
#[component]
pub fn EmotionLayer() -> impl IntoView {
    let app = use_app();
    let checks = use_checks();
    let layout = app.layout;
    let curve = Memo::new(move |_| {
        checks
            .metrics
            .with(|m| layout.with(|l| place(&m.as_ref()?.emotion_curve, l)))
    });
    move || {
        curve.get().map(|c| {
            let points = c
                .dots
                .iter()
                .map(|d| format!("{:.1},{:.1}", d.x, d.y))
                .collect::<Vec<_>>()
                .join(" ");
            let (x1, x2, y0) = c.zero;
            view! {
                <svg
                    class="emotion-curve"
                    aria-hidden="true"
                    focusable="false"
                    width=move || layout.with(|l| l.width)
                    height=move || layout.with(|l| l.height)
                >
                    <line class="emotion-curve__zero" x1=x1 x2=x2 y1=y0 y2=y0></line>
                    <text class="emotion-curve__label" x=c.left + 6.0 y=c.top + 8.0>
                        "Emotion"
                    </text>
                    <polyline class="emotion-curve__line" points=points></polyline>
                    {c
                        .dots
                        .iter()
                        .map(|d| {
                            view! {
                                <circle
                                    class="emotion-curve__dot"
                                    data-emotion=d.emotion.to_string()
                                    cx=format!("{:.1}", d.x)
                                    cy=format!("{:.1}", d.y)
                                    r="3.5"
                                ></circle>
                            }
                        })
                        .collect_view()}
                </svg>
            }
        })
    }
}
