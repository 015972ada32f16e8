//! The read-only viewer of a shared link: the same rendering as the editor, nothing that
//! changes anything, zoom and pan, card details, audience filters, pictures, and "make an
//! editable copy". Opening a link reads nothing from and writes nothing to local storage.

use leptos::prelude::*;
use stageline_core::actions::Action;
use stageline_core::audience::{filtered, AudienceFilter};
use stageline_core::library::title_or_untitled;
use stageline_core::share::{OpenedLink, ShareLink};
use stageline_schema::Blueprint;

use crate::actions::perform;
use crate::components::audience::{filter_css, AudienceControls};
use crate::components::canvas::Canvas;
use crate::components::details::DetailsPanel;
use crate::components::help::ShortcutSheet;
use crate::components::load_report::{link_report, LoadReport};
use crate::components::orchestration::OrchestrationToggle;
use crate::components::share::{provide_printer, PictureButtons, PrintPicture};
use crate::components::toolbar::{Brand, SkipLink, ZoomButtons};
use crate::interaction::keys;
use crate::io::{in_words, use_importer};
use crate::pages::compare::Comparing;
use crate::pages::problem::Problem;
use crate::route::{self, Route};
use crate::state::ids::BrowserIds;
use crate::state::AppState;
use crate::storage::{library, now};

/// Opens the blueprint inside a link's fragment (everything after `#/view/`).
#[component]
pub fn ViewerPage(
    /// The fragment after `#/view/`.
    rest: String,
) -> impl IntoView {
    let opened = crate::perf::measure("stageline:share-decode", || {
        ShareLink::parse_fragment(&format!("#/view/{rest}"))
    });
    match opened {
        Ok(opened) => view! { <Viewer opened=opened /> }.into_any(),
        Err(err) => view! {
            <Problem
                title="This link cannot be opened".to_string()
                detail=format!("{err} Nothing in this browser was changed.")
            />
        }
        .into_any(),
    }
}

/// The viewer on a decoded link.
#[component]
fn Viewer(opened: OpenedLink) -> impl IntoView {
    let OpenedLink {
        link,
        warnings,
        migrated_from,
        filter_error,
    } = opened;
    if let Some(old) = link.was {
        // A comparison link: both versions in one grid, the changes marked and listed.
        let name = |d: &Blueprint, which: &str| format!("“{}”, {which}", title_or_untitled(d));
        let (old_name, new_name) = (name(&old, "before"), name(&link.blueprint, "after"));
        return view! {
            <Comparing
                old=(old, old_name)
                new=(link.blueprint, new_name)
                back=None
                preview=false
            />
        }
        .into_any();
    }
    let original = Signal::stored(link.blueprint);
    let filter = RwSignal::new(link.filter);
    let status = RwSignal::new(String::new());
    // What opening the link repaired or ignored, in the same words and the same dismissable
    // report as an import (the status line says its heading for screen readers).
    let report = link_report(
        warnings.iter().map(in_words).collect(),
        filter_error.map(|e| e.to_string()),
        migrated_from,
    )
    .map(|(summary, notes)| {
        status.set(crate::io::sentence(&summary));
        view! { <LoadReport summary notes /> }
    });

    // Keep the address in step with the filter, without a new history entry or a reload, so
    // copying the address shares what is on screen.
    Effect::new(move |prev: Option<()>| {
        let f = filter.get();
        if prev.is_some() {
            let fragment = original.with(|d| ShareLink::new(d.clone(), f).to_fragment());
            if let Ok(history) = window().history() {
                let _ = history.replace_state_with_url(
                    &wasm_bindgen::JsValue::NULL,
                    "",
                    Some(&fragment),
                );
            }
        }
    });
    let importer = use_importer();
    let make_copy = move |_| {
        let doc = original.get_untracked();
        let title = format!("{} (copy)", title_or_untitled(&doc));
        match library().save_as_copy(&doc, &mut BrowserIds::new(), now(), Some(title.clone())) {
            Ok((copy, _)) => {
                importer.flash.set(Some(format!(
                    "“{title}” is now in your library; changes here do not affect the shared link"
                )));
                route::go(&Route::Blueprint(copy.id));
            }
            Err(e) => status.set(format!("Could not make a copy: {e}")),
        }
    };
    let controls_open = RwSignal::new(false);
    // The orchestration band's switch outlives the body, rebuilt with each filter.
    let band = RwSignal::new(false);
    provide_printer(original, filter.into(), band.into());
    view! {
        <div class="app viewer filtered">
            <SkipLink />
            <header class="app-banner">
                <div class="app-header">
                    <Brand />
                    <span class="app-header__title">
                        {move || original.with(|d| title_or_untitled(d).to_string())}
                    </span>
                    <span class="viewer__badge">"Read-only"</span>
                    <span class="app-header__spacer"></span>
                    <button
                        type="button"
                        class="button button--primary button--small"
                        on:click=make_copy
                    >
                        "Make an editable copy"
                    </button>
                </div>
                <p class="viewer__banner" role="note">
                    "You are viewing a shared blueprint. Nothing you do here changes it or anything stored in this browser; make an editable copy to work on it."
                </p>
            </header>
            {report}
            {move || {
                let f = filter.get();
                let shown = original.with(|d| filtered(d, &f));
                let css = original.with(|d| filter_css(d, &shown, &f));
                view! {
                    <ViewerBody
                        doc=shown
                        css=css
                        filter=filter
                        original=original
                        status=status
                        controls_open=controls_open
                        band=band
                    />
                }
            }}
            <PrintPicture />
        </div>
    }
    .into_any()
}

/// The read-only canvas of the filtered blueprint, with its toolbar.
#[component]
fn ViewerBody(
    doc: Blueprint,
    css: String,
    filter: RwSignal<AudienceFilter>,
    original: Signal<Blueprint>,
    status: RwSignal<String>,
    controls_open: RwSignal<bool>,
    band: RwSignal<bool>,
) -> impl IntoView {
    let empty = doc.lanes.is_empty();
    // Messages from the canvas (e.g. "read-only") are said straight into the viewer's status
    // line, which outlives this body (rebuilt with each filter). Inline editors never open
    // here: every place that opens one refuses in a read-only view.
    let mut app = AppState::new_read_only_with_band(doc, band);
    app.session.status = status;
    provide_context(app);
    crate::view_model::checks::provide_checks(app);
    keys::listen_on_window(app);
    view! {
        <style>{css}</style>
        <section class="app-tools" aria-label="View controls">
            <div class="toolbar" role="toolbar" aria-label="View">
                <ZoomButtons />
                <span class="toolbar__sep" aria-hidden="true"></span>
                <button
                    type="button"
                    class="button"
                    aria-expanded=move || controls_open.get().to_string()
                    on:click=move |_| controls_open.update(|o| *o = !*o)
                >
                    "Audience…"
                </button>
                <OrchestrationToggle />
                <PictureButtons doc=original filter=filter.into() status=status band=band.into() />
                <span class="toolbar__sep" aria-hidden="true"></span>
                <button
                    type="button"
                    class="button"
                    aria-haspopup="dialog"
                    on:click=move |_| {
                        perform(&app, Action::ToggleShortcuts);
                    }
                >
                    "Shortcuts (?)"
                </button>
                <span class="toolbar__status" role="status" aria-live="polite">
                    {move || status.get()}
                </span>
            </div>
            <Show when=move || controls_open.get()>
                <div class="viewer__controls">
                    <AudienceControls doc=original filter=filter />
                </div>
            </Show>
            {empty
                .then(|| {
                    view! {
                        <p class="viewer__empty">
                            "No lanes are shown: choose some under Audience."
                        </p>
                    }
                })}
        </section>
        <div class="app-main">
            <main class="app-canvas" id="main">
                <Canvas />
            </main>
            <DetailsPanel />
        </div>
        <ShortcutSheet />
    }
}
