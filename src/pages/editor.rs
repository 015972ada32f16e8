//! The editor view: one stored blueprint, opened through the library, or a new one that is
//! stored once it is changed; edited with autosave.

use leptos::prelude::*;
use stageline_core::fields::defaults::new_blueprint;
use stageline_core::library::{Base, OpenError, Opened};
use stageline_schema::{examples, load_str, Blueprint, BlueprintId};

use crate::collab::Live;
use crate::components::audience::filter_css;
use crate::components::canvas::Canvas;
use crate::components::details::DetailsPanel;
use crate::components::help::ShortcutSheet;
use crate::components::load_report::{repaired_count, LoadReport};
use crate::components::share::{provide_printer, PrintPicture};
use crate::components::toolbar::AppHeader;
use crate::interaction::keys;
use crate::io::{take_flash, take_repairs};
use crate::pages::dialogs::ConflictNotice;
use crate::pages::problem::{BrokenEntry, Problem};
use crate::state::ids::BrowserIds;
use crate::state::AppState;
use crate::storage::autosave::Autosave;
use crate::storage::versions::AutoVersions;
use crate::storage::{library, now};

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
            let Opened {
                blueprint,
                warnings,
                base,
                trashed,
            } = opened;
            let base = Some(base);
            view! { <Editor blueprint warnings base trashed /> }.into_any()
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

/// A new blueprint, blank or a copy of the template `template` (its file name without
/// `.json`), in the editor. Nothing is stored until the user changes it: merely opening the
/// app, or looking at a template, leaves no empty blueprint in the library.
#[component]
pub fn NewBlueprintPage(
    /// The template to start from; `None` for a blank blueprint.
    template: Option<String>,
) -> impl IntoView {
    let made = match &template {
        None => Ok(new_blueprint(&mut BrowserIds::new(), now())),
        Some(name) => examples::ALL
            .iter()
            .find(|ex| ex.file.strip_suffix(".json") == Some(name.as_str()))
            .ok_or_else(|| format!("There is no template named “{name}”."))
            .and_then(|ex| load_str(ex.json).map_err(|e| e.to_string()))
            .map(|loaded| {
                let mut doc = loaded.blueprint;
                doc.id = BlueprintId::generate(&mut BrowserIds::new());
                doc.metadata.created = Some(now());
                doc.metadata.modified = Some(now());
                doc
            }),
    };
    match made {
        Ok(blueprint) => view! {
            <Editor blueprint=blueprint warnings=Vec::new() base=None trashed=false />
        }
        .into_any(),
        Err(detail) => view! {
            <Problem title="This template is not in this version".to_string() detail=detail />
        }
        .into_any(),
    }
}

/// The editor on a blueprint: header, canvas, details panel, with autosave.
#[component]
fn Editor(
    /// The blueprint.
    blueprint: Blueprint,
    /// What the load path repaired, in words.
    warnings: Vec<String>,
    /// Its stored copy; `None` for a new blueprint, stored on its first change.
    base: Option<Base>,
    /// Whether it is in the trash.
    trashed: bool,
) -> impl IntoView {
    let migrated = base.as_ref().and_then(|b| b.migrated_from);
    let app = AppState::new(blueprint);
    provide_context(app);
    crate::view_model::checks::provide_checks(app);
    let saver = Autosave::start(app, base);
    saver.keep_versions_with(AutoVersions::start(app));
    let live = Live::start(app, Some(saver));
    provide_printer(
        Signal::derive(move || app.doc(Clone::clone)),
        Signal::stored(Default::default()),
        app.session.orchestration.into(),
    );

    let flash = take_flash();
    let mut notes = take_repairs();
    notes.extend(warnings);
    let repaired = notes.len();
    if live.lost_state {
        notes.push(crate::collab::LOST_STATE.into());
    }
    if let Some(v) = migrated {
        notes.push(format!(
            "It was made by an older version (schema version {v}) and has been upgraded; the original is kept until this version is saved."
        ));
    }
    if trashed {
        notes
            .push("This blueprint is in the trash; restore it from the library to keep it.".into());
    }
    let report = (!notes.is_empty()).then(|| {
        let opened = flash
            .clone()
            .unwrap_or_else(|| "Opened this blueprint".into());
        let summary = if repaired > 0 {
            format!("{opened}: {}", repaired_count(repaired))
        } else {
            opened
        };
        app.say(summary.clone());
        view! { <LoadReport summary notes /> }
    });
    if report.is_none() {
        if let Some(flash) = flash {
            app.say(flash);
        }
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
            {report}
            // The details panel is a landmark of its own (complementary), beside the main one.
            <div class="app-main">
                <main class="app-canvas" id="main">
                    <Canvas />
                </main>
                <DetailsPanel />
            </div>
            <ShortcutSheet />
            <PrintPicture />
        </div>
    }
}
