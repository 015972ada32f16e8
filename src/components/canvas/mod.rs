//! The blueprint canvas: a scrollable, zoomable viewport around the ARIA grid of headers,
//! cells and cards ([`grid`]), the drag previews ([`previews`]), the emotion curve and the
//! arrow layer, and the orchestration band under the stage headers.
//!
//! Everything is positioned from the core's [`stageline_core::layout::Layout`]; this module
//! wires the viewport's pointer gestures (drag, arrow drawing, header reordering, pinch and
//! wheel zoom, auto-scroll) and grid keys to the interaction module.

mod grid;
mod previews;

use std::cell::RefCell;

use leptos::html::Div;
use leptos::prelude::*;
use stageline_core::layout::{render_area, Point, Rect, CANVAS_MARGIN};

use crate::components::arrows::ArrowLayer;
use crate::components::emotion::EmotionLayer;
use crate::components::legend::CanvasKey;
use crate::components::orchestration::OrchestrationBand;
use crate::components::workshop::PresenceLayer;
use crate::interaction::{keys, pointer};
use crate::state::use_app;
use crate::view_model::arrows::ArrowsInView;
use crate::view_model::canvas::{CanvasCtx, RENDER_MARGIN};
use crate::view_model::focus::FocusStop;
use crate::view_model::headers::StageCounts;
use crate::view_model::orchestration::OrchestrationCtx;
use grid::GridRows;
use previews::DragPreviews;

/// The blueprint canvas.
#[component]
pub fn Canvas() -> impl IntoView {
    let app = use_app();
    crate::perf::mark("stageline:render-start");
    let s = app.session;
    let viewport = s.viewport;
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
    let ctx = CanvasCtx::new(app, canvas, area);
    provide_context(ctx);
    let arrows = ArrowsInView::new(app, area);
    provide_context(arrows);
    StageCounts::provide(app);
    FocusStop::provide(app);
    OrchestrationCtx::provide(app);

    let stage_ids =
        Memo::new(move |_| app.doc(|d| d.stages.iter().map(|x| x.id.clone()).collect::<Vec<_>>()));
    let lane_ids =
        Memo::new(move |_| app.doc(|d| d.lanes.iter().map(|x| x.id.clone()).collect::<Vec<_>>()));

    // Auto-scroll while a gesture is near the viewport's edges; also re-derives the canvas
    // point, which changes as the content scrolls under a still pointer.
    let last_client = StoredValue::new(None::<(i32, f64, f64)>);
    let tick = move || {
        if !app.gesture_active() {
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
    let live = crate::collab::use_live();
    let on_pointermove = move |ev: web_sys::PointerEvent| {
        if let Some(live) = live {
            let at = ctx.point(&app, &ev).map(|p| (p.x, p.y));
            live.with(|engine| engine.pointer_at(at));
        }
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
        if !app.gesture_active() {
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

    // The scrolled area: the zoomed canvas and the margin around it (which Fit counts).
    let sized = move |size: f64| format!("{}px", size * zoom.get() + 2.0 * CANVAS_MARGIN);
    let rowcount = move || lane_ids.with(Vec::len) + 1;
    let colcount = move || stage_ids.with(Vec::len) + 1;

    view! {
        <div class="canvas-area">
            <div
                class="viewport"
                node_ref=viewport
                on:pointerdown=on_pointerdown
                on:pointermove=on_pointermove
                on:pointerup=on_pointerup
                on:pointercancel=on_pointercancel
                on:pointerleave=move |_| {
                    if let Some(live) = live {
                        live.with(|engine| engine.pointer_at(None));
                    }
                }
                on:wheel=on_wheel
                on:scroll=move |_| measure()
            >
                <div
                    class="canvas-sizer"
                    style:width=move || sized(layout.with(|l| l.width))
                    style:height=move || sized(layout.with(|l| l.height))
                >
                    <div
                        class="canvas"
                        node_ref=canvas
                        role="grid"
                        aria-label="Service blueprint"
                        aria-rowcount=rowcount
                        aria-colcount=colcount
                        style:left=format!("{CANVAS_MARGIN}px")
                        style:top=format!("{CANVAS_MARGIN}px")
                        style:width=move || format!("{}px", layout.with(|l| l.width))
                        style:height=move || format!("{}px", layout.with(|l| l.height))
                        style:transform=move || format!("scale({})", zoom.get())
                        on:keydown=on_keydown
                    >
                        <GridRows stage_ids=stage_ids lane_ids=lane_ids />
                        <DragPreviews />
                        <EmotionLayer />
                        <ArrowLayer />
                        <PresenceLayer />
                    </div>
                    <OrchestrationBand />
                </div>
            </div>
            <CanvasKey />
        </div>
    }
}

thread_local! {
    /// The cell whose cursor and tooltip show the arrow under the mouse.
    static ARROW_HOVER: RefCell<Option<web_sys::HtmlElement>> = const { RefCell::new(None) };
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
    let hovered = hit.as_ref().map(|(id, _)| id.clone());
    if arrows.1.hovered.get_untracked() != hovered {
        arrows.1.hovered.set(hovered);
    }
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
