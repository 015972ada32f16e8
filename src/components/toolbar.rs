//! The application header and toolbar: product name and the way back to the library, the
//! blueprint's title and save status, export, undo and redo, adding stages and lanes, zoom,
//! the audience filter and orchestration band, and the shortcut sheet.

use leptos::prelude::*;
use stageline_core::actions::Action;
use stageline_core::fields::defaults::UNTITLED_BLUEPRINT;
use stageline_schema::{LaneKind, Named};

use crate::actions::perform;
use crate::components::audience::AudienceControls;
use crate::components::history::HistoryDialog;
use crate::components::icons;
use crate::components::orchestration::OrchestrationToggle;
use crate::components::share::ShareDialog;
use crate::components::workshop::WorkshopControls;
use crate::io::{copy_text, download};
use crate::state::use_app;
use crate::storage::autosave::{use_autosave, SaveStatus};
use wasm_bindgen::JsCast;

/// The top bar with the product's name and the editing toolbar.
#[component]
pub fn AppHeader() -> impl IntoView {
    let app = use_app();
    let s = app.session;
    let title = Memo::new(move |_| app.doc(|d| d.metadata.title.clone()));
    // One copy of the document per edit, and only while a dialog or panel that shows it is
    // open (a memo computes when read): a derived signal would copy it on every read, once
    // per lane checkbox of the audience controls.
    let doc = Memo::new(move |_| app.doc(Clone::clone));
    let can_undo = Memo::new(move |_| app.undo_label());
    let can_redo = Memo::new(move |_| app.redo_label());
    let lane_kind = RwSignal::new(LaneKind::Partner);
    let act = move |action: Action| {
        move |_| {
            perform(&app, action.clone());
        }
    };
    let add_lane = move |_| {
        perform(
            &app,
            Action::AddLane {
                kind: lane_kind.get_untracked(),
            },
        );
    };
    let saver = use_autosave();
    let share_open = RwSignal::new(false);
    let history_open = RwSignal::new(false);
    let audience_open = RwSignal::new(false);
    let download_json = move |_| {
        if let Some(saver) = saver {
            // The file is written from the document in memory; saving to storage is the
            // autosave's business and does not hold up the download.
            let result = crate::perf::measure("stageline:export", || {
                let (name, text) = saver.backup();
                download(&name, &text, "application/json").map(|()| name)
            });
            match result {
                Ok(name) => app.say(format!("Downloaded {name}")),
                Err(e) => app.say(format!("Could not download: {e}")),
            }
        }
    };
    let copy_json = move |_| {
        if let Some(saver) = saver {
            let (_, text) = saver.backup();
            copy_text(text, move |result| match result {
                Ok(()) => app.say("Copied the blueprint's JSON to the clipboard"),
                Err(e) => app.say(format!("Could not copy: {e}")),
            });
        }
    };
    view! {
        <SkipLink />
        <header class="app-banner">
            <div class="app-header">
                <Brand />
                <a href="#/" class="button button--small">
                    {icons::menu()}
                    "Blueprints"
                </a>
                <span class="app-header__title">
                    {move || {
                        let t = title.get();
                        if t.trim().is_empty() { UNTITLED_BLUEPRINT.to_string() } else { t }
                    }}
                </span>
                {saver
                    .map(|saver| {
                        view! { <SaveIndicator status=saver.status on_backup=download_json /> }
                    })}
                <span class="app-header__spacer"></span>
                <WorkshopControls />
                <button
                    type="button"
                    class="button button--small"
                    aria-haspopup="dialog"
                    title="Named and automatic versions: compare, restore, copy"
                    on:click=move |_| history_open.set(true)
                >
                    "History…"
                </button>
                <button
                    type="button"
                    class="button button--small"
                    aria-haspopup="dialog"
                    on:click=move |_| share_open.set(true)
                >
                    "Share & export…"
                </button>
                <button
                    type="button"
                    class="button button--small"
                    on:click=download_json
                    title="Download this blueprint as a JSON file"
                >
                    "Download JSON"
                </button>
                <button
                    type="button"
                    class="button button--small"
                    on:click=copy_json
                    title="Copy this blueprint's JSON to the clipboard"
                >
                    "Copy JSON"
                </button>
            </div>
            <div class="toolbar" role="toolbar" aria-label="Editing">
                <button
                    type="button"
                    class="button"
                    on:click=act(Action::Undo)
                    disabled=move || can_undo.get().is_none()
                    title=move || {
                        can_undo
                            .get()
                            .map_or("Nothing to undo".to_string(), |l| format!("Undo {l} (Ctrl+Z)"))
                    }
                >
                    {icons::undo()}
                    "Undo"
                </button>
                <button
                    type="button"
                    class="button"
                    on:click=act(Action::Redo)
                    disabled=move || can_redo.get().is_none()
                    title=move || {
                        can_redo
                            .get()
                            .map_or(
                                "Nothing to redo".to_string(),
                                |l| format!("Redo {l} (Ctrl+Shift+Z)"),
                            )
                    }
                >
                    {icons::redo()}
                    "Redo"
                </button>
                <span class="toolbar__sep" aria-hidden="true"></span>
                <button type="button" class="button" on:click=act(Action::AddStage { at: None })>
                    {icons::plus()}
                    "Add stage"
                </button>
                <span class="toolbar__group">
                    <button type="button" class="button" on:click=add_lane>
                        {icons::plus()}
                        "Add lane"
                    </button>
                    <label class="toolbar__label" for="new-lane-kind">
                        "New lane kind"
                    </label>
                    <select
                        class="toolbar__select"
                        id="new-lane-kind"
                        prop:value=move || lane_kind.get().json_name()
                        on:change=move |ev| {
                            if let Some(k) = LaneKind::from_json_name(&event_target_value(&ev)) {
                                lane_kind.set(k);
                            }
                        }
                    >
                        {LaneKind::ALL
                            .iter()
                            .map(|k| view! { <option value=k.json_name()>{k.label()}</option> })
                            .collect_view()}
                    </select>
                </span>
                <span class="toolbar__sep" aria-hidden="true"></span>
                <ZoomButtons />
                <span class="toolbar__sep" aria-hidden="true"></span>
                <button
                    type="button"
                    class="button"
                    aria-expanded=move || audience_open.get().to_string()
                    on:click=move |_| audience_open.update(|o| *o = !*o)
                >
                    {move || {
                        if s.audience.with(|f| f.is_default()) {
                            "Audience…"
                        } else {
                            "Audience (filtered)…"
                        }
                    }}
                </button>
                <OrchestrationToggle />
                <button
                    type="button"
                    class="button"
                    aria-haspopup="dialog"
                    on:click=act(Action::ToggleShortcuts)
                >
                    "Shortcuts (?)"
                </button>
                <span class="toolbar__status" role="status" aria-live="polite">
                    {move || s.status.get()}
                </span>
            </div>
            <Show when=move || audience_open.get()>
                <div class="viewer__controls">
                    <AudienceControls doc=doc.into() filter=s.audience />
                    <p class="share__hint">
                        "Only this view changes: the blueprint keeps every lane. Hidden lanes come back when you show them again."
                    </p>
                </div>
            </Show>
        </header>
        <ShareDialog open=share_open doc=doc.into() />
        <HistoryDialog open=history_open />
    }
}

/// The first stop of the page's tab order, shown when it has focus: moves focus to the grid's
/// focus stop (the item last focused, else the first), past the header and the toolbar.
#[component]
pub fn SkipLink() -> impl IntoView {
    let skip = |ev: leptos::ev::MouseEvent| {
        // The app's routes live in the fragment: following "#main" would leave the page.
        ev.prevent_default();
        let doc = document();
        let stop = doc
            .query_selector("#main [role=grid] [tabindex='0']")
            .ok()
            .flatten()
            .or_else(|| {
                doc.query_selector("#main [role=grid] [tabindex]")
                    .ok()
                    .flatten()
            });
        if let Some(el) = stop.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    };
    view! {
        <a href="#main" class="skip-link" on:click=skip>
            "Skip to the blueprint"
        </a>
    }
}

/// The save status next to the title: saved, saving, or why not (with a backup download).
#[component]
fn SaveIndicator(
    /// The autosave's status.
    status: RwSignal<SaveStatus>,
    /// Downloads a backup of the open blueprint.
    on_backup: impl Fn(leptos::ev::MouseEvent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <span
            class="save-status"
            role="status"
            aria-live="polite"
            data-state=move || match status.get() {
                SaveStatus::Saved => "saved",
                SaveStatus::Pending => "saving",
                SaveStatus::Failed(_) => "failed",
                SaveStatus::Conflict => "conflict",
            }
        >
            {move || match status.get() {
                SaveStatus::Saved => {
                    view! { <span>{icons::check()} "Saved in this browser"</span> }.into_any()
                }
                SaveStatus::Pending => view! { <span>"Saving…"</span> }.into_any(),
                SaveStatus::Conflict => {
                    view! { <span>"Not saved: changed in another tab"</span> }.into_any()
                }
                SaveStatus::Failed(reason) => {
                    view! {
                        <span class="save-status__failed">
                            {format!("Not saved: {reason}. Your changes are only in this tab.")}
                        </span>
                        " "
                        <button
                            type="button"
                            class="button button--small button--danger"
                            on:click=on_backup
                        >
                            "Download a backup"
                        </button>
                    }
                        .into_any()
                }
            }}
        </span>
    }
}

/// The product's name, linking back to the library.
#[component]
pub fn Brand() -> impl IntoView {
    view! {
        <h1 class="app-header__brand">
            <a href="#/" class="app-header__home" title="Your blueprints">
                <img src="favicon.svg" alt="" width="24" height="24" />
                "Stageline"
            </a>
        </h1>
    }
}

/// Zoom out, the zoom level (a click resets it to 100 %), zoom in and fit: the same in the
/// editor, the read-only viewer and the comparison.
#[component]
pub fn ZoomButtons() -> impl IntoView {
    let app = use_app();
    let s = app.session;
    let act = move |action: Action| {
        move |_| {
            perform(&app, action.clone());
        }
    };
    view! {
        <button
            type="button"
            class="button"
            aria-label="Zoom out"
            title="Zoom out (Ctrl+−)"
            on:click=act(Action::ZoomOut)
        >
            {icons::minus()}
        </button>
        <button
            type="button"
            class="button toolbar__zoom"
            title="Zoom level; click for 100 %"
            on:click=act(Action::ZoomReset)
        >
            <span class="visually-hidden">"Zoom level "</span>
            {move || format!("{:.0} %", s.zoom.get() * 100.0)}
        </button>
        <button
            type="button"
            class="button"
            aria-label="Zoom in"
            title="Zoom in (Ctrl+=)"
            on:click=act(Action::ZoomIn)
        >
            {icons::plus()}
        </button>
        <button
            type="button"
            class="button"
            title="Fit to screen (Ctrl+0)"
            on:click=act(Action::ZoomFit)
        >
            "Fit"
        </button>
    }
}
