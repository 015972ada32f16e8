//! The blueprint canvas: a scrollable, zoomable viewport around the ARIA grid of headers,
//! cells and cards, the derived lines and the arrow layer.
//!
//! Everything is positioned from the core's [`stageline_core::layout::Layout`]; this component
//! wires pointer gestures (drag, arrow drawing, header reordering, pinch and wheel zoom,
//! auto-scroll) and grid keys to the interaction module.

use std::collections::HashSet;

use leptos::html::Div;
use leptos::prelude::*;
use stageline_core::layout::{render_area, Point, Rect};
use stageline_core::nav::Focus;
use stageline_schema::{CardId, Line};

use crate::components::arrows::{ArrowLayer, ArrowsInView};
use crate::components::cell::Cell;
use crate::components::emotion::EmotionLayer;
use crate::components::headers::{FocusStop, LaneHeader, StageCounts, StageHeader};
use crate::interaction::{keys, pointer};
use crate::state::{use_app, AppState};

/// How far beyond the visible part of the canvas cards and arrows are rendered (canvas px),
/// so that scrolling shows ready content; the rendered area also snaps to this step.
const RENDER_MARGIN: f64 = 480.0;

/// What children of the canvas need from it: the element that defines canvas coordinates and
/// the part of the canvas worth rendering.
#[derive(Clone, Copy)]
pub struct CanvasCtx {
    /// The zoomed canvas element (its top-left corner is canvas point 0, 0).
    pub canvas: NodeRef<Div>,
    /// The part of the canvas to render (what is in view plus a margin, snapped so small
    /// scrolls change nothing): cells and arrows leave out what lies outside it.
    pub area: Memo<Rect>,
    /// Cards that stay rendered wherever they are (focused, being edited, dragged, the start
    /// of an arrow), so focus, typing and pointer capture survive scrolling.
    pub pinned: Memo<Vec<CardId>>,
    /// The cards being dragged (empty when none). It changes when a drag starts or ends, not
    /// on each pointer move, so the cards that are not dragged stay still as the pointer moves
    /// (reading the drag itself made every rendered card re-run on every move).
    pub dragged: Memo<Vec<CardId>>,
    /// The card an arrow is being drawn from, by pointer or keyboard (for the same reason).
    pub arrow_source: Memo<Option<CardId>>,
}

impl CanvasCtx {
    /// The canvas point under a pointer event.
    pub fn point(&self, app: &AppState, ev: &web_sys::PointerEvent) -> Option<Point> {
        self.canvas
            .get_untracked()
            .map(|c| pointer::canvas_point(&c, ev, app.session.zoom.get_untracked()))
    }
}

/// Captures the pointer on the element that received `ev`, so the whole gesture reaches the
/// canvas (events bubble up from the capturing element) wherever the pointer goes.
pub fn capture(ev: &web_sys::PointerEvent) {
    use wasm_bindgen::JsCast;
    if let Some(el) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    {
        let _ = el.set_pointer_capture(ev.pointer_id());
    }
}

/// Scales the canvas so the whole blueprint fits the viewport.
pub fn fit_to_screen(app: &AppState, viewport: &NodeRef<Div>) {
    let Some(vp) = viewport.get_untracked() else {
        return;
    };
    let layout = app.layout.get_untracked();
    let (w, h) = (
        f64::from(vp.client_width()) - 16.0,
        f64::from(vp.client_height()) - 16.0,
    );
    if layout.width <= 0.0 || layout.height <= 0.0 || w <= 0.0 || h <= 0.0 {
        return;
    }
    let (lo, hi) = crate::state::ZOOM_RANGE;
    let zoom = (w / layout.width)
        .min(h / layout.height)
        .clamp(lo, hi.min(1.0));
    app.session.zoom.set(zoom);
    vp.set_scroll_left(0);
    vp.set_scroll_top(0);
    app.say(format!("Zoom {:.0} % (fit to screen)", zoom * 100.0));
}

/// The blueprint canvas.
#[component]
pub fn Canvas(
    /// The scrolling viewport, shared with the toolbar's zoom controls.
    viewport: NodeRef<Div>,
) -> impl IntoView {
    let app = use_app();
    crate::perf::mark("stageline:render-start");
    let s = app.session;
    let canvas = NodeRef::<Div>::new();
    let layout = app.layout;
    let zoom = s.zoom;
    let visible = RwSignal::new(window_area());
    let measure = move || {
        if let (Some(vp), Some(cv)) = (viewport.get_untracked(), canvas.get_untracked()) {
            let area = visible_part(&vp, &cv, zoom.get_untracked());
            if visible.get_untracked() != area {
                visible.set(area);
            }
        }
    };
    // Zoom and the first mount move the canvas under the viewport; scrolling and resizing too.
    Effect::new(move |_| {
        zoom.track();
        measure();
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    // The first frame renders only what is in view, so a large blueprint shows up sooner; the
    // margin around it follows once that frame is on screen and the browser is idle.
    let margin = RwSignal::new(0.0);
    request_animation_frame(|| crate::perf::mark("stageline:first-frame"));
    crate::idle::after_first_paint(move || {
        margin.try_set(RENDER_MARGIN);
    });
    let area = Memo::new(move |_| render_area(&visible.get(), margin.get(), RENDER_MARGIN));
    let dragged = Memo::new(move |_| {
        s.drag.with(|d| {
            d.as_ref()
                .filter(|d| d.active)
                .map(|d| d.cards.clone())
                .unwrap_or_default()
        })
    });
    let arrow_source = Memo::new(move |_| {
        s.connect_from
            .get()
            .or_else(|| s.connect.with(|c| c.as_ref().map(|c| c.from.clone())))
    });
    let pinned = Memo::new(move |_| {
        let mut cards = Vec::new();
        if let Some(Focus::Card(id)) = s.focus.get() {
            cards.push(id);
        }
        cards.extend(s.editing.get());
        cards.extend(s.connect_from.get());
        s.drag.with(|d| {
            if let Some(d) = d {
                cards.extend(d.cards.iter().cloned());
            }
        });
        cards
    });
    let ctx = CanvasCtx {
        canvas,
        area,
        pinned,
        dragged,
        arrow_source,
    };
    provide_context(ctx);
    let arrows = ArrowsInView::new(app, area);
    provide_context(arrows);
    StageCounts::provide(app);
    FocusStop::provide(app);

    let stage_ids =
        Memo::new(move |_| app.doc(|d| d.stages.iter().map(|x| x.id.clone()).collect::<Vec<_>>()));
    let lane_ids =
        Memo::new(move |_| app.doc(|d| d.lanes.iter().map(|x| x.id.clone()).collect::<Vec<_>>()));

    // Auto-scroll while a gesture is near the viewport's edges; also re-derives the canvas
    // point, which changes as the content scrolls under a still pointer.
    let last_client = StoredValue::new(None::<(i32, f64, f64)>);
    let tick = move || {
        if !pointer::gesture_active(&app) {
            return;
        }
        let (Some((pointer_id, cx, cy)), Some(vp), Some(cv)) = (
            last_client.get_value(),
            viewport.get_untracked(),
            canvas.get_untracked(),
        ) else {
            return;
        };
        let (dx, dy) = pointer::autoscroll_step(&vp.get_bounding_client_rect(), (cx, cy));
        if dx == 0.0 && dy == 0.0 {
            return;
        }
        vp.set_scroll_left(vp.scroll_left() + dx as i32);
        vp.set_scroll_top(vp.scroll_top() + dy as i32);
        let rect = cv.get_bounding_client_rect();
        let z = zoom.get_untracked();
        pointer::moved(
            &app,
            pointer_id,
            Point {
                x: (cx - rect.left()) / z,
                y: (cy - rect.top()) / z,
            },
        );
    };
    if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_millis(30)) {
        on_cleanup(move || handle.clear());
    }

    // Pinch zoom: two touch pointers on the viewport.
    let touches = StoredValue::new(Vec::<(i32, f64, f64)>::new());
    let pinch = StoredValue::new(None::<(f64, f64)>);
    let spread = move |t: &[(i32, f64, f64)]| (t[0].1 - t[1].1).hypot(t[0].2 - t[1].2);

    let on_pointerdown = move |ev: web_sys::PointerEvent| {
        if ev.pointer_type() == "touch" {
            touches.update_value(|t| {
                t.retain(|p| p.0 != ev.pointer_id());
                t.push((
                    ev.pointer_id(),
                    f64::from(ev.client_x()),
                    f64::from(ev.client_y()),
                ));
            });
            let t = touches.get_value();
            if t.len() == 2 {
                // A second finger: this is a pinch, not a drag.
                pointer::cancel(&app);
                pinch.set_value(Some((spread(&t), zoom.get_untracked())));
            }
        }
    };
    let on_pointermove = move |ev: web_sys::PointerEvent| {
        let (cx, cy) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        if ev.pointer_type() == "touch" {
            touches.update_value(|t| {
                if let Some(p) = t.iter_mut().find(|p| p.0 == ev.pointer_id()) {
                    p.1 = cx;
                    p.2 = cy;
                }
            });
            if let Some((start, start_zoom)) = pinch.get_value() {
                let t = touches.get_value();
                if t.len() == 2 && start > 0.0 {
                    let (lo, hi) = crate::state::ZOOM_RANGE;
                    zoom.set((start_zoom * spread(&t) / start).clamp(lo, hi));
                }
                return;
            }
        }
        if !pointer::gesture_active(&app) {
            if ev.pointer_type() == "mouse" {
                hover_arrow(&ev, ctx.point(&app, &ev), arrows, zoom.get_untracked());
            }
            return;
        }
        last_client.set_value(Some((ev.pointer_id(), cx, cy)));
        if let Some(at) = ctx.point(&app, &ev) {
            pointer::moved(&app, ev.pointer_id(), at);
        }
    };
    let end_touch = move |ev: &web_sys::PointerEvent| {
        touches.update_value(|t| t.retain(|p| p.0 != ev.pointer_id()));
        if touches.with_value(|t| t.len() < 2) {
            pinch.set_value(None);
        }
    };
    let on_pointerup = move |ev: web_sys::PointerEvent| {
        end_touch(&ev);
        last_client.set_value(None);
        if let Some(at) = ctx.point(&app, &ev) {
            pointer::released(&app, ev.pointer_id(), at);
        }
    };
    let on_pointercancel = move |ev: web_sys::PointerEvent| {
        end_touch(&ev);
        last_client.set_value(None);
        pointer::cancel(&app);
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        if !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        ev.prevent_default();
        let (Some(vp), Some(cv)) = (viewport.get_untracked(), canvas.get_untracked()) else {
            return;
        };
        // Keep the canvas point under the pointer where it is.
        let rect = cv.get_bounding_client_rect();
        let old = zoom.get_untracked();
        let at = Point {
            x: (f64::from(ev.client_x()) - rect.left()) / old,
            y: (f64::from(ev.client_y()) - rect.top()) / old,
        };
        let (lo, hi) = crate::state::ZOOM_RANGE;
        let new = (old * (-ev.delta_y() * 0.0015).exp()).clamp(lo, hi);
        zoom.set(new);
        let vr = vp.get_bounding_client_rect();
        let offset_x = rect.left() - vr.left() + f64::from(vp.scroll_left());
        let offset_y = rect.top() - vr.top() + f64::from(vp.scroll_top());
        vp.set_scroll_left((offset_x + at.x * new - (f64::from(ev.client_x()) - vr.left())) as i32);
        vp.set_scroll_top((offset_y + at.y * new - (f64::from(ev.client_y()) - vr.top())) as i32);
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if keys::grid_key(&app, &ev) {
            ev.prevent_default();
            ev.stop_propagation();
        }
    };

    // The drop preview: which cell lights up and where the insertion bar goes.
    let drop_preview = Memo::new(move |_| {
        let dragged: HashSet<CardId> = s.drag.with(|d| {
            d.as_ref()
                .filter(|d| d.active)
                .map(|d| d.cards.iter().cloned().collect())
        })?;
        let at = s.pointer.get();
        // Borrowed, never cloned: this runs on every pointer move.
        layout.with(|layout| {
            app.doc(|doc| {
                let target = layout.drop_target(doc, at, &dragged)?;
                let cell = layout.cell(target.lane, target.stage)?;
                let m = layout.metrics;
                let pitch = m.card_height + m.card_gap;
                let first_center = cell.y + m.cell_padding + m.card_height / 2.0;
                let slot = (0..layout.cards_in_cell(target.lane, target.stage).len())
                    .filter(|k| first_center + *k as f64 * pitch < at.y)
                    .count();
                let bar_y = cell.y + m.cell_padding + slot as f64 * pitch - m.card_gap / 2.0;
                Some((cell, bar_y))
            })
        })
    });

    let header_preview = Memo::new(move |_| {
        let target = s
            .header_drag
            .with(|d| d.as_ref().filter(|d| d.active).map(|d| d.target.clone()))?;
        let at = s.pointer.get();
        Some(layout.with(|layout| match target {
            crate::state::HeaderTarget::Stage(_) => {
                let x = at.x.clamp(layout.metrics.lane_header_width, layout.width);
                (x, 0.0, 3.0, layout.height)
            }
            crate::state::HeaderTarget::Lane(_) => {
                let y =
                    at.y.clamp(layout.metrics.stage_header_height, layout.height);
                (0.0, y, layout.width, 3.0)
            }
        }))
    });

    let line_items = move || {
        layout.with(|l| {
            l.lines
                .iter()
                .map(|g| (g.line, g.y.to_bits()))
                .collect::<Vec<_>>()
        })
    };
    let rowcount = move || lane_ids.with(Vec::len) + 1;
    let colcount = move || stage_ids.with(Vec::len) + 1;

    view! {
        <div
            class="viewport"
            node_ref=viewport
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=on_pointerup
            on:pointercancel=on_pointercancel
            on:wheel=on_wheel
            on:scroll=move |_| measure()
        >
            <div
                class="canvas-sizer"
                style:width=move || format!("{}px", layout.with(|l| l.width) * zoom.get() + 48.0)
                style:height=move || format!("{}px", layout.with(|l| l.height) * zoom.get() + 48.0)
            >
                <div
                    class="canvas"
                    node_ref=canvas
                    role="grid"
                    aria-label="Service blueprint"
                    aria-rowcount=rowcount
                    aria-colcount=colcount
                    style:width=move || format!("{}px", layout.with(|l| l.width))
                    style:height=move || format!("{}px", layout.with(|l| l.height))
                    style:transform=move || format!("scale({})", zoom.get())
                    on:keydown=on_keydown
                >
                    <div
                        class="grid-row grid-row--header"
                        role="row"
                        aria-rowindex="1"
                        style:height=move || format!("{}px", layout.with(|l| l.metrics.stage_header_height))
                    >
                        <div
                            class="grid-corner"
                            role="columnheader"
                            aria-colindex="1"
                            style:width=move || format!("{}px", layout.with(|l| l.metrics.lane_header_width))
                        >
                            <span class="visually-hidden">"Lanes"</span>
                        </div>
                        <For
                            each=move || stage_ids.get()
                            key=|id| id.clone()
                            children=move |id| view! { <StageHeader id=id /> }
                        />
                    </div>
                    <For
                        each=move || lane_ids.get()
                        key=|id| id.clone()
                        children=move |lane| {
                            let lane_for_row = lane.clone();
                            let index = Memo::new(move |_| app.doc(|d| d.lane_index(&lane_for_row).unwrap_or(0)));
                            let span = Memo::new(move |_| layout.with(|l| l.lanes.get(index.get()).copied()));
                            let kind = Memo::new({
                                let lane = lane.clone();
                                move |_| app.doc(|d| d.lane(&lane).map(|l| l.kind))
                            });
                            let lane_for_cells = lane.clone();
                            let lane_for_pins = lane.clone();
                            // Only the cells in the render area are in the DOM (the grid keeps
                            // aria-colcount and each cell its aria-colindex), plus the focused
                            // cell and the cells of pinned cards, so focus and gestures hold.
                            let cells = move || {
                                let area = ctx.area.get();
                                let lane_index = index.get();
                                let mut shown = layout.with(|l| {
                                    let mut shown = l.stages_in_view(lane_index, &area);
                                    ctx.pinned.with(|pinned| {
                                        shown.extend(pinned.iter().filter_map(|id| {
                                            l.slots.get(id).filter(|(ln, _, _)| *ln == lane_index).map(|(_, st, _)| *st)
                                        }));
                                    });
                                    shown
                                });
                                let focused = s.focus.with(|f| match f {
                                    Some(Focus::Cell(l, st)) if *l == lane_for_pins => Some(st.clone()),
                                    _ => None,
                                });
                                stage_ids.with(|ids| {
                                    if let Some(st) = focused {
                                        shown.extend(ids.iter().position(|x| *x == st));
                                    }
                                    shown.sort_unstable();
                                    shown.dedup();
                                    shown.iter().filter_map(|k| ids.get(*k).cloned()).collect::<Vec<_>>()
                                })
                            };
                            view! {
                                <div
                                    class="grid-row"
                                    hidden=move || span.get().is_some_and(|s| s.size == 0.0)
                                    role="row"
                                    aria-rowindex=move || index.get() + 2
                                    data-lane-kind=move || kind.get().map(crate::components::headers::kind_slug)
                                    style:top=move || format!("{}px", span.get().map_or(0.0, |s| s.start))
                                    style:height=move || format!("{}px", span.get().map_or(0.0, |s| s.size))
                                >
                                    <LaneHeader id=lane.clone() />
                                    <For
                                        each=cells
                                        key=|id| id.clone()
                                        children=move |stage| view! { <Cell lane=lane_for_cells.clone() stage=stage /> }
                                    />
                                </div>
                            }
                        }
                    />
                    <For
                        each=line_items
                        key=|k| *k
                        children=move |(line, y)| {
                            let y = f64::from_bits(y);
                            view! {
                                <div
                                    class="derived-line"
                                    data-line=line_slug(line)
                                    aria-hidden="true"
                                    style:top=format!("{}px", y - 1.0)
                                >
                                    <span class="derived-line__label">{line_name(line)}</span>
                                </div>
                            }
                        }
                    />
                    // Always in the DOM and moved by `transform` on their own compositor
                    // layers: a drag that changes the target cell restyles two elements and
                    // repaints nothing else.
                    <div
                        class="drop-cell"
                        aria-hidden="true"
                        hidden=move || drop_preview.with(Option::is_none)
                        style=move || drop_preview.get().map_or(String::new(), |(cell, _)| format!(
                            "transform: translate({}px, {}px); width: {}px; height: {}px;",
                            cell.x, cell.y, cell.width, cell.height
                        ))
                    ></div>
                    <div
                        class="drop-bar"
                        aria-hidden="true"
                        hidden=move || drop_preview.with(Option::is_none)
                        style=move || drop_preview.get().map_or(String::new(), |(cell, bar_y)| format!(
                            "transform: translate({}px, {}px); width: {}px;",
                            cell.x + 6.0, bar_y - 2.0, cell.width - 12.0
                        ))
                    ></div>
                    {move || header_preview.get().map(|(x, y, w, h)| view! {
                        <div
                            class="header-drop-bar"
                            style:left=format!("{x}px")
                            style:top=format!("{y}px")
                            style:width=format!("{w}px")
                            style:height=format!("{h}px")
                        ></div>
                    })}
                    <EmotionLayer />
                    <ArrowLayer />
                </div>
            </div>
        </div>
    }
}

thread_local! {
    /// The cell whose cursor and tooltip show the arrow under the mouse.
    static ARROW_HOVER: std::cell::RefCell<Option<web_sys::HtmlElement>> = const { std::cell::RefCell::new(None) };
}

/// Shows that the mouse is over an arrow (it is drawn without pointer events, see
/// [`ArrowsInView`]): the cell under it gets a pointer cursor and the arrow's tooltip.
fn hover_arrow(ev: &web_sys::PointerEvent, at: Option<Point>, arrows: ArrowsInView, zoom: f64) {
    use wasm_bindgen::JsCast;
    let cell = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|e| e.class_list().contains("cell"));
    let hit = cell
        .as_ref()
        .and(at)
        .and_then(|at| arrows.at(at, "mouse", zoom));
    ARROW_HOVER.with(|hovered| {
        let mut hovered = hovered.borrow_mut();
        if let Some(old) = hovered.take() {
            let _ = old.style().remove_property("cursor");
            old.remove_attribute("title").ok();
        }
        if let (Some(cell), Some((_, title))) = (cell, hit) {
            let _ = cell.style().set_property("cursor", "pointer");
            if let Some(title) = title {
                let _ = cell.set_attribute("title", &title);
            }
            *hovered = Some(cell);
        }
    });
}

/// The part of the canvas in view, in canvas coordinates.
fn visible_part(viewport: &web_sys::Element, canvas: &web_sys::Element, zoom: f64) -> Rect {
    let (v, c) = (
        viewport.get_bounding_client_rect(),
        canvas.get_bounding_client_rect(),
    );
    let z = if zoom > 0.0 { zoom } else { 1.0 };
    Rect {
        x: (v.left() - c.left()) / z,
        y: (v.top() - c.top()) / z,
        width: v.width() / z,
        height: v.height() / z,
    }
}

/// A first guess at the visible part before the canvas is measured: the window's size from
/// the top-left corner (where a blueprint opens).
fn window_area() -> Rect {
    let w = window();
    let size = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64());
    Rect {
        x: 0.0,
        y: 0.0,
        width: size(w.inner_width()).unwrap_or(1920.0),
        height: size(w.inner_height()).unwrap_or(1080.0),
    }
}

/// The `data-line` value of a derived line (matches the stylesheet).
pub fn line_slug(line: Line) -> &'static str {
    match line {
        Line::Interaction => "interaction",
        Line::Visibility => "visibility",
        Line::InternalInteraction => "internal_interaction",
    }
}

/// The display name of a derived line.
pub fn line_name(line: Line) -> &'static str {
    match line {
        Line::Interaction => "Line of interaction",
        Line::Visibility => "Line of visibility",
        Line::InternalInteraction => "Line of internal interaction",
    }
}
