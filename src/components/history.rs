//! The version history dialog of the editor: name the blueprint as it is now, list its named
//! and automatic versions, compare any two of them (or one with another blueprint), preview
//! one, restore one (one undoable step; newer versions stay) or copy one as a new blueprint,
//! delete the ones no longer wanted, and see what the history takes of the storage. Damaged
//! versions are listed with the reason and kept aside. The history itself is the core's
//! (`stageline_core::library::versions`).

use leptos::prelude::*;
use stageline_core::actions::Action;
use stageline_core::library::{Trigger, VersionList, VersionMeta, HISTORY_BUDGET_UNITS};
use stageline_schema::{Blueprint, BlueprintId};

use crate::actions::perform;
use crate::components::dialog::Dialog;
use crate::lazy::{LazyPart, Part};
use crate::route::{self, compare_route, Route, Side};
use crate::state::ids::BrowserIds;
use crate::state::use_app;
use crate::storage::versions::use_versions;
use crate::storage::{human_size, library, local_time, now};

/// The history dialog, loaded the first time it opens ([`crate::lazy`]).
#[component]
pub fn HistoryDialog(
    /// Whether the dialog is open.
    open: RwSignal<bool>,
) -> impl IntoView {
    view! { <LazyPart what="The version history" load=move || history_dialog(open) when=open /> }
}

/// The dialog, in a chunk of its own.
#[leptos::wasm_split::wasm_split(history, fallible, wasm_split_path = ::leptos::wasm_split)]
fn history_dialog(open: RwSignal<bool>) -> Part {
    Ok(view! {
        <Dialog
            open=open
            on_close=move || open.set(false)
            labelled_by="history-title"
            initial_focus="history-name"
            class="dialog--wide"
        >
            <HistoryContent open=open />
        </Dialog>
    }
    .into_any())
}

/// How a version is named in lists: its name, or why it was taken; and when.
fn version_name(v: &VersionMeta) -> String {
    match &v.name {
        Some(name) => name.clone(),
        None => v.trigger.label().to_string(),
    }
}

/// The other blueprints of the library, to compare with (ID and title).
fn other_blueprints(me: &BlueprintId) -> Vec<(BlueprintId, String)> {
    library()
        .list()
        .map(|l| {
            l.active
                .into_iter()
                .filter(|e| &e.id != me)
                .map(|e| (e.id.clone(), e.display_title().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// The dialog's content while it is open (read afresh at each opening).
#[component]
fn HistoryContent(open: RwSignal<bool>) -> impl IntoView {
    let app = use_app();
    let versions = use_versions();
    let id = app.doc_now(|d| d.id.clone());
    let status = RwSignal::new(String::new());
    let list = RwSignal::new(VersionList::default());
    let stored = library().contains(&id).unwrap_or(false);
    let refresh = {
        let id = id.clone();
        move || match library().versions(&id) {
            Ok(l) => list.set(l),
            Err(e) => status.set(format!("The history cannot be read: {e}")),
        }
    };
    refresh();
    let name = RwSignal::new(String::new());
    let name_now = {
        let refresh = refresh.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let doc = app.doc_now(Clone::clone);
            let wanted = name.get_untracked();
            match library().name_version(&doc, &wanted, now()) {
                Ok(v) => {
                    status.set(format!("Saved the version “{}”", version_name(&v)));
                    name.set(String::new());
                    refresh();
                }
                Err(e) => status.set(format!("Could not name this version: {e}")),
            }
        }
    };
    let side = |bp: &BlueprintId, v: Option<&VersionMeta>| Side {
        blueprint: bp.clone(),
        version: v.map(|v| v.id.clone()),
    };
    // The two sides of "Compare": indices into the choices (0 is "now").
    let others = other_blueprints(&id);
    let from = RwSignal::new(String::from("v:0"));
    let to = RwSignal::new(String::from("now"));
    let choice_side = {
        let id = id.clone();
        let others = others.clone();
        move |choice: &str| -> Option<Side> {
            if choice == "now" {
                return Some(side(&id, None));
            }
            if let Some(i) = choice.strip_prefix("v:") {
                let i: usize = i.parse().ok()?;
                return list.with_untracked(|l| l.versions.get(i).map(|v| side(&id, Some(v))));
            }
            let i: usize = choice.strip_prefix("b:")?.parse().ok()?;
            others.get(i).map(|(bp, _)| side(bp, None))
        }
    };
    let compare_chosen = move |_| {
        let (a, b) = (from.get_untracked(), to.get_untracked());
        match (choice_side(&a), choice_side(&b)) {
            (Some(a), Some(b)) => {
                open.set(false);
                let to = compare_route(&a, &b);
                request_animation_frame(move || route::go(&to));
            }
            _ => status.set("Choose two versions to compare".into()),
        }
    };
    let choices = move || {
        let versions = list.with(|l| {
            l.versions
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    view! {
                        <option value=format!("v:{i}")>
                            {format!("{} · {}", version_name(v), local_time(v.at))}
                        </option>
                    }
                })
                .collect_view()
        });
        let others = {
            view! {
                <optgroup label="Other blueprints, as they are now">
                    {others
                        .iter()
                        .enumerate()
                        .map(|(i, (_, title))| {
                            view! { <option value=format!("b:{i}")>{title.clone()}</option> }
                        })
                        .collect_view()}
                </optgroup>
            }
        };
        view! {
            <option value="now">"Now"</option>
            {versions}
            {others}
        }
    };

    let restore = {
        let id = id.clone();
        let refresh = refresh.clone();
        move |v: VersionMeta| {
            let mut lib = library();
            let doc: Blueprint = match lib.version(&id, &v.id) {
                Ok(doc) => doc,
                Err(e) => {
                    status.set(format!("Could not restore it: {e}"));
                    refresh();
                    return;
                }
            };
            // What is there now is kept as a version first, so nothing is lost either way.
            if let Some(versions) = versions {
                if let Err(e) = versions.take_now(Trigger::BeforeRestore) {
                    status.set(format!(
                        "Not restored: the blueprint as it is now could not be kept as a version first ({e})"
                    ));
                    return;
                }
            }
            perform(
                &app,
                Action::RestoreVersion {
                    doc: Box::new(doc),
                    name: version_name(&v),
                },
            );
            open.set(false);
        }
    };
    let copy_as_new = {
        let id = id.clone();
        move |v: VersionMeta| {
            let result = library().copy_version_as_new(&id, &v.id, &mut BrowserIds::new(), now());
            match result {
                Ok((copy, _)) => {
                    open.set(false);
                    let to = Route::Blueprint(copy.id);
                    request_animation_frame(move || route::go(&to));
                }
                Err(e) => status.set(format!("Could not copy it: {e}")),
            }
        }
    };
    let delete = {
        let id = id.clone();
        let refresh = refresh.clone();
        move |v: VersionMeta| match library().delete_version(&id, &v.id) {
            Ok(()) => {
                status.set(format!("Deleted the version “{}”", version_name(&v)));
                refresh();
            }
            Err(e) => status.set(format!("Could not delete it: {e}")),
        }
    };

    // A link out of the dialog closes it first, then goes: the page it leaves is not torn
    // down around an open dialog. (A click with a modifier opens a new tab as usual.)
    let leave = move |hash: String| {
        move |ev: leptos::ev::MouseEvent| {
            if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
                return;
            }
            ev.prevent_default();
            open.set(false);
            let hash = hash.clone();
            request_animation_frame(move || route::go_hash(&hash));
        }
    };
    let rows = {
        let id = id.clone();
        move || {
            list.with(|l| {
                l.versions
                    .iter()
                    .map(|v| {
                        let v = v.clone();
                        let when = local_time(v.at);
                        let label = version_name(&v);
                        let this = side(&id, Some(&v));
                        let compare = compare_route(&this, &side(&id, None)).to_hash();
                        let preview =
                            compare_route(&side(&id, Some(&v)), &side(&id, Some(&v))).to_hash();
                        let (r, c, d) = (v.clone(), v.clone(), v.clone());
                        let (restore, copy_as_new, delete) =
                            (restore.clone(), copy_as_new.clone(), delete.clone());
                        let what = format!("{label}, {when}");
                        view! {
                            <li
                                class="history__version"
                                class:history__version--named=v.name.is_some()
                            >
                                <div class="history__what">
                                    <span class="history__name">{label.clone()}</span>
                                    <span class="history__when">{when.clone()}</span>
                                    <span class="history__size">
                                        {format!(
                                            "{} {} · {}",
                                            v.cards,
                                            if v.cards == 1 { "card" } else { "cards" },
                                            human_size(v.stored_units),
                                        )}
                                    </span>
                                </div>
                                <div class="history__actions" role="group" aria-label=what.clone()>
                                    <a
                                        class="button button--small"
                                        href=preview.clone()
                                        on:click=leave(preview.clone())
                                    >
                                        "Preview"
                                    </a>
                                    <a
                                        class="button button--small"
                                        href=compare.clone()
                                        on:click=leave(compare.clone())
                                    >
                                        "Compare with now"
                                    </a>
                                    <button
                                        type="button"
                                        class="button button--small"
                                        on:click=move |_| restore(r.clone())
                                    >
                                        "Restore"
                                    </button>
                                    <button
                                        type="button"
                                        class="button button--small"
                                        on:click=move |_| copy_as_new(c.clone())
                                    >
                                        "Copy as new blueprint"
                                    </button>
                                    <button
                                        type="button"
                                        class="button button--small button--danger"
                                        on:click=move |_| delete(d.clone())
                                    >
                                        "Delete"
                                    </button>
                                </div>
                            </li>
                        }
                    })
                    .collect_view()
            })
        }
    };
    let broken = move || {
        list.with(|l| {
            (!l.broken.is_empty()).then(|| {
                let items = l
                    .broken
                    .iter()
                    .map(|b| view! { <li>{format!("Version {}: {}", b.id, b.reason)}</li> })
                    .collect_view();
                view! {
                    <h3>"Versions that cannot be read"</h3>
                    <p>"They are kept aside, untouched; the blueprint and its other versions are not affected."</p>
                    <ul class="history__broken">{items}</ul>
                }
            })
        })
    };
    let usage = move || {
        list.with(|l| {
            format!(
                "The history of this blueprint takes {} of the browser's storage; all histories together may take up to {}, and when they need more the oldest automatic versions go first. Named versions are only deleted by you.",
                human_size(l.used_units),
                human_size(HISTORY_BUDGET_UNITS),
            )
        })
    };
    let empty = move || list.with(|l| l.versions.is_empty());

    view! {
        <h2 id="history-title">"Version history"</h2>
        <p class="history__hint">
            "Versions are kept in this browser: when you open the blueprint, after a pause in editing and before anything replaces it. Name a version to keep it for good."
        </p>
        {(!stored)
            .then(|| {
                view! {
                    <p class="history__hint" role="note">
                        "This blueprint is not stored yet: its history starts with its first change."
                    </p>
                }
            })}
        <form class="history__name-form" on:submit=name_now>
            <label for="history-name">"Name the blueprint as it is now"</label>
            <input
                id="history-name"
                type="text"
                maxlength="120"
                placeholder="As is, 12 May workshop"
                prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <button type="submit" class="button button--primary" disabled=!stored>
                "Save version"
            </button>
        </form>
        <p role="status" class="history__status">
            {move || status.get()}
        </p>
        <h3>"Compare"</h3>
        <div class="history__compare">
            <label>
                "From "
                <select
                    on:change=move |ev| from.set(event_target_value(&ev))
                    prop:value=move || from.get()
                >
                    {
                        let choices = choices.clone();
                        move || choices()
                    }
                </select>
            </label>
            <label>
                " to "
                <select
                    on:change=move |ev| to.set(event_target_value(&ev))
                    prop:value=move || to.get()
                >
                    {move || choices()}
                </select>
            </label>
            <button type="button" class="button" on:click=compare_chosen>
                "Compare"
            </button>
        </div>
        <h3>"Versions"</h3>
        <Show
            when=move || !empty()
            fallback=|| view! { <p>"No versions yet."</p> }
        >
            <ol class="history__list">{rows.clone()}</ol>
        </Show>
        {broken}
        <p class="history__usage">{usage}</p>
        <div class="dialog__actions">
            <button type="button" class="button" on:click=move |_| open.set(false)>
                "Close"
            </button>
        </div>
    }
}
