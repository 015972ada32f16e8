//! The editor view: one stored blueprint, opened through the library, edited with autosave.

use leptos::prelude::*;
use stageline_core::library::{OpenError, Opened};
use stageline_schema::BlueprintId;

use crate::components::audience::filter_css;
use crate::components::canvas::Canvas;
use crate::components::details::DetailsPanel;
use crate::components::help::ShortcutSheet;
use crate::components::share::{provide_printer, PrintPicture};
use crate::components::toolbar::AppHeader;
use crate::interaction::keys;
use crate::io::take_flash;
use crate::pages::dialogs::ConflictNotice;
use crate::pages::problem::{BrokenEntry, Problem};
use crate::state::AppState;
use crate::storage::autosave::Autosave;
use crate::storage::library;

/// Opens the blueprint `id` from the library, or explains why it cannot be opened.
#[component]
pub fn EditorPage(
    /// The blueprint to open.
    id: BlueprintId,
) -> impl IntoView {
    let mut lib = library();
    match lib.open(&id) {
        Ok(opened) => {
            let _ = lib.set_last(&id);
            view! { <Editor opened=opened /> }.into_any()
        }
        Err(OpenError::NotFound) => view! {
            <Problem
                title="This blueprint is not in this browser".to_string()
                detail="Blueprints live in the browser they were made in. Ask for an exported JSON file or a read-only link, or open the library to see what is here."
                    .to_string()
            />
        }
        .into_any(),
        Err(OpenError::Broken(broken)) => view! { <BrokenEntry broken=broken /> }.into_any(),
        Err(OpenError::Store(err)) => view! {
            <Problem
                title="The browser's storage cannot be read".to_string()
                detail=err.to_string()
            />
        }
        .into_any(),
    }
}

/// The editor on an opened blueprint: header, canvas, details panel, with autosave.
#[component]
fn Editor(opened: Opened) -> impl IntoView {
    let Opened {
        blueprint,
        warnings,
        base,
        trashed,
    } = opened;
    let migrated = base.migrated_from;
    let app = AppState::new(blueprint);
    provide_context(app);
    crate::view_model::checks::provide_checks(app);
    Autosave::start(app, base);
    provide_printer(
        Signal::derive(move || app.doc(Clone::clone)),
        Signal::stored(Default::default()),
    );

    let mut notes = Vec::new();
    if let Some(flash) = take_flash() {
        notes.push(flash);
    }
    if let Some(v) = migrated {
        notes.push(format!(
            "Upgraded from schema version {v}; the original is kept until this version is saved"
        ));
    }
    if !warnings.is_empty() {
        notes.push(format!(
            "{} problem(s) were repaired: {}",
            warnings.len(),
            warnings.join("; ")
        ));
    }
    if trashed {
        notes.push("This blueprint is in the trash; restore it from the library to keep it".into());
    }
    if !notes.is_empty() {
        app.say(notes.join(". "));
    }

    keys::listen_on_window(app);

    let audience_css = move || {
        let filter = app.session.audience.get();
        app.doc(|d| filter_css(d, d, &filter))
    };
    view! {
        <div class="app filtered">
            <style>{audience_css}</style>
            <AppHeader />
            <ConflictNotice />
            <main class="app-main" id="main">
                <Canvas />
                <DetailsPanel />
            </main>
            <ShortcutSheet />
            <PrintPicture />
        </div>
    }
}
