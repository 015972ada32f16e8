//! What stands between the user and any loss: the import dialog (an import that would clash
//! with a stored blueprint or fails to load) and the notice of a conflict with another tab.

use leptos::prelude::*;

use crate::components::dialog::Dialog;
use crate::io::{sentence, use_importer, ImportState};
use crate::route::{self, Route};
use crate::storage::autosave::{use_autosave, Resolution, SaveStatus};

/// The import dialog: why an import failed, or what to do when its ID is stored already.
#[component]
pub fn ImportDialog() -> impl IntoView {
    let importer = use_importer();
    let state = importer.state;
    let close = move || state.set(None);
    let body = move || {
        state.get().map(|s| match s {
            ImportState::Failed { source, reason } => view! {
                <h2 id="import-title">"Nothing was imported"</h2>
                <p class="dialog__error">
                    {sentence(&format!("From {source}: {reason}"))}
                </p>
                <p>"Your blueprints are unchanged."</p>
                <div class="dialog__actions">
                    <button type="button" class="button" id="import-first" on:click=move |_| close()>
                        "Close"
                    </button>
                </div>
            }
            .into_any(),
            ImportState::Ask(incoming) => {
                let title = incoming.existing.display_title().to_string();
                let existing = incoming.existing.id.clone();
                let source = incoming.source.clone();
                let doc = incoming.blueprint.clone();
                let repairs = incoming.repairs.clone();
                view! {
                    <h2 id="import-title">"This blueprint is already here"</h2>
                    <p>
                        {format!(
                            "{} has the same ID as “{title}” in this browser. Importing never replaces a stored blueprint.",
                            incoming.source,
                        )}
                    </p>
                    <div class="dialog__actions">
                        <button
                            type="button"
                            class="button button--primary"
                            id="import-first"
                            on:click=move |_| importer.save_copy(&source, &doc, repairs.clone())
                        >
                            "Import as a copy"
                        </button>
                        <button
                            type="button"
                            class="button"
                            on:click=move |_| {
                                close();
                                route::go(&Route::Blueprint(existing.clone()));
                            }
                        >
                            "Open the stored one"
                        </button>
                        <button type="button" class="button" on:click=move |_| close()>
                            "Cancel"
                        </button>
                    </div>
                }
                .into_any()
            }
        })
    };
    view! {
        <Dialog
            open=Signal::derive(move || state.with(Option::is_some))
            alert=true
            labelled_by="import-title"
            initial_focus="import-first"
            on_close=Callback::new(move |()| close())
        >
            {body}
        </Dialog>
    }
}

/// Asks what to do when another tab saved this blueprint while this tab had unsaved changes
/// or text being typed. Not a modal dialog: it never takes focus, so typing goes on where it
/// was and no keystroke meant for a field can answer it; saving the blueprint is paused, while
/// this tab's version is kept in its conflict copy as the user goes on.
#[component]
pub fn ConflictNotice() -> impl IntoView {
    let Some(saver) = use_autosave() else {
        return ().into_any();
    };
    let open = move || saver.status.get() == SaveStatus::Conflict;
    view! {
        <Show when=open>
            <section class="conflict-notice" aria-labelledby="conflict-title">
                <h2 id="conflict-title">"Changed in another tab"</h2>
                <p id="conflict-detail" role="alert">
                    "This blueprint was saved from another tab or window while you were changing it here. Go on with what you are doing: your version is kept as a conflict copy in the library until you choose. Whichever you choose, both versions are kept."
                </p>
                <div class="dialog__actions">
                    <button
                        type="button"
                        class="button button--primary"
                        on:click=move |_| saver.resolve(Resolution::TakeTheirs)
                    >
                        "Show the other version (keep mine as a copy)"
                    </button>
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| saver.resolve(Resolution::KeepMine)
                    >
                        "Keep mine (keep the other as a copy)"
                    </button>
                </div>
            </section>
        </Show>
    }
    .into_any()
}
