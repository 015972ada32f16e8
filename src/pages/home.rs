//! The home view: the library of blueprints stored in this browser, new blueprints (blank or
//! from a template), import, the trash, entries that cannot be opened, and storage use.

use leptos::prelude::*;
use stageline_core::library::{Broken, Entry, Listing};
use stageline_schema::{examples, load_str, BlueprintId};
use wasm_bindgen_futures::JsFuture;

use crate::io::{download, take_flash, use_importer};
use crate::route::{self, Route};
use crate::state::ids::BrowserIds;
use crate::storage::{human_size, library, local_time, now};

/// The address of a new blueprint from the template in `file` (`hotel-stay.json`).
fn template_route(file: &str) -> Route {
    Route::New(Some(file.strip_suffix(".json").unwrap_or(file).to_string()))
}

/// Opens a file in the read-only viewer without storing anything: the file goes through the
/// one load path and into a viewer link that never leaves this page.
fn view_file(file: web_sys::File, status: RwSignal<String>) {
    let name = file.name();
    leptos::task::spawn_local(async move {
        let shown = crate::io::read_file(file).await.and_then(|text| {
            load_str(&text)
                .map_err(|e| format!("{name} is not a blueprint this editor can open: {e}"))
        });
        match shown {
            Ok(loaded) => {
                let link =
                    stageline_core::share::ShareLink::new(loaded.blueprint, Default::default());
                let fragment = link.to_fragment();
                route::go(&Route::View(
                    fragment.trim_start_matches("#/view/").to_string(),
                ));
            }
            Err(e) => status.set(e),
        }
    });
}

fn counts(e: &Entry) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{} · {}",
        plural(e.stages, "stage", "stages"),
        plural(e.cards, "card", "cards")
    )
}

/// The library view.
#[component]
pub fn Home() -> impl IntoView {
    let listing = RwSignal::new(Listing::default());
    let problem = RwSignal::new(None::<String>);
    let status = RwSignal::new(take_flash().unwrap_or_default());
    let undo_trash = RwSignal::new(None::<BlueprintId>);
    let query = RwSignal::new(String::new());
    let usage = RwSignal::new(0usize);
    let history = RwSignal::new(0usize);
    let refresh = move || {
        let mut lib = library();
        match lib.list() {
            Ok(l) => {
                listing.set(l);
                problem.set(None);
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
        usage.set(lib.usage().unwrap_or(0));
        history.set(lib.history_usage().unwrap_or(0));
    };
    refresh();
    // Another tab saved, renamed or deleted something: show it.
    let storage = window_event_listener_untyped("storage", move |_| refresh());
    on_cleanup(move || storage.remove());

    let importer = use_importer();
    let shown = Memo::new(move |_| {
        let q = query.get();
        listing.with(|l| {
            l.active
                .iter()
                .filter(|e| e.matches(&q))
                .cloned()
                .collect::<Vec<_>>()
        })
    });

    view! {
        <div class="home">
            <header class="app-header">
                <h1 class="app-header__brand">
                    <img src="favicon.svg" alt="" width="24" height="24" />
                    "Stageline"
                </h1>
                <span class="app-header__title">"Your blueprints"</span>
                <span class="app-header__spacer"></span>
            </header>
            <main class="home__main" id="main">
                <p class="home__status" role="status" aria-live="polite">
                    {move || status.get()}
                    {move || {
                        undo_trash
                            .get()
                            .map(|id| {
                                view! {
                                    " "
                                    <button
                                        type="button"
                                        class="button button--small"
                                        on:click=move |_| {
                                            let _ = library().set_trashed(&id, None);
                                            undo_trash.set(None);
                                            status.set("Restored".into());
                                            refresh();
                                        }
                                    >
                                        "Undo"
                                    </button>
                                }
                            })
                    }}
                </p>
                {move || {
                    problem
                        .get()
                        .map(|p| {
                            view! {
                                <p class="home__error" role="alert">
                                    {format!("The library cannot be read: {p}")}
                                </p>
                            }
                        })
                }}

                <section class="home__section" aria-labelledby="new-title">
                    <h2 id="new-title">"Start a blueprint"</h2>
                    <Show when=move || {
                        listing.with(|l| l.active.is_empty() && l.trashed.is_empty())
                    }>
                        <p class="home__welcome">
                            "Map how a service is delivered: the customer's journey in stages, what happens front and back of house, and who hands over to whom. Start from a blank blueprint or a template, or open a file. Your work stays in this browser; nothing is kept until you change something."
                        </p>
                    </Show>
                    <div class="home__new">
                        <a class="template" href=Route::New(None).to_hash()>
                            <span class="template__title">"Blank blueprint"</span>
                            <span class="template__text">
                                "The five canonical lanes and three stages to fill in."
                            </span>
                        </a>
                        {examples::ALL
                            .iter()
                            .map(|ex| {
                                view! {
                                    <a class="template" href=template_route(ex.file).to_hash()>
                                        <span class="template__title">
                                            <span class="visually-hidden">"Template: "</span>
                                            {ex.title}
                                        </span>
                                        <span class="template__text">{ex.description}</span>
                                    </a>
                                }
                            })
                            .collect_view()}
                    </div>
                    <div class="home__import">
                        <label class="button">
                            "Open a file…"
                            <input
                                type="file"
                                class="visually-hidden"
                                accept=".json,application/json"
                                on:change=move |ev| {
                                    let input: web_sys::HtmlInputElement = event_target(&ev);
                                    importer.import_files(input.files());
                                    input.set_value("");
                                }
                            />
                        </label>
                        <span class="home__hint">
                            "or drop a .json file anywhere on this page, or paste its JSON (Ctrl+V)."
                        </span>
                        <label class="button">
                            "View a file read-only…"
                            <input
                                type="file"
                                class="visually-hidden"
                                accept=".json,application/json"
                                on:change=move |ev| {
                                    let input: web_sys::HtmlInputElement = event_target(&ev);
                                    if let Some(file) = input.files().and_then(|f| f.get(0)) {
                                        view_file(file, status);
                                    }
                                    input.set_value("");
                                }
                            />
                        </label>
                    </div>
                </section>

                <section class="home__section" aria-labelledby="library-title">
                    <div class="home__row">
                        <h2 id="library-title">"In this browser"</h2>
                        <input
                            type="search"
                            class="home__search"
                            placeholder="Search by title"
                            aria-label="Search blueprints"
                            prop:value=move || query.get()
                            on:input=move |ev| query.set(event_target_value(&ev))
                        />
                    </div>
                    <Show
                        when=move || !shown.with(Vec::is_empty)
                        fallback=move || {
                            view! {
                                <p class="home__empty">
                                    {move || {
                                        if listing.with(|l| l.active.is_empty()) {
                                            "No blueprints yet: start one above or open a file."
                                        } else {
                                            "No blueprint matches this search."
                                        }
                                    }}
                                </p>
                            }
                        }
                    >
                        <ul class="library" aria-label="Blueprints">
                            <For
                                each=move || shown.get()
                                key=|e| (e.id.clone(), e.stamp.clone())
                                let:entry
                            >
                                <LibraryItem
                                    entry=entry
                                    on_change=refresh
                                    status=status
                                    undo_trash=undo_trash
                                />
                            </For>
                        </ul>
                    </Show>
                </section>

                <Show when=move || listing.with(|l| !l.broken.is_empty())>
                    <section
                        class="home__section home__section--problem"
                        aria-labelledby="broken-title"
                    >
                        <h2 id="broken-title">"Blueprints that cannot be opened"</h2>
                        <p>
                            "These are kept exactly as stored; nothing overwrites them. Download one to repair it, or delete it."
                        </p>
                        <ul class="library">
                            <For
                                each=move || listing.with(|l| l.broken.clone())
                                key=|b| b.key.clone()
                                let:broken
                            >
                                <BrokenItem broken=broken on_change=refresh />
                            </For>
                        </ul>
                    </section>
                </Show>

                <Show when=move || listing.with(|l| !l.trashed.is_empty())>
                    <section class="home__section" aria-labelledby="trash-title">
                        <details class="trash">
                            <summary>
                                <h2 id="trash-title">
                                    {move || {
                                        format!("Trash ({})", listing.with(|l| l.trashed.len()))
                                    }}
                                </h2>
                            </summary>
                            <ul class="library">
                                <For
                                    each=move || listing.with(|l| l.trashed.clone())
                                    key=|e| e.id.clone()
                                    let:entry
                                >
                                    <TrashItem entry=entry on_change=refresh />
                                </For>
                            </ul>
                        </details>
                    </section>
                </Show>

                <StorageSection usage=usage history=history />
            </main>
        </div>
    }
}

/// One blueprint in the library: open, rename, duplicate, delete.
#[component]
fn LibraryItem(
    entry: Entry,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
    status: RwSignal<String>,
    undo_trash: RwSignal<Option<BlueprintId>>,
) -> impl IntoView {
    let renaming = RwSignal::new(false);
    let title = entry.display_title().to_string();
    let id = entry.id.clone();
    let href = Route::Blueprint(entry.id.clone()).to_hash();
    let meta = format!(
        "{}{}",
        counts(&entry),
        entry
            .modified
            .map(|t| format!(" · changed {}", local_time(t)))
            .unwrap_or_default()
    );
    let rename = {
        let (id, old) = (id.clone(), title.clone());
        move |value: String| {
            renaming.set(false);
            if value.trim().is_empty() || value.trim() == old {
                return;
            }
            match library().rename(&id, &value, now()) {
                Ok(_) => status.set(format!("Renamed to “{}”", value.trim())),
                Err(e) => status.set(format!("Could not rename it: {e}")),
            }
            on_change();
        }
    };
    let duplicate = {
        let id = id.clone();
        move |_| {
            match library().duplicate(&id, &mut BrowserIds::new(), now()) {
                Ok(copy) => status.set(format!("Made “{}”", copy.title)),
                Err(e) => status.set(format!("Could not duplicate it: {e}")),
            }
            on_change();
        }
    };
    let trash = {
        let (id, title) = (id.clone(), title.clone());
        move |_| {
            match library().set_trashed(&id, Some(now())) {
                Ok(()) => {
                    status.set(format!("Moved “{title}” to the trash."));
                    undo_trash.set(Some(id.clone()));
                }
                Err(e) => status.set(format!("Could not delete it: {e}")),
            }
            on_change();
        }
    };
    let t1 = title.clone();
    let t2 = title.clone();
    let t3 = title.clone();
    let t4 = title.clone();
    view! {
        <li class="library__item">
            <Show
                when=move || renaming.get()
                fallback=move || {
                    view! {
                        <a class="library__open" href=href.clone()>
                            {t1.clone()}
                        </a>
                    }
                }
            >
                <input
                    class="library__rename"
                    aria-label=format!("New title for {t2}")
                    value=t2.clone()
                    autofocus
                    on:keydown={
                        let rename = rename.clone();
                        move |ev| match ev.key().as_str() {
                            "Enter" => rename(event_target_value(&ev)),
                            "Escape" => renaming.set(false),
                            _ => {}
                        }
                    }
                    on:blur={
                        let rename = rename.clone();
                        move |ev| {
                            if renaming.get_untracked() {
                                rename(event_target_value(&ev))
                            }
                        }
                    }
                />
            </Show>
            <span class="library__meta">{meta}</span>
            <span class="library__actions">
                <button
                    type="button"
                    class="button button--small"
                    aria-label=format!("Rename {t3}")
                    on:click=move |_| renaming.set(true)
                >
                    "Rename"
                </button>
                <button
                    type="button"
                    class="button button--small"
                    aria-label=format!("Duplicate {t4}")
                    on:click=duplicate
                >
                    "Duplicate"
                </button>
                <button
                    type="button"
                    class="button button--small"
                    aria-label=format!("Delete {title}")
                    on:click=trash
                >
                    "Delete"
                </button>
            </span>
        </li>
    }
}

/// A two-step "delete forever" button: the first press asks, the second deletes.
#[component]
fn DeleteForever(
    /// What is deleted, for the accessible name.
    what: String,
    /// Deletes it.
    on_delete: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let armed = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="button button--small button--danger"
            aria-label=move || {
                if armed.get() {
                    format!("Confirm: delete {what} forever")
                } else {
                    format!("Delete {what} forever")
                }
            }
            on:click=move |_| if armed.get_untracked() { on_delete() } else { armed.set(true) }
            on:blur=move |_| armed.set(false)
        >
            {move || if armed.get() { "Press again to delete forever" } else { "Delete forever" }}
        </button>
    }
}

/// One blueprint in the trash: restore or delete for good.
#[component]
fn TrashItem(entry: Entry, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let title = entry.display_title().to_string();
    let id = entry.id.clone();
    let id2 = entry.id.clone();
    view! {
        <li class="library__item">
            <span class="library__open">{title.clone()}</span>
            <span class="library__meta">{counts(&entry)}</span>
            <span class="library__actions">
                <button
                    type="button"
                    class="button button--small"
                    aria-label=format!("Restore {title}")
                    on:click=move |_| {
                        let _ = library().set_trashed(&id, None);
                        on_change();
                    }
                >
                    "Restore"
                </button>
                <DeleteForever
                    what=title.clone()
                    on_delete=move || {
                        let _ = library().purge(&id2);
                        on_change();
                    }
                />
            </span>
        </li>
    }
}

/// A stored entry that cannot be opened: why, download, delete.
#[component]
fn BrokenItem(
    broken: Broken,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let key = broken.key.clone();
    let key2 = broken.key.clone();
    let name = broken.name.clone();
    view! {
        <li class="library__item library__item--broken">
            <span class="library__open">{broken.name.clone()}</span>
            <span class="library__meta">
                {format!("{} · {}", human_size(broken.size), broken.reason)}
            </span>
            <span class="library__actions">
                <button
                    type="button"
                    class="button button--small"
                    aria-label=format!("Download {name}")
                    on:click=move |_| {
                        if let Ok(Some(text)) = library().raw(&key) {
                            let _ = download(
                                "unreadable-blueprint.json",
                                &text,
                                "application/json",
                            );
                        }
                    }
                >
                    "Download"
                </button>
                <DeleteForever
                    what=broken.name.clone()
                    on_delete=move || {
                        let _ = library().purge_key(&key2);
                        on_change();
                    }
                />
            </span>
        </li>
    }
}

/// How much storage the library uses, and the opt-in to persistent storage.
#[component]
fn StorageSection(
    /// All of Stageline's storage, in UTF-16 code units.
    usage: RwSignal<usize>,
    /// What the version histories take of it.
    history: RwSignal<usize>,
) -> impl IntoView {
    let persisted = RwSignal::new(None::<bool>);
    let message = RwSignal::new(String::new());
    let manager = window().navigator().storage();
    if let Ok(promise) = manager.persisted() {
        leptos::task::spawn_local(async move {
            if let Ok(v) = JsFuture::from(promise).await {
                persisted.set(v.as_bool());
            }
        });
    }
    let ask = move |_| {
        let Ok(promise) = window().navigator().storage().persist() else {
            message.set("This browser cannot keep storage persistent.".into());
            return;
        };
        leptos::task::spawn_local(async move {
            let granted = JsFuture::from(promise)
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            persisted.set(Some(granted));
            message.set(if granted {
                "The browser will keep your blueprints unless you clear them yourself.".into()
            } else {
                "The browser declined for now (it decides from how you use the site). Download backups of important blueprints.".into()
            });
        });
    };
    view! {
        <section class="home__section" aria-labelledby="storage-title">
            <h2 id="storage-title">"Storage"</h2>
            <p>
                {move || {
                    format!(
                        "Stageline uses {} of this browser's local storage (browsers allow about 5 MB per site), of which version histories take {} (at most {}; the oldest automatic versions make room first).",
                        human_size(usage.get()),
                        human_size(history.get()),
                        human_size(stageline_core::library::HISTORY_BUDGET_UNITS),
                    )
                }}
            </p>
            <p>
                {move || match persisted.get() {
                    Some(true) => {
                        view! {
                            <span>
                                "Persistent storage is on: the browser will not clear your blueprints to free space."
                            </span>
                        }
                            .into_any()
                    }
                    _ => {
                        view! {
                            <button type="button" class="button" on:click=ask>
                                "Keep my blueprints: ask the browser not to clear them"
                            </button>
                        }
                            .into_any()
                    }
                }}
            </p>
            <p role="status">{move || message.get()}</p>
        </section>
    }
}
