//! The grid's stage (column) and lane (row) headers: one component for both. A header shows
//! its name (renamed in place), reorders by dragging or Alt + arrow keys, and has buttons to
//! move, rename, add (stages) and delete; a stage adds its card count and time against its
//! SLA, a lane its kind and the line below it.

use leptos::html::Input;
use leptos::prelude::*;
use stageline_core::actions::Action;
use stageline_core::nav::Focus;
use stageline_schema::{LaneKind, Named};
use wasm_bindgen::JsCast;

use crate::actions::perform;
use crate::components::icons;
use crate::interaction::dom::{capture, focus_dom_id, focus_now, lane_dom_id, stage_dom_id};
use crate::interaction::pointer;
use crate::state::{use_app, Header};
use crate::view_model::canvas::CanvasCtx;
use crate::view_model::capitalized;
use crate::view_model::checks::use_checks;
use crate::view_model::focus::use_focus_stop;
use crate::view_model::headers::{stage_time, StageCounts};

/// Whether a pointer event started on a control inside a header (button, input, select).
fn on_control(ev: &web_sys::PointerEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("button, input, select, textarea").ok().flatten())
        .is_some()
}

/// An inline text field that commits on Enter or blur and cancels on Escape.
#[component]
fn RenameField(
    /// The accessible label.
    label: &'static str,
    /// The current text.
    value: String,
    /// Called with the new text on commit.
    on_commit: Callback<String>,
    /// Called on cancel (and after commit) to close the field; `true` when focus should go
    /// back to the header (Enter, Escape), `false` after a blur.
    on_close: Callback<bool>,
) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let done = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
            el.select();
        }
    });
    let finish = move |commit: bool, refocus: bool| {
        // Once only; and never after the field is gone (removing it fires a last blur).
        if done.try_get_value() != Some(false) {
            return;
        }
        done.set_value(true);
        if commit {
            if let Some(el) = input.get_untracked() {
                on_commit.run(el.value());
            }
        }
        on_close.run(refocus);
    };
    view! {
        <input
            class="rename-field"
            type="text"
            aria-label=label
            node_ref=input
            value=value
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                match ev.key().as_str() {
                    "Enter" => {
                        ev.prevent_default();
                        finish(true, true);
                    }
                    "Escape" => {
                        ev.prevent_default();
                        ev.stop_propagation();
                        finish(false, true);
                    }
                    _ => {}
                }
                ev.stop_propagation();
            }
            on:blur=move |_| finish(true, false)
        />
    }
}

/// The icons of the header's buttons.
#[derive(Clone, Copy)]
enum Icon {
    Left,
    Right,
    Up,
    Down,
    Pencil,
}

impl Icon {
    /// The icon's drawing.
    fn view(self) -> AnyView {
        match self {
            Icon::Left => icons::left().into_any(),
            Icon::Right => icons::right().into_any(),
            Icon::Up => icons::up().into_any(),
            Icon::Down => icons::down().into_any(),
            Icon::Pencil => icons::pencil().into_any(),
        }
    }
}

/// What differs between a stage's and a lane's header, in words.
struct Words {
    /// The element's class ("stage-header"), also the prefix of its parts' classes.
    class: &'static str,
    /// The rename field's label.
    name_label: &'static str,
    /// The buttons that move it one place back and forward: label and icon.
    back: (&'static str, Icon),
    forward: (&'static str, Icon),
    /// "Rename stage", "Delete stage".
    rename: &'static str,
    delete: &'static str,
}

const STAGE: Words = Words {
    class: "stage-header",
    name_label: "Stage name",
    back: ("Move stage left", Icon::Left),
    forward: ("Move stage right", Icon::Right),
    rename: "Rename stage",
    delete: "Delete stage",
};

const LANE: Words = Words {
    class: "lane-header",
    name_label: "Lane name",
    back: ("Move lane up", Icon::Up),
    forward: ("Move lane down", Icon::Down),
    rename: "Rename lane",
    delete: "Delete lane",
};

/// The header of one stage or lane.
#[component]
pub fn GridHeader(
    /// The stage or lane.
    header: Header,
) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<CanvasCtx>();
    let s = app.session;
    let me = match &header {
        Header::Stage(id) => Focus::StageHeader(id.clone()),
        Header::Lane(id) => Focus::LaneHeader(id.clone()),
    };
    let words = match header {
        Header::Stage(_) => &STAGE,
        Header::Lane(_) => &LANE,
    };
    let name = Memo::new({
        let header = header.clone();
        move |_| {
            app.doc(|d| match &header {
                Header::Stage(id) => d.stage(id).map(|s| s.name.clone()),
                Header::Lane(id) => d.lane(id).map(|l| l.name.clone()),
            })
            .unwrap_or_default()
        }
    });
    let renaming = {
        let header = header.clone();
        Memo::new(move |_| s.renaming.with(|r| r.as_ref() == Some(&header)))
    };
    let dragging = {
        let header = header.clone();
        Memo::new(move |_| {
            s.header_drag
                .with(|d| d.as_ref().is_some_and(|d| d.active && d.target == header))
        })
    };
    let commit = {
        let header = header.clone();
        Callback::new(move |name: String| {
            perform(
                &app,
                Action::RenameHeader {
                    header: header.clone(),
                    name,
                },
            );
        })
    };
    let close = {
        let me = me.clone();
        Callback::new(move |refocus: bool| {
            s.renaming.set(None);
            if refocus {
                focus_now(&focus_dom_id(&me));
            }
        })
    };
    let act = {
        let header = header.clone();
        move |make: fn(Header) -> Action| {
            let header = header.clone();
            move |_| {
                perform(&app, make(header.clone()));
            }
        }
    };
    let on_pointerdown = {
        let header = header.clone();
        move |ev: web_sys::PointerEvent| {
            if on_control(&ev) || ev.button() != 0 {
                return;
            }
            if let Some(at) = ctx.point(&app, &ev) {
                capture(&ev);
                pointer::press_header(&app, header.clone(), &ev, at);
            }
        }
    };
    let tab_index = {
        let stop = use_focus_stop();
        let me = me.clone();
        move || stop.tab_index(&me)
    };
    let on_focus = {
        let me = me.clone();
        move |_| s.focus.set(Some(me.clone()))
    };
    // A read-only view has no editing affordances at all: not hidden, not rendered.
    let editable = !app.read_only;
    let name_class = format!("{}__name", words.class);
    let field = move || {
        view! {
            <Show
                when=move || renaming.get()
                fallback={
                    let name_class = name_class.clone();
                    move || view! { <span class=name_class.clone()>{name}</span> }
                }
            >
                <RenameField
                    label=words.name_label
                    value=name.get_untracked()
                    on_commit=commit
                    on_close=close
                />
            </Show>
        }
    };
    let button = |(label, icon): (&'static str, Icon), title: String, on_click| {
        view! {
            <button
                type="button"
                class="icon-button"
                title=title
                aria-label=label
                tabindex="-1"
                on:click=on_click
            >
                {icon.view()}
            </button>
        }
    };
    let back = button(
        words.back,
        words.back.0.to_string(),
        act(|h| Action::Shift { header: h, by: -1 }),
    );
    let forward = button(
        words.forward,
        words.forward.0.to_string(),
        act(|h| Action::Shift { header: h, by: 1 }),
    );
    let rename = button(
        (words.rename, Icon::Pencil),
        format!("{} (Enter)", words.rename),
        act(Action::Rename),
    );
    let delete = view! {
        <button
            type="button"
            class="icon-button icon-button--danger"
            tabindex="-1"
            title=format!("{} and its cards (Delete)", words.delete)
            aria-label=words.delete
            on:click=act(|h| match h {
                Header::Stage(id) => Action::DeleteStage(id),
                Header::Lane(id) => Action::DeleteLane(id),
            })
        >
            {icons::trash()}
        </button>
    };
    match header {
        Header::Stage(id) => {
            let index = Memo::new({
                let id = id.clone();
                move |_| app.doc(|d| d.stage_index(&id))
            });
            let span = Memo::new(move |_| {
                app.layout
                    .with(|l| index.get().and_then(|i| l.stages.get(i).copied()))
            });
            let count = {
                let id = id.clone();
                let counts = expect_context::<StageCounts>();
                Memo::new(move |_| counts.of(&id))
            };
            // Critical-path time against the stage's SLA, from the shared journey metrics.
            let time = {
                let id = id.clone();
                let metrics = use_checks().metrics;
                Memo::new(move |_| {
                    metrics.with(|m| {
                        m.as_ref()?
                            .stages
                            .iter()
                            .find(|st| st.stage == id)
                            .and_then(|st| stage_time(&st.time))
                    })
                })
            };
            let add_after = move |_| {
                let at = index.get_untracked().map(|i| i + 1);
                perform(&app, Action::AddStage { at });
            };
            view! {
                <div
                    class=words.class
                    class:stage-header--dragging=move || dragging.get()
                    role="columnheader"
                    id=stage_dom_id(&id)
                    aria-colindex=move || index.get().map_or(0, |i| i + 2)
                    aria-label=move || name.get()
                    aria-description=move || time.get().map(|t| t.title)
                    tabindex=tab_index
                    style:left=move || format!("{}px", span.get().map_or(0.0, |s| s.start))
                    style:width=move || format!("{}px", span.get().map_or(0.0, |s| s.size))
                    on:focus=on_focus
                    on:pointerdown=on_pointerdown
                >
                    {field()}
                    <Show when=move || !renaming.get()>
                        <span class="stage-header__meta">
                            {move || {
                                let n = count.get();
                                if n == 1 { "1 card".to_string() } else { format!("{n} cards") }
                            }}
                            {move || {
                                time.get()
                                    .map(|t| {
                                        view! {
                                            " · "
                                            <span
                                                class="stage-header__time"
                                                class:stage-header__time--over=t.over
                                                title=t.title
                                            >
                                                {t.text}
                                            </span>
                                        }
                                    })
                            }}
                        </span>
                    </Show>
                    {editable
                        .then(|| {
                            view! {
                                <div class="header-actions">
                                    {back}
                                    {forward}
                                    {rename}
                                    <button
                                        type="button"
                                        class="icon-button"
                                        title="Add a stage after this one"
                                        aria-label="Add stage after"
                                        tabindex="-1"
                                        on:click=add_after
                                    >
                                        {icons::plus()}
                                    </button>
                                    {delete}
                                </div>
                            }
                        })}
                </div>
            }
            .into_any()
        }
        Header::Lane(id) => {
            let kind = Memo::new({
                let id = id.clone();
                move |_| app.doc(|d| d.lane(&id).map(|l| l.kind))
            });
            let line_below = {
                let id = id.clone();
                Memo::new(move |_| {
                    app.doc(|d| {
                        let i = d.lane_index(&id)?;
                        d.lines().into_iter().find(|p| p.after == i).map(|p| p.line)
                    })
                })
            };
            let set_kind = {
                let id = id.clone();
                move |ev: web_sys::Event| {
                    if let Some(kind) = LaneKind::from_json_name(&event_target_value(&ev)) {
                        perform(
                            &app,
                            Action::SetLaneKind {
                                lane: id.clone(),
                                kind,
                            },
                        );
                    }
                }
            };
            view! {
                <div
                    class=words.class
                    role="rowheader"
                    id=lane_dom_id(&id)
                    aria-colindex="1"
                    tabindex=tab_index
                    on:focus=on_focus
                    on:pointerdown=on_pointerdown
                >
                    {field()}
                    {if editable {
                        view! {
                            <select
                                class="lane-header__kind"
                                aria-label="Lane kind"
                                tabindex="-1"
                                prop:value=move || kind.get().map_or("custom", Named::json_name)
                                on:change=set_kind
                            >
                                {LaneKind::ALL
                                    .iter()
                                    .map(|k| {
                                        view! { <option value=k.json_name()>{k.label()}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        }
                            .into_any()
                    } else {
                        view! {
                            <span class="lane-header__kind lane-header__kind--text">
                                {move || kind.get().map_or("Custom", Named::label)}
                            </span>
                        }
                            .into_any()
                    }}
                    {move || {
                        line_below
                            .get()
                            .map(|line| {
                                view! {
                                    <span class="visually-hidden">
                                        {format!(", {} below", capitalized(line.label()))}
                                    </span>
                                }
                            })
                    }}
                    {editable
                        .then(|| {
                            view! {
                                <div class="header-actions">{back} {forward} {rename} {delete}</div>
                            }
                        })}
                </div>
            }
            .into_any()
        }
    }
}
